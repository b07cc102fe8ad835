"""The SQLite dataset's schema and files: tables, views, opening and migrating, integrity, runs, fetches and rejected pages, the served copy.

Tables and columns follow DESIGN.md §4. Offsets (``start``/``end``) of every fact refer to
``articles.text`` (the NFC body); each fact row also keeps its sentence and the extractor version.
``articles_fts`` indexes a *folded* copy of title and text (``extractors.normalize.fold``): it is filled by
``pipeline.load`` and searched through ``pipeline.search``.

The working database is in WAL mode (close it when done); what Datasette serves is a consistent copy
made by ``publish_snapshot`` and opened immutable.
"""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

import sqlite_utils

from scrapers.errors import DamagedDatabase, DatabaseError

SCHEMA_VERSION = 1

# Each table: columns (name → type), primary key, foreign keys (column, other table, other column),
# indexes (tuples of columns). Order of columns = order in the table.
_FACT_COLUMNS = {
    "site": str, "text": str, "start": int, "end": int,
    "sentence": str, "sentence_start": int, "sentence_end": int,
    "year": int, "extractor_version": str,
}

TABLES: dict[str, dict] = {
    "articles": {
        "columns": {
            "id": int, "url": str, "site": str, "category": str, "title": str,
            "published_on": str, "year": int, "author": str, "text": str,
            "content_sha256": str, "fetched_at": str, "captions": str, "attachments": str,
            "other_urls": str, "extractor_version": str, "loaded_at": str, "fetched_from": str,
            "duplicate_of": int,
        },
        "pk": "id",
        "not_null": ["url", "text", "content_sha256"],
        "foreign_keys": [("duplicate_of", "articles", "id")],
        "unique": [("site", "content_sha256")],   # one row per site and content (DUPLICATES)
        "indexes": [("published_on",), ("year",), ("category",), ("site",), ("url",), ("content_sha256",),
                    ("duplicate_of",)],
    },
    "sites": {   # one row per site of the archive (DESIGN.md §5), filled by the build from the crawl runs
        "columns": {"name": str, "title": str, "base_url": str, "family": str, "profile": str,
                    "first_crawl": str, "last_crawl": str, "articles": int,
                    "status": str, "organization": str, "verified": str},   # the registry's, when it names the site
        "pk": "name",
    },
    "article_urls": {
        "columns": {"url": str, "article_id": int, "category": str, "fetched_at": str},
        "pk": "url",
        "foreign_keys": [("article_id", "articles", "id")],
        "indexes": [("article_id",)],
    },
    "legal_documents": {
        "columns": {
            "key": str, "key_source": str, "doc_type": str, "number": str, "year": int,
            "symbol": str, "issuer": str, "issued_on": str, "name": str, "title": str,
        },
        "pk": "key",
        "indexes": [("doc_type",), ("year",), ("issuer",)],
    },
    "legal_citations": {
        "columns": {
            "id": int, "article_id": int, "document_key": str, "doc_type": str, "number": str,
            "symbol": str, "issued_on": str, "issuer": str, "resolved_from": str, "title": str,
            **_FACT_COLUMNS, "details": str,
        },
        "pk": "id",
        "foreign_keys": [("article_id", "articles", "id"), ("document_key", "legal_documents", "key")],
        "indexes": [("article_id",), ("site", "year"), ("document_key", "year"), ("year",), ("doc_type",)],
    },
    "counts": {
        "columns": {
            "id": int, "article_id": int, "value": int, "low": int, "high": int,
            "qualifier": str, "unit": str, "object": str, **_FACT_COLUMNS, "details": str,
        },
        "pk": "id",
        "foreign_keys": [("article_id", "articles", "id")],
        "indexes": [("article_id",), ("site", "year"), ("year",), ("unit",), ("object",)],
    },
    "money": {
        "columns": {
            "id": int, "article_id": int, "value": int, "low": int, "high": int,
            "currency": str, "qualifier": str, "per": str, "count_id": int, **_FACT_COLUMNS, "details": str,
        },
        "pk": "id",
        "foreign_keys": [("article_id", "articles", "id"), ("count_id", "counts", "id")],
        "indexes": [("article_id",), ("site", "year"), ("year",), ("currency", "qualifier"), ("value",)],
    },
    "percents": {
        "columns": {
            "id": int, "article_id": int, "value": float, "low": float, "high": float,
            "qualifier": str, **_FACT_COLUMNS, "details": str,
        },
        "pk": "id",
        "foreign_keys": [("article_id", "articles", "id")],
        "indexes": [("article_id",), ("site", "year"), ("year",)],
    },
    "measures": {
        "columns": {
            "id": int, "article_id": int, "value": float, "low": float, "high": float,
            "qualifier": str, "unit": str, "per": str, **_FACT_COLUMNS, "details": str,
        },
        "pk": "id",
        "foreign_keys": [("article_id", "articles", "id")],
        "indexes": [("article_id",), ("site", "year"), ("year",), ("unit",)],
    },
    # A calendar date written in an article (extractors.dates): ISO value, and its precision.
    "dates": {
        "columns": {
            "id": int, "article_id": int, "value": str, "precision": str, **_FACT_COLUMNS, "details": str,
        },
        "pk": "id",
        "foreign_keys": [("article_id", "articles", "id")],
        "indexes": [("article_id",), ("site", "year"), ("value",), ("precision", "value")],
    },
    "organizations": {
        "columns": {"id": int, "name": str, "abbreviation": str, "family": str, "successor": str,
                    "name_folded": str},
        "pk": "id",
        "not_null": ["name"],
        "unique": [("name",)],
        "indexes": [("name_folded",), ("abbreviation",)],
    },
    "organization_mentions": {
        "columns": {
            "id": int, "article_id": int, "organization_id": int, "level": str, "locality": str,
            **_FACT_COLUMNS, "details": str,
        },
        "pk": "id",
        "foreign_keys": [("article_id", "articles", "id"), ("organization_id", "organizations", "id")],
        "indexes": [("article_id",), ("site", "year"), ("organization_id", "year"), ("year",), ("locality",)],
    },
    "location_mentions": {
        "columns": {
            "id": int, "article_id": int, "name": str, "level": str, "parent": str, "code": str,
            **_FACT_COLUMNS, "details": str,
        },
        "pk": "id",
        "foreign_keys": [("article_id", "articles", "id")],
        "indexes": [("article_id",), ("site", "year"), ("name",)],
    },
    # An act reported in a clause (extractors.activities): its actor and place point at the mention rows,
    # its amounts are linked through activity_money and activity_counts (one amount, one activity at most).
    "activities": {
        "columns": {
            "id": int, "article_id": int, "action": str, "organization_id": int, "actor_mention_id": int,
            "location_mention_id": int, "place": str, "date": str, "object": str, "beneficiary": str,
            **_FACT_COLUMNS, "details": str,
        },
        "pk": "id",
        "foreign_keys": [("article_id", "articles", "id"), ("organization_id", "organizations", "id"),
                         ("actor_mention_id", "organization_mentions", "id"),
                         ("location_mention_id", "location_mentions", "id")],
        "indexes": [("article_id",), ("site", "year"), ("action", "year"), ("organization_id", "year"), ("place",)],
    },
    "activity_money": {
        "columns": {"activity_id": int, "money_id": int},
        "pk": ("activity_id", "money_id"),
        "foreign_keys": [("activity_id", "activities", "id"), ("money_id", "money", "id")],
        "indexes": [("money_id",)],
    },
    "activity_counts": {
        "columns": {"activity_id": int, "count_id": int},
        "pk": ("activity_id", "count_id"),
        "foreign_keys": [("activity_id", "activities", "id"), ("count_id", "counts", "id")],
        "indexes": [("count_id",)],
    },
    "runs": {
        "columns": {
            "id": int, "command": str, "started_at": str, "finished_at": str, "status": str,
            "stats": str,
        },
        "pk": "id",
        "indexes": [("started_at",)],
    },
    "fetches": {
        "columns": {
            "id": int, "url": str, "status": int, "error": str, "fetched_at": str, "run_id": int,
            "method": str, "bytes": int, "elapsed": float,
        },
        "pk": "id",
        "foreign_keys": [("run_id", "runs", "id")],
        "indexes": [("url",), ("run_id",), ("status",)],
    },
    "rejected_pages": {
        "columns": {"url": str, "reason": str, "fetched_at": str},
        "pk": "url",
    },
    "danvan_meta": {
        "columns": {"name": str, "value": str},
        "pk": "name",
    },
}

# facts key of extractors.extract → (table, the fact's own columns taken from its dict).
# In loading order: counts before money, since a money row points at the count it pays for.
FACT_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "legal_refs": ("legal_citations",
                   ("doc_type", "number", "symbol", "issued_on", "issuer", "resolved_from", "title")),
    "counts": ("counts", ("value", "low", "high", "qualifier", "unit", "object")),
    "money": ("money", ("value", "low", "high", "currency", "qualifier", "per")),
    "percents": ("percents", ("value", "low", "high", "qualifier")),
    "measures": ("measures", ("value", "low", "high", "qualifier", "unit", "per")),
    "organizations": ("organization_mentions", ("level", "locality")),
    "locations": ("location_mentions", ("name", "level", "parent", "code")),
    "dates": ("dates", ("value", "precision")),
    "activities": ("activities", ("action", "date", "object", "beneficiary")),  # last: it points at the others
}

FTS_TABLE = "articles_fts"
_FTS_SQL = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS [{FTS_TABLE}] USING fts5(
    title_folded, text_folded, tokenize = 'unicode61 remove_diacritics 2'
)"""

VIEWS = {
    "citations_by_document_year": """
SELECT c.document_key, d.doc_type, d.number, d.symbol, d.issuer, d.name, c.year, c.site,
       count(*) AS citations, count(DISTINCT c.article_id) AS articles
FROM legal_citations c JOIN legal_documents d ON d.key = c.document_key
GROUP BY c.document_key, c.year, c.site
ORDER BY c.document_key, c.year, c.site""",
    "money_by_year_category": """
SELECT m.year, m.site, a.category, m.currency, m.qualifier,
       count(*) AS mentions, count(DISTINCT m.article_id) AS articles,
       sum(m.value) AS sum_value, sum(m.low) AS sum_low, sum(m.high) AS sum_high
FROM money m JOIN articles a ON a.id = m.article_id
WHERE m.per IS NULL
GROUP BY m.year, m.site, a.category, m.currency, m.qualifier
ORDER BY m.year, m.site, a.category, m.currency, m.qualifier""",
    # Each content once (its first copy), with the sites it was published on (DUPLICATES in the module's docstring).
    "distinct_articles": """
SELECT a.id, a.site AS first_site, a.published_on, a.year, a.category, a.title, a.url, a.content_sha256,
       1 + (SELECT count(*) FROM articles d WHERE d.duplicate_of = a.id) AS sites,
       (SELECT group_concat(d.site, ', ') FROM (SELECT site FROM articles WHERE duplicate_of = a.id ORDER BY id) d)
         AS also_on
FROM articles a
WHERE a.duplicate_of IS NULL""",
    "organizations_by_articles": """
SELECT o.id AS organization_id, o.name, o.abbreviation,
       count(DISTINCT m.article_id) AS articles, count(*) AS mentions,
       min(m.year) AS first_year, max(m.year) AS last_year
FROM organizations o JOIN organization_mentions m ON m.organization_id = o.id
GROUP BY o.id
ORDER BY articles DESC, mentions DESC, o.name""",
}


def utc_now() -> str:
    """The current UTC time, ISO 8601 to the second (the timestamps of runs, rejections and loaded articles)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# ---------------------------------------------------------------- schema

def _create_table(db: sqlite_utils.Database, name: str, spec: dict) -> None:
    table = db[name]
    if table.exists():
        present = set(table.columns_dict)
        for column, kind in spec["columns"].items():
            if column not in present:
                table.add_column(column, kind)
                if column == "site" and "article_id" in present:   # a fact table of an older database
                    db.execute(f"UPDATE [{name}] SET site = (SELECT a.site FROM articles a WHERE a.id = article_id)")
        if name == "articles":   # an older database: one row per content, whatever the site
            db.execute("DROP INDEX IF EXISTS ux_articles_content_sha256")
    else:
        table.create(
            spec["columns"], pk=spec["pk"], foreign_keys=spec.get("foreign_keys", []),
            not_null=spec.get("not_null", []),
        )
    for columns in spec.get("unique", []):
        table.create_index(list(columns), unique=True, if_not_exists=True,
                           index_name=f"ux_{name}_{'_'.join(columns)}")
    for columns in spec.get("indexes", []):
        table.create_index(list(columns), if_not_exists=True, index_name=f"ix_{name}_{'_'.join(columns)}")


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create missing tables, columns, indexes, the FTS table and the views (safe to run again)."""
    with db.atomic():
        for name, spec in TABLES.items():
            _create_table(db, name, spec)
        db.execute(_FTS_SQL)
        for name, sql in VIEWS.items():
            db.create_view(name, sql.strip(), replace=True)
        db.execute("INSERT OR REPLACE INTO danvan_meta (name, value) VALUES ('schema_version', ?)",
                   [str(SCHEMA_VERSION)])


def connect_read_only(path: str | Path) -> sqlite3.Connection:
    """A read-only connection to a database file (its name quoted: a '?', '#' or '%' in a path is no URI syntax).

    The caller closes it (``contextlib.closing``); ``with connection:`` alone does not. A database in WAL mode
    in a directory this process cannot write (and without its ``-shm`` file) cannot be opened read-only by
    SQLite: it is then opened ``immutable``, which is right as long as no other process writes it meanwhile.
    """
    path = Path(path).resolve()
    mode = "mode=ro"
    if not os.access(path.parent, os.W_OK) and not Path(str(path) + "-shm").exists():
        mode = "immutable=1"
    return sqlite3.connect(f"file:{quote(str(path))}?{mode}", uri=True)


def quick_check(path: str | Path) -> str | None:
    """None when SQLite's ``quick_check`` finds the database file sound, else what is wrong, in one line."""
    try:
        with closing(connect_read_only(path)) as conn:
            answer = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:   # not a database at all, or damaged where the check starts
        return str(exc)
    if answer == ["ok"]:
        return None
    lines = [line for row in answer for line in row.splitlines() if line and not line.startswith("***")]
    more = f" and {len(lines) - 1} more problems" if len(lines) > 1 else ""
    return f"{lines[0] if lines else 'unknown damage'}{more}"


def check_integrity(path: str | Path) -> None:
    """Raise DamagedDatabase, saying what to run, when the database at *path* (if any) fails ``quick_check``.

    The one integrity check of danvan: ``build``, ``serve`` and ``nightly`` call it before they write or
    publish; it reads every page of the file once (0.8 s for a 300 MiB database on the benchmark machine).
    """
    path = Path(path)
    if not path.is_file():
        return
    damage = quick_check(path)
    if damage:
        from pipeline.commands import run_hint

        raise DamagedDatabase(f"the database {path} is damaged (SQLite: {damage}); rebuild it from the archive with "
                              f"{run_hint('build', path.parent, '--rebuild')}")


def remove_database_files(path: str | Path) -> None:
    """Delete a database file with its WAL, shared-memory and journal files, those that exist."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating or migrating) the danvan database at *path*, in WAL mode (close it to fold the WAL in)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite_utils.Database(path)
        db.execute("PRAGMA foreign_keys = ON")
        if db.journal_mode != "wal":
            db.enable_wal()  # commits without a disk flush each: loading is 4x faster; `serve` copies the file
        db.execute("PRAGMA synchronous = NORMAL")
        ensure_schema(db)
    except (sqlite3.Error, OSError) as exc:  # a file that is not a database, permissions, a full disk
        raise DatabaseError(f"cannot open the database {path}: {exc}") from exc
    return db


# ---------------------------------------------------------------- runs, fetches, rejections

def start_run(db: sqlite_utils.Database, command: str) -> int:
    """Record the start of a command run; returns its id."""
    with db.atomic():
        cursor = db.execute("INSERT INTO runs (command, started_at, status) VALUES (?, ?, 'running')",
                            [command, utc_now()])
    return cursor.lastrowid


def finish_run(db: sqlite_utils.Database, run_id: int, status: str, stats: dict) -> None:
    """Record the end of a run: its status (ok, failed, …) and its statistics (stored as JSON)."""
    with db.atomic():
        db.execute("UPDATE runs SET finished_at = ?, status = ?, stats = ? WHERE id = ?",
                   [utc_now(), status, json.dumps(stats, ensure_ascii=False, sort_keys=True, default=str), run_id])


FETCH_COLUMNS = ("url", "status", "error", "fetched_at", "run_id", "method", "bytes", "elapsed")


def record_fetches(db: sqlite_utils.Database, rows) -> int:
    """Record HTTP requests (dicts with url, status, error, fetched_at, run_id[, method, bytes, elapsed])."""
    values = [tuple(row.get(column) for column in FETCH_COLUMNS) for row in rows]
    if not values:
        return 0
    columns = ", ".join(f"[{c}]" for c in FETCH_COLUMNS)
    with db.atomic():
        db.conn.executemany(f"INSERT INTO fetches ({columns}) VALUES ({', '.join('?' * len(FETCH_COLUMNS))})", values)
    return len(values)


def record_rejection(db: sqlite_utils.Database, url: str, reason: str, fetched_at: str | None = None) -> None:
    """Record a fetched page that is not an article (the latest reason per URL)."""
    with db.atomic():
        db.execute("INSERT OR REPLACE INTO rejected_pages (url, reason, fetched_at) VALUES (?, ?, ?)",
                   [url, reason, fetched_at or utc_now()])


def publish_snapshot(db_path: str | Path, target: str | Path) -> Path:
    """A consistent copy of *db_path* at *target* to serve immutable, refreshed only when the database changed.

    Made with SQLite's online backup (safe while a build writes, WAL or not), in rollback-journal mode,
    written beside the target and renamed over it, so a reader never sees half a file.
    """
    source, target = Path(db_path), Path(target)
    changed = max(p.stat().st_mtime for p in (source, source.with_name(source.name + "-wal")) if p.exists())
    if target.exists() and target.stat().st_mtime >= changed:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with closing(connect_read_only(source)) as reader, \
                closing(sqlite3.connect(partial)) as copy:
            reader.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"cannot copy {source} for serving: {exc}") from exc
    os.replace(partial, target)
    return target
