"""underthesea's word segmenter and fast part-of-speech tagger, loaded once and shared by the extractors."""

from __future__ import annotations

import gc
import pickle
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Callable

from extractors.crf import SyllableSegmenter

FAST_MODEL = "pos_crf_vlsp2013_20230303"   # the "v2.0" model of underthesea's pos_tag (compiled features)
SEGMENTER_MODEL = "ws_crf_vlsp2013_20230727"   # the model of underthesea's word_tokenize

# A phrase of syllables of letters only or digits only, between spaces: underthesea's regular-expression tokenizer
# gives exactly its syllables (every other kind of token it knows holds a sign, or letters and digits together),
# so the segmenter's model is fed them directly. The look-alikes of "đ" its character normalization replaces are
# left to it.
_PLAIN_SYLLABLE = r"(?:[^\W\d_ðÐ]+|\d+)"
PLAIN_PHRASE = re.compile(rf"\s*{_PLAIN_SYLLABLE}(?:\s+{_PLAIN_SYLLABLE})*\s*")


def _set_aside_from_collection() -> None:
    """Importing underthesea leaves large lists and sets (three copies of its dictionary of 72,547 words) that every
    full garbage collection would walk again, at a cost of several articles' extraction each time: what exists once
    the models are loaded is moved out of the collector's reach (``gc.freeze``), so that a collection during
    extraction walks only what extraction made. Garbage is collected first, so that only live objects are set
    aside (a cycle set aside and dropped later is never freed: at most what the caller held at that moment)."""
    gc.collect()
    gc.freeze()


class TaggedPhrase:
    """The words of a phrase and their parts of speech, the tags computed only when one is first read: the tagger
    reads the whole word sequence, so the tags are the same whenever they are computed, and a reader that decides
    from the words alone spares the part-of-speech model."""

    def __init__(self, words: list[str], tag_words: Callable[[list[str]], list[str]] | None = None,
                 tags: list[str | None] | None = None):
        self.words = tuple(words)
        self._tag_words = tag_words
        self._tags = None if tags is None else tuple(tags)

    def tag(self, index: int) -> str | None:
        """The part of speech of the word at *index* (None without a tagger)."""
        if self._tags is None:
            self._tags = (tuple(self._tag_words(list(self.words))) if self._tag_words is not None
                          else (None,) * len(self.words))
        return self._tags[index]

    def pairs(self) -> list[tuple[str, str | None]]:
        """(word, tag) for every word."""
        return [(word, self.tag(index)) for index, word in enumerate(self.words)]


def plain_tokens(phrase: str) -> list[str] | None:
    """The tokens underthesea's segmenter is fed for *phrase* when it is plain (``PLAIN_PHRASE``, in NFC): its
    syllables, with underthesea's token normalization; None for any other phrase, or without underthesea."""
    token_map = _token_map()
    if token_map is None or PLAIN_PHRASE.fullmatch(phrase) is None or not unicodedata.is_normalized("NFC", phrase):
        return None
    return [token_map.get(token, token) if len(token) <= 6 else token for token in phrase.split()]


@lru_cache(maxsize=1)
def _token_map() -> dict[str, str] | None:
    """underthesea's normalization of single tokens; None without underthesea."""
    try:
        from underthesea.pipeline.text_normalize.text_normalizer import token_map
    except ImportError:
        return None
    return token_map


def _syllable_segmenter(model_dir: Path) -> SyllableSegmenter | None:
    """The segmenter's model run in Python (``extractors.crf``), with the templates and dictionary underthesea
    gives it; None when its files are not as that reader knows them (underthesea's own model then runs)."""
    try:
        return SyllableSegmenter(model_dir, list(_saved_object(model_dir / "features.bin")),
                                 set(_saved_object(model_dir / "dictionary.bin")))
    except (ImportError, OSError, ValueError, TypeError):   # ModelFormatError is a ValueError
        return None


def _saved_object(path: Path):
    """An object underthesea saved with joblib: its files are plain pickles, read by Python's compiled unpickler
    (joblib's own reader, in Python, takes five times as long over the 72,547 words of the dictionary)."""
    try:
        return pickle.loads(path.read_bytes())
    except pickle.UnpicklingError:
        import joblib

        return joblib.load(path)


@lru_cache(maxsize=1)
def pos_tagger() -> Callable[[str], list[tuple[str, str]]] | None:
    """A function phrase -> [(word, tag)]: underthesea's word segmenter with the compiled CRF model of its
    ``pos_tag(…, model="v2.0")``, several times faster than its default model on a short phrase; its plain
    ``pos_tag`` if that model cannot be loaded; None without underthesea (``phrase_tagger`` tags lazily)."""
    tagger = phrase_tagger()
    if tagger is None:
        return None
    return lambda phrase: tagger(phrase).pairs()


@lru_cache(maxsize=1)
def phrase_tagger() -> Callable[[str], TaggedPhrase] | None:
    """A function phrase -> ``TaggedPhrase``: the words of underthesea's word segmenter, tagged when first asked by
    the compiled CRF model of its ``pos_tag(…, model="v2.0")``; words and tags of its plain ``pos_tag`` at once if
    that model cannot be loaded; None without underthesea.

    A plain phrase in NFC (``PLAIN_PHRASE``) skips underthesea's tokenizer, whose tokens are then its syllables
    (with underthesea's own token normalization), and its syllables are labelled by the segmenter's model run in
    Python (``extractors.crf``, underthesea's own model run when that one cannot be read or leaves the phrase to
    it): the same words and tags as ``word_tokenize`` gives."""
    try:
        from underthesea import pos_tag, word_tokenize
    except ImportError:
        return None
    try:
        import underthesea.pipeline.pos_tag as pos_module
        import underthesea.pipeline.word_tokenize as segmenter_module
        from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger

        if _token_map() is None:
            raise ImportError("underthesea's token normalization cannot be loaded")
        model = FastCRFSequenceTagger()
        model.load(str(Path(pos_module.__file__).parent / "models" / FAST_MODEL))
        word_tokenize("Ủy ban")   # loads word_tokenize's model now, not on the first phrase that is not plain
        segmenter = getattr(segmenter_module, "word_tokenize_model", None)
        segmenter_dir = Path(segmenter_module.__file__).parent / "models" / SEGMENTER_MODEL
        if segmenter is None:
            segmenter = FastCRFSequenceTagger()
            segmenter.load(str(segmenter_dir))
    except (ImportError, OSError, ValueError, RuntimeError):
        _set_aside_from_collection()

        def tag_at_once(phrase: str) -> TaggedPhrase:
            pairs = pos_tag(phrase)
            return TaggedPhrase([word for word, _tag in pairs], tags=[tag for _word, tag in pairs])

        return tag_at_once
    syllable_segmenter = _syllable_segmenter(segmenter_dir)
    _set_aside_from_collection()

    def words_of(phrase: str) -> list[str]:
        tokens = plain_tokens(phrase)
        if tokens is None:
            return word_tokenize(phrase)
        if len(tokens) == 1:
            return tokens   # one syllable is one word, whatever label the segmenter gives it
        labels = syllable_segmenter.labels(tokens) if syllable_segmenter is not None else None
        if labels is None:
            labels = segmenter.predict([[token] for token in tokens])
        words: list[str] = []
        for label, token in zip(labels, tokens):
            if label == "I-W" and words:
                words[-1] = f"{words[-1]} {token}"
            else:
                words.append(token)
        return words

    def tags_of(words: list[str]) -> list[str]:
        return [label[2:] for label in model.predict([[word] for word in words])]

    return lambda phrase: TaggedPhrase(words_of(phrase), tags_of)
