"""Pages of a site with no profile → ``Article`` or the kind of page they are, by their content (metadata, headline, date, body).

An article page is told apart from listings and static pages by what it carries — JSON-LD's ``@type``,
OpenGraph, a headline, a publication date, a body of article length with little link text — and, as one hint
among these, by whether its address has the shape the site's articles have (``SiteShape``). Fields come from
JSON-LD and OpenGraph (extruct), ``<time>`` and the page's headline, dates from htmldate where the page says
nothing clearer; the body from trafilatura after danvan's own cleaning (share buttons, related posts, comments,
tag clouds, print links and footers left out), with the same text cleaning as ``scrapers.parse``.
"""

from __future__ import annotations

import json
import logging
import re
import warnings
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning

from scrapers.discover import has_article_shape, normalize_url, page_links
from scrapers.errors import NotAnArticle
from scrapers.http import decode_body
from scrapers.listing import SITE_DATE, iso_date, local_date
from scrapers.parse import Article, author_name, clean, trafilatura_extract

log = logging.getLogger(__name__)
warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)   # a feed or sitemap handed in as a page

MIN_BODY_CHARS = 200        # less body text than this: not an article
LONG_BODY_CHARS = 600       # an article-length body
HEADLINE_LINK_CHARS = 20    # a link whose text is at least this long reads like a headline

ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "reportagenews", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "report", "liveblogposting", "socialmediaposting",
})
LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage", "profilepage", "aboutpage",
                           "contactpage"})

# Parts of a page that are not the article, by the words of their class or id (split at - and _).
BOILERPLATE_WORDS = frozenset({
    "share", "shares", "sharing", "social", "socials", "sharebar", "addthis", "related", "relate", "comment",
    "comments", "binhluan", "tag", "tags", "tagcloud", "keyword", "keywords", "tukhoa", "footer", "print",
    "breadcrumb", "breadcrumbs", "sidebar", "widget", "widgets", "banner", "ads", "advert", "advertisement",
    "quangcao", "menu", "nav", "navbar", "navigation", "pager", "pagination", "othernews", "tinkhac", "rating",
    "vote", "toolbar", "copyright", "subscribe", "newsletter", "popular", "mostread", "xemnhieu", "khac", "other",
})
BOILERPLATE_JOINED = ("lienquan", "tinkhac", "binhluan", "tukhoa", "othernews", "cungchuyenmuc", "xemnhieu",
                      "docnhieu", "relatedpost", "mangxahoi")
BOILERPLATE_TAGS = ["nav", "footer", "aside", "script", "style", "noscript", "template", "iframe", "button", "select",
                    "svg"]
KEPT_TAGS = frozenset({"html", "body", "main", "article"})

# Lines of text that are the page's furniture, not the article (whole line, short).
FURNITURE_LINE = re.compile(
    r"""
    ^ (?: chia\s*sẻ | share | in\s+bài | in\s+trang | bản\s+in | print | gửi\s+(?:email|bài|cho\s+bạn\s+bè)
        | email | facebook | twitter | zalo | linkedin | quay\s+lại | về\s+đầu\s+trang | lên\s+đầu\s+trang
        | tweet | thích | like | lượt\s+xem .* | số\s+lượt\s+xem .* | bình\s+luận .{0,20} | từ\s+khóa .* | tags? \s*:.*
        | xem\s+thêm .{0,30} | copyright .* | bản\s+quyền .* | © .* )
    \s* :? \s* $
    """,
    re.VERBOSE | re.IGNORECASE,
)
# A heading after which the rest is not the article (related posts, comments, other news).
TAIL_HEADING = re.compile(
    r"^(?:tin|bài(?:\s+viết)?|các\s+tin|các\s+bài(?:\s+viết)?)\s+(?:liên\s+quan|khác|cùng\s+chuyên\s+mục|mới\s+hơn|"
    r"cũ\s+hơn|đã\s+đưa)\s*:?$|^(?:ý\s+kiến\s+bạn\s+đọc|bình\s+luận|gửi\s+bình\s+luận|related\s+(?:posts|articles|news)"
    r"|comments?)\s*:?$",
    re.IGNORECASE,
)

# Markers of the families that have their own readers (site-families.md).
QUOTE = r"""(?:['"]|&\#39;|&\#x27;|&quot;|&apos;)"""
POSTBACK_PAGER = re.compile(rf"__doPostBack\(\s*{QUOTE}[^'\"&]+{QUOTE}\s*,\s*{QUOTE}Page\$", re.IGNORECASE)
NEXT_PAYLOAD = re.compile(r"self\.__next_f\.push\(|<script[^>]+id=[\"']__NEXT_DATA__[\"']", re.IGNORECASE)


def detect_family(html: str | bytes) -> str | None:
    """"B" for an ASP.NET portal paged by postback, "C" for a Next.js application with its data embedded,
    None for a page of neither (families D and E are told by their sitemaps and feeds, not by a page)."""
    text = decode_body(html)
    if NEXT_PAYLOAD.search(text):
        return "C"
    if POSTBACK_PAGER.search(text) and "__VIEWSTATE" in text:
        return "B"
    return None


# --------------------------------------------------------------------------- the site's article addresses


@dataclass
class SiteShape:
    """What the site's article addresses look like, learnt from the pages found to be articles (a hint only)."""

    with_id: int = 0
    without_id: int = 0

    def learn(self, url: str) -> None:
        if has_article_shape(url):
            self.with_id += 1
        else:
            self.without_id += 1

    def hint(self, url: str) -> bool | None:
        """True/False once three or more articles agree (80 %) on ending in an id; None before."""
        total = self.with_id + self.without_id
        if total < 3 or self.with_id < 0.8 * total:
            return None
        return has_article_shape(url)

    def as_dict(self) -> dict:
        return {"with_id": self.with_id, "without_id": self.without_id}


# --------------------------------------------------------------------------- metadata


@dataclass
class Metadata:
    types: set = field(default_factory=set)     # JSON-LD @types, lower case
    headline: str | None = None
    published: str | None = None                # ISO date or date-time as the page gives it
    author: str | None = None
    section: str | None = None
    og_type: str | None = None
    og_title: str | None = None


def _ld_objects(data) -> list[dict]:
    """Every JSON-LD object, with @graph members unpacked."""
    out = []
    stack = list(data) if isinstance(data, list) else [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            out.append(item)
            if "@graph" in item:
                stack.extend(item["@graph"] if isinstance(item["@graph"], list) else [item["@graph"]])
    return out


def _types(obj: dict) -> set[str]:
    value = obj.get("@type") or []
    values = value if isinstance(value, list) else [value]
    return {str(v).rsplit("/", 1)[-1].lower() for v in values}


def _name(value) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        return _name(value.get("name"))
    if isinstance(value, str) and value.strip():
        return clean(value)
    return None


def read_metadata(html: str, url: str) -> Metadata:
    """JSON-LD and OpenGraph of a page (extruct), plus the usual <meta> names."""
    import extruct

    meta = Metadata()
    try:
        data = extruct.extract(html, base_url=url or None, syntaxes=["json-ld", "opengraph"], uniform=True,
                               errors="ignore")
    except (ValueError, TypeError, json.JSONDecodeError) as exc:
        log.debug("%s: metadata not readable: %s", url, exc)
        data = {}
    for obj in _ld_objects(data.get("json-ld") or []):
        types = _types(obj)
        meta.types |= types
        if types & ARTICLE_TYPES:
            meta.headline = meta.headline or _name(obj.get("headline") or obj.get("name"))
            meta.published = meta.published or _name(obj.get("datePublished") or obj.get("dateCreated"))
            meta.author = meta.author or _name(obj.get("author") or obj.get("creator"))
            meta.section = meta.section or _name(obj.get("articleSection"))
    for obj in data.get("opengraph") or []:
        meta.og_type = meta.og_type or _name(obj.get("og:type"))
        meta.og_title = meta.og_title or _name(obj.get("og:title"))
        meta.published = meta.published or _name(obj.get("article:published_time"))
        meta.section = meta.section or _name(obj.get("article:section"))
        meta.author = meta.author or _name(obj.get("article:author"))
    return meta


def vietnam_date(value: str | None) -> str | None:
    """The date in Vietnam (UTC+7) of an ISO date-time with a zone; the date as written otherwise."""
    return local_date(value, "+07:00")


META_DATE_NAMES = ("pubdate", "publishdate", "publish_date", "date", "dc.date", "dc.date.issued",
                   "article.published", "datepublished", "published_time", "og:published_time")
DATE_CLASS = re.compile(r"date|time|ngay|publish|posted|meta", re.IGNORECASE)


def _page_date(soup: BeautifulSoup, headline: Tag | None) -> str | None:
    """The publication date the page shows: <meta> names, itemprop, <time>, a date element near the headline."""
    for tag in soup.find_all("meta", content=True):
        name = (tag.get("name") or tag.get("property") or tag.get("itemprop") or "").lower()
        if name in META_DATE_NAMES:
            found = vietnam_date(tag["content"])
            if found:
                return found
    scope = headline.parent if headline is not None and headline.parent is not None else soup
    for _ in range(3):
        for time_tag in scope.find_all("time"):
            found = vietnam_date(time_tag.get("datetime") or "") or written_date(time_tag.get_text(" "))
            if found:
                return found
        for node in scope.find_all(class_=DATE_CLASS):
            if _inside_item(node, scope):
                continue   # the date of one item of a list of links, not the page's
            found = written_date(node.get_text(" "))
            if found:
                return found
        if scope.parent is None or scope.name in ("body", "html"):
            break
        scope = scope.parent
    return None


def written_date(text: str) -> str | None:
    """The date a page writes: the site's forms (15/04/2020, Thứ tư, 15-04-2020 - 08:30), else Vietnamese words
    (ngày 12 tháng 3 năm 2025) by the extractors' date reader."""
    from extractors.dates import parse_date

    return iso_date(text) or parse_date(text or "")


def _inside_item(node: Tag, scope: Tag) -> bool:
    """True when `node` sits in an element (below `scope`) that also holds a headline link: an item of a list."""
    for parent in node.parents:
        if parent is scope or parent is None:
            return False
        if any(len(clean(a.get_text(" "))) >= HEADLINE_LINK_CHARS for a in parent.find_all("a", href=True)):
            return True
    return False


def _htmldate(html: str) -> str | None:
    """htmldate's reading of the page's date; never a request (htmldate downloads a text that looks like a URL,
    outside the polite client, so such a text gives None)."""
    from htmldate import find_date

    if html.startswith("http") and " " not in html:
        return None
    try:
        return find_date(html, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    except (ValueError, TypeError):
        return None


# --------------------------------------------------------------------------- cleaning and the body


def _is_boilerplate(tag: Tag) -> bool:
    names = " ".join(tag.get("class") or []) + " " + (tag.get("id") or "")
    if not names.strip():
        return False
    words = {w for w in re.split(r"[^a-z0-9]+", names.lower()) if w}
    joined = re.sub(r"[^a-z0-9]+", "", names.lower())
    return bool(words & BOILERPLATE_WORDS) or any(j in joined for j in BOILERPLATE_JOINED)


def remove_boilerplate(soup: BeautifulSoup) -> None:
    """Drop what is not the article: navigation, footers, asides, and elements whose class or id says share,
    related, comments, tags, print, breadcrumb … — never one that holds most of the page's text."""
    for tag in soup.find_all(BOILERPLATE_TAGS):
        if not getattr(tag, "decomposed", False):
            tag.decompose()
    total = len((soup.body or soup).get_text(" ", strip=True)) or 1
    for tag in list(soup.find_all(True)):
        if getattr(tag, "decomposed", False) or tag.parent is None:
            continue
        if tag.name in KEPT_TAGS or not _is_boilerplate(tag) or tag.find("h1") is not None:
            continue
        if len(tag.get_text(" ", strip=True)) < 0.5 * total:
            tag.decompose()


def _is_dateline(line: str) -> bool:
    """A line that only gives the date (and time) of the page: "Thứ tư, 12/03/2025 08:30", "Cập nhật: 12/03/2025"."""
    if not written_date(line):
        return False
    from extractors.dates import find_dates

    rest = SITE_DATE.sub("", line)
    for mention in find_dates(rest):
        rest = rest.replace(mention.text, "")
    rest = re.sub(r"\d{1,2}[:h]\d{2}(?::\d{2})?|\b(?:GMT|UTC)[+-]?\d*", "", rest)
    return len(rest.strip(" ,-|:()[]")) <= 20


def _breadcrumb_category(soup: BeautifulSoup) -> str | None:
    """The last link of the page's breadcrumb that is not the home page."""
    for trail in soup.find_all(class_=re.compile(r"breadcrumb", re.IGNORECASE)):
        names = [clean(a.get_text(" ")) for a in trail.find_all("a", href=True)
                 if urlsplit(a["href"]).path not in ("", "/") and clean(a.get_text(" "))]
        if names:
            return names[-1]
    return None


def _body_lines(text: str, title: str, author: str | None) -> list[str]:
    lines = [clean(line) for line in (text or "").split("\n")]
    out = []
    for line in lines:
        if not line:
            continue
        if TAIL_HEADING.match(line):
            break
        if FURNITURE_LINE.match(line) and len(line) <= 60:
            continue
        if not out and line == title:
            continue
        if len(out) < 2 and _is_dateline(line):
            continue
        out.append(line)
    if out and author and out[-1].strip() in (author, f"({author})"):
        out.pop()
    return out


def _largest_text_block(soup: BeautifulSoup) -> str:
    """The element whose own paragraphs hold the most text, one paragraph a line (when trafilatura finds nothing)."""
    best, best_size = None, 0
    for node in soup.find_all(True):
        paragraphs = [p.get_text(" ", strip=True) for p in node.find_all("p", recursive=False)]
        size = sum(len(p) for p in paragraphs)
        if size > best_size:
            best, best_size = paragraphs, size
    return "\n".join(best or [])


def extract_body(cleaned_html: str, soup: BeautifulSoup, url: str) -> str:
    text = trafilatura_extract(
        cleaned_html, url=url or None, output_format="txt", include_comments=False, include_tables=True,
        include_images=False, include_links=False, favor_recall=True, deduplicate=False,
    )
    return text or _largest_text_block(soup)


# --------------------------------------------------------------------------- the verdict


@dataclass(frozen=True)
class PageVerdict:
    """What a page is: "article" (with its Article), "listing" (links to articles) or "static"; and why."""

    kind: str
    reason: str
    article: Article | None = None
    links: tuple[str, ...] = ()         # the page's links to pages of its own origin
    headline_links: int = 0
    score: int = 0


def _headline(soup: BeautifulSoup) -> Tag | None:
    """The page's headline: an <h1> (inside <article> or <main> first), else an <article>'s <h2>."""
    scopes = [s for s in (soup.find("article"), soup.find("main")) if s is not None] + [soup]
    for scope in scopes:
        for found in scope.find_all("h1"):
            if clean(found.get_text(" ")):
                return found
    article = soup.find("article")
    found = article.find("h2") if article is not None else None
    return found if found is not None and clean(found.get_text(" ")) else None


def _title(meta: Metadata, headline: Tag | None, soup: BeautifulSoup) -> str:
    if meta.headline:
        return meta.headline
    if headline is not None:
        return clean(headline.get_text(" "))
    if meta.og_title:
        return meta.og_title
    title = soup.find("title")
    return re.split(r"\s+[|–—-]\s+", clean(title.get_text(" ")))[0] if title else ""


def examine(html: str | bytes, url: str, *, shape: SiteShape | None = None,
            content_type: str | None = None) -> PageVerdict:
    """Decide what the page at `url` is, and read its article when it is one."""
    text = decode_body(html, content_type)
    origin = urlsplit(url)
    soup = BeautifulSoup(text, "lxml")
    links = [link for link, _ in page_links(soup, url) if urlsplit(link).netloc == origin.netloc]
    meta = read_metadata(text, url)
    headline = _headline(soup)
    title = _title(meta, headline, soup)
    published = vietnam_date(meta.published) or _page_date(soup, headline)

    category = meta.section or _breadcrumb_category(soup)
    remove_boilerplate(soup)
    headline_links = 0
    headline_texts = []
    for a in (soup.body or soup).find_all("a", href=True):
        words = clean(a.get_text(" "))
        target = normalize_url(urljoin(url, a["href"]))
        if len(words) >= HEADLINE_LINK_CHARS and urlsplit(target).netloc == origin.netloc and target != url:
            headline_links += 1
            headline_texts.append(words)
    body = extract_body(str(soup), soup, url)
    author = meta.author
    lines = _body_lines(body, title, author)
    if lines and not author:
        credit = author_name(lines[-1], 6)
        if credit and len(lines) > 1:
            author = credit
            lines.pop()
    body_text = "\n".join(lines)

    # a listing's main text is its headlines; an article's related-post links stay outside its body
    in_body = [len(t) for t in headline_texts if t in body_text]
    listing_like = len(in_body) >= 3 and sum(in_body) >= 0.35 * max(len(body_text), 1)
    paragraphs = sum(1 for line in lines if len(line) >= 80)
    score = 0
    reasons = []
    if meta.types & ARTICLE_TYPES:
        score += 3
        reasons.append("JSON-LD article")
    if meta.types & LISTING_TYPES and not meta.types & ARTICLE_TYPES:
        score -= 3
        reasons.append("JSON-LD " + "/".join(sorted(meta.types & LISTING_TYPES)))
    if (meta.og_type or "").lower() == "article":
        score += 1
        reasons.append("og:type article")
    if published:
        score += 2
        reasons.append("dated")
    if len(body_text) >= LONG_BODY_CHARS or paragraphs >= 2:
        score += 1
        reasons.append(f"body {len(body_text)} chars")
    hint = shape.hint(url) if shape is not None else None
    if hint is not None:
        score += 1 if hint else -1
        reasons.append("address like the site's articles" if hint else "address unlike the site's articles")
    if listing_like:
        score -= 3
        reasons.append(f"{len(in_body)} headlines in its text")

    if not title:
        verdict, why = "static", "no headline"
    elif len(body_text) < MIN_BODY_CHARS:
        verdict, why = ("listing" if headline_links >= 3 else "static"), f"body of {len(body_text)} characters"
    elif score >= 2 and (published or meta.types & ARTICLE_TYPES or (meta.og_type or "").lower() == "article"):
        verdict, why = "article", ", ".join(reasons)
    else:
        verdict, why = ("listing" if headline_links >= 3 else "static"), ", ".join(reasons) or "nothing of an article"
    article = None
    if verdict == "article":
        article = Article(
            url=url, category=category, title=title, published_on=published or _htmldate(text),
            author=author, text=body_text, method="auto",
        )
    return PageVerdict(kind=verdict, reason=why, article=article, links=tuple(links),
                       headline_links=headline_links, score=score)


def parse_generic(html: str | bytes, url: str, profile=None, content_type: str | None = None) -> Article:
    """The Article of a page of a site with no profile, or NotAnArticle(reason) — the signature of
    ``scrapers.parse.parse_article`` (the profile is not used)."""
    verdict = examine(html, url, content_type=content_type)
    if verdict.article is None:
        raise NotAnArticle(f"not an article ({verdict.kind}: {verdict.reason})", url)
    return verdict.article
