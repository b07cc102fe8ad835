"""The guard of tests/growth.py tells work that grows with the square of its input from work that grows with it."""

import pytest

from tests.growth import assert_grows_linearly


def _pairs(items: list[int]) -> int:
    return sum(1 for a in items for b in items if a < b)


def _sum(items: list[int]) -> int:
    return sum(items)


def test_linear_work_passes():
    assert_grows_linearly(_sum, lambda size, copy: list(range(copy, copy + size)), 200_000)


def test_work_that_grows_with_the_square_fails():
    with pytest.raises(AssertionError, match="grows faster than the input"):
        assert_grows_linearly(_pairs, lambda size, copy: list(range(copy, copy + size)), 1_000)

