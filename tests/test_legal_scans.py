"""Legal references read the cheaper ways the modules read them give what the plain scans give."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.legal import mentions, tails
from extractors.patterns.legal import TITLE_TRAILING_CONNECTOR, legal_patterns

CONNECTOR_PIECES = ["và", "hoặc", " ", "  ", ",", ";", "a", "Mặt trận", "hoà", "2", "\n", "Về"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(CONNECTOR_PIECES), max_size=20))
def test_title_without_trailing_connector_is_the_plain_substitution(pieces):
    title = "".join(pieces)
    assert tails.without_trailing_connector(title) == TITLE_TRAILING_CONNECTOR.sub("", title)


@pytest.mark.parametrize("title, expected", [
    ("về Mặt trận và", "về Mặt trận"),
    ("về công tác dân vận; hoặc ,", "về công tác dân vận"),
    ("về nhà văn hóa", "về nhà văn hóa"),   # must not cut: "hóa" is no connector
    ("về Hà Nội, và", "về Hà Nội"),
    ("xâyvà", "xâyvà"),                     # must not cut: "và" glued to a word
])
def test_title_without_trailing_connector(title, expected):
    assert tails.without_trailing_connector(title) == expected


def _plain_laws_by_name(form, patterns):
    found, position = [], 0
    if not mentions._may_cite_a_law(form, patterns):
        return found
    while (match := patterns.law_by_name.search(form, position)) is not None:
        mention = mentions._law_mention(match, form, patterns)
        if mention is None:
            position = match.start() + 1
            continue
        found.append(mention)
        position = match.end()
    return found


def _plain_law_kinds(form, patterns):
    return [match.span() for match in patterns.law_kind.finditer(form)]


LAW_PIECES = ["Luật", "Bộ luật", "Bộ", "luật", "Hiến pháp", "Pháp lệnh", " ", "  ", "\n", "Đất", "đai", "Dân", "sự",
              "năm", "2013", "2024", "2", ",", "và", "sư", "(sửa đổi)", "Tố cáo"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(LAW_PIECES), max_size=24))
def test_laws_found_at_their_kind_words_are_those_of_a_full_scan(pieces):
    form = "".join(pieces)
    patterns = legal_patterns()
    assert mentions.laws_by_name(form, patterns) == _plain_laws_by_name(form, patterns)
    tried = mentions.matches_at(patterns.law_kind, form, mentions._law_kind_starts(form, patterns))
    assert [match.span() for match in tried] == _plain_law_kinds(form, patterns)


NUMBERED_PIECES = ["Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp", "luật", "Đất đai", "Tố cáo", "số", "Số:", " ", "  ",
                   "\n", "Quyết định", "Nghị quyết", "12/QĐ-UBND", "62-KL/TW", "121/2017/TT-BTC", "của", "và", ","]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(NUMBERED_PIECES), max_size=16))
def test_numbered_references_are_those_read_without_the_law_test(pieces):
    form = "".join(pieces)
    patterns = legal_patterns()
    found = mentions.numbered(form, patterns)
    original = mentions._may_name_a_law
    try:
        mentions._may_name_a_law = lambda before, patterns: True   # the named pattern tried before every number
        plain = mentions.numbered(form, patterns)
    finally:
        mentions._may_name_a_law = original
    assert found == plain


@pytest.mark.parametrize("runs, expected", [
    (["62", "KL", "2024", "năm"], ["62", "2024"]),
    (["٣٤", "x²", "3x", "_1"], ["٣٤", "3x"]),      # an Arabic-Indic number; no digit first in "x²" nor "_1"
    (["²", "½", "Ⅻ"], []),                          # must not match: no decimal digit
])
def test_number_runs_are_those_the_number_pattern_matches(runs, expected):
    """The runs legal references pre-scan for numbers (``prescan.DigitRuns``, whose every-character check is in
    tests/test_prescan.py) are those NUMBER_RUN matches whole."""
    from extractors.patterns.legal import NUMBER_RUN
    from extractors.prescan import DigitRuns
    assert DigitRuns(NUMBER_RUN)._leading_among(runs, "") == expected
    assert [run for run in runs if NUMBER_RUN.fullmatch(run)] == expected
