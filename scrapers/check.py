"""`danvan site check`: fetch a handful of a site's pages and say what its profile (or auto mode) finds on each."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from scrapers.archive import ArchiveWriter, fetch_log, run_log, utc_now
from scrapers.errors import InputError, NotAnArticle
from scrapers.http import ClientSettings, PoliteClient, origin_of
from scrapers.lock import directory_lock
from scrapers.robots import fetch_robots, obey_crawl_delay


@dataclass(frozen=True)
class CheckRow:
    url: str
    kind: str                      # "article", "listing", "static", "not an article", "failed"
    title: str = ""
    published_on: str | None = None
    chars: int = 0
    facts: dict = field(default_factory=dict)
    reason: str = ""

    def line(self) -> str:
        if self.kind != "article":
            return f"{self.kind:<8} {self.url}" + (f"  ({self.reason})" if self.reason else "")
        facts = ", ".join(f"{kind} {n}" for kind, n in self.facts.items() if n) or "no facts"
        return (f"article  {self.title[:70]} | {self.published_on or 'NO DATE'} | {self.chars} chars | {facts} | "
                f"{self.url}")


@dataclass
class CheckReport:
    header: str
    rows: list[CheckRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    requests: int = 0


def fact_counts(text: str) -> dict[str, int]:
    """How many facts of each kind the extractors find in a text."""
    from extractors import extract

    return {kind: len(found) for kind, found in extract(text).items() if isinstance(found, list)}


def _row(article, url: str) -> CheckRow:
    return CheckRow(url=url, kind="article", title=article.title, published_on=article.published_on,
                    chars=len(article.text), facts=fact_counts(article.text))


def check_site(options, target: str, *, pages: int, settings: ClientSettings | None = None) -> CheckReport:
    """What `target` (a profile's name or path, or a site's URL for auto mode) finds on a few pages."""
    from scrapers.auto import discovery_profile_path

    if "://" in target or discovery_profile_path(target, options.data_dir) is not None:
        return _check_auto(options, target, pages, settings)
    return _check_profile(options, target, pages, settings)


def _check_auto(options, target: str, pages: int, settings) -> CheckReport:
    from scrapers.auto import (Seeds, auto_origin, crawl_auto, discovery_profile_path, load_discovery_profile)
    from scrapers.generic import examine

    probe: dict = {}
    if "://" in target:
        origin = auto_origin(options.with_(base_url=target))
        summary = crawl_auto(options.with_(site="auto", base_url=origin, max_pages=pages + 6), settings=settings,
                             origin=origin, probe=probe, scratch=True)
        header = f"{origin} (auto mode)"
    else:
        profile = load_discovery_profile(discovery_profile_path(target, options.data_dir))
        origin = auto_origin(options) if options.base_url else profile.base_url
        seeds = Seeds(*(tuple(origin + p for p in paths) for paths in
                        (profile.seeds.listings, profile.seeds.sitemaps, profile.seeds.feeds)))
        delay = options.delay if options.delay is not None else profile.delay
        summary = crawl_auto(options.with_(site=target, base_url=origin, max_pages=pages + 6, delay=delay),
                             settings=settings or ClientSettings(user_agent=profile.user_agent, delay=delay),
                             seeds=seeds, name=profile.name, origin=origin, reference=str(profile.path), probe=probe,
                             scratch=True)
        header = f"{profile.name} ({origin}, family {profile.family})"
    crawler = probe.get("crawler")
    report = CheckReport(f"{header}: {summary.requests} requests, family {summary.family}", requests=summary.requests)
    for failure in summary.failures:
        report.problems.append(f"{failure['url']}: {failure['error'] or 'HTTP ' + str(failure['status'])}")
    for url, (kind, body, final) in (crawler.samples.items() if crawler else ()):
        if kind == "article":
            verdict = examine(body, final, shape=crawler.shape)
            if verdict.article is not None:
                report.rows.append(_row(verdict.article, url))
                continue
        report.rows.append(CheckRow(url=url, kind=kind))
    return report


def _check_profile(options, target: str, pages: int, settings) -> CheckReport:
    """A profile of family A, B or C: its first listing page, then the first articles it lists."""
    from scrapers.crawl import MIN_LIVE_DELAY, is_local, new_run_id
    from scrapers.parse import parse_page
    from scrapers.profile import load_profile

    profile = load_profile(target, options.data_dir)
    if options.base_url:
        profile = profile.with_base_url(options.base_url)
    delay = options.delay if options.delay is not None else profile.delay
    if delay < MIN_LIVE_DELAY and not is_local(profile.base_url):
        raise InputError(f"a delay below {MIN_LIVE_DELAY:g} s is only for local mirrors (127.0.0.1)")
    settings = settings or ClientSettings(user_agent=profile.user_agent, delay=delay)
    report = CheckReport(f"{profile.name} ({profile.origin}, family {profile.family})")
    run_id = new_run_id()
    raw_dir = options.raw_dir
    raw_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with directory_lock(raw_dir, "crawl"), ArchiveWriter(raw_dir, run_id, site=profile.name) as archive, \
            fetch_log(raw_dir) as fetches, run_log(raw_dir) as runs:
        runs({"run_id": run_id, "event": "start", "command": "site check", "at": utc_now(), "site": profile.name,
              "origin": profile.origin, "family": profile.family, "profile": profile.reference,
              "title": profile.title})
        client = PoliteClient(settings, {origin_of(profile.base_url)}, run_id=run_id, archive=archive,
                              record=fetches)
        try:
            robots = fetch_robots(client, profile.origin)
            client.may_follow = robots.allowed
            capped = obey_crawl_delay(client, robots, delay_given=options.delay is not None)
            if capped:
                runs({"run_id": run_id, "at": utc_now(), **capped})
            for url in _article_urls(client, robots, profile, report)[:pages]:
                if not robots.allowed(url):
                    report.rows.append(CheckRow(url=url, kind="blocked", reason="robots.txt"))
                    continue
                fetched = client.get(url)
                if not fetched.ok:
                    report.rows.append(CheckRow(url=url, kind="failed",
                                                reason=fetched.error or f"HTTP {fetched.status}"))
                    continue
                try:
                    report.rows.append(_row(parse_page(fetched.body, fetched.final_url, profile,
                                                       fetched.header("Content-Type")), url))
                except NotAnArticle as exc:
                    report.rows.append(CheckRow(url=url, kind="not an article", reason=exc.reason))
        finally:
            client.close()
            runs({"run_id": run_id, "event": "end", "at": utc_now(), "status": "ok",
                  "stats": {"requests": client.requests_made, "elapsed": round(time.monotonic() - started, 3)}})
    report.header += f": {client.requests_made} requests"
    report.requests = client.requests_made
    return report


def _article_urls(client, robots, profile, report: CheckReport) -> list[str]:
    """The article addresses of the profile's first category listing (found on the start page if need be)."""
    from scrapers import listing, payload

    categories = list(profile.categories)
    if not categories and profile.categories_from:
        start = profile.origin + profile.categories_from["page"]
        if not robots.allowed(start):
            report.rows.append(CheckRow(url=start, kind="blocked", reason="robots.txt"))
            return []
        fetched = client.get(start)
        if not fetched.ok:
            report.problems.append(f"{start}: {fetched.error or 'HTTP ' + str(fetched.status)}")
            return []
        categories = payload.discover_categories(fetched.body, fetched.final_url, profile)
        if not categories:
            report.problems.append(f"{start}: no category matched categories_from.pattern")
    for category in categories:
        url = profile.listing_url(category)
        if not robots.allowed(url):
            report.rows.append(CheckRow(url=url, kind="blocked", reason="robots.txt"))
            continue
        fetched = client.get(url)
        if not fetched.ok:
            report.rows.append(CheckRow(url=url, kind="failed", reason=fetched.error or f"HTTP {fetched.status}"))
            continue
        reader = payload.parse_listing if profile.family == "C" else listing.parse_listing
        found = reader(fetched.body, fetched.final_url, profile)
        report.rows.append(CheckRow(url=url, kind="listing", reason=f"{len(found.items)} items, pages {list(found.pages)}"))
        if found.items:
            return [item.url for item in found.items]
    report.problems.append("no listing page gave any item: check the listing selectors or payload keys")
    return []

