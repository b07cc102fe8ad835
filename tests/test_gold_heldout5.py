"""The fifth held-out set: its files load, every mention stands in the text in order, and its gold scores itself 1.0."""

import pytest

from pipeline.evaluate import load_gold, new_tallies, score_article
from tests.conftest import GOLD
from tests.gold_self_score import assert_scores_itself_one, gold_as_prediction

HELD_OUT_5 = GOLD / "heldout5"
ARTICLES = load_gold([HELD_OUT_5]) if HELD_OUT_5.is_dir() else []


def test_set_holds_six_articles_and_many_dated_legal_mentions():
    assert len(ARTICLES) == 6
    refs = [r for a in ARTICLES for r in a["legal_refs"]]
    assert len(refs) >= 40
    assert sum(bool(r["issued_on"]) for r in refs) > len(refs) * 2 / 3
    assert sum(bool(r.get("issuers")) for r in refs) >= 5
    assert sum(r["key"] is None for r in refs) >= 5   # laws cited by name


@pytest.mark.parametrize("article", ARTICLES, ids=[a["id"] for a in ARTICLES])
def test_gold_scores_itself_one(article):
    for count in article["counts"]:
        assert count["noun"].lower() in count["text"].lower()
        assert count.get("phrase", "").lower() in count["text"].lower()
    for optional in article["counts_optional"] + article["money_optional"] + article["orgs_allowed"]:
        assert optional in article["text"]
    names = [org["name"] for org in article["orgs"]]
    assert len(names) == len(set(names))
    assert_scores_itself_one(article)


def _score_with(change) -> dict:
    """Score the first article with a joint document after *change* has altered its own prediction."""
    article = next(a for a in ARTICLES if any(r.get("issuers") for r in a["legal_refs"]))
    predicted = gold_as_prediction(article)
    change(predicted)
    tallies = new_tallies()
    score_article(article, predicted, tallies)
    return tallies["legal"].fields


def test_a_wrong_issue_date_is_caught():
    """The self-score is not a check that cannot fail: one wrong date lowers the issued_on field."""
    def wrong_date(predicted):
        next(r for r in predicted["legal_refs"] if r["issued_on"])["issued_on"] = "1900-01-01"
    right, total = _score_with(wrong_date)["issued_on"]
    assert right == total - 1


def test_a_missing_co_issuer_is_caught():
    def drop_issuer(predicted):
        joint = next(r for r in predicted["legal_refs"] if r.get("issuers"))
        joint["issuers"] = joint["issuers"][:-1]
    right, total = _score_with(drop_issuer)["issuers"]
    assert right == total - 1
