"""Draft site profiles from a few probed pages: the family, listing addresses, selectors or payload keys, pager kind.

A draft is for a person to review (``danvan site init`` writes it with the sample articles it parsed as
comments); ``--site auto`` also uses one to hand a site of family B or C to that family's reader.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml
from bs4 import BeautifulSoup, Tag

from scrapers.discover import has_article_shape, normalize_url, pager_base
from scrapers.generic import DATE_CLASS, HEADLINE_LINK_CHARS, POSTBACK_PAGER, detect_family
from scrapers.http import decode_body, http_origin
from scrapers.listing import iso_date
from scrapers.parse import clean
from scrapers.profile import SITES_DIR

CENTRAL_TEMPLATE = SITES_DIR / "tuyengiaodanvan.yaml"   # the shipped profile of family C, the draft's model
DEFAULT_USER_AGENT = "danvan/0.1 (+https://github.com/danvan-project/danvan; research crawler of public articles)"


@dataclass
class Sample:
    url: str
    title: str
    published_on: str | None
    chars: int


@dataclass
class Draft:
    """A profile drafted for a site, with what a reviewer should know."""

    family: str
    profile: dict
    samples: list[Sample] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def yaml_text(self, requests: int) -> str:
        when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        head = [f"# Draft profile written by `danvan site init` on {when} after {requests} requests: review it,",
                f"# then `danvan site check {self.profile['name']}` and `danvan crawl --site {self.profile['name']}`.",
                f"# Family {self.family}: {FAMILY_NAMES[self.family]}."]
        head += [f"# NOTE: {note}" for note in self.notes]
        body = yaml.safe_dump(self.profile, allow_unicode=True, sort_keys=False, width=110)
        tail = ["", "# Sample articles parsed while probing (title | date | body characters | address):"]
        tail += [f"#   {s.title} | {s.published_on or 'no date'} | {s.chars} | {s.url}" for s in self.samples] \
            or ["#   (none found: check the listing addresses and selectors above)"]
        return "\n".join(head) + "\n" + body + "\n".join(tail) + "\n"


FAMILY_NAMES = {
    "A": "portal with plain pager links",
    "B": "ASP.NET portal paged by postback (__doPostBack)",
    "C": "JavaScript application with its data embedded (self.__next_f / __NEXT_DATA__)",
    "D": "portal with a sitemap and/or a feed, read by discovery",
    "E": "portal with only links, read by a bounded link crawl",
}


# --------------------------------------------------------------------------- selectors from examples


def selector_of(tag: Tag) -> str:
    """A short CSS selector for a tag: its name and first class (or id)."""
    classes = [c for c in (tag.get("class") or []) if re.fullmatch(r"[A-Za-z_][\w-]*", c)]
    if classes:
        return f"{tag.name}.{classes[0]}"
    if tag.get("id") and re.fullmatch(r"[A-Za-z_][\w-]*", tag["id"]):
        return f"{tag.name}#{tag['id']}"
    return tag.name


def _with_parent(tag: Tag) -> str:
    parent = tag.parent
    own = selector_of(tag)
    if parent is not None and parent.name not in ("body", "html", "[document]", "form"):
        return f"{selector_of(parent)} {own}"
    return own


def path_pattern(paths: list[str]) -> str:
    """A regular expression for the article paths seen: common segments kept, the varying ones generalized."""
    split = [p.strip("/").split("/") for p in paths]
    depth = Counter(len(s) for s in split).most_common(1)[0][0]
    chosen = [s for s in split if len(s) == depth]
    parts = []
    for i in range(depth):
        values = {s[i] for s in chosen}
        if len(values) == 1 and i < depth - 1:
            parts.append(re.escape(values.pop()))
            continue
        suffixes = {re.search(r"(\.[A-Za-z]{2,5})$", v).group(1) if re.search(r"\.[A-Za-z]{2,5}$", v) else ""
                    for v in values}
        suffix = re.escape(suffixes.pop()) if len(suffixes) == 1 else r"(?:\.[A-Za-z]{2,5})?"
        parts.append(r"[A-Za-z0-9_-]+" + suffix if i == depth - 1 else r"[A-Za-z0-9_-]+")
    return "^/" + "/".join(parts) + "$"


def listing_selectors(html: str, url: str, article_urls: set[str]) -> dict:
    """listing_item, listing_link, listing_date and pager selectors from a listing page whose links to
    `article_urls` are known."""
    soup = BeautifulSoup(html, "lxml")
    links = [a for a in soup.find_all("a", href=True) if normalize_url(urljoin(url, a["href"])) in article_urls
             and len(clean(a.get_text(" "))) >= HEADLINE_LINK_CHARS // 2]
    out = {}
    if links:
        items = Counter(_with_parent(a.parent) for a in links if a.parent is not None)
        item, _ = items.most_common(1)[0]
        out["listing_item"] = item
        out["listing_link"] = Counter(selector_of(a) for a in links).most_common(1)[0][0]
        sample = next(a.parent for a in links if a.parent is not None and _with_parent(a.parent) == item)
        date = next((node for node in sample.find_all(True) if iso_date(node.get_text(" "))
                     and not node.find("a")), None)
        if date is not None:
            out["listing_date"] = selector_of(date)
    pager_links = [a for a in soup.find_all("a", href=True)
                   if POSTBACK_PAGER.search(a["href"]) or pager_base(urljoin(url, a["href"]))[1] is not None]
    if pager_links and pager_links[0].parent is not None:
        out["pager"] = f"{selector_of(pager_links[0].parent)} a"
    return out


def article_selectors(html: str) -> dict:
    """title, date, body, breadcrumb, other_news selectors from an article page."""
    soup = BeautifulSoup(html, "lxml")
    out = {}
    h1 = soup.find("h1")
    if h1 is not None:
        out["title"] = _with_parent(h1)
    best, best_size = None, 0
    for node in soup.find_all(True):
        size = sum(len(p.get_text(" ", strip=True)) for p in node.find_all("p", recursive=False))
        if size > best_size:
            best, best_size = node, size
    if best is not None:
        out["body"] = _with_parent(best)
    if h1 is not None:
        for scope in (h1.parent, getattr(h1.parent, "parent", None)):
            if scope is None:
                continue
            date = next((node for node in scope.find_all(class_=DATE_CLASS) if iso_date(node.get_text(" "))), None)
            if date is not None:
                out["date"] = _with_parent(date)
                break
    crumb = soup.find(class_=re.compile("breadcrumb", re.IGNORECASE))
    out["breadcrumb"] = selector_of(crumb) if crumb is not None else "nav.breadcrumb"
    other = soup.find(class_=re.compile(r"other|related|lien-?quan|khac", re.IGNORECASE))
    out["other_news"] = f"{selector_of(other)} a" if other is not None else "div.other-news a"
    out["attachments"] = "a[href$='.pdf'], a[href$='.doc'], a[href$='.docx']"
    return out


# --------------------------------------------------------------------------- drafts by family


def _base(name: str, origin: str, title: str) -> dict:
    host = urlsplit(origin).netloc
    return {"name": name, "title": title or name, "base_url": origin, "allowed_hosts": [host], "language": "vi",
            "delay": 1.5, "user_agent": DEFAULT_USER_AGENT}


def draft_payload(name: str, origin: str, title: str, home_url: str, home_html: str) -> Draft:
    """Family C: the shipped central-board profile as the model, pointed at this site and checked against its
    home page (categories found, payload sources present)."""
    from scrapers import payload
    from scrapers.profile import load_profile

    model = yaml.safe_load(CENTRAL_TEMPLATE.read_text(encoding="utf-8"))
    profile = {**model, **_base(name, origin, title)}
    home_path = urlsplit(home_url).path or "/"
    profile["categories_from"] = {**model["categories_from"], "page": home_path}
    draft = Draft("C", profile)
    template = load_profile(CENTRAL_TEMPLATE)
    checked = template.with_base_url(origin)
    found = payload.discover_categories(home_html, home_url, checked)
    if found:
        draft.notes.append(f"{len(found)} categories found on {home_path} with the model's pattern: "
                           + ", ".join(c.name for c in found[:6]))
    else:
        draft.notes.append(f"no category matched categories_from.pattern on {home_path}: correct it")
    sources = [s for s, marker in (("next_f", "self.__next_f.push"), ("next_data", "__NEXT_DATA__"))
               if marker in home_html]
    draft.notes.append("payload found in the page: " + (", ".join(sources) or "none (check payload.sources)"))
    return draft


def draft_selectors(family: str, name: str, origin: str, title: str, listings: list[tuple[str, str]],
                    articles: list[tuple[str, str]]) -> Draft:
    """Families A and B: categories from the listing pages, selectors learnt from a listing and an article."""
    article_urls = {url for url, _ in articles}
    selectors = {"listing_item": "div.news-item", "listing_link": "a", "pager": "div.pager a"}
    notes = []
    chosen = []
    for url, html in listings:
        found = listing_selectors(html, url, article_urls)
        if "listing_item" in found:
            chosen.append((url, found))
    if chosen:
        selectors.update(chosen[0][1])
    else:
        notes.append("no listing page held links to the articles found: listing selectors are guesses")
    if articles:
        selectors.update(article_selectors(articles[0][1]))
    else:
        notes.append("no article page was found: title/date/body selectors are guesses")
    for key, default in (("breadcrumb", "div.breadcrumb"), ("title", "h1"), ("date", ".date"), ("body", "article"),
                         ("other_news", "div.other-news a"), ("attachments", "a[href$='.pdf']")):
        selectors.setdefault(key, default)
    selectors["remove"] = ["script", "style", "nav", "footer"]
    categories, paths = [], []
    for url, _ in (chosen or [(u, h) for u, h in listings]):
        path = urlsplit(pager_base(url)[0]).path
        slug_match = re.fullmatch(r"/(?P<slug>[A-Za-z0-9_-]+)(?P<suffix>\.[A-Za-z]{2,5})?", path)
        if slug_match and slug_match["slug"] not in [c["slug"] for c in categories]:
            categories.append({"slug": slug_match["slug"], "name": _link_name(listings, url) or slug_match["slug"]})
            paths.append(slug_match["suffix"] or "")
    suffix = Counter(paths).most_common(1)[0][0] if paths else ".aspx"
    if not categories:
        notes.append("no category address of the form /SLUG[.ext] was found: add the categories by hand")
    else:
        others = _menu_neighbours(listings, {c["slug"] for c in categories}, suffix)
        if others:
            notes.append("categories are the listings probed; the menu also links to "
                         + ", ".join(f"/{slug}{suffix} ({label})" for slug, label in others[:12])
                         + ": add those that are listings")
    profile = _base(name, origin, title)
    profile["categories"] = categories
    profile["urls"] = {
        "listing": "/{category}" + suffix,
        "listing_page": "/{category}" + suffix + "?page={page}",
        "article": path_pattern([urlsplit(u).path for u in article_urls]) if article_urls else "^/.+$",
    }
    if family == "B":
        profile["pager"] = {"kind": "postback"}
    profile["selectors"] = selectors
    return Draft(family, profile, notes=notes)


def _menu_neighbours(listings: list[tuple[str, str]], known: set[str], suffix: str) -> list[tuple[str, str]]:
    """Links of the form /SLUG{suffix} that sit in the same menu as a known category's link."""
    shape = re.compile(rf"^/(?P<slug>[A-Za-z0-9_-]+){re.escape(suffix)}$")
    found: dict[str, str] = {}
    for url, html in listings[:2]:
        soup = BeautifulSoup(html, "lxml")
        for a in soup.find_all("a", href=True):
            match = shape.match(urlsplit(urljoin(url, a["href"])).path)
            if not match or match["slug"] not in known or a.parent is None:
                continue
            menu = a.find_parent(["ul", "nav"]) or a.parent
            for other in menu.find_all("a", href=True):
                candidate = shape.match(urlsplit(urljoin(url, other["href"])).path)
                if candidate and candidate["slug"] not in known and not urlsplit(urljoin(url, other["href"])).query:
                    found.setdefault(candidate["slug"], clean(other.get_text(" ")))
    return list(found.items())


def _link_name(listings: list[tuple[str, str]], url: str) -> str | None:
    for _, html in listings:
        for a in BeautifulSoup(html, "lxml").find_all("a", href=True):
            if normalize_url(urljoin(url, a["href"])) == url and clean(a.get_text(" ")):
                return clean(a.get_text(" "))
    return None


def draft_discovery(family: str, name: str, origin: str, title: str, state: dict) -> Draft:
    """Families D and E: where the crawl starts (sitemaps, feeds, first listing pages) and the article shape."""
    def path_of(url: str) -> str:
        parts = urlsplit(url)
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    articles = [url for url, page in state.get("pages", {}).items() if page.get("kind") == "article"]
    discovery = {
        "sitemaps": [path_of(u) for u in state.get("sitemap_roots", []) if urlsplit(u).netloc == urlsplit(origin).netloc],
        "feeds": [path_of(u) for u in state.get("feeds", [])],
        "listings": [path_of(u) for u in state.get("hubs", [])],
    }
    if articles:
        discovery["article_url"] = path_pattern([urlsplit(u).path for u in articles])
    share = sum(has_article_shape(u) for u in articles)
    notes = [f"{share} of {len(articles)} articles found end in an id"] if articles else []
    profile = {**_base(name, origin, title), "family": family, "discovery": discovery}
    return Draft(family, profile, notes=notes)


def site_title(html: str | bytes) -> str:
    """The site's name from its home page: og:site_name, else <title> (before a separator)."""
    soup = BeautifulSoup(decode_body(html), "lxml")
    meta = soup.find("meta", property="og:site_name")
    if meta is not None and clean(meta.get("content") or ""):
        return clean(meta["content"])
    title = soup.find("title")
    return re.split(r"\s+[|–—-]\s+", clean(title.get_text(" ")))[-1] if title else ""


def family_of_home(html: str | bytes) -> str | None:
    return detect_family(html)


def write_draft(draft: Draft, path: Path, requests: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(draft.yaml_text(requests), encoding="utf-8")
    temporary.replace(path)
    return path


# --------------------------------------------------------------------------- site init


PROBE_REQUESTS = 30


@dataclass
class InitResult:
    path: Path
    draft: Draft
    requests: int


def _item_links(html: bytes | str, url: str) -> list[str]:
    """Links of a listing page that read like headlines (same origin), in order."""
    soup = BeautifulSoup(decode_body(html), "lxml")
    out = []
    for a in soup.find_all("a", href=True):
        target = normalize_url(urljoin(url, a["href"]))
        if urlsplit(target).netloc == urlsplit(url).netloc and len(clean(a.get_text(" "))) >= HEADLINE_LINK_CHARS \
                and target not in out and target != normalize_url(url):
            out.append(target)
    return out


def _check_selectors(draft: Draft, pages: list[tuple[str, bytes]], work_dir: Path) -> list[Sample]:
    """The samples the drafted profile of family A/B parses from `pages` (its own selectors, no fallback)."""
    from scrapers.errors import NotAnArticle, ProfileError
    from scrapers.parse import parse_by_profile
    from scrapers.profile import load_profile

    trial = work_dir / f".{draft.profile['name'].replace(':', '_')}.trial.yaml"
    trial.parent.mkdir(parents=True, exist_ok=True)
    trial.write_text(yaml.safe_dump(draft.profile, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        profile = load_profile(trial)
    except ProfileError as exc:
        draft.notes.append(f"the draft does not load yet: {exc}")
        return []
    finally:
        trial.unlink(missing_ok=True)
    samples = []
    for url, body in pages:
        try:
            article = parse_by_profile(BeautifulSoup(decode_body(body), "lxml"), url, profile)
        except NotAnArticle:
            continue
        if article is not None and article.title and article.text:
            samples.append(Sample(url, article.title, article.published_on, len(article.text)))
    return samples


def init_site(options, url: str, *, name: str | None = None, settings=None, force: bool = False) -> InitResult:
    """Probe the site of `url` (at most PROBE_REQUESTS polite, archived requests), decide its family and write a
    draft profile to DATA_DIR/sites/NAME.yaml."""
    from scrapers.auto import Seeds, crawl_auto
    from scrapers.errors import FetchError, InputError
    from scrapers.profile import SITE_NAME_RULE, USER_SITES, site_name_for, valid_site_name

    parts = urlsplit(url)
    origin = http_origin(url)
    if origin is None:
        raise InputError(f"site init needs an http(s) URL with a host, not {url!r}")
    name = name or site_name_for(origin)
    if not valid_site_name(name):
        raise InputError(f"--name {name!r}: {SITE_NAME_RULE}")
    path = Path(options.data_dir) / USER_SITES / f"{name}.yaml"
    if path.exists() and not force:
        raise InputError(f"{path} exists already; --force replaces it")
    start = normalize_url(url)
    seeds = Seeds(listings=(start,) if (parts.path or "/") != "/" or parts.query else ())
    probe: dict = {}
    summary = crawl_auto(options.with_(site="auto", base_url=origin, max_pages=PROBE_REQUESTS - 1), settings=settings,
                         seeds=seeds, name=name, origin=origin, hand_over=("C",), probe=probe)
    crawler = probe.get("crawler")
    pages = dict(crawler.samples) if crawler is not None else {}
    if not pages:
        raise FetchError(f"{origin}: no page could be read ({summary.failed} failed); no profile written")
    first = pages.get(origin + "/") or next(iter(pages.values()))
    first_text = decode_body(first[1])   # decoded once, for the title and a payload draft
    title = site_title(first_text)
    postback = [(u, body, final) for u, (kind, body, final) in pages.items() if POSTBACK_PAGER.search(decode_body(body))]
    if crawler.family == "C":
        draft = draft_payload(name, origin, title, first[2], first_text)
    elif postback or (summary.sitemap_pages == 0 and summary.feed_entries == 0):
        draft = draft_by_selectors("B" if postback else "A", name, origin, title, pages, postback, path.parent)
        if draft.family == "A" and (len(draft.samples) < 2 or not draft.profile["categories"]
                                    or not _paged_by_number(pages)):
            draft = draft_discovery("E", name, origin, title, crawler.state.data)
    else:
        draft = draft_discovery("D", name, origin, title, crawler.state.data)
    if draft.family in ("D", "E"):
        draft.samples = [Sample(u, p.get("title", ""), p.get("published_on"), p.get("chars", 0))
                         for u, p in crawler.state.pages.items() if p.get("kind") == "article"][:5]
    requests = summary.requests
    write_draft(draft, path, requests)
    if draft.family == "C":   # read a few articles with the draft, within the probe's budget
        from scrapers.check import check_site

        report = check_site(options.with_(base_url=None), str(path), pages=min(3, PROBE_REQUESTS - requests - 4),
                            settings=settings)
        draft.samples = [Sample(r.url, r.title, r.published_on, r.chars) for r in report.rows if r.kind == "article"]
        draft.notes += report.problems
        requests += report.requests
        write_draft(draft, path, requests)
    return InitResult(path=path, draft=draft, requests=requests)


def _paged_by_number(pages: dict) -> bool:
    """True when the listings' pagers link to ?page=N (what a profile's listing_page template can say)."""
    pager = re.compile(r"""href=["'][^"']*[?&](?:amp;)?page=\d+""", re.IGNORECASE)
    return any(pager.search(decode_body(body)) for kind, body, _ in pages.values() if kind == "listing")


def draft_by_selectors(family: str, name: str, origin: str, title: str, pages: dict, postback: list,
                        work_dir: Path) -> Draft:
    listings = [(final, decode_body(body)) for _, body, final in postback] or \
        [(final, decode_body(body)) for u, (kind, body, final) in pages.items() if kind == "listing"
         and u != origin + "/"]
    linked = []
    for url, html in listings:
        linked += [link for link in _item_links(html, url) if link not in linked]
    articles = [(u, pages[u][1]) for u in linked if u in pages]
    articles = [(u, body) for u, body in articles if BeautifulSoup(decode_body(body), "lxml").find("h1")]
    draft = draft_selectors(family, name, origin, title, listings, [(u, decode_body(b)) for u, b in articles])
    draft.samples = _check_selectors(draft, articles, work_dir)[:5]
    return draft
