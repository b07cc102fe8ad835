"""The quotes and clauses of activities, found at the marks they begin with, are those of a scan of every character."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import activities
from extractors.prescan import matches_at
from extractors.sentences import written_at

PIECES = ["“", "”", "\"", ";", ":", "\n", " ", "a", "Hội", "tặng", "  ", "1.5", ",", "."]
CLAUSE_END = re.compile(r"[;:]")


def _plain_clauses(form: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, at = [], start
    for match in CLAUSE_END.finditer(form, start, end):
        spans.append((at, match.start()))
        at = match.end()
    spans.append((at, end))
    return [(s, e) for s, e in spans if form[s:e].strip()]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.integers(0, 20), st.integers(0, 60))
def test_quotes_and_clauses_are_those_of_a_full_scan(pieces, start, length):
    form = "".join(pieces)
    quoted = [m.span() for m in matches_at(activities.QUOTES, form, written_at(form, activities.OPENING_QUOTES))]
    assert quoted == [m.span() for m in activities.QUOTES.finditer(form)]
    start, end = min(start, len(form)), min(start + length, len(form))
    assert activities._clauses(form, start, end) == _plain_clauses(form, start, end)


def test_quotes_rows():
    form = "Phong trào “Dân vận khéo” và \"Ngày thứ Bảy\"; không “mở"
    spans = [form[s:e] for s, e in (m.span() for m in matches_at(activities.QUOTES, form,
                                                                   written_at(form, activities.OPENING_QUOTES)))]
    assert spans == ["“Dân vận khéo”", "\"Ngày thứ Bảy\""]   # an opening quote never closed is no quote
