"""Shared fixtures: paths of the repository and of ../shared (absent in a user's clone)."""

import signal
import subprocess
import sys
from contextlib import contextmanager
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


@contextmanager
def mirror_command(*args: str):
    """`danvan mirror ARGS` in a child process, its output piped: the test stops it (``interrupt``); if the test
    fails first, it is killed."""
    with subprocess.Popen([sys.executable, "-m", "pipeline", "mirror", *args], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, cwd=REPO) as process:
        try:
            yield process
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)


def interrupt(process) -> int:
    """Ctrl-C to a child process; its exit status."""
    process.send_signal(signal.SIGINT)
    return process.wait(timeout=10)
