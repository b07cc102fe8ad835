"""The provincial portal's machine-read files (families D/E): its RSS feed and its sitemap index with child sitemaps."""

from __future__ import annotations

from email.utils import format_datetime
from xml.sax.saxutils import escape as xml_escape

from scrapers.mirror.portal_data import PortalArticle, PortalSite

FEED_ITEMS = 10


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

