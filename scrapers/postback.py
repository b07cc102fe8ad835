"""Family B: an ASP.NET WebForms listing paged by postback — each next page is a POST of the page's own form.

Entry point: ``walk(pages, profile, category)`` (the listing walker of ``listing.walk``'s protocol). Page 1 is a
GET of the category's listing URL; page N+1 is the answer to a POST (application/x-www-form-urlencoded) of the
form of page N, carrying every ``<input type="hidden">`` of page N (``__VIEWSTATE``, ``__EVENTVALIDATION`` …)
with ``__EVENTTARGET``/``__EVENTARGUMENT`` taken from the pager link
``javascript:__doPostBack('ctl00$…$pager','Page$N+1')``. Items are read as in family A (the profile's
selectors; article links are ordinary hrefs). ``postback_links(html)`` and ``form_fields(html, target, argument)``
are usable alone (auto mode).

The profile says ``pager: {kind: postback}``; ``pager.argument`` (default ``Page\\$(?P<page>\\d+)``) is the
pattern of the event argument that names a page number. A pager link whose argument names no number (``Page$Next``)
is used when its text is the next page's number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from scrapers.listing import Listing, parse_listing
from scrapers.parse import clean

DEFAULT_ARGUMENT = r"Page\$(?P<page>\d+)"
# javascript:__doPostBack('ctl00$Main$pager','Page$2') — quotes single or double, possibly HTML-escaped already
DO_POSTBACK = re.compile(
    r"""
    __doPostBack \s* \( \s*
    (?P<q1> ['"] ) (?P<target> .*? ) (?P=q1) \s* , \s*
    (?P<q2> ['"] ) (?P<argument> .*? ) (?P=q2) \s* \)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class PostbackLink:
    target: str        # __EVENTTARGET
    argument: str      # __EVENTARGUMENT
    text: str          # the link's text, e.g. "2" or "›"


def postback_links(html: str | bytes, selector: str = "a[href]") -> list[PostbackLink]:
    """The ``__doPostBack`` links among the elements *selector* picks, in page order."""
    soup = html if isinstance(html, BeautifulSoup) else BeautifulSoup(html, "lxml")
    found = []
    for element in soup.select(selector):
        match = DO_POSTBACK.search(element.get("href") or "")
        if match:
            found.append(PostbackLink(match["target"], match["argument"], clean(element.get_text(" "))))
    return found


def form_fields(html: str | bytes, target: str, argument: str, url: str = "") -> tuple[str, list[tuple[str, str]]]:
    """(action URL, fields) of the POST that a postback link of this page makes: every hidden input of the
    page's form (of the page, when it has no form) with __EVENTTARGET and __EVENTARGUMENT set."""
    soup = html if isinstance(html, BeautifulSoup) else BeautifulSoup(html, "lxml")
    form = soup.find("form")
    scope = form if form is not None else soup
    action = urljoin(url, (form.get("action") or "").strip()) if form is not None else url
    fields = [(name, value) for name, value in _hidden_inputs(scope)
              if name not in ("__EVENTTARGET", "__EVENTARGUMENT")]
    return action or url, [("__EVENTTARGET", target), ("__EVENTARGUMENT", argument), *fields]


def _hidden_inputs(scope) -> list[tuple[str, str]]:
    out = []
    for element in scope.find_all("input"):
        if (element.get("type") or "").lower() == "hidden" and element.get("name"):
            out.append((element["name"], element.get("value") or ""))
    return out


def _page_links(links: list[PostbackLink], argument: re.Pattern) -> dict[int, PostbackLink]:
    """page number → the link that asks for it (by its argument, else by its text)."""
    by_page: dict[int, PostbackLink] = {}
    for link in links:
        match = argument.fullmatch(link.argument)
        if match and match["page"].isascii() and match["page"].isdigit():
            by_page.setdefault(int(match["page"]), link)
    for link in links:
        if link.text.isascii() and link.text.isdigit():
            by_page.setdefault(int(link.text), link)
    return by_page


def walk(pages, profile, category) -> Iterator[tuple]:
    """Family B's listing walker: GET page 1, then POST the form of each page for the next one."""
    argument = re.compile((profile.pager or {}).get("argument") or DEFAULT_ARGUMENT)
    fetched = pages.get(profile.listing_url(category, 1))
    page = 1
    while True:
        if not fetched.ok:
            yield fetched, None
            return
        soup = BeautifulSoup(fetched.body, "lxml")
        items = parse_listing(soup, fetched.final_url, profile).items
        by_page = _page_links(postback_links(soup, profile.selectors["pager"]), argument)
        yield fetched, Listing(url=fetched.final_url, items=items, pages=tuple(sorted(by_page)))
        following = by_page.get(page + 1)
        if following is None:
            return
        action, fields = form_fields(soup, following.target, following.argument, fetched.final_url)
        fetched = pages.post(action, fields)
        page += 1
