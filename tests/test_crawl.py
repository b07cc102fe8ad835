"""The crawler against small sites on 127.0.0.1: discovery, politeness rules, incrementality, kill and resume."""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from local_site import Article, LocalSite, Served, free_port, small_site
from scrapers.errors import FetchError, LockedError
from pipeline.options import Options
from scrapers.lock import directory_lock
from scrapers.archive import iter_responses, page_key, read_fetch_log
from scrapers.crawl import crawl
from scrapers.http import ClientSettings
from scrapers.listing import parse_listing
from scrapers.profile import load_profile

REPO = Path(__file__).resolve().parent.parent
UA = "danvan-test/0.1 (+https://example.org/danvan)"
FAST = ClientSettings(user_agent=UA, delay=0, connect_timeout=1, read_timeout=2, total_timeout=5,
                      retries=2, backoff=0.01, max_retry_wait=0.1, max_bytes=200_000)


def run_crawl(served, data_dir, settings=FAST, **changes):
    options = Options(data_dir=data_dir, base_url=served.base_url, delay=0, **changes)
    return crawl(options, settings=settings)


def article_paths(site: LocalSite) -> set[str]:
    return {p for p in site.requests if p.count("/") == 2 and p.endswith(".aspx")}


def archived(data_dir) -> collections.Counter:
    return collections.Counter((page_key(r.url), r.status) for r in iter_responses(data_dir / "raw"))


def test_first_crawl_gets_every_article_and_second_only_listings(tmp_path):
    site = small_site(3)
    with Served(site) as served:
        first = run_crawl(served, tmp_path)
        assert first.articles_new == 6 and first.failed == 4   # 4 categories of the profile are absent here
        assert article_paths(site) == set(site.articles)
        site.requests.clear()
        second = run_crawl(served, tmp_path)
    assert second.articles_new == 0
    assert site.requests[0] == "/robots.txt"
    assert all(p == "/robots.txt" or p.count("/") == 1 for p in site.requests), site.requests
    assert len(site.requests) == 1 + 6          # robots.txt + first listing page of each category
    assert all(count == 1 for (key, status), count in archived(tmp_path).items() if key.count("/") == 2)


def test_new_articles_on_top_are_fetched_and_paging_stops_after_a_page_with_nothing_new(tmp_path):
    site = small_site(5, categories=("Tin-hoat-dong",))
    with Served(site) as served:
        run_crawl(served, tmp_path)
        fresh = [Article(slug=f"Tin-moi-{i}", category="Tin-hoat-dong", title=f"Tin mới {i}",
                         published="01/05/2020", paragraphs=("Nội dung mới.",)) for i in range(3)]
        for article in reversed(fresh):
            site.articles[article.path] = article
            site.categories["Tin-hoat-dong"].insert(0, article.path)
        site.requests.clear()
        summary = run_crawl(served, tmp_path)
    assert summary.articles_new == 3
    assert article_paths(site) == {a.path for a in fresh}
    # pages 1 and 2 hold something new; page 3 holds nothing new; page 4 is not asked for
    assert [p for p in site.requests if p.startswith("/Tin-hoat-dong.aspx")] == [
        "/Tin-hoat-dong.aspx", "/Tin-hoat-dong.aspx?page=2", "/Tin-hoat-dong.aspx?page=3"]


def test_pager_loop_ends(tmp_path):
    site = small_site(5, categories=("Tin-hoat-dong",))
    site.endless_pager = True
    with Served(site) as served:
        summary = run_crawl(served, tmp_path)
    listing_requests = [p for p in site.requests if p.startswith("/Tin-hoat-dong.aspx")]
    assert summary.articles_new == 5
    assert listing_requests[-1] == "/Tin-hoat-dong.aspx?page=4"   # answers page 3 again: the loop is noticed
    assert len(listing_requests) == 4


def test_article_in_two_categories_is_fetched_once(tmp_path):
    site = small_site(2, categories=("Tin-hoat-dong",))
    shared = site.add(Article(slug="Bai-chung", category="Dan-van-kheo", title="Bài chung", published="20/04/2020",
                              paragraphs=("Một bài trong hai chuyên mục.",)), "Tin-hoat-dong")
    with Served(site) as served:
        run_crawl(served, tmp_path)
    assert site.count(shared.path) == 1
    assert archived(tmp_path)[(shared.path, 200)] == 1


def test_off_site_links_robots_and_attachments(tmp_path):
    site = small_site(2, categories=("Tin-hoat-dong",))
    other_port = free_port()
    site.robots = "User-agent: *\nDisallow: /Admin/\nDisallow: /Dan-van-kheo/\n"
    hidden = site.add(Article(slug="Chi-qua-tin-khac", category="Cong-tac-dan-toc-ton-giao", title="Tin khác",
                              published="02/04/2020", paragraphs=("Chỉ thấy qua tin khác.",)))
    site.categories.pop("Cong-tac-dan-toc-ton-giao")
    forbidden = site.add(Article(slug="Cam", category="Dan-van-kheo", title="Cấm", published="02/04/2020",
                                 paragraphs=("Bị cấm.",)))
    site.categories.pop("Dan-van-kheo")
    first = site.articles[site.categories["Tin-hoat-dong"][0]]
    first.other_news = ("http://example.org/Tin-hoat-dong/Ngoai.aspx", f"http://127.0.0.1:{other_port}/A/B.aspx",
                        "mailto:bdv@gialai.gov.vn", "/Admin/Sua-bai.aspx", hidden.path, forbidden.path)
    first.attachments = ("/Uploads/files/Ket-luan-62-KL-TW.pdf",)
    moved = site.add(Article(slug="Da-chuyen", category="Tin-hoat-dong", title="Đã chuyển", published="01/04/2020",
                             paragraphs=("x",)))
    site.redirects[moved.path] = "/Admin/Bai-da-chuyen.aspx"             # a redirect into a forbidden path
    with Served(site) as served:
        summary = run_crawl(served, tmp_path)
    assert site.count(hidden.path) == 1                       # discovered through other-news
    assert site.count(forbidden.path) == 0 and not any("Admin" in p for p in site.requests)
    [refused] = [f for f in summary.failures if f["url"].endswith(moved.path)]
    assert site.count(moved.path) == 1 and refused["status"] == 302 and "robots.txt" in refused["error"]
    assert not any(p.startswith("/Uploads/") for p in site.requests)
    assert summary.attachments == 1 and summary.offsite_links == 2 and summary.robots_blocked >= 1
    assert all(row["url"].startswith(served.base_url) for row in read_fetch_log(tmp_path / "raw"))


def test_robots_failure_stops_before_anything_else(tmp_path):
    site = small_site(2)
    site.robots_status = 503
    with Served(site) as served:
        with pytest.raises(FetchError, match="robots.txt"):
            run_crawl(served, tmp_path)
    assert set(site.requests) == {"/robots.txt"}
    assert len(read_fetch_log(tmp_path / "raw")) == 3         # every attempt recorded


def test_unreachable_site_stops(tmp_path):
    port = free_port()
    options = Options(data_dir=tmp_path, base_url=f"http://127.0.0.1:{port}", delay=0)
    with pytest.raises(FetchError, match="cannot read"):
        crawl(options, settings=FAST)
    assert all(row["url"].endswith("/robots.txt") for row in read_fetch_log(tmp_path / "raw"))


def test_faults_404_and_500_then_200_are_recorded(tmp_path):
    site = small_site(3, categories=("Tin-hoat-dong",))
    gone, flaky = site.categories["Tin-hoat-dong"][:2]
    site.faults[gone] = [404]
    site.faults[flaky] = [500]
    with Served(site) as served:
        summary = run_crawl(served, tmp_path)
        site.requests.clear()
        run_crawl(served, tmp_path)
    assert summary.not_found == 1 and summary.articles_new == 2
    rows = [(page_key(r["url"]), r["status"]) for r in read_fetch_log(tmp_path / "raw")]
    assert (gone, 404) in rows and (flaky, 500) in rows and (flaky, 200) in rows
    assert gone not in site.requests                           # a 404 is settled, not asked again


def test_since_and_max_pages_and_refresh(tmp_path):
    site = small_site(4, categories=("Tin-hoat-dong",))       # dated 27/04 … 24/04/2020, newest first
    with Served(site) as served:
        recent = run_crawl(served, tmp_path / "a", since="2020-04-26")
        assert recent.articles_new == 2
        limited = run_crawl(served, tmp_path / "b", max_pages=3)
        assert limited.stopped and limited.articles_new == 2
        resumed = run_crawl(served, tmp_path / "b")
        assert resumed.articles_new == 2
        site.requests.clear()
        refreshed = run_crawl(served, tmp_path / "b", refresh=True)
    assert refreshed.articles_refreshed == 4 and refreshed.articles_new == 0
    assert article_paths(site) == set(site.articles)


def test_a_second_crawl_cannot_run_at_the_same_time(tmp_path):
    site = small_site(1)
    with Served(site) as served, directory_lock(tmp_path / "raw", "crawl"):
        with pytest.raises(LockedError, match=rf"raw is in use by pid {os.getpid()} \(crawl, started "):
            run_crawl(served, tmp_path)
    assert site.requests == []


@pytest.mark.parametrize("saved", [
    b'[]', b'"text"', b'{"categories": []}', b'{"categories": {"Tin-hoat-dong": true}}',
    b'{"pending_other_news": "/Tin-hoat-dong/Bai.aspx"}', b'{"pending_other_news": [1]}', b'\xff\xfe{', b'{"cat',
])
def test_a_damaged_crawl_state_is_read_as_no_state(tmp_path, saved):
    from scrapers.crawl import STATE_NAME, CrawlState

    (tmp_path / STATE_NAME).write_bytes(saved)
    state = CrawlState(tmp_path)
    assert not state.walked_to_end("Tin-hoat-dong") and state.pending == []
    state.set_walked_to_end("Tin-hoat-dong", True)
    state.set_pending(["/Tin-hoat-dong/Bai.aspx"])
    again = CrawlState(tmp_path)
    assert again.walked_to_end("Tin-hoat-dong") and again.pending == ["/Tin-hoat-dong/Bai.aspx"]


def test_listing_parser_on_the_documented_markup():
    profile = load_profile("gialai")
    html = (
        '<div class="news-list"><div class="news-item">'
        '<a class="news-item-title" href="/Cong-tac-mat-tran-doan-the/Ket-qua.aspx">Kết quả đổi mới</a>'
        '<span class="news-item-date">15/04/2020</span></div>'
        '<div class="news-item"><a class="news-item-title" href="Khac.aspx">Khác</a></div></div>'
        '<div class="pager"><a href="?page=1">|&lt;</a> <span class="current">1</span> <a href="?page=2">2</a>'
        ' <a href="?page=9">&gt;|</a></div>'
    )
    listing = parse_listing(html, "http://h/Cong-tac-mat-tran-doan-the.aspx", profile)
    assert [i.as_dict() for i in listing.items] == [
        {"url": "http://h/Cong-tac-mat-tran-doan-the/Ket-qua.aspx", "title": "Kết quả đổi mới",
         "published_on": "2020-04-15"},
        {"url": "http://h/Khac.aspx", "title": "Khác", "published_on": None},
    ]
    assert listing.pages == (1, 2, 9) and listing.has_page_after(2) and not listing.has_page_after(9)


@pytest.mark.parametrize("href, pages", [
    ("?page=3", (3,)), ("Tin-hoat-dong.aspx", (1,)), ("?page=", (1,)),
    ("?page=%C2%B2", ()), ("?page=\u00b2", ()), ("?page=\u0663", ()), ("?page=-2", ()), ("?page=x", ()),
])
def test_listing_pager_numbers_and_links_that_are_not_numbers(href, pages):
    html = f'<div class="pager"><a href="{href}">n</a></div>'
    assert parse_listing(html, "http://h/Tin-hoat-dong.aspx", load_profile("gialai")).pages == pages


def test_crawl_command_line(tmp_path, capsys):
    from pipeline.cli import main

    site = small_site(1, categories=("Tin-hoat-dong",))
    with Served(site) as served:
        result = subprocess.run(
            [sys.executable, "-m", "pipeline", "crawl", "--base-url", served.base_url, "--delay", "0",
             "--data-dir", str(tmp_path), "--quiet"],
            capture_output=True, text=True, cwd=REPO, timeout=60,
        )
    assert result.returncode == 0, result.stderr
    assert "1 new articles" in result.stdout and "requests" in result.stdout
    assert main(["crawl", "--since", "yesterday", "--data-dir", str(tmp_path)]) == 1
    assert "--since" in capsys.readouterr().err


def test_killed_crawl_loses_nothing_and_resumes_without_duplicates(tmp_path):
    site = small_site(8, categories=("Tin-hoat-dong", "Dan-van-kheo"))
    site.hold_articles_after = 6        # the 7th article page is not answered until the crawl has been killed
    command = [sys.executable, "-m", "pipeline", "crawl", "--delay", "0", "--data-dir", str(tmp_path), "--quiet"]
    with Served(site) as served:
        process = subprocess.Popen([*command, "--base-url", served.base_url], cwd=REPO,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while len(article_paths(site)) < 7 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.005)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        site.hold_articles_after = None
        site.released.set()
        before = archived(tmp_path)
        fetched_before = article_paths(site)
        assert len(fetched_before) == 7 and len({key for key, _ in before if key in site.articles}) == 6
        site.requests.clear()
        resumed = subprocess.run([*command, "--base-url", served.base_url], cwd=REPO, capture_output=True,
                                 text=True, timeout=60)
        assert resumed.returncode == 0, resumed.stderr
    after = archived(tmp_path)
    for key, count in before.items():
        assert after[key] >= count                                           # nothing written was lost
    article_counts = {key: count for (key, status), count in after.items() if key in site.articles}
    assert set(article_counts) == set(site.articles)                         # every article, in the end
    archived_before = {key for (key, status) in before if key in site.articles}
    assert all(count == 1 for count in article_counts.values()), article_counts   # none twice
    assert not (article_paths(site) & archived_before)                        # the resume skipped them
    warcs = sorted((tmp_path / "raw").glob("*.warc.gz"))
    assert len(warcs) == 2                                                     # the killed crawl's and the resumed one's
    for warc in warcs:                                                         # every file whole again
        with open(warc, "rb") as f:
            assert all(record.rec_type for record in ArchiveIterator(f))


LOCAL_ROWS = [
    ("http://127.0.0.1:8000", True),
    ("http://127.0.0.2", True),
    ("http://localhost:8000", True),
    ("http://[::1]:8000", True),
    ("https://bandanvan.gialai.gov.vn", False),
    ("http://10.0.0.1", False),
]


@pytest.mark.parametrize("url, local", LOCAL_ROWS)
def test_is_local(url, local):
    from scrapers.crawl import is_local

    assert is_local(url) is local


@pytest.mark.parametrize("base_url", [None, "https://example.org"])
def test_a_short_delay_is_refused_for_a_site_not_ours(tmp_path, base_url):
    from scrapers.errors import InputError

    with pytest.raises(InputError, match="only for local mirrors"):
        crawl(Options(data_dir=tmp_path, base_url=base_url, delay=0.5))
    assert not (tmp_path / "raw").exists()


def test_other_news_links_not_yet_followed_survive_an_interrupted_crawl(tmp_path):
    site = small_site(1, categories=("Tin-hoat-dong",))
    hidden = site.add(Article(slug="Chi-qua-tin-khac", category="Dan-van-kheo", title="Tin khác",
                              published="02/04/2020", paragraphs=("Chỉ thấy qua tin khác.",)))
    site.categories.pop("Dan-van-kheo")
    [listed] = site.categories["Tin-hoat-dong"]
    site.articles[listed].other_news = (hidden.path,)
    with Served(site) as served:
        cut = run_crawl(served, tmp_path, max_pages=2)            # the listing and the article, then stop
        assert cut.stopped and site.count(hidden.path) == 0
        resumed = run_crawl(served, tmp_path)
    assert resumed.articles_new == 1 and site.count(hidden.path) == 1


DATE_ROWS = [
    ("15/04/2020", "2020-04-15"),
    ("Thứ tư, 15/04/2020 - 08:30", "2020-04-15"),
    ("(1/4/2020)", "2020-04-01"),
    # must not give a date
    ("31/02/2020", None),
    ("115/04/2020", None),
    ("15/04/20", None),
    ("", None),
]


@pytest.mark.parametrize("text, expected", DATE_ROWS)
def test_listing_dates(text, expected):
    from scrapers.listing import iso_date

    assert iso_date(text) == expected


PROFILE_PROBLEM_ROWS = [
    # (change to the default profile, words of the message)
    ({"urls": {"listing_page": "/{category}.aspx?page={page}", "article": "^/x$"}}, "urls.listing"),
    ({"urls": {"listing": "/{category}.aspx", "listing_page": "/{category}.aspx", "article": "^/x$"}}, "{page}"),
    ({"urls": {"listing": "/{category}.aspx", "listing_page": "/{category}.aspx?page={page}"}}, "urls.article"),
    ({"urls": {"listing": "/{category}.aspx", "listing_page": "/{category}.aspx?page={page}", "article": "^/(x$"}},
     "not a valid regular expression"),
    ({"user_agent": "danvan"}, "contact URL"),
    ({"delay": 0.2}, "at least 1"),
]


@pytest.mark.parametrize("change, words", PROFILE_PROBLEM_ROWS)
def test_profile_problems_are_named(tmp_path, change, words):
    import yaml

    from scrapers.errors import ProfileError

    raw = yaml.safe_load((REPO / "scrapers" / "sites" / "gialai.yaml").read_text(encoding="utf-8"))
    raw.update(change)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ProfileError, match="invalid site profile") as error:
        load_profile(path)
    assert words in str(error.value)


@pytest.mark.parametrize("content, words", [
    ("name: gialai\n".encode("utf-16"), "not UTF-8"),
    (b"name: [gialai\n", "not valid YAML"),
    (b"- a list\n", "a mapping of settings"),
])
def test_profile_files_that_cannot_be_read_are_named(tmp_path, content, words):
    from scrapers.errors import ProfileError

    path = tmp_path / "broken.yaml"
    path.write_bytes(content)
    with pytest.raises(ProfileError, match=words):
        load_profile(path)


def test_the_default_profile_is_valid():
    profile = load_profile("gialai")
    assert profile.delay >= 1 and "http" in profile.user_agent
    assert profile.urls["attachment"] and profile.listing_url("Tin-hoat-dong", 2).endswith("Tin-hoat-dong.aspx?page=2")


def test_a_site_that_stops_answering_ends_the_crawl_and_the_next_one_resumes(tmp_path):
    from scrapers.crawl import MAX_FAILURES_IN_A_ROW

    site = small_site(10, categories=("Tin-hoat-dong",))
    site.per_page = 20
    for path in site.articles:
        site.faults[path] = [503] * 3                  # every attempt (retries=2) of every article fails
    with Served(site) as served:
        down = run_crawl(served, tmp_path)
        assert down.stopped and "in a row" in down.stopped
        assert len(article_paths(site)) == MAX_FAILURES_IN_A_ROW
        site.faults.clear()
        resumed = run_crawl(served, tmp_path)
    assert resumed.articles_new == 10 and not resumed.stopped


def test_site_check_obeys_robots_for_the_page_it_reads_categories_from():
    """A profile whose categories come from a start page (categories_from): when robots.txt forbids that page,
    `site check` reports it blocked and requests nothing but robots.txt."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from scrapers.check import CheckReport, _article_urls
    from scrapers.http import PoliteClient, origin_of
    from scrapers.profile import load_profile
    from scrapers.robots import fetch_robots

    paths = []

    class Site(BaseHTTPRequestHandler):
        def do_GET(self):
            paths.append(self.path)
            body = b"User-agent: *\nDisallow: /vn\n" if self.path == "/robots.txt" else b"<html><body></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain" if self.path == "/robots.txt" else "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        profile = load_profile("tuyengiaodanvan").with_base_url(f"http://127.0.0.1:{server.server_port}")
        assert not profile.categories and profile.categories_from["page"] == "/vn"
        client = PoliteClient(FAST, {origin_of(profile.base_url)})
        try:
            robots = fetch_robots(client, profile.origin)
            report = CheckReport("test")
            assert _article_urls(client, robots, profile, report) == []
        finally:
            client.close()
        assert paths == ["/robots.txt"]
        assert [(row.url, row.kind, row.reason) for row in report.rows] == [(profile.origin + "/vn", "blocked", "robots.txt")]
    finally:
        server.shutdown()
        server.server_close()


def test_a_huge_crawl_delay_is_capped_and_the_cap_recorded(tmp_path):
    from scrapers.archive import read_run_log

    site = small_site(1, categories=("Tin-hoat-dong",))
    site.robots = "User-agent: *\nCrawl-delay: 86400\nDisallow: /Admin/\n"
    settings = ClientSettings(user_agent=UA, delay=0, connect_timeout=1, read_timeout=2, total_timeout=5,
                              retries=0, max_crawl_delay=0.01)
    with Served(site) as served:
        options = Options(data_dir=tmp_path, base_url=served.base_url)   # no --delay: robots.txt's counts
        summary = crawl(options, settings=settings)
    assert summary.articles_new == 1 and not summary.stopped
    [note] = [row for row in read_run_log(tmp_path / "raw") if row.get("event") == "crawl_delay_capped"]
    assert note["asked"] == 86400 and note["used"] == 0.01 and note["robots"].endswith("/robots.txt")


GOOD_PART = {"categories": {"Tin-hoat-dong": {"walked_to_end": True, "at": "2026-11-30T00:00:00+00:00"}},
             "pending_other_news": ["/Tin-hoat-dong/Bai.aspx"]}


@pytest.mark.parametrize("saved, reason", [
    (b'[]', "not-an-object"), (b'"text"', "not-an-object"), (b'\xff\xfe{', "not-utf8"), (b'{"cat', "not-json"),
    (b'{"sites": [], "categories": {}}', "bad-sites"),
])
def test_a_bad_top_level_of_the_crawl_state_is_set_aside_not_overwritten(tmp_path, caplog, saved, reason):
    from scrapers.crawl import STATE_NAME, CrawlState

    (tmp_path / STATE_NAME).write_bytes(saved)
    state = CrawlState(tmp_path, "gialai")
    assert not state.walked_to_end("Tin-hoat-dong")
    state.set_walked_to_end("Tin-hoat-dong", True)
    [aside] = [p for p in tmp_path.iterdir() if p.name.startswith(f"{STATE_NAME}.{reason}.")]
    assert aside.read_bytes() == saved                    # nothing lost
    assert f"set aside as {aside.name}" in caplog.text and f"({reason}" in caplog.text
    assert CrawlState(tmp_path, "gialai").walked_to_end("Tin-hoat-dong")
    assert len([p for p in tmp_path.iterdir() if p.name.startswith(STATE_NAME + ".")]) == 1   # set aside once


@pytest.mark.parametrize("bad_part", [[], "x", {"categories": []}, {"pending_other_news": [1]},
                                      {"categories": {"Tin-hoat-dong": True}}])
def test_a_bad_part_of_one_site_resets_that_site_only(tmp_path, bad_part):
    import json

    from scrapers.crawl import STATE_NAME, CrawlState

    path = tmp_path / STATE_NAME
    path.write_text(json.dumps({"sites": {"gialai": GOOD_PART, "tuyengiaodanvan": bad_part, "other": GOOD_PART},
                                "categories": bad_part}), encoding="utf-8")
    damaged = CrawlState(tmp_path, "tuyengiaodanvan")
    assert not damaged.walked_to_end("Tin-hoat-dong") and damaged.pending == []
    damaged.set_walked_to_end("Tin-hoat-dong", True)
    legacy = CrawlState(tmp_path)                          # the file's top level (no site): its own bad part
    assert not legacy.walked_to_end("Tin-hoat-dong")
    legacy.set_pending(["/Tin-hoat-dong/Khac.aspx"])
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["sites"]["gialai"] == GOOD_PART and saved["sites"]["other"] == GOOD_PART
    assert CrawlState(tmp_path, "tuyengiaodanvan").walked_to_end("Tin-hoat-dong")
    assert CrawlState(tmp_path).pending == ["/Tin-hoat-dong/Khac.aspx"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(STATE_NAME)] == [STATE_NAME]
