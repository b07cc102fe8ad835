"""`danvan build`: archive → articles → facts → database; duplicates merged, idempotent, rebuildable."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

from local_site import Article, Served, small_site
from scrapers.errors import DatabaseError
from pipeline.options import Options
from scrapers.archive import read_fetch_log, run_log, utc_now
from scrapers.crawl import crawl
from scrapers.http import ClientSettings

REPO = Path(__file__).resolve().parent.parent
FAST = ClientSettings(user_agent="danvan-test/0.1 (+https://example.org/danvan)", delay=0, connect_timeout=1,
                      read_timeout=2, retries=1, backoff=0.01, max_retry_wait=0.1)

parse = pytest.importorskip("scrapers.parse")
if not hasattr(parse, "parse_article"):
    pytest.skip("scrapers.parse.parse_article is not there yet", allow_module_level=True)

LIVE = "https://bandanvan.gialai.gov.vn"   # the origin of the gialai profile

TEXT = ("Thực hiện Kết luận 62-KL/TW ngày 08/12/2009 của Bộ Chính trị, Ủy ban MTTQ Việt Nam huyện "
        "Chư Sê đã vận động trên 2 tỷ đồng, xây dựng 30 căn nhà cho hộ nghèo.")


def make_site():
    site = small_site(2, categories=("Tin-hoat-dong",))
    original = site.add(Article(slug="Xay-nha-cho-ho-ngheo", category="Tin-hoat-dong", title="Xây nhà cho hộ nghèo",
                                published="20/04/2020", paragraphs=(TEXT,)))
    site.add(Article(slug="Xay-nha-cho-ho-ngheo", category="Dan-van-kheo", title=original.title,
                     published=original.published, paragraphs=original.paragraphs))        # same article, 2nd URL
    site.add(Article(slug="Dang-cap-nhat", category="Dan-van-kheo", title="Đang cập nhật", published="19/04/2020",
                     paragraphs=(), author=""))                                            # a placeholder
    site.categories["Tin-hoat-dong"].append("/Tin-hoat-dong/Da-xoa.aspx")                 # listed, answers 404
    site.articles["/Tin-hoat-dong/Da-xoa.aspx"] = Article(slug="Da-xoa", category="Tin-hoat-dong", title="Đã xoá",
                                                          published="01/01/2020", paragraphs=("x",))
    site.faults["/Tin-hoat-dong/Da-xoa.aspx"] = [404, 404, 404]
    return site, original


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("data")
    site, original = make_site()
    with Served(site) as served:
        crawl(Options(data_dir=data_dir, base_url=served.base_url, delay=0), settings=FAST)
    return data_dir, served.base_url, original


def dump(db_path, skip_columns=()) -> dict:
    db = sqlite_utils.Database(db_path)
    out = {}
    for table in db.table_names():
        if table.startswith("articles_fts"):
            continue
        rows = db.execute(f"select * from [{table}] order by rowid").fetchall()
        columns = [c.name for c in db[table].columns]
        keep = [i for i, c in enumerate(columns) if c not in skip_columns]
        out[table] = [tuple(row[i] for i in keep) for row in rows]
    return out


def build_once(options):
    from pipeline.build import build

    return build(options)


def test_build_loads_articles_merges_duplicates_records_rejections_and_fetches(crawled, tmp_path):
    data_dir, base_url, original = crawled
    options = Options(data_dir=data_dir, rebuild=True)
    summary = build_once(options)
    db = sqlite_utils.Database(options.db_path)
    urls = {row["url"] for row in db["articles"].rows}
    assert summary.articles == 3 and summary.duplicates == 1 and summary.rejected == 1
    # fetched from a loopback test server: `url` is the same page on the live site, `fetched_from` what was fetched
    assert urls == {LIVE + "/Tin-hoat-dong/Bai-viet-so-1.aspx", LIVE + "/Tin-hoat-dong/Bai-viet-so-2.aspx",
                    LIVE + original.path}
    assert {row["fetched_from"] for row in db["articles"].rows} == {url.replace(LIVE, base_url) for url in urls}
    [merged] = [row for row in db["articles"].rows if row["url"].endswith(original.path)]
    assert merged["title"] == original.title and merged["published_on"] == "2020-04-20"
    assert merged["content_sha256"] and merged["fetched_at"].startswith("20")
    assert {row["url"] for row in db["article_urls"].rows_where("article_id = ?", [merged["id"]])} == {
        LIVE + original.path, LIVE + "/Dan-van-kheo/Xay-nha-cho-ho-ngheo.aspx"}
    assert json.loads(merged["other_urls"]) == [LIVE + "/Dan-van-kheo/Xay-nha-cho-ho-ngheo.aspx"]
    assert [row["url"] for row in db["rejected_pages"].rows] == [LIVE + "/Dan-van-kheo/Dang-cap-nhat.aspx"]
    assert db["fetches"].count == len(read_fetch_log(data_dir / "raw"))
    assert db.execute("select count(*) from fetches where status = 404").fetchone()[0] >= 1
    [run] = list(db["runs"].rows)
    assert run["command"] == "crawl" and run["status"] == "ok"
    assert {row["run_id"] for row in db["fetches"].rows} == {run["id"]}
    from extractors import extract
    from pipeline.db import FACT_TABLES

    assert TEXT in merged["text"]
    expected = extract(merged["text"])
    for kind, (table, _) in FACT_TABLES.items():
        stored = db.execute(f"select count(*) from [{table}] where article_id = ?", [merged["id"]]).fetchone()[0]
        assert stored == len(expected[kind]), kind


def test_building_twice_changes_nothing_and_rebuild_gives_the_same_rows(crawled, tmp_path):
    data_dir, _, _ = crawled
    options = Options(data_dir=data_dir)
    build_once(options.with_(rebuild=True))
    first = dump(options.db_path)
    again = build_once(options)
    assert again.loaded == 0 and again.unchanged == 3 and again.fetches_recorded == 0
    assert dump(options.db_path) == first
    first_without_load_times = dump(options.db_path, skip_columns={"loaded_at"})
    rebuilt = build_once(options.with_(rebuild=True))
    assert rebuilt.loaded == 3
    assert dump(options.db_path, skip_columns={"loaded_at"}) == first_without_load_times


def test_an_interrupted_crawl_is_a_run_too(crawled, tmp_path):
    data_dir, _, _ = crawled
    copy = tmp_path / "data"
    subprocess.run(["cp", "-r", str(data_dir), str(copy)], check=True)
    (copy / "danvan.db").unlink(missing_ok=True)
    with run_log(copy / "raw") as runs:
        runs({"run_id": "killed-run", "event": "start", "command": "crawl", "at": utc_now()})
    build_once(Options(data_dir=copy))
    db = sqlite_utils.Database(copy / "danvan.db")
    assert sorted(row["status"] for row in db["runs"].rows) == ["interrupted", "ok"]


def test_build_without_an_archive_says_so(tmp_path):
    with pytest.raises(DatabaseError, match=r"no archive in .*`(make|\S*danvan) crawl"):   # what to run, as printed
        build_once(Options(data_dir=tmp_path))


def test_build_command_line(crawled):
    data_dir, _, _ = crawled
    result = subprocess.run([sys.executable, "-m", "pipeline", "build", "--data-dir", str(data_dir), "--quiet"],
                            capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("build: 3 articles")


def test_changed_extractors_mean_extracting_again(crawled, monkeypatch):
    import pipeline.build

    data_dir, _, _ = crawled
    options = Options(data_dir=data_dir)
    build_once(options)
    assert build_once(options).loaded == 0
    monkeypatch.setattr(pipeline.build, "extractors_fingerprint", lambda: "changed")
    assert build_once(options).loaded == 3
    assert build_once(options).loaded == 0


def test_build_command_refuses_while_another_run_holds_the_data_dir(crawled, capsys):
    from pipeline.cli import main
    from scrapers.lock import data_dir_lock

    data_dir, _, _ = crawled
    with data_dir_lock(data_dir, "nightly"):
        assert main(["build", "--data-dir", str(data_dir), "--quiet"]) == 75
    assert "in use" in capsys.readouterr().err


def test_build_streams_a_batch_at_a_time(crawled, tmp_path, monkeypatch):
    """Pages are parsed, then loaded, a batch at a time: never more than a batch parsed ahead of loading."""
    import pipeline.build
    import pipeline.load
    import scrapers.parse

    data_dir, _, _ = crawled
    steps = []
    parse, load = scrapers.parse.parse_article, pipeline.load.load_article

    def parse_and_note(body, url, profile):
        steps.append("parse")
        return parse(body, url, profile)

    def load_and_note(db, article, facts, **kwargs):
        steps.append("load")
        return load(db, article, facts, **kwargs)

    monkeypatch.setattr(scrapers.parse, "parse_article", parse_and_note)
    monkeypatch.setattr(pipeline.load, "load_article", load_and_note)
    monkeypatch.setattr(pipeline.build, "BATCH_PAGES", 1)
    summary = build_once(Options(data_dir=data_dir, database=tmp_path / "streamed.db"))
    assert summary.loaded == 3 and steps.count("parse") == summary.pages
    loads = [i for i, step in enumerate(steps) if step == "load"]
    assert all(steps[i - 1] == "parse" for i in loads)   # loaded right after its own parse
    assert loads[0] < len(steps) - 2                      # the first load comes before the last parse


PUBLIC_URLS = [   # (fetched URL, the URL kept in `url`) under the gialai profile
    ("http://127.0.0.1:8123/Tin-hoat-dong/Bai.aspx", LIVE + "/Tin-hoat-dong/Bai.aspx"),
    ("http://localhost:9000/Dan-van-kheo/Bai.aspx?id=3", LIVE + "/Dan-van-kheo/Bai.aspx?id=3"),
    ("http://[::1]:8000/Tin-hoat-dong/Bai.aspx", LIVE + "/Tin-hoat-dong/Bai.aspx"),
    ("http://127.0.0.2/Tin-hoat-dong/Bai.aspx", LIVE + "/Tin-hoat-dong/Bai.aspx"),
]
PUBLIC_URLS_UNCHANGED = [   # fetched elsewhere than this machine: kept as fetched
    "https://bandanvan.gialai.gov.vn/Tin-hoat-dong/Bai.aspx",
    "http://synthetic.bench.invalid/Tin-hoat-dong/Bai.aspx",
    "http://10.0.0.5:8000/Tin-hoat-dong/Bai.aspx",
    "http://127.0.0.1.example.org/Tin-hoat-dong/Bai.aspx",
]


@pytest.mark.parametrize("fetched, public", PUBLIC_URLS + [(url, url) for url in PUBLIC_URLS_UNCHANGED])
def test_public_url_of_a_page_fetched_from_this_machine(fetched, public):
    from scrapers.profile import load_profile

    assert load_profile("gialai").public_url(fetched) == public


def test_a_loopback_site_keeps_its_own_urls():
    from scrapers.profile import load_profile

    mirror = load_profile("gialai").with_base_url("http://127.0.0.1:8123")
    assert mirror.public_url("http://127.0.0.1:8123/Tin-hoat-dong/Bai.aspx") == "http://127.0.0.1:8123/Tin-hoat-dong/Bai.aspx"


@pytest.fixture(scope="module")
def two_sites_crawled(tmp_path_factory):
    """Two loopback sites (two ports, two profiles) publishing the same four articles, in one archive; the first
    also lists its first article at a second URL, the second has one article of its own."""
    import yaml
    from urllib.parse import urlsplit

    from scrapers.profile import SITES_DIR, site_name_for

    tmp = tmp_path_factory.mktemp("two-sites")
    data_dir = tmp / "data"
    first_site, second_site = small_site(2), small_site(2)
    first = next(iter(first_site.articles.values()))
    first_site.add(Article(slug=first.slug, category="Dan-van-kheo", title=first.title, published=first.published,
                           paragraphs=first.paragraphs))                                  # same site, 2nd URL
    second_site.add(Article(slug="Bai-rieng", category="Dan-van-kheo", title="Bài riêng của trang thứ hai",
                            published="10/05/2021", paragraphs=(TEXT,)))
    names = []
    with Served(first_site) as one, Served(second_site) as two:
        for served in (one, two):
            profile = yaml.safe_load((SITES_DIR / "gialai.yaml").read_text(encoding="utf-8"))
            names.append(site_name_for(served.base_url))
            profile.update(name=names[-1], base_url=served.base_url, allowed_hosts=[urlsplit(served.base_url).netloc])
            path = tmp / f"{urlsplit(served.base_url).port}.yaml"
            path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
            crawl(Options(data_dir=data_dir, site=str(path), delay=0, quiet=True, progress=False), settings=FAST)
    return data_dir, names


def test_the_same_article_on_two_sites_is_one_row_per_site_linked_not_merged(two_sites_crawled, tmp_path):
    from pipeline.build import build
    from pipeline.cluster import InProcess
    from scrapers.archive import noted_responses, warc_files

    data_dir, (first, second) = two_sites_crawled
    # the first copy is the one archived first: the site of the first file (two crawls in one second are
    # ordered by their run ids)
    earlier = noted_responses(warc_files(data_dir / "raw")[0])[0]
    later = second if earlier == first else first
    assert earlier in (first, second)
    options = Options(data_dir=data_dir, database=tmp_path / "danvan.db", progress=False, quiet=True)
    summary = build(options)
    assert (summary.loaded, summary.duplicates, summary.copies, summary.rejected) == (9, 1, 4, 0)
    assert "4 also on another site (linked, not merged)" in summary.line()
    db = sqlite_utils.Database(options.db_path)
    rows = {r["id"]: r for r in db.query("select id, site, url, content_sha256, duplicate_of, other_urls from articles")}
    by_site = {site: [r for r in rows.values() if r["site"] == site] for site in (first, second)}
    assert [len(by_site[first]), len(by_site[second])] == [4, 5]
    assert [r["duplicate_of"] for r in by_site[earlier]] == [None] * len(by_site[earlier])   # the first copies
    linked = [r for r in by_site[later] if r["duplicate_of"] is not None]
    assert len(linked) == 4 and len(by_site[later]) - len(linked) == (1 if later == second else 0)
    for copy in linked:
        original = rows[copy["duplicate_of"]]
        assert original["site"] == earlier and original["content_sha256"] == copy["content_sha256"]
        assert copy["url"] != original["url"]                                    # its own URL, not merged in
        assert copy["url"] not in (original["other_urls"] or "") and original["url"] not in (copy["other_urls"] or "")
    assert sum(1 for r in by_site[first] if r["other_urls"]) == 1              # the same site's 2nd URL, merged
    facts = dict(db.execute("select site, count(*) from money group by site").fetchall())
    assert facts[first] == 4 and facts[second] == 5                          # each row keeps its own facts
    assert db.execute("select count(*) from money m join articles a on a.id = m.article_id "
                      "where m.site is not a.site").fetchone()[0] == 0
    assert db.execute("select count(*) from distinct_articles").fetchone()[0] == 5
    assert db.execute("select sites, also_on from distinct_articles where sites > 1").fetchall() == [(2, later)] * 4
    db.close()

    class OnePagePerTask(InProcess):   # the loading order of a cluster build: many tasks, results in task order
        pages_per_task = 1

    split = Options(data_dir=data_dir, database=tmp_path / "split.db", progress=False, quiet=True)
    assert build(split, executor=OnePagePerTask()).loaded == 9
    assert dump(split.db_path, {"loaded_at"}) == dump(options.db_path, {"loaded_at"})
    again = build(options)
    assert (again.loaded, again.unchanged, again.copies) == (0, 9, 4)
