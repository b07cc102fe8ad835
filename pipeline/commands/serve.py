"""The `danvan serve` command: browse the dataset in Datasette, read-only, with danvan's metadata and plugin."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from pipeline.commands import add_data_dir, run_hint
from scrapers.errors import DatabaseError, InputError

HELP = "browse the dataset in Datasette (read-only, http://127.0.0.1:8001)"
DESCRIPTION = """\
Serve DIR/danvan.db with Datasette, read-only, with danvan's metadata (descriptions, facets, canned
queries), diacritics-free search, highlighted evidence on article pages and charts (/-/danvan/charts).
What is served is a consistent copy, DIR/published/danvan.db, opened immutable, with an inspect file
(DIR/published/inspect-data.json) so that table counts come at once; both are refreshed when the
database has changed, so a build can run while the dataset is served (restart serve to see it).
Build the database first with `make demo` or `danvan build`."""

DEFAULT_PORT = 8001


def add_arguments(parser):
    add_data_dir(parser)
    parser.add_argument("--port", type=int, metavar="N", help=f"port to listen on (default: {DEFAULT_PORT})")
    parser.add_argument("--host", default="127.0.0.1", metavar="HOST",
                        help="address to listen on (default: 127.0.0.1, this machine only)")


PUBLISHED_DIR = "published"


def published_path(db_path: Path) -> Path:
    """Where the served copy of *db_path* goes (same file name, so Datasette still calls it `danvan`).

    DIR/published/ when DIR can be written; else (a read-only data directory, another user's) a directory
    of the user's cache named after DIR, or of the temporary directory when there is no cache to write.
    """
    beside = db_path.parent / PUBLISHED_DIR
    if _writable(beside if beside.is_dir() else db_path.parent):
        return beside / db_path.name
    import hashlib
    import tempfile

    tag = hashlib.sha256(str(db_path.resolve()).encode()).hexdigest()[:12]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    for root in (cache / "danvan", Path(tempfile.gettempdir()) / f"danvan-{os.getuid()}"):
        try:
            (root / tag).mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if _writable(root / tag):
            return root / tag / db_path.name
    raise InputError(f"{db_path.parent} cannot be written and neither can a cache or temporary directory: "
                     "nowhere to put the copy to serve")


def _writable(directory: Path) -> bool:
    """Whether this process can create files in *directory* (checked by the system, not guessed from modes)."""
    return os.access(directory, os.W_OK | os.X_OK)


def inspect_path(db_path: Path) -> Path:
    return db_path.parent / "inspect-data.json"


def check_database(db_path: Path) -> None:
    """Raise DatabaseError with what to do when *db_path* is not a danvan database."""
    if not db_path.is_file():
        raise DatabaseError(f"no database at {db_path} yet: build it with {run_hint('demo', db_path.parent, target='demo')} "
                            f"(the embedded mirrors) or {run_hint('build', db_path.parent, target='build')} "
                            f"(from {db_path.parent / 'raw'})")
    import sqlite3
    from contextlib import closing

    from pipeline.db import check_integrity, connect_read_only

    try:
        with closing(connect_read_only(db_path)) as conn:
            found = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{db_path} is not a SQLite database ({exc}); rebuild it from the archive with "
                            f"{run_hint('build', db_path.parent, '--rebuild')}") from exc
    if not found:
        raise DatabaseError(f"{db_path} has no articles table; build it with "
                            f"{run_hint('build', db_path.parent, target='build')}")
    check_integrity(db_path)


def ensure_inspect_file(db_path: Path) -> Path:
    """Write the Datasette inspect file (hash and table counts) when missing or older than the database."""
    target = inspect_path(db_path)
    if target.exists() and target.stat().st_mtime >= db_path.stat().st_mtime:
        return target
    result = subprocess.run(
        [sys.executable, "-m", "datasette", "inspect", str(db_path), "--inspect-file", str(target)],
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise DatabaseError(f"datasette inspect failed on {db_path}: {result.stderr.strip()}")
    return target


def datasette_arguments(db_path: Path, inspect_file: Path | None, host: str, port: int) -> list[str]:
    """The `datasette serve` arguments danvan uses (immutable database, metadata, plugin, templates)."""
    from pipeline.datasette_plugins import METADATA_FILE, PLUGINS_DIR, TEMPLATES_DIR

    arguments = [
        "serve", "-i", str(db_path),
        "--metadata", str(METADATA_FILE),
        "--plugins-dir", str(PLUGINS_DIR),
        "--template-dir", str(TEMPLATES_DIR),
        "--host", host, "--port", str(port),
        "--setting", "sql_time_limit_ms", "5000",
        "--setting", "default_page_size", "50",
    ]
    if inspect_file is not None:
        arguments += ["--inspect-file", str(inspect_file)]
    return arguments


def check_port_free(host: str, port: int) -> None:
    """InputError, in one line, when *host*:*port* cannot be listened on (in use, not an address here)."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        raise InputError(f"cannot serve at {host}:{port}: {exc.strerror or exc}; choose another --port") from None


def run(options) -> int:
    from pipeline.db import publish_snapshot, quick_check, remove_database_files

    port = options.port or DEFAULT_PORT
    if not 1 <= port <= 65535:
        raise InputError(f"--port must be 1..65535, not {port}")
    check_database(options.db_path)
    check_port_free(options.host, port)
    served = publish_snapshot(options.db_path, published_path(options.db_path))
    if quick_check(served):   # a damaged copy (the source is sound): copy it again
        remove_database_files(served)
        served = publish_snapshot(options.db_path, served)
    inspect_file = ensure_inspect_file(served)
    print(f"danvan serve: {options.db_path} (copy: {served}) at http://{options.host}:{port}/ (Ctrl-C to stop)",
          file=sys.stderr)
    command = [sys.executable, "-m", "datasette", *datasette_arguments(served, inspect_file, options.host, port)]
    sys.stderr.flush()
    os.execv(sys.executable, command)  # this process becomes Datasette: Ctrl-C or a signal stops it, no orphan
