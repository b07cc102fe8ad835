"""Family B: a listing paged by postback, crawled against a server that validates every POST's view state."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import requests
from warcio.archiveiterator import ArchiveIterator

from pipeline.build import build
from pipeline.options import Options
from postback_site import LISTING, PAGER_TARGET, PROFILE, PostbackSite, ServedPostback
from scrapers.archive import iter_responses, read_fetch_log, warc_files
from scrapers.crawl import crawl
from scrapers.http import ClientSettings
from scrapers.postback import form_fields, postback_links

UA = "danvan-test/0.1 (+https://example.org/danvan)"
DELAY = 0.05
SETTINGS = ClientSettings(user_agent=UA, delay=DELAY, connect_timeout=1, read_timeout=2, total_timeout=5,
                          retries=1, backoff=0.01, max_retry_wait=0.1)


def make_site(articles: int = 11, per_page: int = 3) -> PostbackSite:
    site = PostbackSite(per_page=per_page)
    for number in range(articles, 0, -1):   # newest first
        site.add(number, published=f"{number:02d}/05/2021")
    site.robots = "User-agent: *\nDisallow: /Admin/\nDisallow: /Tin-tuc/Bai-viet-5.aspx\n"
    return site


def run(served, data_dir, profile_path, **changes):
    options = Options(data_dir=data_dir, site=str(profile_path), base_url=served.base_url, delay=DELAY, **changes)
    return crawl(options, settings=SETTINGS)


@pytest.fixture
def profile_path(tmp_path) -> Path:
    path = tmp_path / "postback-test.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    return path


def request_records(data_dir) -> list[tuple[str, str, bytes]]:
    """(method, target, body) of every archived request record."""
    out = []
    for path in warc_files(data_dir / "raw"):
        with open(path, "rb") as f:
            for record in ArchiveIterator(f):
                if record.rec_type == "request":
                    method, target = record.http_headers.protocol, record.http_headers.statusline.split(" ")[0]
                    out.append((method, target, record.content_stream().read()))
    return out


def test_the_crawler_pages_by_postback_to_the_last_page_with_no_post_refused(tmp_path, profile_path):
    site = make_site(11, per_page=3)             # 4 listing pages
    data_dir = tmp_path / "data"
    with ServedPostback(site) as served:
        summary = run(served, data_dir, profile_path)
    assert site.refused == []
    assert summary.listing_pages == 4 and site.count("POST") == 3
    fetched_articles = {r.path for r in site.requests if r.path.startswith("/Tin-tuc/")}
    assert fetched_articles == {f"/Tin-tuc/Bai-viet-{n}.aspx" for n in range(1, 12)} - {"/Tin-tuc/Bai-viet-5.aspx"}
    assert summary.articles_new == 10 and summary.robots_blocked == 1 and summary.failed == 0
    # each POST asked for the next page, with the hidden fields of the page just received
    posted = [parse_qs(r.body) for r in site.requests if r.method == "POST"]
    assert [p["__EVENTARGUMENT"] for p in posted] == [["Page$2"], ["Page$3"], ["Page$4"]]
    assert all(p["__EVENTTARGET"] == [PAGER_TARGET] and "__VIEWSTATEGENERATOR" in p for p in posted)
    assert len({p["__VIEWSTATE"][0] for p in posted}) == 3
    assert all("ctl00$Search$go" not in p and "ctl00$Search$q" not in p for p in posted)   # hidden inputs only
    # politeness: robots.txt first, our User-Agent on every request, the delay between any two
    assert site.requests[0].path == "/robots.txt"
    assert {r.user_agent for r in site.requests} == {UA}
    times = [r.at for r in site.requests]
    assert all(later - earlier >= DELAY * 0.9 for earlier, later in zip(times, times[1:]))


def test_posts_are_archived_with_their_body_and_logged(tmp_path, profile_path):
    site = make_site(7, per_page=3)
    data_dir = tmp_path / "data"
    with ServedPostback(site) as served:
        run(served, data_dir, profile_path)
    posts = [(target, body) for method, target, body in request_records(data_dir) if method == "POST"]
    assert [target for target, _ in posts] == [LISTING, LISTING]
    sent = [r.body.encode() for r in site.requests if r.method == "POST"]
    assert [body for _, body in posts] == sent and all(b"__VIEWSTATE=" in body for body in sent)
    methods = [(r.method, r.status) for r in iter_responses(data_dir / "raw") if r.url.endswith(LISTING)]
    assert methods == [("GET", 200), ("POST", 200), ("POST", 200)]
    assert [row["method"] for row in read_fetch_log(data_dir / "raw") if row["url"].endswith(LISTING)] == [
        "GET", "POST", "POST"]


def test_the_server_refuses_a_stale_or_missing_view_state(tmp_path):
    """The check the crawler passes can fail: a view state used twice, or none, is refused with 500."""
    site = make_site(7, per_page=3)
    with ServedPostback(site) as served:
        page = requests.get(served.base_url + LISTING, timeout=5).text
        link = postback_links(page, "div.pager a")[0]
        action, fields = form_fields(page, link.target, link.argument, served.base_url + LISTING)
        assert requests.post(action, data=fields, timeout=5).status_code == 200
        assert requests.post(action, data=fields, timeout=5).status_code == 500      # stale
        without = [(k, v) for k, v in fields if k != "__VIEWSTATE"]
        assert requests.post(action, data=without, timeout=5).status_code == 500    # missing
    assert site.refused == ["missing or stale __VIEWSTATE", "missing or stale __VIEWSTATE"]


def test_second_crawl_of_an_unchanged_site_costs_few_requests_and_refresh_fetches_again(tmp_path, profile_path):
    site = make_site(11, per_page=3)
    data_dir = tmp_path / "data"
    with ServedPostback(site) as served:
        run(served, data_dir, profile_path)
        site.requests.clear()
        second = run(served, data_dir, profile_path)
        assert second.articles_new == 0 and len(site.requests) <= 10
        assert [r.method for r in site.requests] == ["GET", "GET"]          # robots.txt, listing page 1
        site.add(12)
        site.articles.insert(0, site.articles.pop())                       # a new article on top
        site.requests.clear()
        third = run(served, data_dir, profile_path)
        assert third.articles_new == 1 and len(site.requests) <= 10 and site.refused == []
        site.requests.clear()
        refreshed = run(served, data_dir, profile_path, refresh=True)
    assert refreshed.articles_refreshed == 11 and site.count("POST") == 3 and site.refused == []


def test_the_build_reads_postback_listings_as_listings(tmp_path, profile_path):
    site = make_site(7, per_page=3)
    data_dir = tmp_path / "data"
    with ServedPostback(site) as served:
        run(served, data_dir, profile_path)
    summary = build(Options(data_dir=data_dir, site=str(profile_path), quiet=True, progress=False))
    assert (summary.loaded, summary.rejected) == (6, 0)
    with sqlite3.connect(data_dir / "danvan.db") as db:
        rows = db.execute("select site, title, published_on, author from articles order by published_on").fetchall()
        sites = db.execute("select name, family, profile, articles from sites").fetchall()
    assert rows[0] == ("postback-test", "Hội nghị dân vận số 1", "2021-05-01", "Minh Anh")
    assert {row[0] for row in rows} == {"postback-test"}
    assert sites == [("postback-test", "B", str(profile_path), 6)]


def test_robots_txt_forbidding_the_listing_means_no_get_and_no_post(tmp_path, profile_path):
    site = make_site(7, per_page=3)
    site.robots = "User-agent: *\nDisallow: /Tin-tuc.aspx\n"
    with ServedPostback(site) as served:
        summary = run(served, tmp_path / "data", profile_path)
    assert [r.path for r in site.requests] == ["/robots.txt"]
    assert summary.robots_blocked == 1 and summary.listing_pages == 0


def test_a_refused_post_ends_the_walk_as_a_failure_and_the_next_crawl_walks_again(tmp_path, profile_path):
    site = make_site(7, per_page=3)
    data_dir = tmp_path / "data"
    with ServedPostback(site) as served:
        original = site.post
        site.post = lambda body, content_type: site._refuse("server restarted: view state unknown")
        broken = run(served, data_dir, profile_path)
        site.post = original
        mended = run(served, data_dir, profile_path)
    # page 1 (articles 7, 6 and 5, which robots.txt forbids), then a 500 on page 2
    assert broken.failed == 1 and broken.articles_new == 2 and broken.robots_blocked == 1
    assert mended.articles_new == 4 and mended.listing_pages == 3 and mended.failed == 0
