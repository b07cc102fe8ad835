"""The fourth held-out set: its files load, every mention stands in the text in order, and its gold scores itself 1.0."""

import pytest

from pipeline.evaluate import load_gold, new_tallies, score_article
from tests.conftest import GOLD
from tests.gold_self_score import assert_scores_itself_one, gold_as_prediction

HELD_OUT_4 = GOLD / "heldout4"
ARTICLES = load_gold([HELD_OUT_4]) if HELD_OUT_4.is_dir() else []


def test_set_holds_seven_articles_and_many_dated_legal_mentions():
    assert len(ARTICLES) == 7
    refs = [r for a in ARTICLES for r in a["legal_refs"]]
    assert len(refs) >= 45
    assert sum(bool(r["issued_on"]) for r in refs) > len(refs) / 2
    assert sum(bool(r.get("issuers")) for r in refs) >= 5


@pytest.mark.parametrize("article", ARTICLES, ids=[a["id"] for a in ARTICLES])
def test_gold_scores_itself_one(article):
    for count in article["counts"]:
        assert count["noun"].lower() in count["text"].lower()
    for optional in article["counts_optional"] + article["money_optional"]:
        assert optional in article["text"]
    assert_scores_itself_one(article)


def test_a_wrong_issue_date_is_caught():
    """The self-score is not a check that cannot fail: one wrong date lowers the issued_on field."""
    article = next(a for a in ARTICLES if any(r["issued_on"] for r in a["legal_refs"]))
    predicted = gold_as_prediction(article)
    dated = next(r for r in predicted["legal_refs"] if r["issued_on"])
    dated["issued_on"] = "1900-01-01"
    tallies = new_tallies()
    score_article(article, predicted, tallies)
    right, total = tallies["legal"].fields["issued_on"]
    assert right == total - 1
