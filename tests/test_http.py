"""The polite HTTP client and robots.txt, against real HTTP servers on 127.0.0.1."""

from __future__ import annotations

import time

import pytest

from local_site import LocalSite, Served, free_port
from scrapers.errors import FetchError
from scrapers.archive import ArchiveWriter, iter_responses
from scrapers.http import ClientSettings, PoliteClient, origin_of, retry_after_seconds
from scrapers.robots import fetch_robots, parse_robots

UA = "danvan-test/0.1 (+https://example.org/danvan; research crawler)"


def fast_settings(**changes) -> ClientSettings:
    values = dict(user_agent=UA, delay=0, connect_timeout=1, read_timeout=1, total_timeout=3,
                  retries=2, backoff=0.01, max_retry_wait=0.2, max_bytes=100_000)
    values.update(changes)
    return ClientSettings(**values)


class Recorder:
    def __init__(self):
        self.rows, self.waits = [], []

    def __call__(self, row):
        self.rows.append(row)

    def sleep(self, seconds):
        self.waits.append(seconds)


def make_client(served, recorder=None, archive=None, **changes) -> PoliteClient:
    recorder = recorder or Recorder()
    return PoliteClient(fast_settings(**changes), {origin_of(served.base_url)}, run_id="t", archive=archive,
                        record=recorder, sleep=recorder.sleep)


@pytest.fixture
def site():
    return LocalSite()


def test_500_then_200_is_retried_and_every_attempt_recorded(site, tmp_path):
    site.faults["/robots.txt"] = [500]
    recorder = Recorder()
    with Served(site) as served, ArchiveWriter(tmp_path, "t") as archive:
        client = make_client(served, recorder, archive)
        fetched = client.get(served.base_url + "/robots.txt")
    assert fetched.ok and fetched.attempts == 2
    assert [row["status"] for row in recorder.rows] == [500, 200]
    assert all(row["run_id"] == "t" and row["fetched_at"].endswith("Z") for row in recorder.rows)
    assert [r.status for r in iter_responses(tmp_path)] == [500, 200]
    assert recorder.waits == [0.01]


RETRY_AFTER_ROWS = [
    # (status, Retry-After header, expected wait)
    (503, "0.5", 0.01),          # not a number of whole seconds: ignored, backoff used
    (503, "1", 1.0),
    (429, "2", 2.0),
    (503, "3600", 5.0),           # capped by max_retry_wait
    (429, None, 0.01),
]


@pytest.mark.parametrize("status, header, expected", RETRY_AFTER_ROWS)
def test_retry_after_is_honoured_and_capped(site, status, header, expected):
    headers = [("Retry-After", header)] if header else []
    site.faults["/page.aspx"] = [(status, headers)]
    recorder = Recorder()
    with Served(site) as served:
        client = make_client(served, recorder, max_retry_wait=5.0)
        fetched = client.get(served.base_url + "/page.aspx")
    assert fetched.status == 404 and fetched.attempts == 2   # the fault once, then the page (absent: 404)
    assert recorder.waits == [pytest.approx(expected)]


@pytest.mark.parametrize("value, seconds", [
    ("Thu, 01 Jan 2026 00:00:30 GMT", 30), ("Wed, 31 Dec 2025 23:59:00 GMT", 0), ("120", 120), (" 7 ", 7),
    ("soon", None), (None, None), ("", None), ("-1", None), ("1.5", None), ("\u00b2", None), ("\u0661\u0662", None),
])
def test_retry_after_seconds_and_http_dates(value, seconds):
    from datetime import datetime, timezone

    now = datetime(2026, 1, 1, 0, 0, 0, tzinfo=timezone.utc)
    assert retry_after_seconds(value, now) == seconds


def test_a_retry_after_that_is_no_number_falls_back_to_the_backoff(site):
    site.faults["/odd.aspx"] = [(503, [("Retry-After", "\u00b2")])]   # sent as the byte 0xB2, read as "²"
    recorder = Recorder()
    with Served(site) as served:
        fetched = make_client(served, recorder).get(served.base_url + "/odd.aspx")
    assert fetched.status == 404 and fetched.attempts == 2
    assert recorder.waits == [pytest.approx(0.01)]


def test_real_retry_after_wait_is_slept(site):
    site.faults["/busy.aspx"] = [(503, [("Retry-After", "1")])]
    with Served(site) as served:
        client = PoliteClient(fast_settings(max_retry_wait=5), {origin_of(served.base_url)})
        started = time.monotonic()
        fetched = client.get(served.base_url + "/busy.aspx")
        took = time.monotonic() - started
    assert fetched.attempts == 2 and fetched.status == 404
    assert took >= 1.0


def test_gives_up_after_retries_with_the_last_status(site):
    site.faults["/down.aspx"] = [500, 502, 503, 500]
    recorder = Recorder()
    with Served(site) as served:
        fetched = make_client(served, recorder).get(served.base_url + "/down.aspx")
    assert fetched.status == 503 and not fetched.ok
    assert "after 3 attempts" in fetched.error
    assert len(recorder.rows) == 3


def test_slow_page_survives_and_too_slow_page_is_a_recorded_timeout(site):
    site.slow["/slow.aspx"] = 0.2
    site.slow["/stuck.aspx"] = 1.0
    recorder = Recorder()
    with Served(site) as served:
        client = make_client(served, recorder, read_timeout=0.6, retries=1)
        slow = client.get(served.base_url + "/slow.aspx")
        stuck = client.get(served.base_url + "/stuck.aspx")
    assert slow.status == 404 and slow.error is None
    assert stuck.status is None and "timeout" in stuck.error and stuck.attempts == 2
    assert [row["status"] for row in recorder.rows[-2:]] == [None, None]
    assert all("timeout" in row["error"] for row in recorder.rows[-2:])


@pytest.mark.parametrize("path", ["/big.aspx", "/big-nolength.aspx"])
def test_size_cap(site, path, tmp_path):
    site.big[path] = 150_000
    site.big["/small.aspx"] = 50_000
    recorder = Recorder()
    with Served(site) as served, ArchiveWriter(tmp_path, "t") as archive:
        client = make_client(served, recorder, archive)
        big = client.get(served.base_url + path)
        small = client.get(served.base_url + "/small.aspx")
    assert big.status == 200 and "too large" in big.error and big.body == b"" and not big.ok
    assert small.ok and len(small.body) == 50_000
    assert "too large" in recorder.rows[0]["error"] and recorder.rows[0]["status"] == 200
    assert [r.url.rsplit("/", 1)[1] for r in iter_responses(tmp_path)] == ["small.aspx"]


def test_gzip_body_is_decoded_and_archived_as_sent(site, tmp_path):
    site.big["/zipped.aspx"] = 30_000
    site.gzip_paths.add("/zipped.aspx")
    with Served(site) as served, ArchiveWriter(tmp_path, "t") as archive:
        fetched = make_client(served, archive=archive).get(served.base_url + "/zipped.aspx")
    assert fetched.body == b"x" * 30_000
    [archived] = list(iter_responses(tmp_path))
    assert archived.header("Content-Encoding") == "gzip" and archived.body == b"x" * 30_000


def test_redirects_followed_on_site_only(site):
    site.redirects["/old.aspx"] = "/new.aspx"
    site.redirects["/away.aspx"] = "http://example.org/steal.aspx"
    site.redirects["/loop.aspx"] = "/loop.aspx"
    site.big["/new.aspx"] = 10
    recorder = Recorder()
    with Served(site) as served:
        client = make_client(served, recorder, max_redirects=3)
        moved = client.get(served.base_url + "/old.aspx")
        away = client.get(served.base_url + "/away.aspx")
        loop = client.get(served.base_url + "/loop.aspx")
    assert moved.ok and moved.final_url.endswith("/new.aspx") and moved.url.endswith("/old.aspx")
    assert away.status == 302 and "off the site" in away.error
    assert loop.status == 302 and "redirects" in loop.error
    assert not any("example.org" in row["url"] for row in recorder.rows)
    assert site.count("/loop.aspx") == 4


def test_a_post_answered_by_a_redirect_is_followed_by_a_get_and_both_are_archived(site, tmp_path):
    site.redirects["/form.aspx"] = "/Tin-hoat-dong.aspx?page=2"
    site.redirects["/leave.aspx"] = "http://example.org/steal.aspx"
    site.big["/Tin-hoat-dong.aspx"] = 20
    recorder = Recorder()
    with Served(site) as served, ArchiveWriter(tmp_path, "t") as archive:
        client = make_client(served, recorder, archive)
        paged = client.post(served.base_url + "/form.aspx", [("__EVENTTARGET", "pager"), ("__EVENTARGUMENT", "2")])
        away = client.post(served.base_url + "/leave.aspx", [("__EVENTTARGET", "pager")])
        refused = client.post(served.base_url + "/other.aspx", [("x", "1")])
    assert paged.ok and paged.body == b"x" * 20 and paged.url.endswith("/form.aspx") and paged.attempts == 2
    assert site.posts[0] == ("/form.aspx", b"__EVENTTARGET=pager&__EVENTARGUMENT=2")
    assert site.requests == ["/Tin-hoat-dong.aspx?page=2"]   # the redirect's target, by GET; example.org never
    assert away.status == 303 and "off the site" in away.error
    assert refused.status == 405 and not refused.ok
    assert [(row["method"], row["status"]) for row in recorder.rows] == [("POST", 303), ("GET", 200), ("POST", 303),
                                                                        ("POST", 405)]
    assert [(r.method, r.status, r.url.rsplit("/", 1)[1]) for r in iter_responses(tmp_path)] == [
        ("POST", 303, "form.aspx"), ("GET", 200, "Tin-hoat-dong.aspx?page=2"), ("POST", 303, "leave.aspx"),
        ("POST", 405, "other.aspx")]


OFF_ORIGIN_ROWS = [
    "http://example.org/Tin-hoat-dong.aspx",
    "ftp://127.0.0.1/robots.txt",
    "file:///etc/passwd",
    "https://{host}/robots.txt",        # same host, other scheme
    "http://127.0.0.1:1/robots.txt",    # same host, other port
]


@pytest.mark.parametrize("template", OFF_ORIGIN_ROWS)
def test_only_the_sites_origin_is_fetched(site, template):
    with Served(site) as served:
        client = make_client(served)
        url = template.format(host=origin_of(served.base_url)[1])
        assert not client.is_allowed(url)
        with pytest.raises(FetchError):
            client.get(url)
        assert client.is_allowed(served.base_url + "/robots.txt")
    assert site.requests == []


def test_user_agent_and_delay_between_requests(site):
    with Served(site) as served:
        client = PoliteClient(fast_settings(delay=0.2), {origin_of(served.base_url)})
        started = time.monotonic()
        for _ in range(3):
            client.get(served.base_url + "/robots.txt")
        took = time.monotonic() - started
    assert took >= 0.4
    assert site.user_agents == [UA] * 3


def test_unreachable_host_is_a_recorded_connection_error():
    port = free_port()
    recorder = Recorder()
    base = f"http://127.0.0.1:{port}"
    client = PoliteClient(fast_settings(retries=1), {origin_of(base)}, record=recorder, sleep=recorder.sleep)
    fetched = client.get(base + "/robots.txt")
    assert fetched.status is None and "connection" in fetched.error
    assert len(recorder.rows) == 2 and all(row["status"] is None for row in recorder.rows)


ROBOTS_TEXT = "User-agent: *\nDisallow: /Admin/\nDisallow: /Search.aspx\n\nUser-agent: danvan\nCrawl-delay: 3\nDisallow: /Private/\n"
ROBOTS_ROWS = [
    ("/Tin-hoat-dong.aspx", True),
    ("/Tin-hoat-dong/Bai-viet.aspx", True),
    ("/Private/x.aspx", False),
]


@pytest.mark.parametrize("path, allowed", ROBOTS_ROWS)
def test_robots_rules_for_our_agent(path, allowed):
    robots = parse_robots(ROBOTS_TEXT, "danvan/0.1 (+https://example.org)")
    assert robots.allowed("http://127.0.0.1" + path) is allowed
    assert robots.crawl_delay == 3


@pytest.mark.parametrize("path", ["/Admin/login.aspx", "/Search.aspx"])
def test_robots_rules_for_every_agent(path):
    robots = parse_robots("User-agent: *\nDisallow: /Admin/\nDisallow: /Search.aspx\n", UA)
    assert not robots.allowed("http://127.0.0.1" + path)
    assert robots.allowed("http://127.0.0.1/Tin-hoat-dong.aspx")


ROBOTS_STATUS_ROWS = [
    # (status of robots.txt, everything allowed?, error?)
    (404, True, False),
    (410, True, False),
    (403, False, False),
    (500, None, True),
    (503, None, True),
]


@pytest.mark.parametrize("status, allowed, error", ROBOTS_STATUS_ROWS)
def test_robots_status(site, status, allowed, error):
    site.robots_status = status
    with Served(site) as served:
        client = make_client(served)
        if error:
            with pytest.raises(FetchError, match="nothing else was fetched"):
                fetch_robots(client, served.base_url)
        else:
            robots = fetch_robots(client, served.base_url)
            assert robots.allowed(served.base_url + "/Tin-hoat-dong.aspx") is allowed


CRAWL_DELAY_ROWS = [
    # (robots.txt Crawl-delay line, delay given with --delay?, client delay, cap, delay used, capped?)
    ("Crawl-delay: 86400", False, 1.0, 60.0, 60.0, True),
    ("Crawl-delay: 3", False, 1.0, 60.0, 3.0, False),     # under the cap: honoured as it is
    ("Crawl-delay: 60", False, 1.0, 60.0, 60.0, False),    # at the cap: honoured, nothing to report
    ("Crawl-delay: 2", False, 5.0, 60.0, 5.0, False),      # shorter than our own delay: ours stays
    ("Crawl-delay: 86400", True, 0.0, 60.0, 0.0, False),   # --delay given: robots.txt's is not used
    ("Crawl-delay: 86400", False, 90.0, 60.0, 90.0, True),   # our own delay is never shortened by the cap
    ("Crawl-delay: ²", False, 1.0, 60.0, 1.0, False),       # no number: left out, and no crash
    ("Crawl-delay: -5", False, 1.0, 60.0, 1.0, False),
    ("", False, 1.0, 60.0, 1.0, False),
]


@pytest.mark.parametrize("line, given, delay, cap, used, capped", CRAWL_DELAY_ROWS)
def test_crawl_delay_is_honoured_up_to_its_cap(line, given, delay, cap, used, capped):
    from scrapers.robots import obey_crawl_delay

    robots = parse_robots(f"User-agent: *\nDisallow: /Admin/\n{line}\n", UA, source="http://127.0.0.1/robots.txt")
    client = PoliteClient(fast_settings(delay=delay, max_crawl_delay=cap), {("http", "127.0.0.1")})
    note = obey_crawl_delay(client, robots, delay_given=given)
    assert client.settings.delay == used
    assert (note is not None) is capped
    if capped:
        assert note == {"event": "crawl_delay_capped", "robots": "http://127.0.0.1/robots.txt",
                        "asked": 86400.0, "used": used}
    assert not robots.allowed("http://127.0.0.1/Admin/x.aspx")


def _members(*parts: bytes) -> bytes:
    import gzip

    return b"".join(gzip.compress(part) for part in parts)


def _deflated(data: bytes, wbits: int) -> bytes:
    import zlib

    packer = zlib.compressobj(wbits=wbits)
    return packer.compress(data) + packer.flush()


ENCODED_ROWS = [
    # (Content-Encoding, body as sent, body expected)
    ("gzip", _members(b"<p>one</p>"), b"<p>one</p>"),
    ("gzip", _members(b"<p>one</p>", b"<p>two</p>", b"<p>three</p>"), b"<p>one</p><p>two</p><p>three</p>"),
    ("x-gzip", _members(b"a" * 40_000, b"b" * 40_000), b"a" * 40_000 + b"b" * 40_000),
    ("gzip", _members(b"<p>one</p>") + b"\0\0\0\0", b"<p>one</p>"),   # padding after the last member
    ("gzip", _members(b"<p>one</p>", b"<p>two</p>")[:-8], b"<p>one</p><p>two</p>"),   # no trailer: what arrived
    ("deflate", _deflated(b"<p>zlib</p>", 15), b"<p>zlib</p>"),
    ("deflate", _deflated(b"<p>bare</p>", -15), b"<p>bare</p>"),
    ("br", b"not undone", b"not undone"),
]


@pytest.mark.parametrize("coding, sent, expected", ENCODED_ROWS)
def test_every_gzip_member_is_decoded(site, coding, sent, expected):
    site.encoded["/page.aspx"] = (coding, sent)
    with Served(site) as served:
        fetched = make_client(served).get(served.base_url + "/page.aspx")
    assert fetched.ok and fetched.body == expected


@pytest.mark.parametrize("sent", [
    _members(b"\0" * 10_000_000),                      # one member, a thousand times its size
    _members(*[b"\0" * 60_000] * 3),                    # members each under the cap, together over it
])
def test_a_gzip_bomb_is_refused_with_a_named_error(site, sent):
    from scrapers.errors import ResponseTooLarge
    from scrapers.http import decompressed

    assert len(sent) < 100_000
    with pytest.raises(ResponseTooLarge, match="too large once decompressed: more than 100000 bytes"):
        decompressed(sent, "gzip", 100_000)
    site.encoded["/bomb.aspx"] = ("gzip", sent)
    recorder = Recorder()
    with Served(site) as served:
        fetched = make_client(served, recorder).get(served.base_url + "/bomb.aspx")
    assert fetched.status == 200 and not fetched.ok and fetched.body == b""
    assert "too large once decompressed" in fetched.error and "too large" in recorder.rows[0]["error"]


def test_a_refused_connection_fails_fast_naming_the_host():
    port = free_port()   # nothing listens there: the connection is refused
    recorder = Recorder()
    base = f"http://127.0.0.1:{port}"
    client = PoliteClient(fast_settings(retries=3), {origin_of(base)}, record=recorder, sleep=recorder.sleep)
    fetched = client.get(base + "/robots.txt")
    assert fetched.status is None and fetched.attempts == 2           # one retry, not three
    assert fetched.error.startswith(f"connection refused by 127.0.0.1:{port}: nothing is listening there (")
    assert len(recorder.rows) == 2 and recorder.waits == [0.01]
    with pytest.raises(FetchError, match=rf"connection refused by 127\.0\.0\.1:{port}"):
        fetch_robots(client, base)


def test_timeouts_and_5xx_keep_their_backoff(site):
    site.slow["/slow.aspx"] = 0.5     # over the read timeout, every time
    site.faults["/down.aspx"] = [503] * 4
    recorder = Recorder()
    with Served(site) as served:
        client = make_client(served, recorder, retries=3, read_timeout=0.2)
        slow = client.get(served.base_url + "/slow.aspx")
        down = client.get(served.base_url + "/down.aspx")
    assert slow.attempts == 4 and "timeout" in slow.error
    assert down.attempts == 4 and down.status == 503
    assert recorder.waits == [0.01, 0.02, 0.04] * 2
