"""The data-directory lock: one holder at a time, and no stale lock after a kill."""

import os
import signal
import subprocess
import sys
import time

import pytest

from scrapers.errors import InputError, LockedError
from scrapers.lock import data_dir_lock, directory_lock

HOLDER = """
import sys, time
from pathlib import Path
from scrapers.lock import data_dir_lock
with data_dir_lock(Path(sys.argv[1]), "nightly"):
    print("locked", flush=True)
    time.sleep(60)
"""


def test_second_holder_is_refused_with_the_first_ones_pid(tmp_path):
    with data_dir_lock(tmp_path, "nightly"):
        child = subprocess.run(
            [sys.executable, "-c", "import sys; from pathlib import Path; from scrapers.lock import data_dir_lock\n"
             "with data_dir_lock(Path(sys.argv[1]), 'build'): pass", str(tmp_path)],
            capture_output=True, text=True,
        )
        assert child.returncode != 0
        assert "LockedError" in child.stderr and f"pid {os.getpid()}" in child.stderr
    with data_dir_lock(tmp_path, "build"):
        pass


def test_lock_of_a_killed_process_does_not_block(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        with pytest.raises(LockedError):
            with data_dir_lock(tmp_path, "nightly"):
                pass
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    deadline = time.monotonic() + 5
    while True:
        try:
            with data_dir_lock(tmp_path, "nightly"):
                break
        except LockedError:
            assert time.monotonic() < deadline
            time.sleep(0.05)


def test_the_data_directory_and_the_archive_have_locks_of_their_own(tmp_path):
    """A nightly run holds DATA_DIR/.lock and its crawl then takes DATA_DIR/raw/.lock; each refuses a second holder."""
    with data_dir_lock(tmp_path, "nightly") as data_lock, directory_lock(tmp_path / "raw", "crawl") as raw_lock:
        assert (data_lock, raw_lock) == (tmp_path / ".lock", tmp_path / "raw" / ".lock")
        for directory, holder in ((tmp_path, "nightly"), (tmp_path / "raw", "crawl")):
            with pytest.raises(LockedError, match=rf"is in use by pid {os.getpid()} \({holder}, started "):
                with directory_lock(directory, "build"):
                    pass
    with directory_lock(tmp_path / "raw", "crawl"):
        pass


def test_a_data_directory_that_cannot_be_made_is_an_input_error(tmp_path):
    (tmp_path / "afile").write_text("not a directory", encoding="utf-8")
    for directory in (tmp_path / "afile", tmp_path / "afile" / "raw"):
        with pytest.raises(InputError, match=r"cannot use .*afile.* as a data directory"):
            with data_dir_lock(directory, "build"):
                pass
