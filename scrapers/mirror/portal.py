"""The provincial portal's mirror (families D/E): read data/mirror/portal/ and answer as a PHP portal of the NukeViet kind.

Pages:

* ``/robots.txt`` — the file of the mirror root, plus a ``Sitemap:`` line (absolute URL of this server);
* ``/sitemap.xml`` — a sitemap index of ``/sitemap-news-{year}.xml`` and ``/sitemap-pages.xml``, with ``<lastmod>``;
* ``/rss/`` — an RSS 2.0 feed of the newest articles, announced in every page's ``<head>``;
* ``/`` — the home page; ``/chuyen-muc/{category}`` — a listing, paged by ``?start=N`` (an offset) or by
  ``/chuyen-muc/{category}/page/N``, as the category's ``paging`` says; a page past the last is empty;
* ``/tin-tuc/{slug}-{id}.html`` — an article with JSON-LD ``NewsArticle`` and OpenGraph (``og:type`` is
  ``website`` where the data says so), amid share buttons, related posts, tags, comments, print links, footer;
  ``?print=1`` and ``?tmpl=component`` give the same article bare; a ``sid`` query is accepted anywhere;
* ``/gioi-thieu.html``, ``/lien-he.html`` … — static pages (not articles);
* the traps: ``/lich-su-kien?thang=YYYY-MM`` (a calendar whose "next month" link never ends),
  ``/tim-kiem?q=…`` (search results), ``/tag/{tag}`` (the same articles again), and links carrying a
  ``sid`` that changes from page to page (on the home page's newest articles and on related posts).

An article with ``sitemap_only: true`` is linked from nowhere but the sitemap.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode, urlsplit
from xml.sax.saxutils import escape as xml_escape

from scrapers.mirror.common import (
    DATA_ROOT, Response, esc_attr, esc_text, html_response, page_number, problem, read_mapping, read_yaml,
    split_paragraphs,
)

DEFAULT_ROOT = DATA_ROOT / "portal"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ARTICLE_PATH = re.compile(r"^/tin-tuc/(?P<slug>[a-z0-9-]+)-(?P<id>\d+)\.html$")
LISTING_PATH = re.compile(r"^/chuyen-muc/(?P<category>[a-z0-9-]+)(?:/page/(?P<page>\d{1,6}))?/?$")
TAG_PATH = re.compile(r"^/tag/(?P<tag>[a-z0-9-]+)/?$")
SITEMAP_YEAR = re.compile(r"^/sitemap-news-(?P<year>\d{4})\.xml$")
MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])$")
ARTICLE_KEYS = {
    "id", "slug", "category", "title", "published", "modified", "author", "og_type", "tags", "sitemap_only",
    "comments", "body", "notes",
}
PAGINGS = ("start", "path")
SERVER_HEADERS = (("Server", "Apache"), ("X-Powered-By", "PHP/7.4.33"))
HOME_NEWEST = 5
FEED_ITEMS = 10
RELATED = 3
SUMMARY_CHARS = 200
SEARCH_SUGGESTIONS = ("dân vận khéo", "dân chủ cơ sở")


# --------------------------------------------------------------------------- the site's content


@dataclass(frozen=True)
class PortalCategory:
    slug: str
    name: str
    paging: str         # start: ?start=N; path: /page/N

    @property
    def path(self) -> str:
        return f"/chuyen-muc/{self.slug}"

    def page_path(self, page: int, per_page: int) -> str:
        if page <= 1:
            return self.path
        if self.paging == "path":
            return f"{self.path}/page/{page}"
        return f"{self.path}?start={(page - 1) * per_page}"


@dataclass(frozen=True)
class Comment:
    name: str
    text: str


@dataclass(frozen=True)
class PortalArticle:
    id: int
    slug: str
    category: PortalCategory
    title: str
    published: datetime         # with its UTC offset
    modified: datetime
    paragraphs: tuple[str, ...]
    author: str | None = None
    og_type: str = "article"
    tags: tuple[str, ...] = ()
    sitemap_only: bool = False
    comments: tuple[Comment, ...] = ()

    @property
    def path(self) -> str:
        return f"/tin-tuc/{self.slug}-{self.id}.html"

    @property
    def summary(self) -> str:
        first = self.paragraphs[0] if self.paragraphs else ""
        return first if len(first) <= SUMMARY_CHARS else first[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"


@dataclass(frozen=True)
class StaticPage:
    path: str
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class PortalSite:
    root: Path
    title: str
    generator: str
    per_page: int
    categories: tuple[PortalCategory, ...]
    articles_by_path: dict[str, PortalArticle]
    static_pages: dict[str, StaticPage]
    calendar_start: str                     # YYYY-MM shown by /lich-su-kien without ?thang
    events: dict[str, tuple[tuple[int, str], ...]]     # YYYY-MM → (day, event)
    footer: tuple[str, ...]
    robots: str | None
    tag_names: dict[str, str]               # tag slug → its words as shown

    def tag_name(self, tag: str) -> str:
        return self.tag_names.get(tag, tag.replace("-", " "))

    def all_tags(self) -> list[str]:
        return sorted({t for a in self.newest() for t in a.tags})

    @property
    def articles(self) -> dict[str, PortalArticle]:
        return self.articles_by_path

    def newest(self, listed_only: bool = True) -> list[PortalArticle]:
        """Articles newest first (ties by id); without the sitemap-only ones unless *listed_only* is False."""
        chosen = [a for a in self.articles_by_path.values() if not (listed_only and a.sitemap_only)]
        chosen.sort(key=lambda a: a.id, reverse=True)
        chosen.sort(key=lambda a: a.published, reverse=True)
        return chosen

    def category(self, slug: str) -> PortalCategory | None:
        return next((c for c in self.categories if c.slug == slug), None)

    def listing(self, category: PortalCategory) -> list[PortalArticle]:
        return [a for a in self.newest() if a.category == category]

    def tagged(self, tag: str) -> list[PortalArticle]:
        return [a for a in self.newest() if tag in a.tags]


def _stamp(value, key: str) -> datetime:
    """An ISO date-time with its offset (2025-03-12T08:30:00+07:00)."""
    try:
        stamp = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"'{key}' must be an ISO date-time with offset, not {value!r}") from None
    if stamp.tzinfo is None:
        raise ValueError(f"'{key}' must carry its UTC offset (+07:00), not {value!r}")
    return stamp


def _article(raw, where: str, categories: dict[str, PortalCategory]) -> PortalArticle:
    if not isinstance(raw, dict):
        raise problem(where, "each article is a mapping (id, slug, category, title, published, body, ...)")
    problems = []
    unknown = sorted(set(raw) - ARTICLE_KEYS)
    if unknown:
        problems.append(f"unknown field(s) {', '.join(unknown)}")
    for key in ("id", "slug", "category", "title", "published", "body"):
        if key not in raw:
            problems.append(f"missing '{key}'")
    if problems:
        raise problem(where, "; ".join(problems))
    if not isinstance(raw["id"], int) or raw["id"] < 1:
        problems.append(f"'id' must be a positive whole number, not {raw['id']!r}")
    if not SLUG.match(str(raw["slug"])):
        problems.append(f"'slug' must be lowercase ASCII words joined by '-', not {raw['slug']!r}")
    category = categories.get(str(raw["category"]))
    if category is None:
        problems.append(f"unknown category {raw['category']!r} (site.yaml has {', '.join(sorted(categories))})")
    published = modified = None
    try:
        published = _stamp(raw["published"], "published")
        modified = _stamp(raw.get("modified") or raw["published"], "modified")
    except ValueError as exc:
        problems.append(str(exc))
    og_type = raw.get("og_type", "article")
    if og_type not in ("article", "website"):
        problems.append(f"'og_type' must be article or website, not {og_type!r}")
    tags = raw.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) and SLUG.match(t) for t in tags):
        problems.append("'tags' must be a list of lowercase slugs")
    comments = raw.get("comments") or []
    if not isinstance(comments, list) or not all(isinstance(c, dict) and {"name", "text"} <= set(c) for c in comments):
        problems.append("'comments' must be a list of {name, text}")
    if not isinstance(raw["body"], str) or not raw["body"].strip():
        problems.append("'body' must be text (paragraphs separated by a blank line)")
    if problems:
        raise problem(where, "; ".join(problems))
    return PortalArticle(
        id=raw["id"], slug=str(raw["slug"]), category=category, title=str(raw["title"]).strip(),
        published=published, modified=modified, paragraphs=split_paragraphs(raw["body"]),
        author=raw.get("author") or None, og_type=og_type, tags=tuple(tags),
        sitemap_only=bool(raw.get("sitemap_only")),
        comments=tuple(Comment(str(c["name"]), str(c["text"])) for c in comments),
    )


def load_portal(root: Path | str | None = None) -> PortalSite:
    """Load and validate the portal's mirror under *root* (default data/mirror/portal/)."""
    root = Path(root) if root is not None else DEFAULT_ROOT
    site_path = root / "site.yaml"
    site = read_mapping(site_path, "portal mirror")
    per_page = site.get("per_page", 10)
    if not isinstance(per_page, int) or per_page < 1:
        raise problem(site_path, f"'per_page' must be a positive whole number, not {per_page!r}")
    categories: dict[str, PortalCategory] = {}
    for i, raw in enumerate(site.get("categories") or []):
        if not isinstance(raw, dict) or not {"slug", "name"} <= set(raw) or not SLUG.match(str(raw["slug"])):
            raise problem(site_path, f"categories[{i}] needs a lowercase slug and a name")
        paging = raw.get("paging", "start")
        if paging not in PAGINGS:
            raise problem(site_path, f"categories[{i}].paging must be start or path, not {paging!r}")
        categories[str(raw["slug"])] = PortalCategory(str(raw["slug"]), str(raw["name"]), paging)
    if not categories:
        raise problem(site_path, "'categories' must list at least one category")
    static_pages = {}
    for i, raw in enumerate(site.get("static_pages") or []):
        if not isinstance(raw, dict) or not {"path", "title", "body"} <= set(raw):
            raise problem(site_path, f"static_pages[{i}] needs path, title and body")
        static_pages[str(raw["path"])] = StaticPage(str(raw["path"]), str(raw["title"]), split_paragraphs(raw["body"]))
    calendar_start = str(site.get("calendar_start", "2025-01"))
    if not MONTH.match(calendar_start):
        raise problem(site_path, f"'calendar_start' must be YYYY-MM, not {calendar_start!r}")
    events: dict[str, list[tuple[int, str]]] = {}
    for i, raw in enumerate(site.get("events") or []):
        try:
            day = date.fromisoformat(str(raw["date"]))
        except (TypeError, KeyError, ValueError):
            raise problem(site_path, f"events[{i}] needs an ISO date and a title") from None
        events.setdefault(day.strftime("%Y-%m"), []).append((day.day, str(raw.get("title", ""))))
    articles_path = root / "articles.yaml"
    items = read_yaml(articles_path) if articles_path.is_file() else None
    if not isinstance(items, list):
        raise problem(articles_path, "articles.yaml must be a list of articles")
    articles: dict[str, PortalArticle] = {}
    seen_ids: set[int] = set()
    for i, raw in enumerate(items):
        article = _article(raw, f"{articles_path} (item {i})", categories)
        if article.id in seen_ids:
            raise problem(articles_path, f"id {article.id} is used twice")
        seen_ids.add(article.id)
        articles[article.path] = article
    robots = root / "robots.txt"
    return PortalSite(
        root=root, title=str(site.get("title", "Ban Tuyên giáo và Dân vận")),
        generator=str(site.get("generator", "NukeViet v4.0")), per_page=per_page,
        categories=tuple(categories.values()), articles_by_path=articles, static_pages=static_pages,
        calendar_start=calendar_start, events={k: tuple(v) for k, v in events.items()},
        footer=tuple(str(line) for line in site.get("footer") or []),
        robots=robots.read_text(encoding="utf-8") if robots.is_file() else None,
        tag_names={str(k): str(v) for k, v in (site.get("tag_names") or {}).items()},
    )


# --------------------------------------------------------------------------- page pieces


def _sid(target: str) -> str:
    """The session id this page writes into its links: different on every page."""
    return hashlib.sha1(target.encode("utf-8")).hexdigest()[:26]


def _with_sid(path: str, sid: str) -> str:
    return f"{path}?{urlencode({'sid': sid})}"


def _day(stamp: datetime) -> str:
    return stamp.strftime("%d/%m/%Y %H:%M")


def _head(site: PortalSite, base_url: str, title: str, og: dict[str, str], extra: str = "") -> str:
    metas = "\n".join(f'<meta property="{esc_attr(k)}" content="{esc_attr(v)}" />' for k, v in og.items())
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8" />
<title>{esc_text(title)}</title>
<meta name="generator" content="{esc_attr(site.generator)}" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
{metas}
<link rel="alternate" type="application/rss+xml" title="{esc_attr(site.title)}" href="/rss/" />
<link rel="stylesheet" href="/themes/default/css/style.css" />
{extra}</head>"""


def _page(site: PortalSite, base_url: str, path: str, title: str, main: str,
          og_type: str = "website", og_extra: dict[str, str] | None = None, head_extra: str = "") -> str:
    og = {"og:type": og_type, "og:title": title, "og:url": base_url + path, "og:site_name": site.title}
    og.update(og_extra or {})
    menu = ['<li><a href="/">Trang chủ</a></li>']
    menu += [f'<li><a href="{esc_attr(c.path)}">{esc_text(c.name)}</a></li>' for c in site.categories]
    menu += [f'<li><a href="{esc_attr(p.path)}">{esc_text(p.title)}</a></li>' for p in site.static_pages.values()]
    menu.append(f'<li><a href="/lich-su-kien?thang={site.calendar_start}">Lịch sự kiện</a></li>')
    suggestions = " ".join(
        f'<a href="/tim-kiem?{urlencode({"q": q})}">{esc_text(q)}</a>' for q in SEARCH_SUGGESTIONS
    )
    cloud = " ".join(f'<a href="/tag/{quote(t)}">{esc_text(site.tag_name(t))}</a>' for t in site.all_tags())
    footer = "<br />".join(esc_text(line) for line in site.footer)
    return f"""{_head(site, base_url, f"{title} - {site.title}", og, head_extra)}
<body>
<div id="header"><div class="logo"><a href="/">{esc_text(site.title)}</a></div>
<ul class="nav">{"".join(menu)}</ul>
<form class="search" action="/tim-kiem" method="get"><input type="text" name="q" /><button type="submit">Tìm</button></form>
</div>
<div id="body">
{main}
<div id="sidebar"><div class="block search-hot"><h3>Tìm kiếm nhiều</h3>{suggestions}</div>
<div class="block tag-cloud"><h3>Từ khóa</h3>{cloud}</div></div>
</div>
<div id="footer" class="footer">{footer}
<p class="links"><a href="/rss/">RSS</a> | <a href="/sitemap.xml">Sơ đồ trang</a> | <a href="/lien-he.html">Liên hệ</a></p></div>
</body>
</html>
"""


def _list_items(articles: list[PortalArticle], sid: str | None = None) -> str:
    rows = []
    for a in articles:
        href = _with_sid(a.path, sid) if sid else a.path
        rows.append(f"""<li class="news-item"><h3><a href="{esc_attr(href)}">{esc_text(a.title)}</a></h3>
<span class="time">{_day(a.published)}</span><p class="hometext">{esc_text(a.summary)}</p></li>""")
    return "<ul class=\"news-list\">\n" + "\n".join(rows) + "\n</ul>" if rows else '<p class="empty">Không có bài viết.</p>'


def _json_ld(site: PortalSite, base_url: str, article: PortalArticle) -> str:
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
        "description": article.summary, "datePublished": article.published.isoformat(),
        "dateModified": article.modified.isoformat(), "mainEntityOfPage": base_url + article.path,
        "publisher": {"@type": "Organization", "name": site.title},
    }
    if article.author:
        data["author"] = {"@type": "Person", "name": article.author}
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>\n'


# --------------------------------------------------------------------------- the pages


def render_article(site: PortalSite, base_url: str, article: PortalArticle, target: str) -> str:
    sid = _sid(target)
    body = "\n".join(f"<p>{esc_text(p)}</p>" for p in article.paragraphs)
    author = f'<p class="author"><strong>{esc_text(article.author)}</strong></p>' if article.author else ""
    related = [a for a in site.listing(article.category) if a.path != article.path][:RELATED]
    url = base_url + article.path
    share = (f'<a class="fb" href="https://www.facebook.com/sharer/sharer.php?{urlencode({"u": url})}">Chia sẻ Facebook</a> '
             f'<a class="zalo" href="https://sp.zalo.me/share?{urlencode({"u": url})}">Zalo</a>')
    tags = " ".join(f'<a href="/tag/{quote(t)}">{esc_text(site.tag_name(t))}</a>' for t in article.tags)
    comments = "\n".join(
        f'<li class="comment"><strong>{esc_text(c.name)}</strong>: {esc_text(c.text)}</li>' for c in article.comments
    )
    main = f"""<div id="content">
<div class="breadcrumbs"><a href="/">Trang chủ</a> » <a href="{esc_attr(article.category.path)}">{esc_text(article.category.name)}</a></div>
<div class="news-detail">
<h1 class="title">{esc_text(article.title)}</h1>
<div class="meta"><span class="time">{_day(article.published)}</span></div>
<div class="tools"><div class="share">{share}</div>
<a class="print" href="{esc_attr(article.path)}?print=1" rel="nofollow">In bài viết</a>
<a class="compact" href="{esc_attr(article.path)}?tmpl=component">Xem rút gọn</a></div>
<div class="bodytext" itemprop="articleBody">
{body}
{author}
</div>
<div class="keywords"><h3>Từ khóa</h3>{tags}</div>
<div class="related"><h3>Tin liên quan</h3>
{_list_items(related, sid)}
</div>
<div id="comments"><h3>Ý kiến bạn đọc ({len(article.comments)})</h3><ul>
{comments}
</ul>
<form action="{esc_attr(article.path)}" method="post"><textarea name="content"></textarea><button>Gửi ý kiến</button></form></div>
</div></div>"""
    og_extra = {"og:description": article.summary}
    if article.og_type == "article":
        og_extra["article:published_time"] = article.published.isoformat()
        og_extra["article:section"] = article.category.name
    head = f'<link rel="canonical" href="{esc_attr(url)}" />\n' + _json_ld(site, base_url, article)
    return _page(site, base_url, article.path, article.title, main, article.og_type, og_extra, head)


def render_print(site: PortalSite, article: PortalArticle) -> str:
    """The print (and ``tmpl=component``) variant: the article alone, no furniture, no metadata."""
    body = "\n".join(f"<p>{esc_text(p)}</p>" for p in article.paragraphs)
    author = f"<p><strong>{esc_text(article.author)}</strong></p>" if article.author else ""
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8" /><title>{esc_text(article.title)}</title></head>
<body onload="window.print()"><div class="print-page">
<h2>{esc_text(site.title)}</h2><h1>{esc_text(article.title)}</h1><p>{_day(article.published)}</p>
{body}
{author}
</div></body></html>
"""


def render_listing(site: PortalSite, base_url: str, category: PortalCategory, page: int, path: str) -> str:
    entries = site.listing(category)
    last = max(1, -(-len(entries) // site.per_page))
    shown = entries[(page - 1) * site.per_page: page * site.per_page]
    pager = []
    if page > 1:
        pager.append(f'<a href="{esc_attr(category.page_path(page - 1, site.per_page))}">« Trang trước</a>')
    for n in range(1, last + 1):
        pager.append(f"<span>{n}</span>" if n == page else
                     f'<a href="{esc_attr(category.page_path(n, site.per_page))}">{n}</a>')
    if page < last:
        pager.append(f'<a href="{esc_attr(category.page_path(page + 1, site.per_page))}">Trang sau »</a>')
    main = f"""<div id="content"><h2 class="cat-title">{esc_text(category.name)}</h2>
{_list_items(shown)}
<div class="pagination">{" ".join(pager)}</div></div>"""
    return _page(site, base_url, path, category.name, main)


def render_home(site: PortalSite, base_url: str) -> str:
    sid = _sid("/")
    blocks = "\n".join(
        f'<div class="cat-block"><h2><a href="{esc_attr(c.path)}">{esc_text(c.name)}</a></h2>'
        f"{_list_items(site.listing(c)[:2])}</div>" for c in site.categories
    )
    main = f"""<div id="content"><div class="block newest"><h2>Tin mới</h2>
{_list_items(site.newest()[:HOME_NEWEST], sid)}
</div>
{blocks}</div>"""
    return _page(site, base_url, "/", "Trang chủ", main)


def render_tag(site: PortalSite, base_url: str, tag: str, path: str) -> str:
    main = f"""<div id="content"><h2>Từ khóa: {esc_text(site.tag_name(tag))}</h2>
{_list_items(site.tagged(tag))}</div>"""
    return _page(site, base_url, path, f"Tag {tag}", main)


def render_search(site: PortalSite, base_url: str, query: str, target: str) -> str:
    needle = query.casefold().strip()
    found = [a for a in site.newest() if needle and needle in (a.title + " " + a.summary).casefold()]
    main = f"""<div id="content"><h2>Kết quả tìm kiếm: {esc_text(query)}</h2>
<p>Tìm thấy {len(found)} kết quả.</p>
{_list_items(found, _sid(target))}</div>"""
    return _page(site, base_url, "/tim-kiem", "Tìm kiếm", main)


def _shift_month(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + step
    return index // 12, index % 12 + 1


def render_calendar(site: PortalSite, base_url: str, month_text: str) -> str:
    """A month of the event calendar; its "next month" link is always there (the endless trap)."""
    year, month = int(month_text[:4]), int(month_text[5:7])
    previous = "%04d-%02d" % _shift_month(year, month, -1)
    following = "%04d-%02d" % _shift_month(year, month, 1)
    events = site.events.get(month_text, ())
    rows = "\n".join(f"<li>Ngày {day:02d}: {esc_text(title)}</li>" for day, title in events) or "<li>Chưa có sự kiện.</li>"
    main = f"""<div id="content" class="calendar"><h2>Lịch sự kiện tháng {month:02d}/{year}</h2>
<ul class="events">
{rows}
</ul>
<div class="months"><a href="/lich-su-kien?thang={previous}">« Tháng trước</a> <a href="/lich-su-kien?thang={following}">Tháng sau »</a></div></div>"""
    return _page(site, base_url, f"/lich-su-kien?thang={month_text}", f"Lịch sự kiện {month:02d}/{year}", main)


def render_static(site: PortalSite, base_url: str, page: StaticPage) -> str:
    body = "\n".join(f"<p>{esc_text(p)}</p>" for p in page.paragraphs)
    main = f'<div id="content" class="page"><h1>{esc_text(page.title)}</h1>\n{body}</div>'
    return _page(site, base_url, page.path, page.title, main)


def render_error(site: PortalSite, path: str, status: int = 404) -> str:
    heading = "Không tìm thấy trang" if status == 404 else "Hệ thống đang bận"
    main = f'<div id="content" class="error"><h1>{esc_text(heading)}</h1><p><a href="/">Về trang chủ</a></p></div>'
    return _page(site, "", path, heading, main)


# --------------------------------------------------------------------------- feeds and sitemaps


def render_feed(site: PortalSite, base_url: str) -> str:
    items = []
    for a in site.newest()[:FEED_ITEMS]:
        link = xml_escape(base_url + a.path)
        author = f"\n  <author>{xml_escape(a.author)}</author>" if a.author else ""
        items.append(f"""<item>
  <title>{xml_escape(a.title)}</title>
  <link>{link}</link>
  <guid isPermaLink="true">{link}</guid>
  <description>{xml_escape(a.summary)}</description>
  <pubDate>{format_datetime(a.published)}</pubDate>{author}
</item>""")
    newest = site.newest()
    built = format_datetime(newest[0].published) if newest else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
<title>{xml_escape(site.title)}</title>
<link>{xml_escape(base_url + "/")}</link>
<description>{xml_escape(site.title)} - tin mới</description>
<language>vi</language>
<lastBuildDate>{built}</lastBuildDate>
{chr(10).join(items)}
</channel>
</rss>
"""


def _years(site: PortalSite) -> dict[int, list[PortalArticle]]:
    years: dict[int, list[PortalArticle]] = {}
    for a in site.newest(listed_only=False):
        years.setdefault(a.published.year, []).append(a)
    return years


def render_sitemap_index(site: PortalSite, base_url: str) -> str:
    entries = []
    for year, articles in sorted(_years(site).items(), reverse=True):
        lastmod = max(a.modified for a in articles).isoformat()
        entries.append((f"/sitemap-news-{year}.xml", lastmod))
    newest = site.newest(listed_only=False)
    if newest:
        entries.append(("/sitemap-pages.xml", max(a.modified for a in newest).isoformat()))
    rows = "\n".join(
        f"<sitemap><loc>{xml_escape(base_url + path)}</loc><lastmod>{lastmod}</lastmod></sitemap>"
        for path, lastmod in entries
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{rows}
</sitemapindex>
"""


def _urlset(rows: list[tuple[str, str | None]], base_url: str) -> str:
    body = "\n".join(
        f"<url><loc>{xml_escape(base_url + path)}</loc>" + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "") + "</url>"
        for path, lastmod in rows
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{body}
</urlset>
"""


def render_sitemap_year(site: PortalSite, base_url: str, year: int) -> str | None:
    articles = _years(site).get(year)
    if not articles:
        return None
    return _urlset([(a.path, a.modified.isoformat()) for a in articles], base_url)


def render_sitemap_pages(site: PortalSite, base_url: str) -> str:
    rows: list[tuple[str, str | None]] = [("/", None)]
    rows += [(c.path, None) for c in site.categories]
    rows += [(p.path, None) for p in site.static_pages.values()]
    return _urlset(rows, base_url)


# --------------------------------------------------------------------------- answering


XML = "application/xml; charset=utf-8"


def respond(site: PortalSite, target: str, base_url: str) -> Response:
    """The answer to a request target (path and query); *base_url* makes the absolute URLs."""
    parts = urlsplit(target)
    path = parts.path or "/"
    query = parse_qs(parts.query)
    not_found = html_response(404, render_error(site, path))
    if path == "/robots.txt":
        text = (site.robots or "User-agent: *\nDisallow:\n").rstrip("\n") + f"\n\nSitemap: {base_url}/sitemap.xml\n"
        return Response(200, text.encode("utf-8"), "text/plain; charset=utf-8")
    if path in ("/", "/index.php"):
        return html_response(200, render_home(site, base_url))
    if path == "/sitemap.xml":
        return Response(200, render_sitemap_index(site, base_url).encode("utf-8"), XML)
    if path == "/sitemap-pages.xml":
        return Response(200, render_sitemap_pages(site, base_url).encode("utf-8"), XML)
    year = SITEMAP_YEAR.match(path)
    if year:
        page = render_sitemap_year(site, base_url, int(year["year"]))
        return Response(200, page.encode("utf-8"), XML) if page else not_found
    if path in ("/rss", "/rss/"):
        return Response(200, render_feed(site, base_url).encode("utf-8"), "application/rss+xml; charset=utf-8")
    article = site.articles_by_path.get(path)
    if article is not None:
        if (query.get("print") or [""])[0] == "1" or (query.get("tmpl") or [""])[0] == "component":
            return html_response(200, render_print(site, article))
        return html_response(200, render_article(site, base_url, article, target))
    listing = LISTING_PATH.match(path)
    if listing and site.category(listing["category"]) is not None:
        category = site.category(listing["category"])
        if listing["page"] is not None:
            page = int(listing["page"])
        else:
            page = page_number(query.get("start"), 0) // site.per_page + 1
        return html_response(200, render_listing(site, base_url, category, max(1, page), target))
    tag = TAG_PATH.match(path)
    if tag and site.tagged(tag["tag"]):
        return html_response(200, render_tag(site, base_url, tag["tag"], path))
    if path == "/tim-kiem":
        return html_response(200, render_search(site, base_url, (query.get("q") or [""])[0], target))
    if path == "/lich-su-kien":
        month = (query.get("thang") or [""])[0]
        return html_response(200, render_calendar(site, base_url, month if MONTH.match(month) else site.calendar_start))
    page = site.static_pages.get(path)
    if page is not None:
        return html_response(200, render_static(site, base_url, page))
    if path == "/themes/default/css/style.css":
        return Response(200, b"body{font-family:Arial,sans-serif}.news-item{margin:8px 0}\n", "text/css; charset=utf-8")
    return not_found
