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


LEAVER = """
import os, sys, time
from pathlib import Path
from scrapers.lock import directory_lock
with directory_lock(Path(sys.argv[1]), "crawl"):
    child = os.fork()   # the child inherits the lock file, and with it the lock
    if child == 0:
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)   # the test reads the taker's output to its end: the child keeps none of it open
        os.dup2(quiet, 2)
        time.sleep(60)
        os._exit(0)
    print(os.getpid(), child, flush=True)
    os._exit(0)         # ends without releasing: its child holds the lock on
"""


def test_a_lock_held_past_its_taker_does_not_name_a_dead_pid_as_holder(tmp_path):
    leaver = subprocess.run([sys.executable, "-c", LEAVER, str(tmp_path)], capture_output=True, text=True, timeout=30)
    taker, inheritor = map(int, leaver.stdout.split())
    try:
        with pytest.raises(LockedError) as refused:
            with directory_lock(tmp_path, "build"):
                pass
        message = str(refused.value)
        assert f"is in use by another process (the lock file names pid {taker} (crawl, started " in message
        assert "which is no longer running" in message and not message.split(";")[0].endswith(f"by pid {taker}")
    finally:
        os.kill(inheritor, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while True:   # the inheritor gone, the lock is free (and the dead taker's name taken over)
        try:
            with directory_lock(tmp_path, "build"):
                break
        except LockedError:
            assert time.monotonic() < deadline
            time.sleep(0.05)


def test_a_stale_lock_of_a_killed_run_is_taken_over_with_a_warning(tmp_path, caplog):
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    with caplog.at_level("WARNING", logger="scrapers.lock"):
        with data_dir_lock(tmp_path, "build"):
            pass
    assert [r.getMessage() for r in caplog.records] == [
        f"{tmp_path / '.lock'}: taking over the lock of pid {proc.pid} (nightly, started "
        + caplog.records[0].getMessage().split("started ", 1)[1]]
    assert "which ended without releasing it" in caplog.records[0].getMessage()
    caplog.clear()
    with caplog.at_level("WARNING", logger="scrapers.lock"):   # released in order last time: nothing to say
        with data_dir_lock(tmp_path, "build"):
            pass
    assert caplog.records == [] and (tmp_path / ".lock").read_text(encoding="utf-8") == ""


@pytest.mark.parametrize("pid, alive", [(os.getpid(), True), (0, False), (-1, False)])
def test_pid_alive(pid, alive):
    from scrapers.lock import pid_alive

    assert pid_alive(pid) is alive


def test_a_reaped_child_is_not_alive():
    from scrapers.lock import pid_alive

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    assert pid_alive(child.pid) or child.poll() is not None
    child.wait()
    assert not pid_alive(child.pid)
