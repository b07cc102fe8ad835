"""Guards against work that grows faster than its input: the CPU time of one call on an input and on one FACTOR times
as large, compared.

A pattern that backtracks over the whole text (the faults these guards were written for took a minute on a few
kilobytes) makes the larger input cost FACTOR² times the smaller or more; linear work costs FACTOR times. The time is
the process's CPU time (``time.process_time``), not the clock on the wall, so other work on the machine does not count;
each pair is measured again up to TRIES times, so that a pause that slows one call of a pair does not fail the guard,
while a fault that grows too fast fails every pair. How fast the code is, is the bench's to say (``danvan bench``).
"""

from __future__ import annotations

import time
from typing import Callable

FACTOR = 4
SLACK = 2.5   # allowed beyond linear growth: caches and memory behave worse on a larger input; a square is FACTOR×
FLOOR = 0.05   # CPU seconds always allowed: a small input's time is mostly the clock's resolution and noise
TRIES = 3


def cpu_seconds(work: Callable[[], object]) -> float:
    """The CPU seconds of one call of *work*."""
    started = time.process_time()
    work()
    return time.process_time() - started


def assert_grows_linearly(function: Callable, make_input: Callable[[int, int], object], size: int) -> None:
    """``function(make_input(FACTOR * size, copy))`` takes at most SLACK × FACTOR times the CPU time of
    ``function(make_input(size, copy))``, plus FLOOR. *make_input* (size, copy number) gives a new input for each copy
    number, so that no cache of the function holds it; copy 0 is called first, untimed, to load what the function
    loads once."""
    function(make_input(size, 0))
    pairs = []
    for copy in range(1, TRIES + 1):
        small, large = make_input(size, 2 * copy - 1), make_input(FACTOR * size, 2 * copy)
        small_time = cpu_seconds(lambda: function(small))
        large_time = cpu_seconds(lambda: function(large))
        if large_time <= SLACK * FACTOR * small_time + FLOOR:
            return
        pairs.append((round(small_time, 3), round(large_time, 3)))
    raise AssertionError(f"CPU seconds at size {size} and {FACTOR * size}: {pairs} — grows faster than the input")

