"""Build the database from the archive: archived article pages → Article → facts → SQLite rows.

The archive is the only input, so building twice changes nothing and ``--rebuild`` (a new database from the
archive alone) gives the same rows. The newest archived response of each page is used; the same article at two
URLs of one site (the same title and text) is loaded once, at the URL whose newest response was archived first,
with the others kept as other URLs. The same article on two sites is one row per site, the later rows linked to
the first (``articles.duplicate_of``, pipeline.load.link_duplicates): archive order decides which is first.

The build streams: the archive's index files (or one pass over the archive, keeping no bodies) give the newest
response of each article page; tasks (pipeline.pages: a WARC file, or a slice of one) parse and extract the
chosen pages, in this process or on a Dask cluster (pipeline.cluster); this process alone writes the database,
loading the tasks' results in archive order, in batches, so a cluster build gives the same rows and ids as a
serial one. What it keeps per article is small (its content hash and id, the URLs already known), so memory
stays flat however large the archive is.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
import time
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from tqdm import tqdm

from pipeline.db import FETCH_COLUMNS, check_integrity, remove_database_files
from scrapers.errors import DatabaseError
from pipeline.pages import page_results, plan_tasks
from scrapers.archive import read_fetch_log, read_run_log
from scrapers.profile import ArchiveProfiles, load_profile

log = logging.getLogger(__name__)

EXTRACTOR_FILES = ("*.py", "*.yaml", "*.yml", "*.json", "*.tsv", "*.txt")
FINGERPRINT_NAME = "extractors_fingerprint"   # in danvan_meta: the extractors the facts were made with
BATCH_PAGES = 100   # pages loaded per transaction


@dataclass(frozen=True)
class BuildSummary:
    """What one build did; `line()` is the summary printed at the end."""

    pages: int = 0                 # archived article pages (newest response of each)
    articles: int = 0              # articles in the archive (one per site: the same article on two sites is two)
    copies: int = 0                # of those, later copies of an article of another site (articles.duplicate_of)
    loaded: int = 0                # loaded or reloaded now
    unchanged: int = 0             # already in the database with the same content
    duplicates: int = 0            # the same article at another URL
    rejected: int = 0              # pages that are not articles
    fetches_recorded: int = 0
    elapsed: float = 0.0
    facts: dict = field(default_factory=dict)
    rejections: tuple = ()

    def as_dict(self) -> dict:
        return {**self.__dict__, "facts": dict(self.facts), "rejections": list(self.rejections)}

    def line(self) -> str:
        text = (f"build: {self.articles} articles from {self.pages} archived pages "
                f"({self.loaded} loaded, {self.unchanged} unchanged, {self.duplicates} duplicate URLs merged, "
                f"{self.rejected} not articles), {self.fetches_recorded} fetches recorded, in {self.elapsed:.1f} s")
        if self.copies:
            text += f"; {self.copies} also on another site (linked, not merged)"
        if self.facts:
            text += "; facts: " + ", ".join(f"{n} {kind}" for kind, n in self.facts.items())
        return text


def extractors_fingerprint() -> str:
    """A hash of the extractors' code and data files: when it changes, every article is extracted again
    (even if EXTRACTOR_VERSION was not raised)."""
    import extractors

    root = Path(extractors.__file__).parent
    digest = hashlib.sha256()
    files = sorted({path for pattern in EXTRACTOR_FILES for path in root.rglob(pattern)})
    for path in files:
        digest.update(str(path.relative_to(root)).encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _stored_fingerprint(db) -> str | None:
    row = db.execute("select value from danvan_meta where name = ?", [FINGERPRINT_NAME]).fetchone()
    return row[0] if row else None


def _existing_articles(db) -> dict[str, tuple]:
    rows = db.execute("select url, content_sha256, extractor_version, fetched_at, id from articles").fetchall()
    return {url: (sha, extractor_version, fetched_at, article_id)
            for url, sha, extractor_version, fetched_at, article_id in rows}


def crawl_runs(raw_dir: Path) -> dict[str, dict]:
    """The crawl runs of the archive (raw/runs.jsonl, and any run seen only in the fetch log), oldest first:
    crawl run id → runs row. A run with a start and no end was interrupted."""
    runs: dict[str, dict] = {}
    for event in read_run_log(raw_dir):
        run = runs.setdefault(event["run_id"], {"command": event.get("command") or "crawl",
                                                "started_at": event.get("at"),
                                                "finished_at": None, "status": "interrupted", "stats": {}})
        if event.get("event") == "end":
            run.update(finished_at=event.get("at"), status=event.get("status"), stats=event.get("stats") or {})
            run["command"] = event.get("command") or run["command"]   # a nightly run's end line names it
    for row in read_fetch_log(raw_dir):
        runs.setdefault(row.get("run_id") or "", {"command": "crawl", "started_at": row.get("fetched_at"),
                                                  "finished_at": None, "status": "interrupted", "stats": {}})
    for crawl_id, run in runs.items():
        run["stats"] = json.dumps({**run["stats"], "run_id": crawl_id}, ensure_ascii=False, sort_keys=True)
    return runs


def _load_runs(db, raw_dir: Path) -> dict[str, int]:
    """Insert or update the `runs` rows of the archive's crawl runs; crawl run id → runs.id."""
    known = {crawl_id: (run_id, finished_at) for run_id, crawl_id, finished_at in db.execute(
        "select id, json_extract(stats, '$.run_id'), finished_at from runs "
        "where json_extract(stats, '$.run_id') is not null").fetchall()}
    ids = {}
    with db.atomic():
        for crawl_id, run in crawl_runs(raw_dir).items():
            if crawl_id in known:
                ids[crawl_id], finished_at = known[crawl_id]
                if finished_at != run["finished_at"]:
                    db["runs"].update(ids[crawl_id], run)
            else:
                ids[crawl_id] = db["runs"].insert(run).last_pk
    return ids


def _new_fetch_rows(db, raw_dir: Path, run_ids: dict[str, int]) -> list[dict]:
    """Rows of the fetch log not yet in the `fetches` table, with the crawl run id mapped to runs.id."""
    seen = {tuple(row) for row in db.execute("select run_id, url, fetched_at from fetches").fetchall()}
    rows = []
    for row in read_fetch_log(raw_dir):
        values = {column: row.get(column) for column in FETCH_COLUMNS}
        values["run_id"] = run_ids[row.get("run_id") or ""]
        key = (values["run_id"], values["url"], values["fetched_at"])
        if key not in seen:
            seen.add(key)
            rows.append(values)
    return rows


def fact_counts(db) -> dict[str, int]:
    """Mentions of each kind of fact in the database."""
    from pipeline.db import FACT_TABLES

    names = set(db.table_names())
    return {kind: db[table].count for kind, (table, _columns) in FACT_TABLES.items() if table in names}


def _add_other_url(db, article_id: int, duplicate: dict) -> None:
    """A further URL of one article (the same content archived at another URL): its article_urls row and its
    place in the article's ``other_urls``."""
    with db.atomic():
        db["article_urls"].upsert({"url": duplicate["url"], "article_id": article_id,
                                   "category": duplicate["category"], "fetched_at": duplicate["fetched_at"]},
                                  pk="url")
        (other_urls,) = db.execute("select other_urls from articles where id = ?", [article_id]).fetchone()
        urls = json.loads(other_urls) if other_urls else []
        if duplicate["url"] not in urls:
            db.execute("update articles set other_urls = ? where id = ?",
                       [json.dumps([*urls, duplicate["url"]], ensure_ascii=False), article_id])
        db.execute("delete from rejected_pages where url = ?", [duplicate["url"]])


def registry_facts(data_dir) -> dict[str, dict] | None:
    """site name → its registry's status, organization and verified (ISO day or None) for the `sites` table, from
    the shipped registry and DATA_DIR's; None (with a warning) when a registry cannot be read."""
    from scrapers.errors import RegistryError
    from scrapers.registry import load_registry

    try:
        entries = load_registry(data_dir)
    except RegistryError as exc:
        log.warning("the sites table keeps its registry columns as they were: %s", exc)
        return None
    return {entry.name: {"status": entry.status, "organization": entry.organization,
                         "verified": entry.verified.isoformat() if entry.verified else None} for entry in entries}


def load_sites(db, profiles: ArchiveProfiles, data_dir=None) -> None:
    """The `sites` rows: each site of the archive's crawl runs (and the default one if it has articles), with the
    registry's facts of the site (null for a site the registry does not name)."""
    counts = dict(db.execute("select site, count(*) from articles group by site").fetchall())
    registry = registry_facts(data_dir)
    unregistered = {"status": None, "organization": None, "verified": None}
    rows = []
    for name in sorted(set(profiles.runs) | ({profiles.default.name} & set(counts))):
        runs = profiles.runs.get(name, [])
        profile = profiles.named(name)
        starts = sorted(run.get("at") or "" for run in runs)
        rows.append({"name": name, "title": profile.title if profile else (runs[-1].get("title") if runs else None),
                     "base_url": runs[-1].get("origin") if runs else (profile.origin if profile else None),
                     "family": runs[-1].get("family") if runs else (profile.family if profile else None),
                     "profile": profiles.references.get(name, name),
                     "first_crawl": starts[0] if starts else None, "last_crawl": starts[-1] if starts else None,
                     "articles": counts.get(name, 0),
                     **({} if registry is None else registry.get(name, unregistered))})
    if rows:
        with db.atomic():
            db["sites"].upsert_all(rows, pk="name")


def build(options, executor=None) -> BuildSummary:
    """Parse the archive of `options.data_dir`, extract facts, and load `options.db_path`.

    The pages are parsed and extracted by *executor* if given, else on the cluster the options name
    (`scheduler`, `workers`), else in this process; the rows are the same whichever runs them."""
    from pipeline.cluster import executor_for
    from pipeline.db import open_db

    started = time.monotonic()
    profile = load_profile(options.site, options.data_dir)
    if not options.raw_dir.is_dir():
        from pipeline.commands import run_hint

        raise DatabaseError(f"no archive in {options.raw_dir}; fetch one first with "
                            f"{run_hint('crawl', options.data_dir, target='crawl')} "
                            f"(or {run_hint('demo', options.data_dir, target='demo')} for the embedded mirrors)")
    runner = nullcontext(executor) if executor is not None else executor_for(
        options.scheduler, options.workers, verbose=options.verbose)
    with runner as executor:
        if options.rebuild:
            remove_database_files(options.db_path)
        elif options.database is None:   # nightly checks its own copy
            check_integrity(options.db_path)
        db = open_db(options.db_path)
        try:
            return _load_archive(db, options, profile, started, executor)
        finally:
            db.close()   # folds the WAL into the file, which is then complete on its own (nightly renames it)


def _batches(items, size: int):
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class _Loader:
    """The one writer: loads the parsed pages, in archive order, and merges the same article at two URLs of one site
    (the same article on another site is a row of its own, linked by load_article)."""

    def __init__(self, db, existing: dict):
        from extractors import EXTRACTOR_VERSION

        self.db, self.existing, self.version = db, existing, EXTRACTOR_VERSION
        self.counts = Counter()
        self.rejections = []
        self.known_urls = {url for (url,) in db.execute("select url from article_urls").fetchall()}
        # The only state kept per article: (site, content_sha256) → (article id, whether it was loaded in this build).
        self.seen: dict[tuple[str, str], tuple[int, bool]] = {}

    def load(self, page) -> None:
        from pipeline.db import record_rejection
        from pipeline.load import load_article

        db = self.db
        if page.reason is not None:
            self.counts["rejected"] += 1
            self.rejections.append({"url": page.url, "reason": page.reason})
            record_rejection(db, page.url, page.reason, page.fetched_at)
            return
        row = page.row
        sha = row["content_sha256"]
        key = (row["site"], sha)
        if key in self.seen:
            self.counts["duplicates"] += 1
            article_id, loaded_now = self.seen[key]
            if loaded_now or page.url not in self.known_urls:
                _add_other_url(db, article_id, {"url": page.url, "category": row["category"],
                                                "fetched_at": page.fetched_at})
            return
        stored = self.existing.get(row["url"])
        if stored is not None and stored[:3] == (sha, self.version, row["fetched_at"]):
            self.counts["unchanged"] += 1
            self.seen[key] = (stored[3], False)
            return
        if page.facts is None:
            raise DatabaseError(f"{page.url}: not extracted, yet its stored copy is not current")
        article_id = load_article(db, {**row, "folded": page.folded}, page.facts, extractor_version=self.version)
        with db.atomic():   # a page once rejected (a placeholder) that is an article now
            db.execute("delete from rejected_pages where url = ?", [row["url"]])
        self.seen[key] = (article_id, True)
        self.counts["loaded"] += 1


def _load_archive(db, options, profile, started: float, executor) -> BuildSummary:
    """The body of `build`, on an open database: plan the tasks, run them on *executor*, load their results."""
    from pipeline.db import record_fetches

    raw_dir = options.raw_dir
    fingerprint = extractors_fingerprint()
    loader = _Loader(db, _existing_articles(db) if _stored_fingerprint(db) == fingerprint else {})

    stored = {url: values[:3] for url, values in loader.existing.items()}
    profiles = ArchiveProfiles(read_run_log(raw_dir), profile, options.data_dir)
    tasks = plan_tasks(raw_dir, profiles, stored, executor.pages_per_task, skip=options.skip_warc_files)
    pages = sum(task.pages for task in tasks)
    show_progress = options.progress and not options.quiet and sys.stderr.isatty()
    with tqdm(total=pages, desc="build", unit=" pages", file=sys.stderr, disable=not show_progress,
              leave=False) as bar:
        for batch in _batches(executor.ordered(page_results, tasks, bar.update), BATCH_PAGES):
            with db.atomic():
                for page in batch:
                    loader.load(page)
    counts, rejections, seen = loader.counts, loader.rejections, loader.seen

    with db.atomic():
        db.execute("insert or replace into danvan_meta (name, value) values (?, ?)", [FINGERPRINT_NAME, fingerprint])
    run_ids = _load_runs(db, raw_dir)
    fetch_rows = _new_fetch_rows(db, raw_dir, run_ids)
    if fetch_rows:
        record_fetches(db, fetch_rows)
    for site, problem in profiles.unreadable.items():
        log.warning("the pages of site %s are left aside: %s", site, problem)
    load_sites(db, profiles, options.data_dir)
    (copies,) = db.execute("select count(*) from articles where duplicate_of is not null").fetchone()
    return BuildSummary(pages=pages, articles=len(seen), copies=copies, fetches_recorded=len(fetch_rows),
                        facts=fact_counts(db), rejections=tuple(rejections), elapsed=time.monotonic() - started,
                        **counts)
