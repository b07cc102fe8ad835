"""`danvan crawl --site auto` and profiles of families D/E: the entry points, the drafted hand-over to families
B and C, and the stand-in profile the build uses for a site read by discovery (the crawler: scrapers/autocrawl.py)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from scrapers.autocrawl import (DEFAULT_DELAY, HANDED_OVER, USER_AGENT, AutoCrawler, AutoCrawlSummary, AutoState,
                                Seeds)
from scrapers.discover import normalize_url
from scrapers.errors import InputError
from scrapers.http import ClientSettings, decode_body, http_origin, origin_of
from scrapers.profile import read_yaml, site_name_for

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------- the command's entry point


def auto_origin(options) -> str:
    """The origin a crawl with --site auto reads: --base-url."""
    if not options.base_url:
        raise InputError("--site auto needs --base-url URL (the site to read)")
    origin = http_origin(options.base_url)
    if origin is None:
        raise InputError(f"--base-url must be an http(s) URL with a host, not {options.base_url!r}")
    return origin


def crawl_auto(options, *, settings: ClientSettings | None = None, seeds: Seeds = Seeds(),
               name: str | None = None, origin: str | None = None, reference: str = "auto",
               hand_over: tuple = (), probe: dict | None = None, scratch: bool = False) -> AutoCrawlSummary:
    """Crawl a site with no profile into DATA_DIR/raw/; the summary says what was done."""
    from scrapers.crawl import MIN_LIVE_DELAY, crawl_run, is_local

    origin = origin or auto_origin(options)
    name = name or site_name_for(origin)
    if options.since:
        raise InputError("--since reads the dates of a profile's listings; a site read by discovery has none "
                         "(crawl it without --since)")
    delay = options.delay if options.delay is not None else DEFAULT_DELAY
    if delay < MIN_LIVE_DELAY and not is_local(origin):
        raise InputError(f"a delay below {MIN_LIVE_DELAY:g} s is only for local mirrors (127.0.0.1), not for {origin}")
    settings = settings or ClientSettings(user_agent=USER_AGENT, delay=delay)
    raw_dir = options.raw_dir
    raw_dir.mkdir(parents=True, exist_ok=True)

    def make_crawler(client, robots, progress):
        crawler = AutoCrawler(origin, client, robots, AutoState(raw_dir, name, scratch=scratch, origin=origin),
                              refresh=options.refresh, max_pages=options.max_pages, seeds=seeds, progress=progress,
                              hand_over=hand_over)
        if probe is not None:
            probe["crawler"] = crawler
        return crawler

    def summarize(crawler, **figures):
        return AutoCrawlSummary(site=name, origin=origin, family=crawler.family if crawler else "E",
                                failures=tuple(crawler.failures) if crawler else (), **figures,
                                **(dict(crawler.counts) if crawler else {}))

    return crawl_run(options, settings, name=name, origin=origin, origins={origin_of(origin)},
                     start={"origin": origin, "family": AutoState(raw_dir, name).data.get("family") or "auto",
                            "profile": reference, "title": name},
                     make_crawler=make_crawler, summarize=summarize)


# Pages of an auto site that are never articles: robots.txt, sitemaps, feeds.
NOT_PAGES = r"^(?!/robots\.txt$)(?!.*\.(?:xml|xml\.gz|rss|atom|txt)$)"


@dataclass(frozen=True)
class AutoProfile:
    """What the build needs to know of a site crawled with --site auto: its name and origin; every archived page
    of it is read by ``scrapers.generic`` (``family`` D or E), which tells articles from the rest."""

    name: str
    base_url: str
    family: str = "E"
    reference: str = "auto"
    delay: float = DEFAULT_DELAY
    user_agent: str = USER_AGENT
    categories: tuple = ()
    selectors: tuple = ()
    author: tuple = ()
    payload: None = None

    @property
    def title(self) -> str:
        return self.name

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def allowed_hosts(self) -> tuple[str, ...]:
        return (urlsplit(self.base_url).netloc,)

    @property
    def urls(self) -> dict:
        return {"article": NOT_PAGES}

    def public_url(self, fetched_url: str) -> str:
        """A site known only by the origin it was crawled at has no other address to give its pages."""
        return fetched_url


def auto_profile(name: str, origin: str, family: str = "E") -> AutoProfile:
    """The stand-in profile of an auto-crawled site (for ``ArchiveProfiles`` and ``parse.parse_page``)."""
    return AutoProfile(name=name, base_url=origin, family=family if family in ("D", "E") else "E")


# --------------------------------------------------------------------------- profiles of families D and E

DISCOVERY_FAMILIES = ("D", "E")
DISCOVERY_TOP_KEYS = frozenset({"name", "title", "base_url", "allowed_hosts", "family", "delay", "user_agent",
                                "language", "discovery"})
DISCOVERY_KEYS = frozenset({"sitemaps", "feeds", "listings", "article_url"})


@dataclass(frozen=True)
class DiscoveryProfile:
    """A reviewed profile of a site of family D (sitemap and/or feed) or E (links only): where to start."""

    name: str
    title: str
    base_url: str
    family: str
    delay: float
    user_agent: str
    seeds: Seeds
    article_url: str | None = None
    path: Path | None = None


def _read_yaml(path: Path):
    import yaml

    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def discovery_profile_path(site: str, data_dir) -> Path | None:
    """The file of `site` when it is a profile of family D or E, else None (a profile of another family, or none)."""
    from scrapers.profile import profile_path

    if site == "auto":
        return None
    path = profile_path(site, data_dir)
    raw = _read_yaml(path) if path.is_file() else None
    if isinstance(raw, dict) and str(raw.get("family", "")) in DISCOVERY_FAMILIES:
        return path
    return None


def load_discovery_profile(path: Path) -> DiscoveryProfile:
    """Load and check a profile of family D or E; ProfileError names what is wrong."""
    from scrapers.errors import ProfileError

    raw = read_yaml(path, lambda message: ProfileError(f"{path}: {message}"))
    if not isinstance(raw, dict):
        raise ProfileError(f"{path}: not a YAML mapping of settings")
    problems = [f"unknown key '{key}'" for key in raw if key not in DISCOVERY_TOP_KEYS]
    for key in ("name", "base_url", "family"):
        if key not in raw:
            problems.append(f"missing '{key}'")
    origin = http_origin(str(raw.get("base_url", "")))
    if origin is None:
        problems.append("'base_url' must be an http(s) URL")
    delay = raw.get("delay", DEFAULT_DELAY)
    if not isinstance(delay, (int, float)) or delay < 1:
        problems.append("'delay' must be a number of seconds, at least 1 for a live site")
    found = raw.get("discovery") or {}
    if not isinstance(found, dict):
        problems.append("'discovery' must be a mapping (sitemaps, feeds, listings, article_url)")
        found = {}
    problems += [f"unknown key 'discovery.{key}'" for key in found if key not in DISCOVERY_KEYS]
    for key in ("sitemaps", "feeds", "listings"):
        value = found.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.startswith("/") for v in value):
            problems.append(f"'discovery.{key}' must be a list of paths starting with /")
    if found.get("article_url"):
        try:
            re.compile(str(found["article_url"]))
        except re.error as exc:
            problems.append(f"'discovery.article_url' is not a valid regular expression: {exc}")
    if problems:
        raise ProfileError(f"{path}: invalid site profile: " + "; ".join(problems))
    return DiscoveryProfile(
        name=str(raw["name"]), title=str(raw.get("title") or raw["name"]),
        base_url=origin, family=str(raw["family"]), delay=float(delay),
        user_agent=str(raw.get("user_agent") or USER_AGENT),
        seeds=Seeds(listings=tuple(found.get("listings") or ()), sitemaps=tuple(found.get("sitemaps") or ()),
                    feeds=tuple(found.get("feeds") or ())),
        article_url=str(found["article_url"]) if found.get("article_url") else None, path=path,
    )


def is_auto_site(options) -> bool:
    """True for `--site auto` and for a profile of family D or E (both crawled here)."""
    return options.site == "auto" or discovery_profile_path(options.site, options.data_dir) is not None


def crawl_site(options, *, settings: ClientSettings | None = None, name: str | None = None) -> AutoCrawlSummary:
    """`danvan crawl` for --site auto (the origin of --base-url; named `name`, else from the origin) or a profile
    of family D/E (its seeds)."""
    if options.site == "auto":
        origin = auto_origin(options)
        drafted = AutoState(options.raw_dir, name or site_name_for(origin))
        drafted_path = drafted.path.with_name(drafted.path.stem + ".profile.yaml")
        if drafted.data.get("family") in ("B", "C") and drafted_path.is_file() and not options.refresh:
            from scrapers.crawl import crawl   # known to be of family B or C: its drafted profile, straight away

            return crawl(options.with_(site=str(drafted_path), base_url=origin), settings=settings)   # here now
        probe: dict = {}
        start = urlsplit(options.base_url)
        seeds = Seeds(listings=(normalize_url(options.base_url),)) if start.path not in ("", "/") or start.query \
            else Seeds()   # --base-url names a page: the crawl starts there too
        summary = crawl_auto(options, settings=settings, hand_over=("C",), probe=probe, seeds=seeds, name=name)
        crawler = probe.get("crawler")
        if (summary.stopped or "").startswith(HANDED_OVER) or (crawler is not None and crawler.postback_pages):
            return _crawl_with_draft(options, settings, summary, crawler)
        return summary
    profile = load_discovery_profile(discovery_profile_path(options.site, options.data_dir))
    origin = auto_origin(options) if options.base_url else profile.base_url
    seeds = Seeds(*(tuple(origin + path for path in paths) for paths in
                    (profile.seeds.listings, profile.seeds.sitemaps, profile.seeds.feeds)))
    if options.delay is None:
        options = options.with_(delay=profile.delay)
    settings = settings or ClientSettings(user_agent=profile.user_agent, delay=options.delay)
    return crawl_auto(options, settings=settings, seeds=seeds, name=profile.name, origin=origin,
                      reference=str(profile.path))


def auto_profile_for(site: str, reference: str | None, origin: str | None, family: str | None = None):
    """The stand-in profile of a site whose crawl run names `reference` "auto" or a profile of family D/E;
    None for any other reference (a profile of family A, B or C)."""
    if reference == "auto" and origin:
        return auto_profile(site, origin, family or "E")
    if reference:
        path = Path(reference)
        raw = _read_yaml(path) if path.suffix in (".yaml", ".yml") and path.is_file() else None
        if isinstance(raw, dict) and str(raw.get("family", "")) in DISCOVERY_FAMILIES:
            return auto_profile(site, origin or str(raw.get("base_url", "")), str(raw["family"]))
    return None


def _crawl_with_draft(options, settings, summary: AutoCrawlSummary, crawler: AutoCrawler):
    """A site --site auto found to be of family C (its home page) or B (a postback pager): crawl it with a profile
    drafted from the pages seen (kept in raw/auto-state/NAME.profile.yaml; `danvan site init` writes one for
    review). A postback site whose draft reads none of its articles stays read as links."""
    from scrapers.crawl import crawl
    from scrapers.draft import draft_by_selectors, draft_payload, site_title, write_draft

    home = next((body_and_url for kind, *body_and_url in crawler.samples.values() if kind == "home"), None)
    path = crawler.state.path.with_name(crawler.state.path.stem + ".profile.yaml")
    home_text = decode_body(home[0]) if home else None   # decoded once, for the title and the draft
    title = site_title(home_text) if home_text is not None else summary.site
    if crawler.family == "C" and home is not None:
        draft = draft_payload(summary.site, summary.origin, title, home[1], home_text)
    else:
        postback = [(url, *crawler.samples[url][1:]) for url in crawler.postback_pages if url in crawler.samples]
        draft = draft_by_selectors("B", summary.site, summary.origin, title, crawler.samples, postback,
                                   path.parent)
        if not draft.samples:
            log.warning("%s pages its listings by postback, but no profile could be drafted that reads its "
                        "articles: run danvan site init and review the profile", summary.origin)
            return summary
    crawler.state.data["family"] = draft.family
    crawler.state.save()
    write_draft(draft, path, summary.requests)
    log.info("%s is of family %s: crawled with the drafted profile %s", summary.origin, draft.family, path)
    result = crawl(options.with_(site=str(path), base_url=None), settings=settings)
    return replace(result, requests=result.requests + summary.requests, bytes=result.bytes + summary.bytes)
