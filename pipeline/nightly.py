"""One unattended nightly run: lock, incremental crawl, health checks, build into a new file, swap, record, report.

The run's life, in order:

1. take the data directory's lock (``scrapers.lock``): a second run refuses at once;
2. note the run's start in ``raw/runs.jsonl`` under a fresh run id, which the crawl puts on every fetch;
3. crawl incrementally; check what came back (site reachable, robots.txt lets us read the listings, each
   listing's first page has items, few failed requests);
4. copy the served database to ``danvan.db.new`` and build into the copy; check the articles this run adds
   (titles and dates present) and the file itself (SQLite quick_check);
5. only when everything passed: record the run's row, then replace ``danvan.db`` by the new file in one rename.

A run that fails leaves ``danvan.db`` exactly as it was; what it fetched stays in the archive and is built by
the next run. Its record is the end line in ``raw/runs.jsonl`` (loaded into ``runs`` by the next build), its
log ``logs/nightly.log`` and its report ``reports/<run id>.md`` / ``.html``.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sqlite3
import time
from collections import Counter
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from scrapers.errors import (DamagedDatabase, DanvanError, DatabaseError, FetchError, HealthCheckError, InputError,
                             LockedError)
from pipeline.db import check_integrity, connect_read_only, quick_check, remove_database_files
from scrapers.lock import data_dir_lock

log = logging.getLogger(__name__)

COMMAND = "nightly"
LOG_NAME = "nightly.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 7
NEW_DATABASE_SUFFIX = ".new"
NEW_ARTICLES_IN_REPORT = 200


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


@dataclass(frozen=True)
class NightlyResult:
    """What one nightly run did: its id, status (ok, partial, failed), statistics, problems and report files."""

    run_id: str
    status: str
    stats: dict
    problems: tuple[Problem, ...] = ()
    report: dict = field(default_factory=dict)
    database_replaced: bool = False
    exit_code: int = 0               # of `danvan nightly`: 0 ok or partial, 3 checks failed, 75 locked, 1 other

    def as_dict(self) -> dict:
        return {"run_id": self.run_id, "status": self.status, "stats": self.stats,
                "problems": [p.as_dict() for p in self.problems],
                "report": {k: str(v) for k, v in self.report.items()},
                "database_replaced": self.database_replaced, "exit_code": self.exit_code}

    def line(self) -> str:
        s = self.stats
        text = (f"nightly {self.run_id}: {self.status}; {s.get('requests', 0)} requests, "
                f"{s.get('new_articles', 0)} new and {s.get('updated_articles', 0)} updated articles")
        added = s.get("facts_by_kind") or {}
        if added:
            text += "; facts added: " + ", ".join(f"{n} {kind}" for kind, n in added.items())
        if self.report.get("markdown"):
            text += f"; report: {self.report['markdown']}"
        return text


# ---------------------------------------------------------------- logging

@contextmanager
def log_to_file(logs_dir: Path):
    """Send every log record of the run (INFO and up) to ``logs/nightly.log``, rotated by size."""
    logs_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(logs_dir / LOG_NAME, maxBytes=LOG_MAX_BYTES,
                                                   backupCount=LOG_BACKUPS, encoding="utf-8")
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    previous_level = root.level
    if root.level > logging.INFO:
        root.setLevel(logging.INFO)
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(previous_level)
        handler.close()


# ---------------------------------------------------------------- health checks

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


# ---------------------------------------------------------------- the database, before and after

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


def database_state(path: Path) -> dict:
    """Articles (id → row), rejected page URLs and fact counts by kind of a database file (empty if absent)."""
    from pipeline.db import FACT_TABLES

    state = {"articles": {}, "rejected": {}, "facts": {}}
    if not path.is_file():
        return state
    with closing(connect_read_only(path)) as conn:
        tables = {name for (name,) in conn.execute("select name from sqlite_master where type = 'table'")}
        if "articles" in tables:
            for row in conn.execute("select id, url, title, published_on, content_sha256, site from articles"):
                state["articles"][row[0]] = dict(zip(("id", "url", "title", "published_on", "content_sha256",
                                                      "site"), row))
        if "rejected_pages" in tables:
            state["rejected"] = dict(conn.execute("select url, reason from rejected_pages").fetchall())
        for kind, (table, _columns) in FACT_TABLES.items():
            if table in tables:
                state["facts"][kind] = conn.execute(f"select count(*) from [{table}]").fetchone()[0]
    return state


def compare(before: dict, after: dict) -> dict:
    """New and updated articles, newly rejected pages and facts added by kind, from two database states."""
    new = [a for i, a in after["articles"].items() if i not in before["articles"]]
    updated = [a for i, a in after["articles"].items()
               if i in before["articles"] and before["articles"][i]["content_sha256"] != a["content_sha256"]]
    rejected = {url: reason for url, reason in after["rejected"].items() if url not in before["rejected"]}
    added = {kind: n - before["facts"].get(kind, 0) for kind, n in after["facts"].items()}
    new.sort(key=lambda a: (a.get("published_on") or "", a["id"]), reverse=True)
    return {"new": new, "updated": updated, "rejected": rejected, "facts_added": added,
            "facts_total": dict(after["facts"])}


def copy_database(source: Path, target: Path) -> bool:
    """A consistent copy of the served database to build into; False (and no copy) when there is none to copy."""
    remove_database_files(target)
    if not source.is_file():
        return False
    try:
        with closing(connect_read_only(source)) as reader, closing(sqlite3.connect(target)) as copy:
            reader.backup(copy)
    except sqlite3.Error as exc:
        remove_database_files(target)
        log.warning("cannot copy %s (%s): building a new database from the archive alone", source, exc)
        return False
    return True


def replace_database(new: Path, served: Path) -> None:
    """Put the finished new database in place of the served one in one rename (after folding in both WALs)."""
    with closing(sqlite3.connect(new)) as conn:
        conn.execute("pragma wal_checkpoint(TRUNCATE)")
        conn.execute("pragma journal_mode = DELETE")
    if served.is_file() and Path(str(served) + "-wal").exists():
        # the old file's WAL must not outlive it: beside the new file it would be read as the new file's
        try:
            with closing(sqlite3.connect(served, timeout=5)) as conn:
                conn.execute("pragma journal_mode = DELETE")
        except sqlite3.Error as exc:
            raise DatabaseError(f"{served} is in use by another process ({exc}); it was not replaced") from exc
        if Path(str(served) + "-wal").exists():
            raise DatabaseError(f"{served} is in use by another process; it was not replaced")
    with open(new, "rb") as f:
        os.fsync(f.fileno())
    os.replace(new, served)
    directory = os.open(served.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


# ---------------------------------------------------------------- the run

def _record_run(db_path: Path, raw_dir: Path, run_id: str) -> None:
    """Write the run's row (as raw/runs.jsonl now tells it) into the database about to be served."""
    from pipeline.build import crawl_runs
    from pipeline.db import open_db

    row = crawl_runs(raw_dir)[run_id]
    db = open_db(db_path)
    try:
        found = db.execute("select id from runs where json_extract(stats, '$.run_id') = ?", [run_id]).fetchone()
        with db.atomic():
            if found:
                db["runs"].update(found[0], row)
            else:
                db["runs"].insert(row)
    finally:
        db.close()


def nightly(options, *, settings=None) -> NightlyResult:
    """One nightly run of the sites of `options` (each --site, the registry's active sites with --all, else
    `options.site`) into `options.data_dir`; raises LockedError if another run holds it.

    Every run that started returns its result, failed ones included (status ``failed``, a non-zero
    ``exit_code``, the reasons in ``problems`` and in the report). A site that fails its checks is left out of
    the new database (its old articles stay published) while the others' new articles are published: the run
    is then ``partial``. ``settings`` (a scrapers.http.ClientSettings) replaces the HTTP client's defaults
    (tests shrink its waits).
    """
    with log_to_file(options.logs_dir) as file_log:
        try:
            with data_dir_lock(options.data_dir, COMMAND):
                check_integrity(options.db_path)   # a damaged database is named before anything is fetched
                return _locked_run(options, settings)   # reports its own failures: a LockedError here is the lock's
        except (LockedError, DamagedDatabase) as exc:
            # into the log file only: the command line prints the error itself, once
            file_log.handle(log.makeRecord(log.name, logging.WARNING, __file__, 0,
                                           "nightly refused to start: %s", (exc,), None))
            raise


def site_names(options) -> list[str]:
    """The sites of a run: each --site, or the registry's active sites (--all), else `options.site`."""
    from scrapers.registry import active_sites

    if options.extra.get("all_sites"):
        if options.extra.get("sites"):
            raise InputError("give either --site or --all, not both")
        return [entry.name for entry in active_sites(options.data_dir)]
    return list(dict.fromkeys(options.extra.get("sites") or [options.site]))


def _site_of_host(runs) -> dict[str, str]:
    """host[:port] → site, for the sites of the run (where they were fetched, and their public origin)."""
    from scrapers.crawl import resolve_profile

    hosts = {}
    for site_run in runs:
        if site_run.summary is not None:
            hosts[_netloc(site_run.summary.origin)] = site_run.site
        try:
            public = resolve_profile(site_run.target.options.with_(base_url=None)).origin
        except DanvanError:
            continue
        hosts.setdefault(_netloc(public), site_run.site)
    return hosts


def _netloc(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).netloc


def _build_without(options, served: Path, building: Path, runs, excluded: set[str]):
    """Copy the served database and build into the copy, leaving out the WARC files of the `excluded` sites'
    runs; returns (build summary, changes)."""
    from pipeline.build import build

    skip = frozenset(r.summary.warc_file for r in runs
                     if r.site in excluded and r.summary is not None and r.summary.warc_file)
    copied = copy_database(served, building)
    before = database_state(building)
    log.info("building into %s (%s)%s", building, "a copy of the served database" if copied else "a new file",
             f", leaving out {', '.join(sorted(excluded))}" if excluded else "")
    built = build(options.with_(database=building, skip_warc_files=skip))
    log.info("%s", built.line())
    return built, compare(before, database_state(building))


def _article_problems(runs, changes, excluded: set[str], several: bool, thresholds: Thresholds) -> dict:
    """site → problems of the new or updated articles the build gave for it (rejected pages by their host)."""
    hosts = _site_of_host(runs) if several else {}
    found = {}
    for site_run in runs:
        name = site_run.site
        if name in excluded:
            continue
        changed = [a for a in changes["new"] + changes["updated"] if not several or a.get("site") == name]
        rejected = {url: reason for url, reason in changes["rejected"].items()
                    if not several or hosts.get(_netloc(url)) == name}
        found[name] = [p.of_site(name if several else None) for p in check_articles(changed, rejected, thresholds)]
    return found


def _locked_run(options, settings) -> NightlyResult:
    from pipeline.report import RunReport
    from scrapers.archive import run_log, utc_now
    from scrapers.crawl import new_run_id
    from scrapers.multi import DEFAULT_PARALLEL, crawl_sites, resolve_targets

    run_id = options.run_id or new_run_id()
    options = options.with_(run_id=run_id, progress=False, rebuild=False)
    thresholds = Thresholds.from_options(options)
    names = site_names(options)
    targets = resolve_targets(options, names)
    several = len(targets) > 1
    served = options.db_path
    building = served.with_name(served.name + NEW_DATABASE_SUFFIX)
    started_at, started = utc_now(), time.monotonic()
    with run_log(options.raw_dir) as runs_log:
        runs_log({"run_id": run_id, "event": "start", "command": COMMAND, "at": started_at, "sites": names})
    log.info("nightly %s: %s into %s", run_id, ", ".join(names), options.data_dir)

    problems: list[Problem] = []
    runs, changes, built = [], None, None
    status, replaced, failure = "failed", False, None
    excluded: set[str] = set()
    by_site: dict[str, list[Problem]] = {}
    try:
        runs = crawl_sites(targets, options.raw_dir, settings=settings,
                           parallel=options.extra.get("parallel") or DEFAULT_PARALLEL)
        for site_run in runs:
            by_site[site_run.site] = [p.of_site(site_run.site if several else None)
                                      for p in check_site(site_run, options.raw_dir, thresholds)]
            if site_run.summary is not None:
                log.info("%s", site_run.summary.line())
            if any(p.fatal for p in by_site[site_run.site]):
                excluded.add(site_run.site)
        problems = [p for found in by_site.values() for p in found]
        if len(excluded) == len(runs):
            stopping = next((r.error for r in runs if r.error is not None and not isinstance(r.error, FetchError)),
                            None)
            raise stopping or HealthCheckError("the crawl's health checks failed")

        built, changes = _build_without(options, served, building, runs, excluded)
        found = _article_problems(runs, changes, excluded, several, thresholds)
        failing = {name for name, site_found in found.items() if any(p.fatal for p in site_found)}
        if failing and len(excluded | failing) < len(runs):   # the others are published without them
            excluded |= failing
            built, changes = _build_without(options, served, building, runs, excluded)
            again = _article_problems(runs, changes, excluded, several, thresholds)
            found = {**again, **{name: found[name] for name in failing}}
            if any(p.fatal for site_found in again.values() for p in site_found):
                failing |= set(again)   # what passed alone fails beside the rest: publish nothing
        excluded |= failing
        for name, site_found in found.items():
            by_site[name] = by_site[name] + site_found
        problems = [p for found in by_site.values() for p in found]
        if len(excluded) == len(runs):
            raise HealthCheckError("the new articles' health checks failed")
        damage = quick_check(building)
        if damage:
            problems.append(Problem("database", f"the new database fails SQLite's quick_check: {damage}"))
            raise HealthCheckError("the new database is damaged")
        status = "partial" if problems else "ok"
    except DanvanError as exc:
        failure = exc
        if not (isinstance(exc, HealthCheckError) and problems) and str(exc) not in {p.message for p in problems}:
            problems.append(Problem(type(exc).__name__, str(exc)))
    except Exception as exc:
        failure = exc
        problems.append(Problem("error", f"{type(exc).__name__}: {exc}"))
        log.exception("nightly %s stopped by an unexpected error", run_id)

    stats = _stats(runs, built, changes, problems, thresholds, _attempts(options.raw_dir, run_id), excluded,
                   several, status != "failed")
    stats.update(elapsed=elapsed_since(started), database_replaced=status != "failed")
    finished_at = utc_now()
    _note_end(options.raw_dir, run_id, finished_at, status, stats)
    if status != "failed":
        try:
            _record_run(building, options.raw_dir, run_id)
            replace_database(building, served)
            replaced = True
        except (DanvanError, sqlite3.Error, OSError) as exc:
            failure = exc if isinstance(exc, DanvanError) else DatabaseError(f"cannot publish {building}: {exc}")
            status = "failed"
            problems.append(Problem("publish", str(failure)))
            for row in stats.get("sites", {}).values():
                row["published"] = False
            stats.update(database_replaced=False, problems=[p.as_dict() for p in problems])
            _note_end(options.raw_dir, run_id, utc_now(), status, stats)
    if status == "failed":
        remove_database_files(building)

    new_articles = [{"title": a["title"], "url": a["url"], "published_on": a["published_on"], "site": a.get("site")}
                    for a in (changes["new"] if changes and replaced else [])[:NEW_ARTICLES_IN_REPORT]]
    files = _write_report(RunReport(run_id=run_id, command=COMMAND, status=status, started_at=started_at,
                                    finished_at=finished_at, stats=stats, new_articles=new_articles,
                                    problems=[p.line() for p in problems]), options.reports_dir, served)
    for problem in problems:
        (log.error if problem.fatal else log.warning)("%s", problem.line())
    log.info("nightly %s: %s; report %s", run_id, status, files.get("markdown"))
    return NightlyResult(run_id=run_id, status=status, stats=stats, problems=tuple(problems), report=files,
                         database_replaced=replaced, exit_code=_exit_code(failure))


def _note_end(raw_dir: Path, run_id: str, at: str, status: str, stats: dict) -> None:
    """The run's end line in raw/runs.jsonl: its status and statistics (a later line for the same run wins)."""
    from scrapers.archive import run_log

    with run_log(raw_dir) as runs:
        runs({"run_id": run_id, "event": "end", "command": COMMAND, "at": at, "status": status, "stats": stats})


def _write_report(report, reports_dir: Path, db_path: Path) -> dict:
    from pipeline.report import write_report

    try:
        return write_report(report, reports_dir, db_path)
    except Exception as exc:  # a report that cannot be drawn must not hide the run's own outcome
        log.exception("cannot write the report of %s: %s", report.run_id, exc)
        return {}


def _exit_code(failure: Exception | None) -> int:
    """0 for a published run; HealthCheckError's status when checks failed, the error's own status otherwise."""
    if failure is None:
        return 0
    if isinstance(failure, DanvanError):
        return failure.exit_code
    return DanvanError.exit_code


def _attempts(raw_dir: Path, run_id: str) -> list[dict]:
    """The run's rows of the fetch log (one per HTTP attempt)."""
    from scrapers.archive import read_fetch_log

    return [row for row in read_fetch_log(raw_dir) if row.get("run_id") == run_id]


def _site_row(site_run, changes, problems: list[Problem], excluded: set[str], attempts: list[dict],
              published: bool) -> dict:
    """One site's line of the run's statistics: requests, new articles, failures, health, published or not."""
    name, crawled = site_run.site, site_run.summary
    mine = [p for p in problems if p.site in (name, None)]
    in_database = published and name not in excluded
    changed = [a for a in (changes or {}).get("new", []) if a.get("site") == name] if in_database else []
    updated = [a for a in (changes or {}).get("updated", []) if a.get("site") == name] if in_database else []
    return {
        "origin": crawled.origin if crawled else None,
        "family": getattr(crawled, "family", None) if crawled else None,
        "requests": crawled.requests if crawled else len(attempts),
        "failed_requests": crawled.failed if crawled else sum(1 for r in attempts if r.get("error")
                                                              or (r.get("status") or 0) >= 400),
        "pages_fetched_new": crawled.articles_new if crawled else 0,
        "new_articles": len(changed),
        "updated_articles": len(updated),
        "health": "failed" if name in excluded else "warning" if mine else "ok",
        "published": in_database,
        "problems": [p.line() for p in mine],
    }


def _stats(runs, built, changes, problems: list[Problem], thresholds: Thresholds, attempts: list[dict],
           excluded: set[str], several: bool, published: bool) -> dict:
    """The run's statistics as stored in `runs.stats` (JSON): totals, and one row per site (`sites`)."""
    summaries = [r.summary for r in runs if r.summary is not None]

    def attempts_of(site_run) -> list[dict]:
        if not several:
            return attempts
        return [row for row in attempts if _netloc(row.get("url") or "").lower() == site_run.target.host]

    single = summaries[0] if len(runs) == 1 and summaries else None
    stats = {
        "requests": sum(s.requests for s in summaries) + sum(len(attempts_of(r)) for r in runs if r.summary is None),
        "listing_pages": sum(s.listing_pages for s in summaries),
        "pages_fetched_new": sum(s.articles_new for s in summaries),
        "new_articles": len(changes["new"]) if changes else 0,
        "updated_articles": len(changes["updated"]) if changes else 0,
        "facts_by_kind": {k: n for k, n in changes["facts_added"].items() if n} if changes else {},
        "facts_total_by_kind": changes["facts_total"] if changes else {},
        "errors_by_reason": _merged(error_reasons(r.summary, {}, attempts_of(r)) for r in runs),
        "problems": [p.as_dict() for p in problems],
        "thresholds": thresholds.as_dict(),
        "sites": {r.site: _site_row(r, changes, problems, excluded, attempts_of(r), published) for r in runs},
    }
    if changes:
        stats["errors_by_reason"] = _merged([stats["errors_by_reason"], error_reasons(None, changes["rejected"])])
    if single:
        crawl = single.as_dict()
        crawl["failures"] = crawl["failures"][:20]
        stats["crawl"] = crawl
    if built:
        stats["build"] = {k: v for k, v in built.as_dict().items() if k not in ("rejections", "facts")}
    return stats


def _merged(counters) -> dict[str, int]:
    total: Counter[str] = Counter()
    for counts in counters:
        total.update(counts)
    return dict(total.most_common())


def elapsed_since(started: float) -> float:
    return round(time.monotonic() - started, 3)
