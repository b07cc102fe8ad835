"""The pre-scan gives exactly what finditer gives: for every amount pattern and the gazetteer, on real and odd text."""

import json
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.amounts import _currency_first_starts, _possible_starts, amount_form
from extractors.normalize import matching_form
from extractors.patterns.legal import NUMBER_AND_SYMBOL, NUMBER_RUN
from extractors.patterns.organizations import organization_patterns
from extractors.patterns.quantities import (
    BARE_COUNT_PATTERNS,
    COUNT_GATE,
    COUNT_PATTERNS,
    CURRENCY_FIRST,
    CURRENCY_FIRST_PIECES,
    MEASURE_GATE,
    MEASURE_PATTERNS,
    MONEY_GATE,
    MONEY_PATTERNS,
    PERCENT_GATE,
    PERCENT_PATTERNS,
)
from extractors.prescan import (
    _FOLDED_APART,
    CaseBlindRuns,
    DigitRuns,
    LeadingRuns,
    ListedRuns,
    first_pieces,
    first_run,
    holds_any,
    in_lower_case,
    last_run,
    matches_at,
    held_by,
    held_runs,
    starts_and_runs_of,
    starts_of,
    word_runs,
    written_at,
)
from scrapers.mirror import load_mirror
from tests.conftest import GOLD, MIRROR

AMOUNT_PATTERNS = (*MONEY_PATTERNS, *PERCENT_PATTERNS, *MEASURE_PATTERNS, *COUNT_PATTERNS, *BARE_COUNT_PATTERNS)

# (leading regex, text, starts of the runs it matches whole)
LEADING_ROWS = [
    (r"\d\w*|trên", "trên 2 tỷ đồng", [0, 5]),
    (r"\d\w*|trên", "TRÊN 30 hộ", [5]),             # the leading regex decides case (here: as written)
    (r"(?i:\d\w*|trên)", "TRÊN 30 hộ", [0, 5]),
    (r"\d\w*|trên", "phía trênđó 5.000đ", [12, 14]),
    (r"Ban", "Ban Dân vận; ban hành; Bank", [0]),
]
# must not match: the run has to be the whole of a leading syllable
LEADING_NONE = [
    (r"trên", "phíatrên trênđó"),
    (r"\d\w*", "Covid_19 a5"),
]

# Odd texts: capitals, currencies written first (also glued to a word), ranges, noise.
ODD_TEXTS = [
    "TỔNG KINH PHÍ 1,5 TỶ; TRÊN 2 TỶ ĐỒNG cho 30 HỘ NGHÈO",
    "hỗ trợ VNĐ 500.000 và US$ 200, ABCVNĐ 300.000, €50, $ 12",
    "từ 40 đến 60 triệu đồng/căn; 40-60 triệu đồng; 5 – 7 km; 70-80%; hàng trăm hộ",
    "ông Đinh Văn Ba người Bahnar; Ba người dân; hai triệu rưỡi đồng; ba mươi mốt hội viên",
    "62-KL/TW 121/2017/ / - -- Quyết định số " * 20,
    "UBND tỉnh, Ủy ban MTTQ Việt Nam huyện Chư Sê, Hội LHPN xã Ia Grai, Ban Dân vận Tỉnh ủy",
]


def _texts() -> list[str]:
    mirror = load_mirror(MIRROR)
    texts = [a.title + "\n\n" + "\n".join(a.paragraphs) for a in mirror.articles.values() if a.paragraphs]
    for path in sorted(GOLD.glob("*.json")):
        texts += [article["text"] for article in json.loads(path.read_text(encoding="utf-8"))["articles"]]
    tokens = ["1", "2.000", "30", "tỷ", "đồng", "VNĐ", "trên", "từ", "đến", "-", "%", "km", "hộ", "căn", "nhà",
              "Ban", "Dân", "vận", "UBND", "tỉnh", "hai", "mươi", "hàng", "trăm", "kinh", "phí", "/", ",", "USD"]
    shuffled = random.Random(5)
    texts += [" ".join(shuffled.choice(tokens) for _ in range(400)) for _ in range(5)]
    return texts + ODD_TEXTS


@pytest.mark.parametrize("leading, text, expected", LEADING_ROWS)
def test_leading_runs(leading, text, expected):
    assert LeadingRuns(re.compile(leading)).starts(text) == expected


@pytest.mark.parametrize("leading, text", LEADING_NONE)
def test_leading_runs_must_not_match(leading, text):
    assert LeadingRuns(re.compile(leading)).starts(text) == []


# (listed words, text, starts of the runs that are one of them as written; [] when none is)
LISTED_ROWS = [
    (["Ban", "Trung"], "Ban Dân vận; ban hành; Bank; Trung tâm", [0, 29]),
    (["UBND", "Hội"], "UBND xã, ubnd, HỘI, Hội, Hộii", [0, 20]),
    (["Sở"], "Sởi, sở, S ở", []),
    ([], "Ban Dân vận", []),
]


@pytest.mark.parametrize("words, text, expected", LISTED_ROWS)
def test_listed_runs(words, text, expected):
    assert ListedRuns(words).starts(text) == expected


@pytest.mark.parametrize("words, text, expected", LISTED_ROWS)
def test_listed_runs_are_the_leading_runs_of_the_plain_list(words, text, expected):
    if words:
        assert LeadingRuns(re.compile("|".join(map(re.escape, words)))).starts(text) == ListedRuns(words).starts(text)


def _spans(matches) -> list[tuple[int, int, dict]]:
    return [(m.start(), m.end(), m.groupdict()) for m in matches]


def test_amount_patterns_agree_with_finditer():
    for text in _texts():
        form = amount_form(matching_form(text))
        starts = _possible_starts(form)
        for pattern in AMOUNT_PATTERNS:
            assert _spans(matches_at(pattern, form, starts)) == _spans(pattern.finditer(form)), text[:80]


@pytest.mark.parametrize("gate, patterns", [(MONEY_GATE, MONEY_PATTERNS), (PERCENT_GATE, PERCENT_PATTERNS),
                                             (MEASURE_GATE, MEASURE_PATTERNS), (COUNT_GATE, COUNT_PATTERNS)],
                         ids=["money", "percent", "measure", "count"])
def test_gates_keep_every_start(gate, patterns):
    for text in _texts():
        form = amount_form(matching_form(text))
        starts = [start for start in _possible_starts(form) if gate.match(form, start)]
        for pattern in patterns:
            assert _spans(matches_at(pattern, form, starts)) == _spans(pattern.finditer(form)), text[:80]


def test_money_gate_turns_away_numbers_that_are_no_money():
    form = matching_form("có 30 hộ nghèo và trên địa bàn 12 xã")
    assert not [start for start in _possible_starts(form) if MONEY_GATE.match(form, start)]


def test_gazetteer_agrees_with_finditer():
    patterns = organization_patterns()
    for text in _texts():
        form = matching_form(text)
        found = matches_at(patterns.gazetteer, form, patterns.gazetteer_starts.starts(form))
        assert _spans(found) == _spans(patterns.gazetteer.finditer(form)), text[:80]


def test_too_few_starts_lose_matches():
    """The agreement above is no accident: without the starts of digits, money is lost."""
    form = matching_form("hỗ trợ 876 triệu đồng cho 30 hộ")
    starts = [s for s in _possible_starts(form) if not form[s].isdigit()]
    pattern = MONEY_PATTERNS[2]
    assert _spans(pattern.finditer(form)) and not _spans(matches_at(pattern, form, starts))


def test_location_pattern_agrees_with_finditer():
    patterns = organization_patterns()
    texts = _texts() + ["TP. Pleiku, thành phố Pleiku, Thị xã An Khê, các xã Ia Sol, Ia Piar; thôn 3, tổ 7, Plei Kte"]
    for text in texts:
        form = matching_form(text)
        found = matches_at(patterns.location, form, patterns.location_starts.starts(form))
        assert _spans(found) == _spans(patterns.location.finditer(form)), text[:80]


FIRST_RUN_ROWS = [
    ("trên", "trên"),
    ("ít nhất", "ít"),
    ("đô-la Mỹ", "đô"),
    ("  TP. Pleiku", "TP"),
]


@pytest.mark.parametrize("word, expected", FIRST_RUN_ROWS)
def test_first_run(word, expected):
    assert first_run(word) == expected


@pytest.mark.parametrize("word", ["$", "- 5", ""])
def test_first_run_needs_a_letter_or_digit_first(word):
    with pytest.raises(ValueError):
        first_run(word)


@pytest.mark.parametrize("word, expected", [("lần thứ", "thứ"), ("Covid-19", "19"), ("số ", "số"), ("ít", "ít")])
def test_last_run(word, expected):
    assert last_run(word) == expected


@pytest.mark.parametrize("word", ["số.", "5 -", ""])
def test_last_run_needs_a_letter_or_digit_last(word):
    with pytest.raises(ValueError):
        last_run(word)


# (words, text): a text that holds one of the words, in any case, is never skipped
HOLDS_ROWS = [
    (["VNĐ", "US$"], "hỗ trợ VNĐ 500.000"),
    (["VNĐ", "US$"], "hỗ trợ vnđ 500.000"),
    (["VNĐ", "US$"], "ABCVNĐ 300.000"),          # inside a word: the pattern decides, the pre-scan does not skip
    (["VNĐ", "US$"], "Us$ 200"),
    (["VNĐ", "US$"], "U\u017f$ 200"),            # the long s, which a case-blind match reads as s
    (["tổng số", "€"], "TỔNG  SỐ tiền"),         # only the piece before the first space is needed
    (["tổng số", "€"], "€50"),
]
# must not match: none of the words is there
HOLDS_NONE = [
    (["VNĐ", "US$"], "hỗ trợ 500.000 đồng"),
    (["VNĐ", "US$"], "VN Đ, U S$"),
    (["tổng số", "€"], "tổ ng"),
]


@pytest.mark.parametrize("words, text", HOLDS_ROWS)
def test_holds_any(words, text):
    assert holds_any(text, first_pieces(words))


@pytest.mark.parametrize("words, text", HOLDS_NONE)
def test_holds_any_must_not_match(words, text):
    assert not holds_any(text, first_pieces(words))


def test_currency_first_is_tried_wherever_it_matches():
    """Every text where CURRENCY_FIRST finds a start holds one of its pieces (so skipping the others loses none), and
    the starts found by those pieces are those of its search."""
    texts = _texts() + [f"{prefix}{word}{suffix}" for word in ("vnđ", "VND", "Usd", "US$", "eur", "€", "$")
                        for prefix in ("", "x", "30 ", "ı ") for suffix in ("", " 500.000", "5", "$ 2")]
    for text in texts:
        form = amount_form(matching_form(text))
        found = {position.start() for position in CURRENCY_FIRST.finditer(form)}
        if found:
            assert holds_any(form, CURRENCY_FIRST_PIECES), text[:80]
        assert _currency_first_starts(form) == found, text[:80]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["VNĐ", "vnd", "US", "$", "Us$", "€", "EUR", "eu", "usd", "x", " ", "5", "ſ", "ı", "đ"]),
                max_size=12))
def test_currency_first_starts_on_any_text(pieces):
    form = "".join(pieces)
    assert _currency_first_starts(form) == {position.start() for position in CURRENCY_FIRST.finditer(form)}


def test_heads_of_names_agree_with_finditer():
    patterns = organization_patterns()
    texts = _texts() + ["Trung tâm Y tế huyện, chi hội Tin lành Plei Ơi, Trường THPT Anh Hùng Núp, Công ty TNHH MTV",
                        "xTrung tâm Y tế, Trung  tâm Văn hóa, Bệnh viện-Nhi, TRUNG TÂM Y TẾ, Trung tâm, Trung tâmx Y"]
    for text in texts:
        form = matching_form(text)
        found = matches_at(patterns.head, form, patterns.head_starts.starts(form))
        assert _spans(found) == _spans(patterns.head.finditer(form)), text[:80]


def test_numbers_and_symbols_agree_with_finditer():
    texts = _texts() + ["Kết luận 62-KL/TW, 1250/QĐ-UBND, x121/2017/TT-BTC, 1.121/2017/TT-BTC, số 05 -CT/TW, ２0/QĐ-UB",
                        "Nghị quyết số 18-NQ/TW và 19-NQ/TW; QĐ số:217-QĐ/TW; /12-HD/BDVTW; -25/2018/QH14; _3/KH-UBND"]
    for text in texts:
        form = matching_form(text)
        found = matches_at(NUMBER_AND_SYMBOL, form, LeadingRuns(NUMBER_RUN).starts(form))
        assert _spans(found) == _spans(NUMBER_AND_SYMBOL.finditer(form)), text[:80]


def _runs_by_finditer(form: str) -> tuple:
    found = list(re.finditer(r"\w+", form))
    runs = tuple(match.group() for match in found)
    return tuple(match.start() for match in found), runs, frozenset(runs)


@pytest.mark.parametrize("text", ["", " ", "a", "dân, 2024. Covid_19 a_ _b x.y", "  hai  \n\tba,\u00a0bốn\u3000năm ",
                                  "٣٤ ²³ ⅷ e\u0301 \U0001d7d8x", "TP.HCM (UBND) 1.200đ/hộ;"])
def test_word_runs_are_the_matches_of_a_word_run(text):
    assert word_runs(text) == _runs_by_finditer(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab Z_,.\n\t1٣²\u0301Đư-/") + ["\u00a0", "\U0001d7d8", "\u3000"]),
               max_size=30))
def test_word_runs_are_the_matches_of_a_word_run_on_any_text(text):
    assert word_runs(text) == _runs_by_finditer(text)


def test_word_runs_of_real_texts():
    for text in _texts():
        form = matching_form(text)
        assert word_runs(form) == _runs_by_finditer(form)


# (words, text, starts of the runs that are one of them in any case)
CASE_BLIND_ROWS = [
    (["ubnd", "huyện"], "UBND Huyện, ubnd huyện; HUYỆN UbNd; huyệnx", [0, 5, 12, 17, 24, 30]),
    (["ban"], "Ban BAN bAn bank", [0, 4, 8]),
    (["tp", "sở"], "TP.HCM Sở SỞ sởi", [0, 7, 10]),
    (["in", "so"], "ın İN ſo SO", [0, 3, 6, 9]),       # a case-insensitive regex takes "ı", "İ", "ſ" for "i", "i", "s"
]


@pytest.mark.parametrize("words, text, expected", CASE_BLIND_ROWS)
def test_case_blind_runs(words, text, expected):
    assert CaseBlindRuns(words).starts(text) == expected
    assert LeadingRuns(re.compile("|".join(words), re.IGNORECASE)).starts(text) == expected


def _every_character() -> str:
    return "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


def test_case_blind_runs_read_every_letter_of_the_organization_words_as_their_regex_does():
    """For each letter of the words pre-scanned case-blind, the characters a case-insensitive regex takes for it are
    exactly those whose lower case it is, but the characters of _FOLDED_APART: so a run without them is one of the
    words for the regex exactly when its lower case is."""
    patterns = organization_patterns()
    letters = {c for runs in (patterns.gazetteer_starts, patterns.location_starts) for word in runs.lowered
               for c in word}
    everything = _every_character()
    lowered = {}
    for character in everything:
        lowered.setdefault(character.lower(), set()).add(character)
    for letter in letters:
        taken = {m.group() for m in re.finditer(re.escape(letter), everything, re.IGNORECASE)}
        assert taken - set(_FOLDED_APART) == lowered[letter] - set(_FOLDED_APART), letter


def test_lower_case_text_reads_as_the_case_insensitive_gazetteer_reads_the_text():
    """Every character but those of _FOLDED_APART is one character in lower case, a word character or a sign of the
    gazetteer's look-arounds exactly when its lower case is, and is taken by the case-insensitive regex for a
    character of the gazetteer's (lower-case) names exactly when its lower case is that character: so the regex of the
    lower-case names matches the lower-case text where the case-insensitive regex matches the text."""
    everything = [c for c in _every_character() if c not in _FOLDED_APART]
    around = re.compile(r"[\w/\-\u2013]")
    lowered = {}
    for character in everything:
        lower = character.lower()
        assert len(lower) == 1, character
        assert bool(around.match(character)) == bool(around.match(lower)), character
        lowered.setdefault(lower, set()).add(character)
    text = "".join(everything)
    dashes = "-\u2010\u2011\u2012\u2013\u2014"   # the dashes a name's pattern takes for its "-"
    for character in {c for name in organization_patterns().bodies_by_surface for c in name} | set(dashes):
        assert character == character.lower()
        taken = {m.group() for m in re.finditer(re.escape(character), text, re.IGNORECASE)}
        assert taken == lowered[character], character


@pytest.mark.parametrize("text", _texts())
def test_gazetteer_on_the_lower_case_text(text):
    patterns = organization_patterns()
    form = matching_form(text)
    starts = patterns.gazetteer_starts.starts(form)
    lower_case = in_lower_case(form)
    assert lower_case is not None and len(lower_case) == len(form)
    assert ([m.span() for m in matches_at(patterns.gazetteer_in_lower_case, lower_case, starts)]
            == [m.span() for m in matches_at(patterns.gazetteer, form, starts)])


def test_no_lower_case_text_with_a_letter_read_apart():
    assert in_lower_case("UBND xã Ia Hrung") == "ubnd xã ia hrung"
    assert in_lower_case("ỦY BAN NHÂN DÂN TİNH") is None
    assert in_lower_case("Hội ſinh viên") is None


def test_leading_runs_keep_the_starts_of_the_last_text():
    """The starts of the text asked for last are given again, unchanged by what a caller did with them; another
    text gets its own."""
    numbers = LeadingRuns(NUMBER_RUN)
    text = "Kết luận 62-KL/TW và Kế hoạch 15 năm 2024"
    first = numbers.starts(text)
    assert first == [9, 30, 37]
    first.append(99)
    assert numbers.starts(text) == [9, 30, 37]
    assert numbers.starts("".join(text)) == [9, 30, 37]
    assert numbers.starts("Quyết định 1250") == [11]
    assert numbers.starts("") == []
    assert numbers.starts(text) == [9, 30, 37]


# (text, each distinct run and its starts in order)
RUN_STARTS_ROWS = [
    ("", {}),
    (" ,; ", {}),
    ("Ban Dân vận; ban hành; Ban", {"Ban": [0, 23], "Dân": [4], "vận": [8], "ban": [13], "hành": [17]}),
    ("xã, xã,xã xãx 1.000 1", {"xã": [0, 4, 7], "xãx": [10], "1": [14, 20], "000": [16]}),
    ("Covid_19 a_b", {"Covid_19": [0], "a_b": [9]}),
]


@pytest.mark.parametrize("text, expected", RUN_STARTS_ROWS)
def test_starts_of_each_run(text, expected):
    assert {run: starts_of({run}, text) for run in word_runs(text)[2]} == expected
    found = held_runs(text)
    held, starts, runs = found.held, found.starts, found.runs
    assert all(starts_of({run}, text) == expected[run] for run in held)
    assert [(start, run) for start, run in zip(starts, runs)] == sorted(
        (start, run) for run in held for start in expected[run])


def _starts_by_look_at_every_run(leading, form) -> list[int]:
    starts, runs, _ = word_runs(form)
    return [start for start, run in zip(starts, runs) if run in leading]


# (runs asked for, text, their starts in order; [] when none is); the runs must be runs of the text
STARTS_OF_ROWS = [
    ({"xã", "1"}, "xã, xã,xã xãx 1.000 1", [0, 4, 7, 14, 20]),
    ({"000"}, "xã, xã,xã xãx 1.000 1", [16]),
    (set(), "xã, xã,xã xãx 1.000 1", []),
    ({"Ban", "ban"}, "Ban Dân vận; ban hành; Ban", [0, 13, 23]),
]


@pytest.mark.parametrize("leading, text, expected", STARTS_OF_ROWS)
def test_starts_of(leading, text, expected):
    assert starts_of(leading, text) == expected
    assert starts_and_runs_of(leading, text) == [(start, text[start:start + len(run)])
                                                 for start, run in zip(*word_runs(text)[:2]) if run in leading]


def test_starts_of_real_texts_are_those_of_a_look_at_every_run():
    """Any choice of the distinct runs of a text gives the starts a look at every run of the text gives, in order."""
    gazetteer = organization_patterns().gazetteer_starts   # made before any text is pre-scanned here
    choose = random.Random(7)
    for text in _texts():
        form = matching_form(text)
        distinct = sorted(word_runs(form)[2])
        found = held_runs(form)
        held, starts, runs = found.held, found.starts, found.runs
        assert list(zip(starts, runs)) == [(start, run) for start, run in zip(*word_runs(form)[:2]) if run in held]
        assert gazetteer.leading_in(form) <= held
        assert all(found.by_family[family] == family.leading_in(form) for family in found.by_family)
        for size in (1, 3, len(distinct) // 2, len(distinct)):
            leading = frozenset(choose.sample(distinct, min(size, len(distinct))))
            for chosen in (leading, leading & held):   # a look at the held runs, or at every run
                expected = _starts_by_look_at_every_run(chosen, form)
                assert starts_of(chosen, form) == expected
                assert [start for start, _ in starts_and_runs_of(chosen, form)] == expected
                assert all(form.startswith(run, start) for start, run in starts_and_runs_of(chosen, form))


def test_starts_of_give_a_new_list_each_time():
    text = "xã, xã,xã xãx"
    starts_of({"xã"}, text).append(99)
    starts_of({"xã", "xãx"}, text).append(99)
    assert starts_of({"xã"}, text) == [0, 4, 7]
    assert starts_of({"xã", "xãx"}, text) == [0, 4, 7, 10]


def test_held_by_is_what_a_family_holds_made_before_or_after_the_text_is_pre_scanned():
    text = "Ban Dân vận; ban hành; Ban 12 (held_by)"
    before = ListedRuns(["Ban", "vận", "Hành"])
    assert before in held_runs(text).by_family
    after = CaseBlindRuns(["HÀNH", "ban"])
    assert after not in held_runs(text).by_family
    assert held_by(before, text) == {"Ban", "vận"}
    assert held_by(after, text) == {"Ban", "ban", "hành"}
    assert after.starts(text) == [0, 13, 17, 23]


def test_the_memos_of_runs_give_what_a_look_at_every_run_gives_when_emptied_or_on_folded_text(monkeypatch):
    """The memo of runs shared by the families (``prescan._SharedMemo``) and each family's own (``leading_in``) hold what
    each family's regex or list gives for every distinct run of a text: when they are emptied for being full at every
    text (the runs of the text seen before are read again), and for a text holding a character of _FOLDED_APART
    (read family by family)."""
    import extractors.prescan as prescan

    organization_patterns()
    texts = _texts()[:6] + ["Bộ Chính trị ſẽ trên 30 hộ ban hành", "KINH PHÍ İ 2 tỷ đồng"]
    monkeypatch.setattr(prescan, "_MAX_KNOWN_RUNS", 10)
    for text in texts * 2:
        form = matching_form(text)
        held_runs.cache_clear()
        found = held_runs(form)
        distinct = list(word_runs(form)[2])
        for family in found.by_family:
            expected = set(family._leading_among(distinct, form)) if isinstance(family, LeadingRuns) \
                else set(family.words.intersection(distinct))
            assert found.by_family[family] == expected, (type(family).__name__, text[:40])
            assert family.leading_in(form) == expected, (type(family).__name__, text[:40])


def test_a_family_made_after_a_text_gets_its_starts():
    text = "Ban Dân vận; ban hành; Ban"
    assert ListedRuns(["Ban"]).starts(text) == [0, 23]
    assert ListedRuns(["hành", "vận"]).starts(text) == [8, 17]
    assert CaseBlindRuns(["BAN"]).starts(text) == [0, 13, 23]


def test_digit_runs_are_the_leading_runs_of_the_number_run():
    assert all(bool(NUMBER_RUN.fullmatch(character + "a")) == character.isdecimal() for character in _every_character())
    for text in _texts() + ["٣٤ ²³ ⅷ 𝟘x 1_a _1"]:
        assert DigitRuns(NUMBER_RUN).starts(text) == LeadingRuns(NUMBER_RUN).starts(text)


@pytest.mark.parametrize("leading", [r"\d+", r"\w+", r"\d\w*|trên"])
def test_digit_runs_read_only_the_number_run(leading):
    with pytest.raises(ValueError, match="DigitRuns"):
        DigitRuns(re.compile(leading))


@pytest.mark.parametrize("text, pieces, start, end, expected", [
    ("a.b.c", (".",), 0, None, [1, 3]),
    ("a.b!c?", (".", "!", "?"), 0, None, [1, 3, 5]),
    ("a.b.c", (".",), 2, None, [3]),
    ("a.b.c", (".",), 0, 3, [1]),
    ("2020 1920", ("19", "20"), 0, None, [0, 2, 5, 7]),   # overlapping places are all given
    ("abc", (".",), 0, None, []),                           # must not match: none written
    ("Luật", ("luật",), 0, None, []),                       # must not match: as written only
])
def test_written_at(text, pieces, start, end, expected):
    assert written_at(text, pieces, start, end) == expected


def test_written_at_refuses_an_empty_piece():
    with pytest.raises(ValueError, match="at least one character"):
        written_at("abc", ("",))
