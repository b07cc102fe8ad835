"""Regular expressions of Vietnamese amounts: numbers, money, counts, percentages and measures.

Every pattern is built from the small named pieces below and from the word lists of the data
files (``extractors/data/*.yaml``, ``classifiers.tsv``); all are matched, in verbose mode and
without regard to case, on ``extractors.normalize.matching_form`` of the text. Reading a matched
number is the job of ``extractors.numbers``; these patterns only find where amounts are.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.datafiles import load_tsv, load_yaml
from extractors.normalize import word_key
from extractors.patterns.trie import trie_alternation
from extractors.prescan import first_pieces, first_run, last_run

FLAGS = re.VERBOSE | re.IGNORECASE


@lru_cache(maxsize=None)
def load_classifiers() -> tuple[str, ...]:
    """The classifiers and counted nouns of ``classifiers.tsv``."""
    return tuple(row["word"].strip() for row in load_tsv("classifiers.tsv"))


def alternation(words, ignore_case: bool = True) -> str:
    """A non-capturing group matching any of *words* as written, longest first, spaces as runs of spaces;
    for a pattern compiled without regard to case (*ignore_case*), or with it.

    Written as a trie (``c(?:ăn|ây(?: giống)?)``), not as a list of the words: the regular expression
    engine tries a list one word after the other at every position, a trie one letter at a time. A longer
    word is tried before a word it extends, so the longest word that lets the rest of a pattern match wins,
    as in a list sorted longest first."""
    unique = {(w.lower() if ignore_case else w).strip() for w in words if w and w.strip()}
    return "(?:" + trie_alternation(unique, _word_piece) + ")"


def _word_piece(character: str) -> str:
    return r"\s+" if character == " " else re.escape(character)


def whole_words(words, ignore_case: bool = True) -> str:
    """Like ``alternation`` but only as whole words (no letter or digit on either side)."""
    return rf"(?<!\w){alternation(words, ignore_case)}(?!\w)"


# --- numbers ---------------------------------------------------------------------------------

_WORDS = load_yaml("number_words.yaml")


def _words_of(*sections: str, starting_only: bool = False) -> list[str]:
    return [e["word"] for s in sections for e in _WORDS[s] if not (starting_only and e.get("start") is False)]


SCALE_WORD = rf"{alternation(_words_of('scales'))}(?!\w)"
VAGUE_WORD = whole_words(_words_of("vague"))
VAGUE_SCALE_WORD = rf"{alternation(_words_of('vague_scales'))}(?!\w)"
HALF_WORD = rf"{alternation(_words_of('half'))}(?!\w)"

# Digits: "." groups thousands, "," is the decimal mark; a lone "1.5" only before a scale word.
GROUPED_DIGITS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?"        # 1.250  1.200.000  1.250,5
COMMA_GROUPED_DIGITS = r"\d{1,3}(?:,\d{3}){2,}"         # 1,200,000 (thousands written the English way)
PLAIN_DIGITS = r"\d+(?:,\d+)?"                          # 30  45,5  1,1
LONE_DECIMAL = rf"\d+\.\d{{1,2}}(?=\s*{SCALE_WORD})"    # 1.5 tỷ
DIGITS = rf"(?:{LONE_DECIMAL}|{GROUPED_DIGITS}|{COMMA_GROUPED_DIGITS}|{PLAIN_DIGITS})"
# After a scale word, a short group of digits that continues the amount: "2 tỷ 350", "1 tỷ 200 triệu".
TAIL_DIGITS = r"\d{1,3}(?![\d]|[.,]\d)"

# A number never starts inside a word, a number, a date or a document number ("121/2017/TT-BTC",
# "Covid-19") and never stops before more of one ("0269.3853.120", "05-CT/TW", "15/11").
NUMBER_START = r"(?<![\w.,/\-–])"
NUMBER_END = r"(?![.,]?\d|/\d|[\-–]\w)"

STARTING_NUMBER_WORD = whole_words(_words_of("digits", "tens", starting_only=True))
NUMBER_WORD = alternation(_words_of("digits", "tens", "hundreds", "zero_tens", "half", "scales"))
# Repeats are bounded (a number has few words), so no input makes a search slow.
WORD_NUMBER = rf"""(?:{STARTING_NUMBER_WORD}(?:\s+{NUMBER_WORD}(?!\w)){{0,30}})"""

DIGIT_AMOUNT = rf"""
    (?: {DIGITS}
        (?: (?: \s* {SCALE_WORD} ){{1,3}}
            (?: \s+ {HALF_WORD} )?
            (?: \s+ {TAIL_DIGITS} (?: \s* {SCALE_WORD} ){{0,2}} ){{0,3}}
        )?
    )"""
VAGUE_AMOUNT = rf"""(?: {VAGUE_WORD} \s+ {VAGUE_SCALE_WORD} (?: \s+ {SCALE_WORD} ){{0,2}} )"""
# Any one amount: "hàng trăm", "2 tỷ 350 triệu", "1,1 tỷ", "ba mươi mốt", "hai triệu rưỡi".
AMOUNT = rf"(?:{VAGUE_AMOUNT}|{DIGIT_AMOUNT}|{WORD_NUMBER})"
AMOUNT_PATTERN = re.compile(AMOUNT, FLAGS)

# --- qualifiers and ranges ---------------------------------------------------------------------

_QUALIFIERS = load_yaml("qualifiers.yaml")
QUALIFIER_BEFORE = {word_key(w): e["qualifier"] for e in _QUALIFIERS["before"] for w in e["words"]}
QUALIFIER_AFTER = {word_key(w): e["qualifier"] for e in _QUALIFIERS["after"] for w in e["words"]}
BEFORE_WORDS = whole_words(QUALIFIER_BEFORE)
AFTER_WORDS = whole_words(QUALIFIER_AFTER)
RANGE_OPENER = whole_words([_QUALIFIERS["range_opener"]["word"]])
_JOINERS = [e["word"] for e in _QUALIFIERS["range_joiners"]]
_DASHES = "".join(re.escape(j) for j in _JOINERS if len(j) == 1)
JOINER = rf"(?:\s*[{_DASHES}]\s*|\s+{whole_words(j for j in _JOINERS if len(j) > 1)}\s+)"

# "trên 2 tỷ", "từ 40", "khoảng từ 5": the words opening an amount.
LEAD = rf"(?: (?P<before> {BEFORE_WORDS} ) \s+ )? (?: (?P<opener> {RANGE_OPENER} ) \s+ )?"
TRAIL = rf"(?: \s+ (?P<after> {AFTER_WORDS} ) )?"

# --- money ---------------------------------------------------------------------------------------

_CURRENCIES = load_yaml("currencies.yaml")
CURRENCY_OF = {word_key(w): c["code"] for c in _CURRENCIES["currencies"] for w in c["after"] + c["before"]}
_DONG_COMPOUNDS = whole_words(_CURRENCIES["dong_not_currency_before"])
# "đồng" is the currency unless it begins a word like "đồng bào"; "đ" only standing alone.
_DONG = rf"đồng(?!\w)(?!\s+{_DONG_COMPOUNDS})"
_OTHER_AFTER = [w for c in _CURRENCIES["currencies"] for w in c["after"] if w.lower() != "đồng"]
CURRENCY_AFTER = rf"(?:{_DONG}|{alternation(_OTHER_AFTER)}(?![\w₫€$]))"
CURRENCY_BEFORE_WORDS = tuple(w for c in _CURRENCIES["currencies"] for w in c["before"])
CURRENCY_BEFORE = rf"(?:{alternation(CURRENCY_BEFORE_WORDS)})"
MONEY_CUE = whole_words(_CURRENCIES["money_cues"])

_MEASURES = load_yaml("measure_units.yaml")
_UNITS = _MEASURES["units"]
UNIT_OF = {word_key(w): u["unit"] for u in _UNITS for w in u["words"]}
# A rate's denominator, written after a slash: "/hội viên/tháng", "/căn" (a rate only in words,
# "mỗi căn", has none): a known noun or unit, else one word.
_DENOMINATORS = [*load_classifiers(), *_CURRENCIES["rate_denominators"], *UNIT_OF]
PER_SEGMENT = rf"(?:{alternation(_DENOMINATORS)}(?![\w²³])|[^\W\d_]+)"
PER = rf"(?P<per> (?: \s* / \s* {PER_SEGMENT} ){{1,3}} )?"

_MONEY_RANGE_SHARED = rf"""
    {LEAD}
    {NUMBER_START} (?P<low> {AMOUNT} ) {JOINER} (?P<high> {AMOUNT} ) {NUMBER_END}
    \s* (?P<currency> {CURRENCY_AFTER} ) {PER} {TRAIL}
"""
_MONEY_RANGE_EACH = rf"""
    {LEAD}
    {NUMBER_START} (?P<low> {AMOUNT} ) {NUMBER_END} \s* (?P<low_currency> {CURRENCY_AFTER} )
    {JOINER} (?P<high> {AMOUNT} ) {NUMBER_END} \s* (?P<currency> {CURRENCY_AFTER} ) {PER} {TRAIL}
"""
_MONEY_CURRENCY_AFTER = rf"""
    {LEAD}
    {NUMBER_START} (?P<low> {AMOUNT} ) {NUMBER_END} \s* (?P<currency> {CURRENCY_AFTER} ) {PER} {TRAIL}
"""
_MONEY_CURRENCY_BEFORE = rf"""
    {LEAD}
    (?P<currency> {CURRENCY_BEFORE} ) \s* {NUMBER_START} (?P<low> {DIGIT_AMOUNT} ) {NUMBER_END} {PER} {TRAIL}
"""
# "tổng kinh phí 1,5 tỷ": no currency, but a money word before an amount in millions or billions;
# a counted noun right after the amount makes it a count, not money ("ủng hộ 1 triệu khẩu trang").
COUNTED_NOUN = whole_words(load_classifiers())
_MONEY_BY_CUE = rf"""
    (?P<cue> {MONEY_CUE} ) (?: \s+ là | \s* : )? \s+
    {LEAD}
    {NUMBER_START}
    (?P<low> {DIGITS} \s* (?:triệu|tỷ|tỉ)(?!\w) (?: \s+ {TAIL_DIGITS} (?: \s* {SCALE_WORD} ){{0,2}} ){{0,3}} )
    {NUMBER_END} (?! \s* (?: {CURRENCY_AFTER} | {SCALE_WORD} | % ) | \s+ {COUNTED_NOUN} ) {PER} {TRAIL}
"""
# "lương 5 triệu/tháng": no currency, but a rate of an amount in thousands, millions or billions.
_MONEY_RATE = rf"""
    {LEAD}
    {NUMBER_START} (?P<low> {DIGITS} \s* {SCALE_WORD} (?: \s+ {TAIL_DIGITS} (?: \s* {SCALE_WORD} ){{0,2}} ){{0,3}} )
    {NUMBER_END} (?P<per> (?: \s* / \s* {PER_SEGMENT} ){{1,3}} ) {TRAIL}
"""
# What every money pattern holds, read once: an amount (or a range) then a currency or a rate's slash, a
# currency written first, or a money cue. Where this fails no money pattern matches, so none is tried.
MONEY_GATE = re.compile(
    rf"""
    {LEAD} (?: {NUMBER_START} {AMOUNT} (?: {JOINER} {AMOUNT} )? {NUMBER_END} \s* (?: {CURRENCY_AFTER} | / )
             | {CURRENCY_BEFORE} )
  | {MONEY_CUE}
    """,
    FLAGS,
)
MONEY_CURRENCY_FIRST, MONEY_BY_CUE = re.compile(_MONEY_CURRENCY_BEFORE, FLAGS), re.compile(_MONEY_BY_CUE, FLAGS)
# In order of preference when two match the same span.
MONEY_PATTERNS = (
    *(re.compile(p, FLAGS) for p in (_MONEY_RANGE_EACH, _MONEY_RANGE_SHARED, _MONEY_CURRENCY_AFTER)),
    MONEY_CURRENCY_FIRST,
    MONEY_BY_CUE,
    re.compile(_MONEY_RATE, FLAGS),
)
# The branch of AMOUNT_GATE (below) each money pattern opens as, named by its group: a currency written first, a money
# cue, or else an amount with money's tail ("money").
MONEY_PATTERN_BRANCH = {MONEY_CURRENCY_FIRST: "currency_first", MONEY_BY_CUE: "cue"}

# --- percentages and measures ---------------------------------------------------------------------

PERCENT_WORDS = ["phần trăm"]
PERCENT_SIGN = rf"(?:%|\s*{alternation(PERCENT_WORDS)}(?!\w))"
PERCENT_PATTERNS = tuple(
    re.compile(p, FLAGS)
    for p in (
        rf"""{LEAD} {NUMBER_START} (?P<low> {AMOUNT} ) {NUMBER_END} \s* % {JOINER} (?P<high> {AMOUNT} ) {NUMBER_END}
             \s* {PERCENT_SIGN} {TRAIL}""",
        rf"""{LEAD} {NUMBER_START} (?P<low> {AMOUNT} ) {JOINER} (?P<high> {AMOUNT} ) {NUMBER_END}
             \s* {PERCENT_SIGN} {TRAIL}""",
        rf"""{LEAD} {NUMBER_START} (?P<low> {AMOUNT} ) {NUMBER_END} \s* {PERCENT_SIGN} {TRAIL}""",
    )
)

# What every percentage pattern holds, read once: an amount or a range, then the sign.
PERCENT_GATE = re.compile(
    rf"""{LEAD} {NUMBER_START} {AMOUNT} (?: {JOINER} {AMOUNT} )? {NUMBER_END} \s* {PERCENT_SIGN}""", FLAGS
)

# Every percentage holds its sign: a text without one has none ("91,8%", "70 phần trăm").
ANY_PERCENT_SIGN = re.compile(rf"% | {alternation(PERCENT_WORDS)}(?!\w)", FLAGS)
# What a text holds wherever the words of a percent sign are written: without one of them (or "%"), it holds no sign.
PERCENT_WORD_PIECES = first_pieces(PERCENT_WORDS)

_NOT_A_UNIT_BEFORE = {word_key(entry["word"]): entry["before"] for entry in _MEASURES["not_a_unit_before"]}


def _unit_end(word: str) -> str:
    """Where a unit word ends: not glued to a word, and not before the words that make it another word."""
    after = _NOT_A_UNIT_BEFORE.get(word.strip().lower())
    return r"(?![\w²³])" + (rf"(?!\s+{whole_words(after)})" if after else "")


# "14 km", "3,5 ha", "10 kg" (but "2 ký túc xá", "năm 2023 ký kết" are no measures).
_UNIT_WORDS = trie_alternation({w.strip().lower() for w in UNIT_OF}, _word_piece, lambda word: _unit_end("".join(word)))
MEASURE_UNIT = rf"(?P<unit> (?:{_UNIT_WORDS}) )"
# What every measure pattern holds, read once: an amount or a range, then a unit of measure.
MEASURE_GATE = re.compile(
    rf"""{LEAD} {NUMBER_START} {AMOUNT} (?: {JOINER} {AMOUNT} )? {NUMBER_END} \s* {MEASURE_UNIT}""", FLAGS
)
MEASURE_PATTERNS = tuple(
    re.compile(p, FLAGS)
    for p in (
        rf"""{LEAD} {NUMBER_START} (?P<low> {AMOUNT} ) {JOINER} (?P<high> {AMOUNT} ) {NUMBER_END}
             \s* {MEASURE_UNIT} {PER} {TRAIL}""",
        rf"""{LEAD} {NUMBER_START} (?P<low> {AMOUNT} ) {NUMBER_END} \s* {MEASURE_UNIT} {PER} {TRAIL}""",
    )
)

# --- counts ------------------------------------------------------------------------------------------

CLASSIFIER = rf"(?P<unit> {alternation(load_classifiers())} ) (?!\w)"
CLASSIFIER_SPELLING = {word_key(w): w for w in load_classifiers()}
COUNT_PATTERNS = tuple(
    re.compile(p, FLAGS)
    for p in (
        rf"""{LEAD} {NUMBER_START} (?P<low> {AMOUNT} ) {JOINER} (?P<high> {AMOUNT} ) {NUMBER_END}
             \s+ {CLASSIFIER}""",
        rf"""{LEAD} {NUMBER_START} (?P<low> {AMOUNT} ) {NUMBER_END} \s+ {CLASSIFIER}""",
    )
)

# What every count pattern holds, read once: an amount or a range, then a classifier.
COUNT_GATE = re.compile(
    rf"""{LEAD} {NUMBER_START} {AMOUNT} (?: {JOINER} {AMOUNT} )? {NUMBER_END} \s+ {CLASSIFIER}""", FLAGS
)

# What every count, measure and percentage gate holds, read once at a start for the three: an amount or a range,
# then a classifier, a unit of measure or a percent sign (the tails of COUNT_GATE, MEASURE_GATE and PERCENT_GATE, in
# groups named by the kind, tried in that order). Where it fails none of the three gates matches; the group it matched
# with names a gate that matches.
QUANTITY_TAIL = rf"""(?: \s+ (?P<count> {alternation(load_classifiers())} ) (?!\w)
                      | \s* (?P<measure> (?:{_UNIT_WORDS}) )
                      | \s* (?P<percent> {PERCENT_SIGN} ) )"""
# The words of each kind's tail, in the order QUANTITY_TAIL tries the kinds (the percent sign is also written "%", which
# begins no word of another kind).
QUANTITY_TAIL_WORDS = {"count": load_classifiers(), "measure": tuple(UNIT_OF), "percent": tuple(PERCENT_WORDS)}
QUANTITY_GATE = re.compile(
    rf"""{LEAD} {NUMBER_START} {AMOUNT} (?: {JOINER} {AMOUNT} )? {NUMBER_END} {QUANTITY_TAIL}""",
    FLAGS,
)

# MONEY_GATE and QUANTITY_GATE in one, read once at a start for both: an amount or a range, then the tail of either
# (money's in the group ``money``, a quantity's in the group named by its kind), or what else opens money (a currency
# written first, a money cue). Where it fails neither gate matches; the group it matched with names the gate that
# matches (which of the two, and for QUANTITY_GATE with which tail), and the other fails: the two never both match at
# one start (extractors.amounts.GateReads says why), and a money pattern matches only where it matched with the
# branch the pattern opens as (MONEY_PATTERN_BRANCH; extractors.amounts.MoneyGate says why).
AMOUNT_GATE = re.compile(
    rf"""
    {LEAD} (?: {NUMBER_START} {AMOUNT} (?: {JOINER} {AMOUNT} )? {NUMBER_END}
               (?: \s* (?P<money> {CURRENCY_AFTER} | / ) | {QUANTITY_TAIL} )
             | (?P<currency_first> {CURRENCY_BEFORE} ) )
  | (?P<cue> {MONEY_CUE} )
    """,
    FLAGS,
)

# "640 bình lọc nước": digits before a word that no classifier list holds; whether that word names a thing
# counted is the tagger's call (extractors/quantities.py). The empty ``unit`` group ends at the number.
BARE_COUNT_PATTERNS = (
    re.compile(rf"""{LEAD} {NUMBER_START} (?P<low> {DIGITS} ) {NUMBER_END} (?P<unit>) (?= [ ]{{1,2}} [^\W\d_] )""",
               FLAGS),
)

_OBJECT = load_yaml("object_stopwords.yaml")
OBJECT_MAX_WORDS = int(_OBJECT["max_words"])
NOMINALIZING_CLASSIFIERS = frozenset(word_key(w) for w in _OBJECT["nominalizing_classifiers"]["words"])
NOUN_PHRASE_END_TAGS = frozenset(_OBJECT["noun_phrase_end_tags"])
VERB_TAGS = frozenset(_OBJECT["verb_tags"])
BARE_COUNT_TAGS = frozenset(_OBJECT["bare_count_tags"])
OBJECT_STOPWORD = re.compile(rf"\s+{whole_words(_OBJECT['stopwords'])}", FLAGS)
OBJECT_WORD = re.compile(r"[ ]+(?P<word>[^\W\d_]+(?:-[^\W\d_]+)?)(?![\w/])", FLAGS)

_NOT_COUNT = load_yaml("not_count_context.yaml")
_NOT_COUNT_BEFORE_WORDS = [w for e in _NOT_COUNT["before"] if not e.get("case_sensitive") for w in e["words"]]
_NOT_COUNT_BEFORE_NAMES = [w for e in _NOT_COUNT["before"] if e.get("case_sensitive") for w in e["words"]]
NOT_COUNT_BEFORE = re.compile(rf"{whole_words(_NOT_COUNT_BEFORE_WORDS)}\s*$", FLAGS)
NOT_COUNT_BEFORE_NAME = re.compile(rf"{whole_words(_NOT_COUNT_BEFORE_NAMES, False)}\s*$", re.VERBOSE)


# What a match of NOT_COUNT_BEFORE (in lower case) or NOT_COUNT_BEFORE_NAME (as written) ends with, before the spaces
# up to the number: the last run of one of its words.
NOT_COUNT_BEFORE_ENDS = frozenset(last_run(w).lower() for w in _NOT_COUNT_BEFORE_WORDS)
NOT_COUNT_BEFORE_NAME_ENDS = frozenset(last_run(w) for w in _NOT_COUNT_BEFORE_NAMES)
NOT_COUNT_AFTER = re.compile(
    rf"\s+{whole_words(w for e in _NOT_COUNT['after'] for w in e['words'])}", FLAGS
)
AMBIGUOUS_NUMBER_WORDS = frozenset(word_key(w) for w in _NOT_COUNT["ambiguous_number_words"]["words"])
# A year written alone (1945, 2020) is not a count: counts of a thousand or more are written 1.250.
YEAR_LIKE = re.compile(r"(?:19|20)\d\d")

# --- where an amount pattern can begin (the pre-scan of extractors.prescan) ----------------------------
# Every pattern above begins with a qualifier, "từ", a money cue, a vague word or a number word (all whole
# words: "trên 2 tỷ", "kinh phí 1,5 tỷ", "hàng trăm", "ba mươi"), with digits after no letter or digit
# (NUMBER_START), or with a currency written first ("VNĐ 500.000"). So a match starts either where a run of
# letters and digits (``\w+``) starts that is all the first syllable of one of those words or begins with a
# digit, or where a currency written first begins.
_LEADING_WORDS = [
    *QUALIFIER_BEFORE, _QUALIFIERS["range_opener"]["word"], *_CURRENCIES["money_cues"],
    *_words_of("vague"), *_words_of("digits", "tens", starting_only=True),
]


LEADING_SYLLABLE = re.compile(rf"\d\w* | {alternation(first_run(w) for w in _LEADING_WORDS)}", FLAGS)
# The word part of LEADING_SYLLABLE as a list: the first runs of the leading words, in any case.
LEADING_RUNS = frozenset(first_run(w) for w in _LEADING_WORDS)
CURRENCY_FIRST = re.compile(rf"(?={CURRENCY_BEFORE})", FLAGS)
# What a text holds wherever a currency is written first ("VNĐ", "US$"): without one, CURRENCY_FIRST is not tried.
CURRENCY_FIRST_PIECES = first_pieces(CURRENCY_BEFORE_WORDS)
# What every amount pattern above begins with: its qualifier and range opener, then digits, a number word or a
# vague word (or a currency written first), or a money cue. A start where this fails starts no amount, so the
# patterns are not tried there ("trên địa bàn", "từ khi": a qualifier or opener that opens no number).
AMOUNT_OPENING = re.compile(
    rf"""{LEAD} (?: {NUMBER_START} (?: \d | {STARTING_NUMBER_WORD} | {VAGUE_WORD} ) | {CURRENCY_BEFORE} ) | {MONEY_CUE}""",
    FLAGS,
)
