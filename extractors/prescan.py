"""The pre-scan: try a pattern only where one of its matches can start, with the results of ``finditer``.

A family of patterns whose matches all start at the start of a run of letters and digits (``\\w+``) of a
known kind ("trên", "ba", "30" for amounts; "Ban", "UBND" for organizations) is tried at those runs only,
instead of at every character of the text. The kind of run is given by a regex (``leading``) that must
match the whole of every run a match may start with (``LeadingRuns``), or by a list of words (``ListedRuns`` as
written, ``CaseBlindRuns`` in any case); ``matches_at`` then gives exactly what ``pattern.finditer`` gives, as long
as the starts are a superset of where the pattern matches. The runs every family made holds in a text are found
together, once per text (``HeldRuns``), and each family then looks only at those.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import compress
from typing import Callable, Iterable, Iterator
from weakref import WeakSet, ref

WORD_RUN = re.compile(r"\w+")
DIGIT_RUN = re.compile(r"\d\w*")   # a run of letters and digits that begins with a digit (``DigitRuns``)
_MAX_KNOWN_RUNS = 100_000   # the memo of runs is emptied past this size (a long text of random words)
_FAMILIES: WeakSet = WeakSet()   # every family of runs made (LeadingRuns, ListedRuns): see HeldRuns


def first_run(word: str) -> str:
    """The first run of letters and digits of a listed word, which starts every match of it ("Ban", "trên")."""
    run = WORD_RUN.match(word.strip())
    if run is None:
        raise ValueError(f"a listed word must begin with a letter or digit to be pre-scanned: {word!r}")
    return run.group(0)


def last_run(word: str) -> str:
    """The last run of letters and digits of a listed word, which ends every match of it ("thứ" of "lần thứ")."""
    run = _LAST_RUN.search(word.strip())
    if run is None:
        raise ValueError(f"a listed word must end with a letter or digit to be pre-scanned: {word!r}")
    return run.group(0)


_LAST_RUN = re.compile(r"\w+\Z")


class LeadingRuns:
    """The starts of the runs of letters and digits of a text that fully match *leading* (memoized per run)."""

    def __init__(self, leading: re.Pattern):
        self.leading = leading
        self._memo = _RunMemo(1)           # the runs seen, and those *leading* matches whole
        self._last: tuple[str, tuple[int, ...]] = ("", ())   # the last text asked for and its starts
        _FAMILIES.add(self)

    def starts(self, form: str) -> list[int]:
        """Start offsets, in order, of the runs of *form* that *leading* matches whole (those of the last text
        asked for are kept: several patterns of one family are tried on the same text one after the other)."""
        last_form, last_starts = self._last
        if form == last_form:
            return list(last_starts)
        found = self._starts(form)
        self._last = (form, tuple(found))
        return found

    def _starts(self, form: str) -> list[int]:
        return family_starts(self, form)

    def leading_in(self, form: str) -> set[str]:
        """The distinct runs of *form* that *leading* matches whole."""
        return self._memo.holding(word_runs(form)[2], lambda runs: (self._leading_among(runs, form),))[0]

    def _leading_among(self, runs: list[str], form: str) -> Iterable[str]:
        """Those of *runs* (of *form*) that *leading* matches whole."""
        return compress(runs, map(self.leading.fullmatch, runs))

    def held_among(self, runs: list[str], lowered: list[str]) -> Iterable[str]:
        """Those of *runs* that *leading* matches whole, for runs of a text without a character of _FOLDED_APART
        (*lowered*: their ``str.lower``, for the families that read runs by it)."""
        return self._leading_among(runs, "")


class ListedRuns:
    """The starts of the runs of letters and digits of a text that are one of *words* as written: what
    ``LeadingRuns`` gives for a leading regex that is a plain list of those words, without a regex."""

    def __init__(self, words: Iterable[str]):
        self.words = frozenset(words)
        _FAMILIES.add(self)

    def starts(self, form: str) -> list[int]:
        """Start offsets, in order, of the runs of *form* that are one of the words."""
        return family_starts(self, form)

    def leading_in(self, form: str) -> frozenset[str]:
        """The distinct runs of *form* that are one of the words."""
        return word_runs(form)[2] & self.words

    def held_among(self, runs: list[str], lowered: list[str]) -> Iterable[str]:
        """Those of *runs* that are one of the words (*lowered* is not read)."""
        return self.words.intersection(runs)


# The characters a case-insensitive regex takes for a letter whose lower case is another ("ı" and "İ" for "i", "ſ"
# for "s", "ẛ" for "ṡ"), and the one ``str.lower`` reads by its place in the word ("Σ").
_FOLDED_APART = "İıſẛΣ"


class CaseBlindRuns(LeadingRuns):
    """``LeadingRuns`` of *words* in any case (their case-insensitive regex), that reads the runs of a text by their
    ``str.lower`` among the lower-case words, as the regex does, unless the text holds a character of _FOLDED_APART
    (tests/test_prescan.py checks it letter by letter for the words of the organizations)."""

    def __init__(self, words: Iterable[str]):
        words = sorted(set(words), key=len, reverse=True)
        super().__init__(re.compile("|".join(map(re.escape, words)), re.IGNORECASE))
        self.lowered = frozenset(word.lower() for word in words)

    def _leading_among(self, runs: list[str], form: str) -> Iterable[str]:
        if in_lower_case(form) is None:   # a character of _FOLDED_APART (asked once per text for every family)
            return super()._leading_among(runs, form)
        return self._by_lower_case(runs, map(str.lower, runs))

    def held_among(self, runs: list[str], lowered: list[str]) -> Iterable[str]:
        return self._by_lower_case(runs, lowered)

    def _by_lower_case(self, runs: list[str], lowered: Iterable[str]) -> Iterable[str]:
        return compress(runs, map(self.lowered.__contains__, lowered))


class DigitRuns(LeadingRuns):
    """``LeadingRuns`` of the regex ``\\d\\w*`` (a run that begins with a digit), found without that regex: a run is all
    ``\\w``, and ``\\d`` is a character that ``str.isdecimal`` accepts (tests/test_prescan.py checks it for every
    character)."""

    def __init__(self, leading: re.Pattern):
        if leading.pattern != DIGIT_RUN.pattern or leading.flags != DIGIT_RUN.flags:
            raise ValueError(f"DigitRuns reads the runs of {DIGIT_RUN.pattern!r} only, not {leading.pattern!r}")
        super().__init__(leading)

    def _leading_among(self, runs: list[str], form: str) -> list[str]:
        return led_by_a_digit(runs)


def led_by_a_digit(runs: Iterable[str]) -> list[str]:
    """Those of *runs* (runs of ``\\w``) that ``\\d\\w*`` matches whole: the runs whose first character
    ``str.isdecimal`` accepts."""
    return [run for run in runs if run[0].isdecimal()]


def family_starts(family: LeadingRuns | ListedRuns, form: str) -> list[int]:
    """The starts, in order, of the runs of *form* that *family* holds (its ``leading_in``, found once per text for
    every family by ``held_runs``)."""
    return held_runs(form).starts_of(held_by(family, form), form)


def held_by(family: LeadingRuns | ListedRuns, form: str) -> set[str] | frozenset[str]:
    """The distinct runs of *form* that *family* holds: its ``leading_in``, asked once per text by ``held_runs``
    (again for a family made after the text was pre-scanned)."""
    leading = held_runs(form).by_family.get(family)
    return family.leading_in(form) if leading is None else leading


def starts_of(leading: set[str] | frozenset[str], form: str) -> list[int]:
    """The starts, in order, of the runs of *form* that are in *leading* (some of its distinct runs)."""
    return held_runs(form).starts_of(leading, form)


def starts_and_runs_of(leading: set[str] | frozenset[str], form: str) -> list[tuple[int, str]]:
    """``starts_of`` with the run at each start."""
    if not leading:
        return []
    starts, runs = held_runs(form).runs_holding(leading, form)
    return list(compress(zip(starts, runs), map(leading.__contains__, runs)))


class HeldRuns:
    """The runs of letters and digits of a text that one of the families of runs made holds (``_FAMILIES``), found
    in one look at every run of the text, and what each family holds: made once per text and shared by every
    family, so that each looks only at the runs some family holds (about a third of them) instead of at every run,
    and asks its memo of runs once."""

    def __init__(self, form: str):
        starts, runs, distinct = word_runs(form)
        families = tuple(_FAMILIES)
        if _folds_apart(form):
            self.by_family = {family: family.leading_in(form) for family in families}
        else:
            self.by_family = _shared_memo(families).by_family(families, distinct)
        self.held: frozenset[str] = frozenset().union(*self.by_family.values())
        kept = list(map(self.held.__contains__, runs))
        self.starts, self.runs = tuple(compress(starts, kept)), tuple(compress(runs, kept))

    def runs_holding(self, leading: set[str] | frozenset[str], form: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
        """The held runs and their starts when they hold all of *leading* (they hold every run there is of each run
        they hold), else every run of *form* and its start."""
        if self.held.issuperset(leading):
            return self.starts, self.runs
        starts, runs, _ = word_runs(form)
        return starts, runs

    def starts_of(self, leading: set[str] | frozenset[str], form: str) -> list[int]:
        """``starts_of`` of *form*, which these runs are of."""
        if not leading:
            return []
        starts, runs = self.runs_holding(leading, form)
        return list(compress(starts, map(leading.__contains__, runs)))


class _RunMemo:
    """The runs seen, and those each of *size* families of runs holds among them: each run is put to the families once,
    when first seen (``holding``). Emptied past _MAX_KNOWN_RUNS runs seen."""

    def __init__(self, size: int):
        self.seen: set[str] = set()
        self.held: tuple[set[str], ...] = tuple(set() for _ in range(size))

    def holding(self, distinct: frozenset[str], read: Callable[[list[str]], Iterable[Iterable[str]]]
                ) -> tuple[frozenset[str], ...]:
        """What each family holds of *distinct* (the distinct runs of a text); *read* gives, for a list of runs, those
        each family holds among them (one iterable per family, in order), and is asked only for the runs not seen."""
        unseen = distinct - self.seen
        if unseen:
            if len(self.seen) + len(unseen) > _MAX_KNOWN_RUNS:   # emptied: every run of this text is read again
                self.seen.clear()
                for held in self.held:
                    held.clear()
                unseen = distinct
            for held, found in zip(self.held, read(list(unseen))):
                held.update(found)
            self.seen.update(unseen)
        return tuple(distinct & held for held in self.held)


class _SharedMemo:
    """One ``_RunMemo`` for every family of runs made, for texts without a character of _FOLDED_APART: the unseen runs
    of a text are lower-cased once and put to each family once (``held_among``), where each family asked its own
    memo (``leading_in``) would sift and lower-case them all again. Made for the families there are, and made again
    when one is made or let go."""

    def __init__(self, families: tuple):
        self.families = tuple(map(ref, families))
        self.memo = _RunMemo(len(families))

    def is_for(self, families: tuple) -> bool:
        """Whether the memo was made for *families* (in this order)."""
        return len(families) == len(self.families) and all(
            made() is family for made, family in zip(self.families, families))

    def by_family(self, families: tuple, distinct: frozenset[str]) -> dict:
        """What each of *families* (those the memo is for) holds of *distinct* (the distinct runs of a text without a
        character of _FOLDED_APART): what its ``leading_in`` gives."""
        def read(runs: list[str]) -> list[Iterable[str]]:
            lowered = list(map(str.lower, runs))
            return [family.held_among(runs, lowered) for family in families]

        return dict(zip(families, self.memo.holding(distinct, read)))


_shared: list[_SharedMemo] = []   # the one shared memo of runs, once made


def _shared_memo(families: tuple) -> _SharedMemo:
    """The shared memo of runs for *families* (every family made), made again when they are not those it was made
    for."""
    if not _shared or not _shared[0].is_for(families):
        _shared[:] = [_SharedMemo(families)]
    return _shared[0]


@lru_cache(maxsize=8)
def held_runs(form: str) -> HeldRuns:
    """``HeldRuns`` of *form*."""
    return HeldRuns(form)


@lru_cache(maxsize=8)
def word_runs(form: str) -> tuple[tuple[int, ...], tuple[str, ...], frozenset[str]]:
    """The runs of letters and digits of *form* (the matches of WORD_RUN): their starts, the runs, and the distinct
    runs. Found once per text, then shared by every family of patterns pre-scanned on it (amounts, organizations,
    places …).

    The text is cut at its spaces first: a piece that ``str.isalnum`` accepts, or all of whose characters but a
    last sign it accepts, holds one run (``isalnum`` holds exactly for the characters ``\\w`` matches but "_"); only
    the other pieces are read by WORD_RUN, which is much slower than ``isalnum`` on Vietnamese text."""
    starts: list[int] = []
    runs: list[str] = []
    position = 0
    for piece in form.split(" "):
        if piece.isalnum():
            starts.append(position)
            runs.append(piece)
        elif piece[:-1].isalnum() and not is_word_character(piece[-1]):   # "dân," "2024."
            starts.append(position)
            runs.append(piece[:-1])
        elif piece:
            for run in WORD_RUN.finditer(piece):
                starts.append(position + run.start())
                runs.append(run.group())
        position += len(piece) + 1
    return tuple(starts), tuple(runs), frozenset(runs)


def is_word_character(character: str) -> bool:
    """Whether the regex engine's ``\\w`` matches *character*: ``str.isalnum`` or "_"."""
    return character.isalnum() or character == "_"


def matches_at(pattern: re.Pattern, form: str, starts: Iterable[int]) -> Iterator[re.Match]:
    """The matches ``pattern.finditer(form)`` gives, trying *pattern* only at *starts* (in order; they must
    hold every position where it matches). The pattern must never match the empty string: the next try is
    where a match ends."""
    searched_from = 0
    for start in starts:
        if start < searched_from:
            continue
        match = pattern.match(form, start)
        if match is not None:
            yield match
            searched_from = match.end()


def written_at(text: str, pieces: Iterable[str], start: int = 0, end: int | None = None) -> list[int]:
    """Every offset of text[start:end] where one of *pieces* (plain strings, not patterns) is written whole, in order.

    A regex that begins with one of the pieces can only match at these offsets: tried there (``matches_at``) it gives
    what ``finditer`` gives, and ``str.find`` finds them far faster than the regex engine scanning every character for
    the piece's first letter."""
    end = len(text) if end is None else end
    found = []
    for piece in pieces:
        if not piece:
            raise ValueError("written_at needs pieces of at least one character")
        at = text.find(piece, start, end)
        while at >= 0:
            found.append(at)
            at = text.find(piece, at + 1, end)
    found.sort()
    return found


def first_pieces(words: Iterable[str]) -> frozenset[str]:
    """The lower-case piece each of *words* begins with, up to its first space ("us$" of "US$", "tổng" of
    "tổng số"): wherever a pattern matches one of the words, without regard to case, one of them is in
    ``lowered(form)``. A text holding none of them holds none of the words: the pattern need not be tried."""
    return frozenset(word.strip().lower().split(" ")[0] for word in words if word.strip())


@lru_cache(maxsize=8)
def lowered(form: str) -> str:
    """*form* in lower case as a case-blind match reads it (the long s as an s), for ``holds_any``."""
    return form.lower().replace("\u017f", "s")


@lru_cache(maxsize=8)   # asked by the gazetteer, the amount gates and the activities of one text
def in_lower_case(form: str) -> str | None:
    """*form* in lower case, character for character, for a case-sensitive regex of lower-case words to match as their
    case-insensitive regex matches *form*; None when *form* holds a character of _FOLDED_APART, which the two read
    apart (tests/test_prescan.py checks every other character)."""
    if _folds_apart(form):
        return None
    return lowered(form)   # the long s it replaces is one of _FOLDED_APART


def _folds_apart(form: str) -> bool:
    """Whether *form* holds a character of _FOLDED_APART."""
    return any(character in form for character in _FOLDED_APART)


def holds_any(form: str, pieces: frozenset[str]) -> bool:
    """Whether one of *pieces* (from ``first_pieces``) is in *form*, without regard to case."""
    text = lowered(form)
    return any(piece in text for piece in pieces)
