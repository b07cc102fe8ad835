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
from pipeline.health import Problem, Thresholds, check_articles, check_site, error_reasons
from scrapers.lock import data_dir_lock

log = logging.getLogger(__name__)

COMMAND = "nightly"
LOG_NAME = "nightly.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 7
NEW_DATABASE_SUFFIX = ".new"
NEW_ARTICLES_IN_REPORT = 200


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


# ---------------------------------------------------------------- the database, before and after

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
