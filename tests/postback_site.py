"""An ASP.NET-WebForms-like site on 127.0.0.1 whose listing is paged by postback, for the family-B crawler tests.

The listing ``/Tin-tuc.aspx`` answers a GET with page 1; every other page is the answer to a POST of the page's
form. The server checks each POST as WebForms does: the form must be url-encoded, carry a ``__VIEWSTATE`` the
server issued and has not seen used, the ``__EVENTVALIDATION`` issued with it, and ask (``__EVENTTARGET`` /
``__EVENTARGUMENT``) for a page that the answered page's pager offered; anything else is refused with 500 and
counted in ``refused``. Every request (method, path, User-Agent, time, body) is logged.
"""

from __future__ import annotations

import html
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

PAGER_TARGET = "ctl00$Main$gvNews$pager"
LISTING = "/Tin-tuc.aspx"


@dataclass
class Request:
    method: str
    path: str
    user_agent: str
    at: float
    body: str = ""


@dataclass
class PostbackSite:
    articles: list[tuple[str, str, str]] = field(default_factory=list)   # (path, title, dd/mm/yyyy), newest first
    per_page: int = 3
    robots: str = "User-agent: *\nDisallow: /Admin/\n"
    requests: list[Request] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    issued: dict[str, tuple[str, int]] = field(default_factory=dict)   # view state → (event validation, page)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def last_page(self) -> int:
        return max(1, -(-len(self.articles) // self.per_page))

    def add(self, number: int, title: str | None = None, published: str = "10/05/2021") -> str:
        path = f"/Tin-tuc/Bai-viet-{number}.aspx"
        self.articles.append((path, title or f"Hội nghị dân vận số {number}", published))
        return path

    def listing(self, page: int) -> str:
        view_state, validation = secrets.token_urlsafe(24), secrets.token_urlsafe(12)
        with self.lock:
            self.issued[view_state] = (validation, page)
        shown = self.articles[(page - 1) * self.per_page: page * self.per_page]
        rows = "".join(
            f'<div class="news-item"><a class="news-item-title" href="{path}">{html.escape(title)}</a>'
            f'<span class="news-item-date">{published}</span></div>'
            for path, title, published in shown)
        pager = " ".join(
            f"<span>{n}</span>" if n == page else
            f'<a href="javascript:__doPostBack(&#39;{PAGER_TARGET}&#39;,&#39;Page${n}&#39;)">{n}</a>'
            for n in range(1, self.last_page + 1))
        return (
            '<html><head><meta charset="utf-8"><title>Tin tức</title></head><body>'
            f'<form method="post" action="./Tin-tuc.aspx" id="aspnetForm">'
            f'<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />'
            f'<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />'
            f'<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{view_state}" />'
            f'<input type="hidden" name="__VIEWSTATEGENERATOR" value="CA0B0334" />'
            f'<input type="hidden" name="__EVENTVALIDATION" value="{validation}" />'
            '<input type="text" name="ctl00$Search$q" value="" /><input type="submit" name="ctl00$Search$go" value="Tìm" />'
            f'<div class="breadcrumb"><a href="/">Trang chủ</a> <a href="{LISTING}">Tin tức</a></div>'
            f'<div class="news-list">{rows}</div><div class="pager">{pager}</div></form></body></html>')

    def article(self, path: str, title: str, published: str) -> str:
        return (
            '<html><head><meta charset="utf-8"><title>Tin tức</title></head><body><form id="aspnetForm">'
            f'<div class="breadcrumb"><a href="/">Trang chủ</a> <a href="{LISTING}">Tin tức</a></div>'
            f'<div class="news-detail"><h1 class="news-title">{html.escape(title)}</h1>'
            f'<div class="news-date">{published}</div><div class="news-content">'
            f'<p>Ban Dân vận huyện tổ chức {html.escape(title.lower())} với 150 đại biểu tham dự.</p>'
            '<p>Hội nghị thống nhất các nhiệm vụ trọng tâm của năm.</p>'
            '<p style="text-align:right"><strong>Minh Anh</strong></p></div>'
            '<div class="other-news"></div></div></form></body></html>')

    def post(self, body: str, content_type: str) -> tuple[int, str]:
        """The answer to a POST of the listing's form: the page asked for, or 500 for a stale or bad form."""
        if content_type.split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
            return self._refuse(f"content type {content_type!r}")
        form = dict(parse_qsl(body, keep_blank_values=True))
        with self.lock:
            issued = self.issued.pop(form.get("__VIEWSTATE", ""), None)   # each view state serves once
        if issued is None:
            return self._refuse("missing or stale __VIEWSTATE")
        validation, answered_page = issued
        if form.get("__EVENTVALIDATION") != validation:
            return self._refuse("bad __EVENTVALIDATION")
        if form.get("__VIEWSTATEGENERATOR") != "CA0B0334":
            return self._refuse("missing __VIEWSTATEGENERATOR")
        if form.get("__EVENTTARGET") != PAGER_TARGET or not form.get("__EVENTARGUMENT", "").startswith("Page$"):
            return self._refuse(f"unknown event {form.get('__EVENTTARGET')!r}")
        if "ctl00$Search$go" in form:
            return self._refuse("a submit button was sent with a postback")
        page = int(form["__EVENTARGUMENT"].removeprefix("Page$"))
        if not 1 <= page <= self.last_page or page == answered_page:
            return self._refuse(f"page {page} was not offered by page {answered_page}")
        return 200, self.listing(page)

    def _refuse(self, why: str) -> tuple[int, str]:
        with self.lock:
            self.refused.append(why)
        return 500, f"<html><body>Server Error: {html.escape(why)}</body></html>"

    def answer(self, method: str, path: str, body: str, content_type: str) -> tuple[int, str, str]:
        path_only = urlsplit(path).path
        if path_only == "/robots.txt":
            return 200, "text/plain", self.robots
        if path_only == LISTING and method == "GET":
            return 200, "text/html; charset=utf-8", self.listing(1)
        if path_only == LISTING and method == "POST":
            status, page = self.post(body, content_type)
            return status, "text/html; charset=utf-8", page
        for article_path, title, published in self.articles:
            if path_only == article_path and method == "GET":
                return 200, "text/html; charset=utf-8", self.article(article_path, title, published)
        return 404, "text/html", "<html><body>Not found</body></html>"

    def count(self, method: str | None = None) -> int:
        return sum(1 for r in self.requests if method is None or r.method == method)


class _Handler(BaseHTTPRequestHandler):
    site: PostbackSite

    def _serve(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("ascii", "replace") if length else ""
        with self.site.lock:
            self.site.requests.append(Request(method, self.path, self.headers.get("User-Agent", ""),
                                              time.monotonic(), body))
        status, content_type, text = self.site.answer(method, self.path, body, self.headers.get("Content-Type", ""))
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):  # noqa: N802 (http.server's name)
        self._serve("GET")

    def do_POST(self):  # noqa: N802
        self._serve("POST")

    def log_message(self, *args):
        pass


class ServedPostback:
    """A PostbackSite on 127.0.0.1 from a thread; use as a context manager."""

    def __init__(self, site: PostbackSite):
        self.site = site
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (_Handler,), {"site": site}))
        self.server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self) -> "ServedPostback":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


PROFILE = """\
name: postback-test
title: Ban Dân vận (postback)
base_url: http://127.0.0.1:1
delay: 1
user_agent: "danvan-test/0.1 (+https://example.org/danvan)"
categories:
  - {slug: Tin-tuc, name: "Tin tức"}
urls:
  listing: "/{category}.aspx"
  listing_page: "/{category}.aspx?page={page}"
  article: "^/[A-Za-z0-9-]+/[A-Za-z0-9-]+\\\\.aspx$"
pager: {kind: postback}
selectors:
  listing_item: "div.news-list div.news-item"
  listing_link: "a.news-item-title"
  listing_date: "span.news-item-date"
  pager: "div.pager a"
  breadcrumb: "div.breadcrumb"
  title: "div.news-detail h1.news-title"
  date: "div.news-detail div.news-date"
  body: "div.news-detail div.news-content"
  other_news: "div.other-news a"
  attachments: "a[href$='.pdf']"
"""
