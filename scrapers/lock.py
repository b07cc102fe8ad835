"""Exclusive locks on lock files, so that two runs never work on the same data at once.

A lock is an advisory ``flock`` on a file: the kernel releases it when the holding process ends, however it
ends, so a run killed with ``kill -9`` leaves no stale lock behind. The file keeps the holder's pid, command
and start time, for the message a second run prints. ``data_dir_lock`` locks ``DATA_DIR/.lock`` (one command
at a time on a data directory); the crawler locks ``DATA_DIR/raw/.lock`` the same way (one crawl at a time
on an archive; ``shared_directory_lock`` lets the threads of one run that crawls several sites share it).
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from scrapers.errors import InputError, LockedError

LOCK_NAME = ".lock"
_SHARED: dict[Path, int] = {}     # directories whose lock this process holds for several threads at once
_SHARED_GUARD = threading.Lock()


def _holder(handle) -> str:
    """Who holds the lock, as its file tells: 'pid N (command, started …)', or 'another process'."""
    handle.seek(0)
    try:
        info = json.loads(handle.read().strip())
        return f"pid {info['pid']} ({info['command']}, started {info['started_at']})"
    except (ValueError, KeyError, TypeError):
        return "another process"


@contextmanager
def directory_lock(directory: Path, command: str):
    """Hold the lock file ``directory/.lock`` for the ``with`` block, or raise LockedError at once.

    Yields the lock file's path; the directory is created when missing.
    """
    directory = Path(directory)
    path = directory / LOCK_NAME
    with _SHARED_GUARD:
        shared = _SHARED.get(directory.resolve(), 0) > 0
    if shared:   # held by this process for the work it runs in parallel (see shared_directory_lock)
        yield path
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+", encoding="utf-8")
    except OSError as exc:   # a file in the directory's place, no permission, a read-only disk
        raise InputError(f"cannot use {directory} as a data directory: {exc.strerror or exc}") from exc
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockedError(f"{directory} is in use by {_holder(handle)}; "
                              "try again when it has finished") from None
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "command": command,
                                 "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}))
        handle.flush()
        yield path


@contextmanager
def shared_directory_lock(directory: Path, command: str):
    """Hold ``directory/.lock`` like directory_lock, and let the threads of this process enter directory_lock on
    it meanwhile (several sites crawled in parallel into one archive, each writing its own WARC file)."""
    with directory_lock(directory, command) as path:
        key = Path(directory).resolve()
        with _SHARED_GUARD:
            _SHARED[key] = _SHARED.get(key, 0) + 1
        try:
            yield path
        finally:
            with _SHARED_GUARD:
                _SHARED[key] -= 1
                if not _SHARED[key]:
                    del _SHARED[key]


def data_dir_lock(data_dir: Path, command: str):
    """The lock of a whole data directory (``DATA_DIR/.lock``): one command at a time works on it."""
    return directory_lock(data_dir, command)
