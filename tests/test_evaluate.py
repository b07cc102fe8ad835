"""The scorer of `danvan eval`: matching rules of DESIGN.md §2 on hand-made predictions."""

import json
import subprocess
import sys

import pytest

from pipeline.evaluate import KINDS, OPTIONAL_KINDS, evaluate, load_gold, new_tallies, org_key, score_article

ORG_KEY_ROWS = [
    ("Ủy ban MTTQ Việt Nam thị xã", "uy ban mat tran to quoc viet nam"),
    ("Uỷ ban nhân dân tỉnh Gia Lai", "uy ban nhan dan"),
    ("UBND xã Ia Dreh", "uy ban nhan dan"),
    ("Ban Thường trực Ủy ban MTTQ Việt Nam huyện Chư Sê", "uy ban mat tran to quoc viet nam"),
    ("Thường trực Hội đồng nhân dân", "hoi dong nhan dan"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam các xã, phường", "uy ban mat tran to quoc viet nam"),
    ("Hội LHPN huyện", "hoi lien hiep phu nu"),
    ("Ban Dân vận Tỉnh ủy", "ban dan van tinh uy"),
    ("Ban Thường vụ Huyện ủy Chư Păh", "ban thuong vu huyen uy chu pah"),
    ("Tỉnh đoàn Gia Lai", "tinh doan gia lai"),
    ("Bộ Chính trị", "bo chinh tri"),
    ("Mặt trận Tổ quốc Việt Nam cấp xã", "mat tran to quoc viet nam"),
]


@pytest.mark.parametrize("name, key", ORG_KEY_ROWS)
def test_org_key(name, key):
    assert org_key(name) == key


TEXT = (
    "Thực hiện Kết luận 62-KL/TW ngày 08/12/2009 của Bộ Chính trị, Ủy ban MTTQ Việt Nam thị xã "
    "vận động trên 2 tỷ đồng, xây 30 căn nhà, giúp 4 ngày công; hội viên góp từ 40 đến 60 triệu đồng/căn."
)
GOLD = {
    "id": "t1", "form": "NFC", "text": TEXT,
    "legal_refs": [{"key": "62-KL/TW", "doc_type": "Kết luận", "issued_on": "2009-12-08", "issuer": "Bộ Chính trị",
                    "name": None, "year": None}],
    "money": [{"value": 2000000000, "qualifier": "over", "per": None, "currency": "VND", "low": None, "high": None},
              {"value": 40000000, "qualifier": "range", "per": "căn", "currency": "VND",
               "low": 40000000, "high": 60000000}],
    "counts": [{"value": 30, "noun": "nhà", "qualifier": "exact"}],
    "counts_optional": ["4 ngày"], "money_optional": [],
    "orgs": [{"name": "Bộ Chính trị", "alt": []},
             {"name": "Ủy ban Mặt trận Tổ quốc Việt Nam", "alt": ["Mặt trận Tổ quốc"]}],
    "orgs_allowed": ["Đảng"],
}


def span(fragment):
    start = TEXT.index(fragment)
    return {"text": fragment, "start": start, "end": start + len(fragment)}


PERFECT = {
    "legal_refs": [{**span("Kết luận 62-KL/TW"), "key": "62- KL/TW", "doc_type": "Kết luận",
                    "issued_on": "2009-12-08", "issuer": "Bộ Chính trị"}],
    "money": [{**span("trên 2 tỷ đồng"), "value": 2000000000, "low": 2000000000, "high": None,
               "currency": "VND", "qualifier": "over", "per": None},
              {**span("từ 40 đến 60 triệu đồng/căn"), "value": 40000000, "low": 40000000, "high": 60000000,
               "currency": "VND", "qualifier": "range", "per": "căn"}],
    "counts": [{**span("30 căn nhà"), "value": 30, "unit": "căn", "object": "nhà", "qualifier": "exact"},
               {**span("4 ngày"), "value": 4, "unit": "ngày", "object": "công", "qualifier": "exact"}],
    "organizations": [{**span("Bộ Chính trị"), "name": "Bộ Chính trị"},
                      {**span("Ủy ban MTTQ Việt Nam thị xã"), "name": "Ủy ban MTTQ Việt Nam"},
                      {**span("Ủy ban MTTQ Việt Nam thị xã"), "name": "Ủy ban Mặt trận Tổ quốc Việt Nam"}],
}


def tallies_for(predicted):
    tallies = new_tallies()
    score_article(GOLD, predicted, tallies)
    return tallies


def test_perfect_prediction_scores_one_everywhere():
    t = tallies_for(PERFECT)
    for kind in KINDS:
        assert (t[kind].precision, t[kind].recall) == (1.0, 1.0), kind
    assert t["legal"].fields == {"doc_type": [1, 1], "issued_on": [1, 1], "issuer": [1, 1]}
    assert t["money"].fields == {"qualifier": [2, 2], "per": [2, 2]}


def test_errors_are_counted_where_they_belong():
    wrong = {
        "legal_refs": [{**PERFECT["legal_refs"][0], "issuer": "Ban Bí thư", "issued_on": None},
                       {**span("2009"), "key": "2009", "doc_type": None}],
        "money": [{**PERFECT["money"][0], "qualifier": "exact"},
                  {**PERFECT["money"][1], "high": 50000000}],
        "counts": [{**span("30 căn nhà"), "value": 30, "unit": "căn", "object": "hộ"}],
        "organizations": [{**span("Bộ Chính trị"), "name": "Bộ Chính"}, {"text": "Đảng", "name": "Đảng"}],
    }
    t = tallies_for(wrong)
    assert (t["legal"].tp, t["legal"].fp, t["legal"].fn) == (1, 1, 0)
    assert t["legal"].fields["issuer"] == [0, 1] and t["legal"].fields["issued_on"] == [0, 1]
    assert (t["money"].tp, t["money"].fp, t["money"].fn) == (1, 1, 1)
    assert t["money"].fields["qualifier"] == [0, 1]
    assert (t["counts"].tp, t["counts"].fp, t["counts"].fn) == (0, 1, 1)
    assert (t["organizations"].tp, t["organizations"].fp, t["organizations"].fn) == (0, 1, 2)


def test_each_gold_mention_matches_once():
    doubled = {**PERFECT, "counts": PERFECT["counts"][:1] * 2}
    t = tallies_for(doubled)
    assert (t["counts"].tp, t["counts"].fp) == (1, 1)


def test_nfd_gold_is_fed_decomposed_and_scored_on_nfc_offsets():
    seen = []

    def fake_extract(text):
        seen.append(text)
        return PERFECT

    result = evaluate([{**GOLD, "form": "NFD"}], extract=fake_extract)
    assert seen[0] != TEXT and len(seen[0]) > len(TEXT)
    assert result["kinds"]["money"].f1 == 1.0


def test_eval_command_reads_gold_files(tmp_path):
    gold = tmp_path / "g.json"
    gold.write_text(json.dumps({"articles": [GOLD]}, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "scores.json"
    result = subprocess.run([sys.executable, "-m", "pipeline", "eval", "--gold", str(gold), "--json", str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "organizations" in result.stdout
    scores = json.loads(out.read_text())
    assert scores["articles"] == 1 and set(scores["kinds"]) == {*KINDS, *OPTIONAL_KINDS}


def test_bad_gold_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pipeline", "eval", "--gold", str(bad)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "not a gold file" in result.stderr and "Traceback" not in result.stderr
    with pytest.raises(Exception):
        load_gold([tmp_path / "missing.json"])


NEWS_TEXT = "Tập đoàn FPT ký thỏa thuận với Ngân hàng Nhà nước; FPT sẽ triển khai cùng Bộ Y tế."
NEWS = {
    "id": "news-t", "form": "NFC", "scored": ["organizations"], "text": NEWS_TEXT,
    "orgs": [{"name": "Tập đoàn FPT", "alt": ["FPT"]}, {"name": "Ngân hàng Nhà nước", "alt": []},
             {"name": "Bộ Y tế", "alt": []}],
    "org_mentions": [{"text": "Tập đoàn FPT", "occurrence": 1}, {"text": "Ngân hàng Nhà nước", "occurrence": 1},
                     {"text": "FPT", "occurrence": 2}, {"text": "Bộ Y tế", "occurrence": 1}],
}


def news_mention(fragment, occurrence=1):
    at = -1
    for _ in range(occurrence):
        at = NEWS_TEXT.index(fragment, at + 1)
    return {"text": fragment, "start": at, "end": at + len(fragment), "name": fragment}


# (predicted mentions, (org_spans tp, fp, fn), (org_overlap tp, fp, fn))
ORG_SPAN_ROWS = [
    ([news_mention("Tập đoàn FPT"), news_mention("Ngân hàng Nhà nước"), news_mention("FPT", 2),
      news_mention("Bộ Y tế")], (4, 0, 0), (4, 0, 0)),
    # "FPT" alone inside "Tập đoàn FPT": overlaps the gold span but is not it
    ([news_mention("FPT"), news_mention("Bộ Y tế")], (1, 1, 3), (2, 0, 2)),
    # a span running past the name ("Bộ Y tế." is not a mention), and a spurious one
    ([{"text": "Y tế.", "start": NEWS_TEXT.index("Y tế."), "end": len(NEWS_TEXT), "name": "Y tế"},
      news_mention("thỏa thuận")], (0, 2, 4), (1, 1, 3)),
    ([], (0, 0, 4), (0, 0, 4)),
]


@pytest.mark.parametrize("mentions, exact, overlap", ORG_SPAN_ROWS)
def test_organization_spans_exact_and_overlapping(mentions, exact, overlap):
    tallies = new_tallies()
    score_article(NEWS, {"organizations": mentions}, tallies)
    assert (tallies["org_spans"].tp, tallies["org_spans"].fp, tallies["org_spans"].fn) == exact
    assert (tallies["org_overlap"].tp, tallies["org_overlap"].fp, tallies["org_overlap"].fn) == overlap


def test_scored_kinds_leave_the_others_untouched():
    """A general-news article is scored for organizations only: its money and counts are no errors."""
    tallies = new_tallies()
    predicted = {"organizations": [news_mention("Bộ Y tế")],
                 "money": [{"text": "2 tỷ đồng", "start": 0, "end": 9, "value": 2000000000}],
                 "counts": [{"text": "3 hộ", "start": 0, "end": 4, "value": 3}]}
    score_article(NEWS, predicted, tallies)
    for kind in ("legal", "money", "counts", "dates", "activities"):
        assert (tallies[kind].tp, tallies[kind].fp, tallies[kind].fn) == (0, 0, 0), kind
    assert (tallies["organizations"].tp, tallies["organizations"].fn) == (1, 2)


def test_a_mention_not_in_the_text_is_a_clear_error():
    from scrapers.errors import InputError

    tallies = new_tallies()
    bad = {**NEWS, "org_mentions": [{"text": "Bộ Công an", "occurrence": 1}]}
    with pytest.raises(InputError, match="Bộ Công an"):
        score_article(bad, {"organizations": []}, tallies)
