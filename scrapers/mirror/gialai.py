"""The Gia Lai mirror's pages (family A): render a Mirror as the board's ASP.NET portal and answer a request target.

Pages (layout of ../shared/site-structure.md, the ASP.NET form with its view state, header menu, footer):

* ``/robots.txt`` — ``robots.txt`` of the mirror root (disallows ``/Admin/`` and ``/Search.aspx``);
* ``/`` and ``/Default.aspx`` — the home page: every category and the newest articles;
* ``/{Category}.aspx[?page=N]`` — a listing, ``per_page`` items newest first; a page number past the
  last answers the last page again, and the pager's ``>`` link always offers the next number (the loop);
* ``/{Category}/{Slug}.aspx`` — an article, at the URL of its first category only (an article listed in
  two categories is one page); ``status: 404`` articles are listed but answer 404; ``form: NFD``
  articles are served with their text decomposed; placeholders (``site.yaml``) have no body;
* files under ``pages/`` at their own path; an ``.aspx``/``.html`` fragment (not starting with
  ``<!DOCTYPE`` or ``<html``) is placed in the site layout, its title taken from ``<!-- title: … -->``;
* anything else — a 404 page in the site layout.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from scrapers.mirror.common import Response, esc_attr as _attr, esc_text as _text, html_response as _html, page_number
from scrapers.mirror.load import Image, Mirror, MirrorArticle

HTML_SUFFIXES = (".aspx", ".html", ".htm")
CONTENT_TYPES = {
    ".aspx": "text/html; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".png": "image/png",
}
FRAGMENT_TITLE = re.compile(r"<!--\s*title:\s*(?P<title>.*?)\s*-->")
BREADCRUMB_TITLE_CHARS = 100   # the live site cuts the title in the breadcrumb
OTHER_NEWS = 5
SERVER_HEADERS = (("Server", "Microsoft-IIS/8.5"), ("X-AspNet-Version", "4.0.30319"))


def _view_state(path: str) -> str:
    """A deterministic stand-in for ASP.NET's __VIEWSTATE (base64 noise, different per page)."""
    digest = b"".join(hashlib.sha256(f"{path}#{i}".encode()).digest() for i in range(3))
    return "/wEPDwUK" + base64.b64encode(digest).decode("ascii")


def _article_text(article: MirrorArticle, value: str) -> str:
    """The article's own text in the article's form (decomposed for NFD articles)."""
    return unicodedata.normalize(article.form, value)


def layout(mirror: Mirror, path: str, page_title: str, main: str) -> str:
    """A whole page of the site: ASP.NET form, view state, header menu, *main*, footer."""
    menu = ['<li><a href="/">Trang chủ</a></li>']
    menu += [f'<li><a href="{_attr(p)}">{_text(name)}</a></li>' for p, name in mirror.menu_pages]
    menu += [f'<li><a href="/{_attr(slug)}.aspx">{_text(name)}</a></li>' for slug, name in mirror.categories]
    footer = "<br />\n".join(_text(line) for line in mirror.footer)
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{_text(page_title)} - {_text(mirror.title)}</title>
</head>
<body>
<form name="aspnetForm" method="post" action="{_attr(path)}" id="aspnetForm">
<div><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{_view_state(path)}" /></div>
<div id="header">
  <div class="banner"><a href="/">{_text(mirror.title)}</a></div>
  <ul class="menu">
    {(chr(10) + "    ").join(menu)}
  </ul>
  <div class="search"><a href="/Search.aspx">Tìm kiếm</a></div>
</div>
<div id="main">
{main}
</div>
<div id="footer">
{footer}
</div>
</form>
</body>
</html>
"""


def _block(markup: str, inner: str, style: str = "") -> str:
    tag = "div" if markup == "div" else "p"
    style_attr = f' style="{style}"' if style else ""
    return f"<{tag}{style_attr}>{inner}</{tag}>"


def render_body(article: MirrorArticle) -> str:
    """The inside of div.news-content: paragraphs per `markup`, images with captions, attachments, author."""
    def text(value: str) -> str:
        return _text(_article_text(article, value))

    images_after: dict[int, list[Image]] = {}
    for image in article.images:
        images_after.setdefault(image.after, []).append(image)
    parts: list[str] = []
    run: list[str] = []   # paragraphs of the current <br> block

    def close_run():
        if run:
            parts.append("<p>" + "<br />\n".join(run) + "</p>")
            run.clear()

    for index, paragraph in enumerate(article.paragraphs):
        if article.markup == "br":
            run.append(text(paragraph))
        else:
            parts.append(_block(article.markup, text(paragraph)))
        for image in images_after.get(index, []):
            close_run()
            parts.append(f'<p style="text-align: center;"><img src="{_attr(image.src)}" alt="" /></p>')
            parts.append(f"<p><em>{text(image.caption)}</em></p>")
    close_run()
    for attachment in article.attachments:
        parts.append(f'<p><a href="{_attr(attachment.href)}">{text(attachment.label)}</a></p>')
    if article.author and article.paragraphs:
        parts.append(_block(article.markup, f"<strong>{text(article.author)}</strong>", "text-align: right;"))
    return "\n".join(parts)


def render_article(mirror: Mirror, article: MirrorArticle) -> str:
    category_name = mirror.category_name(article.category) or article.category
    title = _article_text(article, article.title)
    # Other articles of its category, the nearest older ones first, then the nearest newer ones.
    others = [e for e in mirror.listing(article.category) if e.article is not None and e.path != article.path]
    older = [e for e in others if e.published <= article.published]
    newer = [e for e in others if e.published > article.published]
    chosen = (older + newer[::-1])[:OTHER_NEWS]
    other_items = "\n".join(
        f'    <li><a href="{_attr(e.path)}">{_text(e.title)}</a> ({e.published.strftime("%d/%m/%Y")})</li>'
        for e in chosen
    )
    main = f"""<div class="breadcrumb"><a href="/{_attr(article.category)}.aspx">{_text(category_name)}</a> &gt; <span>{_text(title[:BREADCRUMB_TITLE_CHARS])}</span></div>
<div class="news-detail">
  <h1 class="news-title">{_text(title)}</h1>
  <div class="news-date">{_text(article.date_text)}</div>
  <div class="news-content">
{render_body(article)}
  </div>
  <div class="pager">|&lt; &lt; 1 &gt; &gt;|</div>
  <div class="other-news"><h3>Các tin khác</h3><ul>
{other_items}
  </ul></div>
</div>"""
    return layout(mirror, article.path, title, main)


def _pager(current: int, last: int) -> str:
    """The listing pager: |< < (up to 5 numbers) > >|; '>' always offers current+1 (the site's loop)."""
    first_shown = max(1, min(current - 2, last - 4))
    numbers = []
    for n in range(first_shown, min(last, first_shown + 4) + 1):
        numbers.append(f'<span class="current">{n}</span>' if n == current else f'<a href="?page={n}">{n}</a>')
    return (
        f'<div class="pager"><a href="?page=1">|&lt;</a> <a href="?page={max(1, current - 1)}">&lt;</a> '
        + " ".join(numbers)
        + f' <a href="?page={current + 1}">&gt;</a> <a href="?page={last}">&gt;|</a></div>'
    )


def render_listing(mirror: Mirror, category: str, page: int) -> str:
    """A listing page; *page* past the last gives the last page (the pager loop)."""
    entries = mirror.listing(category)
    last = mirror.last_page(category)
    page = min(max(page, 1), last)
    shown = entries[(page - 1) * mirror.per_page: page * mirror.per_page]
    items = []
    for entry in shown:
        title = _article_text(entry.article, entry.title) if entry.article else entry.title
        summary = _article_text(entry.article, entry.summary) if entry.article else entry.summary
        items.append(f"""  <div class="news-item">
    <a class="news-item-title" href="{_attr(entry.path)}">{_text(title)}</a>
    <span class="news-item-date">{entry.published.strftime("%d/%m/%Y")}</span>
    <div class="news-item-summary">{_text(summary)}</div>
  </div>""")
    name = mirror.category_name(category) or category
    main = (
        f'<div class="breadcrumb"><span>{_text(name)}</span></div>\n'
        f'<div class="news-list">\n' + "\n".join(items) + "\n</div>\n" + _pager(page, last)
    )
    path = f"/{category}.aspx" + (f"?page={page}" if page > 1 else "")
    return layout(mirror, path, name, main)


def render_home(mirror: Mirror) -> str:
    categories = "\n".join(
        f'    <li><a href="/{_attr(slug)}.aspx">{_text(name)}</a></li>' for slug, name in mirror.categories
    )
    newest = "\n".join(
        f'    <li><a href="{_attr(a.path)}">{_text(_article_text(a, a.title))}</a> '
        f'({a.published.strftime("%d/%m/%Y")})</li>'
        for a in mirror.newest_articles()
    )
    main = f"""<div class="home-intro"><p>{_text(mirror.home_text)}</p></div>
<div class="home-categories"><h3>Chuyên mục</h3><ul>
{categories}
</ul></div>
<div class="home-news"><h3>Tin mới</h3><ul>
{newest}
</ul></div>"""
    return layout(mirror, "/", "Trang chủ", main)


ERROR_MESSAGES = {
    404: ("Không tìm thấy trang", "Trang bạn yêu cầu không tồn tại hoặc đã bị xóa."),
    429: ("Quá nhiều yêu cầu", "Bạn gửi quá nhiều yêu cầu. Vui lòng thử lại sau."),
    500: ("Lỗi máy chủ", "Máy chủ gặp lỗi khi xử lý yêu cầu."),
    503: ("Dịch vụ tạm ngừng", "Hệ thống đang bảo trì. Vui lòng thử lại sau."),
}


def render_error(mirror: Mirror, path: str, status: int = 404) -> str:
    """The site's error page for *status* (404 for unknown paths)."""
    heading, message = ERROR_MESSAGES[status]
    main = f"""<div class="breadcrumb"><span>Thông báo</span></div>
<div class="error-page">
  <h2>{_text(heading)}</h2>
  <p>{_text(message)} ({_text(path)}) Mời bạn trở về <a href="/">trang chủ</a>.</p>
</div>"""
    return layout(mirror, path, heading, main)


def render_static(mirror: Mirror, path: str, file: Path) -> bytes:
    """A file of pages/: as it is, or a fragment placed in the layout."""
    data = file.read_bytes()
    if file.suffix.lower() not in HTML_SUFFIXES:
        return data
    text = data.decode("utf-8", errors="replace")   # a stray byte shows as �, it does not break the page
    head = text.lstrip()[:20].lower()
    if head.startswith("<!doctype") or head.startswith("<html"):
        return data
    match = FRAGMENT_TITLE.search(text)
    title = match["title"] if match else file.stem.replace("-", " ")
    return layout(mirror, path, title, FRAGMENT_TITLE.sub("", text).strip()).encode("utf-8")



def respond(mirror: Mirror, target: str) -> Response:
    """The page for a request target (path and query), without faults."""
    parts = urlsplit(target)
    path = parts.path or "/"
    if path == "/robots.txt":
        if mirror.robots is None:
            return _html(404, render_error(mirror, path))
        return Response(200, mirror.robots.encode("utf-8"), "text/plain; charset=utf-8")
    if path in ("/", "/Default.aspx"):
        return _html(200, render_home(mirror))
    article = mirror.articles.get(path)
    if article is not None:
        if article.status == 404:
            return _html(404, render_error(mirror, path))
        return _html(200, render_article(mirror, article))
    listing = re.fullmatch(r"/(?P<category>[A-Za-z0-9-]+)\.aspx", path)
    if listing and mirror.category_name(listing["category"]) is not None:
        page = page_number(parse_qs(parts.query).get("page"))
        return _html(200, render_listing(mirror, listing["category"], page))
    file = mirror.pages.get(path)
    if file is not None:
        content_type = CONTENT_TYPES.get(file.suffix.lower(), "application/octet-stream")
        return Response(200, render_static(mirror, path, file), content_type)
    return _html(404, render_error(mirror, path))
