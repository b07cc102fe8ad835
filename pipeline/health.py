"""The nightly run's health checks: thresholds, problems, and the checks of a crawl, of each site by its family, and of new articles."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from scrapers.errors import DanvanError, FetchError


@dataclass(frozen=True)
class Thresholds:
    """Limits past which a run is failed instead of published."""

    max_error_rate: float = 0.2      # failed requests / requests of the run
    max_missing_share: float = 0.5   # (new articles lacking title or date + newly rejected pages) / both

    @classmethod
    def from_options(cls, options) -> "Thresholds":
        values = {name: options.extra[name] for name in ("max_error_rate", "max_missing_share")
                  if options.extra.get(name) is not None}
        return cls(**values)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Problem:
    """One finding of the health checks; a fatal one fails the run."""

    check: str
    message: str
    fatal: bool = True
    site: str | None = None          # the site it concerns, in a run of several sites

    def as_dict(self) -> dict:
        row = {"check": self.check, "message": self.message, "fatal": self.fatal}
        return {**row, "site": self.site} if self.site else row

    def line(self) -> str:
        where = f"{self.site}: " if self.site else ""
        return f"{'FAILED' if self.fatal else 'warning'} [{self.check}] {where}{self.message}"

    def of_site(self, site: str | None) -> "Problem":
        return Problem(self.check, self.message, self.fatal, site)


def error_reasons(crawled, rejected_now: dict[str, str], attempts: list[dict] = ()) -> dict[str, int]:
    """Errors of the run by reason: failed requests (HTTP status or network error), pages gone, pages rejected.

    ``attempts`` (the run's rows of the fetch log) stand in for the crawl's summary when the crawl stopped
    without one (the site unreachable).
    """
    reasons: Counter[str] = Counter()
    if crawled is None:
        for row in attempts:
            if row.get("error") or (row.get("status") or 0) >= 400:
                reasons[str(row.get("error") or f"HTTP {row['status']}")[:120]] += 1
    for failure in crawled.failures if crawled else ():
        if failure.get("status") is not None and not failure.get("error"):
            reasons[f"HTTP {failure['status']}"] += 1
        else:
            reasons[str(failure.get("error") or "unknown error")[:120]] += 1
    if crawled and crawled.not_found:
        reasons["article page gone (HTTP 404/410)"] += crawled.not_found
    for reason in rejected_now.values():
        reasons[_rejection_reason(reason)] += 1
    return dict(reasons.most_common())


def _rejection_reason(reason: str) -> str:
    """A page's rejection reason as one heading of the report: "not an article: " and the reason's first part."""
    head, _, rest = reason.partition(":")
    if head.strip().lower() == "not an article":   # the reason already says so: its next part says why
        head = rest.split("(", 1)[0].split(":", 1)[0]
    elif head.lower().startswith("not an article"):
        head = head[len("not an article"):]
    return "not an article: " + (head.strip() or "no reason given")[:100]


def check_crawl(crawled, listings: dict[str, dict], thresholds: Thresholds) -> list[Problem]:
    """Problems of the crawl itself: robots.txt, empty listings, error rate.

    ``listings`` maps each category slug to what its first listing page gave in this run:
    ``{"url", "status", "items"}`` (status None: not fetched).
    """
    problems = []
    failed_urls = {failure.get("url") for failure in crawled.failures}
    not_read = sorted(slug for slug, seen in listings.items()   # neither answered nor failed: not asked
                      if seen["status"] is None and seen["url"] not in failed_urls)
    if not_read and crawled.robots_blocked and not crawled.stopped:
        forbidden = len(not_read) == len(listings)
        problems.append(Problem(
            "robots", ("robots.txt forbids us every listing page" if forbidden
                       else "robots.txt forbids the listing of " + ", ".join(not_read)),
            fatal=forbidden))
    for slug, seen in sorted(listings.items()):
        if seen["status"] == 200 and seen["items"] == 0:
            problems.append(Problem(
                "listing", f"{seen['url']} answered 200 with no items: the profile's listing selectors "
                           "no longer match the site (or the category was emptied)"))
    robots_forbid_all = any(p.check == "robots" and p.fatal for p in problems)
    if listings and not robots_forbid_all and all(seen["status"] != 200 for seen in listings.values()):
        problems.append(Problem("reachable", "no listing page could be read: " + ", ".join(
            f"{seen['url']} → " + (f"HTTP {seen['status']}" if seen["status"] else "no answer")
            for seen in listings.values())))
    if crawled.requests:
        rate = crawled.failed / crawled.requests
        if rate > thresholds.max_error_rate:
            problems.append(Problem("error_rate", f"{crawled.failed} of {crawled.requests} requests failed "
                                                  f"({rate:.0%}, above {thresholds.max_error_rate:.0%})"))
        elif crawled.failed:
            problems.append(Problem("error_rate", f"{crawled.failed} of {crawled.requests} requests failed "
                                                  "(they are fetched again next run)", fatal=False))
    if crawled.stopped:
        problems.append(Problem("stopped", f"the crawl stopped early: {crawled.stopped}", fatal=False))
    return problems


def check_articles(changed: list[dict], rejected_now: dict[str, str], thresholds: Thresholds) -> list[Problem]:
    """Problems of what the run would publish: new or updated articles without a title or date, new rejections."""
    lacking = [a for a in changed if not a.get("title") or not a.get("published_on")]
    considered = len(changed) + len(rejected_now)
    if not considered:
        return []
    share = (len(lacking) + len(rejected_now)) / considered
    detail = (f"{len(lacking)} of {len(changed)} new or updated articles lack a title or date, "
              f"{len(rejected_now)} pages were newly rejected as not articles")
    examples = [a["url"] for a in lacking[:3]] + list(rejected_now)[:3]
    if share > thresholds.max_missing_share:
        return [Problem("articles", f"{detail} ({share:.0%}, above {thresholds.max_missing_share:.0%}): "
                                    "the article selectors or date formats no longer match; e.g. "
                                    + ", ".join(examples))]
    if lacking:
        return [Problem("articles", f"{detail}; e.g. " + ", ".join(a["url"] for a in lacking[:3]), fatal=False)]
    return []


def first_listing_pages(profile, warc_path: Path | None) -> dict[str, dict]:
    """What the first listing page of each category gave in one run's WARC file (see check_crawl), read by the
    listing parser of the profile's family (embedded data for family C, the listing selectors otherwise)."""
    from scrapers.archive import file_responses, page_key
    if profile.family == "C":
        from scrapers.payload import parse_listing
    else:
        from scrapers.listing import parse_listing

    wanted = {page_key(profile.listing_url(c.slug)): c.slug for c in profile.categories}
    seen = {c.slug: {"url": profile.listing_url(c.slug), "status": None, "items": None} for c in profile.categories}
    if warc_path is None or not warc_path.is_file():
        return seen
    for response in file_responses(warc_path):
        slug = wanted.get(page_key(response.url))
        if slug is None:
            continue
        items = len(parse_listing(response.body, response.url, profile).items) if response.status == 200 else None
        seen[slug] = {"url": response.url, "status": response.status, "items": items}
    return seen


def pages_read(warc_path: Path | None) -> int:
    """How many responses of one site's run answered 200 (0: nothing of the site could be read)."""
    from scrapers.archive import file_responses

    if warc_path is None or not warc_path.is_file():
        return 0
    return sum(1 for response in file_responses(warc_path) if response.status == 200)


def check_site(site_run, raw_dir: Path, thresholds: Thresholds) -> list[Problem]:
    """The crawl checks of one site of the run, by its family: the listings of a profile of family A, B or C;
    for every family, that something of the site could be read at all, and the error rate."""
    from scrapers.auto import is_auto_site
    from scrapers.crawl import resolve_profile

    if site_run.error is not None:
        if isinstance(site_run.error, FetchError):
            return [Problem("reachable", f"the site is unreachable or refuses us: {site_run.error}")]
        return [Problem(type(site_run.error).__name__, str(site_run.error))]
    crawled = site_run.summary
    warc = raw_dir / crawled.warc_file if crawled.warc_file else None
    listings = {}
    options = site_run.target.options
    if not site_run.target.auto_name and not is_auto_site(options):
        try:
            profile = resolve_profile(options)
        except DanvanError:
            profile = None
        if profile is not None and profile.name == crawled.site:   # not handed over to a drafted profile
            listings = first_listing_pages(profile, warc)
    problems = check_crawl(crawled, listings, thresholds)
    if not listings and crawled.requests and not pages_read(warc):
        problems.append(Problem("reachable", f"no page of {crawled.origin} could be read in this run"))
    return problems
