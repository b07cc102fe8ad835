"""Shared fixtures: paths of the repository and of ../shared (absent in a user's clone)."""

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
MIRROR = REPO / "data" / "mirror"
GOLD = REPO / "data" / "gold"


@pytest.fixture
def shared_dir() -> Path:
    if not (SHARED / "DESIGN.md").is_file():
        pytest.skip("../shared/ is absent (it exists beside the repository only in development and CI)")
    return SHARED
