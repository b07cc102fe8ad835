"""The segmenter's model run in Python (extractors/crf.py) gives underthesea's own labels, letter by letter and phrase
by phrase; a file it does not know is refused with a clear error."""

import random
import re
from functools import reduce
from operator import add
from pathlib import Path

import pytest

from extractors.crf import ADDED_IN_ORDER, SAFE_LETTERS, ModelFormatError, SyllableSegmenter, read_model

underthesea = pytest.importorskip("underthesea")


@pytest.fixture(scope="module")
def models():
    """(underthesea's segmenter model, ours), both from underthesea's files."""
    import joblib
    import underthesea.pipeline.word_tokenize as segmenter_module
    from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger

    from extractors.tagging import SEGMENTER_MODEL

    model_dir = Path(segmenter_module.__file__).parent / "models" / SEGMENTER_MODEL
    theirs = FastCRFSequenceTagger()
    theirs.load(str(model_dir))
    ours = SyllableSegmenter(model_dir, list(joblib.load(model_dir / "features.bin")),
                             set(joblib.load(model_dir / "dictionary.bin")))
    return theirs, ours


def test_weights_are_added_one_after_the_other_as_reduce_adds_them():
    """``sum`` from ADDED_IN_ORDER rounds after every addition, as ``reduce(add, …)`` does, where a compensated sum
    (Python 3.14's, of exact complex numbers) would give 2 + 2j."""
    weights = [complex(2.0 ** 53, 2.0 ** 53), 1 + 1j, 1 + 1j, complex(-2.0 ** 53, -2.0 ** 53)]
    assert sum(weights, ADDED_IN_ORDER) == reduce(add, weights, 0j) == 0j
    assert type(sum(weights, ADDED_IN_ORDER)) is complex


def test_python_reads_every_safe_letter_as_the_compiled_featurizer_does(models):
    """Lower case and "begins with a capital" of every letter and digit SAFE_LETTERS admits, one syllable each."""
    theirs, _ours = models
    letters = [chr(code) for code in range(0x2000) if SAFE_LETTERS.fullmatch(chr(code))]
    assert len(letters) > 700 and "ư" in letters and "Ỹ" in letters and "ƛ" not in letters
    for letter, features in zip(letters, theirs.featurizer.process([[[letter]] for letter in letters])):
        read = dict(feature.split("=", 1) for feature in features[0])
        assert read["T[0].lower"] == letter.lower(), letter
        assert read["T[0].istitle"] == ("True" if letter.upper() == letter else "False"), letter


def _phrases(count: int, seed: int) -> list[list[str]]:
    from pipeline.bench.common import load_corpus

    syllables = re.findall(r"[^\W\d_ðÐ]+|\d+", " ".join(load_corpus(Path("data/mirror")).texts))
    rng = random.Random(seed)
    phrases = []
    for _ in range(count):
        size = rng.randint(1, 9)
        at = rng.randrange(len(syllables) - size)
        phrases.append(syllables[at:at + size] if rng.random() < 0.7
                       else [rng.choice(syllables) for _ in range(size)])
    return phrases


# Phrases of every kind of syllable the features read: capitals, numbers (a 32-bit integer or not), words of the
# dictionary of one to three syllables, a phrase shorter than the window.
EDGE_ROWS = [
    ["Ủy", "ban", "Mặt", "trận", "Tổ", "quốc", "Việt", "Nam"],
    ["hộ", "nghèo", "xây", "nhà", "đại", "đoàn", "kết"],
    ["120", "hộ", "nghèo"],
    ["2147483647", "người"], ["2147483648", "người"], ["0005", "xã"],
    ["HỘI", "NÔNG", "DÂN"],
    ["Hà", "Bầu"],
    ["ngành"],
    ["xe", "đạp", "điện", "2024", "Gia", "Lai", "đến", "năm", "và"],
    ["BOS", "hộ", "EOS", "bos"],   # syllables spelled like the values outside a phrase
    ["hộ", "ĸa", "nghèo"],   # in lower case, but "ĸ" has no capital: it reads as beginning with one
    ["nhà", "đại", "đoàn", "kết", "cho", "hộ", "nghèo"],   # in lower case throughout: one lookup per run
    # 43 syllables: longer than the phrases whose getters are made with the model
    ("Ban Dân vận Tỉnh ủy phối hợp với Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh tổ chức hội nghị đối thoại "
     "giữa người đứng đầu cấp ủy chính quyền với nhân dân tại xã Ia Sao huyện Ia Grai năm 2024").split(),
]


def test_labels_are_underthesea_s_on_real_and_random_phrases(models):
    theirs, ours = models
    for syllables in EDGE_ROWS + _phrases(1500, seed=7):
        assert ours.labels(syllables) == list(theirs.predict([[s] for s in syllables])), syllables


# Must-not-read rows: a letter or digit outside SAFE_LETTERS leaves the phrase to underthesea.
NOT_SAFE_ROWS = [
    ["Σας", "xã"],
    ["١٢", "hộ"],
    ["ƛ"],
    ["hộ", "-5"],
    [],
]


@pytest.mark.parametrize("syllables", NOT_SAFE_ROWS)
def test_phrases_outside_the_safe_letters_are_left_to_underthesea(models, syllables):
    _theirs, ours = models
    assert ours.labels(syllables) is None


def test_a_file_that_is_no_crfsuite_model_is_refused(tmp_path):
    import underthesea.pipeline.word_tokenize as segmenter_module

    from extractors.tagging import SEGMENTER_MODEL

    real = (Path(segmenter_module.__file__).parent / "models" / SEGMENTER_MODEL / "models.bin").read_bytes()
    for content in (b"", b"\x00" * 64, b"not a model at all, just text" * 4, real[:100_000], real[:-7]):
        path = tmp_path / "models.bin"
        path.write_bytes(content)
        with pytest.raises(ModelFormatError):
            read_model(path)


def test_a_template_the_reader_does_not_know_is_refused(models):
    import underthesea.pipeline.word_tokenize as segmenter_module

    from extractors.tagging import SEGMENTER_MODEL

    model_dir = Path(segmenter_module.__file__).parent / "models" / SEGMENTER_MODEL
    for template in ("T[-3]", "T[0].isupper", "T[0,3]", "W[0]"):
        with pytest.raises(ModelFormatError):
            SyllableSegmenter(model_dir, ["T[0]", template], set())
