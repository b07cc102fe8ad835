"""danvan's facts in spaCy: the ``danvan`` pipeline component puts each kind in ``doc.spans[kind]``, fields as extensions.

Registered through entry points (pyproject.toml), so nothing needs importing once danvan is installed::

    import spacy
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "danvan.Tokenizer.v1"}}})
    nlp.add_pipe("danvan")
    doc = nlp("Thực hiện Kết luận 62-KL/TW, xã hỗ trợ 2 tỷ đồng.")
    doc.spans["legal_refs"][0]._.key      # '62-KL/TW'
    doc.spans["money"][0]._.value         # 2000000000

* ``doc.spans`` gets one group per kind of ``extract``'s object (``legal_refs``, ``money``, ``counts``,
  ``percents``, ``measures``, ``organizations``, ``locations``, ``dates``); each span's label is the kind
  (singular: ``legal_ref``, ``money``, ``count`` …), which displaCy's span renderer shows
  (``displacy.render(doc, style="span", options={"spans_key": "money"})``); ``doc.spans["danvan"]`` holds
  the facts of every kind together, to show them all at once.
* ``span._.danvan`` is the fact's whole dict, as ``extract`` gives it (its ``start``/``end`` are the fact's own
  character offsets); ``span._.value``, ``span._.key``, ``span._.name``, ``span._.qualifier`` are its fields
  of those names (None when the kind has none).
* A fact's character offsets become token boundaries with ``doc.char_span(..., alignment_mode="expand")``: a
  fact inside a longer token takes the whole token. ``danvan.Tokenizer.v1`` (spaces, and punctuation at the
  ends of words split off; ``62-KL/TW``, ``5.000đ/hội`` and ``1,5`` stay whole) keeps those spans tight;
  ``spacy.blank("vi")`` itself needs pyvi for its word segmentation, and with
  ``{"nlp": {"tokenizer": {"use_pyvi": False}}}`` splits at spaces only (a comma stays on its word).
* Text that is not NFC (decomposed accents) works too: the offsets are moved back onto the Doc's own text.
"""

from __future__ import annotations

import json
import re
import unicodedata

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import registry

from extractors import KINDS, extract
from extractors.normalize import nfc

LABELS = {"legal_refs": "legal_ref", "money": "money", "counts": "count", "percents": "percent",
          "measures": "measure", "organizations": "organization", "locations": "location", "dates": "date",
          "activities": "activity"}
FIELDS = ("value", "key", "name", "qualifier")
ALL_KEY = "danvan"   # doc.spans["danvan"]: the facts of every kind together, in text order
_FACTS = "danvan"   # doc.user_data[(_FACTS, label, start_char, end_char)] -> the fact as JSON (kept as it is by to_bytes,
                    # which would turn the lists inside a dict into tuples)

# Punctuation split off the start and the end of a word (not inside: 62-KL/TW, 1.250, 5.000đ/hội viên).
_PREFIX = re.compile(r"""^[("“‘«\[{'…]""")
_SUFFIX = re.compile(r"""[)"”’»\]}',.;:!?…]$""")


@registry.tokenizers("danvan.Tokenizer.v1")
def make_tokenizer():
    """A tokenizer for Vietnamese running text: split at spaces, then punctuation off the ends of each word."""

    def create(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab, prefix_search=_PREFIX.search, suffix_search=_SUFFIX.search)

    return create


def _fact(span: Span) -> dict | None:
    stored = span.doc.user_data.get((_FACTS, span.label_, span.start_char, span.end_char))
    return json.loads(stored) if stored is not None else None


def _field(name: str):
    return lambda span: (_fact(span) or {}).get(name)


def _register_extensions() -> None:
    if not Span.has_extension("danvan"):
        Span.set_extension("danvan", getter=_fact)
    for name in FIELDS:
        if not Span.has_extension(name):
            Span.set_extension(name, getter=_field(name))


def _offsets_into(text: str) -> list[int] | None:
    """For text that is not NFC: the offset in *text* of each offset of ``nfc(text)`` (None when it is NFC)."""
    normalized = nfc(text)
    if normalized == text:
        return None
    positions, i = [], 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        positions += [i] * len(nfc(text[i:j]))
        i = j
    positions.append(len(text))
    if len(positions) != len(normalized) + 1:
        raise ValueError("danvan cannot map the offsets of this text's NFC form back onto it; give spaCy nfc(text)")
    return positions


class DanvanComponent:
    """The ``danvan`` component: runs ``extractors.extract`` on the Doc's text and sets its span groups."""

    def __init__(self, kinds: list[str] | None = None):
        known = KINDS
        self.kinds = list(kinds) if kinds else known
        unknown = [kind for kind in self.kinds if kind not in known]
        if unknown:
            raise ValueError(f"danvan: unknown kinds {unknown}; the kinds are {known}")
        _register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        found = extract(doc.text)
        positions = _offsets_into(doc.text)
        every: list[Span] = []
        for kind in self.kinds:
            spans = []
            for fact in found[kind]:
                start, end = fact["start"], fact["end"]
                if positions is not None:
                    start, end = positions[start], positions[end]
                span = doc.char_span(start, end, label=LABELS[kind], alignment_mode="expand")
                if span is None:   # only whitespace: nothing to mark
                    continue
                doc.user_data[(_FACTS, span.label_, span.start_char, span.end_char)] = json.dumps(fact, ensure_ascii=False)
                spans.append(span)
            doc.spans[kind] = spans
            every += spans
        doc.spans[ALL_KEY] = sorted(every, key=lambda span: (span.start, -span.end))
        return doc


@Language.factory("danvan", default_config={"kinds": None})
def make_danvan(nlp: Language, name: str, kinds: list[str] | None) -> DanvanComponent:
    """danvan's facts as span groups (``doc.spans["money"]`` …) with ``span._.danvan`` and named fields."""
    return DanvanComponent(kinds)
