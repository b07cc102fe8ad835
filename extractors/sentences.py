"""Split Vietnamese text into sentences, as ``(start, end)`` offsets into the text, by fast rules.

The rules (no model; fast enough to run on every article of a build):

* a line break always ends a sentence (paragraphs are lines in danvan's article text);
* ``.``, ``!``, ``?`` or ``…`` (a run of them, then closing quotes or brackets) end a sentence
  when whitespace follows and the next word starts like a sentence: a capital letter, a digit or an
  opening quote/bracket;
* a full stop right after a known abbreviation (``Tp.``, ``TS.``; the data file
  ``extractors/data/sentence_abbreviations.yaml``) or after a single letter (an initial) does not;
* spans are trimmed of surrounding whitespace; empty sentences are dropped.

``sentence_spans`` works on any string; the offsets refer to the string it is given (danvan gives it
the NFC article text, so they match the facts' offsets).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.datafiles import load_yaml
from extractors.prescan import matches_at, written_at

# Each run of signs below is written as one sign and then the others ("[.!?…][.!?…]*" for "[.!?…]+"): the same
# matches, but a pattern that begins with a sign (not a repeat) lets the regex engine skip to it at once instead of
# trying every position of the text.
_TERMINATOR = r"[.!?…]"
_TERMINATORS = rf"{_TERMINATOR}{_TERMINATOR}*"
_CLOSERS = r"[\"”’»)\]]*"
_SPACE = r"[^\S\n]+"
_OPENERS = r"[\"“‘«(\[]?"

_BOUNDARY = re.compile(
    rf"""
    (?P<end>{_TERMINATORS}{_CLOSERS})   # the sentence's closing punctuation, kept in the sentence
    {_SPACE}                            # whitespace between the sentences (not a line break)
    (?={_OPENERS}(?P<first>\w))         # the next sentence's first character (checked: capital or digit)
    """,
    re.VERBOSE,
)
# The word before a full stop, matched on the line written backwards: one anchored match per full stop,
# so time grows with the line's length only (a search ending at the stop would rescan the line each time).
_WORD_BACKWARDS = re.compile(r"[\w.]+")
_TERMINATOR_MARKS = (".", "!", "?", "…")   # the characters of _TERMINATOR, where every match of _BOUNDARY begins


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """The words after which a full stop does not end a sentence."""
    return frozenset(entry["word"] for entry in load_yaml("sentence_abbreviations.yaml")["abbreviations"])


def _is_abbreviation(backwards: str, stop: int) -> bool:
    """Whether the full stop at ``text[stop]`` closes an abbreviation or an initial (*backwards*: the text reversed)."""
    match = _WORD_BACKWARDS.match(backwards, len(backwards) - stop)
    if not match:
        return False
    word = match.group()[::-1]
    if word in abbreviations():
        return True
    return len(word) == 1 and word.isalpha() and word.isupper()


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of *text* as ``(start, end)`` offsets, in order, not overlapping.

    Read over the whole text at once, not line by line: no match of _BOUNDARY holds or touches a line break (its
    whitespace is not one, and it needs a letter after it), and the word before a full stop ends at one as at a
    line's start, so the boundaries of each line are the matches lying in it; each line then ends a sentence."""
    spans: list[tuple[int, int]] = []
    size = len(text)
    start = 0   # where the sentence being read begins
    line_end = _line_end(text, 0)
    backwards = None   # the text reversed, made only for a text with a full stop to look behind
    for match in matches_at(_BOUNDARY, text, written_at(text, _TERMINATOR_MARKS)):
        while line_end < match.start():
            _add_trimmed(spans, text, start, line_end)
            start = _past_line_breaks(text, line_end)
            line_end = _line_end(text, start)
        first = match.group("first")
        if not (first.isupper() or first.isdigit()):
            continue
        if match.group("end") == ".":
            backwards = text[::-1] if backwards is None else backwards
            if _is_abbreviation(backwards, match.start("end")):
                continue
        _add_trimmed(spans, text, start, match.end("end"))
        start = match.end()
    while True:
        _add_trimmed(spans, text, start, line_end)
        if line_end >= size:
            return spans
        start = _past_line_breaks(text, line_end)
        line_end = _line_end(text, start)


def _line_end(text: str, start: int) -> int:
    """Where the line beginning at *start* ends: the next line break, else the end of the text."""
    at = text.find("\n", start)
    return len(text) if at < 0 else at


def _past_line_breaks(text: str, position: int) -> int:
    """The end of the run of line breaks at *position* (``\\n+``): where the next line begins."""
    while position < len(text) and text[position] == "\n":
        position += 1
    return position


def _add_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    """Add text[start:end] without its surrounding whitespace to *spans*, unless nothing is left."""
    span = _trimmed(text, start, end)
    if span:
        spans.append(span)


@dataclass(frozen=True)
class Sentences:
    """The sentences of one text, to find the sentence of each fact quickly."""

    spans: tuple[tuple[int, int], ...]
    starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> "Sentences":
        spans = tuple(sentence_spans(text))
        return cls(spans, tuple(start for start, _ in spans))

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The span of the sentence holding ``[start, end)``; sentences joined when the fact crosses one."""
        if not self.spans:
            return (start, end)
        first = max(bisect.bisect_right(self.starts, start) - 1, 0)
        last = max(bisect.bisect_right(self.starts, max(end - 1, start)) - 1, first)
        return (min(self.spans[first][0], start), max(self.spans[last][1], end))
