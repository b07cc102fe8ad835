"""Overlap resolution, the one rule every extractor uses.

Rule: among spans that overlap, keep the longest; on equal length keep the one that starts
first; on equal spans keep the one listed first (callers list their preferred pattern first).
The result is sorted by start offset. Spans that merely touch (``a.end == b.start``) do not overlap.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")


def _span(item) -> tuple[int, int]:
    return (item.start, item.end)


def resolve_overlaps(items: Iterable[T], span: Callable[[T], tuple[int, int]] = _span) -> list[T]:
    """Keep a set of non-overlapping items by the rule above, in text order (O(n log n) searches)."""
    indexed = [(span(item), order, item) for order, item in enumerate(items)]
    indexed.sort(key=lambda t: (-(t[0][1] - t[0][0]), t[0][0], t[1]))
    starts: list[int] = []  # starts of kept spans, sorted; kept spans never overlap each other
    ends: dict[int, int] = {}
    kept: dict[int, T] = {}
    for (start, end), _, item in indexed:
        i = bisect_left(starts, start)
        if i < len(starts) and starts[i] < end:
            continue  # a kept span starts inside this one
        if i > 0 and ends[starts[i - 1]] > start:
            continue  # the kept span before this one reaches into it
        if i < len(starts) and starts[i] == start:
            continue
        insort(starts, start)
        ends[start] = end
        kept[start] = item
    return [kept[s] for s in starts]
