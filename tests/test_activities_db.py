"""The activities table: links to organizations and amounts, reloading, the canned query and its chart."""

from __future__ import annotations

import sqlite3

import pytest
import yaml

from extractors import extract
from extractors.normalize import fold
from pipeline.pages import content_sha256
from pipeline.datasette_plugins import METADATA_FILE
from pipeline.datasette_plugins.charts import activity_money_chart
from pipeline.db import open_db
from pipeline.load import load_article

TEXTS = {
    "2023-04-02": ("Hội Chữ thập đỏ huyện Chư Sê trao 50 suất quà, trị giá 1 triệu đồng/suất. "
                   "Hội Liên hiệp Phụ nữ huyện Chư Sê ủng hộ 20 triệu đồng.\n"
                   "Hội Chữ thập đỏ huyện Chư Sê tặng 120 phần quà cho hộ nghèo, tổng trị giá 60 triệu đồng."),
    "2024-06-01": ("Hội Chữ thập đỏ huyện Chư Sê vận động được khoảng 300 triệu đồng; "
                   "Ban Thường vụ Huyện ủy khen thưởng 12 tập thể với tổng số tiền 10 triệu đồng."),
}


def _article(published_on: str, text: str) -> dict:
    title = f"Bài {published_on}"
    return {"url": f"http://127.0.0.1/a/{published_on}.aspx", "site": "test", "category": "Tin-hoat-dong",
            "title": title, "published_on": published_on, "author": None, "text": text,
            "content_sha256": content_sha256(title, text), "fetched_at": None}


@pytest.fixture()
def db_path(tmp_path):
    path = tmp_path / "danvan.db"
    db = open_db(path)
    for day, text in TEXTS.items():
        load_article(db, _article(day, text), extract(text), extractor_version="test")
    db.close()
    return path


def _connect(path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    conn.create_function("fold", 1, lambda s: None if s is None else fold(s))
    return conn


def test_rows_point_at_organizations_mentions_and_amounts(db_path):
    with _connect(db_path) as conn:
        rows = conn.execute(
            "SELECT a.*, o.name AS organization, m.text AS actor_text FROM activities a "
            "LEFT JOIN organizations o ON o.id = a.organization_id "
            "LEFT JOIN organization_mentions m ON m.id = a.actor_mention_id ORDER BY a.article_id, a.start").fetchall()
        assert [(r["text"], r["action"], r["organization"]) for r in rows] == [
            ("trao", "give", "Hội Chữ thập đỏ"), ("ủng hộ", "mobilize", "Hội Liên hiệp Phụ nữ"),
            ("tặng", "give", "Hội Chữ thập đỏ"), ("vận động", "mobilize", "Hội Chữ thập đỏ"),
            ("khen thưởng", "commend", "Ban Thường vụ Huyện ủy"),
        ]
        assert all(r["actor_text"].startswith(r["organization"].split()[0]) for r in rows)
        assert rows[0]["place"] == "Chư Sê" and rows[0]["location_mention_id"] is not None
        for r in rows:
            article_text = conn.execute("SELECT text FROM articles WHERE id = ?", [r["article_id"]]).fetchone()[0]
            assert article_text[r["start"]:r["end"]] == r["text"]
        linked = conn.execute(
            "SELECT a.text AS trigger, m.text AS money FROM activity_money l JOIN activities a ON a.id = l.activity_id "
            "JOIN money m ON m.id = l.money_id AND m.article_id = a.article_id ORDER BY m.id").fetchall()
        assert [(r["trigger"], r["money"]) for r in linked] == [
            ("trao", "1 triệu đồng/suất"), ("ủng hộ", "20 triệu đồng"), ("tặng", "60 triệu đồng"),
            ("vận động", "khoảng 300 triệu đồng"), ("khen thưởng", "10 triệu đồng"),
        ]
        counts = conn.execute("SELECT c.text FROM activity_counts l JOIN counts c ON c.id = l.count_id "
                              "ORDER BY c.id").fetchall()
        assert [r[0] for r in counts] == ["50 suất quà", "120 phần quà", "12 tập thể"]


def test_reloading_replaces_activities_and_their_links(db_path):
    db = open_db(db_path)
    text = TEXTS["2023-04-02"]
    load_article(db, _article("2023-04-02", text), extract(text), extractor_version="test")
    db.close()
    with _connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM activities").fetchone()[0] == 5
        assert conn.execute("SELECT count(*) FROM activity_money").fetchone()[0] == 5
        orphans = conn.execute("SELECT count(*) FROM activity_money WHERE activity_id NOT IN "
                               "(SELECT id FROM activities) OR money_id NOT IN (SELECT id FROM money)").fetchone()[0]
        assert orphans == 0


def _canned(conn, **params):
    sql = yaml.safe_load(METADATA_FILE.read_text(encoding="utf-8"))["databases"]["danvan"]["queries"][
        "money_by_organization_place_year"]["sql"]
    return [dict(r) for r in conn.execute(sql, {"currency": "", "organization": "", "site": "", **params})]


def test_canned_query_keeps_qualifiers_apart_and_leaves_rates_and_other_acts_out(db_path):
    with _connect(db_path) as conn:
        rows = _canned(conn)
    got = {(r["year"], r["organization"], r["place"], r["action"], r["qualifier"]): r["sum_value"] for r in rows}
    assert got == {
        (2023, "Hội Chữ thập đỏ", "Chư Sê", "give", "exact"): 60_000_000,   # the rate "1 triệu đồng/suất" is out
        (2023, "Hội Liên hiệp Phụ nữ", "Chư Sê", "mobilize", "exact"): 20_000_000,
        (2024, "Hội Chữ thập đỏ", "Chư Sê", "mobilize", "approx"): 300_000_000,
    }  # the commendation's 10 triệu đồng is no money mobilized or given
    with _connect(db_path) as conn:
        only = _canned(conn, organization="chu thap do")
    assert {r["organization"] for r in only} == {"Hội Chữ thập đỏ"}


def test_chart_draws_one_qualifier_at_a_time(db_path):
    with _connect(db_path) as conn:
        exact = activity_money_chart(conn, qualifier="exact")
        approx = activity_money_chart(conn, qualifier="approx")
        none = activity_money_chart(conn, qualifier="range")
    assert exact.x_labels == ("2023",)
    assert {s.name: s.bars for s in exact.series} == {"Hội Chữ thập đỏ": ((0, 60_000_000),),
                                                       "Hội Liên hiệp Phụ nữ": ((0, 20_000_000),)}
    assert {s.name: s.bars for s in approx.series} == {"Hội Chữ thập đỏ": ((0, 300_000_000),)}
    assert "danvan-bar" in exact.svg() and "no data yet" in none.svg()


def test_charts_page_shows_the_activity_chart_with_a_qualifier_choice(db_path):
    import asyncio

    from datasette.app import Datasette

    from pipeline.datasette_plugins import PLUGINS_DIR, TEMPLATES_DIR

    metadata = yaml.safe_load(METADATA_FILE.read_text(encoding="utf-8"))
    datasette = Datasette(immutables=[str(db_path)], metadata=metadata, plugins_dir=str(PLUGINS_DIR),
                          template_dir=str(TEMPLATES_DIR))

    async def fetch(**params):
        return await datasette.client.get("/-/danvan/charts", params=params)

    page = asyncio.run(fetch(qualifier="approx"))
    assert page.status_code == 200
    assert "money mobilized and given by organization" in page.text
    assert "Hội Chữ thập đỏ 2024: 300 triệu đồng" in page.text   # a bar's title: 300 million VND
    fallback = asyncio.run(fetch(qualifier="<script>"))
    assert fallback.status_code == 200
    assert 'value="exact" selected' in fallback.text
    query = asyncio.run(datasette.client.get("/danvan/money_by_organization_place_year.json",
                                             params={"currency": "", "organization": "", "_shape": "array"}))
    assert query.status_code == 200 and len(query.json()) == 3
