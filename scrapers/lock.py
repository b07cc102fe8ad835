"""Exclusive locks on lock files, so that two runs never work on the same data at once.

A lock is an advisory ``flock`` on a file: the kernel releases it when the holding process ends, however it
ends (unless a process it started inherited the lock file), so a run killed with ``kill -9`` leaves no stale lock
behind. The file keeps the holder's pid, command and start time, for the message a second run prints (a pid that
no longer runs is said to be so), and is emptied on release: a name the next holder finds there is that of a run
that ended without releasing it, taken over with a warning. ``data_dir_lock`` locks ``DATA_DIR/.lock`` (one
command at a time on a data directory); the crawler locks ``DATA_DIR/raw/.lock`` the same way (one crawl at a
time on an archive; ``shared_directory_lock`` lets the threads of one run that crawls several sites share it).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from scrapers.errors import InputError, LockedError

log = logging.getLogger(__name__)

LOCK_NAME = ".lock"
_SHARED: dict[Path, int] = {}     # directories whose lock this process holds for several threads at once
_SHARED_GUARD = threading.Lock()


def _recorded(handle) -> dict | None:
    """What the lock file says of the run that took it last ({pid, command, started_at}), or None."""
    handle.seek(0)
    try:
        info = json.loads(handle.read().strip())
        return info if isinstance(info, dict) and isinstance(info.get("pid"), int) and "command" in info else None
    except ValueError:
        return None


def _describe(info: dict) -> str:
    return f"pid {info['pid']} ({info['command']}, started {info.get('started_at', '?')})"


def pid_alive(pid: int) -> bool:
    """True when process `pid` runs on this machine (one that has ended but is not reaped yet, a zombie, does not)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:   # another user's process: it exists
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace").rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state != "Z"


def _holder(handle) -> str:
    """Who holds the lock: 'pid N (command, started …)' when that process runs; else what is known, said as such
    (the lock outlives the run that took it in a process it started, or is being taken by a run not yet named)."""
    info = _recorded(handle)
    if info is None:
        return "another process"
    if pid_alive(info["pid"]):
        return _describe(info)
    return (f"another process (the lock file names {_describe(info)}, which is no longer running: "
            "a process it started may hold the lock still)")


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
        left = _recorded(handle)   # a run that ended without releasing the lock (killed) leaves its name behind
        if left is not None:
            ended = "which ended" if not pid_alive(left["pid"]) else "which no longer holds it"
            log.warning("%s: taking over the lock of %s, %s without releasing it", path, _describe(left), ended)
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "command": command,
                                 "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}))
        handle.flush()
        try:
            yield path
        finally:   # released in order: the file is emptied, so only a run that did not end so leaves a name
            handle.seek(0)
            handle.truncate()
            handle.flush()


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
