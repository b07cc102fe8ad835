"""The fourth held-out set: its files load, every mention stands in the text in order, and its gold scores itself 1.0."""

import pytest

from pipeline.evaluate import load_gold, new_tallies, score_article
from tests.conftest import GOLD

HELD_OUT_4 = GOLD / "heldout4"
ARTICLES = load_gold([HELD_OUT_4]) if HELD_OUT_4.is_dir() else []
FACT_FIELDS = ("legal_refs", "money", "counts", "dates")


def test_set_holds_seven_articles_and_many_dated_legal_mentions():
    assert len(ARTICLES) == 7
    refs = [r for a in ARTICLES for r in a["legal_refs"]]
    assert len(refs) >= 45
    assert sum(bool(r["issued_on"]) for r in refs) > len(refs) / 2
    assert sum(bool(r.get("issuers")) for r in refs) >= 5


def _spans(text: str, entries: list[dict]) -> list[tuple[int, int]]:
    """Where each entry's surface stands, searched in text order (each after the previous one's start)."""
    spans, at = [], 0
    for entry in entries:
        start = text.find(entry["text"], at)
        assert start >= 0, f"{entry['text']!r} is not in the text after offset {at}"
        spans.append((start, start + len(entry["text"])))
        at = start + 1
    return spans


def _gold_as_prediction(article: dict) -> dict:
    """The article's own gold, shaped as the extractors' output (offsets, unit/object, organization indexes)."""
    text = article["text"]
    predicted = {}
    for field in FACT_FIELDS:
        predicted[field] = [{**entry, "start": s, "end": e} for entry, (s, e) in zip(article[field], _spans(text, article[field]))]
    for count in predicted["counts"]:
        count.update(unit="", object=count.get("phrase") or count["noun"])
    names = [org["name"] for org in article["orgs"]]
    predicted["organizations"] = [{"name": name, "text": name} for name in names]
    activities = []
    for gold in article["activities"]:
        at = -1
        for _ in range(gold["occurrence"]):
            at = text.find(gold["trigger"], at + 1)
            assert at >= 0, gold
        links = {}
        for kind in ("money", "counts"):
            links[kind] = [min((i for i, f in enumerate(predicted[kind]) if f["text"] == surface),
                               key=lambda i: abs(predicted[kind][i]["start"] - at)) for surface in gold[kind]]
        activities.append({"start": at, "end": at + len(gold["trigger"]), "action": gold["action"],
                           "actor": names.index(gold["actor"]) if gold["actor"] else None, **links})
    predicted["activities"] = activities
    return predicted


@pytest.mark.parametrize("article", ARTICLES, ids=[a["id"] for a in ARTICLES])
def test_gold_scores_itself_one(article):
    for count in article["counts"]:
        assert count["noun"].lower() in count["text"].lower()
    for optional in article["counts_optional"] + article["money_optional"]:
        assert optional in article["text"]
    tallies = new_tallies()
    score_article(article, _gold_as_prediction(article), tallies)
    scored = {kind: t for kind, t in tallies.items() if t.tp + t.fn + t.fp}
    assert {"legal", "money", "counts", "organizations", "activities", "dates"} <= set(scored)
    for kind, t in scored.items():
        assert (t.precision, t.recall, t.fn, t.fp) == (1.0, 1.0, 0, 0), (kind, t.misses, t.spurious)
        for name, (right, total) in t.fields.items():
            assert right == total, (kind, name)


def test_a_wrong_issue_date_is_caught():
    """The self-score is not a check that cannot fail: one wrong date lowers the issued_on field."""
    article = next(a for a in ARTICLES if any(r["issued_on"] for r in a["legal_refs"]))
    predicted = _gold_as_prediction(article)
    dated = next(r for r in predicted["legal_refs"] if r["issued_on"])
    dated["issued_on"] = "1900-01-01"
    tallies = new_tallies()
    score_article(article, predicted, tallies)
    right, total = tallies["legal"].fields["issued_on"]
    assert right == total - 1
