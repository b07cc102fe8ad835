"""Sites in the data: the central board's profile against its mirror, several sites in one archive, incremental crawls
of every family, and the `sites` table."""

from __future__ import annotations

import sqlite3
from datetime import timedelta, timezone
from urllib.parse import urlsplit

import pytest

from local_site import Served, small_site
from pipeline.build import build
from pipeline.options import Options
from scrapers.archive import iter_responses, read_fetch_log, read_run_log
from scrapers.crawl import crawl
from scrapers.http import ClientSettings
from scrapers.parse import clean

central = pytest.importorskip("scrapers.mirror.central", reason="the family-C mirror is not in this tree")
from scrapers.mirror.server import serve_mirror  # noqa: E402 (after the skip)

UA = "danvan-test/0.1 (+https://example.org/danvan)"
FAST = ClientSettings(user_agent=UA, delay=0, connect_timeout=1, read_timeout=2, total_timeout=5, retries=1,
                      backoff=0.01, max_retry_wait=0.1)
VIETNAM = timezone(timedelta(hours=7))


def options(data_dir, site, base_url, **changes) -> Options:
    return Options(data_dir=data_dir, site=site, base_url=base_url, delay=0, quiet=True, progress=False, **changes)


def counted_requests(data_dir, run_id) -> int:
    return sum(1 for row in read_fetch_log(data_dir / "raw") if row["run_id"] == run_id)


@pytest.fixture(scope="module")
def central_crawled(tmp_path_factory):
    """The central board's mirror crawled with the shipped profile, then crawled again unchanged, then built."""
    data_dir = tmp_path_factory.mktemp("central")
    with serve_mirror(family="central") as mirror:
        first = crawl(options(data_dir, "tuyengiaodanvan", mirror.base_url), settings=FAST)
        before = len(mirror.requests)
        second = crawl(options(data_dir, "tuyengiaodanvan", mirror.base_url), settings=FAST)
        served_second = mirror.requests[before:]
        refreshed = crawl(options(data_dir, "tuyengiaodanvan", mirror.base_url, refresh=True), settings=FAST)
    summary = build(options(data_dir, "gialai", None))
    return data_dir, mirror.base_url, first, second, refreshed, summary, served_second


def test_the_central_profile_finds_every_approved_article_of_its_mirror_with_exact_titles_and_dates(central_crawled):
    data_dir, _, first, _, _, summary, _ = central_crawled
    site = central.load_central()
    wanted = {b.page_path: (b.title, b.published.astimezone(VIETNAM).date().isoformat(), b.author)
              for b in site.blogs if b.is_article}
    with sqlite3.connect(data_dir / "danvan.db") as db:
        rows = db.execute("select url, title, published_on, author, site, text from articles").fetchall()
    got = {urlsplit(url).path: (title, published_on, author) for url, title, published_on, author, _, _ in rows}
    assert got == wanted
    assert {row[4] for row in rows} == {"tuyengiaodanvan"}
    assert summary.rejected == 0 and first.failed == 0
    texts = {urlsplit(row[0]).path: row[5] for row in rows}
    for blog in site.blogs:
        if blog.is_article:
            # split objects read whole; odd spaces made plain as for every body
            assert texts[blog.page_path] == "\n".join(clean(p) for p in blog.paragraphs)
    uploads = {b.upload for b in site.blogs if b.upload}
    drafts = {b.page_path for b in site.blogs if b.status != "approved"}
    fetched = {urlsplit(r.url).path for r in iter_responses(data_dir / "raw")}
    assert uploads and not (uploads & fetched)          # uploads recorded, never fetched
    assert drafts and not (drafts & fetched)            # drafts never asked for
    assert first.attachments == len(uploads)


def test_a_second_crawl_of_the_unchanged_central_site_costs_few_requests_and_refresh_fetches_again(central_crawled):
    data_dir, _, first, second, refreshed, _, served_second = central_crawled
    assert second.articles_new == 0 and len(served_second) <= 10          # as the server counted them
    assert counted_requests(data_dir, second.run_id) == second.requests == len(served_second)
    assert refreshed.articles_refreshed == first.articles_new and refreshed.articles_new == 0


def test_the_sites_table_and_the_run_log_name_the_site(central_crawled):
    data_dir, base_url, *_ = central_crawled
    starts = [e for e in read_run_log(data_dir / "raw") if e.get("event") == "start"]
    assert {(e["site"], e["origin"], e["family"], e["profile"]) for e in starts} == {
        ("tuyengiaodanvan", base_url, "C", "tuyengiaodanvan")}
    with sqlite3.connect(data_dir / "danvan.db") as db:
        rows = db.execute("select name, title, base_url, family, profile, first_crawl < last_crawl, articles "
                          "from sites").fetchall()
        articles = db.execute("select count(*) from articles").fetchone()[0]
    assert rows == [("tuyengiaodanvan", "Ban Tuyên giáo và Dân vận Trung ương", base_url, "C", "tuyengiaodanvan",
                     1, articles)]


def test_one_archive_holds_several_sites_each_parsed_by_its_own_profile(tmp_path):
    data_dir = tmp_path / "data"
    gialai = small_site(2, categories=("Tin-hoat-dong",))
    with Served(gialai) as served, serve_mirror(family="central") as mirror:
        crawl(options(data_dir, "gialai", served.base_url), settings=FAST)
        crawl(options(data_dir, "tuyengiaodanvan", mirror.base_url), settings=FAST)
        again = crawl(options(data_dir, "gialai", served.base_url), settings=FAST)
    assert again.articles_new == 0 and again.requests <= 10
    sites = {r.site for r in iter_responses(data_dir / "raw")}
    assert sites == {"gialai", "tuyengiaodanvan"}
    summary = build(options(data_dir, "gialai", None))
    approved = sum(1 for b in central.load_central().blogs if b.is_article)
    assert summary.rejected == 0 and summary.loaded == 2 + approved
    with sqlite3.connect(data_dir / "danvan.db") as db:
        per_site = dict(db.execute("select site, count(*) from articles group by site").fetchall())
        table = dict(db.execute("select name, articles from sites").fetchall())
        families = dict(db.execute("select name, family from sites").fetchall())
    assert per_site == table == {"gialai": 2, "tuyengiaodanvan": approved}
    assert families == {"gialai": "A", "tuyengiaodanvan": "C"}


def test_one_crawl_command_crawls_several_sites_given_by_path(tmp_path, capsys):
    import yaml

    from pipeline.cli import main
    from postback_site import PROFILE, PostbackSite, ServedPostback
    from scrapers.profile import SITES_DIR

    gialai = small_site(2, categories=("Tin-hoat-dong",))
    postback = PostbackSite(per_page=2)
    for number in (3, 2, 1):
        postback.add(number)
    data_dir = tmp_path / "data"
    with Served(gialai) as served, ServedPostback(postback) as served_postback:
        first = yaml.safe_load((SITES_DIR / "gialai.yaml").read_text(encoding="utf-8"))
        first.update(name="gialai-copy", base_url=served.base_url, allowed_hosts=[urlsplit(served.base_url).netloc],
                     categories=[{"slug": "Tin-hoat-dong", "name": "Tin hoạt động"}])
        second = yaml.safe_load(PROFILE)
        second.update(base_url=served_postback.base_url)
        paths = [tmp_path / "gialai-copy.yaml", tmp_path / "postback.yaml"]
        for path, profile in zip(paths, (first, second)):
            path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
        status = main(["crawl", "--data-dir", str(data_dir), "--site", str(paths[0]), "--site", str(paths[1]),
                       "--delay", "0", "--quiet"])
        out = capsys.readouterr().out.splitlines()
        refused = main(["crawl", "--data-dir", str(data_dir), "--site", str(paths[0]), "--site", str(paths[1]),
                        "--base-url", served.base_url, "--delay", "0", "--quiet"])
        err = capsys.readouterr().err.strip()
    assert status == 0 and [line.split(" (")[0] for line in out] == ["crawl gialai-copy", "crawl postback-test"]
    assert refused == 1 and "single --site" in err and "\n" not in err
    assert postback.refused == [] and postback.count("POST") == 1
    assert main(["build", "--data-dir", str(data_dir), "--quiet"]) == 0
    with sqlite3.connect(data_dir / "danvan.db") as db:
        table = db.execute("select name, family, articles from sites order by name").fetchall()
    assert table == [("gialai-copy", "A", 2), ("postback-test", "B", 3)]


def test_two_sites_with_the_same_paths_on_two_ports_are_two_sites(tmp_path):
    """Same page paths, different sites: what one site archived does not count as archived for the other."""
    import yaml

    from scrapers.profile import SITES_DIR, site_name_for

    data_dir = tmp_path / "data"
    first_site, second_site = small_site(2, ("Tin-hoat-dong",)), small_site(2, ("Tin-hoat-dong",))
    with Served(first_site) as first, Served(second_site) as second:
        paths = []
        for served in (first, second):
            profile = yaml.safe_load((SITES_DIR / "gialai.yaml").read_text(encoding="utf-8"))
            profile.update(name=site_name_for(served.base_url), base_url=served.base_url,
                           allowed_hosts=[urlsplit(served.base_url).netloc],
                           categories=[{"slug": "Tin-hoat-dong", "name": "Tin hoạt động"}])
            paths.append(tmp_path / f"{urlsplit(served.base_url).port}.yaml")
            paths[-1].write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
        crawled = [crawl(options(data_dir, str(path), None), settings=FAST) for path in paths]
        again = [crawl(options(data_dir, str(path), None), settings=FAST) for path in paths]
    assert [c.articles_new for c in crawled] == [2, 2] and [c.articles_new for c in again] == [0, 0]
    assert [c.site for c in crawled] == [site_name_for(first.base_url), site_name_for(second.base_url)]
    assert len(first_site.requests) == len(second_site.requests)
