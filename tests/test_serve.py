"""Publication with Datasette: metadata, canned queries, diacritics-free search, read-only, evidence, charts, `danvan serve`."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
import yaml

from danvan_dataset import SECOND_SITE, build_dataset
from local_site import free_port
from extractors.normalize import fold
from pipeline.cli import main
from pipeline.commands.serve import datasette_arguments, ensure_inspect_file
from pipeline.datasette_plugins import METADATA_FILE, PLUGINS_DIR, TEMPLATES_DIR

CANNED = {  # canned query → parameters a researcher would give
    "search": {"q": "doan thanh nien"},
    "documents_cited_most": {"doc_type": ""},
    "document_over_time": {"key": "62-KL/TW"},
    "money_by_year": {"currency": ""},
    "articles_mentioning_organization": {"organization": "mat tran to quoc"},
    "evidence_search": {"term": "vi nguoi ngheo"},
    "money_by_organization_place_year": {"currency": "", "organization": ""},
    "articles_by_site": {"year": ""},
}


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return build_dataset(tmp_path_factory.mktemp("serve") / "danvan.db")


@pytest.fixture(scope="module")
def datasette(db_path):
    from datasette.app import Datasette

    metadata = yaml.safe_load(METADATA_FILE.read_text(encoding="utf-8"))
    return Datasette(immutables=[str(db_path)], metadata=metadata, plugins_dir=str(PLUGINS_DIR),
                     template_dir=str(TEMPLATES_DIR))


@pytest.fixture(scope="module")
def two_sites_db(tmp_path_factory):
    """The dataset with a second site holding two of its articles republished and one of its own."""
    return build_dataset(tmp_path_factory.mktemp("two-sites") / "danvan.db", second_site=True)


@pytest.fixture(scope="module")
def two_sites(two_sites_db):
    from datasette.app import Datasette

    metadata = yaml.safe_load(METADATA_FILE.read_text(encoding="utf-8"))
    return Datasette(immutables=[str(two_sites_db)], metadata=metadata, plugins_dir=str(PLUGINS_DIR),
                     template_dir=str(TEMPLATES_DIR))


def get(datasette, path: str, **params):
    async def fetch():
        return await datasette.client.get(path, params=params or None)
    return asyncio.run(fetch())


def rows(datasette, path: str, **params) -> list[dict]:
    response = get(datasette, path, _shape="array", **params)
    assert response.status_code == 200, response.text[:500]
    return response.json()


def test_metadata_is_served(datasette):
    metadata = get(datasette, "/-/metadata.json").json()
    assert "danvan" in metadata["title"]
    assert "Ban Dân vận" in metadata["license"] and "MIT" in metadata["license"]
    assert metadata["source_url"] and metadata["about"]
    tables = metadata["databases"]["danvan"]["tables"]
    assert "VND" in tables["money"]["columns"]["value"]
    for table in ("articles", "legal_documents", "legal_citations", "money", "counts", "organizations",
                  "organization_mentions"):
        assert " / " in tables[table]["description"], table  # Vietnamese / English
    page = get(datasette, "/danvan/money").text
    assert "đừng cộng lẫn" in page and "never add across qualifiers" in page


def test_metadata_facets_and_label_columns(datasette):
    money = get(datasette, "/danvan/money.json").json()
    assert {"currency", "qualifier", "year"} <= set(money["facet_results"])
    qualifiers = {f["value"] for f in money["facet_results"]["qualifier"]["results"]}
    assert {"exact", "range", "approx", "over"} <= qualifiers
    assert {"category", "year"} <= set(get(datasette, "/danvan/articles.json").json()["facet_results"])
    assert "doc_type" in get(datasette, "/danvan/legal_documents.json").json()["facet_results"]
    citations = get(datasette, "/danvan/organization_mentions.json", _labels="on", _shape="array").json()
    assert any(isinstance(r["organization_id"], dict) and r["organization_id"]["label"] for r in citations)


@pytest.mark.parametrize("name", sorted(CANNED))
def test_each_canned_query_answers(datasette, name):
    found = rows(datasette, f"/danvan/{name}.json", **CANNED[name])
    assert found, name


def test_canned_queries_give_the_expected_rows(datasette):
    over_time = rows(datasette, "/danvan/document_over_time.json", key="62-KL/ TW")
    years = {r["year"]: r["citations"] for r in over_time}
    assert years.get(2020) == 1 and years.get(2021, 0) >= 1
    money = rows(datasette, "/danvan/money_by_year.json", currency="VND")
    ranges = [r for r in money if r["qualifier"] == "range" and r["year"] == 2021]
    assert ranges and ranges[0]["sum_low_vnd"] <= 50_000_000 < ranges[0]["sum_high_vnd"]
    assert all(r["qualifier"] for r in money)
    mentions = rows(datasette, "/danvan/articles_mentioning_organization.json", organization="MTTQ")
    organizations = {r["organization"] for r in mentions}
    assert "Ủy ban Mặt trận Tổ quốc Việt Nam" in organizations
    assert all("mat tran to quoc" in fold(name) for name in organizations)
    assert rows(datasette, "/danvan/articles_mentioning_organization.json", organization="Hội Cựu chiến binh Zzz") == []
    evidence = rows(datasette, "/danvan/evidence_search.json", term="Vì người nghèo")
    assert evidence and all("nghèo" in r["sentence"].lower() for r in evidence)
    cited = rows(datasette, "/danvan/documents_cited_most.json", doc_type="Thông tư")
    assert cited and {r["doc_type"] for r in cited} == {"Thông tư"}


@pytest.mark.parametrize("plain, with_marks", [("doan thanh nien", "Đoàn thanh niên"), ("dong", "đồng"),
                                               ("vi nguoi ngheo", "Vì người nghèo")])
def test_search_with_and_without_diacritics_gives_the_same_rows(datasette, plain, with_marks):
    canned_plain = rows(datasette, "/danvan/search.json", q=plain)
    assert canned_plain
    assert canned_plain == rows(datasette, "/danvan/search.json", q=with_marks)
    table_plain = rows(datasette, "/danvan/articles.json", _search=plain, _col="title")
    assert table_plain == rows(datasette, "/danvan/articles.json", _search=with_marks, _col="title")
    assert {r["id"] for r in table_plain} == {r["id"] for r in canned_plain}


SEARCH_QUERIES = ["doan thanh nien", "đồng", "Mặt trận Tổ quốc", "ho ngheo", "xyzzy"]


@pytest.mark.parametrize("query", SEARCH_QUERIES)
def test_canned_search_follows_the_rule_of_search_articles(datasette, db_path, query):
    from contextlib import closing

    from pipeline.db import connect_read_only
    from pipeline.search import search_articles

    with closing(connect_read_only(db_path)) as db:
        expected = [r["id"] for r in search_articles(db, query, limit=200)]
    assert [r["id"] for r in rows(datasette, "/danvan/search.json", q=query)] == expected


@pytest.mark.parametrize("site", ["", "gialai", SECOND_SITE])
@pytest.mark.parametrize("rank_at_most", [0, 1, 2, 1000])
@pytest.mark.parametrize("query", SEARCH_QUERIES)
def test_canned_search_sql_is_the_rule_at_any_bound(two_sites_db, query, rank_at_most, site):
    """The canned query's SQL with a small bound: ranked, or newest first, exactly as search_articles."""
    import importlib.util
    from contextlib import closing

    from pipeline.db import connect_read_only
    from pipeline.search import RANK_AT_MOST, search_articles

    spec = importlib.util.spec_from_file_location("danvan_hooks", PLUGINS_DIR / "danvan_hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    sql = yaml.safe_load(METADATA_FILE.read_text(encoding="utf-8"))["databases"]["danvan"]["queries"]["search"]["sql"]
    assert sql.count(str(RANK_AT_MOST)) == 4
    with closing(connect_read_only(two_sites_db)) as db:
        hooks.prepare_connection(db)
        canned = [row[0] for row in db.execute(sql.replace(str(RANK_AT_MOST), str(rank_at_most)),
                                               {"q": query, "site": site})]
        assert canned == [r["id"] for r in search_articles(db, query, limit=200, rank_at_most=rank_at_most,
                                                           site=site)]


def test_search_must_not_match(datasette):
    assert rows(datasette, "/danvan/search.json", q="xyzzy") == []
    assert rows(datasette, "/danvan/search.json", q="") == []
    assert rows(datasette, "/danvan/articles.json", _search="xyzzy") == []


@pytest.mark.parametrize("sql", ["delete from articles", "update money set value = 0",
                                 "insert into organizations (name) values ('x')", "drop table articles"])
def test_write_queries_are_refused(datasette, sql):
    response = get(datasette, "/danvan.json", sql=sql)
    assert response.status_code == 400
    assert rows(datasette, "/danvan/articles.json", _col="id", _size="1")


def test_database_is_served_immutable(datasette):
    assert datasette.get_database("danvan").is_mutable is False


def test_article_page_shows_highlighted_evidence(datasette):
    page = get(datasette, "/danvan/articles/1").text
    assert 'id="evidence"' in page and 'data-facts="4"' in page
    for fact, label in [("Kết luận 62-KL/TW", "VĂN BẢN"), ("150 triệu đồng", "TIỀN"), ("12 căn nhà", "SỐ LƯỢNG")]:
        assert fact in page.split('<mark class="entity"', 1)[1], fact
        assert label in page
    assert "cdn" not in page.lower() and "googleapis" not in page


def test_fact_sentences_show_the_fact_marked(datasette):
    page = get(datasette, "/danvan/money", _sort="id").text
    assert '<mark class="danvan-fact" title="150.000.000 đồng">150 triệu đồng</mark>' in page
    assert 'class="danvan-evidence-link"' in get(datasette, "/danvan/articles").text


def test_charts_page_draws_svg_bars(datasette):
    response = get(datasette, "/-/danvan/charts")
    assert response.status_code == 200
    assert response.text.count("<svg") >= 2 and response.text.count('class="danvan-bar"') >= 4
    one = get(datasette, "/-/danvan/charts", document="62-KL/TW").text
    assert "62-KL/TW 2020: 1" in one
    assert "<script src" not in response.text.replace('<script src="/-/static', "")
    css = get(datasette, "/-/danvan/danvan.css")
    assert css.status_code == 200 and "danvan-evidence" in css.text


def test_charts_draw_ranges_from_low_to_high_and_say_when_empty(db_path, tmp_path):
    import sqlite3

    from pipeline.datasette_plugins.charts import BarChart, money_chart
    from pipeline.db import open_db

    small = build_dataset(tmp_path / "danvan.db", with_mirror=False)
    with sqlite3.connect(small) as conn:
        chart = money_chart(conn)
    assert chart.x_labels == ("2020", "2021", "2022")
    bars = {series.name.split(" / ")[1].split(" ")[0]: series.bars for series in chart.series}
    assert bars == {
        "exact": ((0, 150_000_000), None, None),  # the rate 5.000đ/hội viên/tháng (2021) is left out
        "approx.": (None, (0, 1_500_000_000), None),
        "range": (None, (50_000_000, 70_000_000), None),
        "over": (None, None, (0, 2_000_000_000)),
    }
    open_db(tmp_path / "empty.db").close()
    with sqlite3.connect(tmp_path / "empty.db") as conn:
        assert "no data yet" in money_chart(conn).svg()
    assert "no data yet" in BarChart("t", (), (), "y").svg()


def test_charts_have_every_year_whole_number_ticks_and_the_page_width(db_path):
    import re
    import sqlite3

    from pipeline.datasette_plugins.charts import citations_chart, money_chart

    with sqlite3.connect(db_path) as conn:
        first, last = conn.execute("select min(year), max(year) from legal_citations").fetchone()
        one = citations_chart(conn, "62-KL/TW")
        svg = one.svg()
        money = money_chart(conn, link="/danvan/money").svg()
    assert one.x_labels == tuple(str(y) for y in range(first, last + 1))      # years without a citation too
    assert len(one.x_labels) > 3 and one.series[0].bars[-1] is None
    for label in one.x_labels:
        assert f">{label}</text>" in svg
    y_ticks = re.findall(r'<g id="ytick_\d+">.*?<text[^>]*>([^<]*)</text>', svg, re.S)
    assert y_ticks and all(t.isdigit() for t in y_ticks), y_ticks                # whole numbers only
    for chart in (svg, money):
        assert re.search(r'<svg[^>]* width="100%"', chart) and "viewBox" in chart
    assert "per year" in svg and "each mention" in svg.lower()
    assert "rates left out" in money and "never added across" in money and "VND" in money   # what it sums


def test_money_chart_labels_and_links_the_huge_amounts(db_path):
    import sqlite3

    from pipeline.datasette_plugins.charts import money_chart, money_words, outliers

    with sqlite3.connect(db_path) as conn:
        chart = money_chart(conn, link="/danvan/money")
    huge = outliers(chart)
    assert huge and huge[0].value > 10 ** 12 and len(huge) <= 4
    svg = chart.svg()
    assert f"{huge[0].x_label} · trên, hơn / over: <b>{money_words(huge[0].value)} đồng</b>" in svg
    assert f"{money_words(huge[0].value)} ↑" in svg                             # labelled on the chart
    assert f'href="/danvan/money?currency=VND&amp;per__isnull=1&amp;year={huge[0].x_label}&amp;qualifier=over' in svg
    assert svg.count('class="danvan-bar danvan-outlier"') == len(huge)
    assert ">1 tỷ</text>" in svg and ">100 triệu</text>" in svg   # a logarithmic axis read in đồng


# ---------------------------------------------------------------- search: the phrase first, excerpts with diacritics

def test_search_lists_the_whole_phrase_first_then_every_word(datasette):
    found = rows(datasette, "/danvan/search.json", q="ho tro")
    groups = [r["whole_phrase"] for r in found]
    assert groups == sorted(groups, reverse=True) and "yes" in groups and "no" in groups  # yes … yes, no … no
    for row in found:
        if row["whole_phrase"] == "yes":
            assert "[hỗ trợ]" in row["excerpt"] or "[Hỗ trợ]" in row["excerpt"], row
    only_phrase = rows(datasette, "/danvan/search.json", q='"ho tro"')
    assert {r["id"] for r in only_phrase} == {r["id"] for r in found if r["whole_phrase"] == "yes"}
    page = get(datasette, "/danvan/search", q="ho tro").text
    assert "ngoặc kép" in page and "double quotes" in page and "whole_phrase" in page   # the rule, on the page


@pytest.mark.parametrize("query, shown", [("ho tro", "[hỗ trợ]"), ("doan thanh nien", "[Đoàn thanh niên]"),
                                          ("Vì người nghèo", "[Vì người nghèo]"), ("dong", "[đồng]")])
def test_search_excerpts_keep_their_diacritics(datasette, query, shown):
    excerpts = [r["excerpt"] for r in rows(datasette, "/danvan/search.json", q=query)]
    assert any(shown in e for e in excerpts), excerpts[:3]
    assert all("[" in e for e in excerpts if e)


# ---------------------------------------------------------------- readable pages

def test_money_is_shown_grouped_with_its_unit_and_stored_as_integers(datasette):
    page = get(datasette, "/danvan/money", _sort="id").text
    assert '<span class="danvan-money" data-value="150000000">150.000.000 đồng</span>' in page
    assert "1.500.000.000 đồng" in page
    stored = rows(datasette, "/danvan/money.json", _sort="id", _size="3")
    assert [r["value"] for r in stored] == [150_000_000, 1_500_000_000, 50_000_000]
    csv = get(datasette, "/danvan/money.csv", _sort="id", _size="1").text
    assert "150000000" in csv and "150.000.000" not in csv
    by_year = get(datasette, "/danvan/money_by_year", currency="VND").text
    assert "1.500.000.000 đồng" in by_year
    assert '"currency": "USD"' not in page and get(datasette, "/danvan/counts", _sort="id").text.count("đồng</span>") == 0


def test_each_facet_is_shown_once(datasette):
    page = get(datasette, "/danvan/money", _facet="qualifier", currency="VND").text
    assert page.count('id="facet-qualifier"') == 1 and page.count('id="facet-year"') == 1


def test_column_descriptions_are_folded_away(datasette):
    page = get(datasette, "/danvan/articles").text
    folded = page.split('<details class="danvan-columns">', 1)[1].split("</details>", 1)[0]
    assert "Tiêu đề / title" in folded
    assert page.index('<details class="danvan-columns">') < page.index("<table")


def test_fact_rows_show_the_article_title_and_date(datasette):
    page = get(datasette, "/danvan/money", _sort="id").text
    assert "Đoàn thanh niên Chư Păh chung tay xây nhà cho hộ nghèo</a> <span class=\"danvan-date\">2020-05-04</span>" in page
    evidence = rows(datasette, "/danvan/evidence_search.json", term="vi nguoi ngheo")
    assert evidence and all(r["article_title"] and r["published_on"] for r in evidence)
    assert {r["article_title"] for r in evidence} >= {"Quỹ Vì người nghèo năm 2021"}


def test_highlighted_facts_carry_their_normalized_value(datasette):
    page = get(datasette, "/danvan/articles/1").text
    evidence = page.split('id="evidence"', 1)[1]
    for title in ("62-KL/TW", "150.000.000 đồng", "12 căn nhà", "Đoàn Thanh niên Cộng sản Hồ Chí Minh · huyện · Chư Păh"):
        assert f'<mark class="entity" title="{title}"' in evidence, title
    ranges = get(datasette, "/danvan/money", _sort="id").text
    assert 'title="50.000.000–70.000.000 đồng · range"' in ranges and 'title="1.500.000.000 đồng · approx"' in ranges
    mentions = get(datasette, "/danvan/organization_mentions", _sort="id").text
    assert '<mark class="danvan-fact" title="Đoàn Thanh niên Cộng sản Hồ Chí Minh · huyện · Chư Păh">' in mentions


def test_documents_cited_most_shows_a_title(datasette):
    cited = {r["key"]: r for r in rows(datasette, "/danvan/documents_cited_most.json", doc_type="")}
    assert cited["62-KL/TW"]["title"].startswith("về tiếp tục đổi mới nội dung, phương thức hoạt động")
    assert cited["62-KL/TW"]["title_source"] == "quoted"
    assert cited["121/2017/TT-BTC"]["title"] == "Thông tư 121/2017/TT-BTC"
    assert cited["121/2017/TT-BTC"]["title_source"] == "type_and_number"
    assert cited["Luật Mặt trận Tổ quốc Việt Nam (2015)"]["title"] == "Luật Mặt trận Tổ quốc Việt Nam"
    assert all(r["title"] for r in cited.values())


# ---------------------------------------------------------------- the command

def test_serve_without_a_database_says_what_to_do(tmp_path, capsys):
    assert main(["serve", "--data-dir", str(tmp_path)]) == 1
    assert "make demo" in capsys.readouterr().err


def test_serve_refuses_a_database_without_articles(tmp_path, capsys):
    import sqlite3

    sqlite3.connect(tmp_path / "danvan.db").execute("create table other (x)").connection.commit()
    assert main(["serve", "--data-dir", str(tmp_path)]) == 1
    assert "no articles table" in capsys.readouterr().err


def test_inspect_file_and_datasette_arguments(db_path):
    inspect = ensure_inspect_file(db_path)
    counts = json.loads(inspect.read_text())["danvan"]["tables"]
    assert counts["articles"]["count"] >= 3
    arguments = datasette_arguments(db_path, inspect, "127.0.0.1", 8123)
    assert arguments[:3] == ["serve", "-i", str(db_path)]
    assert {"--metadata", "--plugins-dir", "--template-dir", "--inspect-file"} <= set(arguments)


def test_danvan_serve_answers_on_loopback(db_path):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--data-dir", str(db_path.parent),
                                "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        body = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and body is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/danvan/search.json?q=dong&_shape=array",
                                            timeout=5) as response:
                    body = json.loads(response.read())
            except OSError:
                time.sleep(0.2)
        assert body, process.stderr.read1().decode() if process.poll() is not None else "no answer"
        assert (db_path.parent / "published" / "danvan.db").is_file()  # a copy is served, not the working file
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stderr.close()
    with pytest.raises(OSError):  # the server went with the command (it is the same process)
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_serve_on_a_port_in_use_says_so_in_one_line(tmp_path):
    import socket
    import subprocess
    import sys

    from pipeline.db import open_db

    open_db(tmp_path / "danvan.db").conn.close()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "pipeline", "serve", "--data-dir", str(tmp_path),
                                 "--port", str(port)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"cannot serve at 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- by site (two sites, two articles republished)

def _facet(datasette, path: str, column: str) -> dict:
    facet = get(datasette, path).json()["facet_results"][column]
    return {r["value"]: r["count"] for r in facet["results"]}


def test_articles_and_fact_tables_have_a_site_facet_and_filter(two_sites, two_sites_db):
    import sqlite3

    with sqlite3.connect(two_sites_db) as db:
        articles = dict(db.execute("select site, count(*) from articles group by site"))
        money = dict(db.execute("select site, count(*) from money group by site"))
        citations = dict(db.execute("select site, count(*) from legal_citations group by site"))
        mismatched = db.execute("select count(*) from money m join articles a on a.id = m.article_id "
                                "where m.site is not a.site").fetchone()[0]
    assert set(articles) == {"gialai", SECOND_SITE} and articles[SECOND_SITE] == 3 and mismatched == 0
    assert _facet(two_sites, "/danvan/articles.json", "site") == articles
    assert _facet(two_sites, "/danvan/money.json", "site") == money
    assert _facet(two_sites, "/danvan/legal_citations.json", "site") == citations and len(citations) == 2
    only = rows(two_sites, "/danvan/money.json", site=SECOND_SITE, _size="max")
    assert len(only) == money[SECOND_SITE] and {r["site"] for r in only} == {SECOND_SITE}
    assert {r["site"] for r in rows(two_sites, "/danvan/articles.json", site="gialai", _size="max")} == {"gialai"}


def test_the_same_article_on_two_sites_is_two_rows_linked_and_counted_once(two_sites):
    copies = rows(two_sites, "/danvan/articles.json", duplicate_of__notblank="1", _size="max")
    assert {r["site"] for r in copies} == {SECOND_SITE} and len(copies) == 2
    for copy in copies:
        [first] = rows(two_sites, "/danvan/articles.json", id=copy["duplicate_of"])
        assert first["site"] == "gialai" and first["content_sha256"] == copy["content_sha256"]
        assert first["id"] < copy["id"] and first["duplicate_of"] is None
    every = rows(two_sites, "/danvan/articles.json", _size="max")
    distinct = rows(two_sites, "/danvan/distinct_articles.json", _size="max")
    assert len(distinct) == len({r["content_sha256"] for r in every}) == len(every) - 2
    shared = [r for r in distinct if r["sites"] == 2]
    assert sorted(r["id"] for r in shared) == sorted(c["duplicate_of"] for c in copies)
    assert {r["also_on"] for r in shared} == {SECOND_SITE}
    compared = {r["site"]: r for r in rows(two_sites, "/danvan/articles_by_site.json", year="")}
    assert compared[SECOND_SITE]["articles"] == 3 and compared[SECOND_SITE]["first_copies"] == 1
    assert compared[SECOND_SITE]["shared"] == compared["gialai"]["shared"] == 2
    [total] = [r for key, r in compared.items() if key.startswith("(")]
    assert total["articles"] == len(distinct) == compared["gialai"]["articles"] + 1
    in_2023 = {r["site"]: r["articles"] for r in rows(two_sites, "/danvan/articles_by_site.json", year="2023")}
    assert in_2023[SECOND_SITE] == 1
    copy = copies[0]
    page = get(two_sites, f"/danvan/articles/{copy['id']}").text
    assert f'href="/danvan/articles/{copy["duplicate_of"]}">gialai</a> (bản đầu tiên / first copy)' in page
    first_page = get(two_sites, f"/danvan/articles/{copy['duplicate_of']}").text
    assert f'href="/danvan/articles/{copy["id"]}">{SECOND_SITE}</a>' in first_page
    assert "danvan-copies" not in get(two_sites, "/danvan/articles/2").text    # on one site only


def test_canned_queries_take_a_site_and_count_a_republished_article_once(datasette, two_sites):
    def by_key(found):
        return {(r["year"], r["qualifier"]): (r["mentions"], r["sum_value_vnd"]) for r in found}

    one_site = by_key(rows(datasette, "/danvan/money_by_year.json", currency="", site=""))
    every = by_key(rows(two_sites, "/danvan/money_by_year.json", currency="", site=""))
    # the republished articles add nothing to every site; the second site's own article adds its 3 tỷ in 2023
    assert {k: v for k, v in every.items() if k != (2023, "over")} == \
        {k: v for k, v in one_site.items() if k != (2023, "over")}
    before = one_site.get((2023, "over"), (0, 0))
    assert every[(2023, "over")] == (before[0] + 1, before[1] + 3_000_000_000)
    assert by_key(rows(two_sites, "/danvan/money_by_year.json", currency="", site="gialai")) == one_site
    second = by_key(rows(two_sites, "/danvan/money_by_year.json", currency="", site=SECOND_SITE))
    assert second[(2023, "over")] == (1, 3_000_000_000) and second[(2020, "exact")] == (1, 150_000_000)
    over_time = rows(two_sites, "/danvan/document_over_time.json", key="62-KL/TW", site=SECOND_SITE)
    assert {r["year"]: r["citations"] for r in over_time} == {2020: 1, 2023: 1}
    everywhere = rows(two_sites, "/danvan/document_over_time.json", key="62-KL/TW", site="")
    assert {r["year"]: r["citations"] for r in everywhere}[2020] == 1            # counted once
    found = rows(two_sites, "/danvan/search.json", q="doan thanh nien", site=SECOND_SITE)
    assert found and {r["site"] for r in found} == {SECOND_SITE}
    assert {r["site"] for r in rows(two_sites, "/danvan/search.json", q="doan thanh nien", site="")} == \
        {"gialai", SECOND_SITE}
    evidence = rows(two_sites, "/danvan/evidence_search.json", term="ho ngheo", site=SECOND_SITE)
    assert evidence and {r["site"] for r in evidence} == {SECOND_SITE}
    named = rows(two_sites, "/danvan/articles_mentioning_organization.json", organization="doan thanh nien",
                 site=SECOND_SITE)
    assert named and {r["site"] for r in named} == {SECOND_SITE}


def test_charts_take_sites_and_compare_them(db_path, two_sites_db, two_sites):
    import sqlite3
    from contextlib import closing

    from pipeline.datasette_plugins.charts import activity_money_chart, citations_chart, money_chart

    with closing(sqlite3.connect(db_path)) as one, closing(sqlite3.connect(two_sites_db)) as two:
        # every site: a republished article counts once, so only the second site's own 2023 article adds bars
        for draw in (money_chart, activity_money_chart):
            alone, both = draw(one), draw(two)

            def bars(chart):
                found = {(s.name, x): b for s in chart.series for x, b in zip(chart.x_labels, s.bars) if b}
                return {key: b for key, b in found.items() if key[1] != "2023"}, found

            assert bars(both)[0] == bars(alone)[0]
            if draw is money_chart:
                over = ("trên, hơn / over", "2023")
                assert bars(both)[1][over][1] == bars(alone)[1].get(over, (0, 0))[1] + 3_000_000_000
            assert draw(two, sites=("gialai",)).series == alone.series
        cited = citations_chart(two, "62-KL/TW", sites=(SECOND_SITE,))
        assert {x: b for x, b in zip(cited.x_labels, cited.series[0].bars) if b} == {"2020": (0, 1), "2023": (0, 1)}
        compared = money_chart(two, compare=True, qualifier="over")
        assert [s.name for s in compared.series] == ["gialai", SECOND_SITE]
        second = dict(zip(compared.x_labels, compared.series[1].bars))
        assert second["2023"] == (0, 3_000_000_000)
        activity = activity_money_chart(two, compare=True, sites=("gialai", SECOND_SITE))
        assert [s.name for s in activity.series] == ["gialai", SECOND_SITE]
        assert all(any(s.bars) for s in activity.series)
    page = get(two_sites, "/-/danvan/charts", site=["gialai", SECOND_SITE], qualifier="over").text
    assert f"{SECOND_SITE} 2023: 3 tỷ đồng" in page and "money by year and site" in page
    assert page.count(f'name="site" value="{SECOND_SITE}" checked') == 1
    alone = get(two_sites, "/-/danvan/charts", site=SECOND_SITE, document="62-KL/TW").text
    assert "62-KL/TW 2023: 1" in alone and "62-KL/TW 2021" not in alone
    assert f"money_by_year?currency=VND&amp;site={SECOND_SITE}" in alone
