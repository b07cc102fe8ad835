"""Counts (30 căn nhà), percentages (91,8%) and measures (14 km, 3,5 ha) in Vietnamese text.

* A count is a number (digits or words, possibly qualified or a range) followed by a classifier or
  counted noun of ``extractors/data/classifiers.tsv`` (the longest one is the ``unit``); the words
  after it, up to a stop-word of ``object_stopwords.yaml``, punctuation or a number, are its
  ``object``: ``442 lượt hộ nghèo với …`` → unit ``lượt``, object ``hộ nghèo``. An object of two words
  or more ends where its noun phrase ends (``120 hộ nghèo xây nhà`` → object ``nghèo``), by the words
  and parts of speech of underthesea's tagger, run on that short phrase only and cached; an object that is
  one counted noun of the list is whole without the tagger (``442 lượt hội viên`` → ``hội viên``).
* Things counted without a listed classifier (``640 bình lọc nước``): digits, then a word the tagger reads
  as a noun; ``unit`` is that word, ``object`` the rest of its noun phrase.
* Not counts (``not_count_context.yaml``): a number after an ordinal, name, date or document word
  (``lần thứ 11``, ``thôn 2``, ``năm 2019``, ``Quyết định 23``); a duration, age or frequency
  (``10 năm``, ``67 tuổi``, ``2 lần``); a year written alone (``2020``); a lone ``một`` (the
  indefinite article) or ``năm`` (year) without a qualifier (``ít nhất một phần việc`` is a count,
  ``1 năm báo cáo`` is not); a number word that ends a name (``ông Đinh Văn Ba người Bahnar``, the
  rule of ``extractors.amounts.scan`` for every amount); and any number that is part of a money
  amount, a percentage or a measure (those win the overlap).
* A percentage is a number with ``%`` or ``phần trăm``; a measure is a number with a unit of
  ``measure_units.yaml`` (the canonical unit is reported) that is not the start of another word
  there (``ký`` is a kilogram, but not in ``ký kết``, ``2 ký túc xá``).
Numbers are read by ``extractors.numbers``; overlaps resolved by ``extractors.overlap``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache, partial
from typing import Iterable

from extractors.amounts import (
    CaseBlind, Opening, amount_form, gate_reads, mention_start, rate_denominator, scan, tail_run_of, written,
)
from extractors.money import find_money
from extractors.normalize import nfc, word_key
from extractors.numbers import plain, read_amount
from extractors.overlap import SpanIndex
from extractors.prescan import holds_any, in_lower_case, word_runs
from extractors.patterns.quantities import (
    AMBIGUOUS_NUMBER_WORDS,
    ANY_PERCENT_SIGN,
    BARE_COUNT_PATTERNS,
    BARE_COUNT_TAGS,
    CLASSIFIER_SPELLING,
    COUNT_GATE,
    COUNT_PATTERNS,
    MEASURE_GATE,
    MEASURE_PATTERNS,
    NOT_COUNT_AFTER,
    NOT_COUNT_BEFORE,
    NOT_COUNT_BEFORE_ENDS,
    NOT_COUNT_BEFORE_NAME,
    NOT_COUNT_BEFORE_NAME_ENDS,
    NOMINALIZING_CLASSIFIERS,
    NOUN_PHRASE_END_TAGS,
    OBJECT_MAX_WORDS,
    OBJECT_STOPWORD,
    OBJECT_WORD,
    PERCENT_GATE,
    PERCENT_PATTERNS,
    PERCENT_WORD_PIECES,
    QUANTITY_TAIL_WORDS,
    UNIT_OF,
    VERB_TAGS,
    YEAR_LIKE,
)
from extractors.results import Result, frozen
from extractors.tagging import pos_tagger

Number = int | float


@frozen
class Count(Result):
    """A number of things: ``value`` (``low``/``high`` by the qualifier), ``unit`` (classifier) and ``object``."""

    value: Number
    low: Number | None
    high: Number | None
    qualifier: str
    unit: str
    object: str | None


@frozen
class Percent(Result):
    """A percentage: ``value`` in percent (``91,8%`` → 91.8)."""

    value: Number
    low: Number | None
    high: Number | None
    qualifier: str


@frozen
class Measure(Result):
    """A measured quantity: ``value`` in ``unit`` (canonical: km, m2, ha, tấn, kg …), ``per`` for rates."""

    value: Number
    low: Number | None
    high: Number | None
    qualifier: str
    unit: str
    per: str | None


class _SharedGate(Opening):
    """The gate of one kind of quantity (``count``, ``measure`` or ``percent``) for ``amounts.scan``, read through
    QUANTITY_GATE (``amounts.GateReads.tail``), which is matched once per start for the three kinds: where it fails the
    kind's gate fails, where it matched with this kind's tail the kind's gate matches. Otherwise the kind's own gate
    is tried only where the tail found is of a kind QUANTITY_TAIL tries before this one and begins with letters and
    digits that one of this kind's words begins with (``GateReads.tail_run``: ``5 cây số`` is read with the classifier
    ``cây``; ``70 phần trăm`` with ``phần``). A measure's or percentage's tail begins only at the end of the longest
    reading of the amount, and a count's there or after "linh", where no other does (``GateReads``). At one place
    QUANTITY_TAIL tries the kinds in turn: one it tries after the kind found may begin there too, but only with the
    same first letters and digits (the words are whole); one it tries before failed there."""

    def __init__(self, kind: str, gate: re.Pattern):
        self.kind, self.gate = kind, CaseBlind(gate)
        kinds = list(QUANTITY_TAIL_WORDS)
        self.tried_before = frozenset(kinds[:kinds.index(kind)])
        self.first_runs = frozenset(tail_run_of(word) for word in QUANTITY_TAIL_WORDS[kind])

    def opening(self, form: str, starts: Iterable[int]) -> list[int]:
        """Those of *starts* where the kind's gate matches in *form*, in order."""
        reads = gate_reads(form)
        tail, tail_run, own, kind = reads.tail, reads.tail_run, self.gate.matcher(form), self.kind
        tried_before, first_runs = self.tried_before, self.first_runs
        return [start for start in starts
                if (found := tail(start)) == kind or (found in tried_before and tail_run[start] in first_runs
                                                      and own(start) is not None)]


_ANY_PERCENT_SIGN = CaseBlind(ANY_PERCENT_SIGN)
_NOT_COUNT_BEFORE, _NOT_COUNT_AFTER = CaseBlind(NOT_COUNT_BEFORE), CaseBlind(NOT_COUNT_AFTER)
_OBJECT_STOPWORD, _OBJECT_WORD = CaseBlind(OBJECT_STOPWORD), CaseBlind(OBJECT_WORD)
_PERCENT_PATTERNS, _MEASURE_PATTERNS, _COUNT_PATTERNS, _BARE_COUNT_PATTERNS = (
    tuple(map(CaseBlind, patterns))
    for patterns in (PERCENT_PATTERNS, MEASURE_PATTERNS, COUNT_PATTERNS, BARE_COUNT_PATTERNS))


def _amount(groups: dict[str, str | None]):
    """The amount of a match's groups as written (``amounts.written``)."""
    return read_amount(groups["low"], groups.get("high"), groups["before"], groups.get("after"), groups["opener"])


def _percent(text: str, form: str, match: re.Match) -> Percent | None:
    amount = _amount(written(form, match))
    if amount is None:
        return None
    start, end = mention_start(match), match.end()
    return Percent(text[start:end], start, end, plain(amount.value), plain(amount.low), plain(amount.high),
                   amount.qualifier)


_PERCENT_GATE, _MEASURE_GATE, _COUNT_GATE = (
    _SharedGate("percent", PERCENT_GATE), _SharedGate("measure", MEASURE_GATE), _SharedGate("count", COUNT_GATE))


def _holds_a_percent_sign(form: str) -> bool:
    """Whether ANY_PERCENT_SIGN matches in *form*: it does wherever "%" is written, and its words only in a text that
    holds their first piece (PERCENT_WORD_PIECES), where it is searched."""
    return "%" in form or holds_any(form, PERCENT_WORD_PIECES) and _ANY_PERCENT_SIGN.found_in(form)


@lru_cache(maxsize=32)
def _find_percents(text: str) -> tuple[Percent, ...]:
    if not _holds_a_percent_sign(amount_form(text)):
        return ()
    return scan(text, _PERCENT_PATTERNS, _percent, gate=_PERCENT_GATE)


def find_percents(text: str) -> list[Percent]:
    """Every percentage in *text* (``hơn 70%``, ``từ 21,6%``, ``70-80%``), offsets into ``nfc(text)``."""
    return list(_find_percents(nfc(text)))


def _measure(text: str, form: str, match: re.Match) -> Measure | None:
    groups = written(form, match)
    amount = _amount(groups)
    if amount is None:
        return None
    start, end = mention_start(match), match.end()
    return Measure(text[start:end], start, end, plain(amount.value), plain(amount.low), plain(amount.high),
                   amount.qualifier, UNIT_OF[word_key(groups["unit"])], rate_denominator(text, match))


@lru_cache(maxsize=32)
def _find_measures(text: str) -> tuple[Measure, ...]:
    return scan(text, _MEASURE_PATTERNS, _measure, gate=_MEASURE_GATE)


def find_measures(text: str) -> list[Measure]:
    """Every measure in *text* (``14 km``, ``1.250 m2``, ``3,5 ha``, ``12 tấn``), offsets into ``nfc(text)``."""
    return list(_find_measures(nfc(text)))


def _object_words(form: str, position: int) -> list[int]:
    """The ends of the words after a count's unit, up to a stop-word, punctuation or a number (two words
    past the longest object, to see whether the last word of the object goes on); the words are read as ``CaseBlind``
    reads (only their offsets are used)."""
    (stopword, subject), (object_word, _) = _OBJECT_STOPWORD.reading(form), _OBJECT_WORD.reading(form)
    ends = []
    end = position
    for _ in range(OBJECT_MAX_WORDS + 2):
        if stopword.match(subject, end):
            break
        word = object_word.match(subject, end)
        if word is None:
            break
        end = word.end()
        ends.append(end)
    return ends


class _Tagging:
    """The short phrases one text may have tagged: one per TAGGING_CHARACTERS characters of it (at least
    TAGGING_AT_LEAST), twice what the densest annotated article needs, so that no text, however full of
    numbers, makes the tagger's cost grow past a fixed share of the reading. A phrase past that allowance is
    read without its tags (the object up to a stop-word; no count without a listed classifier). The allowance
    counts distinct phrases of this text, so the facts found depend on the text alone."""

    def __init__(self, text: str):
        self.left = max(TAGGING_AT_LEAST, len(text) // TAGGING_CHARACTERS)
        self.seen: set[str] = set()

    def tags(self, phrase: str) -> tuple[tuple[str, str], ...] | None:
        if phrase not in self.seen:
            if self.left <= 0:
                return None
            self.left -= 1
            self.seen.add(phrase)
        return _tag(phrase)


TAGGING_CHARACTERS = 150
TAGGING_AT_LEAST = 16


def _object(form: str, text: str, position: int, unit: str, tagging: _Tagging,
            mode: str = "plain") -> tuple[str | None, int]:
    """The object phrase after a count's unit, and where it ends: the words after the unit, cut where their
    noun phrase ends when there are two or more (``hộ`` + ``nghèo xây nhà`` → ``nghèo``), never inside a word."""
    ends = _object_words(form, position)
    if len(ends) >= 2:
        phrase = " ".join(text[position:ends[-1]].split())
        if len(ends) <= OBJECT_MAX_WORDS and word_key(phrase) in CLASSIFIER_SPELLING:
            kept = len(ends)   # one listed counted noun, the object whole: "442 lượt hội viên", "2 chiếc xe đạp"
        else:
            kept = _noun_phrase_length(" ".join(unit.split()), phrase, mode, tagging)
        ends = ends[:kept] if kept is not None else ends[:OBJECT_MAX_WORDS]
    end = ends[-1] if ends else position
    phrase = text[position:end].strip()
    return (" ".join(phrase.split()) or None), end


def _unit_mode(unit: str) -> str:
    return "nominal" if word_key(unit) in NOMINALIZING_CLASSIFIERS else "plain"


def _noun_phrase_length(unit: str, phrase: str, mode: str, tagging: _Tagging) -> int | None:
    """How many words (syllables) of *phrase*, written after *unit*, its noun phrase holds, by underthesea's
    words and tags of ``unit + phrase``, up to a preposition or conjunction, or a verb with more words after
    it (``hộ nghèo xây nhà``; a verb that ends the phrase stays: ``súng tự chế``), at most OBJECT_MAX_WORDS,
    whole words only. *mode* ``nominal``: the first word may be a verb (``cuộc
    giám sát``); ``thing``: a verb and a noun right after the unit name its use (``bình lọc nước``).
    None without a tagger or past the text's allowance of tagged phrases."""
    tagged = tagging.tags(f"{unit} {phrase}" if unit else phrase)
    if tagged is None:
        return None
    unit_syllables, consumed, words = len(unit.split()), 0, []
    for word, tag in tagged:
        size = len(word.split())
        if consumed < unit_syllables:
            consumed += size
            if consumed > unit_syllables:
                words.append((consumed - unit_syllables, "N"))  # one word with the unit ("hội thẩm nhân dân")
            continue
        words.append((size, tag))
    if sum(size for size, _ in words) != len(phrase.split()):
        return None
    kept = 0
    for index, (size, tag) in enumerate(words):
        if tag in NOUN_PHRASE_END_TAGS:
            break
        if tag in VERB_TAGS and index + 1 < len(words):
            first_allowed = index == 0 and (mode == "nominal" or (mode == "thing" and words[1][1] not in VERB_TAGS
                                                                   and words[1][1] not in NOUN_PHRASE_END_TAGS))
            if not first_allowed:
                break
        if kept + size > OBJECT_MAX_WORDS:
            break
        kept += size
    return kept


@lru_cache(maxsize=8192)
def _tag(phrase: str) -> tuple[tuple[str, str], ...] | None:
    """underthesea's words and part-of-speech tags of a short phrase; None when underthesea is missing."""
    tagger = _tagger()
    return None if tagger is None else tuple((word, tag) for word, tag in tagger(phrase))


def _tagger():
    """The shared tagger (``extractors.tagging``); None without underthesea."""
    return pos_tagger()


def _is_count(form: str, match: re.Match, groups: dict[str, str | None]) -> bool:
    """False when the words around the number make it a name, date, duration … (not_count_context.yaml); *groups*:
    the match's groups as written. The words of no case are read as ``CaseBlind`` reads (only whether and where they
    match is used)."""
    lead_start = match.start(0)
    window = max(0, lead_start - 30)
    (before, subject), (after, _) = _NOT_COUNT_BEFORE.reading(form), _NOT_COUNT_AFTER.reading(form)
    if _may_end_a_word_before(form, lead_start) and (before.search(subject, window, lead_start)
                                                     or NOT_COUNT_BEFORE_NAME.search(form, window, lead_start)):
        return False
    low = groups["low"]
    if groups.get("high") is None and YEAR_LIKE.fullmatch(low):
        return False
    if not low[0].isdigit() and groups["before"] is None and groups.get("high") is None:
        if word_key(low) in AMBIGUOUS_NUMBER_WORDS:
            return False
    number_end = match.end("high") if groups.get("high") is not None else match.end("low")
    duration = after.match(subject, number_end)
    return duration is None or duration.end() < match.end("unit")


def _may_end_a_word_before(form: str, position: int) -> bool:
    """Whether NOT_COUNT_BEFORE or NOT_COUNT_BEFORE_NAME may match up to *position* of *form*. Each of their words ends
    with a run of letters and digits, and only spaces may follow it: a match ends with the last run before *position*
    (``prescan.word_runs``), only spaces after it, and that run is the last run of one of their words
    (NOT_COUNT_BEFORE_ENDS in the form in lower case, NOT_COUNT_BEFORE_NAME_ENDS as written). Without the form in
    lower case, or at a position inside a run, both are searched."""
    lower_case = in_lower_case(form)
    starts, runs, _ = word_runs(form)
    at = bisect_left(starts, position) - 1
    if lower_case is None or at >= 0 and starts[at] + len(runs[at]) > position:
        return True
    if at < 0:
        return False
    start, end = starts[at], starts[at] + len(runs[at])
    if end < position and not form[end:position].isspace():
        return False
    return lower_case[start:end] in NOT_COUNT_BEFORE_ENDS or runs[at] in NOT_COUNT_BEFORE_NAME_ENDS


def _blocked_spans(text: str) -> SpanIndex:
    """Spans whose digits belong to another kind: money, percentages, measures."""
    return SpanIndex((r.start, r.end) for r in (*find_money(text), *_find_percents(text), *_find_measures(text)))


def _count(blocked: SpanIndex, tagging: _Tagging, text: str, form: str, match: re.Match) -> Count | None:
    groups = written(form, match)
    if not _is_count(form, match, groups):
        return None
    number_end = match.end("high") if groups.get("high") is not None else match.end("low")
    if blocked.overlaps(match.start("low"), number_end):
        return None
    amount = _amount(groups)
    if amount is None:
        return None
    unit = groups["unit"]
    obj, end = _object(form, text, match.end("unit"), unit, tagging, _unit_mode(unit))
    start = mention_start(match)
    return Count(text[start:end], start, end, plain(amount.value), plain(amount.low), plain(amount.high),
                 amount.qualifier, CLASSIFIER_SPELLING[word_key(unit)], obj)


def _bare_count(blocked: SpanIndex, counted: SpanIndex, tagging: _Tagging, text: str, form: str,
                match: re.Match) -> Count | None:
    """Digits before a word no classifier list holds: a count when the tagger reads that word as a noun."""
    if blocked.overlaps(match.start("low"), match.end("low")) or counted.overlaps(match.start(), match.end("low")):
        return None
    groups = written(form, match)
    if not _is_count(form, match, groups):
        return None
    ends = _object_words(form, match.end("low"))
    if not ends:
        return None
    phrase = " ".join(text[match.end("low"):ends[-1]].split())
    if not phrase[0].islower():
        return None  # "Đội 3 Ia Sao": a name goes on
    tagged = tagging.tags(phrase)
    if not tagged or tagged[0][1] not in BARE_COUNT_TAGS:
        return None
    head = tagged[0][0]
    head_end = ends[len(head.split()) - 1]
    obj, end = _object(form, text, head_end, head, tagging, "thing")
    amount = _amount(groups)
    if amount is None:
        return None
    start = mention_start(match)
    return Count(text[start:end], start, end, plain(amount.value), plain(amount.low), plain(amount.high),
                 amount.qualifier, text[match.end("low"):head_end].strip(), obj)


class _FreeDigits(Opening):
    """The gate of counts without a listed classifier (``amounts.Opening``): every start but a digit that a money
    amount, percentage or measure (*blocked*) or a count (*counted*) holds. A match there begins with that digit (no
    qualifier begins with one) and ``_bare_count`` turns it away; and no other match starts inside its digits (a start
    there follows "." or ",", where NUMBER_START fails), so leaving it untried changes no other match."""

    def __init__(self, blocked: SpanIndex, counted: SpanIndex):
        self.blocked, self.counted = blocked, counted

    def opening(self, form: str, starts: Iterable[int]) -> list[int]:
        """Those of *starts* that are no digit held by a span of *blocked* or *counted*, in order."""
        blocked, counted = self.blocked.covers, self.counted.covers
        return [start for start in starts if not (form[start].isdecimal() and (blocked(start) or counted(start)))]


@lru_cache(maxsize=32)
def _find_counts(text: str) -> tuple[Count, ...]:
    blocked, tagging = _blocked_spans(text), _Tagging(text)
    counts = scan(text, _COUNT_PATTERNS, partial(_count, blocked, tagging), gate=_COUNT_GATE)
    counted = SpanIndex((c.start, c.end) for c in counts)
    bare = scan(text, _BARE_COUNT_PATTERNS, partial(_bare_count, blocked, counted, tagging),
                gate=_FreeDigits(blocked, counted))
    return tuple(sorted((*counts, *bare), key=lambda c: c.start)) if bare else counts


def find_counts(text: str) -> list[Count]:
    """Every count of things in *text* (``30 căn nhà``, ``hơn ba mươi hộ``), offsets into ``nfc(text)``."""
    return list(_find_counts(nfc(text)))
