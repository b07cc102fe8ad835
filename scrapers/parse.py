"""Article pages → ``Article`` (by the site profile's selectors, trafilatura as the fallback); pages that are not articles raise ``NotAnArticle``.

``parse_page(body, url, profile)`` is the entry point every reader of the archive uses: it picks the parser of the
profile's family (family C's lives in ``scrapers.payload``).

What the body text keeps and drops (site-structure.md): paragraphs are kept, one a line, NFC, odd
spaces made plain; the menus, footer, pager, other-news, image captions (kept apart in ``captions``),
attachment links (kept apart in ``attachments``), lines that only announce one (``Tải về: …``) and the author
line (kept in ``author``) are left out.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from extractors.normalize import clean_whitespace, nfc
from scrapers.errors import NotAnArticle
from scrapers.http import decode_body
from scrapers.listing import iso_date, link_urls

# The fallback must find at least this much text to call a page an article.
FALLBACK_MIN_CHARS = 250

# ---- author lines: "Ngọc Diệp", "Tin, ảnh: Hồng Thư", "Ngọc Diệp (Ban Dân vận Thị ủy An Khê)"
AUTHOR_PREFIX = re.compile(
    r"""
    ^ (?: Tin | Bài | Ảnh | Tin\s+và\s+ảnh | Bài\s+và\s+ảnh ) (?: \s*,\s* (?: ảnh | bài ) )?   # Tin, ảnh
    \s* : \s*
    """,
    re.VERBOSE | re.IGNORECASE,
)
PARENTHESES = re.compile(r"\([^)]*\)")
SENTENCE_END = re.compile(r"[.!?;:…]$")

# ---- captions: "Ảnh: Quang cảnh hội nghị", "(Ảnh: …)", "Ảnh minh họa" — not "Ảnh hưởng của …"
CAPTION_START = re.compile(
    r"""
    ^ \(? \s* Ảnh \s*
    (?: : | minh \s+ (?: họa | hoạ ) )
    """,
    re.VERBOSE | re.IGNORECASE,
)

# ---- lines that only announce an attachment: "Tải về: Kế hoạch số 45", "File đính kèm:", "Tải file Hướng dẫn 09"
#      — not "Tải về ứng dụng VNeID để …" (no colon: a sentence)
ATTACHMENT_LINE = re.compile(
    r"""
    ^ [\s(\[]*
    (?: (?: tải \s+ về | (?: file | tệp | tài \s+ liệu | văn \s+ bản ) \s+ đính \s+ kèm ) \s* (?: : | $ )
      | tải \s+ (?: file | tệp ) \b
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)

BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "thead", "tbody", "tr",
    "td", "th", "blockquote", "figure", "figcaption", "section", "article", "center", "pre", "dl", "dt", "dd",
    "header", "footer", "aside", "nav", "address", "hr",
})
BOLD_TAGS = frozenset({"strong", "b"})
ITALIC_TAGS = frozenset({"em", "i"})
SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "input", "select", "button", "iframe"})


@dataclass(frozen=True)
class Article:
    """One article page: where it is, what it says, and the parts kept apart from its body text."""

    url: str
    category: str | None
    title: str
    published_on: str | None          # ISO date YYYY-MM-DD
    author: str | None
    text: str                         # NFC body, one paragraph a line
    captions: tuple[str, ...] = ()
    attachments: tuple[dict, ...] = ()   # {"href": absolute URL, "label": link text}
    other_news: tuple[str, ...] = ()     # absolute URLs of the "Các tin khác" links
    method: str = "profile"              # "profile" (selectors) or "fallback" (trafilatura)

    def as_dict(self) -> dict:
        return {
            "url": self.url, "category": self.category, "title": self.title,
            "published_on": self.published_on, "author": self.author, "text": self.text,
            "captions": list(self.captions), "attachments": [dict(a) for a in self.attachments],
            "other_news": list(self.other_news), "method": self.method,
        }

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n") if self.text else []


# --------------------------------------------------------------------------- small helpers


def clean(text: str) -> str:
    """One line of page text: NFC, odd spaces plain, runs collapsed, no newline inside."""
    return clean_whitespace(nfc(text).replace("\r", " ").replace("\n", " ")).strip()


def author_name(line: str, max_words: int) -> str | None:
    """*line* as an author credit if it is one: short (words outside parentheses), no sentence end."""
    line = line.strip()
    if not line or SENTENCE_END.search(line) or line[0].isdigit():
        return None
    name = AUTHOR_PREFIX.sub("", line).strip()
    words = PARENTHESES.sub(" ", name).split()
    if not words or len(words) > max_words:
        return None
    return name


# --------------------------------------------------------------------------- body blocks


@dataclass
class Block:
    """A paragraph-like piece of the body, with what the parser needs to sort it."""

    pieces: list            # (text, bold, italic, link href or None)
    right: bool = False
    image: str | None = None     # src of an image block
    caption: bool = False        # a <figcaption>

    @property
    def text(self) -> str:
        return clean("".join(p[0] for p in self.pieces))

    def _visible(self):
        return [p for p in self.pieces if p[0].strip()]

    @property
    def bold(self) -> bool:
        visible = self._visible()
        return bool(visible) and all(p[1] for p in visible)

    @property
    def italic(self) -> bool:
        visible = self._visible()
        return bool(visible) and all(p[2] for p in visible)

    @property
    def links(self) -> list[str]:
        return [p[3] for p in self._visible() if p[3]]

    @property
    def only_links(self) -> bool:
        visible = self._visible()
        return bool(visible) and all(p[3] for p in visible)


def _right_aligned(tag: Tag) -> bool:
    style = (tag.get("style") or "").replace(" ", "").lower()
    return "text-align:right" in style or (tag.get("align") or "").lower() == "right"


def body_blocks(element: Tag) -> list[Block]:
    """Split a body element into blocks: block-level tags and <br> end a block, images are blocks of their own."""
    blocks: list[Block] = []
    current = Block([])

    def flush(right: bool):
        nonlocal current
        if current.pieces:
            current.right = current.right or right
            blocks.append(current)
        current = Block([])

    def walk(node: Tag, bold: bool, italic: bool, link: str | None, right: bool):
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                current.pieces.append((str(child), bold, italic, link))
                continue
            if not isinstance(child, Tag) or child.name in SKIPPED_TAGS:
                continue
            name = child.name
            if name == "br":
                flush(right)
            elif name == "img":
                flush(right)
                blocks.append(Block([], right=right, image=child.get("src") or ""))
            elif name in BLOCK_TAGS:
                flush(right)
                inner_right = right or _right_aligned(child)
                start = len(blocks)
                walk(child, bold, italic, link, inner_right)
                flush(inner_right)
                if name == "figcaption":
                    for block in blocks[start:]:
                        block.caption = True
            else:
                walk(
                    child,
                    bold or name in BOLD_TAGS,
                    italic or name in ITALIC_TAGS,
                    child.get("href") if name == "a" else link,
                    right or _right_aligned(child),
                )

    walk(element, False, False, None, False)
    flush(False)
    return blocks


# --------------------------------------------------------------------------- the parser


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def _remove_chrome(soup: BeautifulSoup, profile) -> None:
    for selector in profile.selectors.get("remove") or ():
        for tag in soup.select(selector):
            tag.decompose()


def _category(soup: BeautifulSoup, url: str, profile) -> str | None:
    """The breadcrumb's category link (NFC text); else the URL's first path segment through the profile."""
    breadcrumb = profile.selectors.get("breadcrumb")
    selector = profile.selectors.get("breadcrumb_category") or (f"{breadcrumb} a" if breadcrumb else None)
    slugs = {c.slug for c in profile.categories}
    links = [a for a in soup.select(selector) if clean(a.get_text())] if selector else []
    for link in links:
        path = urlsplit(urljoin(url or "/", link.get("href") or "")).path
        if path.rsplit("/", 1)[-1].removesuffix(".aspx") in slugs:
            return clean(link.get_text())
    non_home = [a for a in links if urlsplit(a.get("href") or "").path not in ("", "/", "/Default.aspx")]
    if non_home:
        return clean(non_home[-1].get_text())
    segments = [s for s in urlsplit(url or "").path.split("/") if s]
    if len(segments) >= 2:
        return profile.category_name(segments[0])
    return None


def _attachments(scope: Tag, url: str, profile) -> list[dict]:
    found, seen = [], set()
    selector = profile.selectors.get("attachments")
    for a in scope.select(selector) if selector else ():
        href = urljoin(url or "", a.get("href") or "")
        if href and href not in seen:
            seen.add(href)
            found.append({"href": href, "label": clean(a.get_text()) or None})
    return found


def _is_caption(block: Block, text: str, after_image: bool) -> bool:
    """A <figcaption>; right after an image, an italic line or one starting "Ảnh:"; elsewhere, an italic "Ảnh: …"."""
    if block.caption:
        return True
    starts_like_caption = CAPTION_START.match(text) is not None
    if after_image:
        return block.italic or starts_like_caption
    return block.italic and starts_like_caption


def is_attachment_line(text: str) -> bool:
    """A body line that only announces an attachment ("Tải về: …", "File đính kèm: …", "Tải file …"): not body text."""
    return ATTACHMENT_LINE.match(text) is not None


def _is_article_url(url: str, profile) -> bool:
    pattern = profile.urls.get("article")
    if not url or not pattern:
        return True
    return re.search(pattern, urlsplit(url).path) is not None


def parse_by_profile(soup: BeautifulSoup, url: str, profile) -> Article | None:
    """The article by the profile's selectors; None when the title or body selector does not match.

    Raises NotAnArticle for a placeholder (title present, body empty).
    """
    other_news = _other_news(soup, url, profile)
    _remove_chrome(soup, profile)
    title_tag = soup.select_one(profile.selectors["title"])
    body_tag = soup.select_one(profile.selectors["body"])
    if title_tag is None or body_tag is None:
        return None
    title = clean(title_tag.get_text(" "))
    date_tag = soup.select_one(profile.selectors["date"]) if profile.selectors.get("date") else None
    published_on = iso_date(date_tag.get_text(" ")) if date_tag else None

    body_ancestors = {id(parent) for parent in body_tag.parents}
    article_scope = next((p for p in title_tag.parents if id(p) in body_ancestors), body_tag)
    attachments = _attachments(article_scope, url, profile)
    paragraphs, captions, author = body_parts(body_tag, url, profile, attachments)
    if not paragraphs:
        raise NotAnArticle(f"placeholder: the page has a title ({title[:60]!r}) but no body text", url)
    return Article(
        url=url, category=_category(soup, url, profile), title=title, published_on=published_on,
        author=author, text="\n".join(paragraphs), captions=tuple(captions),
        attachments=tuple(attachments), other_news=tuple(other_news), method="profile",
    )


def body_parts(body_tag: Tag, url: str, profile, attachments: list[dict]) -> tuple[list[str], list[str], str | None]:
    """(paragraphs, captions, author) of an article's body element: the body-text cleaning every family shares."""
    attachment_hrefs = {urlsplit(a["href"]).path for a in attachments} | {a["href"] for a in attachments}
    blocks = body_blocks(body_tag)
    paragraphs: list[str] = []
    kinds: list[Block] = []
    captions: list[str] = []
    previous_was_image = False
    for block in blocks:
        if block.image is not None:
            previous_was_image = True
            continue
        text = block.text
        if not text:
            continue
        is_caption = _is_caption(block, text, after_image=previous_was_image)
        previous_was_image = False
        if is_caption:
            captions.append(text)
            continue
        hrefs = {urljoin(url or "", h) for h in block.links} | set(block.links)
        if block.only_links and hrefs & attachment_hrefs or is_attachment_line(text):
            continue
        paragraphs.append(text)
        kinds.append(block)

    author = None
    if paragraphs and (profile.author or {}).get("rule", "last_short_line") == "last_short_line":
        max_words = int((profile.author or {}).get("max_words", 6))
        candidate = author_name(paragraphs[-1], max_words)
        last = kinds[-1]
        if candidate and (last.bold or last.right or len(paragraphs) > 1):
            author = candidate
            paragraphs.pop()
    return paragraphs, captions, author


def _other_news(soup: BeautifulSoup, url: str, profile) -> list[str]:
    selector = profile.selectors.get("other_news")
    return link_urls(soup.select(selector), url) if selector else []


class _QuietDuringOurCalls(logging.Filter):
    """Drops what trafilatura's loggers say below ERROR while trafilatura_extract runs in this thread: "discarding
    data" for a page without an article body is ours to report (the page is rejected with danvan's reason)."""

    def __init__(self):
        super().__init__()
        self.local = threading.local()
        self.loggers_seen = 0   # how many loggers there were when the filter was last given out

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR or not getattr(self.local, "depth", 0)


_TRAFILATURA_QUIET = _QuietDuringOurCalls()


def _quiet_trafilatura_loggers() -> None:
    """Give the filter to every trafilatura logger, also those its modules create after the first call (the
    loggers are looked over again only when their number has changed)."""
    loggers = logging.Logger.manager.loggerDict
    if len(loggers) == _TRAFILATURA_QUIET.loggers_seen:
        return
    _TRAFILATURA_QUIET.loggers_seen = len(loggers)
    for name in list(loggers):
        if name == "trafilatura" or name.startswith("trafilatura."):
            logging.getLogger(name).addFilter(_TRAFILATURA_QUIET)   # a filter already there is not added twice


def trafilatura_extract(html: str, **options) -> str | None:
    """``trafilatura.extract(html, **options)`` with trafilatura's own warnings about the page silenced for the
    call (its errors, danvan's warnings and trafilatura's outside this call are untouched)."""
    import trafilatura

    _quiet_trafilatura_loggers()
    local = _TRAFILATURA_QUIET.local
    local.depth = getattr(local, "depth", 0) + 1
    try:
        return trafilatura.extract(html, **options)
    finally:
        local.depth -= 1


def parse_by_fallback(html: str, soup: BeautifulSoup, url: str, profile) -> Article | None:
    """The article as trafilatura sees it; None when it finds no article-sized body."""
    raw = trafilatura_extract(
        html, url=url or None, output_format="json", with_metadata=True, include_comments=False,
        include_tables=False, include_images=False, favor_precision=True, deduplicate=False,
    )
    if not raw:
        return None
    found = json.loads(raw)
    lines = [clean(line) for line in (found.get("text") or "").split("\n")]
    lines = [line for line in lines if line and not is_attachment_line(line)]
    text = "\n".join(lines)
    if len(text) < FALLBACK_MIN_CHARS:
        return None
    h1 = soup.find("h1")
    title = clean(found.get("title") or (h1.get_text(" ") if h1 else "") or "")
    published_on = None
    if found.get("date"):
        published_on = iso_date(str(found["date"])) or _iso(str(found["date"]))
    return Article(
        url=url, category=_category(soup, url, profile), title=title, published_on=published_on,
        author=clean(found["author"]) if found.get("author") else None, text=text,
        attachments=tuple(_attachments(soup, url, profile)),
        other_news=tuple(_other_news(soup, url, profile)), method="fallback",
    )


def _iso(value: str) -> str | None:
    try:
        return datetime.fromisoformat(value[:10]).date().isoformat()
    except ValueError:
        return None


def parse_article(html: str | bytes, url: str, profile, content_type: str | None = None,
                  soup: BeautifulSoup | None = None) -> Article:
    """The Article of one page, or NotAnArticle(reason) for a placeholder, a page of another kind or an error page.

    `soup`: the page already parsed by a caller done with it (not parsed again; the profile's `remove` selectors
    change it)."""
    text = decode_body(html, content_type)
    if not _is_article_url(url, profile):
        raise NotAnArticle(f"not an article address of the {profile.name} profile (a page of another kind)", url)
    soup = soup if soup is not None else _soup(text)
    article = parse_by_profile(soup, url, profile)
    if article is not None:
        return article
    article = parse_by_fallback(text, _soup(text), url, profile)
    if article is not None:
        return article
    title = soup.find("title")
    page_title = clean(title.get_text()) if title else ""
    raise NotAnArticle(
        "not an article: the profile's title/body selectors do not match and the fallback found no article body"
        + (f" (page title {page_title[:60]!r})" if page_title else ""),
        url,
    )


def parse_page(body: str | bytes, url: str, profile, content_type: str | None = None) -> Article:
    """The one way to read an archived page for a site: the article parser of the profile's family
    (A and B: ``parse_article``; C: ``payload.parse_article``). Raises NotAnArticle for anything else."""
    if profile.family in ("D", "E"):   # read by discovery, articles told by their content (scrapers/generic.py)
        from scrapers.generic import parse_generic
        return parse_generic(body, url, profile, content_type)
    if profile.family == "C":
        from scrapers import payload

        return payload.parse_article(body, url, profile, content_type)
    if content_type is None:
        return parse_article(body, url, profile)
    return parse_article(body, url, profile, content_type)


def _plain_text(soup: BeautifulSoup) -> str:
    for tag in soup(list(SKIPPED_TAGS)):
        tag.decompose()
    body = soup.body or soup
    lines = [clean(line) for line in body.get_text("\n").splitlines()]
    return "\n".join(line for line in lines if line)


@lru_cache(maxsize=1)
def _default_profile():
    from scrapers.profile import load_profile

    return load_profile("gialai")


def text_from_html(html: str | bytes) -> str:
    """The body text of an HTML page, one paragraph a line, NFC: by the profile when the page matches it
    (empty for a placeholder), else trafilatura's, else the page's plain text."""
    profile = _default_profile()
    text = decode_body(html)
    try:
        article = parse_by_profile(_soup(text), "", profile)
    except NotAnArticle:
        return ""
    if article is not None:
        return article.text
    article = parse_by_fallback(text, _soup(text), "", profile)
    if article is not None:
        return article.text
    return _plain_text(_soup(text))
