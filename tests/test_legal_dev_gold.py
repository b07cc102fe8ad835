"""The legal development sets (data/gold/legal-dev*/): well-formed gold, and the legal extractor's dates and issuers."""

from pathlib import Path

import pytest

from extractors.normalize import nfc
from pipeline.evaluate import evaluate, load_gold

GOLD = Path(__file__).resolve().parents[1] / "data" / "gold"


@pytest.fixture(scope="module", params=["legal-dev", "legal-dev2", "legal-dev3"])
def articles(request):
    return load_gold([GOLD / request.param])


def _as_predictions(article: dict) -> dict:
    """The gold of *article* as the extractor would give it: each entry at its surface, found in text order."""
    text, position, refs = nfc(article["text"]), 0, []
    for entry in article["legal_refs"]:
        start = text.find(entry["text"], position)
        assert start >= 0, f"{article['id']}: {entry['text']!r} is not in the text after offset {position}"
        position = start + len(entry["text"])
        refs.append({**entry, "start": start, "end": position})
    return {"legal_refs": refs}


def test_every_article_is_short_and_scored_for_legal_references_only(articles):
    assert len(articles) >= 4
    for article in articles:
        assert 800 <= len(article["text"]) <= 1900, article["id"]
        assert article["scored"] == ["legal"]


def test_gold_fed_back_as_prediction_scores_one(articles):
    predictions = {nfc(a["text"]): _as_predictions(a) for a in articles}
    tally = evaluate(articles, extract=lambda text: predictions[text])["kinds"]["legal"]
    assert tally.tp == sum(len(a["legal_refs"]) for a in articles)
    assert tally.fp == tally.fn == 0
    assert all(right == total for right, total in tally.fields.values()), tally.fields


def test_extractor_reads_every_date_and_issuer_of_the_set(articles):
    """A guard against regressions on the constructions the set was written for (it is tuning material)."""
    tally = evaluate(articles)["kinds"]["legal"]
    assert tally.fn == tally.fp == 0, tally.misses + tally.spurious
    for name in ("issued_on", "issuer", "issuers"):
        right, total = tally.fields[name]
        assert right == total, (name, right, total)
