"""Overlap resolution, the one rule every extractor uses.

Rule: among spans that overlap, keep the longest; on equal length keep the one that starts
first; on equal spans keep the one listed first (callers list their preferred pattern first).
The result is sorted by start offset. Spans that merely touch (``a.end == b.start``) do not overlap.
"""

from __future__ import annotations

from typing import Callable, Iterable, TypeVar

T = TypeVar("T")


def _span(item) -> tuple[int, int]:
    return (item.start, item.end)


def resolve_overlaps(items: Iterable[T], span: Callable[[T], tuple[int, int]] = _span) -> list[T]:
    """Keep a set of non-overlapping items by the rule above, in text order."""
    indexed = list(enumerate(items))
    order = sorted(indexed, key=lambda pair: (-(span(pair[1])[1] - span(pair[1])[0]), span(pair[1])[0], pair[0]))
    kept: list[tuple[int, int, T]] = []
    for _, item in order:
        start, end = span(item)
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, item))
    kept.sort(key=lambda t: (t[0], t[1]))
    return [item for _, _, item in kept]
