"""The quotes, clauses and syllables of activities, found by the cheaper ways the module reads them, are those of the
plain patterns (a scan of every character)."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import activities
from extractors.activities import common
from extractors.prescan import matches_at, written_at

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


SYLLABLE_PIECES = ["Hội", "dân", "1.650", "’", "'", "-", "%", "_", ",", "/", " ", "  ", "\n", "\u00a0", "\u2009", "x²",
                   "Ủy", "ban", "(", "“", "”", "50%", "kiến-thiết", "a_b", "\t", "\u3000", "…", "»", "[", "!", "?"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(SYLLABLE_PIECES), max_size=30))
def test_syllables_are_those_of_the_syllable_pattern(pieces):
    text = "".join(pieces)
    assert common.syllables(text) == common.SYLLABLE.findall(text)


@pytest.mark.parametrize("text, expected", [
    ("Hội Nông dân xã", ["Hội", "Nông", "dân", "xã"]),
    ("hỗ trợ 50% kinh phí", ["hỗ", "trợ", "50%", "kinh", "phí"]),
    ("nhà tình nghĩa, tình thương", ["nhà", "tình", "nghĩa", "tình", "thương"]),
    ("(Ban_Dân vận)", ["Ban_Dân", "vận"]),
    ("  , ; “ ” ", []),   # must not match: no syllable in punctuation and spaces
])
def test_syllables(text, expected):
    assert common.syllables(text) == expected


def _plain_before_words(form, position, count, floor):
    chunk = common.WORDS_BREAK.split(form[max(floor, position - 60):position])[-1]
    return common.SYLLABLE.findall(chunk)[-count:]


def _plain_after_words(form, position, count):
    chunk = common.WORDS_BREAK.split(form[position:position + 60])[0]
    return [w.lower() for w in common.SYLLABLE.findall(chunk)[:count]]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(SYLLABLE_PIECES + [";", ".", "!", "\r"]), max_size=40), st.integers(0, 80),
       st.integers(0, 15), st.integers(0, 80))
def test_words_around_are_those_of_the_plain_reading(pieces, position, count, floor):
    form = "".join(pieces)
    position = min(position, len(form))
    assert common.before_words(form, position, count, floor) == _plain_before_words(form, position, count, floor)
    assert common.after_words(form, position, count) == _plain_after_words(form, position, count)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(SYLLABLE_PIECES + [";", ":", ".", "\r", "được"]), max_size=40), st.integers(0, 80),
       st.integers(0, 80), st.integers(0, 80))
def test_the_syllable_before_a_trigger_is_that_of_its_clause(pieces, position, s_start, mark):
    """The passive check reads the last of the four syllables before a trigger back to the sentence's start: the one
    before_words reads back to the clause's start (the sentence's start, or right after a ";" or ":")."""
    form = "".join(pieces)
    position = min(position, len(form))
    s_start = min(s_start, position)
    marks = [at for at in range(s_start, position) if form[at] in ";:"]
    c_start = marks[mark % len(marks)] + 1 if marks and mark % 2 else s_start
    assert common.before_words(form, position, 4, s_start)[-1:] == common.before_words(form, position, 1, c_start)


def _lists():
    from extractors.datafiles import load_yaml
    from extractors.patterns.activities import activity_patterns, group_words
    data = load_yaml("activities.yaml")
    lists = {name: group_words(data[name]) for name in (
        "plan_markers", "person_addresses", "subject_openers", "sponsor_phrases", "document_words", "subjectless_words",
        "not_after_across_comma", "referring_heads", "referring_heads_lower", "causatives", "delegations",
        "phrase_stops", "speech_verbs")}
    lists["triggers"] = list(activity_patterns().triggers)
    return lists


WORD_LISTS = _lists()


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(WORD_LISTS)), st.booleans(), st.data())
def test_word_tries_match_as_the_word_lists(name, case_insensitive, data):
    from extractors.patterns.activities import NOT_AFTER_WORD, NOT_BEFORE_WORD, words_alternation, words_regex
    words = WORD_LISTS[name]
    pieces = st.sampled_from(words + [w.upper() for w in words] + [w.capitalize() for w in words]
                             + [" ", "  ", ",", "a", "\n", "Hội viên"])
    text = "".join(data.draw(st.lists(pieces, max_size=12)))
    flags = re.IGNORECASE if case_insensitive else 0
    plain = re.compile(rf"{NOT_AFTER_WORD}(?P<w>{words_regex(words)}){NOT_BEFORE_WORD}\s*,?", flags)
    trie = re.compile(rf"{NOT_AFTER_WORD}(?P<w>{words_alternation(words, case_insensitive)}){NOT_BEFORE_WORD}\s*,?",
                      flags)
    assert [m.span("w") for m in trie.finditer(text)] == [m.span("w") for m in plain.finditer(text)]
    assert [m.span("w") for m in trie.finditer(text, 1)] == [m.span("w") for m in plain.finditer(text, 1)]


def test_words_in_any_case_keep_the_list():
    from extractors.patterns.activities import words_alternation, words_regex
    words = ["Hội", "hội viên"]   # "Hội viên" is matched by the longer without regard to case: a trie would stop early
    assert words_alternation(words, case_insensitive=True) == words_regex(words)
    assert words_alternation(words) != words_regex(words)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 5)), max_size=12))
def test_facts_by_position_are_those_of_the_plain_sort(spans):
    """Facts in text order already (the usual case) are kept as they are: what sorting them by start gives."""
    items = [{"start": start, "end": start + length} for start, length in spans]
    for listed in (items, sorted(items, key=lambda item: item["start"])):
        index = common.Facts({"counts": listed})
        order = sorted(range(len(listed)), key=lambda i: listed[i]["start"])
        assert index._sorted["counts"] == ([listed[i]["start"] for i in order], order, [listed[i]["end"] for i in order])


NUMBER_PIECES = ["1", "0", ".", ",", "%", "a", "Hội", "٣", "²", "½", "-", "_", "đ"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(NUMBER_PIECES), max_size=8))
def test_numbers_are_those_of_the_number_pattern(pieces):
    """is_number passes a word whose first character cannot begin NUMBER without the regex: the same answer."""
    word = "".join(pieces)
    assert common.is_number(word) == (bool(common.NUMBER.fullmatch(word)) and any(c.isdigit() for c in word))


COMMA_PIECES = ["a", " ", ",", "1", "3,5", "ông A", "Chủ tịch", "UBND xã"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(COMMA_PIECES), max_size=20), st.integers(0, 60), st.integers(0, 60))
def test_a_span_with_fewer_than_two_commas_has_fewer_than_three_pieces(pieces, start, length):
    """The office holder needs three pieces between commas (not inside a number): a span with fewer than two commas
    is passed at once, as cutting it would give no more than two pieces."""
    from extractors.activities.actors import _list_comma

    form = "".join(pieces)
    start, end = min(start, len(form)), min(start + length, len(form))
    cut, at = 1, start
    while (comma := _list_comma(form, at, end)) >= 0:
        cut, at = cut + 1, comma + 1
    assert form.count(",", start, end) >= 2 or cut < 3
