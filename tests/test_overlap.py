"""The one overlap rule: longest wins, then earliest, then first listed; touching spans both stay. The span index."""

from dataclasses import dataclass

import pytest

from extractors.overlap import SpanIndex, resolve_overlaps
from tests.growth import assert_grows_linearly


@dataclass(frozen=True)
class S:
    start: int
    end: int
    name: str = ""


ROWS = [
    ([S(0, 10, "a"), S(5, 8, "b")], ["a"]),
    ([S(5, 8, "b"), S(0, 10, "a")], ["a"]),
    ([S(0, 5, "a"), S(5, 9, "b")], ["a", "b"]),
    ([S(0, 5, "a"), S(3, 8, "b")], ["a"]),
    ([S(3, 8, "b"), S(0, 5, "a")], ["a"]),
    ([S(0, 4, "first"), S(0, 4, "second")], ["first"]),
    ([S(10, 20, "x"), S(0, 3, "y"), S(2, 12, "z")], ["z"]),
    ([S(10, 20, "x"), S(0, 3, "y"), S(4, 12, "z")], ["y", "x"]),
    ([S(0, 3, "a"), S(2, 12, "long"), S(11, 14, "c")], ["long"]),
    ([], []),
]


@pytest.mark.parametrize("spans, kept", ROWS)
def test_rule(spans, kept):
    assert [s.name for s in resolve_overlaps(spans)] == kept


def test_brute_force_agreement():
    import random

    rng = random.Random(7)
    for _ in range(300):
        spans = [S(a, a + rng.randint(1, 6), str(i)) for i, a in enumerate(rng.randint(0, 30) for _ in range(12))]
        order = sorted(range(len(spans)), key=lambda i: (-(spans[i].end - spans[i].start), spans[i].start, i))
        expected = []
        for i in order:
            if all(spans[i].end <= k.start or spans[i].start >= k.end for k in expected):
                expected.append(spans[i])
        assert resolve_overlaps(spans) == sorted(expected, key=lambda s: s.start)


def _chained_spans(size: int) -> list[S]:
    """*size* spans of 2 and *size* of 3 characters, each of the longer overlapping two of the shorter."""
    return [S(i * 3, i * 3 + 2) for i in range(size)] + [S(i * 3 + 1, i * 3 + 4) for i in range(size)]


def test_many_spans_stay_fast():
    assert len(resolve_overlaps(_chained_spans(50_000))) == 50_000
    assert_grows_linearly(resolve_overlaps, lambda size, _copy: _chained_spans(size), 12_500)


# (spans, query span, whether it meets one of them)
INDEX_ROWS = [
    ([(0, 100), (50, 60)], (70, 80), True),  # inside the long span that starts before the short one
    ([(0, 5), (10, 15)], (5, 10), False),  # touching on both sides is no overlap
    ([(0, 5), (10, 15)], (4, 6), True),
    ([(10, 15)], (0, 10), False),
    ([(10, 15)], (14, 30), True),
    ([], (0, 10), False),
]


@pytest.mark.parametrize("spans, query, meets", INDEX_ROWS)
def test_span_index_overlaps(spans, query, meets):
    assert SpanIndex(spans).overlaps(*query) is meets


def test_span_index_agrees_with_brute_force():
    import random

    rng = random.Random(11)
    for _ in range(300):
        spans = [(a, a + rng.randint(1, 9)) for a in (rng.randint(0, 40) for _ in range(rng.randint(0, 8)))]
        index = SpanIndex(spans)
        for start in range(0, 50):
            assert index.covers(start) == any(s <= start < e for s, e in spans), (spans, start)
            end = start + rng.randint(1, 6)
            assert index.overlaps(start, end) == any(s < end and start < e for s, e in spans), (spans, start, end)
            following = [s for s, _ in spans if s >= start]
            assert index.next_start(start, -1) == (min(following) if following else -1)
