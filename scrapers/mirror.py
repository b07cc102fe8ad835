"""The embedded mirror: render data/mirror/ (site.yaml, articles, pages) as the Gia Lai board's site and serve it.

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

Faults, only when the server is started with ``faults=True`` (``danvan mirror --faults``), each on the
path named in ``site.yaml`` → ``faults`` (counted per server start):

* ``error_once`` — ``500 Internal Server Error`` the first time, then the page;
* ``unavailable_once`` — ``503 Service Unavailable`` with ``Retry-After: 1`` the first time, then the page;
* ``rate_limited_once`` — ``429 Too Many Requests`` with ``Retry-After: 1`` the first time, then the page;
* ``slow`` — the page, after ``slow_seconds`` (default 2; ``--slow S``) every time.

The server binds to loopback only unless ``allow_remote=True``; every request is counted per path
(``MirrorServer.count``) and, unless quiet, logged to stderr.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import socket
import sys
import threading
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml

from scrapers.errors import InputError
from scrapers.http import is_loopback

DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "data" / "mirror"

ARTICLE_KEYS = {
    "slug", "categories", "title", "published", "date_style", "time", "author", "markup", "form",
    "status", "images", "attachments", "body", "notes",
}
DATE_STYLES = ("plain", "weekday", "dash")
MARKUPS = ("p", "div", "br")
FORMS = ("NFC", "NFD")
FAULT_KINDS = ("error_once", "unavailable_once", "rate_limited_once", "slow")

# Monday first, as date.weekday() counts.
WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")

SLUG = re.compile(r"^[A-Za-z0-9-]+$")
CLOCK_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
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
SUMMARY_CHARS = 220
OTHER_NEWS = 5
HOME_NEWEST = 6


# --------------------------------------------------------------------------- the mirror's content


@dataclass(frozen=True)
class Image:
    after: int          # 0-based paragraph index the image follows
    src: str
    caption: str


@dataclass(frozen=True)
class Attachment:
    href: str
    label: str


@dataclass(frozen=True)
class MirrorArticle:
    """One article of the mirror, as written in its YAML file (or a placeholder of site.yaml)."""

    slug: str
    categories: tuple[str, ...]
    title: str
    published: date
    paragraphs: tuple[str, ...]
    date_style: str = "plain"
    time: str = "08:00"
    author: str | None = None
    markup: str = "p"
    form: str = "NFC"
    status: int = 200
    images: tuple[Image, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    source: str = ""

    @property
    def category(self) -> str:
        """The article's own category: its URL and breadcrumb."""
        return self.categories[0]

    @property
    def path(self) -> str:
        return f"/{self.category}/{self.slug}.aspx"

    @property
    def is_placeholder(self) -> bool:
        return not self.paragraphs

    @property
    def date_text(self) -> str:
        """The date line as the page shows it: 15/04/2020, Thứ tư, 15/04/2020 - 08:30, or 15-04-2020."""
        day = self.published.strftime("%d/%m/%Y")
        if self.date_style == "weekday":
            return f"{WEEKDAYS[self.published.weekday()]}, {day} - {self.time}"
        if self.date_style == "dash":
            return self.published.strftime("%d-%m-%Y")
        return day

    @property
    def summary(self) -> str:
        """The listing's summary: the start of the first paragraph, cut at a word."""
        if not self.paragraphs:
            return ""
        first = self.paragraphs[0]
        if len(first) <= SUMMARY_CHARS:
            return first
        return first[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"


@dataclass(frozen=True)
class ListedPage:
    """A static page that a category listing shows like an article (a page of another kind)."""

    path: str
    category: str
    title: str
    published: date


@dataclass(frozen=True)
class ListingEntry:
    path: str
    title: str
    published: date
    summary: str
    article: MirrorArticle | None   # None for a listed static page


@dataclass(frozen=True)
class Mirror:
    """Everything the server renders: site settings, articles by path, static pages, robots.txt."""

    root: Path
    title: str
    per_page: int
    categories: tuple[tuple[str, str], ...]     # (slug, name) in menu order
    menu_pages: tuple[tuple[str, str], ...]     # (path, name)
    home_text: str
    footer: tuple[str, ...]
    articles: dict[str, MirrorArticle]          # own path → article
    listed_pages: tuple[ListedPage, ...]
    faults: dict[str, str]                      # fault kind → request target (path[?query])
    slow_seconds: float
    robots: str | None
    pages: dict[str, Path] = field(default_factory=dict)    # URL path → file under pages/

    def category_name(self, slug: str) -> str | None:
        return dict(self.categories).get(slug)

    def listing(self, category: str) -> list[ListingEntry]:
        """The entries of a category's listing, newest first (ties by path, for a stable order)."""
        entries = [
            ListingEntry(a.path, a.title, a.published, a.summary, a)
            for a in self.articles.values() if category in a.categories
        ]
        entries += [
            ListingEntry(p.path, p.title, p.published, "", None)
            for p in self.listed_pages if p.category == category
        ]
        entries.sort(key=lambda e: e.path)
        entries.sort(key=lambda e: e.published, reverse=True)
        return entries

    def last_page(self, category: str) -> int:
        return max(1, -(-len(self.listing(category)) // self.per_page))

    def newest_articles(self, n: int = HOME_NEWEST) -> list[MirrorArticle]:
        ordered = sorted(self.articles.values(), key=lambda a: a.path)
        return sorted(ordered, key=lambda a: a.published, reverse=True)[:n]


def _problem(source: Path | str, message: str) -> InputError:
    return InputError(f"mirror file {source}: {message}")


def _as_date(value, key: str) -> date:
    """A YAML date (or ISO text) as a date; ValueError with the field's rule otherwise."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"'{key}' must be an ISO date YYYY-MM-DD, not {value!r}") from None


def split_paragraphs(body: str) -> tuple[str, ...]:
    """The paragraphs of a YAML body: separated by a blank line; lines inside one are joined by a space."""
    body = (body or "").strip("\n")
    if not body.strip():
        return ()
    paragraphs = []
    for chunk in PARAGRAPH_BREAK.split(body):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if lines:
            paragraphs.append(" ".join(line.rstrip("\n") for line in lines))
    return tuple(paragraphs)


def parse_article_file(raw, source: Path | str, category_slugs: set[str]) -> MirrorArticle:
    """Validate one article mapping (the YAML of README.md's format) and build the MirrorArticle."""
    if not isinstance(raw, dict):
        raise _problem(source, "an article file is a mapping of fields (slug, categories, title, ...)")
    problems = []
    unknown = sorted(set(raw) - ARTICLE_KEYS)
    if unknown:
        problems.append(f"unknown field(s) {', '.join(unknown)}")
    for key in ("slug", "categories", "title", "published", "body"):
        if key not in raw:
            problems.append(f"missing '{key}'")
    if problems:
        raise _problem(source, "; ".join(problems))
    slug = str(raw["slug"])
    if not SLUG.match(slug):
        problems.append(f"'slug' must be ASCII letters, digits and '-', not {slug!r}")
    categories = raw["categories"]
    if isinstance(categories, str):
        categories = [categories]
    if not isinstance(categories, list) or not categories:
        problems.append("'categories' must be a non-empty list of category slugs")
        categories = []
    for cat in categories:
        if cat not in category_slugs:
            problems.append(f"unknown category {cat!r} (site.yaml has {', '.join(sorted(category_slugs))})")
    title = raw["title"]
    if not isinstance(title, str) or not title.strip():
        problems.append("'title' must be non-empty text")
    date_style = raw.get("date_style", "plain")
    if date_style not in DATE_STYLES:
        problems.append(f"'date_style' must be one of {', '.join(DATE_STYLES)}, not {date_style!r}")
    clock = str(raw.get("time") or "08:00")
    if not CLOCK_TIME.match(clock):
        problems.append(f"'time' must be HH:MM, not {clock!r}")
    markup = raw.get("markup", "p")
    if markup not in MARKUPS:
        problems.append(f"'markup' must be one of {', '.join(MARKUPS)}, not {markup!r}")
    form = raw.get("form", "NFC")
    if form not in FORMS:
        problems.append(f"'form' must be NFC or NFD, not {form!r}")
    status = raw.get("status", 200)
    if status not in (200, 404):
        problems.append(f"'status' must be 200 or 404, not {status!r}")
    author = raw.get("author")
    if author is not None and not isinstance(author, str):
        problems.append("'author' must be text")
    body = raw["body"]
    if not isinstance(body, str):
        problems.append("'body' must be text (paragraphs separated by a blank line)")
        body = ""
    paragraphs = split_paragraphs(body)
    images = []
    for i, item in enumerate(raw.get("images") or []):
        if not isinstance(item, dict) or not {"after", "src", "caption"} <= set(item):
            problems.append(f"images[{i}] must have 'after', 'src' and 'caption'")
            continue
        after = item["after"]
        if not isinstance(after, int) or not 0 <= after < max(1, len(paragraphs)):
            problems.append(f"images[{i}].after must be a paragraph index 0..{len(paragraphs) - 1}, not {after!r}")
            continue
        images.append(Image(after, str(item["src"]), str(item["caption"])))
    attachments = []
    for i, item in enumerate(raw.get("attachments") or []):
        if not isinstance(item, dict) or not {"href", "label"} <= set(item):
            problems.append(f"attachments[{i}] must have 'href' and 'label'")
            continue
        attachments.append(Attachment(str(item["href"]), str(item["label"])))
    published = None
    try:
        published = _as_date(raw["published"], "published")
    except ValueError as exc:
        problems.append(str(exc))
    if problems:
        raise _problem(source, "; ".join(problems))
    return MirrorArticle(
        slug=slug, categories=tuple(categories), title=title.strip(), published=published,
        paragraphs=paragraphs, date_style=date_style, time=clock, author=(author or None),
        markup=markup, form=form, status=status, images=tuple(images), attachments=tuple(attachments),
        source=str(source),
    )


def _read_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise _problem(path, f"not valid YAML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise _problem(path, f"not UTF-8 (bad byte at offset {exc.start})") from exc


def _placeholder(raw, source: str, category_slugs: set[str]) -> MirrorArticle:
    if not isinstance(raw, dict) or not {"slug", "category", "title", "published"} <= set(raw):
        raise _problem(source, "each placeholder needs slug, category, title and published")
    fields = {
        "slug": raw["slug"], "categories": [raw["category"]], "title": raw["title"],
        "published": raw["published"], "body": "", "date_style": raw.get("date_style", "plain"),
    }
    return parse_article_file(fields, source, category_slugs)


def _fault_target(kind: str, raw, articles_by_slug: dict[str, MirrorArticle], source: str) -> str:
    if isinstance(raw, dict) and "article" in raw:
        article = articles_by_slug.get(str(raw["article"]))
        if article is None:
            raise _problem(source, f"faults.{kind}: no article with slug {raw['article']!r}")
        return article.path
    if isinstance(raw, dict) and "path" in raw and str(raw["path"]).startswith("/"):
        return str(raw["path"])
    raise _problem(source, f"faults.{kind} must be {{article: SLUG}} or {{path: /PATH[?QUERY]}}")


def _static_pages(root: Path) -> dict[str, Path]:
    pages_dir = root / "pages"
    if not pages_dir.is_dir():
        return {}
    return {
        "/" + path.relative_to(pages_dir).as_posix(): path
        for path in sorted(pages_dir.rglob("*")) if path.is_file()
    }


def load_mirror(root: Path | str | None = None) -> Mirror:
    """Load and validate the mirror under *root* (default data/mirror/); errors name the file."""
    root = Path(root) if root is not None else DEFAULT_ROOT
    site_path = root / "site.yaml"
    if not site_path.is_file():
        raise InputError(f"no mirror at {root}: {site_path} is missing")
    site = _read_yaml(site_path)
    if not isinstance(site, dict):
        raise _problem(site_path, "site.yaml is a mapping of settings")
    categories = site.get("categories") or []
    if not isinstance(categories, list) or not all(isinstance(c, dict) and {"slug", "name"} <= set(c) for c in categories):
        raise _problem(site_path, "'categories' must be a list of {slug, name}")
    category_slugs = {str(c["slug"]) for c in categories}
    menu_pages = site.get("menu_pages") or []
    if not isinstance(menu_pages, list) or not all(isinstance(p, dict) and {"path", "name"} <= set(p) for p in menu_pages):
        raise _problem(site_path, "'menu_pages' must be a list of {path, name}")
    per_page = site.get("per_page", 10)
    if not isinstance(per_page, int) or per_page < 1:
        raise _problem(site_path, f"'per_page' must be a positive whole number, not {per_page!r}")

    articles: dict[str, MirrorArticle] = {}
    by_slug: dict[str, MirrorArticle] = {}
    files = sorted((root / "articles").glob("*.yaml")) if (root / "articles").is_dir() else []
    sources = [(p, _read_yaml(p)) for p in files]
    for i, raw in enumerate(site.get("placeholders") or []):
        sources.append((Path(f"{site_path} (placeholders[{i}])"), {"_placeholder": raw}))
    for path, raw in sources:
        if isinstance(raw, dict) and "_placeholder" in raw:
            article = _placeholder(raw["_placeholder"], str(path), category_slugs)
        else:
            article = parse_article_file(raw, path, category_slugs)
        if article.path in articles or article.slug in by_slug:
            other = (articles.get(article.path) or by_slug[article.slug]).source
            raise _problem(path, f"slug {article.slug!r} is used by {other} too")
        articles[article.path] = article
        by_slug[article.slug] = article

    pages = _static_pages(root)
    listed = []
    for i, raw in enumerate(site.get("listed_pages") or []):
        where = f"{site_path} (listed_pages[{i}])"
        if not isinstance(raw, dict) or not {"path", "category", "title", "published"} <= set(raw):
            raise _problem(where, "each listed page needs path, category, title and published")
        if raw["path"] not in pages:
            raise _problem(where, f"no file pages{raw['path']} for the listed page")
        if raw["category"] not in category_slugs:
            raise _problem(where, f"unknown category {raw['category']!r}")
        try:
            published = _as_date(raw["published"], "published")
        except ValueError as exc:
            raise _problem(where, str(exc)) from None
        listed.append(ListedPage(str(raw["path"]), str(raw["category"]), str(raw["title"]), published))

    fault_settings = dict(site.get("faults") or {})
    slow_seconds = fault_settings.pop("slow_seconds", 2)
    if not isinstance(slow_seconds, (int, float)) or slow_seconds < 0:
        raise _problem(site_path, "faults.slow_seconds must be a number of seconds")
    faults = {}
    for kind, raw in fault_settings.items():
        if kind not in FAULT_KINDS:
            raise _problem(site_path, f"unknown fault {kind!r} (known: {', '.join(FAULT_KINDS)})")
        faults[kind] = _fault_target(kind, raw, by_slug, str(site_path))

    robots_path = root / "robots.txt"
    return Mirror(
        root=root,
        title=str(site.get("title", "Ban Dân vận")),
        per_page=per_page,
        categories=tuple((str(c["slug"]), str(c["name"])) for c in categories),
        menu_pages=tuple((str(p["path"]), str(p["name"])) for p in menu_pages),
        home_text=str(site.get("home_text", "")),
        footer=tuple(str(line) for line in site.get("footer") or []),
        articles=articles,
        listed_pages=tuple(listed),
        faults=faults,
        slow_seconds=float(slow_seconds),
        robots=robots_path.read_text(encoding="utf-8") if robots_path.is_file() else None,
        pages=pages,
    )


# --------------------------------------------------------------------------- rendering


def _text(value: str) -> str:
    """Plain text → HTML text: escaped, a no-break space written as &nbsp;."""
    return html.escape(value, quote=False).replace("\u00a0", "&nbsp;")


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


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


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


def _html(status: int, page: str) -> Response:
    return Response(status, page.encode("utf-8"))


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
        values = parse_qs(parts.query).get("page") or ["1"]
        page = int(values[0]) if values[0].isascii() and values[0].isdigit() else 1   # not "²" nor "٣"
        return _html(200, render_listing(mirror, listing["category"], page))
    file = mirror.pages.get(path)
    if file is not None:
        content_type = CONTENT_TYPES.get(file.suffix.lower(), "application/octet-stream")
        return Response(200, render_static(mirror, path, file), content_type)
    return _html(404, render_error(mirror, path))


# --------------------------------------------------------------------------- the server


FAULT_ANSWERS = {
    "error_once": (500, ()),
    "unavailable_once": (503, (("Retry-After", "1"),)),
    "rate_limited_once": (429, (("Retry-After", "1"),)),
}


class _Handler(BaseHTTPRequestHandler):
    server_version = "Microsoft-IIS/8.5"
    sys_version = ""

    def do_GET(self):
        self._answer(send_body=True)

    def do_HEAD(self):
        self._answer(send_body=False)

    def _answer(self, send_body: bool):
        owner: MirrorServer = self.server.owner
        response = owner.answer(self.path)
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("X-AspNet-Version", "4.0.30319")
        for name, value in response.headers:
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(response.body)

    def log_message(self, format, *args):
        if not self.server.owner.quiet:
            sys.stderr.write(f"mirror {self.address_string()} - {format % args}\n")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class MirrorServer:
    """The mirror served by a threaded HTTP server; a context manager; counts requests per target."""

    def __init__(self, mirror: Mirror, host: str = "127.0.0.1", port: int = 0, faults: bool = False,
                 slow_seconds: float | None = None, quiet: bool = True, allow_remote: bool = False):
        if not allow_remote and not is_loopback(host):
            raise InputError(f"refusing to serve the mirror on {host!r}: not a loopback address "
                             "(use 127.0.0.1, or --allow-remote to expose it on purpose)")
        self.mirror = mirror
        self.faults = faults
        self.slow_seconds = mirror.slow_seconds if slow_seconds is None else slow_seconds
        self.quiet = quiet
        self.requests: list[tuple[str, int]] = []   # (target, status) in arrival order
        self._counts: Counter = Counter()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        server_class = type("_Server6", (_Server,), {"address_family": socket.AF_INET6}) if ":" in host else _Server
        try:
            self.httpd = server_class((host, port), _Handler)
        except OSError as exc:
            raise InputError(f"cannot serve the mirror on {host}:{port}: {exc.strerror or exc}") from exc
        self.httpd.owner = self

    @property
    def host(self) -> str:
        return self.httpd.server_address[0]

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def count(self, target: str) -> int:
        """How many times *target* (a path, with its query if any) was requested."""
        with self._lock:
            return self._counts[target]

    def answer(self, target: str) -> Response:
        with self._lock:
            self._counts[target] += 1
            seen = self._counts[target]
        response = self._fault(target, seen) if self.faults else None
        if response is None:
            response = respond(self.mirror, target)
        with self._lock:
            self.requests.append((target, response.status))
        return response

    def _fault(self, target: str, seen: int) -> Response | None:
        for kind, fault_target in self.mirror.faults.items():
            if fault_target != target:
                continue
            if kind == "slow":
                time.sleep(self.slow_seconds)
            elif seen == 1:
                status, headers = FAULT_ANSWERS[kind]
                page = render_error(self.mirror, target, status)
                return Response(status, page.encode("utf-8"), headers=headers)
        return None

    def start(self) -> "MirrorServer":
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="danvan-mirror", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the foreground until interrupted (Ctrl-C)."""
        try:
            self.httpd.serve_forever()
        finally:
            self.httpd.server_close()

    def stop(self) -> None:
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self.httpd.server_close()

    def __enter__(self) -> "MirrorServer":
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def serve_mirror(root: Path | str | None = None, host: str = "127.0.0.1", port: int = 0, faults: bool = False,
                 quiet: bool = True, slow_seconds: float | None = None, allow_remote: bool = False) -> MirrorServer:
    """Load the mirror under *root* and serve it from a background thread; use as a context manager."""
    mirror = load_mirror(root)
    server = MirrorServer(mirror, host=host, port=port, faults=faults, slow_seconds=slow_seconds,
                          quiet=quiet, allow_remote=allow_remote)
    return server.start()
