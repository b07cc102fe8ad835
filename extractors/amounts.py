"""Read the matches of the amount patterns (money, counts, percentages, measures): one scan, spans, rates.

The patterns of ``extractors.patterns.quantities`` share their group names (``before``, ``opener``,
``low``, ``high``, ``after``, ``currency``, ``per``); the readers here serve every one of them, so that
``extractors.money`` and ``extractors.quantities`` differ only in what they make of a match. One rule holds
for every kind: a number word with a capital right after a capitalized word ends a name and is no amount
(``ông Đinh Văn Ba người Bahnar``).
"""

from __future__ import annotations

import re
from functools import lru_cache, partial
from typing import Callable, Iterable, TypeVar

from extractors.normalize import matching_form
from extractors.overlap import resolve_overlaps
from extractors.patterns.quantities import (
    AMOUNT_GATE, AMOUNT_OPENING, CURRENCY_FIRST, CURRENCY_FIRST_PIECES, LEADING_RUNS, NUMBER_START,
)
from extractors.prescan import (
    WORD_RUN, CaseBlindRuns, holds_any, in_lower_case, led_by_a_digit, matches_at, written_at,
)

R = TypeVar("R")


class CaseBlind:
    """A case-insensitive regex of lower-case words (an amount pattern or gate) read at starts of a matching form: on
    the form in lower case by its case-sensitive copy, unless the form holds a character the two read apart
    (``prescan.in_lower_case``); on the form itself then. On a text in lower case the copy takes the same path as the
    regex on the text, step by step: each of its letters and classes takes a character of the one exactly where it
    takes that of the other (checked character by character in tests/test_amount_gates.py). So it matches where the
    regex matches, with the same groups at the same offsets, and is faster; but what a group holds is in lower case
    (``written`` reads it as the form writes it)."""

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self.in_lower_case = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)

    def reading(self, form: str) -> tuple[re.Pattern, str]:
        """The regex to match and the text to match it on, for *form* (same offsets)."""
        lower_case = in_lower_case(form)
        if lower_case is None:
            return self.pattern, form
        return self.in_lower_case, lower_case

    def matcher(self, form: str) -> Callable[[int], re.Match | None]:
        """The match at a start of *form* (a function of the start)."""
        pattern, subject = self.reading(form)
        return partial(pattern.match, subject)

    def found_in(self, form: str) -> bool:
        """Whether the regex matches anywhere in *form* (its search)."""
        pattern, subject = self.reading(form)
        return pattern.search(subject) is not None


class GateReads:
    """MONEY_GATE and QUANTITY_GATE at the starts of one form, both read from one match of AMOUNT_GATE per start: where
    it fails neither matches; where it matched with a quantity's tail, QUANTITY_GATE matches with that tail; where with
    money's tail, a currency written first or a money cue, MONEY_GATE matches (every path of either gate is one of
    AMOUNT_GATE, and every path of AMOUNT_GATE one of the gate its group names). The other gate fails there: the two
    never both match at one start. An amount may be read there in several ways, longer and shorter, and no tail
    begins where a longer reading goes on, but for the count "linh mục" ("một trăm | linh mục"), where the reading
    that goes on with "linh" ends before "mục", with which no tail but a count's begins. So every tail but a count's
    begins at the end of the longest reading, and a count's there or at the end of "linh"; money's tail and a
    quantity's never begin at one place; and a currency written first or a money cue never begins where an amount or
    its qualifier does (the word lists are checked for all this in tests/test_amount_gates.py). Where MONEY_GATE
    matches, the group of AMOUNT_GATE's branch is kept (``money_branch``). The possible starts of the form
    (``_possible_starts``, where the scans ask) are read at once; any other start when first asked for."""

    def __init__(self, form: str):
        self._both = _AMOUNT_GATE.matcher(form)
        self._opens_money, self._tails = _Reads(self._read), _Reads(self._read)
        self.opens_money: Callable[[int], bool] = self._opens_money.__getitem__
        """Whether MONEY_GATE matches at a start."""
        self.tail: Callable[[int], str | None] = self._tails.__getitem__
        """The kind (``count``, ``measure``, ``percent``) whose tail QUANTITY_GATE matches with at a start; None where
        it fails."""
        self.money_branch: dict[int, str] = {}
        """At the starts read so far where MONEY_GATE matches, the group of AMOUNT_GATE's branch that matched there:
        ``money`` (an amount with money's tail), ``currency_first`` or ``cue``."""
        self.tail_run: dict[int, str] = {}
        """At the starts read so far where QUANTITY_GATE matches, the letters and digits its tail begins with, in lower
        case (``tail_run_of``)."""
        self._read(_possible_starts(form))

    def _read(self, starts: Iterable[int]) -> None:
        both, opens_money, tails = self._both, self._opens_money, self._tails
        for start in starts:
            found = both(start)
            if found is None:
                opens_money[start], tails[start] = False, None
            elif found.lastgroup in _QUANTITY_KINDS:
                opens_money[start], tails[start] = False, found.lastgroup
                self.tail_run[start] = tail_run_of(found.group(found.lastgroup))
            else:
                opens_money[start], tails[start] = True, None
                self.money_branch[start] = found.lastgroup


def tail_run_of(tail: str) -> str:
    """The letters and digits a tail word begins with (its first match of ``prescan.WORD_RUN``, as ``first_run``
    reads a listed word), in lower case; its first character if it begins with none ("%")."""
    tail = tail.lstrip()
    run = WORD_RUN.match(tail)
    return run.group().lower() if run else tail[:1]


class _Reads(dict):
    """What a gate gives at the starts read so far; a start not read yet is read (by *read*) when first asked for."""

    def __init__(self, read: Callable[[Iterable[int]], None]):
        super().__init__()
        self.read = read

    def __missing__(self, start: int):
        self.read((start,))
        return self[start]


_QUANTITY_KINDS = frozenset({"count", "measure", "percent"})


@lru_cache(maxsize=4)
def gate_reads(form: str) -> GateReads:
    """The ``GateReads`` of *form*, shared by the money, percent, measure and count scans of one text."""
    return GateReads(form)


class Opening:
    """A gate for ``scan``: where its patterns are tried."""

    def opening(self, form: str, starts: Iterable[int]) -> list[int]:
        """Those of *starts* where the gate matches in *form*, in order."""
        raise NotImplementedError

    def opening_of(self, pattern: CaseBlind, form: str, opened: list[int]) -> list[int]:
        """Those of *opened* (where the gate matches in *form*) where *pattern* may match, in order: all of them,
        unless the gate knows more."""
        return opened


class MoneyGate(Opening):
    """MONEY_GATE for ``scan``, read through the form's ``GateReads``; each money pattern tried only where AMOUNT_GATE
    matched with the branch the pattern opens as (*branch_of*: ``money``, ``currency_first`` or ``cue``, the group of
    its branch). Every path of a money pattern is one of its branch, and where it matches no other branch matches:
    AMOUNT_GATE tries the cue only where its first branch fails; an amount and a currency written first never begin
    at one place (nor where a qualifier does, nor a cue where any of them does: tests/test_amount_gates.py)."""

    def __init__(self, branch_of: dict[CaseBlind, str]):
        self.branch_of = branch_of

    def opening(self, form: str, starts: Iterable[int]) -> list[int]:
        """Those of *starts* where MONEY_GATE matches in *form*, in order."""
        return list(filter(gate_reads(form).opens_money, starts))

    def opening_of(self, pattern: CaseBlind, form: str, opened: list[int]) -> list[int]:
        """Those of *opened* where AMOUNT_GATE matched with the branch *pattern* opens as."""
        branch, money_branch = self.branch_of[pattern], gate_reads(form).money_branch
        return [start for start in opened if money_branch[start] == branch]


def scan(text: str, patterns: Iterable[CaseBlind], read: Callable[[str, str, re.Match], R | None],
         gate: Opening) -> tuple[R, ...]:
    """Every result ``read(text, form, match)`` makes of a match of *patterns* in ``form``, the matching form of
    the NFC *text* (the patterns listed first are preferred), overlaps resolved, in text order. *gate* (an
    ``Opening``: ``MoneyGate``, the gate of a kind of quantity, or of bare counts) matches at every start of a match of
    any of *patterns*: each pattern is tried only where it does and where the gate lets that pattern be tried
    (``Opening.opening_of``). A match may be made on the form in lower case (``CaseBlind``): a reader takes what a
    group holds from *form* at its offsets (``written``), never from the match."""
    form = amount_form(text)
    opened = gate.opening(form, _possible_starts(form))
    found = (read(text, form, match) for pattern in patterns
             for match in matches_at(*pattern.reading(form), gate.opening_of(pattern, form, opened))
             if not _ends_a_name(form, match))
    return tuple(resolve_overlaps(result for result in found if result is not None))


def written(form: str, match: re.Match) -> dict[str, str | None]:
    """What each named group of *match* (a match in *form*, or in *form* in lower case) holds as *form* writes it;
    None for a group that took no part in the match."""
    groups = {}
    for name in match.re.groupindex:
        start, end = match.span(name)
        groups[name] = None if start < 0 else form[start:end]
    return groups


@lru_cache(maxsize=4)
def amount_form(text: str) -> str:
    """``matching_form`` of *text*, made once for the money, percent, measure and count scans of one text."""
    return matching_form(text)


class AmountRuns(CaseBlindRuns):
    """The runs LEADING_SYLLABLE matches whole, found without that regex: a run that begins with a digit (``\\d\\w*``; a
    run is all ``\\w``, and ``\\d`` is a character that ``str.isdecimal`` accepts) or that is one of LEADING_RUNS in
    any case (``CaseBlindRuns``)."""

    def __init__(self):
        super().__init__(LEADING_RUNS)

    def _leading_among(self, runs: list[str], form: str) -> list[str]:
        return led_by_a_digit(runs) + list(super()._leading_among(runs, form))

    def held_among(self, runs: list[str], lowered: list[str]) -> list[str]:
        return led_by_a_digit(runs) + list(super().held_among(runs, lowered))


_AMOUNT_RUNS = AmountRuns()
_OPENING = CaseBlind(AMOUNT_OPENING)
_NUMBER_START = re.compile(NUMBER_START)
_CURRENCY_FIRST = CaseBlind(CURRENCY_FIRST)
_AMOUNT_GATE = CaseBlind(AMOUNT_GATE)


@lru_cache(maxsize=4)
def _possible_starts(form: str) -> tuple[int, ...]:
    """Every position where a match of an amount pattern may start, in order (see LEADING_SYLLABLE in
    extractors.patterns.quantities), that opens an amount (AMOUNT_OPENING).

    At a digit AMOUNT_OPENING matches exactly where NUMBER_START does: its qualifiers, range opener, currencies written
    first and money cues all begin with no digit (tests/test_amount_gates.py), so there only its digit after
    NUMBER_START can match, and that lookbehind is all that is tried."""
    starts = set(_AMOUNT_RUNS.starts(form))
    if holds_any(form, CURRENCY_FIRST_PIECES):
        starts.update(_currency_first_starts(form))
    opens, number_starts = _OPENING.matcher(form), partial(_NUMBER_START.match, form)
    return tuple(start for start in sorted(starts) if (number_starts if form[start].isdecimal() else opens)(start))


def _currency_first_starts(form: str) -> set[int]:
    """Where a currency written first begins in *form*: where CURRENCY_FIRST matches, tried only where one of
    CURRENCY_FIRST_PIECES is written in the form in lower case. Its case-sensitive copy matches there exactly where it
    matches the form (``CaseBlind``), and only where one of its lower-case words is written, which begins with its
    first piece (up to a space). Without the form in lower case, the search of CURRENCY_FIRST itself."""
    pattern, subject = _CURRENCY_FIRST.reading(form)
    if pattern is CURRENCY_FIRST:
        return {position.start() for position in CURRENCY_FIRST.finditer(form)}
    return {at for at in written_at(subject, CURRENCY_FIRST_PIECES) if pattern.match(subject, at)}


def _ends_a_name(form: str, match: re.Match) -> bool:
    """Whether the amount is a number word with a capital right after a capitalized word: the end of a name,
    not a number ("ông Đinh Văn Ba người Bahnar", "bà Nguyễn Thị Sáu"; but "Ba người dân được khen thưởng")."""
    start = match.start("low")
    if not form[start].isupper():
        return False
    word_before = _WORD_BEFORE.search(form, max(0, start - _LONGEST_WORD), start)
    return word_before is not None and word_before.group("word")[0].isupper()


_LONGEST_WORD = 12
_WORD_BEFORE = re.compile(r"(?<!\w)(?P<word>\w+)[ ]{1,2}$")


def mention_start(match: re.Match) -> int:
    """Where the amount of *match* begins: its qualifier, "từ" of a range, a currency written first, else the number
    (read from offsets only, so a match on the form in lower case serves)."""
    groups = match.groupdict()
    if groups["before"] is not None:
        return match.start("before")
    if groups["opener"] is not None and groups.get("high") is not None:
        return match.start("opener")
    if groups.get("currency") is not None and match.start("currency") < match.start("low"):
        return match.start("currency")
    return match.start("low")


def rate_denominator(text: str, match: re.Match) -> str | None:
    """The ``per`` of a match with a ``per`` group: ``/hội viên / tháng`` → ``hội viên/tháng``."""
    if match.groupdict().get("per") is None:
        return None
    written = text[match.start("per"):match.end("per")]
    return "/".join(" ".join(part.split()) for part in written.split("/") if part.strip())
