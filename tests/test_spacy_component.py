"""danvan's facts in spaCy: the `danvan` component (found through its entry point), span groups, extensions, displaCy."""

import json
import subprocess
import sys
import unicodedata

import pytest

spacy = pytest.importorskip("spacy")
from spacy import displacy  # noqa: E402

from extractors import extract  # noqa: E402
from extractors.spacy_component import LABELS  # noqa: E402

TEXT = ("Thực hiện Kết luận 62-KL/TW, Ủy ban MTTQ Việt Nam xã Ia Tô hỗ trợ trên 2 tỷ đồng cho 30 căn nhà "
        "(đạt 95%), làm 1,2 km đường ngày 15/11/2017.")
DANVAN_TOKENIZER = {"nlp": {"tokenizer": {"@tokenizers": "danvan.Tokenizer.v1"}}}


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("vi", config=DANVAN_TOKENIZER)
    nlp.add_pipe("danvan")
    return nlp


def test_the_component_and_tokenizer_are_found_without_importing_danvan(tmp_path):
    script = ("import json, sys, spacy\n"
              f"nlp = spacy.blank('vi', config={DANVAN_TOKENIZER!r})\n"
              "nlp.add_pipe('danvan')\n"
              f"doc = nlp({TEXT!r})\n"
              "print(json.dumps([(s.text, s.label_, s._.key) for s in doc.spans['legal_refs']], ensure_ascii=False))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [["Kết luận 62-KL/TW", "legal_ref", "62-KL/TW"]]


@pytest.mark.parametrize("kind, text, fields", [
    # (span group, the span's text, named extension attributes)
    ("legal_refs", "Kết luận 62-KL/TW", {"key": "62-KL/TW", "value": None}),
    ("money", "trên 2 tỷ đồng", {"value": 2_000_000_000, "qualifier": "over"}),
    ("counts", "30 căn nhà", {"value": 30, "qualifier": "exact"}),
    ("percents", "95%", {"value": 95}),
    ("measures", "1,2 km", {"value": 1.2}),
    ("organizations", "Ủy ban MTTQ Việt Nam xã Ia Tô", {"name": "Ủy ban Mặt trận Tổ quốc Việt Nam"}),
    ("locations", "xã Ia Tô", {"name": "Ia Tô"}),
    ("dates", "ngày 15/11/2017", {"value": "2017-11-15"}),
])
def test_each_kind_is_a_span_group_with_its_fields(nlp, kind, text, fields):
    doc = nlp(TEXT)
    facts = extract(TEXT)[kind]
    spans = list(doc.spans[kind])
    assert [span.text for span in spans] == [text]
    span = spans[0]
    assert span.label_ == LABELS[kind]
    assert span._.danvan == facts[0]
    for name, value in fields.items():
        assert getattr(span._, name) == value


def test_every_fact_is_in_the_danvan_group_in_text_order(nlp):
    doc = nlp(TEXT)
    every = list(doc.spans["danvan"])
    assert len(every) == sum(len(facts) for facts in extract(TEXT).values())
    assert [span.start for span in every] == sorted(span.start for span in every)


def test_displacy_renders_the_spans(nlp):
    doc = nlp(TEXT)
    markup = displacy.render(doc, style="span", options={"spans_key": "money"})
    assert "money" in markup and "trên" in markup and "legal_ref" not in markup
    markup = displacy.render(doc, style="span", options={"spans_key": "danvan"})
    assert all(label in markup for label in ("legal_ref", "money", "count", "organization", "location"))


def test_decomposed_text_keeps_its_spans_on_the_docs_own_characters(nlp):
    text = unicodedata.normalize("NFD", TEXT)
    doc = nlp(text)
    assert doc.text == text
    for kind, facts in extract(text).items():
        assert [unicodedata.normalize("NFC", span.text) for span in doc.spans[kind]] == [f["text"] for f in facts]


def test_spacys_own_vietnamese_tokenizer_without_pyvi_expands_to_whole_words():
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("danvan", config={"kinds": ["legal_refs"]})
    doc = nlp(TEXT)
    assert [span.text for span in doc.spans["legal_refs"]] == ["Kết luận 62-KL/TW,"]   # the comma is on the word
    assert doc.spans["legal_refs"][0]._.danvan["text"] == "Kết luận 62-KL/TW"
    assert "money" not in doc.spans


def test_an_unknown_kind_is_named():
    nlp = spacy.blank("vi", config=DANVAN_TOKENIZER)
    with pytest.raises(ValueError, match="unknown kinds"):
        nlp.add_pipe("danvan", config={"kinds": ["weather"]})


def test_the_facts_survive_serialization(nlp):
    from spacy.tokens import Doc, DocBin

    doc = nlp(TEXT)
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    stored = list(DocBin(store_user_data=True, docs=[doc]).get_docs(nlp.vocab))[0]
    for copy in (again, stored):
        assert [(s.text, s.label_, s._.danvan) for s in copy.spans["danvan"]] == \
            [(s.text, s.label_, s._.danvan) for s in doc.spans["danvan"]]
        assert copy.spans["money"][0]._.value == 2_000_000_000
