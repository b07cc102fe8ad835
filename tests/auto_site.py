"""A board's site of an unknown portal (families D and E), served on 127.0.0.1 for the tests of `--site auto`.

Family D carries a sitemap index with <lastmod>, an RSS feed, JSON-LD and OpenGraph; family E has only links,
with the traps of a real portal: an endless event calendar (one by its name, one only by its shape), search
pages, print variants, tag pages and a session id in every navigation link. Every article page also carries
share buttons, a tag cloud, related posts, comments and a footer that are not the article. The server logs
each request's path, User-Agent and arrival time.
"""

from __future__ import annotations

import html
import itertools
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

CATEGORIES = {"hoat-dong": "Tin hoạt động", "dan-van-kheo": "Dân vận khéo"}
SHARE_TEXT = "Chia sẻ bài viết qua Facebook Zalo"
RELATED_TEXT = "Tin liên quan khác của chuyên mục dân vận"
COMMENT_TEXT = "Bạn đọc Nguyễn Văn A bình luận rằng bài viết rất hay"
FOOTER_TEXT = "Bản quyền thuộc Ban Dân vận Tỉnh ủy, địa chỉ số 1 đường Trần Hưng Đạo"
TAG_TEXT = "Từ khóa: dân vận khéo"


@dataclass
class Post:
    number: int
    category: str
    title: str
    published: str            # YYYY-MM-DD
    paragraphs: tuple[str, ...]
    author: str = "Minh Châu"
    hidden: bool = False      # in the sitemap only, not in any listing
    modified: str | None = None

    @property
    def path(self) -> str:
        return f"/tin-tuc/{self.category}/bai-viet-dan-van-so-{self.number}-{1000 + self.number}.html"


def make_posts(count: int, *, start: int = 1) -> list[Post]:
    posts = []
    for n in range(start, start + count):
        category = list(CATEGORIES)[n % 2]
        posts.append(Post(
            number=n, category=category,
            title=f"Hội nghị dân vận khéo lần thứ {n} của huyện Chư Sê",
            published=f"2025-03-{(n % 27) + 1:02d}",
            paragraphs=(
                f"Sáng {n}/3, Ban Dân vận Huyện ủy tổ chức hội nghị tổng kết phong trào thi đua dân vận khéo lần thứ {n}, "
                "với sự tham dự của 120 đại biểu đến từ các xã, thị trấn trên địa bàn huyện.",
                "Trong năm qua, các cấp ủy, chính quyền, Mặt trận Tổ quốc và các đoàn thể đã vận động nhân dân đóng góp "
                f"trên {n} tỷ đồng để xây dựng nông thôn mới, làm mới 12 km đường giao thông nông thôn.",
                "Hội nghị đã khen thưởng các tập thể và cá nhân có thành tích xuất sắc trong phong trào, "
                "đồng thời đề ra phương hướng, nhiệm vụ cho năm tiếp theo.",
            ),
        ))
    return posts


@dataclass
class BoardSite:
    family: str = "D"                       # "D": sitemap index, feed, JSON-LD; "E": only links and traps
    posts: list[Post] = field(default_factory=list)
    per_page: int = 3
    robots: str = "User-agent: *\nDisallow: /quan-tri/\n"
    requests: list[str] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)
    times: list[float] = field(default_factory=list)
    gzip_paths: set[str] = field(default_factory=set)
    with_sitemap: bool = True               # family D: the sitemap index (robots.txt names it)
    faults: dict[str, int] = field(default_factory=dict)   # path → status to answer instead
    lock: threading.Lock = field(default_factory=threading.Lock)
    sessions: itertools.count = field(default_factory=lambda: itertools.count(1))

    # ---- what the site holds -------------------------------------------------------------------------------
    def by_path(self) -> dict[str, Post]:
        return {p.path: p for p in self.posts}

    def listed(self, category: str) -> list[Post]:
        shown = [p for p in self.posts if p.category == category and not p.hidden]
        return sorted(shown, key=lambda p: (p.published, p.number), reverse=True)

    def sitemap_lastmod(self, category: str) -> str:
        dates = [p.modified or p.published for p in self.posts if p.category == category]
        return max(dates) if dates else "2025-01-01"

    def article_requests(self) -> list[str]:
        posts = self.by_path()
        return [p for p in self.requests if urlsplit(p).path in posts and not urlsplit(p).query]

    # ---- page parts ----------------------------------------------------------------------------------------
    def link(self, href: str) -> str:
        """Family E gives every navigation link a session id, a new one each time."""
        if self.family != "E":
            return href
        return f"{href}{'&' if '?' in href else '?'}sid={next(self.sessions):08x}"

    def chrome(self, title: str, main: str, head: str = "") -> str:
        menu = "".join(f'<li><a href="{self.link("/chuyen-muc/" + slug)}">{name}</a></li>'
                       for slug, name in CATEGORIES.items())
        traps = ""
        if self.family == "E":
            traps = ('<a href="/lich?thang=3&nam=2025">Lịch công tác</a> '
                     '<a href="/su-kien/2025-03">Sự kiện tháng</a> '
                     '<a href="/tim-kiem?q=dan+van">Tìm kiếm</a>')
        feed = '<link rel="alternate" type="application/rss+xml" title="Tin mới" href="/rss/tin-moi.rss">' \
            if self.family == "D" else ""
        return (
            f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{html.escape(title)} - Ban Dân vận</title>'
            f'{feed}{head}</head><body>'
            f'<header class="site-header"><a href="/">Ban Dân vận Tỉnh ủy</a><nav class="main-menu"><ul>{menu}'
            f'<li><a href="{self.link("/gioi-thieu.html")}">Giới thiệu</a></li></ul>{traps}</nav></header>'
            f'<div class="container">{main}'
            '<aside class="sidebar"><h3>Xem nhiều</h3>'
            + "".join(f'<a href="{p.path}">{html.escape(p.title)}</a>' for p in self.posts[:2] if not p.hidden)
            + '</aside></div>'
            f'<footer class="site-footer"><p>{FOOTER_TEXT}</p><a href="/lien-he.html">Liên hệ</a></footer>'
            '</body></html>'
        )

    def article_page(self, post: Post, variant: str = "") -> str:
        vn_date = "/".join(reversed(post.published.split("-")))
        head = ""
        if self.family == "D":
            head = (
                '<meta property="og:type" content="article">'
                f'<meta property="og:title" content="{html.escape(post.title)} - Ban Dân vận">'
                f'<meta property="article:published_time" content="{post.published}T01:30:00+07:00">'
                '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
                f'"headline":"{post.title}","datePublished":"{post.published}T08:30:00+07:00",'
                f'"author":{{"@type":"Person","name":"{post.author}"}}}}</script>'
            )
        related = [p for p in self.posts if p is not post and not p.hidden][:4]
        body = "".join(f"<p>{html.escape(text)}</p>" for text in post.paragraphs)
        main = (
            '<div class="breadcrumbs"><a href="/">Trang chủ</a> / '
            f'<a href="{self.link("/chuyen-muc/" + post.category)}">{CATEGORIES[post.category]}</a></div>'
            f'<article class="post"><h1 class="post-title">{html.escape(post.title)}</h1>'
            f'<div class="post-date">Thứ tư, {vn_date} 08:30</div>'
            f'<div class="share-buttons">{SHARE_TEXT} <a href="{post.path}?print=1">In bài</a> '
            f'<a href="{post.path}?tmpl=component">Bản in</a> <a href="/trang-in-{1000 + post.number}.html">Trang in</a></div>'
            f'<div class="post-content">{body}<p style="text-align:right"><strong>{post.author}</strong></p></div>'
            f'<div class="post-tags">{TAG_TEXT} <a href="/tag/dan-van-kheo">dân vận khéo</a> '
            f'<a href="/tag/nong-thon-moi">nông thôn mới</a></div>'
            '</article>'
            f'<div class="related-news"><h3>{RELATED_TEXT}</h3><ul>'
            + "".join(f'<li><a href="{p.path}">{html.escape(p.title)}</a></li>' for p in related)
            + '</ul></div>'
            f'<div class="comments"><h3>Ý kiến bạn đọc</h3><p>{COMMENT_TEXT}</p></div>'
        )
        if variant:
            main = f'<div class="print-view">{main}</div>'
        return self.chrome(post.title, main, head)

    def listing_page(self, category: str, start: int) -> str:
        shown = self.listed(category)
        page = shown[start:start + self.per_page]
        items = "".join(
            f'<div class="item"><h3><a href="{p.path}">{html.escape(p.title)}</a></h3>'
            f'<span class="date">{"/".join(reversed(p.published.split("-")))}</span><p>Tin vắn.</p></div>'
            for p in page)
        pager = "".join(f'<a href="{self.link(f"/chuyen-muc/{category}?start={n}")}">{n // self.per_page + 1}</a> '
                        for n in range(0, len(shown), self.per_page))
        main = (f'<h1>{CATEGORIES[category]}</h1><div class="list">{items}</div>'
                f'<div class="pagination">{pager}</div>')
        return self.chrome(CATEGORIES[category], main)

    def tag_page(self, tag: str) -> str:
        items = "".join(f'<div class="item"><h3><a href="{p.path}">{html.escape(p.title)}</a></h3></div>'
                        for p in self.posts if not p.hidden)
        return self.chrome(f"Tag {tag}", f"<h1>Tag: {tag}</h1>{items}")

    def static_page(self, title: str) -> str:
        text = ("Ban Dân vận Tỉnh ủy là cơ quan tham mưu, giúp việc của Tỉnh ủy về công tác dân vận, "
                "có chức năng nghiên cứu, đề xuất, hướng dẫn, kiểm tra và tổ chức thực hiện công tác dân vận. ") * 6
        return self.chrome(title, f"<h1>{title}</h1><div class='page-content'><p>{text}</p></div>")

    def calendar_page(self, month: int, year: int) -> str:
        following = (month % 12) + 1, year + (month // 12)
        return self.chrome("Lịch công tác", f'<h1>Lịch công tác tháng {month}/{year}</h1>'
                           f'<a href="/lich?thang={following[0]}&nam={following[1]}">Tháng sau</a>')

    def events_page(self, year: int, month: int) -> str:
        following = (year + (month // 12), (month % 12) + 1)
        return self.chrome("Sự kiện", f'<h1>Sự kiện tháng {month}/{year}</h1><p>Chưa có sự kiện.</p>'
                           f'<a href="/su-kien/{following[0]}-{following[1]:02d}">Tháng sau</a>')

    def home(self) -> str:
        latest = sorted((p for p in self.posts if not p.hidden), key=lambda p: p.published, reverse=True)[:4]
        items = "".join(f'<div class="item"><h3><a href="{p.path}">{html.escape(p.title)}</a></h3></div>'
                        for p in latest)
        return self.chrome("Trang chủ", f'<div class="home-news">{items}</div>')

    def sitemap_index(self) -> str:
        entries = "".join(
            f"<sitemap><loc>{self.base}/sitemap-{slug}.xml</loc><lastmod>{self.sitemap_lastmod(slug)}</lastmod></sitemap>"
            for slug in CATEGORIES)
        entries += f"<sitemap><loc>{self.base}/sitemap-trang.xml</loc><lastmod>2024-01-01</lastmod></sitemap>"
        return f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'

    def sitemap(self, slug: str) -> str | None:
        if slug == "trang":
            urls = [(f"{self.base}/gioi-thieu.html", "2024-01-01")]
        elif slug in CATEGORIES:
            urls = [(self.base + p.path, p.modified or p.published) for p in self.posts if p.category == slug]
        else:
            return None
        entries = "".join(f"<url><loc>{loc}</loc><lastmod>{lastmod}</lastmod></url>" for loc, lastmod in urls)
        return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'

    def feed(self) -> str:
        latest = sorted(self.posts, key=lambda p: (p.published, p.number), reverse=True)[:5]
        items = "".join(f"<item><title>{html.escape(p.title)}</title><link>{self.base}{p.path}</link>"
                        f"<pubDate>Wed, 12 Mar 2025 01:30:00 GMT</pubDate></item>" for p in latest)
        return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin mới</title>'
                f'<link>{self.base}/</link>{items}</channel></rss>')

    # ---- answering -----------------------------------------------------------------------------------------
    base: str = ""

    def answer(self, path_and_query: str) -> tuple[int, list[tuple[str, str]], bytes]:
        with self.lock:
            self.times.append(time.monotonic())
        parts = urlsplit(path_and_query)
        path, query = parts.path, parse_qs(parts.query)
        page = "text/html; charset=utf-8"
        xml = "application/xml; charset=utf-8"

        def ok(text: str, kind: str = page):
            return 200, [("Content-Type", kind)], text.encode("utf-8")

        posts = self.by_path()
        if path in self.faults:
            return self.faults[path], [("Content-Type", "text/html")], b"<html><body>Server error</body></html>"
        if path == "/robots.txt":
            extra = "Sitemap: " + self.base + "/sitemap_index.xml\n" if self.family == "D" and self.with_sitemap else ""
            return ok(self.robots + extra, "text/plain")
        if path == "/":
            return ok(self.home())
        if path in posts:
            variant = "print" if ("print" in query or "tmpl" in query) else ""
            return ok(self.article_page(posts[path], variant))
        if path.startswith("/chuyen-muc/") and path.removeprefix("/chuyen-muc/") in CATEGORIES:
            start = query.get("start", ["0"])[0]
            return ok(self.listing_page(path.removeprefix("/chuyen-muc/"), int(start) if start.isdigit() else 0))
        if path.startswith("/tag/"):
            return ok(self.tag_page(path.removeprefix("/tag/")))
        if path in ("/gioi-thieu.html", "/lien-he.html"):
            return ok(self.static_page("Giới thiệu" if "gioi" in path else "Liên hệ"))
        if path == "/lich":
            month, year = query.get("thang", ["1"])[0], query.get("nam", ["2025"])[0]
            return ok(self.calendar_page(int(month), int(year)))
        if path.startswith("/su-kien/"):
            year, _, month = path.removeprefix("/su-kien/").partition("-")
            if year.isdigit() and month.isdigit():
                return ok(self.events_page(int(year), int(month)))
        if path.startswith("/trang-in-") or path == "/tim-kiem":
            return ok(self.chrome("In", "<p>Bản in</p>"))
        if self.family == "D":
            if path == "/sitemap_index.xml" and self.with_sitemap:
                return ok(self.sitemap_index(), xml)
            if path.startswith("/sitemap-") and path.endswith(".xml") and self.with_sitemap:
                found = self.sitemap(path.removeprefix("/sitemap-").removesuffix(".xml"))
                if found:
                    return ok(found, xml)
            if path == "/rss/tin-moi.rss":
                return ok(self.feed(), "application/rss+xml; charset=utf-8")
        return 404, [("Content-Type", "text/html")], b"<html><body><h1>Not found</h1></body></html>"


def board_site(family: str, count: int = 10, *, hidden: int = 0) -> BoardSite:
    """A site of `count` articles in two categories; the last `hidden` of them only in the sitemap."""
    site = BoardSite(family=family, posts=make_posts(count))
    for post in site.posts[count - hidden:]:
        post.hidden = True
    return site
