"""The crawler: robots.txt, then each category's listing (newest first, pager followed) and other-news links.

The listing walker is the profile's family's (``listing.walk`` for plain pager links, ``postback.walk`` for a
postback pager, ``payload.walk`` for embedded application data); everything else is shared.

Incremental: listing pages are always fetched again, archived article pages are not (unless ``refresh``), and
paging a category stops after a page with nothing new — once that category has been walked to its end. A walk
cut short (killed, ``--max-pages``) leaves the category marked unfinished in ``raw/crawl-state.json``, so the
next crawl walks it to the end again, fetching only what the archive lacks.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import threading
import time
import uuid
from collections import Counter, deque
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from tqdm import tqdm

from scrapers.errors import FetchError, InputError
from scrapers.lock import directory_lock
from scrapers.archive import (RUN_ID_TIME_FORMAT, ArchiveWriter, archived_statuses, fetch_log, page_key, run_log,
                              utc_now, write_json_file)
from scrapers.http import ClientSettings, Fetched, PoliteClient, is_loopback, origin_of
from scrapers.listing import links
from scrapers.profile import SiteProfile, load_profile
from scrapers.robots import Robots, fetch_robots, obey_crawl_delay

log = logging.getLogger(__name__)

STATE_NAME = "crawl-state.json"
MIN_LIVE_DELAY = 1.0                          # seconds between requests to a site that is not ours
DONE_STATUSES = frozenset({200, 404, 410})   # an article page with one of these needs no second fetch
_STATE_WRITING = threading.Lock()
MAX_FAILURES_IN_A_ROW = 5                     # then the site is unwell: stop, and let the next crawl resume


@dataclass(frozen=True)
class CrawlSummary:
    """What one crawl did; `line()` is the summary printed at the end."""

    run_id: str
    site: str
    origin: str
    requests: int = 0
    listing_pages: int = 0
    articles_new: int = 0
    articles_refreshed: int = 0
    not_found: int = 0
    failed: int = 0
    already_archived: int = 0
    robots_blocked: int = 0
    offsite_links: int = 0
    attachments: int = 0
    bytes: int = 0
    elapsed: float = 0.0
    stopped: str | None = None       # why the crawl ended early, if it did
    warc_file: str | None = None
    failures: tuple = ()

    def as_dict(self) -> dict:
        return {**self.__dict__, "failures": list(self.failures)}

    def line(self) -> str:
        parts = [
            f"{self.requests} requests in {self.elapsed:.1f} s",
            f"{self.listing_pages} listing pages",
            f"{self.articles_new} new articles",
        ]
        if self.articles_refreshed:
            parts.append(f"{self.articles_refreshed} refreshed")
        parts += [f"{self.already_archived} already archived", f"{self.not_found} not found",
                  f"{self.failed} failed", f"{self.robots_blocked} blocked by robots.txt",
                  f"{self.offsite_links} off-site links ignored", f"{self.attachments} attachments recorded"]
        text = f"crawl {self.site} ({self.origin}): " + ", ".join(parts)
        if self.stopped:
            text += f"; stopped early: {self.stopped}"
        return text


class CrawlState:
    """Which categories have been walked to their end; written atomically after each change.

    With a *site*, that site's part of the file (``{"sites": {name: {...}}}``), so several sites share a data
    directory; without, the file's top level. A damaged part is read as no state (every category is walked to its
    end again, which loses nothing) and only that part is rewritten; a file whose top level cannot be read at all is
    set aside under a name that says why (``crawl-state.json.REASON.TIME``), never overwritten."""

    def __init__(self, raw_dir: Path, site: str | None = None):
        self.path = Path(raw_dir) / STATE_NAME
        self.site = site
        with _STATE_WRITING:
            whole = _read_state_file(self.path)
        if site is None:
            data = {key: value for key, value in whole.items() if key != "sites"}
        else:
            data = whole["sites"].get(site)
        if not _is_crawl_state(data):
            data = {}   # absent or damaged: every category is walked to its end again, which loses nothing
        self.data = data
        self.data.setdefault("categories", {})

    def walked_to_end(self, slug: str) -> bool:
        return bool(self.data["categories"].get(slug, {}).get("walked_to_end"))

    @property
    def pending(self) -> list[str]:
        """Article pages found through other-news links and not fetched yet (page keys)."""
        return list(self.data.get("pending_other_news", []))

    def set_pending(self, keys: list[str]) -> None:
        if keys != self.data.get("pending_other_news", []):
            self.data["pending_other_news"] = keys
            self._save()

    def set_walked_to_end(self, slug: str, value: bool) -> None:
        self.data["categories"][slug] = {"walked_to_end": value,
                                         "at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        self._save()

    def _save(self) -> None:
        with _STATE_WRITING:   # sites crawled in parallel share the file: each writes only its own part
            current = _read_state_file(self.path)
            if self.site is None:
                whole = {**current, **self.data}
            else:
                whole = {**current, "sites": {**current["sites"], self.site: self.data}}
            write_json_file(self.path, whole)


def _read_state_file(path: Path) -> dict:
    """The crawl state file's top level ({"sites": {...}} at least); {} for a missing file. A file that is no JSON
    object (or whose "sites" is no mapping) is renamed aside with the reason in its name and a warning."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {"sites": {}}
    except UnicodeDecodeError:
        return _set_aside(path, "not-utf8")
    except OSError as exc:
        return _set_aside(path, "unreadable", str(exc.strerror or exc))
    try:
        whole = json.loads(text)
    except json.JSONDecodeError as exc:
        return _set_aside(path, "not-json", str(exc))
    if not isinstance(whole, dict):
        return _set_aside(path, "not-an-object", f"a JSON {type(whole).__name__}")
    if not isinstance(whole.setdefault("sites", {}), dict):
        return _set_aside(path, "bad-sites", '"sites" is no mapping of site names')
    return whole


def _set_aside(path: Path, reason: str, detail: str = "") -> dict:
    """Rename a crawl state file that cannot be read to STATE_NAME.REASON.TIME (nothing is lost) and start afresh."""
    stem = f"{path.name}.{reason}.{datetime.now(timezone.utc).strftime(RUN_ID_TIME_FORMAT)}Z"
    aside, number = path.with_name(stem), 1
    while aside.exists():   # one set aside earlier in the same second is kept too
        aside, number = path.with_name(f"{stem}-{number}"), number + 1
    try:
        path.replace(aside)
    except OSError as exc:
        raise InputError(f"{path} cannot be read ({reason}) nor set aside: {exc.strerror or exc}") from exc
    log.warning("%s cannot be read (%s%s): set aside as %s; every category is walked to its end again",
                path, reason, f": {detail}" if detail else "", aside.name)
    return {"sites": {}}


def _is_crawl_state(data) -> bool:
    """True for what CrawlState writes: {"categories": {slug: {...}}, "pending_other_news": [page key, ...]}."""
    if not isinstance(data, dict):
        return False
    categories, pending = data.get("categories", {}), data.get("pending_other_news", [])
    if "sites" in data and not isinstance(data["sites"], dict):
        return False
    return (isinstance(categories, dict) and all(isinstance(c, dict) for c in categories.values())
            and isinstance(pending, list) and all(isinstance(key, str) for key in pending))


class _Stop(Exception):
    """Ends the crawl early; the message says why."""


class _Blocked(Exception):
    """robots.txt forbids a listing page: that category's walk ends there."""


def family_walker(profile: SiteProfile):
    """The listing walker of the profile's family (each lives in its own module)."""
    if profile.family == "C":
        from scrapers.payload import walk
    elif profile.family == "B":
        from scrapers.postback import walk
    else:
        from scrapers.listing import walk
    return walk


class Crawler:
    """One crawl of one site into the archive, through an already-made polite client."""

    def __init__(self, profile: SiteProfile, client: PoliteClient, robots: Robots, *, known: dict[str, int],
                 state: CrawlState, refresh: bool = False, since: str | None = None,
                 max_pages: int | None = None, progress=None):
        self.profile = profile
        self.client = client
        self.robots = robots
        self.known = known
        self.state = state
        self.counts: Counter[str] = Counter()
        self.failures: list[dict] = []
        self.stopped: str | None = None
        self.refresh = refresh
        self.since = since
        self.max_pages = max_pages
        self.progress = progress
        self.done_this_run: set[str] = set()
        self.attachments: set[str] = set()
        self.other_news: deque[str] = deque(profile.origin + key for key in state.pending)
        self.queued: set[str] = {page_key(url) for url in self.other_news}
        self.pages_fetched = 0
        self.failures_in_a_row = 0
        self.article_path = re.compile(profile.urls["article"])
        attachment = profile.urls.get("attachment")
        self.attachment_path = re.compile(attachment, re.IGNORECASE) if attachment else None

    def run(self) -> None:
        try:
            for category in self.categories():
                self.walk_category(category)
            self.follow_other_news()
        except _Stop as stop:
            self.stopped = str(stop)

    def categories(self) -> list:
        """The profile's categories, and those its start page links to (``categories_from``)."""
        found = list(self.profile.categories)
        if not self.profile.categories_from:
            return found
        from scrapers.payload import discover_categories

        url = self.profile.origin + self.profile.categories_from["page"]
        if not self.robots.allowed(url):
            self.counts["robots_blocked"] += 1
            return found
        fetched = self.fetch(url)
        if not fetched.ok:
            self._failed(fetched)
            return found
        known = {c.slug for c in found}
        found += [c for c in discover_categories(fetched.body, fetched.final_url, self.profile) if c.slug not in known]
        return found

    def get(self, url: str) -> Fetched:
        """A listing page for a walker: robots.txt obeyed, counted against --max-pages."""
        return self._listing_request(url)

    def post(self, url: str, fields: list[tuple[str, str]]) -> Fetched:
        """A POST of a listing's form for a walker (a postback pager), under the rules of `get`."""
        return self._listing_request(url, fields)

    def _listing_request(self, url: str, form: list[tuple[str, str]] | None = None) -> Fetched:
        if not self.robots.allowed(url):
            self.counts["robots_blocked"] += 1
            log.info("robots.txt forbids %s", url)
            raise _Blocked(url)
        return self.fetch(url, form)

    def fetch(self, url: str, form: list[tuple[str, str]] | None = None) -> Fetched:
        if self.max_pages is not None and self.pages_fetched >= self.max_pages:
            raise _Stop(f"--max-pages {self.max_pages} reached")
        self.pages_fetched += 1
        fetched = self.client.get(url) if form is None else self.client.post(url, form)
        site_unwell = fetched.status is None or fetched.status >= 500 or fetched.status == 429
        self.failures_in_a_row = self.failures_in_a_row + 1 if site_unwell else 0
        if self.progress is not None:
            self.progress.update(1)
            self.progress.set_postfix(new=self.counts["articles_new"], failed=self.counts["failed"])
        if fetched.error or fetched.status != 200:
            log.debug("%s: %s", url, fetched.error or f"HTTP {fetched.status}")
        if self.failures_in_a_row >= MAX_FAILURES_IN_A_ROW:
            self._failed(fetched)
            raise _Stop(f"{self.failures_in_a_row} requests in a row failed (last: {url}: "
                        f"{fetched.error or 'HTTP ' + str(fetched.status)}); the site seems unwell")
        return fetched

    def walk_category(self, category) -> None:
        """Page through one category's listing (the family's walker), fetching the articles the archive lacks."""
        slug = category.slug
        walked_before = self.state.walked_to_end(slug)
        stop_when_nothing_new = walked_before and not self.refresh
        self.state.set_walked_to_end(slug, False)
        seen_pages: set[tuple[str, ...]] = set()
        walker = family_walker(self.profile)(self, self.profile, category)
        outcome = "end"
        try:
            for fetched, listing in walker:
                outcome = self._listing_page(fetched, listing, seen_pages, stop_when_nothing_new)
                if outcome != "more":
                    break
        except _Blocked:
            return
        finally:
            walker.close()
        if outcome == "failed":
            return
        if outcome == "since":
            # older than --since from here on: what was true of the older pages still is
            self.state.set_walked_to_end(slug, walked_before)
            return
        self.state.set_walked_to_end(slug, True)

    def _listing_page(self, fetched: Fetched, listing, seen_pages: set, stop_when_nothing_new: bool) -> str:
        """Fetch what one listing page brings; "more" to go on, else why the walk ends ("failed", "since", "end")."""
        self.counts["listing_pages"] += 1
        if listing is None:
            self._failed(fetched)
            return "failed"
        item_keys = tuple(page_key(item.url) for item in listing.items)
        if not item_keys or item_keys in seen_pages:
            return "end"   # past the last page the site answers an earlier page again: the pager loop
        seen_pages.add(item_keys)
        new_on_page, all_older = 0, bool(listing.items)
        for item in listing.items:
            if self.since and item.published_on and item.published_on < self.since:
                continue
            all_older = False
            if self.consider(item.url):
                new_on_page += 1
                self.fetch_article(item.url)
        if self.since and all_older:
            return "since"
        if new_on_page == 0 and stop_when_nothing_new:
            return "end"
        return "more"

    def consider(self, url: str) -> bool:
        """True when `url` is an article page this crawl should fetch now; counts why not otherwise."""
        scheme, _ = origin_of(url)
        if scheme not in ("http", "https") or not self.client.is_allowed(url):
            self.counts["offsite_links"] += 1
            return False
        path = page_key(url).split("?", 1)[0]
        if self.attachment_path is not None and self.attachment_path.search(path):
            if url not in self.attachments:
                self.attachments.add(url)
                self.counts["attachments"] += 1
            return False
        if not self.article_path.search(path):
            return False
        key = page_key(url)
        if key in self.done_this_run:
            return False
        if not self.refresh and self.known.get(key) in DONE_STATUSES:
            self.counts["already_archived"] += 1
            self.done_this_run.add(key)
            return False
        if not self.robots.allowed(url):
            self.counts["robots_blocked"] += 1
            self.done_this_run.add(key)
            return False
        return True

    def fetch_article(self, url: str) -> None:
        key = page_key(url)
        self.done_this_run.add(key)
        fetched = self.fetch(url)
        self.done_this_run.add(page_key(fetched.final_url))
        if fetched.status in (404, 410):
            self.counts["not_found"] += 1
            self.known[key] = fetched.status
            return
        if not fetched.ok:
            self._failed(fetched)
            return
        if self.known.get(key) in DONE_STATUSES:
            self.counts["articles_refreshed"] += 1
        else:
            self.counts["articles_new"] += 1
        self.known[key] = 200
        if self.profile.selectors.get("attachments"):
            for attachment in links(fetched.body, fetched.final_url, self.profile.selectors["attachments"]):
                self.consider(attachment)
        if not self.since and self.profile.selectors.get("other_news"):
            for other in links(fetched.body, fetched.final_url, self.profile.selectors["other_news"]):
                self._queue_other_news(other)
            self._save_pending()

    def follow_other_news(self) -> None:
        """Articles found only through the other-news links of article pages."""
        while self.other_news:
            url = self.other_news.popleft()
            self.queued.discard(page_key(url))
            if self.consider(url):
                self.fetch_article(url)
        self._save_pending()

    def _queue_other_news(self, url: str) -> None:
        """Queue an other-news link this crawl should fetch (`consider` counts the others, and why)."""
        key = page_key(url)
        if key not in self.queued and self.consider(url):
            self.queued.add(key)
            self.other_news.append(url)

    def _save_pending(self) -> None:
        """Keep the other-news links still to follow in the state, so that a killed crawl does not forget them."""
        self.state.set_pending([page_key(url) for url in self.other_news])

    def _failed(self, fetched: Fetched) -> None:
        self.counts["failed"] += 1
        self.failures.append({"url": fetched.url, "status": fetched.status, "error": fetched.error})


def new_run_id() -> str:
    """A crawl run's id: its UTC start time and a few random characters, e.g. 20261127T031345-625616."""
    return datetime.now(timezone.utc).strftime(RUN_ID_TIME_FORMAT) + "-" + uuid.uuid4().hex[:6]


def resolve_profile(options) -> SiteProfile:
    """The profile of `options.site` (a name, the user's DATA_DIR/sites/NAME.yaml, or a path), at --base-url."""
    profile = load_profile(options.site, options.data_dir)
    if options.base_url:
        profile = profile.with_base_url(options.base_url)
    return profile


def is_local(url: str) -> bool:
    """True for a URL on this machine's loopback (a mirror, a test server)."""
    return is_loopback(urlsplit(url).hostname or "")


def crawl(options, *, settings: ClientSettings | None = None) -> CrawlSummary:
    """Crawl the site of `options` into DATA_DIR/raw/; the summary says what was done."""
    from scrapers.auto import crawl_site, is_auto_site   # --site auto, or a profile of family D/E
    if is_auto_site(options):
        return crawl_site(options, settings=settings)
    profile = resolve_profile(options)
    delay = options.delay if options.delay is not None else profile.delay
    if delay < MIN_LIVE_DELAY and not is_local(profile.base_url):
        raise InputError(f"a delay below {MIN_LIVE_DELAY:g} s is only for local mirrors (127.0.0.1), "
                         f"not for {profile.origin}")
    settings = settings or ClientSettings(user_agent=profile.user_agent, delay=delay)
    origins = {origin_of(profile.base_url)} | {(origin_of(profile.base_url)[0], h) for h in profile.allowed_hosts}

    def make_crawler(client, robots, progress):
        known = archived_statuses(options.raw_dir, profile.name)
        return Crawler(profile, client, robots, known=known, state=CrawlState(options.raw_dir, profile.name),
                       refresh=options.refresh, since=options.since, max_pages=options.max_pages, progress=progress)

    def summarize(crawler, **figures):
        return CrawlSummary(site=profile.name, origin=profile.origin, failures=tuple(crawler.failures) if crawler else (),
                            **figures, **(dict(crawler.counts) if crawler else {}))

    return crawl_run(options, settings, name=profile.name, origin=profile.origin, origins=origins,
                     start={"origin": profile.origin, "family": profile.family, "profile": profile.reference,
                            "title": profile.title},
                     make_crawler=make_crawler, summarize=summarize)


def crawl_run(options, settings: ClientSettings, *, name: str, origin: str, origins: set, start: dict,
              make_crawler, summarize):
    """The frame of every crawl of one site: the archive's lock, its WARC file, fetch and run logs, robots.txt
    first (its Crawl-delay honoured unless --delay was given), a progress bar on a terminal, and the run's start
    and end lines whatever happens (an interrupted or failed crawl is recorded as such).

    ``make_crawler(client, robots, progress)`` gives the family's crawler (``run()``, ``stopped``); called with the
    lock held. ``summarize(crawler, run_id=…, requests=…, bytes=…, elapsed=…, stopped=…, warc_file=…)`` gives the
    summary (crawler None when robots.txt stopped the crawl)."""
    run_id = options.run_id or new_run_id()
    raw_dir = options.raw_dir
    started = time.monotonic()
    crawler = None
    with directory_lock(raw_dir, "crawl"):   # one crawl at a time writes the archive
        with ArchiveWriter(raw_dir, run_id, site=name) as archive, fetch_log(raw_dir) as fetches, \
                run_log(raw_dir) as runs:
            runs({"run_id": run_id, "event": "start", "command": "crawl", "at": utc_now(), "site": name, **start})
            client = PoliteClient(settings, origins, run_id=run_id, archive=archive, record=fetches)
            status, stopped = "failed", None
            show_progress = options.progress and not options.quiet and sys.stderr.isatty()
            try:
                robots = fetch_robots(client, origin)
                client.may_follow = robots.allowed
                capped = obey_crawl_delay(client, robots, delay_given=options.delay is not None)
                if capped:
                    runs({"run_id": run_id, "at": utc_now(), **capped})
                with tqdm(desc=f"crawl {name}", unit=" pages", file=sys.stderr,
                          disable=not show_progress, leave=False) as progress:
                    crawler = make_crawler(client, robots, progress)
                    crawler.run()
                stopped = crawler.stopped
                status = "stopped" if stopped else "ok"
            except FetchError as exc:
                stopped = str(exc)
                raise
            except KeyboardInterrupt:
                status, stopped = "interrupted", "interrupted"
                raise
            finally:
                client.close()
                summary = summarize(crawler, run_id=run_id, requests=client.requests_made,
                                    bytes=client.bytes_received, elapsed=time.monotonic() - started,
                                    stopped=stopped, warc_file=archive.path.name)
                runs({"run_id": run_id, "event": "end", "at": utc_now(), "status": status,
                      "stats": summary.as_dict()})
    return summary
