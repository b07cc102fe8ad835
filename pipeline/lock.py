"""An exclusive lock on a data directory, so that two runs never work on it at once.

The lock is an advisory ``flock`` on ``DATA_DIR/.lock``: the kernel releases it when the holding
process ends, however it ends, so a run killed with ``kill -9`` leaves no stale lock behind. The
file keeps the holder's pid, command and start time, for the message a second run prints.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import LockedError

LOCK_NAME = ".lock"


@contextmanager
def data_dir_lock(data_dir: Path, command: str):
    """Hold the lock of *data_dir* for the ``with`` block, or raise LockedError at once."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / LOCK_NAME
    handle = open(path, "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
            try:
                info = json.loads(holder)
                who = f"pid {info['pid']} ({info['command']}, started {info['started_at']})"
            except (ValueError, KeyError, TypeError):
                who = "another process"
            raise LockedError(f"{data_dir} is in use by {who}; try again when it has finished") from None
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "command": command,
                                 "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}))
        handle.flush()
        yield path
    finally:
        handle.close()
