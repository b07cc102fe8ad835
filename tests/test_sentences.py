"""The sentence boundaries are those of the plain "one or more" patterns the module's patterns are written for."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import sentences
from extractors.prescan import matches_at, written_at

# The patterns as they read when a run is written with "+": the module writes each run as one sign and then the others.
PLAIN_BOUNDARY = re.compile(
    rf"""
    (?P<end>[.!?…]+{sentences._CLOSERS})
    {sentences._SPACE}
    (?={sentences._OPENERS}(?P<first>\w))
    """,
    re.VERBOSE,
)
PLAIN_LINE_BREAK = re.compile(r"\n+")

PIECES = [".", "!", "?", "…", "..", "\"", "”", ")", "(", "“", " ", "  ", "\t", "\n", "\n\n", "A", "b", "7", "Tp", "_", "\r"]


def _spans(pattern: re.Pattern, text: str) -> list[tuple]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


def _sentences_line_by_line(text: str) -> list[tuple[int, int]]:
    """The rules read plainly: each line (between runs of line breaks) cut at the boundaries PLAIN_BOUNDARY finds in it
    that a capital or a digit follows and that close no abbreviation nor initial, each piece stripped of whitespace."""
    lines, position = [], 0
    for match in PLAIN_LINE_BREAK.finditer(text):
        lines.append((position, match.start()))
        position = match.end()
    lines.append((position, len(text)))
    found = []
    for line_start, line_end in lines:
        line, start, pieces = text[line_start:line_end], 0, []
        for match in PLAIN_BOUNDARY.finditer(line):
            if not (match["first"].isupper() or match["first"].isdigit()):
                continue
            word = re.search(r"[\w.]+\Z", line[:match.start("end")]) if match["end"] == "." else None
            if word and (word.group() in sentences.abbreviations()
                         or (len(word.group()) == 1 and word.group().isalpha() and word.group().isupper())):
                continue
            pieces.append((start, match.end("end")))
            start = match.end()
        pieces.append((start, len(line)))
        for start, end in pieces:
            stripped = line[start:end].strip()
            if stripped:
                start += len(line[start:end]) - len(line[start:end].lstrip())
                found.append((line_start + start, line_start + start + len(stripped)))
    return found


@pytest.mark.parametrize("text", ["Một. Hai! Ba?… “Bốn” (năm).\n\nSáu …  Bảy", "", "\n", "a.\n\nB", "TP. Pleiku. Xã"])
def test_boundaries_are_those_of_the_plain_patterns(text):
    assert _spans(sentences._BOUNDARY, text) == _spans(PLAIN_BOUNDARY, text)
    assert sentences.sentence_spans(text) == _sentences_line_by_line(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_boundaries_are_those_of_the_plain_patterns_on_any_text(pieces):
    text = "".join(pieces)
    assert _spans(sentences._BOUNDARY, text) == _spans(PLAIN_BOUNDARY, text)
    assert sentences.sentence_spans(text) == _sentences_line_by_line(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_boundaries_tried_at_the_terminators_are_those_of_a_full_scan(pieces):
    text = "".join(pieces)
    tried = matches_at(sentences._BOUNDARY, text, written_at(text, sentences._TERMINATOR_MARKS))
    assert [(m.span(), m.groupdict()) for m in tried] == _spans(sentences._BOUNDARY, text)
