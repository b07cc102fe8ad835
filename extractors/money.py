"""Sums of money in Vietnamese text (value, bounds, currency, qualifier, rate) and their tie to counts.

An amount is money when a currency is written after it (``876 triệu đồng``, ``5.000đ``,
``15.000 USD``) or before it (``VNĐ 500.000``), or when, written in millions or billions without
a currency, a money word comes just before it (``tổng kinh phí 1,5 tỷ``; but ``ủng hộ 1 triệu
khẩu trang`` counts things) or it is a rate (``lương 5 triệu/tháng``). Numbers are read by
``extractors.numbers``; the words of
``extractors/data/currencies.yaml`` and ``qualifiers.yaml`` give currency and qualifier; the
denominator of a rate written with a slash is ``per`` (``5.000đ/hội viên/tháng`` →
``hội viên/tháng``; a rate only in words, ``40-60 triệu đồng mỗi căn``, has none). ``đồng``
followed by ``bào``, ``chí`` … is not money, and neither is an amount of 0 (``gian hàng 0 đồng``
is a name) or one that is no whole number of currency units (``1,200 đồng`` reads 1,2 đồng: the
amount is written ambiguously, and ``value`` is an integer).
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.amounts import CaseBlind, MoneyGate, amount_form, mention_start, rate_denominator, scan, written
from extractors.datafiles import load_yaml
from extractors.normalize import nfc, word_key
from extractors.numbers import plain, read_amount
from extractors.patterns.quantities import CURRENCY_OF, FLAGS, MONEY_PATTERN_BRANCH, MONEY_PATTERNS, whole_words
from extractors.results import Result, frozen


@frozen
class Money(Result):
    """A sum of money: ``value`` in currency units (VND has no minor unit)."""

    value: int
    low: int | None
    high: int | None
    currency: str
    qualifier: str
    per: str | None


def _is_whole(value) -> bool:
    return value is None or value == value.to_integral_value()


def _money(text: str, form: str, match: re.Match) -> Money | None:
    groups = written(form, match)
    amount = read_amount(groups["low"], groups.get("high"), groups["before"], groups.get("after"), groups["opener"],
                         shared_scale=groups.get("low_currency") is None)
    if amount is None:
        return None
    if groups.get("currency") is None:  # by a money word before it, or a rate in millions
        currency = "VND"
    else:
        currency = CURRENCY_OF[word_key(groups["currency"])]
        if groups.get("low_currency") and CURRENCY_OF[word_key(groups["low_currency"])] != currency:
            return None
    if amount.value <= 0 or not all(_is_whole(v) for v in (amount.value, amount.low, amount.high)):
        return None
    start, end = mention_start(match), match.end()
    return Money(
        text=text[start:end], start=start, end=end,
        value=plain(amount.value), low=plain(amount.low), high=plain(amount.high),
        currency=currency, qualifier=amount.qualifier, per=rate_denominator(text, match),
    )


_MONEY_PATTERNS = tuple(map(CaseBlind, MONEY_PATTERNS))
_MONEY_GATE = MoneyGate({pattern: MONEY_PATTERN_BRANCH.get(pattern.pattern, "money") for pattern in _MONEY_PATTERNS})


@lru_cache(maxsize=32)
def _find_money(text: str) -> tuple[Money, ...]:
    return scan(text, _MONEY_PATTERNS, _money, gate=_MONEY_GATE)


def find_money(text: str) -> list[Money]:
    """Every sum of money in *text*, in text order, offsets into ``nfc(text)``."""
    return list(_find_money(nfc(text)))


# --- money tied to counts ---------------------------------------------------------------------

_LINKS = load_yaml("money_count_links.yaml")
MAX_GAP = int(_LINKS["max_gap"])
COUNT_THEN_MONEY = re.compile(rf"{whole_words(_LINKS['count_then_money'])}(?:\s+là|\s*:)?\s*$", FLAGS)
MONEY_THEN_COUNT = re.compile(rf"^\s*(?:để\s+)?{whole_words(_LINKS['money_then_count'])}\s*$", FLAGS)
SENTENCE_BREAK = re.compile(r"[.;!?\n]")


def _gap_ok(gap: str) -> bool:
    return len(gap) <= MAX_GAP and not SENTENCE_BREAK.search(gap)


def link_money_to_counts(money: list[dict], counts: list[dict], text: str) -> None:
    """Set ``count_index`` on each money dict: the index in *counts* of the count it pays for, or None.

    A count before the amount is tied to it when the words between end with a word that says so
    (``30 căn nhà với trị giá 876 triệu đồng``, ``28 căn nhà cho hộ nghèo trị giá 213 triệu đồng``);
    a count after it when
    only a verb of spending comes between (``15.000 USD xây dựng 12 căn nhà``). Nothing else (no
    other amount or count, no sentence end) may stand between them. Words: money_count_links.yaml.
    """
    form = amount_form(nfc(text))
    spans = sorted(
        [(m["start"], m["end"], "money", i) for i, m in enumerate(money)]
        + [(c["start"], c["end"], "count", i) for i, c in enumerate(counts)]
    )
    for position, (start, end, kind, index) in enumerate(spans):
        if kind != "money":
            continue
        money[index]["count_index"] = None
        before = spans[position - 1] if position > 0 else None
        after = spans[position + 1] if position + 1 < len(spans) else None
        if before and before[2] == "count":
            gap = form[before[1]:start]
            if _gap_ok(gap) and COUNT_THEN_MONEY.search(gap):
                money[index]["count_index"] = before[3]
                continue
        if after and after[2] == "count":
            gap = form[end:after[0]]
            if _gap_ok(gap) and MONEY_THEN_COUNT.match(gap):
                money[index]["count_index"] = after[3]
