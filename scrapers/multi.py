"""Several sites in one run: each with its own polite client, different hosts in parallel (a bounded number)."""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from scrapers.errors import DanvanError, InputError
from scrapers.lock import shared_directory_lock

log = logging.getLogger(__name__)

DEFAULT_PARALLEL = 4


@dataclass(frozen=True)
class SiteTarget:
    """One site to crawl: the name it is known by, the options of its crawl, the name its records carry."""

    name: str
    options: object
    auto_name: str | None = None    # a registered site read with auto: the name its records carry

    @property
    def host(self) -> str:
        """The host (and port, when given) its requests go to: sites of one host are crawled one after the other."""
        from scrapers.auto import discovery_profile_path, load_discovery_profile
        from scrapers.crawl import resolve_profile

        if self.options.site == "auto" or self.options.base_url:
            return urlsplit(self.options.base_url or "").netloc.lower() or self.name
        try:
            found = discovery_profile_path(self.options.site, self.options.data_dir)
            profile = load_discovery_profile(found) if found is not None else resolve_profile(self.options)
            return urlsplit(profile.base_url).netloc.lower()
        except DanvanError:
            return self.name


@dataclass(frozen=True)
class SiteRun:
    """What one site's crawl gave: its summary, or the error that stopped it."""

    target: SiteTarget
    summary: object | None = None
    error: DanvanError | None = None

    @property
    def site(self) -> str:
        return self.summary.site if self.summary is not None else self.target.auto_name or self.target.name


def resolve_targets(options, names: list[str]) -> list[SiteTarget]:
    """The crawl of each name: a registered site (its profile, or auto at its base URL), else a profile's name or
    path, else auto (with --base-url)."""
    from scrapers.registry import registered

    if len(names) > 1 and options.base_url:
        raise InputError("--base-url points one site at another origin: give it with a single --site")
    targets = []
    for name in dict.fromkeys(names):
        entry = registered(name, options.data_dir) if name != "auto" else None
        if entry is not None and entry.profile == "auto":
            targets.append(SiteTarget(name, options.with_(site="auto", base_url=options.base_url or entry.base_url),
                                      auto_name=entry.name))
        elif entry is not None:
            targets.append(SiteTarget(name, options.with_(site=entry.profile)))
        else:
            targets.append(SiteTarget(name, options.with_(site=name)))
    return targets


def crawl_one(target: SiteTarget, settings=None):
    """One site's crawl (its own polite client, its own WARC file)."""
    from scrapers.auto import crawl_site
    from scrapers.crawl import crawl

    if target.auto_name:
        return crawl_site(target.options, settings=settings, name=target.auto_name)
    return crawl(target.options, settings=settings)


def _delay_of(target: SiteTarget, settings) -> float:
    """The politeness delay a site's crawl keeps between two requests to its host."""
    from scrapers.auto import DEFAULT_DELAY
    from scrapers.crawl import resolve_profile

    if settings is not None:
        return settings.delay
    if target.options.delay is not None:
        return target.options.delay
    if target.auto_name or target.options.site == "auto":
        return DEFAULT_DELAY
    try:
        return resolve_profile(target.options).delay
    except DanvanError:   # a profile of family D/E (read by discovery) says its delay in its own keys
        return DEFAULT_DELAY


def crawl_sites(targets: list[SiteTarget], raw_dir, *, parallel: int = DEFAULT_PARALLEL, settings=None,
                on_done=None) -> list[SiteRun]:
    """Crawl every target; sites of one host one after the other, different hosts `parallel` at a time. A site
    that fails is recorded in its SiteRun and the others go on. `on_done(run)` is called as each site ends."""
    if parallel < 1:
        raise InputError("--parallel must be at least 1")
    by_host: dict[str, list[SiteTarget]] = {}
    for target in targets:
        by_host.setdefault(target.host, []).append(target)
    results: dict[str, SiteRun] = {}
    guard = threading.Lock()

    def one_host(group: list[SiteTarget]) -> None:
        for index, target in enumerate(group):
            if index:   # the next site on this host waits its delay too: each site's client knows only its own
                time.sleep(_delay_of(group[index - 1], settings))
            try:
                run = SiteRun(target, summary=crawl_one(target, settings))
            except DanvanError as exc:
                log.warning("site %s: %s", target.name, exc)
                run = SiteRun(target, error=exc)
            except Exception as exc:   # a fault in one site's crawl (its run log says "failed") spares the others
                log.exception("site %s: the crawl failed", target.name)
                run = SiteRun(target, error=DanvanError(f"the crawl failed: {type(exc).__name__}: {exc}"))
            with guard:
                results[target.name] = run
                if on_done is not None:
                    on_done(run)

    with shared_directory_lock(raw_dir, "crawl"):   # one run writes the archive; its sites share the lock
        if len(by_host) == 1 or parallel == 1:
            for group in by_host.values():
                one_host(group)
        else:
            with ThreadPoolExecutor(max_workers=min(parallel, len(by_host)), thread_name_prefix="site") as pool:
                for future in [pool.submit(one_host, group) for group in by_host.values()]:
                    future.result()
    return [results[target.name] for target in targets]
