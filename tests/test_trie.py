"""Word lists as tries: each matches what the same words listed longest first match (gazetteer included)."""

import re

import pytest

from extractors.normalize import matching_form
from extractors.patterns.organizations import (
    NOT_AFTER_WORD,
    NOT_BEFORE_WORD,
    SPACE,
    UPPER,
    organization_patterns,
    surfaces_pattern,
)
from extractors.patterns.trie import trie_alternation
from tests.conftest import GOLD

# (words, text, what the trie matches at the start of text, then a non-word character)
TRIE_ROWS = [
    (["cây", "cây giống", "căn"], "cây giống mới", "cây giống"),
    (["cây", "cây giống", "căn"], "cây xanh", "cây"),
    (["cây", "cây giống", "căn"], "căn nhà", "căn"),
    (["ab", "a"], "a b", "a"),
    (["ab", "a"], "ab", "ab"),
    (["hộ", "hộ gia đình"], "hộ gia", "hộ"),          # a longer word that does not fit gives way to a shorter one
]
# must not match: no word of the list stands whole at the start of text
TRIE_NONE = [
    (["cây", "cây giống"], "câyx"),
    (["ab", "abc"], "a"),
    (["căn"], "cân"),
]


def _compiled(words):
    return re.compile(rf"(?:{trie_alternation(words)})(?!\w)")


@pytest.mark.parametrize("words, text, expected", TRIE_ROWS)
def test_trie_matches_the_longest_word_that_fits(words, text, expected):
    assert _compiled(words).match(text).group() == expected


@pytest.mark.parametrize("words, text", TRIE_NONE)
def test_trie_must_not_match(words, text):
    assert _compiled(words).match(text) is None


def test_trie_tokens_are_turned_into_pieces():
    pattern = trie_alternation([("a", "<sp>", "b"), ("a",)], lambda t: "[ ]+" if t == "<sp>" else re.escape(t))
    assert re.fullmatch(pattern, "a   b") and re.fullmatch(pattern, "a") and not re.fullmatch(pattern, "ab")


def _listed_gazetteer() -> re.Pattern:
    """The gazetteer as a plain list of its written forms, longest first: what the trie must behave like."""
    surfaces = sorted(organization_patterns().bodies_by_surface, key=len, reverse=True)
    listed = "|".join(surfaces_pattern([surface]) for surface in surfaces)
    return re.compile(rf"{NOT_AFTER_WORD}(?:{listed}){NOT_BEFORE_WORD}", re.IGNORECASE)


def _spellings(surface: str) -> list[str]:
    """A written form as texts may write it: as listed, capitalized, upper case, with odd spaces and dashes."""
    titled = " ".join(word[:1].upper() + word[1:] for word in surface.split(" "))
    return [surface, titled, surface.upper(), surface.replace(" ", "  "), surface.replace(" - ", "-"),
            surface.replace(" - ", " – "), f"{titled} huyện", f"{titled}x", f"x{surface}", f"{titled}/UBND"]


def test_gazetteer_trie_matches_as_the_list_does():
    listed, trie = _listed_gazetteer(), organization_patterns().gazetteer
    surfaces = list(organization_patterns().bodies_by_surface)
    texts = [f"Theo {spelling}, và {spelling}." for surface in surfaces for spelling in _spellings(surface)]
    texts += [matching_form(path.read_text(encoding="utf-8")) for path in sorted(GOLD.glob("*.json"))]
    for text in texts:
        found = [(m.start(), m.end()) for m in trie.finditer(text)]
        expected = [(m.start(), m.end()) for m in listed.finditer(text)]
        assert found == expected, text[:120]


def test_heads_trie_matches_as_the_list_does():
    patterns = organization_patterns()
    listed = "|".join(re.escape(h) for h in sorted(patterns.heads, key=len, reverse=True))
    old = re.compile(rf"{NOT_AFTER_WORD}(?P<head>{listed})(?={SPACE}{UPPER})")
    new = re.compile(patterns.head.pattern, re.VERBOSE)
    texts = [f"Theo {head} {after}" for head in patterns.heads for after in ("Gia Lai", "tỉnh", "Đoàn", " Y")]
    texts += [matching_form(path.read_text(encoding="utf-8")) for path in sorted(GOLD.glob("*.json"))]
    for text in texts:
        assert [m.span("head") for m in new.finditer(text)] == [m.span("head") for m in old.finditer(text)], text


def test_measure_units_trie_matches_as_the_list_does():
    """Each unit word with its own ending (look-aheads) in the trie, as in a list sorted longest first."""
    from extractors.patterns.quantities import FLAGS, MEASURE_UNIT, UNIT_OF, _unit_end, alternation

    listed = "|".join(alternation([w]) + _unit_end(w) for w in sorted(UNIT_OF, key=lambda w: (-len(w), w)))
    old, new = re.compile(rf"(?P<unit>{listed})", FLAGS), re.compile(MEASURE_UNIT, FLAGS)
    afters = ["", " ", "x", "2", "²", " kết", " túc xá", " công", " giáo", " đường", "/ngày"]
    texts = [f"{word}{after}" for word in UNIT_OF for after in afters]
    texts += [text.upper() for text in texts] + [text.replace(" ", "  ") for text in texts]
    for text in texts:
        found, expected = new.match(text), old.match(text)
        assert (found and found.group("unit")) == (expected and expected.group("unit")), text


# (text, what a trie of "ab" and "a", each ending where no "x" follows, matches at its start)
ENDING_ROWS = [("ab", "ab"), ("abc", "ab"), ("abx", "a"), ("a", "a"), ("ay", "a")]
# must not match
ENDING_NONE = ["ax", "x", "b"]


@pytest.mark.parametrize("text, expected", ENDING_ROWS)
def test_trie_word_endings(text, expected):
    assert re.match(trie_alternation(["ab", "a"], ending=lambda word: "(?!x)"), text).group() == expected


@pytest.mark.parametrize("text", ENDING_NONE)
def test_trie_word_endings_must_not_match(text):
    assert re.match(trie_alternation(["ab", "a"], ending=lambda word: "(?!x)"), text) is None


def test_leading_runs_of_the_gazetteer_and_levels_match_as_their_lists_do():
    from extractors.prescan import first_run

    patterns = organization_patterns()
    levels = list(patterns.levels)
    for leading, words in ((patterns.gazetteer_starts.leading, patterns.bodies_by_surface),
                           (patterns.location_starts.leading, levels)):
        firsts = {first_run(word) for word in words}
        listed = re.compile("|".join(re.escape(f) for f in sorted(firsts, key=len, reverse=True)), re.IGNORECASE)
        runs = [v for f in firsts for v in (f, f.upper(), f.title(), f + "x", f[:-1], "x" + f, f + "2")]
        for run in runs:
            assert bool(leading.fullmatch(run)) == bool(listed.fullmatch(run)), run
