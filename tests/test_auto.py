"""`--site auto` against board sites of families D and E served on 127.0.0.1: discovery, traps, incrementality,
politeness, and what is (and is not) read as an article."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from auto_site import COMMENT_TEXT, FOOTER_TEXT, RELATED_TEXT, SHARE_TEXT, TAG_TEXT, Post, board_site
from local_site import Served
from pipeline.options import Options
from scrapers.archive import iter_responses, read_fetch_log, read_run_log
from scrapers.auto import crawl_auto
from scrapers.autocrawl import PATIENCE, AutoState
from scrapers.crawl import crawl
from scrapers.errors import InputError
from scrapers.generic import examine
from scrapers.http import ClientSettings

UA = "danvan-test/0.1 (+https://example.org/danvan)"
FAST = ClientSettings(user_agent=UA, delay=0, connect_timeout=1, read_timeout=2, total_timeout=5,
                      retries=1, backoff=0.01, max_retry_wait=0.1, max_bytes=500_000)


def serve(site):
    served = Served(site)
    site.base = served.base_url
    return served


def run(served, data_dir, settings=FAST, **changes):
    options = Options(data_dir=data_dir, site="auto", base_url=served.base_url, delay=0, **changes)
    return crawl(options, settings=settings)


def state_of(data_dir, served) -> AutoState:
    return AutoState(data_dir / "raw", urlsplit(served.base_url).netloc)


def articles_found(data_dir, served) -> dict[str, dict]:
    return {urlsplit(url).path: page for url, page in state_of(data_dir, served).pages.items()
            if page["kind"] == "article"}


# --------------------------------------------------------------------------- family D


def test_family_d_first_crawl_finds_every_article_even_one_only_in_the_sitemap(tmp_path):
    site = board_site("D", 10, hidden=1)
    with serve(site) as served:
        summary = run(served, tmp_path)
    found = articles_found(tmp_path, served)
    assert set(found) == {p.path for p in site.posts}
    hidden = site.posts[-1]
    assert hidden.hidden and hidden.path in found
    assert summary.family == "D" and summary.articles_new == 10
    assert summary.site == urlsplit(served.base_url).netloc          # host:port names the site
    assert {"/sitemap_index.xml", "/sitemap-hoat-dong.xml", "/rss/tin-moi.rss"} <= set(site.requests)
    assert all(found[p.path]["title"] == p.title for p in site.posts)
    assert summary.requests <= 60


def test_family_d_second_crawl_of_an_unchanged_site_costs_at_most_ten_requests(tmp_path):
    site = board_site("D", 10, hidden=1)
    with serve(site) as served:
        run(served, tmp_path)
        site.requests.clear()
        second = run(served, tmp_path)
    assert second.articles_new == 0 and second.articles_refreshed == 0
    assert len(site.requests) <= 10, site.requests
    assert second.requests == len(site.requests)
    assert not site.article_requests()
    assert "/sitemap-hoat-dong.xml" not in site.requests    # same <lastmod> in the index: not fetched again


def test_sitemap_lastmod_drives_the_incremental_crawl(tmp_path):
    site = board_site("D", 10)
    with serve(site) as served:
        run(served, tmp_path)
        fresh = Post(number=11, category="hoat-dong", title="Tuyên dương điển hình dân vận khéo năm 2025",
                     published="2025-04-02", paragraphs=site.posts[0].paragraphs, hidden=True)
        site.posts.append(fresh)
        changed = next(p for p in site.posts if p.category == "dan-van-kheo")   # corrected after publication
        changed.modified = "2025-04-03"
        changed.title = "Hội nghị dân vận khéo (đã sửa)"
        site.requests.clear()
        second = run(served, tmp_path)
    assert "/sitemap-hoat-dong.xml" in site.requests and "/sitemap-dan-van-kheo.xml" in site.requests
    assert "/sitemap-trang.xml" not in site.requests
    assert set(site.article_requests()) == {fresh.path, changed.path}
    assert second.articles_new == 1 and second.articles_refreshed == 1
    assert articles_found(tmp_path, served)[changed.path]["title"] == "Hội nghị dân vận khéo (đã sửa)"


def test_refresh_fetches_the_articles_again(tmp_path):
    site = board_site("D", 4)
    with serve(site) as served:
        run(served, tmp_path)
        site.requests.clear()
        again = run(served, tmp_path, refresh=True)
    assert again.articles_refreshed == 4
    assert set(site.article_requests()) == {p.path for p in site.posts}


def test_feed_announced_in_the_page_is_read(tmp_path):
    site = board_site("D", 6, hidden=1)
    site.with_sitemap = False          # the article hidden from listings is only in the feed now
    with serve(site) as served:
        summary = run(served, tmp_path)
    assert "/rss/tin-moi.rss" in site.requests
    assert summary.feed_entries == 5 and summary.sitemap_pages == 0
    assert site.posts[-1].path in articles_found(tmp_path, served)


# --------------------------------------------------------------------------- family E


TRAPS = ("print=", "tmpl=", "/trang-in-", "/tag/", "/tim-kiem", "/lich")


def test_family_e_link_crawl_ends_within_its_limits_despite_the_traps(tmp_path):
    site = board_site("E", 10)
    with serve(site) as served:
        summary = run(served, tmp_path)
    assert summary.family == "E" and summary.sitemap_pages == 0
    assert set(articles_found(tmp_path, served)) == {p.path for p in site.posts}
    assert not [r for r in site.requests if any(trap in r for trap in TRAPS)]
    assert not [r for r in site.requests if "sid=" in r]                       # session ids dropped
    assert len([r for r in site.requests if r.startswith("/su-kien/")]) <= PATIENCE   # calendar known by shape only
    assert summary.traps_left > 0
    assert summary.requests <= 60
    paths = [urlsplit(r).path + ("?" + urlsplit(r).query if urlsplit(r).query else "") for r in site.requests]
    assert len(paths) == len(set(paths))          # no page asked for twice


def test_family_e_second_crawl_costs_at_most_ten_requests_and_finds_a_new_article(tmp_path):
    site = board_site("E", 10)
    with serve(site) as served:
        run(served, tmp_path)
        site.requests.clear()
        unchanged = run(served, tmp_path)
        assert len(site.requests) <= 10 and unchanged.articles_new == 0
        fresh = Post(number=12, category="dan-van-kheo", title="Mô hình dân vận khéo ở xã Ia Blang",
                     published="2025-04-20", paragraphs=site.posts[0].paragraphs)
        site.posts.append(fresh)
        site.requests.clear()
        third = run(served, tmp_path)
    assert third.articles_new == 1
    assert site.article_requests() == [fresh.path]


def test_listing_tag_and_static_pages_are_not_articles(tmp_path):
    site = board_site("E", 7)
    with serve(site) as served:
        run(served, tmp_path)
    kinds = {urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else ""): page["kind"]
             for url, page in state_of(tmp_path, served).pages.items()}
    assert kinds["/"] != "article"
    assert kinds["/chuyen-muc/hoat-dong"] == "listing"
    assert kinds["/gioi-thieu.html"] == "static" and kinds["/lien-he.html"] == "static"
    assert {k for k, v in kinds.items() if v == "article"} == {p.path for p in site.posts}
    tag = examine(site.tag_page("dan-van-kheo"), served.base_url + "/tag/dan-van-kheo")
    assert tag.kind == "listing" and tag.article is None


@pytest.mark.parametrize("family", ["D", "E"])
def test_articles_read_with_exact_fields_and_bodies_free_of_page_furniture(family):
    site = board_site(family, 5)
    site.base = "http://127.0.0.1:9"
    for post in site.posts:
        verdict = examine(site.article_page(post).encode(), site.base + post.path)
        article = verdict.article
        assert verdict.kind == "article", verdict.reason
        assert article.title == post.title
        assert article.published_on == post.published
        assert article.author == post.author
        assert article.category in ("Tin hoạt động", "Dân vận khéo")
        assert article.text.split("\n") == list(post.paragraphs)
        for furniture in (SHARE_TEXT, RELATED_TEXT, COMMENT_TEXT, FOOTER_TEXT, TAG_TEXT, "In bài", "Xem nhiều"):
            assert furniture not in article.text


# --------------------------------------------------------------------------- politeness and bad answers


def test_robots_delay_and_user_agent_are_kept(tmp_path):
    site = board_site("E", 6)
    site.robots = "User-agent: *\nDisallow: /chuyen-muc/dan-van-kheo\n"
    polite = ClientSettings(user_agent=UA, delay=0.05, connect_timeout=1, read_timeout=2, total_timeout=5,
                            retries=0, backoff=0.01, max_retry_wait=0.1)
    with serve(site) as served:
        summary = run(served, tmp_path, settings=polite)
    assert site.requests[0] == "/robots.txt"
    assert not [r for r in site.requests if r.startswith("/chuyen-muc/dan-van-kheo")]
    assert summary.robots_blocked >= 1
    assert set(site.user_agents) == {UA}
    gaps = [b - a for a, b in zip(site.times, site.times[1:])]
    assert min(gaps) >= 0.05          # one request at a time, the delay between two
    fetches = read_fetch_log(tmp_path / "raw")
    assert len(fetches) == summary.requests
    archived = {urlsplit(r.url).path for r in iter_responses(tmp_path / "raw")}
    assert {"/robots.txt", "/"} <= archived and {p.path for p in site.posts if p.category == "hoat-dong"} <= archived
    start = [e for e in read_run_log(tmp_path / "raw") if e.get("event") == "start"][0]
    assert start["site"] == summary.site and start["profile"] == "auto"


def test_failing_pages_are_counted_and_the_crawl_goes_on(tmp_path):
    site = board_site("E", 6)
    broken = site.posts[0].path
    site.faults[broken] = 500
    with serve(site) as served:
        summary = run(served, tmp_path)
    assert summary.failed == 1 and summary.failures[0]["status"] == 500
    assert set(articles_found(tmp_path, served)) == {p.path for p in site.posts} - {broken}


def test_max_pages_stops_the_crawl_and_the_next_one_goes_on(tmp_path):
    site = board_site("E", 8)
    with serve(site) as served:
        first = run(served, tmp_path, max_pages=6)
        assert first.stopped and first.requests <= 7          # robots.txt + 6 pages
        run(served, tmp_path)
    assert set(articles_found(tmp_path, served)) == {p.path for p in site.posts}


def test_auto_needs_an_origin(tmp_path):
    with pytest.raises(InputError, match="--base-url"):
        crawl(Options(data_dir=tmp_path, site="auto"), settings=FAST)
    with pytest.raises(InputError, match="--since"):
        crawl(Options(data_dir=tmp_path, site="auto", base_url="http://127.0.0.1:9", since="2025-01-01"),
              settings=FAST)
    with pytest.raises(InputError, match="only for local mirrors"):
        crawl_auto(Options(data_dir=tmp_path, site="auto", base_url="https://example.org", delay=0), settings=FAST)


@pytest.mark.parametrize("body", [b"", b"\x00\x01\x02\xff" * 100, b"<html><body></body></html>", "<p>x</p>" * 5000])
def test_pages_with_nothing_of_an_article_are_not_articles(body):
    verdict = examine(body, "http://127.0.0.1:9/x-12345.html")
    assert verdict.kind != "article" and verdict.article is None


def test_build_loads_the_articles_of_an_auto_site_and_records_the_other_pages(tmp_path):
    import sqlite3

    from pipeline.cli import main

    site = board_site("D", 5, hidden=1)
    with serve(site) as served:
        run(served, tmp_path)
    assert main(["build", "--data-dir", str(tmp_path), "--quiet"]) == 0
    db = sqlite3.connect(tmp_path / "danvan.db")
    rows = db.execute("select site, url, title, published_on, author from articles").fetchall()
    name = urlsplit(served.base_url).netloc
    assert {(r[0], urlsplit(r[1]).path, r[2], r[3], r[4]) for r in rows} == {
        (name, p.path, p.title, p.published, p.author) for p in site.posts}
    rejected = {urlsplit(url).path for (url,) in db.execute("select url from rejected_pages")}
    assert {"/", "/chuyen-muc/hoat-dong", "/gioi-thieu.html"} <= rejected
    assert db.execute("select base_url from sites where name = ?", [name]).fetchone() == (served.base_url,)


def test_a_postback_site_is_handed_to_the_family_b_reader(tmp_path):
    from postback_site import LISTING, PostbackSite, ServedPostback

    site = PostbackSite()
    paths = [site.add(n, title=f"Hội nghị dân vận khéo của huyện số {n}") for n in range(1, 9)]
    with ServedPostback(site) as served:
        first = crawl(Options(data_dir=tmp_path, site="auto", base_url=served.base_url + LISTING, delay=0),
                      settings=FAST)
        site.requests.clear()
        second = crawl(Options(data_dir=tmp_path, site="auto", base_url=served.base_url + LISTING, delay=0),
                       settings=FAST)
    archived = {urlsplit(r.url).path for r in iter_responses(tmp_path / "raw") if r.status == 200}
    assert set(paths) <= archived and not site.refused
    assert first.requests <= 30
    assert second.articles_new == 0 and len(site.requests) <= 10
    assert any(e.get("family") == "B" for e in read_run_log(tmp_path / "raw") if e.get("event") == "start")


def test_robots_txt_answering_503_stops_before_anything_else(tmp_path):
    from scrapers.errors import FetchError

    site = board_site("E", 3)
    site.faults["/robots.txt"] = 503
    with serve(site) as served:
        with pytest.raises(FetchError, match="503"):
            run(served, tmp_path)
    assert set(site.requests) == {"/robots.txt"}


def test_site_init_on_a_site_with_nothing_to_read_is_a_one_line_error(tmp_path, capsys):
    from pipeline.cli import main

    site = board_site("E", 0)
    site.faults["/"] = 404
    with serve(site) as served:
        status = main(["site", "init", served.base_url, "--data-dir", str(tmp_path), "--delay", "0"])
    err = capsys.readouterr().err
    assert status == 1 and "no page could be read" in err and err.count("\n") == 1
    assert not (tmp_path / "sites").exists() or not list((tmp_path / "sites").glob("*.yaml"))


@pytest.mark.parametrize("damage", [
    b"{not json", b"\xff\xfe\x00", b"[]", b'{"pages": []}',
    b'{"pages": {"http://x/a": "article", "http://x/b": {"kind": 3}}, "hubs": [1, null], "feeds": {"a": 1},'
    b' "sitemaps": {"http://x/s.xml": 5}, "pending": [["http://x/c", "deep"], 7], "shape": {"with_id": "many"}}',
])
def test_a_damaged_state_file_loses_nothing(tmp_path, damage):
    site = board_site("E", 5)
    with serve(site) as served:
        state = state_of(tmp_path, served)
        state.path.parent.mkdir(parents=True)
        state.path.write_bytes(damage)
        summary = run(served, tmp_path)
    assert summary.articles_new == 5
    assert set(articles_found(tmp_path, served)) == {p.path for p in site.posts}


def test_crawl_command_with_site_auto_prints_its_summary(tmp_path, capsys):
    import json

    from pipeline.cli import main

    site = board_site("D", 4)
    with serve(site) as served:
        status = main(["crawl", "--site", "auto", "--base-url", served.base_url, "--delay", "0", "--json",
                       "--data-dir", str(tmp_path)])
        line = main(["crawl", "--site", "auto", "--base-url", served.base_url, "--delay", "0",
                     "--data-dir", str(tmp_path)])
    out = capsys.readouterr().out.splitlines()
    summary = json.loads(out[0])
    assert status == 0 and line == 0
    assert summary["family"] == "D" and summary["articles_new"] == 4 and summary["site"] == urlsplit(served.base_url).netloc
    assert out[1].startswith(f"crawl {summary['site']} ({served.base_url}, auto): ") and "0 new articles" in out[1]


def test_a_listing_that_is_gone_is_not_revisited(tmp_path):
    site = board_site("E", 6)
    with serve(site) as served:
        run(served, tmp_path)
        site.faults["/chuyen-muc/dan-van-kheo"] = 404
        run(served, tmp_path)
        site.requests.clear()
        third = run(served, tmp_path)
    assert "/chuyen-muc/dan-van-kheo" not in site.requests and third.not_found == 0
    assert "/chuyen-muc/hoat-dong" in site.requests


def test_a_category_of_few_items_is_revisited_and_its_new_article_found(tmp_path):
    site = board_site("E", 4)            # two items per category: its page reads as a static page
    with serve(site) as served:
        run(served, tmp_path)
        assert state_of(tmp_path, served).pages[served.base_url + "/chuyen-muc/hoat-dong"]["kind"] == "static"
        older = Post(number=9, category="dan-van-kheo", title="Bài cũ mới đăng lại về dân vận khéo ở xã Ia Pal",
                     published="2025-01-05", paragraphs=site.posts[0].paragraphs)
        site.posts.append(older)         # listed by its category only (not among the home page's newest)
        site.requests.clear()
        again = run(served, tmp_path)
    assert again.articles_new == 1 and site.article_requests() == [older.path]
    assert len(site.requests) <= 10


def test_the_home_page_is_decoded_once(tmp_path, monkeypatch):
    import scrapers.autocrawl
    import scrapers.discover
    import scrapers.generic
    from bs4 import BeautifulSoup

    site = board_site("D", 3)
    home = site.home().encode("utf-8")
    decoded = []
    original_decode = scrapers.autocrawl.decode_body

    def counting_decode(body, *rest):
        decoded.append(body)
        return original_decode(body, *rest)

    for module in (scrapers.autocrawl, scrapers.generic, scrapers.discover):
        if hasattr(module, "decode_body"):
            monkeypatch.setattr(module, "decode_body", counting_decode)
    original_init = BeautifulSoup.__init__

    def counting(self, markup="", *args, **kwargs):   # a page given to BeautifulSoup as bytes is decoded there
        decoded.append(markup)
        original_init(self, markup, *args, **kwargs)

    monkeypatch.setattr(BeautifulSoup, "__init__", counting)
    with serve(site) as served:
        summary = run(served, tmp_path)
    assert summary.articles_new == 3
    assert decoded.count(home) == 1


def test_a_named_auto_site_keeps_its_state_when_served_on_another_port(tmp_path):
    import json

    from scrapers.auto import crawl_site

    site = board_site("D", 6)

    def crawl_named(served):
        options = Options(data_dir=tmp_path, site="auto", base_url=served.base_url, delay=0)
        return crawl_site(options, settings=FAST, name="board")

    with serve(site) as served:
        first = crawl_named(served)
    assert first.articles_new == 6
    with serve(site) as served:   # the same site on another port: what was seen counts
        site.requests.clear()
        second = crawl_named(served)
    assert (second.articles_new, second.already_archived) == (0, 6)
    assert not {p.path for p in site.posts} & set(site.requests)
    path = tmp_path / "raw" / "auto-state" / "board.json"
    state = json.loads(path.read_text(encoding="utf-8"))
    assert state["origin"] == served.base_url
    del state["origin"]            # a file written before the origin was kept
    path.write_text(json.dumps(state), encoding="utf-8")
    with serve(site) as served:
        third = crawl_named(served)
    assert (third.articles_new, third.already_archived) == (0, 6)
    assert set(AutoState(tmp_path / "raw", "board").pages) >= {served.base_url + p.path for p in site.posts}


def test_a_named_site_handed_to_its_drafted_profile_is_crawled_where_it_is_served_now(tmp_path):
    from postback_site import LISTING, PostbackSite, ServedPostback

    from scrapers.auto import crawl_site

    site = PostbackSite()
    paths = [site.add(n, title=f"Hội nghị dân vận khéo của huyện số {n}") for n in range(1, 5)]
    for _ in range(2):   # the second time on another port: the drafted profile is read there, not at the old port
        with ServedPostback(site) as served:
            site.requests.clear()
            summary = crawl_site(Options(data_dir=tmp_path, site="auto", base_url=served.base_url + LISTING,
                                         delay=0), settings=FAST, name="board")
        assert summary.origin == served.base_url and summary.failed == 0 and site.requests
    archived = {urlsplit(r.url).path for r in iter_responses(tmp_path / "raw") if r.status == 200}
    assert set(paths) <= archived and summary.articles_new == 0
