"""The gold set: well-formed, at least 15 articles, and each text the very text of its mirror article."""

import json
import unicodedata

import pytest

from scrapers.mirror import load_mirror
from tests.conftest import GOLD, MIRROR
from tests.gold_self_score import nth_occurrence

GOLD_FILES = sorted(GOLD.glob("*.json"))
HELD_OUT_FILES = sorted((GOLD / "heldout").glob("*.json"))
HELD_OUT_2_FILES = sorted((GOLD / "heldout2").glob("*.json"))
HELD_OUT_3_FILES = sorted((GOLD / "heldout3").glob("*.json"))
HELD_OUT_4_FILES = sorted((GOLD / "heldout4").glob("*.json"))
HELD_OUT_5_FILES = sorted((GOLD / "heldout5").glob("*.json"))
NEWS_FILES = sorted((GOLD / "news").glob("*.json")) + sorted((GOLD / "news-dev").glob("*.json"))
QUALIFIERS = {"exact", "over", "at_least", "under", "at_most", "approx", "range"}


def gold_articles(files=GOLD_FILES):
    for path in files:
        for article in json.loads(path.read_text(encoding="utf-8"))["articles"]:
            yield path.name, article


def test_gold_set_has_at_least_15_articles_over_several_categories():
    articles = list(gold_articles())
    assert len(articles) >= 15
    assert len({a["meta"]["category"] for _, a in articles}) >= 4


@pytest.mark.parametrize("name, article", list(gold_articles()), ids=[n for n, _ in gold_articles()])
def test_gold_article_is_its_mirror_article(name, article):
    mirror = load_mirror(MIRROR)
    by_slug = {a.slug: a for a in mirror.articles.values()}
    source = by_slug[article["id"]]
    expected = source.title + "\n\n" + "\n".join(source.paragraphs)
    assert article["text"] == unicodedata.normalize("NFC", expected)
    assert article["form"] == source.form


@pytest.mark.parametrize("files", [HELD_OUT_FILES, HELD_OUT_2_FILES, HELD_OUT_3_FILES, HELD_OUT_4_FILES,
                                   HELD_OUT_5_FILES],
                         ids=["heldout", "heldout2", "heldout3", "heldout4", "heldout5"])
def test_held_out_set_is_apart_from_the_mirror(files):
    held_out = list(gold_articles(files))
    assert len(held_out) >= 6
    mirror_slugs = {a.slug for a in load_mirror(MIRROR).articles.values()}
    assert not any(a["id"] in mirror_slugs for _, a in held_out)


EVERY_GOLD = list(gold_articles(GOLD_FILES + HELD_OUT_FILES + HELD_OUT_2_FILES + HELD_OUT_3_FILES + HELD_OUT_4_FILES
                                 + HELD_OUT_5_FILES))


@pytest.mark.parametrize("name, article", EVERY_GOLD, ids=[n for n, _ in EVERY_GOLD])
def test_gold_article_is_well_formed(name, article):
    text = article["text"]
    for ref in article["legal_refs"]:
        assert {"key", "doc_type", "issued_on", "issuer", "name", "year"} <= set(ref)
        assert ref["key"] or ref["name"]  # a law by name may be cited without its year
    for money in article["money"]:
        assert money["qualifier"] in QUALIFIERS
        assert isinstance(money["value"], int) and money["currency"] in {"VND", "USD", "EUR"}
        if money["qualifier"] == "range":
            assert money["low"] == money["value"] < money["high"]
    for count in article["counts"]:
        assert isinstance(count["value"], int) and count["noun"]
    for optional in article["counts_optional"] + article["money_optional"]:
        assert optional in text
    assert all(org["name"] for org in article["orgs"])


NEWS = list(gold_articles(NEWS_FILES))


def test_news_sets_are_there():
    """Two general-news sets: one to develop on, one held out (organizations only)."""
    assert {path.parent.name for path in NEWS_FILES} == {"news", "news-dev"}
    assert len(NEWS) >= 12


@pytest.mark.parametrize("name, article", NEWS, ids=[n for n, _ in NEWS])
def test_news_article_is_well_formed(name, article):
    """Scored for organizations only; every mention stands in the text at its occurrence and names a listed body."""
    text = article["text"]
    assert article["scored"] == ["organizations"]
    assert unicodedata.is_normalized("NFC", text)
    surfaces = {form for org in article["orgs"] for form in (org["name"], *org.get("alt", []))}
    ends = []
    for mention in article["org_mentions"]:
        at = nth_occurrence(text, mention["text"], mention["occurrence"])
        assert mention["text"] in surfaces, mention
        ends.append((at, at + len(mention["text"])))
    assert ends == sorted(ends)   # text order
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(ends, ends[1:]))   # mentions never overlap
