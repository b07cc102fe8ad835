"""A damaged database is named by build, serve and nightly with what to run; serve works from a read-only data directory."""

import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import closing
from pathlib import Path

import pytest

from local_site import free_port
from pipeline.db import check_integrity, connect_read_only, quick_check
from scrapers.errors import DamagedDatabase
from scrapers.mirror import serve_mirror
from tests.conftest import REPO

HINT = "danvan build --rebuild --data-dir"


def run_cli(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=REPO,
                          timeout=120, **kwargs)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A data directory crawled from the embedded mirror and built (archive and database)."""
    data_dir = tmp_path_factory.mktemp("integrity") / "data"
    with serve_mirror() as mirror:
        crawl = run_cli("crawl", "--data-dir", str(data_dir), "--base-url", mirror.base_url, "--delay", "0", "--quiet")
    assert crawl.returncode == 0, crawl.stderr
    build = run_cli("build", "--data-dir", str(data_dir), "--quiet")
    assert build.returncode == 0, build.stderr
    return data_dir


@pytest.fixture
def data_dir(built, tmp_path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(built, copy)
    return copy


def damage_a_table_page(db_path: Path, table: str = "counts") -> int:
    """Overwrite the cell pointers of one leaf page of *table* (inside the file, far from its header); its page number."""
    with closing(sqlite3.connect(db_path)) as conn:
        try:
            pages = [p for (p,) in conn.execute("select pageno from dbstat where name = ? and pagetype = 'leaf' "
                                                "order by pageno", [table])]
        except sqlite3.OperationalError:
            pytest.skip("this SQLite has no dbstat table to find a table's pages")
        page_size = conn.execute("pragma page_size").fetchone()[0]
        conn.execute("pragma wal_checkpoint(TRUNCATE)")
    page = pages[len(pages) // 2]
    assert page > 1
    with open(db_path, "r+b") as f:
        f.seek((page - 1) * page_size + 8)   # just past the b-tree page header: the cell pointer array
        f.write(b"\xff" * 64)
    return page


def test_a_sound_database_passes_and_a_damaged_one_is_named(data_dir):
    db = data_dir / "danvan.db"
    assert quick_check(db) is None
    check_integrity(db)
    check_integrity(data_dir / "absent.db")   # nothing to check yet: no error
    page = damage_a_table_page(db)
    damage = quick_check(db)
    assert damage and "\n" not in damage   # one line
    # SQLite, from one run to the next on the same file, either lists the problems or stops at the damage
    # ("database disk image is malformed"); danvan's line is then that message, or the first problem named.
    assert damage == "database disk image is malformed" or damage.startswith("On tree page ")
    try:
        with closing(connect_read_only(db)) as conn:   # opened as quick_check opens it
            report = [line for (row,) in conn.execute("PRAGMA quick_check") for line in row.splitlines()]
    except sqlite3.DatabaseError as exc:
        assert str(exc) == "database disk image is malformed"
    else:
        assert any(f"page {page}" in line for line in report)   # when it lists them, the damaged page is there
    with pytest.raises(DamagedDatabase, match="rebuild it from the archive"):
        check_integrity(db)


def test_a_file_that_is_no_database_is_damaged(tmp_path):
    db = tmp_path / "danvan.db"
    db.write_bytes(b"these bytes are not a database" * 200)
    assert quick_check(db)
    with pytest.raises(DamagedDatabase):
        check_integrity(db)


def one_line_with_hint(result, command: str, data_dir: Path) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"danvan {command}: the database {data_dir / 'danvan.db'} is damaged"), lines[0]
    assert f"{HINT} {data_dir}`" in lines[0]   # `.venv/bin/danvan build …`, the data directory named


def test_build_names_the_damage_and_rebuild_repairs_it(data_dir):
    damage_a_table_page(data_dir / "danvan.db")
    result = run_cli("build", "--data-dir", str(data_dir))
    one_line_with_hint(result, "build", data_dir)
    repaired = run_cli("build", "--rebuild", "--data-dir", str(data_dir), "--quiet")
    assert repaired.returncode == 0, repaired.stderr
    assert quick_check(data_dir / "danvan.db") is None


def test_serve_names_the_damage_and_does_not_start(data_dir):
    damage_a_table_page(data_dir / "danvan.db")
    result = run_cli("serve", "--data-dir", str(data_dir), "--port", str(free_port()))
    one_line_with_hint(result, "serve", data_dir)
    assert not (data_dir / "published").exists()


def test_nightly_names_the_damage_once_and_fetches_nothing(data_dir):
    damage_a_table_page(data_dir / "danvan.db")
    fetch_log = (data_dir / "raw" / "fetches.jsonl").read_bytes()
    result = run_cli("nightly", "--data-dir", str(data_dir), "--base-url", "http://127.0.0.1:9", "--delay", "0")
    one_line_with_hint(result, "nightly", data_dir)
    assert result.returncode == 1
    assert (data_dir / "raw" / "fetches.jsonl").read_bytes() == fetch_log
    assert "refused to start" in (data_dir / "logs" / "nightly.log").read_text(encoding="utf-8")


# ---------------------------------------------------------------- serve from a read-only data directory

def wait_for_json(port: int, path: str, process: subprocess.Popen):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve stopped: {process.stderr.read()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
                return json.loads(response.read())
        except OSError:
            time.sleep(0.2)
    raise AssertionError("serve did not answer")


def test_serve_from_a_data_directory_it_cannot_write(data_dir, tmp_path):
    """The directory is made unwritable for real: as root (whom modes do not stop) by a read-only bind mount in a
    mount namespace of the server's own, else by its mode; the server's shell first proves a write fails there."""
    port, cache = free_port(), tmp_path / "cache"
    serve = [sys.executable, "-m", "pipeline", "serve", "--data-dir", str(data_dir), "--port", str(port)]
    where = shlex.quote(str(data_dir))
    probe = f"if touch {where}/probe 2>/dev/null; then echo 'the directory is writable' >&2; exit 97; fi"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(REPO)}
    if os.geteuid() == 0:
        if not shutil.which("unshare") or subprocess.run(
                ["unshare", "-m", "true"], capture_output=True).returncode != 0:
            pytest.skip("running as root, where modes do not stop writes, and no mount namespace to mount read-only")
        script = (f"mount --bind {where} {where} && mount -o remount,ro,bind {where} && {probe} "
                  f"&& exec {shlex.join(serve)}")
        command = ["unshare", "-m", "sh", "-c", script]
    else:
        data_dir.chmod(0o555)
        command = ["sh", "-c", f"{probe} && exec {shlex.join(serve)}"]
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
    try:
        rows = wait_for_json(port, "/danvan.json?sql=select+count(*)+as+n+from+articles&_shape=array", process)
        assert rows == [{"n": 30}]
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stderr.close()
        data_dir.chmod(0o755)
    assert not (data_dir / "published").exists()            # nothing was written beside the database
    copies = list(cache.glob("danvan/*/danvan.db"))         # the served copy went to the user's cache
    assert len(copies) == 1 and quick_check(copies[0]) is None


def test_serve_copies_again_over_a_damaged_published_copy(data_dir):
    from pipeline.commands.serve import published_path
    from pipeline.db import publish_snapshot

    copy = publish_snapshot(data_dir / "danvan.db", published_path(data_dir / "danvan.db"))
    damage_a_table_page(copy)
    assert quick_check(copy)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--data-dir", str(data_dir),
                                "--port", str(port)], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
    try:
        rows = wait_for_json(port, "/danvan.json?sql=select+count(*)+as+n+from+counts&_shape=array", process)
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stderr.close()
    assert rows[0]["n"] > 0
    assert quick_check(copy) is None
