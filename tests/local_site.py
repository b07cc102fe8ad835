"""A small site in the Gia Lai board's page structure, served on 127.0.0.1 for the crawler tests.

Each test builds a ``LocalSite`` (categories, articles, robots.txt, faults) and serves it from a thread; the
server logs every request path so a test can check what the crawler asked for.
"""

from __future__ import annotations

import gzip
import html
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Article:
    slug: str
    category: str
    title: str
    published: str                      # dd/mm/yyyy as the site shows it
    paragraphs: tuple[str, ...]
    author: str = "Ngọc Diệp"
    other_news: tuple[str, ...] = ()     # hrefs, as written in the page
    attachments: tuple[str, ...] = ()
    extra_html: str = ""

    @property
    def path(self) -> str:
        return f"/{self.category}/{self.slug}.aspx"


@dataclass
class LocalSite:
    categories: dict[str, list[str]] = field(default_factory=dict)   # slug → article paths, newest first
    articles: dict[str, Article] = field(default_factory=dict)       # path → article
    per_page: int = 2
    robots: str | None = "User-agent: *\nDisallow: /Admin/\nDisallow: /Search.aspx\n"
    robots_status: int = 200
    faults: dict[str, list] = field(default_factory=dict)   # path → answers to give first: status or (status, headers)
    slow: dict[str, float] = field(default_factory=dict)    # path → seconds to wait before answering
    big: dict[str, int] = field(default_factory=dict)       # path → size of a body to send
    redirects: dict[str, str] = field(default_factory=dict)  # path → Location
    endless_pager: bool = False        # the pager always offers a next page (the site's pager loop)
    gzip_paths: set[str] = field(default_factory=set)   # answered with Content-Encoding: gzip
    encoded: dict[str, tuple[str, bytes]] = field(default_factory=dict)   # path → (Content-Encoding, body as sent)
    requests: list[str] = field(default_factory=list)
    posts: list[tuple[str, bytes]] = field(default_factory=list)   # (path, form body) of each POST; only redirects answer
    user_agents: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    hold_articles_after: int | None = None   # article requests answered at once; later ones wait for `released`
    released: threading.Event = field(default_factory=threading.Event)

    def add(self, article: Article, *also_in: str) -> Article:
        self.articles[article.path] = article
        for slug in (article.category, *also_in):
            self.categories.setdefault(slug, []).append(article.path)
        return article

    def count(self, path: str) -> int:
        with self.lock:
            return sum(1 for p in self.requests if p == path)

    # --- rendering ---------------------------------------------------------------------------------------
    def listing(self, slug: str, page: int) -> str:
        paths = self.categories.get(slug, [])
        last = max(1, -(-len(paths) // self.per_page))
        page = min(max(page, 1), last)           # a page past the last answers the last page again
        shown = paths[(page - 1) * self.per_page: page * self.per_page]
        items = "".join(
            f'<div class="news-item"><a class="news-item-title" href="{p}">{html.escape(self.articles[p].title)}</a>'
            f'<span class="news-item-date">{self.articles[p].published}</span>'
            f'<div class="news-item-summary">…</div></div>'
            for p in shown
        )
        pager = " ".join(f'<a href="?page={n}">{n}</a>' for n in range(1, last + 1))
        following = page + 1 if self.endless_pager else min(page + 1, last)
        pager += f' <a href="?page={following}">&gt;</a> <a href="?page={max(last, following)}">&gt;|</a>'
        return (f'<html><body><div id="header"><a href="/Tin-hoat-dong.aspx">Tin</a></div>'
                f'<div class="breadcrumb"><span>{slug}</span></div>'
                f'<div class="news-list">{items}</div><div class="pager">{pager}</div>'
                f'<div id="footer">Copyright</div></body></html>')

    def article_page(self, article: Article) -> str:
        body = "".join(f"<p>{html.escape(p)}</p>" for p in article.paragraphs)
        if article.author:
            body += f'<p style="text-align: right;"><strong>{html.escape(article.author)}</strong></p>'
        attachments = "".join(f'<p><a href="{href}">Tải về</a></p>' for href in article.attachments)
        other = "".join(f'<li><a href="{href}">Tin khác</a> (10/04/2020)</li>' for href in article.other_news)
        return (
            '<html><head><meta charset="utf-8"><title>Ban Dân vận</title></head><body>'
            '<form id="aspnetForm" method="post"><input type="hidden" name="__VIEWSTATE" value="/wEPDwUK"/>'
            '<div id="header"><a href="/Tin-hoat-dong.aspx">Tin hoạt động</a></div>'
            f'<div class="breadcrumb"><a href="/{article.category}.aspx">{article.category}</a> &gt; '
            f'<span>{html.escape(article.title)}</span></div>'
            f'<div class="news-detail"><h1 class="news-title">{html.escape(article.title)}</h1>'
            f'<div class="news-date">{article.published}</div>'
            f'<div class="news-content">{body}{attachments}{article.extra_html}</div>'
            '<div class="pager">|&lt; &lt; 1 &gt; &gt;|</div>'
            f'<div class="other-news"><h3>Các tin khác</h3><ul>{other}</ul></div></div>'
            '<div id="footer">Copyright © 2014 Ban Dân vận tỉnh ủy Gia Lai</div></form></body></html>'
        )

    def answer(self, path_and_query: str) -> tuple[int, list[tuple[str, str]], bytes]:
        parts = urlsplit(path_and_query)
        path = parts.path
        with self.lock:
            queued = self.faults.get(path_and_query) or self.faults.get(path)
            fault = queued.pop(0) if queued else None
        if fault is not None:
            status, headers = fault if isinstance(fault, tuple) else (fault, [])
            return status, list(headers), f"fault {status}".encode()
        if path in self.articles and self.hold_articles_after is not None:
            with self.lock:
                asked = sum(1 for p in self.requests if urlsplit(p).path in self.articles)
            if asked > self.hold_articles_after:
                self.released.wait(timeout=30)
        if path in self.slow:
            time.sleep(self.slow[path])
        if path in self.redirects:
            return 302, [("Location", self.redirects[path])], b""
        if path in self.big:
            return 200, [("Content-Type", "text/html")], b"x" * self.big[path]
        if path in self.encoded:
            coding, sent = self.encoded[path]
            return 200, [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", coding)], sent
        if path == "/robots.txt":
            if self.robots is None or self.robots_status != 200:
                return self.robots_status if self.robots is not None else 404, [], b"no robots"
            return 200, [("Content-Type", "text/plain")], self.robots.encode()
        if path in self.articles:
            return 200, [("Content-Type", "text/html; charset=utf-8")], self.article_page(self.articles[path]).encode()
        slug = path.strip("/").removesuffix(".aspx")
        if "/" not in slug and slug in self.categories:
            page = int(parse_qs(parts.query).get("page", ["1"])[0])
            return 200, [("Content-Type", "text/html; charset=utf-8")], self.listing(slug, page).encode()
        return 404, [("Content-Type", "text/html")], b"<html><body>Not found</body></html>"


class _Handler(BaseHTTPRequestHandler):
    site: LocalSite

    def do_GET(self):  # noqa: N802 (http.server's name)
        with self.site.lock:
            self.site.requests.append(self.path)
            self.site.user_agents.append(self.headers.get("User-Agent", ""))
        status, headers, body = self.site.answer(self.path)
        send_length = True
        if urlsplit(self.path).path in self.site.gzip_paths:
            body = gzip.compress(body)
            headers.append(("Content-Encoding", "gzip"))
        if self.path.endswith("-nolength.aspx"):
            send_length = False
            self.close_connection = True
        try:
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            if send_length:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with self.site.lock:
            self.site.posts.append((self.path, body))
        location = self.site.redirects.get(urlsplit(self.path).path)
        self.send_response(303 if location else 405)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def free_port() -> int:
    """A loopback TCP port nothing listens on (now): for a server to start on, or to be refused by."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """A LocalSite served on 127.0.0.1 from a thread; use as a context manager."""

    def __init__(self, site: LocalSite):
        self.site = site
        handler = type("Handler", (_Handler,), {"site": site})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self) -> "Served":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def small_site(articles_per_category: int = 3, categories=("Tin-hoat-dong", "Dan-van-kheo")) -> LocalSite:
    """A site with a few articles per category, in the profile's category slugs."""
    site = LocalSite()
    number = 0
    for slug in categories:
        for i in range(articles_per_category):
            number += 1
            site.add(Article(
                slug=f"Bai-viet-so-{number}",
                category=slug,
                title=f"Hội nghị dân vận lần thứ {number}",
                published=f"{28 - number:02d}/04/2020",
                paragraphs=(f"Ủy ban MTTQ Việt Nam huyện tổ chức hội nghị lần thứ {number} với 120 đại biểu.",
                            f"Hội viên đóng góp trên {number} triệu đồng theo Kết luận 62-KL/TW."),
            ))
    return site
