"""The dataset: sentence splitting, schema (DESIGN.md §4), loading, idempotence, diacritics-free search, views."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan_dataset import TEXT_2020, annotated_articles, build_dataset, mention, mirror_articles, sha
from extractors.sentences import Sentences, sentence_spans
from pipeline.db import (
    connect_read_only, finish_run, open_db, publish_snapshot, record_fetches, record_rejection, remove_database_files,
    start_run,
)
from pipeline.load import load_article, rebuild_fts
from pipeline.search import fts_query, search_articles
from scrapers.errors import DatabaseError
from pipeline.bench.extraction import unseen_copy
from tests.growth import assert_grows_linearly

# ---------------------------------------------------------------- sentences

SPLIT = [
    ("Hội nghị đã diễn ra. Các đại biểu thảo luận.", ["Hội nghị đã diễn ra.", "Các đại biểu thảo luận."]),
    ("Có 30 hộ nghèo! Năm 2021 tăng 5 hộ?  Đúng vậy.", ["Có 30 hộ nghèo!", "Năm 2021 tăng 5 hộ?", "Đúng vậy."]),
    ("Đoạn một\nĐoạn hai\n\n  Đoạn ba  ", ["Đoạn một", "Đoạn hai", "Đoạn ba"]),
    ("Thực hiện “Quỹ vì người nghèo”. Ủy ban MTTQ vận động.",
     ["Thực hiện “Quỹ vì người nghèo”.", "Ủy ban MTTQ vận động."]),
    ("Ông nói: “Làm tốt.” Sau đó về.", ["Ông nói: “Làm tốt.”", "Sau đó về."]),
    ("Giải quyết việc làm cho hàng ngàn lao động… Hội Nông dân hỗ trợ.",
     ["Giải quyết việc làm cho hàng ngàn lao động…", "Hội Nông dân hỗ trợ."]),
    ("Kết quả tốt. 15 xã đạt chuẩn.", ["Kết quả tốt.", "15 xã đạt chuẩn."]),
    ("", []),
]
NOT_SPLIT = [  # a full stop inside the sentence that does not end it
    "Địa chỉ: 02 Hai Bà Trưng, Tp. Pleiku, tỉnh Gia Lai.",
    "Ông Nguyễn V. Hùng phát biểu tại hội nghị.",
    "Quỹ đạt 1.250.000 đồng trong năm.",
    "TS. Lê Văn Cường trình bày tham luận.",
    "tiết kiệm 5.000đ/hội viên/tháng...; Hội Cựu chiến binh kết nghĩa.",
    "Các hoạt động v.v. được duy trì đều đặn.",
    "Xem website gialai.gov.vn để biết thêm.",
]


@pytest.mark.parametrize("text, expected", SPLIT)
def test_sentence_spans_split(text, expected):
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == expected


@pytest.mark.parametrize("text", NOT_SPLIT)
def test_sentence_spans_do_not_split(text):
    assert sentence_spans(text) == [(0, len(text))]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="aĐđ Ủy.!?…“”\n0123456789TpV", max_size=80))
def test_sentence_spans_cover_every_visible_character_once(text):
    spans = sentence_spans(text)
    covered = set()
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        covered.update(range(start, end))
        previous_end = end
    assert {i for i, c in enumerate(text) if not c.isspace()} <= covered


def test_sentence_around_a_fact_and_across_sentences():
    text = "Câu một có 12 căn nhà. Câu hai có 150 triệu đồng."
    sentences = Sentences.of(text)
    start = text.index("150 triệu")
    s, e = sentences.around(start, start + len("150 triệu đồng"))
    assert text[s:e] == "Câu hai có 150 triệu đồng."
    s, e = sentences.around(text.index("nhà"), text.index("Câu hai") + 3)
    assert text[s:e] == text


def test_sentence_spans_is_fast_on_long_text():
    assert len(sentence_spans((TEXT_2020 + " ") * 2000)) == 4000  # two sentences per copy
    assert_grows_linearly(sentence_spans, lambda size, copy: unseen_copy((TEXT_2020 + " ") * size, copy), 500)


def test_sentence_spans_is_fast_on_one_long_line():
    """A whole article body without a line break: a rescan of the line at every full stop once took a minute."""
    sentence = "Hội nghị đã diễn ra tại hội trường. "
    assert len(sentence_spans(sentence * 8000)) == 8000
    assert_grows_linearly(sentence_spans, lambda size, copy: unseen_copy(sentence * size, copy), 2000)


# ---------------------------------------------------------------- schema

CONTRACT_COLUMNS = {  # DESIGN.md §4, "columns (at least)"
    "articles": {"id", "url", "site", "category", "title", "published_on", "author", "text", "content_sha256",
                 "fetched_at"},
    "fetches": {"url", "status", "error", "fetched_at", "run_id"},
    "legal_documents": {"key", "doc_type", "number", "year", "symbol", "issuer", "issued_on", "name"},
    "legal_citations": {"article_id", "document_key", "text", "start", "end", "resolved_from"},
    "money": {"article_id", "value", "low", "high", "currency", "qualifier", "per", "text", "start", "end"},
    "counts": {"article_id", "value", "low", "high", "qualifier", "unit", "object", "text", "start", "end"},
    "organizations": {"id", "name", "abbreviation"},
    "organization_mentions": {"article_id", "organization_id", "text", "start", "end", "level", "locality"},
    "runs": {"id", "command", "started_at", "finished_at", "status", "stats"},
}


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "danvan.db")
    yield database
    database.close()


@pytest.fixture(scope="module")
def small_db(tmp_path_factory):
    """The hand-annotated articles only (exact expectations)."""
    path = build_dataset(tmp_path_factory.mktemp("small") / "danvan.db", with_mirror=False)
    database = open_db(path)
    yield database
    database.close()


def test_schema_has_the_contract_tables_and_columns(db):
    for table, columns in CONTRACT_COLUMNS.items():
        assert columns <= set(db[table].columns_dict), table
    for table in ("legal_citations", "money", "counts", "organization_mentions"):
        assert {"sentence", "extractor_version", "year"} <= set(db[table].columns_dict)
        assert {fk.other_table for fk in db[table].foreign_keys} >= {"articles"}
    assert "articles_fts" in db.table_names()
    assert {"citations_by_document_year", "money_by_year_category", "organizations_by_articles"} <= set(db.view_names())


def test_indexes_on_what_researchers_filter_and_join_on(db):
    def indexed(table):
        return {tuple(index.columns) for index in db[table].indexes}

    assert ("article_id",) in indexed("legal_citations")
    assert ("document_key", "year") in indexed("legal_citations")
    assert ("organization_id", "year") in indexed("organization_mentions")
    assert ("year",) in indexed("money") and ("year",) in indexed("articles")
    assert ("content_sha256",) in indexed("articles")


def test_open_db_migrates_an_older_database(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, url TEXT, text TEXT, content_sha256 TEXT)")
    conn.commit()
    conn.close()
    db = open_db(path)
    assert {"published_on", "year", "extractor_version"} <= set(db["articles"].columns_dict)
    db.close()


def test_open_db_refuses_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "danvan.db"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(DatabaseError):
        open_db(path)


# ---------------------------------------------------------------- loading

def _table_contents(db, table, without=("id", "loaded_at", "count_id")):
    rows = [{k: v for k, v in row.items() if k not in without} for row in db[table].rows]
    return sorted(rows, key=repr)


FACT_TABLES = ("legal_citations", "money", "counts", "organization_mentions", "legal_documents", "organizations",
               "article_urls")


def test_same_article_at_two_urls_is_one_row(small_db):
    first, second = annotated_articles()[0][0], annotated_articles()[1][0]
    rows = list(small_db.query("select id, url, category from articles where content_sha256 = ?",
                               [first["content_sha256"]]))
    assert len(rows) == 1
    assert rows[0]["url"] == first["url"] and rows[0]["category"] == first["category"]
    urls = {r["url"]: r["category"] for r in small_db.query(
        "select url, category from article_urls where article_id = ?", [rows[0]["id"]])}
    assert urls == {first["url"]: first["category"], second["url"]: second["category"]}
    assert small_db["articles"].count == 3


def test_loading_twice_changes_nothing(tmp_path):
    db = open_db(tmp_path / "danvan.db")
    for article, facts in annotated_articles():
        load_article(db, article, facts, extractor_version="v1")
    links = "select m.text, c.text from money m join counts c on c.id = m.count_id"
    before = {t: _table_contents(db, t) for t in ("articles", *FACT_TABLES)}
    links_before = db.execute(links).fetchall()
    for article, facts in annotated_articles():
        load_article(db, article, facts, extractor_version="v1")
    after = {t: _table_contents(db, t) for t in ("articles", *FACT_TABLES)}
    assert before == after
    assert db.execute(links).fetchall() == links_before == [("150 triệu đồng", "12 căn nhà")]
    assert db["money"].count == 5


def test_reloading_replaces_facts_and_drops_documents_no_longer_cited(tmp_path):
    db = open_db(tmp_path / "danvan.db")
    article, facts = annotated_articles()[0]
    article_id = load_article(db, article, facts, extractor_version="v1")
    assert db["legal_documents"].count == 1
    fewer = {"money": facts["money"]}
    assert load_article(db, article, fewer, extractor_version="v2") == article_id
    assert db["legal_citations"].count == 0 and db["legal_documents"].count == 0
    assert db["organizations"].count == 0
    assert [r["extractor_version"] for r in db["money"].rows] == ["v2"]
    assert db["articles"].get(article_id)["extractor_version"] == "v2"


def test_a_failing_load_leaves_nothing_behind(tmp_path):
    db = open_db(tmp_path / "danvan.db")
    article, facts = annotated_articles()[0]
    broken = dict(facts, counts=[{"text": "12 căn nhà", "start": "twelve", "end": 3}])
    with pytest.raises(TypeError):
        load_article(db, article, broken, extractor_version="v1")
    for table in ("articles", "article_urls", "money", "legal_documents", "articles_fts"):
        assert db[table].count == 0, table


def test_an_edited_article_at_a_known_url_updates_its_row(tmp_path):
    db = open_db(tmp_path / "danvan.db")
    article, facts = annotated_articles()[0]
    article_id = load_article(db, article, facts, extractor_version="v1")
    edited_text = article["text"] + "\nĐoạn bổ sung."
    edited = dict(article, text=edited_text, content_sha256=sha(edited_text))
    assert load_article(db, edited, facts, extractor_version="v1") == article_id
    assert db["articles"].count == 1
    assert db["articles"].get(article_id)["text"].endswith("Đoạn bổ sung.")


def test_other_urls_of_an_article_are_kept(tmp_path):
    db = open_db(tmp_path / "danvan.db")
    article, facts = annotated_articles()[0]
    article_id = load_article(db, dict(article, other_urls=["http://127.0.0.1/Khac/Bai.aspx"]), facts,
                              extractor_version="v1")
    assert {r["url"] for r in db["article_urls"].rows_where("article_id = ?", [article_id])} == {
        article["url"], "http://127.0.0.1/Khac/Bai.aspx"}


def test_every_fact_row_has_its_exact_text_sentence_and_version(small_db):
    articles = {r["id"]: r["text"] for r in small_db["articles"].rows}
    for table in ("legal_citations", "money", "counts", "organization_mentions"):
        rows = list(small_db[table].rows)
        assert rows, table
        for row in rows:
            text = articles[row["article_id"]]
            assert text[row["start"]:row["end"]] == row["text"]
            assert row["text"] in row["sentence"]
            assert text[row["sentence_start"]:row["sentence_end"]] == row["sentence"]
            assert row["extractor_version"] == "test-annotations"
            assert row["year"] in (2020, 2021, 2022)


def test_money_points_at_the_count_it_pays_for(small_db):
    linked = list(small_db.query(
        "select m.text as money, c.text as count from money m join counts c on c.id = m.count_id"))
    assert linked == [{"money": "150 triệu đồng", "count": "12 căn nhà"}]
    assert small_db["money"].count_where("count_id is null") == 4


def test_further_fields_get_their_columns(small_db):
    doan = next(small_db["organizations"].rows_where("name = ?", ["Đoàn Thanh niên Cộng sản Hồ Chí Minh"]))
    assert doan["family"] == "mass"
    place = next(small_db["location_mentions"].rows)
    assert (place["name"], place["code"], place["details"]) == ("Gia Lai", "64", None)
    assert small_db["money"].count_where("details is not null") == 0


def test_law_cited_by_name_is_a_document(small_db):
    law = small_db["legal_documents"].get("Luật Mặt trận Tổ quốc Việt Nam (2015)")
    assert law["key_source"] == "name" and law["year"] == 2015
    assert small_db["legal_documents"].get("62-KL/TW")["issued_on"] == "2009-12-08"


def test_runs_fetches_and_rejections(db):
    run_id = start_run(db, "crawl")
    assert record_fetches(db, [
        {"url": "http://127.0.0.1/a.aspx", "status": 200, "error": None, "fetched_at": "t1", "run_id": run_id,
         "method": "GET", "bytes": 1200, "elapsed": 0.02},
        {"url": "http://127.0.0.1/b.aspx", "status": None, "error": "timeout", "fetched_at": "t2", "run_id": run_id},
    ]) == 2
    record_rejection(db, "http://127.0.0.1/Gioi-thieu.aspx", "no article body", "t3")
    record_rejection(db, "http://127.0.0.1/Gioi-thieu.aspx", "not an article page", "t4")
    finish_run(db, run_id, "ok", {"pages": 2})
    run = db["runs"].get(run_id)
    assert run["status"] == "ok" and run["finished_at"] and run["stats"] == '{"pages": 2}'
    assert [r["status"] for r in db["fetches"].rows] == [200, None]
    assert list(db["rejected_pages"].rows) == [
        {"url": "http://127.0.0.1/Gioi-thieu.aspx", "reason": "not an article page", "fetched_at": "t4"}]


# ---------------------------------------------------------------- search

FTS_QUERIES = [
    ("Đoàn thanh niên", '"doan" "thanh" "nien"'),
    ("doan thanh nien", '"doan" "thanh" "nien"'),
    ('"Mặt trận" MTTQ', '"mat tran" "mttq"'),
    ('Quỹ "vì người nghèo', '"quy" "vi nguoi ngheo"'),
    ("NEAR(a b) OR x*", '"near(a" "b)" "or" "x*"'),
    ("   ", ""),
]


@pytest.mark.parametrize("query, expected", FTS_QUERIES)
def test_fts_query(query, expected):
    assert fts_query(query) == expected


SAME_ROWS = [("dong", "đồng"), ("doan thanh nien", "Đoàn thanh niên"), ("DOAN THANH NIEN", "đoàn Thanh Niên"),
             ("uy ban mat tran", "Ủy ban Mặt trận"), ("hoa", "hoà")]


@pytest.mark.parametrize("plain, with_marks", SAME_ROWS)
def test_search_with_and_without_diacritics_gives_the_same_rows(small_db, plain, with_marks):
    found = search_articles(small_db, plain)
    assert found == search_articles(small_db, with_marks)


def test_search_finds_the_words_without_their_marks(small_db):
    titles = {r["title"] for r in search_articles(small_db, "doan thanh nien")}
    assert "Đoàn thanh niên Chư Păh chung tay xây nhà cho hộ nghèo" in titles
    assert len(search_articles(small_db, "dong")) == 3  # đồng in every article
    assert search_articles(small_db, "Chu Pah")[0]["published_on"] == "2020-05-04"


@pytest.mark.parametrize("query", ["xyzzy", "doan thanh nien cong san ba ria", "Pleiku"])
def test_search_must_not_match(small_db, query):
    assert search_articles(small_db, query) == []


PUBLISHED_DAY = {1: 5, 2: 2, 3: 6, 4: 3, 5: 7, 6: 4}   # article number → day of January 2021


def _ranked_article(number: int) -> dict:
    title = f"Bài {number}" + (" hộ nghèo" if number in (2, 5) else "")
    text = f"Bài số {number}: hỗ trợ hộ nghèo xây nhà." + " Các đoàn thể tham gia." * number
    return {"url": f"http://127.0.0.1/bai-{number}", "title": title, "text": text,
            "content_sha256": sha(title + text), "published_on": f"2021-01-{PUBLISHED_DAY[number]:02d}"}


@pytest.fixture(scope="module")
def ranked_db(tmp_path_factory):
    db = open_db(tmp_path_factory.mktemp("ranked") / "ranked.db")
    ids = {n: load_article(db, _ranked_article(n), {}, extractor_version="t") for n in PUBLISHED_DAY}
    yield db, ids
    db.close()


# (query, rank_at_most, article numbers expected first, in order, or all of them)
SEARCH_RULE = [
    ("ho ngheo", 6, [2, 5]),                    # 6 matches, ranked: the words in the title first
    ("hộ nghèo", 100, [2, 5]),
    ("ho ngheo", 5, [5, 3, 1, 6, 4, 2]),        # more than 5 matches: newest first
    ("Hộ Nghèo", 5, [5, 3, 1, 6, 4, 2]),
    ("bai so 3", 5, [3]),                       # one match: ranked
]


@pytest.mark.parametrize("query, rank_at_most, first", SEARCH_RULE)
def test_search_ranks_a_few_matches_and_shows_many_newest_first(ranked_db, query, rank_at_most, first):
    db, ids = ranked_db
    found = [r["id"] for r in search_articles(db, query, rank_at_most=rank_at_most)]
    assert found[:len(first)] == [ids[n] for n in first]
    assert search_articles(db, query, limit=2, rank_at_most=rank_at_most) == \
        search_articles(db, query, rank_at_most=rank_at_most)[:2]


@pytest.mark.parametrize("rank_at_most", [0, 1, 100])
def test_search_rule_must_not_match(ranked_db, rank_at_most):
    db, _ = ranked_db
    assert search_articles(db, "xyzzy", rank_at_most=rank_at_most) == []
    assert search_articles(db, "", rank_at_most=rank_at_most) == []


def test_rebuild_fts_gives_the_same_results(tmp_path):
    db = open_db(build_dataset(tmp_path / "danvan.db", with_mirror=False))
    before = [search_articles(db, q) for q, _ in SAME_ROWS]
    db.execute("DELETE FROM articles_fts")
    db.conn.commit()
    assert search_articles(db, "dong") == []
    assert rebuild_fts(db) == 3
    assert [search_articles(db, q) for q, _ in SAME_ROWS] == before


# ---------------------------------------------------------------- views

def test_view_citations_per_document_per_year(small_db):
    rows = [(r["document_key"], r["year"], r["citations"]) for r in small_db["citations_by_document_year"].rows]
    assert rows == [("121/2017/TT-BTC", 2021, 1), ("62-KL/TW", 2020, 1), ("62-KL/TW", 2021, 1),
                    ("Luật Mặt trận Tổ quốc Việt Nam (2015)", 2022, 1)]


def test_view_money_by_year_keeps_qualifiers_apart_and_leaves_rates_out(small_db):
    rows = [(r["year"], r["qualifier"], r["sum_value"], r["sum_high"]) for r in small_db["money_by_year_category"].rows]
    assert rows == [(2020, "exact", 150_000_000, None), (2021, "approx", 1_500_000_000, None),
                    (2021, "range", 50_000_000, 70_000_000), (2022, "over", 2_000_000_000, None)]


def test_view_organizations_by_number_of_articles(small_db):
    rows = [(r["name"], r["articles"], r["mentions"]) for r in small_db["organizations_by_articles"].rows]
    assert rows == [("Đoàn Thanh niên Cộng sản Hồ Chí Minh", 2, 2), ("Ủy ban Mặt trận Tổ quốc Việt Nam", 2, 2),
                    ("Hội Liên hiệp Phụ nữ", 1, 1)]


# ---------------------------------------------------------------- the mirror, with the real extractors

def test_mirror_articles_load_with_the_extractors_offsets(tmp_path):
    db = open_db(build_dataset(tmp_path / "danvan.db"))
    assert db["articles"].count == 3 + len(mirror_articles()) - _mirror_duplicates()
    texts = {r["id"]: r["text"] for r in db["articles"].rows}
    for table in ("legal_citations", "money", "counts", "organization_mentions"):
        for row in db[table].rows:
            assert texts[row["article_id"]][row["start"]:row["end"]] == row["text"], (table, row["text"])
            assert row["text"] in row["sentence"]


def _mirror_duplicates() -> int:
    shas = [a["content_sha256"] for a in mirror_articles()]
    return len(shas) - len(set(shas))


def test_mention_helper_finds_the_right_occurrence():
    text = "đồng và đồng"
    assert mention(text, "đồng", 1)["start"] == 8


# ---------------------------------------------------------------- the copy that is served

def test_snapshot_of_a_database_being_written_in_wal_mode(tmp_path):
    db = open_db(tmp_path / "danvan.db")
    db.enable_wal()
    pairs = annotated_articles()
    load_article(db, *pairs[0], extractor_version="v1")
    assert (tmp_path / "danvan.db-wal").stat().st_size > 0  # the article is still only in the WAL
    target = publish_snapshot(tmp_path / "danvan.db", tmp_path / "published" / "danvan.db")
    with sqlite3.connect(f"file:{target}?immutable=1", uri=True) as served:
        assert served.execute("select count(*) from articles").fetchone() == (1,)
        assert served.execute("pragma journal_mode").fetchone() == ("delete",)
    stamp = target.stat().st_mtime_ns
    assert publish_snapshot(tmp_path / "danvan.db", target).stat().st_mtime_ns == stamp  # unchanged: kept
    load_article(db, *pairs[2], extractor_version="v1")
    publish_snapshot(tmp_path / "danvan.db", target)
    with sqlite3.connect(f"file:{target}?immutable=1", uri=True) as served:
        assert served.execute("select count(*) from articles").fetchone() == (2,)
    db.close()


@pytest.mark.parametrize("directory", ["data #1", "what?", "100% sure", "dữ liệu"])
def test_read_only_copy_of_a_database_under_any_directory_name(tmp_path, directory):
    db = open_db(tmp_path / directory / "danvan.db")
    load_article(db, *annotated_articles()[0], extractor_version="v1")
    target = publish_snapshot(tmp_path / directory / "danvan.db", tmp_path / directory / "published" / "danvan.db")
    for path in (tmp_path / directory / "danvan.db", target):
        conn = connect_read_only(path)
        try:
            assert conn.execute("select count(*) from articles").fetchone() == (1,)
            with pytest.raises(sqlite3.OperationalError, match="readonly"):
                conn.execute("delete from articles")
        finally:
            conn.close()
    db.close()
    remove_database_files(tmp_path / directory / "danvan.db")
    assert sorted(p.name for p in (tmp_path / directory).iterdir()) == ["published"]


def test_dates_are_loaded_with_their_precision_and_sentence(tmp_path):
    db = open_db(tmp_path / "danvan.db")
    article, facts = annotated_articles()[0]
    text = article["text"]
    dates = [mention(text, "ngày 08/12/2009", value="2009-12-08", precision="day")]
    article_id = load_article(db, article, dict(facts, dates=dates), extractor_version="v1")
    rows = list(db["dates"].rows)
    assert [(r["article_id"], r["value"], r["precision"], r["text"]) for r in rows] == \
        [(article_id, "2009-12-08", "day", "ngày 08/12/2009")]
    assert text[rows[0]["start"]:rows[0]["end"]] == "ngày 08/12/2009"
    assert rows[0]["sentence"].startswith("Thực hiện Kết luận 62-KL/TW") and rows[0]["sentence"].endswith("hộ nghèo.")
    assert load_article(db, article, facts, extractor_version="v2") == article_id
    assert db["dates"].count == 0  # reloading without dates drops them
