"""The central board's pages (family C): answer a request target as a Next.js app whose data rides in the HTML.

Pages (formats and URLs: data/mirror/README.md):

* ``/robots.txt`` — the file of the mirror root (disallows ``/api/``);
* ``/`` — ``307`` to ``/vn``; ``/vn`` — the home page: menu of real links to each category, newest items;
* ``/blogs/category/type/{type}?&categoryId={24 hex}[&page=N&size=S]`` — a listing, newest first,
  ``per_page`` items unless ``size`` says otherwise; a page past the last has no items;
* ``/blogs/{type}/{slug}-{24 hex id}`` — an article; drafts, pending items and uploaded files answer 404;
* ``/api/v1/upload/…`` — the uploaded files the items name; ``/_next/static/…`` — files under ``static/``.

Every page carries its data as ``self.__next_f.push([1,"…"])`` chunks: one payload line per chunk,
except an item with ``split: true``, whose blog object is cut across two chunks inside its body. An
item with ``legacy: true`` is served in the older shape (``<script id="__NEXT_DATA__">``). The DOM
holds what the browser would not need to fill in: listing headlines in ``<h3 href>`` (not a link),
a real ``<a>`` only inside the ``.blog-image`` of featured items, the title of an article in ``<h1>``.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, quote, urlsplit

from scrapers.mirror.central_data import MAX_SIZE, Blog, Category, CentralSite, load_central
from scrapers.mirror.common import Response, esc_attr, esc_text, html_response, page_number

__all__ = ["CentralSite", "load_central", "respond", "render_error", "SERVER_HEADERS", "js_string"]

ARTICLE_PATH = re.compile(r"^/blogs/(?P<type>[a-z0-9-]+)/(?P<slug>[a-z0-9-]+)-(?P<id>[0-9a-f]{24})$")
LISTING_PATH = re.compile(r"^/blogs/category/type/(?P<type>[a-z0-9-]+)$")
HOME_NEWEST = 6
RELATED = 3
SERVER_HEADERS = (("Server", "nginx"), ("X-Powered-By", "Next.js"))
CONTENT_TYPES = {".js": "application/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
JS_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


# --------------------------------------------------------------------------- the payload


def js_string(text: str) -> str:
    """*text* as the JS string literal Next.js writes into a script: JSON-escaped, then <, >, & as \\u escapes."""
    literal = json.dumps(text, ensure_ascii=False)
    return "".join(JS_ESCAPES.get(ch, ch) for ch in literal)


def payload_line(row: int, value) -> str:
    return f"{row}:{json.dumps(value, ensure_ascii=False, separators=(',', ':'))}\n"


def flight_scripts(lines: list[str], split_inside: str | None = None) -> str:
    """The ``self.__next_f`` scripts of *lines*, one chunk per line; the line holding *split_inside*
    (a piece of one of its strings) is cut in two chunks in the middle of that piece."""
    chunks = []
    for line in lines:
        at = line.find(split_inside) if split_inside else -1
        if at >= 0:
            cut = at + len(split_inside) // 2
            chunks += [line[:cut], line[cut:]]
        else:
            chunks.append(line)
    scripts = ["<script>(self.__next_f=self.__next_f||[]).push([0])</script>"]
    scripts += [f"<script>self.__next_f.push([1,{js_string(chunk)}])</script>" for chunk in chunks]
    return "\n".join(scripts)


def _app_rows(page_module: str) -> list[str]:
    """The rows naming the app's client modules (``I`` rows, as Next.js writes them)."""
    return [
        '1:I["/_next/static/chunks/main-app-4c2e.js",[],"RootLayout"]\n',
        f'2:I["/_next/static/chunks/{page_module}",[],"default"]\n',
    ]


# --------------------------------------------------------------------------- the pages


def _layout(site: CentralSite, title: str, main: str, scripts: str) -> str:
    menu = "\n".join(
        f'      <li><a href="{esc_attr(c.path)}">{esc_text(c.name)}</a></li>' for c in site.categories
    )
    footer = "<br/>".join(esc_text(line) for line in site.footer)
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charSet="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>{esc_text(title)}</title>
<link rel="stylesheet" href="/_next/static/css/app-9b1f.css" data-precedence="next"/>
<script src="/_next/static/chunks/main-app-4c2e.js" async=""></script>
</head><body><div id="__next">
<header class="site-header"><a class="logo" href="/vn">{esc_text(site.title)}</a>
  <nav><ul class="menu">
      <li><a href="/vn">Trang chủ</a></li>
{menu}
  </ul></nav></header>
{main}
<footer class="site-footer">{footer}</footer>
</div>
{scripts}
</body></html>
"""


def _dom_item(blog: Blog) -> str:
    image = f'<img src="/api/v1/upload/images/{blog.id}.jpg" alt=""/>'
    if blog.featured:
        image = f'<a href="{esc_attr(blog.path)}">{image}</a>'
    return (
        f'<div class="blog-item{" featured" if blog.featured else ""}">'
        f'<div class="blog-image">{image}</div>'
        f'<h3 class="blog-title" href="{esc_attr(blog.path)}">{esc_text(blog.title)}</h3>'
        f'<span class="blog-date">{blog.vietnam_date}</span></div>'
    )


def render_listing(site: CentralSite, category: Category, page: int, size: int) -> str:
    entries = site.listing(category)
    shown = entries[(page - 1) * size: page * size]
    visible = [b for b in shown if b.status == "approved"]
    items = "\n".join(_dom_item(b) for b in visible) or '<p class="empty">Không có bài viết</p>'
    data = {
        "category": {"id": category.id, "name": category.name, "type": category.type},
        "blogs": [b.as_object(site.root_org_id, with_content=False) for b in shown],
        "total": len(entries), "page": page, "size": size,
    }
    lines = _app_rows("app/blogs/category/page-3d9e.js") + [
        payload_line(3, ["$", "main", None, {"className": "container", "children": [
            ["$", "h2", None, {"children": category.name}], ["$", "$L2", None, data]]}]),
    ]
    main = f"""<main class="container"><h2 class="category-title">{esc_text(category.name)}</h2>
<div class="blog-list">
{items}
</div>
<div class="pagination"><button type="button">Trang trước</button><button type="button">Trang sau</button></div>
</main>"""
    return _layout(site, f"{category.name} - {site.title}", main, flight_scripts(lines))


def _related(site: CentralSite, blog: Blog) -> list[Blog]:
    return [b for b in site.listing(blog.category) if b.is_article and b.id != blog.id][:RELATED]


def render_article(site: CentralSite, blog: Blog) -> str:
    obj = blog.as_object(site.root_org_id, with_content=True)
    related = _related(site, blog)
    main = f"""<main class="container blog-detail">
<div class="breadcrumb"><a href="/vn">Trang chủ</a> / <a href="{esc_attr(blog.category.path)}">{esc_text(blog.category.name)}</a></div>
<h1 class="blog-title">{esc_text(blog.title)}</h1>
<div class="blog-meta"><span class="blog-date">{blog.vietnam_date}</span></div>
<div class="blog-content"></div>
<div class="related"><h3>Tin liên quan</h3>{"".join(_dom_item(b) for b in related)}</div>
</main>"""
    if blog.legacy:
        data = {"props": {"pageProps": {"blog": obj}}, "page": "/blogs/[type]/[slug]",
                "query": {"type": blog.category.type, "slug": f"{blog.slug}-{blog.id}"},
                "buildId": "dvtw-mirror", "isFallback": False}
        script = ('<script id="__NEXT_DATA__" type="application/json">'
                  + json.dumps(data, ensure_ascii=False).replace("<", "\\u003c") + "</script>")
        return _layout(site, f"{blog.title} - {site.title}", main, script)
    lines = _app_rows("app/blogs/detail/page-8b41.js") + [
        payload_line(3, ["$", "main", None, {"className": "container", "children": ["$", "$L2", None, {
            "blog": obj, "related": [b.as_object(site.root_org_id, with_content=False) for b in related]}]}]),
    ]
    split_inside = None
    if blog.split and blog.paragraphs:
        middle = esc_text(blog.paragraphs[len(blog.paragraphs) // 2])
        split_inside = json.dumps(middle, ensure_ascii=False)[1:-1]   # as it stands in the payload line
    return _layout(site, f"{blog.title} - {site.title}", main, flight_scripts(lines, split_inside))


def render_home(site: CentralSite) -> str:
    newest = [b for b in site.blogs if b.is_article][:HOME_NEWEST]
    lines = _app_rows("app/vn/page-1f07.js") + [
        payload_line(3, ["$", "main", None, {"children": ["$", "$L2", None, {
            "blogs": [b.as_object(site.root_org_id, with_content=False) for b in newest]}]}]),
    ]
    main = f"""<main class="container home"><h2>Tin mới</h2>
<div class="blog-list">
{chr(10).join(_dom_item(b) for b in newest)}
</div></main>"""
    return _layout(site, site.title, main, flight_scripts(lines))


def render_error(site: CentralSite, path: str, status: int = 404) -> str:
    """The app's not-found page (404) or a server error page."""
    if status == 404:
        message = "Bài viết không tồn tại hoặc chưa được xuất bản."
    else:
        message = "Hệ thống đang bận. Vui lòng thử lại sau."
    main = f"""<main class="container not-found"><h1>{status}</h1><p>{esc_text(message)}</p>
<p><a href="/vn">Về trang chủ</a></p></main>"""
    lines = _app_rows("app/not-found-0c2a.js") + [payload_line(3, ["$", "h1", None, {"children": str(status)}])]
    return _layout(site, f"{status} - {site.title}", main, flight_scripts(lines))


def _upload_bytes(blog: Blog) -> bytes:
    """A small stand-in for the uploaded document (a PDF header and trailer around its title)."""
    return f"%PDF-1.4\n% {blog.title}\n%%EOF\n".encode("utf-8")


def respond(site: CentralSite, target: str, base_url: str = "") -> Response:
    """The answer to a request target (path and query)."""
    parts = urlsplit(target)
    path = parts.path or "/"
    query = parse_qs(parts.query)
    if path == "/robots.txt":
        if site.robots is None:
            return html_response(404, render_error(site, path))
        return Response(200, site.robots.encode("utf-8"), "text/plain; charset=utf-8")
    if path == "/":
        return Response(307, b"/vn", "text/plain; charset=utf-8", (("Location", "/vn"),))
    if path == "/vn":
        return html_response(200, render_home(site))
    listing = LISTING_PATH.match(path)
    if listing:
        category = site.category(listing["type"], (query.get("categoryId") or [""])[0])
        if category is None:
            return html_response(404, render_error(site, path))
        size = page_number(query.get("size"), site.per_page)
        size = size if 1 <= size <= MAX_SIZE else site.per_page
        return html_response(200, render_listing(site, category, max(1, page_number(query.get("page"))), size))
    article = ARTICLE_PATH.match(path)
    if article:
        blog = next((b for b in site.blogs if b.id == article["id"]), None)
        if blog is None or not blog.is_article or blog.page_path != path:
            return html_response(404, render_error(site, path))
        return html_response(200, render_article(site, blog))
    upload = next((b for b in site.blogs if b.upload == path), None)
    if upload is not None:
        return Response(200, _upload_bytes(upload), "application/pdf",
                        (("Content-Disposition", f"inline; filename*=UTF-8''{quote(path.rsplit('/', 1)[-1])}"),))
    file = site.static.get(path)
    if file is not None:
        return Response(200, file.read_bytes(), CONTENT_TYPES.get(file.suffix, "application/octet-stream"))
    return html_response(404, render_error(site, path))
