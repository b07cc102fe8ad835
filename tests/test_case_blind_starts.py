"""The runs where an amount or an activity's trigger may start, read by their lower case, are the
runs their case-insensitive regex matches whole: letter by letter, on real and odd texts, and on any text."""

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.amounts import AmountRuns
from extractors.normalize import matching_form
from extractors.patterns.activities import activity_patterns
from extractors.patterns.quantities import LEADING_RUNS, LEADING_SYLLABLE
from extractors.prescan import _FOLDED_APART, LeadingRuns, first_run
from scrapers.mirror import load_mirror
from tests.conftest import GOLD, MIRROR


def _activity_runs(words) -> set[str]:
    return {first_run(word) for word in words}


def _old_activity_runs(words) -> LeadingRuns:
    """The pre-scan of activities as a case-insensitive list regex of the runs (the form it replaced)."""
    runs = sorted(_activity_runs(words), key=len, reverse=True)
    return LeadingRuns(re.compile("|".join(re.escape(run) for run in runs), re.IGNORECASE))


def _pairs():
    """(fast, regex) pre-scans that must give the same starts."""
    patterns = activity_patterns()
    return [
        (AmountRuns(), LeadingRuns(LEADING_SYLLABLE)),
        (type(patterns.trigger_starts)(_activity_runs(patterns.triggers)), _old_activity_runs(patterns.triggers)),
    ]


def _every_character() -> str:
    return "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


def test_every_letter_of_the_words_is_read_as_the_case_insensitive_regex_reads_it():
    """For each letter of the words read case-blind, the characters a case-insensitive regex takes for it are those
    whose lower case it is, but the characters of _FOLDED_APART (read by the regex itself when a text holds one)."""
    patterns = activity_patterns()
    words = set(LEADING_RUNS) | _activity_runs(patterns.triggers)
    everything = _every_character()
    lowered: dict[str, set[str]] = {}
    for character in everything:
        lowered.setdefault(character.lower(), set()).add(character)
    for letter in {c for word in words for c in word.lower()}:
        taken = {m.group() for m in re.finditer(re.escape(letter), everything, re.IGNORECASE)}
        assert taken - set(_FOLDED_APART) == lowered[letter] - set(_FOLDED_APART), letter


def test_a_digit_first_is_what_the_regex_takes_for_a_digit():
    everything = _every_character()
    assert {m.group() for m in re.finditer(r"\d", everything)} == {c for c in everything if c.isdecimal()}


ROWS = [
    # (pre-scan index in _pairs(), text, starts)
    (0, "trên 2 tỷ đồng, TRÊN 30 hộ, Từ 5 ĐẾN 7, ٣٠ hộ, hàng trăm; phía trênđó 5.000đ", [0, 5, 16, 21, 28, 31, 37,
                                                                                     40, 47, 70, 72]),
    (0, "Covid_19 a5 ba BA bA mươi", [12, 15, 18]),
    (1, "Vận động, HỖ TRỢ; trao tặng 5tặng tặng5 Xây dựng", [0, 10, 18, 23, 40]),
    (0, "ſo ın İN tRên", [9]),   # letters a case-insensitive regex reads apart from their lower case
]


@pytest.mark.parametrize("which, text, expected", ROWS)
def test_starts(which, text, expected):
    fast, regex = _pairs()[which]
    assert regex.starts(text) == expected
    assert fast.starts(text) == expected


def _texts() -> list[str]:
    mirror = load_mirror(MIRROR)
    texts = [a.title + "\n\n" + "\n".join(a.paragraphs) for a in mirror.articles.values() if a.paragraphs]
    for path in sorted(GOLD.glob("*.json")):
        texts += [article["text"] for article in json.loads(path.read_text(encoding="utf-8"))["articles"]]
    return texts + [text.upper() for text in texts[:5]] + [row[1] for row in ROWS]


def test_real_texts_give_the_starts_of_the_regex():
    for text in _texts():
        form = matching_form(text)
        for fast, regex in _pairs():
            assert fast.starts(form) == regex.starts(form)


WORDS = ["trên", "TRÊN", "tRên", "từ", "Từ", "ba", "BA", "mươi", "vận", "động", "Hỗ", "TRỢ", "tặng", "sẽ", "SẼ", "phấn",
         "ſo", "ın", "İN", "kinh", "phí", "30", "٣", "2.000", "x5"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=30),
       st.sampled_from([" ", "", ", ", "\n", "5"]))
def test_any_text_gives_the_starts_of_the_regex(words, glue):
    text = glue.join(words)
    for fast, regex in _pairs():
        assert fast.starts(text) == regex.starts(text), text
