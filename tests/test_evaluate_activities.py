"""The activity scorer of ``danvan eval``: gold fed back scores 1.0; wrong fields and spurious acts are counted."""

from __future__ import annotations

from pathlib import Path

from pipeline.evaluate import Tally, _occurrence_span, load_gold, new_tallies, score_article
from extractors.normalize import nfc

GOLD_DIR = Path(__file__).resolve().parent.parent / "data" / "gold"

TEXT = ("Hội Nông dân huyện tặng 120 phần quà, mỗi phần 500.000 đồng. "
        "Mức hỗ trợ là 40 triệu đồng. Huyện hỗ trợ 10 hộ.")
GOLD = {
    "id": "t", "text": TEXT,
    "orgs": [{"name": "Hội Nông dân", "alt": []}],
    "activities": [
        {"trigger": "tặng", "occurrence": 1, "action": "give", "actor": "Hội Nông dân",
         "money": ["500.000 đồng"], "counts": ["120 phần quà"]},
        {"trigger": "hỗ trợ", "occurrence": 2, "action": "give", "actor": None, "money": [], "counts": ["10 hộ"]},
    ],
    "activities_optional": [{"trigger": "hỗ trợ", "occurrence": 1}],
}


def _span(text, needle, occurrence=1):
    return _occurrence_span(nfc(text), needle, occurrence)


def _prediction(actor_index, money_index, extra: bool = False):
    give_start, give_end = _span(TEXT, "tặng")
    second = _span(TEXT, "hỗ trợ", 2)
    count_span = _span(TEXT, "120 phần quà")
    money_span = _span(TEXT, "500.000 đồng")
    ten_span = _span(TEXT, "10 hộ")
    activities = [
        {"text": "tặng", "start": give_start, "end": give_end, "action": "give", "actor": actor_index,
         "money": [money_index], "counts": [0]},
        {"text": "hỗ trợ", "start": second[0], "end": second[1], "action": "give", "actor": None,
         "money": [], "counts": [1]},
    ]
    if extra:
        first = _span(TEXT, "hỗ trợ", 1)   # optional: ignored
        activities.append({"text": "hỗ trợ", "start": first[0], "end": first[1], "action": "give", "actor": None,
                           "money": [], "counts": []})
        quà = _span(TEXT, "quà")
        activities.append({"text": "quà", "start": quà[0], "end": quà[1], "action": "give", "actor": None,
                           "money": [], "counts": []})
    return {
        "organizations": [{"name": "Hội Nông dân", "start": 0, "end": 12}, {"name": "Hội Liên hiệp Phụ nữ"}],
        "money": [{"text": "500.000 đồng", "start": money_span[0], "end": money_span[1]},
                  {"text": "40 triệu đồng"}],
        "counts": [{"text": "120 phần quà", "start": count_span[0], "end": count_span[1]},
                   {"text": "10 hộ", "start": ten_span[0], "end": ten_span[1]}],
        "activities": activities,
    }


def _score(predicted) -> Tally:
    tallies = new_tallies()
    score_article(GOLD, predicted, tallies)
    return tallies["activities"]


def test_right_prediction_scores_everything():
    t = _score(_prediction(actor_index=0, money_index=0))
    assert (t.tp, t.fp, t.fn) == (2, 0, 0)
    assert t.fields["action_and_actor"] == [2, 2]
    assert t.fields["money"] == [2, 2] and t.fields["counts"] == [2, 2]


def test_wrong_actor_wrong_money_and_a_spurious_act_are_counted():
    t = _score(_prediction(actor_index=1, money_index=1, extra=True))
    assert (t.tp, t.fp, t.fn) == (2, 1, 0)   # the optional "hỗ trợ" is ignored, the "quà" act is spurious
    assert t.fields["actor"] == [1, 2]
    assert t.fields["action_and_actor"] == [1, 2]
    assert t.fields["money"] == [1, 2]


def test_missed_activity_counts_against_the_headline():
    predicted = _prediction(actor_index=0, money_index=0)
    predicted["activities"] = predicted["activities"][:1]
    t = _score(predicted)
    assert (t.tp, t.fn) == (1, 1)
    assert t.fields["action_and_actor"] == [1, 2]


def test_gold_activities_fed_back_score_one():
    articles = [a for a in load_gold([GOLD_DIR]) if "activities" in a]
    assert len(articles) >= 10
    total = 0
    for article in articles:
        text = nfc(article["text"])
        organizations = [{"name": o["name"]} for o in article.get("orgs", [])]
        money, counts, activities = [], [], []
        for g in article["activities"]:
            start, end = _occurrence_span(text, g["trigger"], g.get("occurrence", 1))
            actor = None
            if g["actor"] is not None:
                names = [o["name"] for o in organizations]
                if g["actor"] not in names:
                    organizations.append({"name": g["actor"]})
                    names.append(g["actor"])
                actor = names.index(g["actor"])
            money_ids = [len(money) + i for i in range(len(g["money"]))]
            money += [{"text": s} for s in g["money"]]
            count_ids = [len(counts) + i for i in range(len(g["counts"]))]
            counts += [{"text": s} for s in g["counts"]]
            activities.append({"text": g["trigger"], "start": start, "end": end, "action": g["action"],
                               "actor": actor, "money": money_ids, "counts": count_ids})
        tally = Tally()
        from pipeline.evaluate import _score_activities
        _score_activities(article, {"organizations": organizations, "money": money, "counts": counts,
                                    "activities": activities}, text, tally)
        assert (tally.fp, tally.fn) == (0, 0), article["id"]
        assert all(r == n for r, n in tally.fields.values()), (article["id"], tally.fields)
        total += tally.tp
    assert total >= 60
