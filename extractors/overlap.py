"""Overlapping spans: the one resolution rule every extractor uses, and an index of spans to test against.

Rule (``resolve_overlaps``): among spans that overlap, keep the longest; on equal length keep the one
that starts first; on equal spans keep the one listed first (callers list their preferred pattern first).
The result is sorted by start offset. Spans that merely touch (``a.end == b.start``) do not overlap.
``SpanIndex`` answers, in logarithmic time, whether a position or a span meets any of a set of spans
(the numbers of money and measures that counts must leave alone, the names already found).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from itertools import accumulate
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")


def _span(item) -> tuple[int, int]:
    return (item.start, item.end)


def resolve_overlaps(items: Iterable[T], span: Callable[[T], tuple[int, int]] = _span) -> list[T]:
    """Keep a set of non-overlapping items by the rule above, in text order (O(n log n) searches)."""
    # (-length, start, order, end, item), sorted: the preferred first (the order is unique: items are never compared)
    ranked = []
    for order, item in enumerate(items):
        start, end = span(item)
        ranked.append((start - end, start, order, end, item))
    ranked.sort()
    starts: list[int] = []  # starts of kept spans, sorted; kept spans never overlap each other
    ends: dict[int, int] = {}
    kept: dict[int, T] = {}
    for _, start, _, end, item in ranked:
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


class SpanIndex:
    """A set of ``(start, end)`` spans (which may overlap each other), asked in logarithmic time whether a
    position or a span meets one of them."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._reach = list(accumulate((end for _, end in ordered), max))  # the furthest end of the spans so far

    def covers(self, position: int) -> bool:
        """Whether a span holds *position* (``start <= position < end``)."""
        i = bisect_right(self._starts, position) - 1
        return i >= 0 and position < self._reach[i]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span shares a character with ``[start, end)``."""
        i = bisect_left(self._starts, end) - 1
        return i >= 0 and self._reach[i] > start

    def next_start(self, position: int, default: int) -> int:
        """The first start at or after *position*, else *default*."""
        i = bisect_left(self._starts, position)
        return self._starts[i] if i < len(self._starts) else default
