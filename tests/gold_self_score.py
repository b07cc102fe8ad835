"""Checks a hand-written gold set needs without the extractors: where its entries stand, and its gold read back as a
prediction through the scorer (which must score it 1.0 on every kind and field)."""

from pipeline.evaluate import new_tallies, score_article

FACT_FIELDS = ("legal_refs", "money", "counts", "dates")
ALL_KINDS = {"legal", "money", "counts", "organizations", "activities", "dates"}


def nth_occurrence(text: str, surface: str, occurrence: int) -> int:
    """Where the *occurrence*-th (1-based) *surface* begins in *text*, counted as plain substrings."""
    at = -1
    for _ in range(occurrence):
        at = text.find(surface, at + 1)
        assert at >= 0, (surface, occurrence)
    return at


def spans_in_order(text: str, entries: list[dict]) -> list[tuple[int, int]]:
    """Where each entry's surface stands, searched in text order (each after the previous one's start)."""
    spans, at = [], 0
    for entry in entries:
        start = text.find(entry["text"], at)
        assert start >= 0, f"{entry['text']!r} is not in the text after offset {at}"
        spans.append((start, start + len(entry["text"])))
        at = start + 1
    return spans


def gold_as_prediction(article: dict) -> dict:
    """The article's own gold, shaped as the extractors' output (offsets, unit/object, organization indexes)."""
    text = article["text"]
    predicted = {}
    for field in FACT_FIELDS:
        predicted[field] = [{**entry, "start": s, "end": e}
                            for entry, (s, e) in zip(article[field], spans_in_order(text, article[field]))]
    for count in predicted["counts"]:
        count.update(unit="", object=count.get("phrase") or count["noun"])
    names = [org["name"] for org in article["orgs"]]
    predicted["organizations"] = [{"name": name, "text": name} for name in names]
    activities = []
    for gold in article["activities"]:
        at = nth_occurrence(text, gold["trigger"], gold["occurrence"])
        links = {}
        for kind in ("money", "counts"):
            links[kind] = [min((i for i, f in enumerate(predicted[kind]) if f["text"] == surface),
                               key=lambda i: abs(predicted[kind][i]["start"] - at)) for surface in gold[kind]]
        activities.append({"start": at, "end": at + len(gold["trigger"]), "action": gold["action"],
                           "actor": names.index(gold["actor"]) if gold["actor"] else None, **links})
    predicted["activities"] = activities
    return predicted


def assert_scores_itself_one(article: dict, kinds: set[str] = ALL_KINDS) -> None:
    """The gold read back as a prediction scores precision and recall 1.0 on *kinds* (at least) and every field."""
    tallies = new_tallies()
    score_article(article, gold_as_prediction(article), tallies)
    scored = {kind: t for kind, t in tallies.items() if t.tp + t.fn + t.fp}
    assert kinds <= set(scored)
    for kind, t in scored.items():
        assert (t.precision, t.recall, t.fn, t.fp) == (1.0, 1.0, 0, 0), (kind, t.misses, t.spurious)
        for name, (right, total) in t.fields.items():
            assert right == total, (kind, name)
