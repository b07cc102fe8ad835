"""The provincial portal's pages (families D/E): answer a request target as a PHP portal of the NukeViet kind.

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
from datetime import datetime
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from scrapers.mirror.common import Response, esc_attr, esc_text, html_response, page_number
from scrapers.mirror.portal_data import MONTH, PortalArticle, PortalCategory, PortalSite, StaticPage, load_portal
from scrapers.mirror.portal_feeds import render_feed, render_sitemap_index, render_sitemap_pages, render_sitemap_year

__all__ = ["PortalSite", "load_portal", "respond", "render_error", "SERVER_HEADERS"]

ARTICLE_PATH = re.compile(r"^/tin-tuc/(?P<slug>[a-z0-9-]+)-(?P<id>\d+)\.html$")
LISTING_PATH = re.compile(r"^/chuyen-muc/(?P<category>[a-z0-9-]+)(?:/page/(?P<page>\d{1,6}))?/?$")
TAG_PATH = re.compile(r"^/tag/(?P<tag>[a-z0-9-]+)/?$")
SITEMAP_YEAR = re.compile(r"^/sitemap-news-(?P<year>\d{4})\.xml$")
SERVER_HEADERS = (("Server", "Apache"), ("X-Powered-By", "PHP/7.4.33"))
HOME_NEWEST = 5
RELATED = 3
SEARCH_SUGGESTIONS = ("dân vận khéo", "dân chủ cơ sở")


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
