"""The one overlap rule: longest wins, then earliest, then first listed; touching spans both stay."""

import time
from dataclasses import dataclass

import pytest

from extractors.overlap import resolve_overlaps


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


def test_many_spans_stay_fast():
    spans = [S(i * 3, i * 3 + 2) for i in range(50_000)] + [S(i * 3 + 1, i * 3 + 4) for i in range(50_000)]
    started = time.perf_counter()
    assert len(resolve_overlaps(spans)) == 50_000
    assert time.perf_counter() - started < 10
