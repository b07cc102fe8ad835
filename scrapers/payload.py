"""Family C: pages whose data travels as JSON inside the HTML (Next.js chunks, ``__NEXT_DATA__``, JSON-LD).

Entry points (what the crawler and ``parse.parse_page`` call, and auto mode may call alone):

- ``walk(pages, profile, category)`` — the listing walker (``listing.walk``'s protocol): ``urls.listing`` then
  ``urls.listing_page`` with ``page`` 2, 3 … until a page holds fewer than ``payload.page_size`` objects.
- ``parse_listing(html, url, profile) -> Listing`` — the published items of one listing page.
- ``parse_article(html, url, profile) -> Article`` — the article of one page; ``NotAnArticle`` otherwise.
- ``page_objects(html, key, sources)`` — every JSON object or list found under *key* in a page's embedded data;
  ``next_f_text(html)`` — the Next.js app-router payload text (the ``self.__next_f.push([1,"…"])`` strings,
  unescaped and concatenated, so an object split across two chunks is read whole).
- ``local_date(value, offset)`` — a timestamp's date where the site is (UTC ``…T18:30:00Z`` → the next day at +07:00).
- ``discover_categories(html, url, profile)`` — the categories a start page links to (``categories_from``).

Which keys hold what is data in the profile (``payload:`` section, scrapers/sites/README.md): ``object_key`` (an
article's object), ``list_key`` (a listing's list), ``fields`` (id, title, date, status, body, author …),
``published_statuses``, ``article_url`` (an item's address built from its fields), ``timezone``, ``page_size``.
What the DOM carries is used where the payload is silent (title in ``<h1>``, breadcrumb, attachments).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Iterator
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from scrapers.errors import NotAnArticle
from scrapers.http import decode_body
from scrapers.listing import Listing, ListingItem, local_date, parse_listing as parse_dom_listing
from scrapers.parse import Article, _attachments, _category, _other_news, body_parts, clean, parse_article as parse_dom
from scrapers.profile import Category, SiteProfile

DEFAULT_SOURCES = ("next_f", "next_data", "json_ld")
DEFAULT_STATUSES = ("approved",)
JSON_LD_TYPES = frozenset({"NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle"})

# <script>self.__next_f.push([1,"…"])</script>: the second element is a JSON string literal
NEXT_F_PUSH = re.compile(
    r"""
    self\.__next_f\.push\( \s* \[ \s* 1 \s* , \s*
    (?P<literal> " (?: [^"\\] | \\. )* " )
    \s* \] \s* \)
    """,
    re.VERBOSE | re.DOTALL,
)
NEXT_DATA = re.compile(r"""<script[^>]*\bid=["']__NEXT_DATA__["'][^>]*>(?P<json>.*?)</script>""", re.DOTALL | re.I)
TEMPLATE_FIELD = re.compile(r"\{(\w+)\}")
PATH_IN_PAYLOAD = re.compile(r'"(/[^"\s<>]*)"')


# --------------------------------------------------------------------------- reading the embedded data


def next_f_text(html: str) -> str:
    """The Next.js app-router payload: the strings of every ``self.__next_f.push([1,"…"])``, in page order,
    unescaped and joined ("" when the page has none)."""
    pieces = []
    for match in NEXT_F_PUSH.finditer(html):
        try:
            pieces.append(json.loads(match["literal"]))
        except json.JSONDecodeError:
            continue
    return "".join(pieces)


def _values_in_text(text: str, key: str) -> Iterator:
    """Each JSON object or list written as ``"key":…`` in a payload text, decoded whole."""
    decoder = json.JSONDecoder()
    needle = json.dumps(key) + ":"
    start = text.find(needle)
    while start != -1:
        position = start + len(needle)
        while position < len(text) and text[position] in " \t\r\n":
            position += 1
        if position < len(text) and text[position] in "{[":
            try:
                value, _end = decoder.raw_decode(text, position)
                yield value
            except (json.JSONDecodeError, RecursionError):   # cut short, or nested past any real page
                pass
        start = text.find(needle, start + 1)


def _values_in_tree(tree, key: str) -> Iterator:
    """Each object or list under *key* anywhere in a decoded JSON tree, depth first."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for name, value in node.items():
                if name == key and isinstance(value, (dict, list)):
                    yield value
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))


def _next_data(html: str):
    match = NEXT_DATA.search(html)
    if not match:
        return None
    try:
        return json.loads(match["json"])
    except (json.JSONDecodeError, RecursionError):
        return None


def page_objects(html: str, key: str, sources=DEFAULT_SOURCES) -> list:
    """Every JSON object or list the page's embedded data holds under *key* (Next.js chunks, then
    ``__NEXT_DATA__``), in the order found."""
    found = []
    if "next_f" in sources:
        found += list(_values_in_text(next_f_text(html), key))
    if "next_data" in sources and (tree := _next_data(html)) is not None:
        found += list(_values_in_tree(tree, key))
    return found


def json_ld_articles(html: str, url: str) -> list[dict]:
    """The JSON-LD objects of the page whose @type is an article kind (NewsArticle, BlogPosting …)."""
    import extruct

    try:
        data = extruct.extract(html, base_url=url or None, syntaxes=["json-ld"], uniform=True).get("json-ld", [])
    except Exception:   # extruct raises many kinds on broken markup; a page without readable JSON-LD has none
        return []
    out = []
    stack = list(data)
    while stack:
        node = stack.pop(0)
        if isinstance(node, dict):
            kinds = node.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if JSON_LD_TYPES & set(k for k in kinds if isinstance(k, str)):
                out.append(node)
            stack.extend(node.get("@graph") or [])
    return out


# --------------------------------------------------------------------------- fields of an object


def _field(obj: dict, profile: SiteProfile, name: str):
    key = profile.payload["fields"].get(name)
    return obj.get(key) if key else None


def _text_value(value) -> str | None:
    """A string field, or the ``name``/``title`` of an object field (an author or category given as an object)."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("title") or value.get("fullName")
    if isinstance(value, list):
        value = ", ".join(filter(None, (_text_value(v) for v in value)))
    return clean(value) if isinstance(value, str) and clean(value) else None


def _status_problem(obj: dict, profile: SiteProfile) -> str | None:
    """Why an object is not a published article (a draft …), or None."""
    if not profile.payload["fields"].get("status"):
        return None
    status = _field(obj, profile, "status")
    allowed = profile.payload.get("published_statuses") or DEFAULT_STATUSES
    if status not in allowed:
        return f"not published: status {status!r}"
    return None


def item_url(obj: dict, url: str, profile: SiteProfile, category: str | None = None) -> str | None:
    """The address of a payload object: an uploaded file's (its ``file`` field, when set: not an article), else
    ``payload.article_url`` filled with the object's fields and ``{category}``, the slug of the listing's
    category; None when a value is missing."""
    file = _field(obj, profile, "file")
    if isinstance(file, str) and file.strip():
        return urljoin(url, file.strip())
    values = {}
    for name in TEMPLATE_FIELD.findall(profile.payload["article_url"]):
        value = category if name == "category" else _field(obj, profile, name)
        if not isinstance(value, (str, int)) or str(value) == "":
            return None
        values[name] = str(value)
    return urljoin(url, TEMPLATE_FIELD.sub(lambda m: values[m.group(1)], profile.payload["article_url"]))


def _sources(profile: SiteProfile):
    return tuple(profile.payload.get("sources") or DEFAULT_SOURCES)


# --------------------------------------------------------------------------- listings


def _listing_objects(html: str, profile: SiteProfile) -> list[dict]:
    """Every object of a listing page's lists (``list_key``) and single objects (``object_key``), once each."""
    objects, seen = [], set()
    sources = _sources(profile)
    values = page_objects(html, profile.payload["list_key"], sources)
    values += page_objects(html, profile.payload["object_key"], sources)
    for value in values:
        for obj in value if isinstance(value, list) else [value]:
            if not isinstance(obj, dict):
                continue
            ident = _field(obj, profile, "id")
            marker = ident if ident is not None else json.dumps(obj, sort_keys=True)
            if marker in seen:
                continue
            seen.add(marker)
            objects.append(obj)
    return objects


def _listing_category(url: str, profile: SiteProfile) -> str | None:
    """The category slug of a listing page's address: by ``categories_from.pattern``, else the profile's category
    whose first listing page's address begins it."""
    key = _page_key(url)
    if profile.categories_from and (match := re.search(profile.categories_from["pattern"], key)):
        return match["category"]
    for category in profile.categories:
        if key.startswith(_page_key(profile.listing_url(category, 1))):
            return category.slug
    return None


def _page_key(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _read_listing(html: str | bytes, url: str, profile: SiteProfile,
                  category: str | None = None) -> tuple[Listing, int]:
    """(the published items of a listing page, how many objects it held, drafts included)."""
    text = decode_body(html)
    objects = _listing_objects(text, profile)
    category = category or _listing_category(url, profile)
    items, seen = [], set()
    for obj in objects:
        if _status_problem(obj, profile):
            continue
        address = item_url(obj, url, profile, category)
        if address is None or address in seen:
            continue
        seen.add(address)
        items.append(ListingItem(url=address, title=_text_value(_field(obj, profile, "title")) or "",
                                 published_on=local_date(_field(obj, profile, "date"), _offset(profile))))
    if {"listing_item", "listing_link"} <= set(profile.selectors):
        for item in parse_dom_listing(text, url, profile).items:   # featured items with real links
            if item.url not in seen:
                seen.add(item.url)
                items.append(item)
    return Listing(url=url, items=tuple(items), pages=()), max(len(objects), len(items))


def parse_listing(html: str | bytes, url: str, profile: SiteProfile) -> Listing:
    """The published items of one listing page (drafts left out), from the payload and the DOM's links."""
    return _read_listing(html, url, profile)[0]


def walk(pages, profile: SiteProfile, category) -> Iterator[tuple]:
    """Family C's listing walker: page 1, then ``page=2, 3 …`` until a page holds fewer than ``page_size``
    objects; past the last page a 404 ends the walk, not a failure."""
    size = int(profile.payload.get("page_size", 10))
    page = 1
    while True:
        fetched = pages.get(profile.listing_url(category, page))
        if not fetched.ok:
            if page == 1 or fetched.status not in (404, 410):
                yield fetched, None
            return
        listing, held = _read_listing(fetched.body, fetched.final_url, profile, category.slug)
        more = held >= size
        yield fetched, Listing(url=listing.url, items=listing.items, pages=(page + 1,) if more else ())
        if not more:
            return
        page += 1


def discover_categories(html: str | bytes, url: str, profile: SiteProfile) -> list[Category]:
    """The categories a start page links to: each address (a DOM ``href``, or a path in the payload) matching
    ``categories_from.pattern``, named by its link text when it has one."""
    pattern = re.compile(profile.categories_from["pattern"])
    text = decode_body(html)
    candidates: list[tuple[str, str]] = []
    for element in BeautifulSoup(text, "lxml").select("[href]"):
        candidates.append((element.get("href") or "", clean(element.get_text(" "))))
    candidates += [(path, "") for path in PATH_IN_PAYLOAD.findall(next_f_text(text))]
    found: dict[str, Category] = {}
    for href, label in candidates:
        parts = urlsplit(urljoin(url, href.strip()))
        match = pattern.search(parts.path + (f"?{parts.query}" if parts.query else ""))
        if not match:
            continue
        slug = match["category"]
        params = tuple((k, v) for k, v in match.groupdict().items() if k != "category" and v is not None)
        if slug not in found or (label and found[slug].name == slug):
            found[slug] = Category(slug, label or slug, params)
    return list(found.values())


# --------------------------------------------------------------------------- articles


def _offset(profile: SiteProfile) -> str:
    return str(profile.payload.get("timezone", "+07:00"))


def _url_id(url: str, profile: SiteProfile) -> str | None:
    match = re.search(profile.urls["article"], urlsplit(url or "").path)
    return match.groupdict().get("id") if match else None


def _article_object(html: str, url: str, profile: SiteProfile) -> dict | None:
    """The page's own object: the one under ``object_key`` whose id is the URL's, else the first with a body."""
    objects = [o for o in page_objects(html, profile.payload["object_key"], _sources(profile)) if isinstance(o, dict)]
    wanted = _url_id(url, profile)
    if wanted is not None:
        for obj in objects:
            if str(_field(obj, profile, "id")) == wanted:
                return obj
    body_key = profile.payload["fields"].get("body")
    return next((o for o in objects if body_key and o.get(body_key)), None)


def _from_object(obj: dict, soup: BeautifulSoup, url: str, profile: SiteProfile) -> Article:
    problem = _status_problem(obj, profile)
    if problem:
        raise NotAnArticle(problem, url)
    body_html = _field(obj, profile, "body")
    if not isinstance(body_html, str) or not body_html.strip():
        raise NotAnArticle("the page's data has no body text", url)
    body = BeautifulSoup(f"<div>{body_html}</div>", "lxml").div
    attachments = _attachments(body, url, profile)
    paragraphs, captions, line_author = body_parts(body, url, profile, attachments)
    if not paragraphs:
        raise NotAnArticle("placeholder: the page's data has a body without text", url)
    title = _text_value(_field(obj, profile, "title"))
    if title is None:
        tag = soup.select_one(profile.selectors["title"])
        title = clean(tag.get_text(" ")) if tag is not None else ""
    return Article(
        url=url, category=_text_value(_field(obj, profile, "category")) or _category(soup, url, profile),
        title=title, published_on=local_date(_field(obj, profile, "date"), _offset(profile)),
        author=_text_value(_field(obj, profile, "author")) or line_author, text="\n".join(paragraphs),
        captions=tuple(captions), attachments=tuple(attachments), other_news=tuple(_other_news(soup, url, profile)),
        method="payload",
    )


def _from_json_ld(node: dict, soup: BeautifulSoup, url: str, profile: SiteProfile) -> Article | None:
    body = node.get("articleBody")
    if not isinstance(body, str) or not body.strip():
        return None
    paragraphs = [clean(line) for line in body.split("\n") if clean(line)]
    return Article(
        url=url, category=_category(soup, url, profile), title=_text_value(node.get("headline")) or "",
        published_on=local_date(node.get("datePublished"), _offset(profile)), author=_text_value(node.get("author")),
        text="\n".join(paragraphs), other_news=tuple(_other_news(soup, url, profile)), method="json-ld",
    )


def parse_article(html: str | bytes, url: str, profile: SiteProfile, content_type: str | None = None) -> Article:
    """The article of one page of family C: the page's own object in the embedded data (body HTML cleaned as
    today's parser does), else JSON-LD with an articleBody, else the DOM (``parse.parse_article``)."""
    text = decode_body(html, content_type)
    if url and not re.search(profile.urls["article"], urlsplit(url).path):
        raise NotAnArticle(f"not an article address of the {profile.name} profile (a page of another kind)", url)
    soup = BeautifulSoup(text, "lxml")
    obj = _article_object(text, url, profile)
    if obj is not None and _has_body(obj, profile):
        return _from_object(obj, soup, url, profile)
    if obj is not None and (problem := _status_problem(obj, profile)):
        raise NotAnArticle(problem, url)
    article = None
    if "json_ld" in _sources(profile):
        article = next(filter(None, (_from_json_ld(node, soup, url, profile) for node in json_ld_articles(text, url))),
                       None)
    article = article or parse_dom(text, url, profile, soup=soup)   # the page as parsed above, not parsed again
    if obj is not None:   # the page's object without its body: its date and author still count
        article = replace(article,
                          published_on=article.published_on or local_date(_field(obj, profile, "date"), _offset(profile)),
                          author=article.author or _text_value(_field(obj, profile, "author")))
    return article


def _has_body(obj: dict, profile: SiteProfile) -> bool:
    body = _field(obj, profile, "body")
    return isinstance(body, str) and bool(body.strip())
