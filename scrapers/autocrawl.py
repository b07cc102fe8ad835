"""The crawler of a site with no profile: sitemaps, feeds and a bounded same-host link crawl, remembered per site.

Everything goes through the polite client (robots.txt, delay, User-Agent, size cap, WARC, fetch log). What was
seen is remembered per site in ``raw/auto-state/NAME.json`` (sub-sitemaps with their <lastmod>, feeds, every
page's kind, the listing pages worth revisiting; read again at another origin of the same site, e.g. a mirror on
another port, its addresses are moved there), so a second crawl of an unchanged site costs a handful of
requests: robots.txt, the home page, the sitemap index, the feeds and the first listing pages.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter, deque
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from scrapers.archive import page_key, utc_now, write_json_file
from scrapers.discover import feed_links, normalize_url, pager_base, read_feed, read_sitemaps, template_of, trap_kind
from scrapers.generic import POSTBACK_PAGER, SiteShape, detect_family, examine
from scrapers.http import Fetched, PoliteClient, decode_body, http_origin
from scrapers.robots import Robots

log = logging.getLogger(__name__)
USER_AGENT = "danvan/0.1 (+https://github.com/danvan-project/danvan; research crawler of public articles)"
DEFAULT_DELAY = 1.5         # seconds, for a live site with no profile
STATE_DIR = "auto-state"
MAX_DEPTH = 4               # links from the home page (depth 0); a listing's further pages keep its depth
MAX_LINK_PAGES = 300        # pages that are not articles fetched by the link crawl in one run
MAX_HUBS = 6                # first listing pages revisited by an incremental crawl
MAX_HUBS_WITH_SITEMAP = 2   # … when sitemaps or feeds list the site's pages too
MAX_FEEDS = 3
PATIENCE = 3                # pages of one address shape in a row with nothing new: that shape is left alone
MAX_FAILURES_IN_A_ROW = 5
NOT_FOUND = frozenset({404, 410})
HANDED_OVER = "handed over to the reader of family"
MAX_SAMPLES = 24            # pages kept in memory by a crawl (for drafting a profile)


@dataclass(frozen=True)
class AutoCrawlSummary:
    """What one crawl of a site with no profile did; `line()` is the summary printed at the end."""

    run_id: str
    site: str
    origin: str
    family: str = "E"
    requests: int = 0
    listing_pages: int = 0
    static_pages: int = 0
    articles_new: int = 0
    articles_refreshed: int = 0
    already_archived: int = 0
    not_found: int = 0
    failed: int = 0
    robots_blocked: int = 0
    traps_left: int = 0
    sitemap_pages: int = 0
    sitemaps_unchanged: int = 0
    feed_entries: int = 0
    bytes: int = 0
    elapsed: float = 0.0
    stopped: str | None = None
    warc_file: str | None = None
    failures: tuple = ()

    def as_dict(self) -> dict:
        return {**self.__dict__, "failures": list(self.failures)}

    def line(self) -> str:
        parts = [f"{self.requests} requests in {self.elapsed:.1f} s", f"family {self.family}",
                 f"{self.articles_new} new articles"]
        if self.articles_refreshed:
            parts.append(f"{self.articles_refreshed} refreshed")
        parts += [f"{self.already_archived} already archived", f"{self.listing_pages} listing pages",
                  f"{self.static_pages} other pages", f"{self.sitemap_pages} pages in sitemaps",
                  f"{self.feed_entries} feed entries", f"{self.traps_left} trap links left alone",
                  f"{self.not_found} not found", f"{self.failed} failed",
                  f"{self.robots_blocked} blocked by robots.txt"]
        text = f"crawl {self.site} ({self.origin}, auto): " + ", ".join(parts)
        if self.stopped:
            text += f"; stopped early: {self.stopped}"
        return text


def later(first: str, second: str) -> bool:
    """True when the ISO date or date-time `first` is after `second` (a date or a time without zone is UTC)."""
    def moment(text: str) -> datetime | None:
        try:
            value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)

    a, b = moment(first), moment(second)
    return a > b if a is not None and b is not None else first > second


class AutoState:
    """What the crawls of one auto site have seen; written atomically after each crawl step."""

    def __init__(self, raw_dir: Path, site: str, *, scratch: bool = False, origin: str | None = None):
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", site)
        self.path = Path(raw_dir) / STATE_DIR / f"{safe}.json"
        self.scratch = scratch     # a look at the site (site check) that neither reads nor changes what crawls saw
        try:
            data = None if scratch else json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            data = None
        if not isinstance(data, dict) or not isinstance(data.get("pages", {}), dict):
            data = {}   # absent or damaged: the site is read again from the start, which loses nothing
        self.data = data
        for key, empty in (("pages", {}), ("sitemaps", {}), ("feeds", []), ("hubs", []), ("shape", {}),
                           ("pending", []), ("sitemap_roots", [])):
            if not isinstance(self.data.get(key), type(empty)):
                self.data[key] = empty
        # entries of the wrong shape are forgotten (their pages are read again), never trusted
        self.data["pages"] = {url: page for url, page in self.data["pages"].items()
                              if isinstance(url, str) and isinstance(page, dict) and isinstance(page.get("kind"), str)}
        for key in ("feeds", "hubs", "sitemap_roots"):
            self.data[key] = [url for url in self.data[key] if isinstance(url, str)]
        self.data["sitemaps"] = {url: lastmod for url, lastmod in self.data["sitemaps"].items()
                                 if isinstance(lastmod, (str, type(None)))}
        self.data["pending"] = [entry for entry in self.data["pending"] if isinstance(entry, list)
                                and len(entry) == 2 and isinstance(entry[0], str) and isinstance(entry[1], int)]
        shape = self.data["shape"]
        if not all(isinstance(shape.get(k, 0), int) for k in ("with_id", "without_id")):
            self.data["shape"] = {}
        self.data["site"] = site
        if origin is not None:
            self._move_to(http_origin(normalize_url(origin)) or origin)

    def _move_to(self, origin: str) -> None:
        """Rebase the addresses remembered at another origin of the site (the embedded mirror or a test server on
        another port, a file written before the origin was kept) onto `origin`, so that what was seen counts."""
        before = self.data.get("origin")
        if not isinstance(before, str):   # an older file: the origin most of its pages were seen at
            seen = Counter(http_origin(url) for url in self.data["pages"])
            seen.pop(None, None)
            before = seen.most_common(1)[0][0] if seen else origin
        self.data["origin"] = origin
        if before == origin:
            return

        def moved(url: str) -> str:
            return normalize_url(origin + page_key(url)) if http_origin(url) == before else url

        self.data["pages"] = {moved(url): page for url, page in self.data["pages"].items()}
        self.data["sitemaps"] = {moved(url): lastmod for url, lastmod in self.data["sitemaps"].items()}
        for key in ("feeds", "hubs", "sitemap_roots"):
            self.data[key] = [moved(url) for url in self.data[key]]
        self.data["pending"] = [[moved(url), depth] for url, depth in self.data["pending"]]
        log.info("%s: what was seen at %s is taken for %s", self.path.name, before, origin)

    @property
    def pages(self) -> dict[str, dict]:
        return self.data["pages"]

    def save(self) -> None:
        if self.scratch:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_json_file(self.path, self.data)


class _Stop(Exception):
    """Ends the crawl early; the message says why."""


@dataclass(frozen=True)
class Seeds:
    """Where a crawl starts besides the home page: from a reviewed profile, or nothing."""

    listings: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()


class AutoCrawler:
    """One crawl of one site with no profile, through an already-made polite client."""

    def __init__(self, origin: str, client: PoliteClient, robots: Robots, state: AutoState, *,
                 refresh: bool = False, max_pages: int | None = None, seeds: Seeds = Seeds(), progress=None,
                 max_link_pages: int = MAX_LINK_PAGES, max_depth: int = MAX_DEPTH, hand_over: tuple = ()):
        self.origin = origin.rstrip("/")
        self.client = client
        self.robots = robots
        self.state = state
        self.refresh = refresh
        self.max_pages = max_pages
        self.seeds = seeds
        self.progress = progress
        self.max_link_pages = max_link_pages
        self.max_depth = max_depth
        self.hand_over = hand_over          # families whose own reader takes the site over (stop after the home page)
        self.counts: Counter[str] = Counter()
        self.failures: list[dict] = []
        self.stopped: str | None = None
        self.family = state.data.get("family") or "E"
        self.pages_fetched = 0
        self.link_pages = 0
        self.failures_in_a_row = 0
        self.handled: set[str] = set()
        self.queue: deque[tuple[str, int, bool]] = deque()   # (url, depth, revisit a known listing)
        self.queued: set[str] = set()
        self.barren: Counter[str] = Counter()
        self.closed: set[str] = set()
        self.sitemap_lastmod: dict[str, str | None] = {}
        shape = state.data.get("shape") or {}
        self.shape = SiteShape(with_id=int(shape.get("with_id", 0)), without_id=int(shape.get("without_id", 0)))
        self.articles: list[str] = []
        self.samples: dict[str, tuple[str, bytes, str]] = {}   # url → (kind, body, final URL): the first pages
        self.postback_pages: list[str] = []                    # listings paged by __doPostBack (family B)
        self.hub_links: dict[str, set[str]] = {}               # pages near the home page → their links

    # ---- fetching

    def fetch(self, url: str) -> Fetched | None:
        """One page through the polite client; None when robots.txt forbids it."""
        if not self.robots.allowed(url):
            self.counts["robots_blocked"] += 1
            return None
        if self.max_pages is not None and self.pages_fetched >= self.max_pages:
            raise _Stop(f"--max-pages {self.max_pages} reached")
        self.pages_fetched += 1
        fetched = self.client.get(url)
        unwell = fetched.status is None or fetched.status >= 500 or fetched.status == 429
        self.failures_in_a_row = self.failures_in_a_row + 1 if unwell else 0
        if self.progress is not None:
            self.progress.update(1)
            self.progress.set_postfix(new=self.counts["articles_new"])
        if self.failures_in_a_row >= MAX_FAILURES_IN_A_ROW:
            self._failed(fetched)
            raise _Stop(f"{self.failures_in_a_row} requests in a row failed (last: {url}); the site seems unwell")
        return fetched

    def _failed(self, fetched: Fetched) -> None:
        self.counts["failed"] += 1
        self.failures.append({"url": fetched.url, "status": fetched.status, "error": fetched.error})

    # ---- the crawl

    def run(self) -> None:
        try:
            home = self.origin + "/"
            self.handled.add(home)
            fetched = self.fetch(home)
            home_text = None
            if fetched is not None and fetched.ok:
                self.samples[home] = ("home", fetched.body, fetched.final_url)
                home_text = decode_body(fetched.body, fetched.header("Content-Type"))   # once, for every use below
                family = detect_family(home_text)
                if family:
                    self.family = family
                    if family in self.hand_over:
                        raise _Stop(f"{HANDED_OVER} {family}")
                    log.info("%s looks like a family-%s site: its links are read first", self.origin, family)
                feeds = feed_links(home_text, fetched.final_url)
            else:
                feeds = []
                if fetched is not None:
                    self._failed(fetched)
            self.read_sitemaps()
            self.read_feeds(feeds)
            for url, depth in self.state.data.get("pending") or []:   # left over by a crawl cut short
                self.consider(url, int(depth), from_listing=True)
            self.seed_hubs()
            if home_text is not None:
                self.process(home, fetched, 0, home_text)
            self.follow_links()
        except _Stop as stop:
            self.stopped = str(stop)
        finally:
            self.choose_hubs()
            self.state.data["pending"] = [[url, depth] for url, depth, _ in self.queue if url not in self.handled]
            self.state.data["family"] = self.family
            self.state.data["shape"] = self.shape.as_dict()
            self.state.save()

    def read_sitemaps(self) -> None:
        roots = list(self.seeds.sitemaps)
        if self.robots.parser is not None:
            roots += [url for url in (self.robots.parser.site_maps() or []) if url not in roots]
        if not roots:
            roots = [self.origin + "/sitemap.xml"]
        roots = [url for url in roots if self.client.is_allowed(url)]
        self.handled.update(normalize_url(url) for url in roots)
        scan = read_sitemaps(roots, self.fetch, seen_lastmods=self.state.data["sitemaps"], refresh=self.refresh)
        self.handled.update(normalize_url(url) for url in scan.sitemaps)
        self.state.data["sitemaps"].update(scan.sitemaps)
        self.state.data["sitemap_roots"] = [url for url in roots if url not in scan.failed]
        self.counts["sitemaps_unchanged"] += len(scan.unchanged)
        pages = [p for p in scan.pages if self.client.is_allowed(p.url)]
        self.counts["sitemap_pages"] += len(pages)
        if pages:
            self.family = "D" if self.family in ("D", "E") else self.family
        for page in pages:
            self.sitemap_lastmod[page.url] = page.lastmod
            self.consider(page.url, 1, from_listing=True)
        self.state.save()

    def read_feeds(self, announced: list[str]) -> None:
        feeds = list(dict.fromkeys([*self.seeds.feeds, *announced, *self.state.data["feeds"]]))
        feeds = [url for url in feeds if self.client.is_allowed(url)][:MAX_FEEDS]
        self.state.data["feeds"] = feeds
        self.handled.update(feeds)
        for url in feeds:
            fetched = self.fetch(url)
            if fetched is None:
                continue
            if not fetched.ok:
                self._failed(fetched)
                continue
            entries = read_feed(fetched.body, fetched.final_url)
            self.counts["feed_entries"] += len(entries)
            if entries:
                self.family = "D" if self.family in ("D", "E") else self.family
            for entry in entries:
                self.consider(entry.url, 1, from_listing=True)

    def choose_hubs(self) -> None:
        """The pages near the home page that lead to the most articles (links every page has left out): the ones
        an incremental crawl revisits, whatever they look like (a category of two items reads as a static page)."""
        if not self.hub_links:
            return
        articles = {url for url, page in self.state.pages.items() if page.get("kind") == "article"}
        seen = Counter(link for links in self.hub_links.values() for link in links)
        everywhere = {link for link, n in seen.items() if n >= max(2, 0.8 * len(self.hub_links))}
        scores = {url: len((links - everywhere) & articles) for url, links in self.hub_links.items()}
        chosen = sorted((url for url, score in scores.items() if score), key=lambda url: -scores[url])
        kept = [url for url in self.state.data["hubs"] if url not in scores]
        self.state.data["hubs"] = (chosen + kept)[:MAX_HUBS]

    def seed_hubs(self) -> None:
        """Revisit the first listing pages (fewer when sitemaps or feeds already say what is new)."""
        limit = MAX_HUBS_WITH_SITEMAP if self.state.data["sitemaps"] or self.state.data["feeds"] else MAX_HUBS
        for url in [*self.seeds.listings, *self.state.data["hubs"][:limit]]:
            url = normalize_url(url)
            if url not in self.queued and url not in self.handled and self.client.is_allowed(url):
                self.queued.add(url)
                self.queue.append((url, 1, True))

    def consider(self, url: str, depth: int, *, from_listing: bool = False, parent: str | None = None,
                 parent_new: bool = False) -> bool:
        """Queue `url` if this crawl should fetch it; True when it was queued (a new page for this run)."""
        url = normalize_url(url)
        if not self.client.is_allowed(url):
            return False
        if url in self.handled or url in self.queued:
            return False
        if trap_kind(url):
            self.counts["traps_left"] += 1
            self.handled.add(url)
            return False
        known = self.state.pages.get(url)
        revisit = False
        if known and not self.refresh:
            kind = known.get("kind")
            if kind == "article":
                lastmod = self.sitemap_lastmod.get(url)
                if not (lastmod and known.get("lastmod") and later(lastmod, known["lastmod"])):
                    self.counts["already_archived"] += 1
                    self.handled.add(url)
                    return False
            elif kind in ("not_found", "static"):
                self.handled.add(url)
                return False
            elif kind == "listing":
                continues = parent is not None and parent_new and pager_base(url)[0] == pager_base(parent)[0]
                if not continues:
                    return False
                revisit = True
        base, number = pager_base(url)
        if number in (0, 1) and base != url and (base in self.handled or base in self.queued):
            self.handled.add(url)   # ?start=0, ?page=1: the listing's first page again
            return False
        if depth > self.max_depth:
            return False
        if template_of(url) in self.closed:
            self.counts["traps_left"] += 1
            return False
        self.queued.add(url)
        if from_listing:
            self.queue.appendleft((url, depth, revisit))
        else:
            self.queue.append((url, depth, revisit))
        return True

    def follow_links(self) -> None:
        while self.queue:
            url, depth, revisit = self.queue.popleft()
            self.queued.discard(url)
            if url in self.handled:
                continue
            if template_of(url) in self.closed:
                self.counts["traps_left"] += 1
                continue
            known = self.state.pages.get(url, {})
            expected_article = known.get("kind") == "article" or url in self.sitemap_lastmod
            if not expected_article and self.link_pages >= self.max_link_pages:
                continue
            self.handled.add(url)
            fetched = self.fetch(url)
            if fetched is None:
                continue
            if fetched.status in NOT_FOUND:
                self.counts["not_found"] += 1
                self.state.pages[url] = {"kind": "not_found", "status": fetched.status}
                if url in self.state.data["hubs"]:
                    self.state.data["hubs"].remove(url)   # a listing that is gone is not revisited again
                continue
            if not fetched.ok:
                self._failed(fetched)
                continue
            final = normalize_url(fetched.final_url)
            if final != url and final in self.handled:
                continue
            self.handled.add(final)
            self.process(url, fetched, depth)

    def process(self, url: str, fetched: Fetched, depth: int, text: str | None = None) -> None:
        """Decide what a fetched page is, remember it, and queue its links (`text`: its body decoded already)."""
        content_type = (fetched.header("Content-Type") or "text/html").lower()
        if "html" not in content_type:
            self.state.pages[url] = {"kind": "static", "reason": f"not HTML ({content_type})"}
            return
        if text is None:
            text = decode_body(fetched.body, fetched.header("Content-Type"))
        verdict = examine(text, fetched.final_url, shape=self.shape)
        known = self.state.pages.get(url, {})
        kind = verdict.kind
        if verdict.kind != "article" and POSTBACK_PAGER.search(text):
            self.postback_pages.append(url)   # family B: the next pages are answers to a POST of this page's form
            self.family = "B"
        if kind == "static" and pager_base(url)[1] is not None and verdict.headline_links:
            kind = "listing"   # a further page of a listing with few items left
        if len(self.samples) < MAX_SAMPLES:
            self.samples.setdefault(url, (kind, fetched.body, fetched.final_url))
        entry = {"kind": kind, "reason": verdict.reason, "depth": depth}
        if verdict.kind == "article":
            if known.get("kind") == "article":
                self.counts["articles_refreshed"] += 1
            else:
                self.counts["articles_new"] += 1
            self.shape.learn(url)
            self.articles.append(url)
            entry["lastmod"] = self.sitemap_lastmod.get(url) or utc_now()
            entry["title"] = verdict.article.title
            entry["published_on"] = verdict.article.published_on
            entry["chars"] = len(verdict.article.text)
        else:
            self.link_pages += 1
            self.counts["listing_pages" if kind == "listing" else "static_pages"] += 1
            if depth <= 1 and pager_base(url)[1] in (None, 0, 1) and url != self.origin + "/":
                self.hub_links[url] = set(verdict.links)   # a first listing page, maybe: chosen at the end
        self.state.pages[url] = entry
        own_template = template_of(url)
        new = 0
        for link in verdict.links:
            same_listing = pager_base(link)[0] == pager_base(url)[0]
            next_depth = depth if same_listing and pager_base(link)[1] is not None else depth + 1
            queued = self.consider(link, next_depth, parent=url, parent_new=new > 0 or known.get("kind") is None)
            if queued and template_of(link) != own_template:
                new += 1
        if kind == "listing" and new:
            # its next pages are worth a visit even when known: something new was on this one
            for link in verdict.links:
                if pager_base(link)[0] == pager_base(url)[0] and pager_base(link)[1] is not None:
                    self.consider(link, depth, parent=url, parent_new=True)
        if verdict.kind != "article":
            if new == 0:
                self.barren[own_template] += 1
                if self.barren[own_template] >= PATIENCE:
                    self.closed.add(own_template)
            else:
                self.barren[own_template] = 0
        self.state.save()
