"""danvan's Datasette additions: the plugin (hooks/), its templates and static files, and how to start Datasette with them."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PLUGINS_DIR = PACKAGE_DIR / "hooks"
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"
METADATA_FILE = PACKAGE_DIR.parent / "metadata.yaml"
