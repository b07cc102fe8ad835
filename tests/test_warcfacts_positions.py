"""extract-warc's Parquet rows keep the links between facts (an activity's actor, place, sums and counts; a sum's
count) as positions within their article, and following them gives what the database links by id."""

from __future__ import annotations

import json

import pytest

pq = pytest.importorskip("pyarrow.parquet")

from local_site import Article, LocalSite  # noqa: E402
from pipeline.cluster import InProcess  # noqa: E402
from pipeline.options import Options  # noqa: E402
from pipeline.warcfacts import extract_warc  # noqa: E402
from scrapers.archive import ArchiveWriter  # noqa: E402

ORIGIN = "https://bandanvan.gialai.gov.vn"
HTML = [("Content-Type", "text/html; charset=utf-8")]

PARAGRAPHS = (
    "Ngày 12/3/2024, Ủy ban MTTQ huyện Chư Sê trao 120 phần quà, mỗi phần 500.000 đồng, tổng trị giá "
    "60 triệu đồng cho hộ nghèo tại xã Ia Blang.",
    "Hội Liên hiệp Phụ nữ huyện vận động hội viên đóng góp 35 triệu đồng xây dựng 2 căn nhà đại đoàn kết.",
)


def _archive(raw):
    article = Article(slug="Trao-qua-cho-ho-ngheo", category="Tin-hoat-dong", title="Trao quà cho hộ nghèo",
                      published="12/03/2024", paragraphs=PARAGRAPHS)
    with ArchiveWriter(raw, "20260101T000000-positions") as writer:
        writer.write_exchange(url=ORIGIN + article.path, request_headers=[], status=200, reason="OK",
                              response_headers=HTML, body=LocalSite().article_page(article).encode("utf-8"),
                              fetched_at="2026-01-01T00:00:00Z")


def _by_position(out, kind: str) -> dict[int, dict]:
    return {row["position"]: row for row in pq.read_table(out / kind).to_pylist()}


def test_parquet_positions_link_the_facts_as_the_database_does(tmp_path):
    import sqlite_utils

    from pipeline.build import build

    raw = tmp_path / "data" / "raw"
    _archive(raw)
    out = tmp_path / "facts"
    extract_warc([str(raw / "*.warc.gz")], str(out), "gialai", InProcess())
    build(Options(data_dir=tmp_path / "data", database=tmp_path / "built.db", progress=False))
    db = sqlite_utils.Database(tmp_path / "built.db")

    money, counts = _by_position(out, "money"), _by_position(out, "counts")
    organizations, locations = _by_position(out, "organizations"), _by_position(out, "locations")
    activities = sorted(pq.read_table(out / "activities").to_pylist(), key=lambda row: row["start"])
    assert len(activities) == db["activities"].count >= 2
    in_parquet, in_db = [], []
    for row in activities:
        details = json.loads(row["details"])
        in_parquet.append((
            row["action"], row["text"],
            organizations[details["actor"]]["name"] if details.get("actor") is not None else None,
            locations[details["place"]]["text"] if details.get("place") is not None else None,
            sorted(money[i]["text"] for i in details.get("money") or []),
            sorted(counts[i]["text"] for i in details.get("counts") or []),
        ))
    for row in db.query("""
            select a.id, a.action, a.text, o.name as actor, l.text as place from activities a
            left join organizations o on o.id = a.organization_id
            left join location_mentions l on l.id = a.location_mention_id order by a.start"""):
        in_db.append((
            row["action"], row["text"], row["actor"], row["place"],
            sorted(r["text"] for r in db.query("select m.text from activity_money x join money m on m.id = x.money_id "
                                               "where x.activity_id = ?", [row["id"]])),
            sorted(r["text"] for r in db.query("select c.text from activity_counts x join counts c on c.id = x.count_id "
                                               "where x.activity_id = ?", [row["id"]])),
        ))
    assert in_parquet == in_db
    assert any(sums and things for *_, sums, things in in_parquet)   # the article links sums and counts to an act

    sums_of_counts = sorted((row["text"], counts[row["count_index"]]["text"]) for row in money.values()
                            if row["count_index"] is not None)
    assert sums_of_counts == sorted((row["text"], row["count_text"]) for row in db.query(
        "select m.text, c.text as count_text from money m join counts c on c.id = m.count_id"))
    assert sums_of_counts   # `mỗi phần 500.000 đồng` pays for the 120 gifts
