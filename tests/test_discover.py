"""Tables for the address rules of auto mode (traps, pagers, article shape, normalization) and the readers of
sitemaps and feeds (bytes in, never a fetch of their own)."""

from __future__ import annotations

import gzip

import pytest

from scrapers.discover import (feed_links, has_article_shape, index_lastmods, normalize_url, page_links, pager_base,
                               read_feed, read_sitemaps, template_of, trap_kind)
from scrapers.http import Fetched

TRAPS = [
    ("http://a.vn/tin-tuc/bai-viet-123.html?print=1", "print"),
    ("http://a.vn/index.php?option=com_content&id=12&tmpl=component", "print"),
    ("http://a.vn/trang-in-4521.html", "print"),
    ("http://a.vn/tin-tuc/bai-viet-123/print", "print"),
    ("http://a.vn/tim-kiem?q=dan+van", "search"),
    ("http://a.vn/search/dan-van", "search"),
    ("http://a.vn/index.php?s=dan+van", "search"),
    ("http://a.vn/tag/dan-van-kheo", "tag"),
    ("http://a.vn/tu-khoa/nong-thon-moi.html", "tag"),
    ("http://a.vn/news?tag=dan-van", "tag"),
    ("http://a.vn/lich?thang=3&nam=2025", "calendar"),
    ("http://a.vn/lich-cong-tac/2025/03", "calendar"),
    ("http://a.vn/events?month=2025-04", "calendar"),
    ("http://a.vn/share?url=x", "share"),
    ("http://a.vn/gui-ban-be/123", "share"),
    ("http://a.vn/dang-nhap", "account"),
    ("http://a.vn/_next/static/chunks/app.js", "application"),
    ("http://a.vn/api/v1/upload/2025/03/quy-che.pdf", "application"),
    ("http://a.vn/Uploads/files/ket-luan-62.pdf", "file"),
    ("http://a.vn/images/anh.JPG", "file"),
]
NOT_TRAPS = [
    "http://a.vn/tin-tuc/lich-su-dang-bo-tinh-12345.html",       # "lịch sử" (history) is not a calendar
    "http://a.vn/tin-tuc/tag-cuoi-nam-cua-doan-vien-123.html",   # a slug that merely contains "tag"
    "http://a.vn/chuyen-muc/dan-van-kheo?start=10",
    "http://a.vn/chuyen-muc/dan-van-kheo/page/2",
    "http://a.vn/blogs/category/type/tin-tuc?&categoryId=65a1f0c2d4e6b8a0c1e2f301&page=2&size=10",
    "http://a.vn/vi-vn/chuyen-muc/dan-van/123-456",
    "http://a.vn/",
    "http://a.vn/gioi-thieu.html",
]


@pytest.mark.parametrize("url, kind", TRAPS)
def test_traps_are_recognized(url, kind):
    assert trap_kind(url) == kind


@pytest.mark.parametrize("url", NOT_TRAPS)
def test_ordinary_pages_are_not_traps(url):
    assert trap_kind(url) is None


ARTICLE_SHAPES = [
    "http://a.vn/tin-tuc/le-ky-niem-12345.html",
    "http://a.vn/tin-tuc/le-ky-niem-1234567890123.htm",
    "http://a.vn/blogs/tin-tuc/tong-ket-67d1a3c0b2e4f6a8c0d2e410",
    "http://a.vn/vi-vn/chuyen-muc/dan-van/123-456",
    "http://a.vn/thoi-su/202503/hoi-nghi-dan-van-123456/",
    "http://a.vn/2025/03/hoi-nghi-dan-van-kheo/",
    "http://a.vn/index.php?newsid=1234",
]
NOT_ARTICLE_SHAPES = [
    "http://a.vn/chuyen-muc/dan-van-kheo",
    "http://a.vn/chuyen-muc/dan-van-kheo?start=10",
    "http://a.vn/tin-tuc/page/2",
    "http://a.vn/gioi-thieu.html",
    "http://a.vn/tag/dan-van",
    "http://a.vn/",
]


@pytest.mark.parametrize("url", ARTICLE_SHAPES)
def test_article_shapes(url):
    assert has_article_shape(url)


@pytest.mark.parametrize("url", NOT_ARTICLE_SHAPES)
def test_not_article_shapes(url):
    assert not has_article_shape(url)


@pytest.mark.parametrize("url, base, number", [
    ("http://a.vn/tin-tuc?start=10", "http://a.vn/tin-tuc", 10),
    ("http://a.vn/tin-tuc/page/3", "http://a.vn/tin-tuc", 3),
    ("http://a.vn/x.aspx?page=2&cat=4", "http://a.vn/x.aspx?cat=4", 2),
    ("http://a.vn/b?&categoryId=65a1&page=2&size=10", "http://a.vn/b?categoryId=65a1", 2),
    ("http://a.vn/tin-tuc/bai-viet-123.html", "http://a.vn/tin-tuc/bai-viet-123.html", None),
    ("http://a.vn/x?page=²", "http://a.vn/x?page=%C2%B2", None),
])
def test_pager_base(url, base, number):
    assert pager_base(url) == (base, number)


@pytest.mark.parametrize("url, normal", [
    ("HTTP://A.VN:80/x.html#top", "http://a.vn/x.html"),
    ("https://a.vn:443/x?PHPSESSID=abc123&id=4", "https://a.vn/x?id=4"),
    ("http://a.vn/x;jsessionid=0AF3?y=1", "http://a.vn/x?y=1"),
    ("http://a.vn/(S(lit3py55t21z5v55vlm25s55))/Tin-tuc.aspx", "http://a.vn/Tin-tuc.aspx"),
    ("http://a.vn/x?utm_source=fb&sid=9f&page=2", "http://a.vn/x?page=2"),
    ("http://a.vn:8080/x", "http://a.vn:8080/x"),
])
def test_normalize_url(url, normal):
    assert normalize_url(url) == normal


def test_template_groups_addresses_of_one_shape():
    assert template_of("http://a.vn/su-kien/2025-03") == template_of("http://a.vn/su-kien/2031-11")
    assert template_of("http://a.vn/x?b=1&a=2") == "/x?a&b"
    assert template_of("http://a.vn/tin-tuc/a-1.html") != template_of("http://a.vn/chuyen-muc/a")


def test_links_and_announced_feeds():
    html = ('<html><head><base href="/tin/"><link rel="alternate" type="application/rss+xml" href="/rss/">'
            '<link rel="alternate" type="application/atom+xml" href="atom.xml"><link rel="stylesheet" href="a.css">'
            '</head><body><a href="a-1.html#x">Tin một</a><a href="a-1.html">again</a><a href="javascript:void(0)">'
            'no</a><h3 href="/blogs/x-65f0a1b2c3d4e5f6a7b8c9d0">Headline as attribute</h3>'
            '<a href="mailto:x@a.vn">mail</a></body></html>')
    assert page_links(html, "http://a.vn/") == [("http://a.vn/tin/a-1.html", "Tin một"),
                                                ("http://a.vn/blogs/x-65f0a1b2c3d4e5f6a7b8c9d0", "Headline as attribute")]
    assert feed_links(html, "http://a.vn/") == ["http://a.vn/rss/", "http://a.vn/atom.xml"]


def test_atom_feed_is_read_from_bytes():
    atom = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
            '<entry><title>Hội nghị dân vận</title><link href="/tin-tuc/hoi-nghi-12.html"/>'
            '<updated>2025-03-11T18:30:00Z</updated></entry></feed>').encode("utf-8")
    entries = read_feed(atom, "http://a.vn/atom.xml")
    assert [(e.url, e.title) for e in entries] == [("http://a.vn/tin-tuc/hoi-nghi-12.html", "Hội nghị dân vận")]
    assert entries[0].published.startswith("2025-03-11T18:30")
    assert read_feed(b"\x00\xff not a feed", "http://a.vn/rss") == []


INDEX = ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
         '<sitemap><loc>http://a.vn/s1.xml.gz</loc><lastmod>2025-03-01</lastmod></sitemap>'
         '<sitemap><loc>http://a.vn/s2.xml</loc><lastmod>2025-04-01</lastmod></sitemap>'
         '<sitemap><loc>http://a.vn/index.xml</loc></sitemap></sitemapindex>')
URLSET = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
          '<url><loc>http://a.vn/{0}-1.html</loc><lastmod>2025-03-01T08:00:00+07:00</lastmod></url>'
          '<url><loc>http://a.vn/{0}-2.html</loc></url></urlset>')


def fake_fetch(bodies: dict[str, bytes], asked: list[str]):
    def fetch(url: str):
        asked.append(url)
        if url not in bodies:
            return Fetched(url=url, final_url=url, status=404)
        return Fetched(url=url, final_url=url, status=200, body=bodies[url])
    return fetch


def test_sitemap_index_gzip_child_and_a_loop_back_to_the_index():
    bodies = {"http://a.vn/index.xml": INDEX.encode(), "http://a.vn/s1.xml.gz": gzip.compress(URLSET.format("a").encode()),
              "http://a.vn/s2.xml": URLSET.format("b").encode()}
    asked: list[str] = []
    scan = read_sitemaps(["http://a.vn/index.xml"], fake_fetch(bodies, asked), seen_lastmods={})
    assert sorted(p.url for p in scan.pages) == ["http://a.vn/a-1.html", "http://a.vn/a-2.html",
                                                 "http://a.vn/b-1.html", "http://a.vn/b-2.html"]
    assert {p.url: p.lastmod for p in scan.pages}["http://a.vn/a-1.html"].startswith("2025-03-01T08:00")
    assert asked.count("http://a.vn/index.xml") == 1            # the index listing itself is not read twice
    assert scan.sitemaps["http://a.vn/s2.xml"] == "2025-04-01"
    asked.clear()
    again = read_sitemaps(["http://a.vn/index.xml"], fake_fetch(bodies, asked), seen_lastmods=scan.sitemaps)
    assert asked == ["http://a.vn/index.xml"] and sorted(again.unchanged) == ["http://a.vn/s1.xml.gz",
                                                                              "http://a.vn/s2.xml"]


@pytest.mark.parametrize("body", [b"", b"<html><body>Not a sitemap</body></html>", b"\x1f\x8b broken gzip",
                                  b"<?xml version='1.0'?><urlset><url><loc>not a url</loc></url>"])
def test_bad_sitemaps_give_no_pages_and_no_error(body):
    scan = read_sitemaps(["http://a.vn/sitemap.xml"], fake_fetch({"http://a.vn/sitemap.xml": body}, []),
                         seen_lastmods={})
    assert scan.pages == []
    assert index_lastmods(body) == {}


@pytest.mark.parametrize("first, second, is_later", [
    ("2025-04-03", "2025-04-02T23:00:00+07:00", True),
    ("2025-04-02T10:00:00+07:00", "2025-04-02T04:00:00Z", False),     # 03:00 UTC, an hour before
    ("2025-04-02T10:00:01+07:00", "2025-04-02T03:00:00.000Z", True),
    ("2025-03-01", "2026-12-01T14:00:00.000000Z", False),
    ("2025-04-02T10:00:00+07:00", "2025-04-02", True),
])
def test_lastmod_comparison(first, second, is_later):
    from scrapers.autocrawl import later

    assert later(first, second) is is_later
