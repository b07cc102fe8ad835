"""Finding the pages of a site that has no profile: sitemaps (usp), feeds (feedparser), links, and the traps to leave alone."""

from __future__ import annotations

import gzip
import io
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup
from lxml import etree

from scrapers.http import DEFAULT_PORTS
from scrapers.parse import clean

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- URL shapes

# Query parameters that name a visitor's session or a campaign, not a page: dropped from every URL.
SESSION_PARAMS = frozenset({
    "sid", "sess", "session", "sessionid", "session_id", "phpsessid", "jsessionid", "aspsessionid", "cfid",
    "cftoken", "osCsid", "zenid", "fbclid", "gclid",
})
SESSION_KEYS = frozenset(p.lower() for p in SESSION_PARAMS)   # compared without case
SESSION_PATH = re.compile(r";jsessionid=[^/?#]*|/\(S\([a-z0-9]+\)\)", re.IGNORECASE)   # Java and ASP.NET cookieless

# Parameters and path segments that page a listing.
PAGER_PARAMS = frozenset({"page", "p", "start", "trang", "pg", "paged", "offset", "pageindex", "pagenumber"})
PAGER_PATH = re.compile(r"/(?:page|trang|p)/(\d{1,5})/?$", re.IGNORECASE)

# Pages a crawler of articles leaves alone, by what their address says they are.
TRAP_QUERY = {
    "print": re.compile(r"^(?:print|in|printable|printview)$|^(?:tmpl|layout|view|format|mode)=(?:component|print)",
                        re.IGNORECASE),
    "search": re.compile(r"^(?:q|s|query|search|keyword|keywords|tukhoa|tu_khoa|searchword|search_query|kw)$",
                         re.IGNORECASE),
    "tag": re.compile(r"^(?:tag|tags|tagid|tag_id|keyword_id)$", re.IGNORECASE),
    "calendar": re.compile(r"^(?:month|year|thang|nam|day|ngay|date|week|tuan|cal|calendar|mon)$", re.IGNORECASE),
    "share": re.compile(r"^(?:share|sharer|sendmail|send|email)$", re.IGNORECASE),
}
TRAP_PATH = {
    "print": re.compile(r"(?:^|/)(?:print|in-bai|inbai|printpreview)(?:/|\.|$)|/trang-in-|[-_/]print\.html?$",
                        re.IGNORECASE),
    "search": re.compile(r"(?:^|/)(?:search|tim-kiem|timkiem|tim_kiem|ket-qua-tim-kiem)(?:/|\.|$|-)", re.IGNORECASE),
    "tag": re.compile(r"(?:^|/)(?:tag|tags|tu-khoa|tukhoa|the-tag|keyword|keywords|topic-tag)(?:/|\.|$)",
                      re.IGNORECASE),
    "calendar": re.compile(r"(?:^|/)(?:calendar|lich-cong-tac|lichcongtac|lich-lam-viec|events?-calendar|"
                           r"lich-su-kien)(?:/|\.|$|-)|(?:^|/)lich(?:/|\.|$)", re.IGNORECASE),
    "share": re.compile(r"(?:^|/)(?:share|sharer|send-to-friend|gui-ban-be|gui-email|sendmail|email-a-friend)"
                        r"(?:/|\.|$|-)", re.IGNORECASE),
    "account": re.compile(r"(?:^|/)(?:login|logout|dang-nhap|dang-ky|register|admin|wp-admin|wp-login|user|users)"
                          r"(?:/|\.|$)", re.IGNORECASE),
    "application": re.compile(r"^/(?:_next|static|assets|wp-json|wp-content|wp-includes|api|cgi-bin)/", re.IGNORECASE),
    "file": re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|zip|rar|7z|jpe?g|png|gif|webp|svg|bmp|ico|mp[34]|avi|mov|wmv|"
                       r"flv|css|js|json|xml|rss|atom|txt|csv|gz|exe|apk)$", re.IGNORECASE),
}

# The end of most article addresses: an id of digits (3+) or hex (12+), e.g. /tin-tuc/le-ky-niem-12345.html,
# /blogs/news/slug-65f0a1b2c3d4e5f6a7b8c9d0, /vi-vn/chuyen-muc/dan-van/123-456.
ID_ENDING = re.compile(r"(?:^|[-_/=.])(?:\d{3,}|[0-9a-f]{12,})(?:\.[a-z]{2,5})?/?$", re.IGNORECASE)
DATED_PATH = re.compile(r"/(?:19|20)\d{2}/(?:0?[1-9]|1[0-2])/[^/]{8,}/?$")   # /{yyyy}/{mm}/{slug}/ (WordPress-like)


def normalize_url(url: str) -> str:
    """The address of a page without what does not name it: fragment, session ids, tracking tags, default port."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    netloc = host if parts.port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{parts.port}"
    path = SESSION_PATH.sub("", parts.path) or "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k.lower() not in SESSION_KEYS and not k.lower().startswith("utm_")]
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def trap_kind(url: str) -> str | None:
    """Why a crawler of articles should not fetch `url` ("print", "search", "tag", "calendar", "share", "account",
    "application", "file"), or None for an ordinary page."""
    parts = urlsplit(url)
    path = parts.path or "/"
    for kind, pattern in TRAP_PATH.items():
        if pattern.search(path):
            return kind
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        for kind, pattern in TRAP_QUERY.items():
            if pattern.search(key) or pattern.search(f"{key}={value}"):
                return kind
    return None


def pager_base(url: str) -> tuple[str, int | None]:
    """(the listing's address without its page number, the page number or None) of a listing page's URL."""
    parts = urlsplit(url)
    match = PAGER_PATH.search(parts.path)
    if match:
        base = urlunsplit((parts.scheme, parts.netloc, parts.path[:match.start()] or "/", parts.query, ""))
        return base, int(match.group(1))
    number, kept = None, []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key.lower() in PAGER_PARAMS and value.isascii() and value.isdigit():
            number = int(value)
        elif key.lower() != "size":
            kept.append((key, value))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(kept), "")), number


def template_of(url: str) -> str:
    """The shape of an address: runs of digits and long hex ids as #, query values left out."""
    parts = urlsplit(url)
    path = re.sub(r"[0-9a-f]{12,}|\d+", "#", parts.path, flags=re.IGNORECASE)
    keys = sorted({k.lower() for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return path + ("?" + "&".join(keys) if keys else "")


def has_article_shape(url: str) -> bool:
    """True when the address ends the way most article addresses do: an id, or /yyyy/mm/slug/."""
    parts = urlsplit(url)
    if parts.query:
        return bool(re.search(r"(?:^|&)(?:id|newsid|articleid|itemid|cid|pid)=\d{2,}", parts.query, re.IGNORECASE)) \
            and pager_base(url)[1] is None
    return bool(ID_ENDING.search(parts.path) or DATED_PATH.search(parts.path))


# --------------------------------------------------------------------------- links


def page_links(html: str | bytes | BeautifulSoup, base_url: str) -> list[tuple[str, str]]:
    """(absolute normalized URL, link text) of every <a href> and <h* href> of a page, in order, without repeats."""
    soup = html if isinstance(html, BeautifulSoup) else BeautifulSoup(html, "lxml")
    base_tag = soup.find("base", href=True)
    base = urljoin(base_url, base_tag["href"]) if base_tag else base_url
    out, seen = [], set()
    for node in soup.find_all(href=True):
        if node.name in ("link", "base"):
            continue
        href = node["href"].strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
            continue
        url = normalize_url(urljoin(base, href))
        if urlsplit(url).scheme not in ("http", "https") or url in seen:
            continue
        seen.add(url)
        out.append((url, clean(node.get_text(" "))))
    return out


FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")


def feed_links(html: str | bytes, base_url: str) -> list[str]:
    """The feeds a page announces with <link rel="alternate" type="application/rss+xml|atom+xml">."""
    soup = BeautifulSoup(html, "lxml")
    out = []
    for link in soup.find_all("link", href=True):
        rel = {r.lower() for r in (link.get("rel") or [])}
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        if "alternate" in rel and kind in FEED_TYPES:
            url = normalize_url(urljoin(base_url, link["href"].strip()))
            if url not in out:
                out.append(url)
    return out


# --------------------------------------------------------------------------- feeds


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str
    published: str | None    # ISO date-time when the feed gives one


def read_feed(body: bytes, url: str) -> list[FeedEntry]:
    """The entries of an RSS or Atom feed (bytes already fetched: feedparser is never given a URL to fetch)."""
    import feedparser

    parsed = feedparser.parse(body, response_headers={"content-location": url})
    entries = []
    for entry in parsed.entries:
        link = entry.get("link") or ""
        if not link:
            continue
        published = None
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            published = datetime(*stamp[:6], tzinfo=timezone.utc).isoformat()
        entries.append(FeedEntry(url=normalize_url(urljoin(url, link)), title=clean(entry.get("title") or ""),
                                 published=published))
    return entries


# --------------------------------------------------------------------------- sitemaps


@dataclass(frozen=True)
class SitemapPage:
    url: str
    lastmod: str | None


@dataclass
class SitemapScan:
    """What reading a site's sitemaps found: pages, and the sub-sitemaps with their <lastmod>."""

    pages: list[SitemapPage] = field(default_factory=list)
    sitemaps: dict[str, str | None] = field(default_factory=dict)   # sitemap URL → lastmod the index gave
    unchanged: list[str] = field(default_factory=list)             # sub-sitemaps not fetched: same lastmod as before
    failed: list[str] = field(default_factory=list)


def _gunzipped(body: bytes, limit: int) -> bytes:
    if body[:2] != b"\x1f\x8b":
        return body
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as f:
            return f.read(limit)
    except (OSError, EOFError):
        return body


def index_lastmods(body: bytes) -> dict[str, str | None]:
    """<sitemap><loc>…</loc><lastmod>…</lastmod></sitemap> pairs of a sitemap index (usp keeps only the URLs)."""
    try:
        root = etree.fromstring(_gunzipped(body, 50 * 1024 * 1024),
                                parser=etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
    except (etree.XMLSyntaxError, ValueError):
        return {}
    if root is None:
        return {}
    out = {}
    for node in root.iter("{*}sitemap"):
        loc = node.find("{*}loc")
        lastmod = node.find("{*}lastmod")
        if loc is not None and loc.text:
            out[loc.text.strip()] = lastmod.text.strip() if lastmod is not None and lastmod.text else None
    return out


def read_sitemaps(roots: list[str], fetch: Callable[[str], object], *, seen_lastmods: dict[str, str | None],
                  refresh: bool = False) -> SitemapScan:
    """Read the sitemaps at `roots` (and the sub-sitemaps of indexes) with ultimate-sitemap-parser, every request
    made by `fetch(url) -> Fetched | None` (the polite client; None when robots.txt forbids it). A sub-sitemap whose
    index <lastmod> is the one seen last time is not fetched again (unless `refresh`)."""
    from usp.fetch_parse import SitemapFetcher

    logging.getLogger("usp").setLevel(logging.ERROR)   # a missing /sitemap.xml is normal; failures are counted here
    from usp.objects.sitemap import InvalidSitemap
    from usp.web_client.abstract_client import (AbstractWebClient, AbstractWebClientSuccessResponse,
                                                WebClientErrorResponse)

    scan = SitemapScan()

    class Success(AbstractWebClientSuccessResponse):
        def __init__(self, fetched):
            self.fetched = fetched

        def status_code(self) -> int:
            return self.fetched.status

        def status_message(self) -> str:
            return "OK"

        def header(self, case_insensitive_name: str):
            return self.fetched.header(case_insensitive_name)

        def raw_data(self) -> bytes:
            return self.fetched.body

        def url(self) -> str:
            return self.fetched.final_url

    class Polite(AbstractWebClient):
        def set_max_response_data_length(self, max_response_data_length) -> None:
            pass   # the polite client's own size cap applies

        def get(self, url: str):
            fetched = fetch(url)
            if fetched is None:
                return WebClientErrorResponse("not fetched (robots.txt or the page budget)", retryable=False)
            if not fetched.ok:
                scan.failed.append(url)
                return WebClientErrorResponse(fetched.error or f"HTTP {fetched.status}", retryable=False)
            scan.sitemaps.update(index_lastmods(fetched.body))
            return Success(fetched)

    def keep_changed(urls, level, parents):
        kept = []
        for url in urls:
            lastmod = scan.sitemaps.get(url)
            if not refresh and lastmod and seen_lastmods.get(url) == lastmod:
                scan.unchanged.append(url)
            else:
                kept.append(url)
        return kept

    client = Polite()
    pages: dict[str, SitemapPage] = {}
    for root in roots:
        try:
            tree = SitemapFetcher(url=root, recursion_level=0, web_client=client,
                                  recurse_list_callback=keep_changed).sitemap()
        except Exception as exc:   # usp raises its own exceptions for recursion and bad URLs
            log.info("sitemap %s not read: %s", root, exc)
            scan.failed.append(root)
            continue
        if isinstance(tree, InvalidSitemap):
            continue
        for page in tree.all_pages():
            lastmod = page.last_modified.isoformat() if page.last_modified else None
            url = normalize_url(page.url)
            if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc and url not in pages:
                pages[url] = SitemapPage(url=url, lastmod=lastmod)
    scan.pages = list(pages.values())
    return scan
