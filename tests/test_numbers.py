"""The one number reader: digits, scale words, number words, vague amounts; the writer round trip."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.money import find_money
from extractors.numbers import format_vietnamese, parse_number, read_amount, read_number
from extractors.patterns.quantities import AMOUNT_PATTERN
from extractors.quantities import find_counts
from pipeline.bench.extraction import unseen_copy
from tests.growth import assert_grows_linearly

READ_ROWS = [
    # digits: "." groups thousands, "," is the decimal mark
    ("30", 30),
    ("1.250", 1250),
    ("1.200.000", 1200000),
    ("1,1", Decimal("1.1")),
    ("45,5", Decimal("45.5")),
    ("0,3", Decimal("0.3")),
    ("1.250,5", Decimal("1250.5")),
    ("1,200,000", 1200000),
    ("05", 5),
    # scale words, stacked
    ("876 triệu", 876000000),
    ("2 tỷ", 2000000000),
    ("1,1 tỷ", 1100000000),
    ("2,2 tỉ", 2200000000),
    ("1.5 tỷ", 1500000000),
    ("500 nghìn", 500000),
    ("500 ngàn", 500000),
    ("1 tỷ 200 triệu", 1200000000),
    ("2 tỷ 350 triệu", 2350000000),
    ("2 tỷ 350", 2350000000),
    ("2 tỷ 5", 2500000000),
    ("1 triệu 500 nghìn", 1500000),
    ("1.500 tỷ", 1500000000000),
    ("một nghìn tỷ", 10**12),
    # number words
    ("hai", 2),
    ("mười", 10),
    ("mười lăm", 15),
    ("ba mươi", 30),
    ("ba mươi mốt", 31),
    ("hai mươi tư", 24),
    ("một trăm linh năm", 105),
    ("một trăm lẻ tám", 108),
    ("một trăm hai", 120),
    ("một trăm rưỡi", 150),
    ("hai nghìn không trăm hai mươi", 2020),
    ("năm triệu", 5000000),
    ("hai triệu rưỡi", 2500000),
    ("hai triệu hai", 2200000),
    ("ba trăm nghìn", 300000),
    # vague amounts
    ("hàng trăm", 100),
    ("hàng chục", 10),
    ("hàng nghìn", 1000),
    ("hàng ngàn", 1000),
    ("hàng tỷ", 1000000000),
    ("hàng trăm triệu", 100000000),
]


@pytest.mark.parametrize("text, expected", READ_ROWS)
def test_read_number(text, expected):
    assert read_number(text) == Decimal(expected)


NOT_NUMBERS = [
    "1.5",  # a lone dot with one or two digits is a decimal only before a scale word
    "1.2.3",
    "năm năm",
    "triệu",
    "trăm",
    "Ban Dân vận",
    "12/2018",
    "2 tỷ 3 tỷ",
    "",
]


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_not_a_number(text):
    assert read_number(text) is None


def test_vague_amounts_are_marked():
    assert parse_number("hàng trăm").vague
    assert not parse_number("100").vague


AMOUNT_ROWS = [
    # (low, high, before, after, opener) -> (value, low, high, qualifier)
    (("2 tỷ", None, "trên", None, None), (2000000000, 2000000000, None, "over")),
    (("2 tỷ", None, "ít nhất", None, None), (2000000000, 2000000000, None, "at_least")),
    (("25 triệu", None, "tối đa", None, None), (25000000, None, 25000000, "at_most")),
    (("3,5", None, "dưới", None, None), (Decimal("3.5"), None, Decimal("3.5"), "under")),
    (("150 triệu", None, "khoảng", None, None), (150000000, None, None, "approx")),
    (("hàng trăm triệu", None, None, None, None), (100000000, None, None, "approx")),
    (("8 triệu", None, None, "trở lên", "từ"), (8000000, 8000000, None, "at_least")),
    (("40", "60 triệu", None, None, None), (40000000, 40000000, 60000000, "range")),
    (("500 nghìn", "1 triệu", None, None, "từ"), (500000, 500000, 1000000, "range")),
    (("30", None, None, None, None), (30, 30, 30, "exact")),
]


@pytest.mark.parametrize("parts, expected", AMOUNT_ROWS)
def test_read_amount(parts, expected):
    amount = read_amount(*parts)
    value, low, high, qualifier = expected
    assert amount.value == Decimal(value)
    assert amount.low == (None if low is None else Decimal(low))
    assert amount.high == (None if high is None else Decimal(high))
    assert amount.qualifier == qualifier


def test_a_range_that_goes_down_is_not_an_amount():
    assert read_amount("60", "40") is None


FORMAT_ROWS = [
    (1250, "digits", "1.250"),
    (Decimal("1250.5"), "digits", "1.250,5"),
    (2350000000, "scale", "2 tỷ 350 triệu"),
    (2350000000, "decimal", "2,35 tỷ"),
    (105, "words", "một trăm linh năm"),
    (31, "words", "ba mươi mốt"),
    (15, "words", "mười lăm"),
    (2020, "words", "hai nghìn không trăm hai mươi"),
]


@pytest.mark.parametrize("value, style, expected", FORMAT_ROWS)
def test_format_vietnamese(value, style, expected):
    assert format_vietnamese(value, style) == expected


def test_format_refuses_what_the_style_cannot_write():
    with pytest.raises(ValueError):
        format_vietnamese(1500, "scale")
    with pytest.raises(ValueError):
        format_vietnamese(Decimal("1.5"), "words")


def _round_trip(value, style):
    written = format_vietnamese(value, style)
    assert read_number(written) == Decimal(value), written
    assert AMOUNT_PATTERN.fullmatch(written), written


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**15))
def test_round_trip_integers_in_digits(value):
    _round_trip(value, "digits")


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False))
def test_round_trip_decimals_in_digits(value):
    _round_trip(value, "digits")


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**12).map(lambda n: n * 1000))
def test_round_trip_with_stacked_scale_words(value):
    _round_trip(value, "scale")


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1000, max_value=10**13), st.integers(min_value=0, max_value=3))
def test_round_trip_with_one_scale_word_and_a_decimal(value, drop):
    value = value // 10**drop * 10**drop
    _round_trip(value, "decimal")


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_round_trip_in_words(value):
    _round_trip(value, "words")


# Unbounded repeats in the patterns once made these take a minute (quadratic backtracking): the phrase repeated.
SLOW_PHRASES = ["một ", "1 tỷ ", "5 triệu 5 ", "hàng trăm triệu ", "mười "]


def _money_and_counts(text: str) -> None:
    find_money(text + "đồng")
    find_counts(text + "hộ")


@pytest.mark.parametrize("phrase", SLOW_PHRASES)
def test_no_input_makes_the_search_slow(phrase):
    """No backtracking blows up: four times the repeats cost about four times the time (``tests/growth.py``)."""
    assert_grows_linearly(_money_and_counts, lambda size, copy: unseen_copy(phrase * size, copy), 250)


PLAIN_DIGIT_ROWS = ["0", "7", "30", "007", "2024", "1250", "99999999999999999999"]


@pytest.mark.parametrize("text", PLAIN_DIGIT_ROWS)
def test_plain_digits_read_at_once_as_the_rule_reads_them(text):
    from extractors.numbers import _parse_by_rule

    assert parse_number(text) == _parse_by_rule(text) is not None


@given(st.text(alphabet="0123456789٣۵١", min_size=1, max_size=25))
def test_digits_read_at_once_as_the_rule_reads_them(text):
    from extractors.numbers import _parse_by_rule

    assert parse_number(text) == _parse_by_rule(text)
