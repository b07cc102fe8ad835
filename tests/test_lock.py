"""The data-directory lock: one holder at a time, and no stale lock after a kill."""

import os
import signal
import subprocess
import sys
import time

import pytest

from pipeline.errors import LockedError
from pipeline.lock import data_dir_lock

HOLDER = """
import sys, time
from pathlib import Path
from pipeline.lock import data_dir_lock
with data_dir_lock(Path(sys.argv[1]), "nightly"):
    print("locked", flush=True)
    time.sleep(60)
"""


def test_second_holder_is_refused_with_the_first_ones_pid(tmp_path):
    with data_dir_lock(tmp_path, "nightly"):
        child = subprocess.run(
            [sys.executable, "-c", "import sys; from pathlib import Path; from pipeline.lock import data_dir_lock\n"
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
    deadline = time.monotonic() + 5
    while True:
        try:
            with data_dir_lock(tmp_path, "nightly"):
                break
        except LockedError:
            assert time.monotonic() < deadline
            time.sleep(0.05)
