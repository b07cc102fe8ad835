"""The one reader (and writer) of numbers as Vietnamese writes them; every extractor uses it.

The rule (``read_number``):

* Digits: ``.`` groups thousands and ``,`` is the decimal mark — ``1.250`` = 1250,
  ``1.200.000`` = 1200000, ``1,1`` = 1.1, ``45,5`` = 45.5. Two or more ``,``-groups of three
  digits are thousands written the English way (``1,200,000``). A lone ``1.5`` (one or two digits
  after the dot) is a decimal only before a scale word (``1.5 tỷ``); elsewhere it is not a number.
* Scale words ``nghìn``/``ngàn`` (10³), ``triệu`` (10⁶), ``tỷ``/``tỉ`` (10⁹) multiply the number
  before them, and stack: ``1 tỷ 200 triệu`` = 1.2×10⁹, ``một nghìn tỷ`` = 10¹².
  A bare group after the last scale word continues the amount: one digit (or one digit word) is
  tenths of that scale (``2 tỷ 5`` = 2.5×10⁹, ``hai triệu hai`` = 2.2×10⁶); two or three digits are
  the next group down (``2 tỷ 350`` = 2.35×10⁹, ``1 nghìn 250`` = 1250); ``rưỡi`` is a half
  (``hai triệu rưỡi`` = 2.5×10⁶).
* Number words: ``một hai ba bốn năm sáu bảy tám chín``, ``mười`` (10), ``mươi`` (×10),
  ``trăm`` (×100), ``linh``/``lẻ`` (no tens), ``không`` (0), and the forms after ``mươi``/``mười``:
  ``mốt`` (1), ``tư`` (4), ``lăm``/``nhăm`` (5): ``mười lăm`` = 15, ``ba mươi mốt`` = 31,
  ``một trăm linh năm`` = 105, ``một trăm hai`` = 120 (a digit after ``trăm`` is tens).
* Vague amounts: ``hàng`` + ``chục/trăm/nghìn/ngàn/vạn/triệu/tỷ`` (``hàng trăm`` ≈ 100,
  ``hàng trăm triệu`` ≈ 10⁸) read as that power of ten, marked ``vague``.

``format_vietnamese`` writes a value back in one of these forms; reading what it writes gives the
value again (the property test in tests/test_numbers.py).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from extractors.datafiles import load_yaml
from extractors.normalize import matching_form, word_key
from extractors.patterns.quantities import QUALIFIER_AFTER, QUALIFIER_BEFORE
from extractors.results import frozen

_WORDS = load_yaml("number_words.yaml")
DIGIT_WORDS = {e["word"]: e["value"] for e in _WORDS["digits"]}
TEN_WORD = next(e["word"] for e in _WORDS["tens"] if e.get("start") is not False)  # mười
TENS_WORD = next(e["word"] for e in _WORDS["tens"] if e.get("start") is False)  # mươi
HUNDRED_WORD = _WORDS["hundreds"][0]["word"]  # trăm
ZERO_TENS_WORDS = {e["word"] for e in _WORDS["zero_tens"]}  # linh, lẻ
HALF_WORDS = {e["word"] for e in _WORDS["half"]}  # rưỡi
SCALES = {e["word"]: Decimal(e["value"]) for e in _WORDS["scales"]}
VAGUE_WORDS = {e["word"] for e in _WORDS["vague"]}  # hàng
VAGUE_SCALES = {e["word"]: Decimal(e["value"]) for e in _WORDS["vague_scales"]}

_TOKEN = re.compile(r"\d[\d.,]*\d|\d|[^\W\d_]+")
_SPACES = re.compile(r"\s+")
_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_COMMA_GROUPED = re.compile(r"\d{1,3}(?:,\d{3}){2,}")
_PLAIN = re.compile(r"\d+(?:,\d+)?")
_LONE_DECIMAL = re.compile(r"\d+\.\d{1,2}")


@frozen
class NumberReading:
    """A number read from text: its exact value, whether it is vague (hàng trăm), its first scale word's value."""

    value: Decimal
    vague: bool = False
    scale: Decimal | None = None


@frozen
class _Group:
    value: Decimal
    single_digit: bool  # one digit, or one digit word: a tail of tenths


def _read_digits(token: str, before_scale: bool) -> _Group | None:
    if _LONE_DECIMAL.fullmatch(token) and before_scale:
        number = token
    elif _GROUPED.fullmatch(token):
        number = token.replace(".", "").replace(",", ".")
    elif _COMMA_GROUPED.fullmatch(token):
        number = token.replace(",", "")
    elif _PLAIN.fullmatch(token):
        number = token.replace(",", ".")
    else:
        return None
    try:
        return _Group(Decimal(number), single_digit=len(token) == 1)
    except InvalidOperation:
        return None


def _read_tens_and_units(words: list[str]) -> int | None:
    """0–99 from words: ``lăm``, ``mười lăm``, ``ba mươi mốt``, ``hai mươi``."""
    if not words:
        return 0
    if words[0] == TEN_WORD:
        rest = words[1:]
        if not rest:
            return 10
        if len(rest) == 1 and rest[0] in DIGIT_WORDS and DIGIT_WORDS[rest[0]] > 0:
            return 10 + DIGIT_WORDS[rest[0]]
        return None
    if len(words) >= 2 and words[1] == TENS_WORD and words[0] in DIGIT_WORDS and DIGIT_WORDS[words[0]] >= 2:
        tens = DIGIT_WORDS[words[0]] * 10
        rest = words[2:]
        if not rest:
            return tens
        if len(rest) == 1 and rest[0] in DIGIT_WORDS and DIGIT_WORDS[rest[0]] > 0:
            return tens + DIGIT_WORDS[rest[0]]
        return None
    if len(words) == 1 and words[0] in DIGIT_WORDS:
        return DIGIT_WORDS[words[0]]
    return None


def _read_word_group(words: list[str]) -> _Group | None:
    """A number below a thousand written in words (``một trăm linh năm``, ``ba mươi mốt``)."""
    if HUNDRED_WORD in words:
        at = words.index(HUNDRED_WORD)
        if at != 1 or words[0] not in DIGIT_WORDS:
            return None
        hundreds = DIGIT_WORDS[words[0]] * 100
        rest = words[2:]
        if not rest:
            return _Group(Decimal(hundreds), False)
        if rest[0] in ZERO_TENS_WORDS:
            if len(rest) == 2 and rest[1] in DIGIT_WORDS and DIGIT_WORDS[rest[1]] > 0:
                return _Group(Decimal(hundreds + DIGIT_WORDS[rest[1]]), False)
            return None
        if len(rest) == 1 and rest[0] in HALF_WORDS:
            return _Group(Decimal(hundreds + 50), False)
        if len(rest) == 1 and rest[0] in DIGIT_WORDS:  # một trăm hai = 120
            return _Group(Decimal(hundreds + DIGIT_WORDS[rest[0]] * 10), False)
        below = _read_tens_and_units(rest)
        return None if below is None else _Group(Decimal(hundreds + below), False)
    value = _read_tens_and_units(words)
    if value is None:
        return None
    return _Group(Decimal(value), single_digit=len(words) == 1 and words[0] in DIGIT_WORDS)


def _items(tokens: list[str]) -> list | None:
    """Tokens → a list of _Group, ("scale", value), ("half",) and ("vague",) items."""
    items: list = []
    words: list[str] = []

    def flush() -> bool:
        if not words:
            return True
        if len(words) == 1 and words[0] in VAGUE_SCALES and (not items or items[-1] in (("vague",),)):
            items.append(("scale", VAGUE_SCALES[words[0]]))
        elif len(words) == 1 and words[0] in HALF_WORDS:
            items.append(("half",))
        else:
            group = _read_word_group(words)
            if group is None:
                return False
            items.append(group)
        words.clear()
        return True

    for i, token in enumerate(tokens):
        if token[0].isdigit():
            if not flush():
                return None
            before_scale = i + 1 < len(tokens) and tokens[i + 1] in SCALES
            group = _read_digits(token, before_scale)
            if group is None:
                return None
            items.append(group)
        elif token in SCALES and not (token in VAGUE_SCALES and items == [("vague",)] and not words):
            if not flush():
                return None
            items.append(("scale", SCALES[token]))
        elif token in VAGUE_WORDS and not items and not words:
            items.append(("vague",))
        elif token in DIGIT_WORDS or token in (TEN_WORD, TENS_WORD, HUNDRED_WORD) or token in ZERO_TENS_WORDS \
                or token in HALF_WORDS or token in VAGUE_SCALES:
            words.append(token)
        else:
            return None
    return items if flush() else None


def parse_number(text: str) -> NumberReading | None:
    """Read *text* (all of it) as one number by the module's rule; None when it is not one."""
    if text.isascii() and text.isdigit():
        return NumberReading(Decimal(text))   # plain digits ("30", "2024"): what the rule reads, read at once
    return _parse_by_rule(text)


def _parse_by_rule(text: str) -> NumberReading | None:
    """``parse_number`` for any text: its tokens read as digit groups, number words, scales and vague words."""
    lowered = matching_form(text).lower()
    tokens = _TOKEN.findall(lowered)
    if not tokens or "".join(tokens) != _SPACES.sub("", lowered):
        return None
    items = _items(tokens)
    if not items:
        return None
    vague = items[0] == ("vague",)
    if vague:
        items = items[1:]
        if not items or not isinstance(items[0], tuple) or items[0][0] != "scale":
            return None
    total = Decimal(0)
    pending: _Group | None = None
    last_scale: Decimal | None = None
    first_scale: Decimal | None = None
    for item in items:
        if isinstance(item, _Group):
            if pending is not None:
                return None
            pending = item
        elif item[0] == "scale":
            scale = item[1]
            if pending is None:
                if total == 0 and not vague:
                    return None
                total = (total or Decimal(1)) * scale  # hàng trăm, một nghìn tỷ
            else:
                if last_scale is not None and scale >= last_scale:
                    return None
                total += pending.value * scale
                pending = None
            last_scale = scale
            first_scale = first_scale or scale
        elif item[0] == "half":
            if pending is not None or last_scale is None:
                return None
            total += last_scale / 2
        else:
            return None
    if pending is not None:
        if last_scale is None:
            total = pending.value
        elif pending.single_digit:
            total += pending.value * last_scale / 10
        else:
            total += pending.value * last_scale / 1000
    return NumberReading(total, vague=vague, scale=first_scale)


def read_number(text: str) -> Decimal | None:
    """The value of *text* read as one Vietnamese number (see the module docstring), or None."""
    reading = parse_number(text)
    return None if reading is None else reading.value


QUALIFIERS = ("exact", "over", "at_least", "under", "at_most", "approx", "range")


@frozen
class Amount:
    """A qualified amount: ``value`` and the bounds ``low``/``high`` its qualifier gives (DESIGN.md §1)."""

    value: Decimal
    low: Decimal | None
    high: Decimal | None
    qualifier: str


@lru_cache(maxsize=4096)   # the money, count, percent and measure patterns read the same numbers of a text
def read_amount(low: str, high: str | None = None, before: str | None = None, after: str | None = None,
                opener: str | None = None, shared_scale: bool = True) -> Amount | None:
    """Read an amount and its qualifier from the parts a pattern of extractors.patterns.quantities found.

    *low*/*high*: the number (or both ends of a range: ``40-60 triệu`` — the scale word of the high
    end applies to a low end written without one, unless *shared_scale* is false because the low end
    has a currency or unit of its own: ``từ 500.000 đồng đến 1 triệu đồng``); *before*/*after*:
    qualifier words (``trên``, ``khoảng``, ``trở lên``); *opener*: ``từ``. Bounds: exact → value/value,
    over and at_least → value/None, under and at_most → None/value, approx → None/None, range → low/high.
    None when a part is not a number or a range does not go up.
    """
    first = parse_number(low)
    if first is None:
        return None
    qualifier = "exact"
    if before:
        qualifier = QUALIFIER_BEFORE[word_key(before)]
    elif after:
        qualifier = QUALIFIER_AFTER[word_key(after)]
    elif first.vague:
        qualifier = "approx"
    if high is not None:
        second = parse_number(high)
        if second is None:
            return None
        low_value = first.value
        if shared_scale and first.scale is None and second.scale is not None:
            low_value *= second.scale
        if low_value >= second.value:
            return None
        return Amount(low_value, low_value, second.value, "range")
    value = first.value
    bounds = {
        "exact": (value, value), "over": (value, None), "at_least": (value, None),
        "under": (None, value), "at_most": (None, value), "approx": (None, None),
    }[qualifier]
    return Amount(value, bounds[0], bounds[1], qualifier)


def plain(value: Decimal | None) -> int | float | None:
    """A JSON-friendly number: an int when whole, else a float (None stays None)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


# --- writing -------------------------------------------------------------------------------------

_SCALE_NAMES = [(Decimal(10) ** 9, "tỷ"), (Decimal(10) ** 6, "triệu"), (Decimal(10) ** 3, "nghìn")]
_DIGIT_NAMES = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _digits(value: Decimal) -> str:
    """1250.5 → "1.250,5"."""
    text = format(value.normalize(), "f") if value != 0 else "0"
    whole, _, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return ".".join(groups) + ("," + fraction if fraction else "")


def _tens_words(n: int) -> list[str]:
    """1–99 in words."""
    if n < 10:
        return [_DIGIT_NAMES[n]]
    if n < 20:
        return ["mười"] + ([] if n == 10 else ["lăm" if n == 15 else _DIGIT_NAMES[n - 10]])
    tens, unit = divmod(n, 10)
    last = {0: [], 1: ["mốt"], 4: ["tư"], 5: ["lăm"]}.get(unit, [_DIGIT_NAMES[unit]])
    return [_DIGIT_NAMES[tens], "mươi", *last]


def _group_words(n: int, leading: bool) -> list[str]:
    """0–999 in words; a group after a scale word is written in full (``không trăm linh năm``)."""
    hundreds, rest = divmod(n, 100)
    if leading and hundreds == 0:
        return _tens_words(rest)
    if not leading and n == 0:
        return ["không"]
    words = [_DIGIT_NAMES[hundreds], "trăm"]
    if rest == 0:
        return words
    if rest < 10:
        return words + ["linh", _DIGIT_NAMES[rest]]
    return words + _tens_words(rest)


def _words(value: int) -> str:
    if value == 0:
        return "không"
    groups = []
    rest = value
    for scale, name in _SCALE_NAMES:
        groups.append((int(rest // scale), name))
        rest = rest % scale
    groups.append((int(rest), None))
    while groups and groups[0][0] == 0:
        groups.pop(0)
    words: list[str] = []
    for i, (group, name) in enumerate(groups):
        if all(g == 0 for g, _ in groups[i:]):
            break
        words += _group_words(group, leading=i == 0)
        if name:
            words.append(name)
    return " ".join(words)


def _scaled(value: Decimal) -> str:
    """A whole number of thousands with its scale words: "2 tỷ 350 triệu"."""
    parts = []
    rest = value
    for scale, name in _SCALE_NAMES:
        group = rest // scale
        rest = rest % scale
        if group:
            parts.append(f"{_digits(group)} {name}")
    return " ".join(parts)


def format_vietnamese(value, style: str = "digits") -> str:
    """Write a non-negative *value* the Vietnamese way.

    ``style``: ``digits`` ("1.250,5"); ``scale`` — a whole number of thousands with stacked scale
    words ("2 tỷ 350 triệu"); ``decimal`` — one scale word and a decimal ("2,35 tỷ"); ``words`` —
    an integer below 10¹² in words ("một trăm linh năm"). ValueError when the style cannot write it.
    """
    value = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if value < 0:
        raise ValueError("negative amounts are not written by this module")
    if style == "digits":
        return _digits(value)
    if style == "scale":
        if value < 1000 or value % 1000:
            raise ValueError(f"{value} is not a whole number of thousands")
        return _scaled(value)
    if style == "decimal":
        for scale, name in _SCALE_NAMES:
            if value >= scale:
                return f"{_digits(value / scale)} {name}"
        raise ValueError(f"{value} is below a thousand")
    if style == "words":
        if value != value.to_integral_value() or value >= Decimal(10) ** 12:
            raise ValueError(f"{value} is not an integer below 10^12")
        return _words(int(value))
    raise ValueError(f"unknown style {style!r}")
