"""The shared tagger: a plain phrase fed to the segmenter's model directly gets underthesea's own words and tags."""

import json
import unicodedata

import pytest

from extractors.tagging import PLAIN_PHRASE, pos_tagger
from tests.conftest import GOLD

underthesea = pytest.importorskip("underthesea")

# Phrases the tokenizer is skipped for: syllables of letters only or digits only between spaces, in NFC.
PLAIN_ROWS = [
    "hộ nghèo xây nhà",
    " Cheo Reo tặng",
    "lượt   hội viên",
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
    "tổ hoà giải",
    " Cheo Reo tặng 200 suất học bổng",
    "Hà Bầu vận động thành lập 3 tổ hợp",
    "nghành",               # in underthesea's table of token spellings ("ngành"): normalized as it does
    "sạch",                 # one syllable: one word without the segmenter
    " Hội ",
    "2024",
    "Σας xã hội",           # letters the segmenter's Python reading leaves to underthesea (extractors/crf.py)
    "hội ƛ viên",
]

# Must-not-match rows: underthesea's tokenizer is run on them (digits, signs, look-alikes, decomposed text).
NOT_PLAIN_ROWS = [
    "",
    "   ",
    "Tiểu học Lê Văn Tám vận động 100% trẻ em",
    "xã 3x4",
    "800 m2 đất",
    "4K",
    "1.200 hộ",
    "08-2014",
    "02/05/2014",
    "H\u2019Mông",
    "xã N'Thôn Hạ",
    "e-mail",
    "Hội Nông dân, xã",
    "T.Ư Đoàn",
    "HÐND tỉnh",
    "ðoàn viên",
    unicodedata.normalize("NFD", "hộ nghèo"),
    "hộ_nghèo",
]


@pytest.mark.parametrize("phrase", PLAIN_ROWS)
def test_plain_phrases_skip_the_tokenizer(phrase):
    assert PLAIN_PHRASE.fullmatch(phrase) and unicodedata.is_normalized("NFC", phrase)


@pytest.mark.parametrize("phrase", NOT_PLAIN_ROWS)
def test_other_phrases_go_through_the_tokenizer(phrase):
    assert not (PLAIN_PHRASE.fullmatch(phrase) and unicodedata.is_normalized("NFC", phrase))


def _gold_phrases(limit: int = 1500) -> list[str]:
    phrases = []
    for path in sorted(GOLD.glob("*.json")):
        for article in json.loads(path.read_text(encoding="utf-8"))["articles"]:
            for line in article["text"].split("\n"):
                for piece in line.replace(",", ".").replace(";", ".").split("."):
                    syllables = piece.split()
                    for size in (2, 4, 7, 12):
                        for at in range(0, max(0, len(syllables) - size) + 1, size):
                            phrases.append(" ".join(syllables[at:at + size]))
    return phrases[:limit]


def test_words_and_tags_are_underthesea_s_own_on_gold_phrases():
    """Every phrase of the gold articles (plain or not) gets the words word_tokenize gives, with the tags the same
    model gives those words."""
    from underthesea import word_tokenize
    from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger
    import underthesea.pipeline.pos_tag as pos_module
    from pathlib import Path

    from extractors.tagging import FAST_MODEL

    model = FastCRFSequenceTagger()
    model.load(str(Path(pos_module.__file__).parent / "models" / FAST_MODEL))
    tagger = pos_tagger()
    phrases = _gold_phrases() + PLAIN_ROWS + [p for p in NOT_PLAIN_ROWS if p.strip()]
    assert sum(1 for p in phrases if PLAIN_PHRASE.fullmatch(p)) > 300
    for phrase in phrases:
        words = word_tokenize(phrase)
        expected = list(zip(words, (label[2:] for label in model.predict([[w] for w in words]))))
        assert tagger(phrase) == expected, phrase


def test_a_tagged_phrase_runs_the_part_of_speech_model_only_when_a_tag_is_read(monkeypatch):
    """``phrase_tagger`` gives the segmenter's words at once and the tags of those words, the same as
    ``pos_tagger``'s, only when one is read: the model reads the whole word sequence, so when it runs does not matter."""
    from extractors.tagging import phrase_tagger

    calls = []
    phrase = phrase_tagger()(" Hà Bầu khẳng định sẽ tiếp tục đồng hành cùng chính quyền")
    original = phrase._tag_words
    monkeypatch.setattr(phrase, "_tag_words", lambda words: calls.append(list(words)) or original(words))
    assert phrase.words == ("Hà Bầu", "khẳng định", "sẽ", "tiếp tục", "đồng hành", "cùng", "chính quyền")
    assert calls == []
    assert phrase.tag(1) == "V" and phrase.tag(0) == "Np"
    assert calls == [list(phrase.words)]
    assert phrase.pairs() == pos_tagger()(" Hà Bầu khẳng định sẽ tiếp tục đồng hành cùng chính quyền")
    assert len(calls) == 1


def test_a_tagged_phrase_without_a_tagger_has_no_tags():
    from extractors.tagging import TaggedPhrase

    phrase = TaggedPhrase(["Hà Bầu", "vận động"])
    assert phrase.pairs() == [("Hà Bầu", None), ("vận động", None)]
    assert TaggedPhrase([], tags=[]).pairs() == []


# (phrase, the tokens the segmenter is fed: its syllables, as underthesea spells them; None: not a plain phrase)
PLAIN_TOKEN_ROWS = [
    (" Hà Bầu", ["Hà", "Bầu"]),
    ("Chư  Păh", ["Chư", "Păh"]),
    ("tổ hoà giải", ["tổ", "hòa", "giải"]),
    ("nghành", ["ngành"]),
    ("H'Bông", None),
    ("Hà Bầu, Chư Păh", None),
    ("Hà Bầu 2", ["Hà", "Bầu", "2"]),
    (unicodedata.normalize("NFD", "Hà Bầu"), None),
]


@pytest.mark.parametrize("phrase, expected", PLAIN_TOKEN_ROWS)
def test_plain_tokens_are_the_syllables_as_underthesea_spells_them(phrase, expected):
    from extractors.tagging import plain_tokens

    assert plain_tokens(phrase) == expected
