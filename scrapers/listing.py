"""Listing pages → their items (article links, titles, dates) and pager; link lists of article pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Iterator
from urllib.parse import parse_qs, urljoin, urlsplit

from bs4 import BeautifulSoup

from extractors.normalize import nfc

# Dates as the site writes them, on listings and article pages: "15/04/2020", "Thứ tư, 15/04/2020 - 08:30",
# "15-04-2020", "15.04.2020" (one separator throughout; not inside a longer number).
SITE_DATE = re.compile(
    r"""
    (?P<weekday> (?:Thứ\s+\w+|Chủ\s+nhật) \s* , \s* )?      # Thứ tư,   (optional)
    (?<!\d) (?P<day> \d{1,2} ) (?P<sep> [/.-] )
    (?P<month> \d{1,2} ) (?P=sep)
    (?P<year>  \d{4} ) (?!\d)
    (?: \s* -? \s* (?P<hour> \d{1,2} ) [:h] (?P<minute> \d{2} ) )?   # - 08:30   (optional)
    """,
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True)
class ListingItem:
    url: str
    title: str
    published_on: str | None   # ISO date shown on the listing, if any

    def as_dict(self) -> dict:
        return {"url": self.url, "title": self.title, "published_on": self.published_on}


@dataclass(frozen=True)
class Listing:
    url: str
    items: tuple[ListingItem, ...]
    pages: tuple[int, ...]      # page numbers the pager links to

    def has_page_after(self, page: int) -> bool:
        return any(p > page for p in self.pages)

    def as_dict(self) -> dict:
        return {"url": self.url, "items": [i.as_dict() for i in self.items], "pages": list(self.pages)}


# An ISO date or date-time, with its zone when written (2025-03-11T18:30:00.000Z, 2025-03-12 08:30+07:00).
ISO_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?")


def iso_date(text: str | None) -> str | None:
    """The first valid date of *text* in a form the site uses, as ISO YYYY-MM-DD; None when there is none."""
    for match in SITE_DATE.finditer(nfc(text or "")):
        try:
            return date(int(match["year"]), int(match["month"]), int(match["day"])).isoformat()
        except ValueError:
            continue
    return None


def local_date(value, offset: str = "+07:00") -> str | None:
    """The date (YYYY-MM-DD) of a timestamp where the site is: an instant with a zone (``Z``, ``+00:00``) is
    moved to *offset*; a date or a local time without zone is taken as written; a number is epoch milliseconds."""
    zone = _zone(offset)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value / 1000, tz=timezone.utc).astimezone(zone).date().isoformat()
    if not isinstance(value, str):
        return None
    match = ISO_INSTANT.search(value.strip())
    if not match:
        return iso_date(value)
    text = match.group(0).replace(" ", "T")
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            return date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(zone)
    return moment.date().isoformat()


def _zone(offset: str) -> timezone:
    sign = -1 if offset.startswith("-") else 1
    hours, minutes = offset.lstrip("+-").split(":")
    return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))


def _soup(html: str | bytes | BeautifulSoup) -> BeautifulSoup:
    """The parsed page: *html* itself when a caller has parsed it already."""
    return html if isinstance(html, BeautifulSoup) else BeautifulSoup(html, "lxml")


def _page_number(href: str) -> int | None:
    values = parse_qs(urlsplit(href).query).get("page")
    if not values:
        return 1
    return int(values[0]) if values[0].isascii() and values[0].isdigit() else None   # not "²" nor "٣"


def parse_listing(html: str | bytes | BeautifulSoup, url: str, profile) -> Listing:
    """The items of a category listing, newest first as the site shows them, and the pager's page numbers
    (*html* may be a page parsed already)."""
    soup = _soup(html)
    selectors = profile.selectors
    items, seen = [], set()
    for node in soup.select(selectors["listing_item"]):
        link = node.select_one(selectors["listing_link"])
        if link is None or not link.get("href"):
            continue
        item_url = urljoin(url, link["href"].strip())
        if item_url in seen:
            continue
        seen.add(item_url)
        date_node = node.select_one(selectors["listing_date"]) if selectors.get("listing_date") else None
        items.append(ListingItem(
            url=item_url,
            title=nfc(" ".join(link.get_text(" ").split())),
            published_on=iso_date(date_node.get_text(" ")) if date_node is not None else None,
        ))
    pages = set()
    for link in soup.select(selectors["pager"]) if selectors.get("pager") else ():
        number = _page_number(link.get("href", ""))
        if number is not None:
            pages.add(number)
    return Listing(url=url, items=tuple(items), pages=tuple(sorted(pages)))


def links(html: str | bytes, url: str, selector: str) -> list[str]:
    """Absolute URLs of the links a CSS selector picks, in page order, without repeats or fragments."""
    return link_urls(_soup(html).select(selector), url)


def link_urls(elements, url: str) -> list[str]:
    """Absolute URLs of link elements (``<a href>``), in order, without repeats, fragments or non-page links."""
    out, seen = [], set()
    for link in elements:
        href = (link.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        absolute = urljoin(url, href).split("#", 1)[0]
        if absolute not in seen:
            seen.add(absolute)
            out.append(absolute)
    return out


def walk(pages, profile, category) -> Iterator[tuple]:
    """Family A's listing walker: ``?page=N`` pages while the pager offers a later one.

    Every walker (this one, ``postback.walk``, ``payload.walk``) takes ``pages`` (with ``get(url)`` and
    ``post(url, fields)`` returning a ``Fetched``), the profile and a ``Category``, and yields
    ``(fetched, Listing)`` one page at a time — ``(fetched, None)`` for a page that could not be had, and then
    stops. The crawler stops pulling when a page brings nothing new.
    """
    page = 1
    while True:
        fetched = pages.get(profile.listing_url(category, page))
        if not fetched.ok:
            yield fetched, None
            return
        listing = parse_listing(fetched.body, fetched.final_url, profile)
        yield fetched, listing
        if not listing.has_page_after(page):
            return
        page += 1
