"""The SQLite dataset: schema (sqlite-utils), loading articles and facts, runs, fetches, full-text search, views.

Tables and columns follow DESIGN.md §4. Offsets (``start``/``end``) of every fact refer to
``articles.text`` (the NFC body); each fact row also keeps its sentence and the extractor version.
``articles_fts`` indexes a *folded* copy of title and text (``extractors.normalize.fold``: no
diacritics, ``đ`` → ``d``, lower case); search it with a folded query — ``fts_query(q)`` here, or the
``fts_query()`` / ``fold()`` SQL functions the danvan Datasette plugin registers — so ``dong`` and
``đồng`` find the same rows.

Loading is one transaction per article and idempotent: the same article (same ``content_sha256``)
of one site is one row whatever URL of that site it came from (the others go to ``article_urls``); loading it
again replaces its facts. The same article on two sites is one row per site, linked: among the rows of one
content the lowest id is the first copy, the others point at it (``articles.duplicate_of``; `distinct_articles`
counts each content once). Every fact row carries its article's ``site``. FTS rows are written by ``load_article`` (no triggers: folding needs Python), so a
database changed by other means needs ``rebuild_fts(db)``.

The working database is in WAL mode (close it when done); what Datasette serves is a consistent copy
made by ``publish_snapshot`` and opened immutable.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

import sqlite_utils

from extractors.normalize import fold, nfc
from extractors.sentences import Sentences
from scrapers.errors import DamagedDatabase, DatabaseError

log = logging.getLogger(__name__)

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
                    "first_crawl": str, "last_crawl": str, "articles": int},
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
# Keys of a fact dict stored in their own columns or elsewhere, hence not in `details`.
_NOT_DETAILS = {"text", "start", "end", "key", "name", "abbreviation", "year", "family", "successor",
                "count_index"}

FTS_TABLE = "articles_fts"
# Best first: BM25 with a word in the title worth twice one in the text. Written out rather than
# FTS5's `rank` column, which is about 2.5x slower to sort by for words found in most articles.
RANKING = f"bm25([{FTS_TABLE}], 2.0, 1.0)"
# BM25 scores every match, which takes about 1 ms per 1,000 matches: a query matching more than this many
# articles (a word found in a fifth of 100,000) is shown newest first instead (`search_articles`).
RANK_AT_MOST = 20_000
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

_KEY_SPACES = re.compile(r"\s+")
_QUERY_PARTS = re.compile(r"""
    \s+            # words are separated by spaces
    | (".*?")       # a "quoted phrase" stays one part
""", re.VERBOSE)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _json(value) -> str | None:
    if value is None or value == [] or value == {}:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=isinstance(value, dict))


def fts_query(query: str) -> str:
    """A user's words → an FTS5 MATCH expression on the folded index (each word quoted; phrases kept)."""
    folded = fold(query or "")
    if folded.count('"') % 2:
        folded += '"'
    words = [w for w in _QUERY_PARTS.split(folded) if w and w != '""']
    return " ".join(w if w.startswith('"') else '"' + w.replace('"', "") + '"' for w in words)


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
        raise DamagedDatabase(f"the database {path} is damaged (SQLite: {damage}); rebuild it from the archive with "
                              f"`danvan build --rebuild --data-dir {path.parent}`")


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
                            [command, _now()])
    return cursor.lastrowid


def finish_run(db: sqlite_utils.Database, run_id: int, status: str, stats: dict) -> None:
    """Record the end of a run: its status (ok, failed, …) and its statistics (stored as JSON)."""
    with db.atomic():
        db.execute("UPDATE runs SET finished_at = ?, status = ?, stats = ? WHERE id = ?",
                   [_now(), status, json.dumps(stats, ensure_ascii=False, sort_keys=True, default=str), run_id])


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
                   [url, reason, fetched_at or _now()])


# ---------------------------------------------------------------- articles and facts

def document_key(ref: dict) -> str | None:
    """The legal_documents key of a reference: its official key, or for a law cited by name ``name (year)``."""
    if ref.get("key"):
        return _KEY_SPACES.sub("", ref["key"])
    if ref.get("name"):
        return f"{ref['name']} ({ref['year']})" if ref.get("year") else ref["name"]
    return None


def _upsert_document(db: sqlite_utils.Database, key: str, ref: dict) -> None:
    """Insert a document, or fill the fields it lacks from this mention (first value wins)."""
    fields = ("doc_type", "number", "year", "symbol", "issuer", "issued_on", "name", "title")
    values = [ref.get(f) for f in fields]
    db.execute(
        f"INSERT INTO legal_documents (key, key_source, {', '.join(fields)}) "
        f"VALUES ({', '.join('?' * (len(fields) + 2))}) ON CONFLICT (key) DO UPDATE SET "
        + ", ".join(f"{f} = coalesce({f}, excluded.{f})" for f in fields),
        [key, "number" if ref.get("key") else "name", *values],
    )


def _organization_id(db: sqlite_utils.Database, org: dict) -> int | None:
    name = org.get("name") or org.get("text")
    if not name:
        return None
    name = nfc(name)
    db.execute(
        "INSERT INTO organizations (name, abbreviation, family, successor, name_folded) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (name) DO UPDATE SET abbreviation = coalesce(abbreviation, excluded.abbreviation), "
        "family = coalesce(family, excluded.family), successor = coalesce(successor, excluded.successor)",
        [name, org.get("abbreviation"), org.get("family"), org.get("successor"), fold(name)],
    )
    return db.execute("SELECT id FROM organizations WHERE name = ?", [name]).fetchone()[0]


def _find_article(db: sqlite_utils.Database, sha: str, url: str, site: str | None) -> int | None:
    """The row of this content on this site, else the row of this site known at this URL (its content changed)."""
    row = db.execute("SELECT id FROM articles WHERE content_sha256 = ? AND site IS ?", [sha, site]).fetchone()
    if row:
        return row[0]
    row = db.execute("SELECT u.article_id FROM article_urls u JOIN articles a ON a.id = u.article_id "
                     "WHERE u.url = ? AND a.site IS ?", [url, site]).fetchone()
    return row[0] if row else None


def link_duplicates(db: sqlite_utils.Database, sha: str) -> None:
    """The rule of duplicates across sites: of the rows holding content *sha* (one per site), the lowest id is
    the first copy (``duplicate_of`` empty) and every other row points at it. Loading in archive order, the
    first copy is the one archived first, whichever process parsed it."""
    ids = [row[0] for row in db.execute("SELECT id FROM articles WHERE content_sha256 = ? ORDER BY id", [sha])]
    if ids:
        db.execute("UPDATE articles SET duplicate_of = NULL WHERE id = ? AND duplicate_of IS NOT NULL", [ids[0]])
        for other in ids[1:]:
            db.execute("UPDATE articles SET duplicate_of = ? WHERE id = ? AND duplicate_of IS NOT ?",
                       [ids[0], other, ids[0]])


def _delete_facts(db: sqlite_utils.Database, article_id: int) -> None:
    old_keys = [r[0] for r in db.execute(
        "SELECT DISTINCT document_key FROM legal_citations WHERE article_id = ? AND document_key IS NOT NULL",
        [article_id])]
    old_orgs = [r[0] for r in db.execute(
        "SELECT DISTINCT organization_id FROM organization_mentions WHERE article_id = ?", [article_id])]
    for link in ("activity_money", "activity_counts"):
        db.execute(f"DELETE FROM [{link}] WHERE activity_id IN (SELECT id FROM activities WHERE article_id = ?)",
                   [article_id])
    for table, _ in reversed(FACT_TABLES.values()):  # money before the counts it points at
        db.execute(f"DELETE FROM [{table}] WHERE article_id = ?", [article_id])
    db.execute(f"DELETE FROM [{FTS_TABLE}] WHERE rowid = ?", [article_id])
    for key in old_keys:
        db.execute("DELETE FROM legal_documents WHERE key = ? AND NOT EXISTS "
                   "(SELECT 1 FROM legal_citations WHERE document_key = ?)", [key, key])
    for org_id in old_orgs:
        db.execute("DELETE FROM organizations WHERE id = ? AND NOT EXISTS "
                   "(SELECT 1 FROM organization_mentions WHERE organization_id = ?)", [org_id, org_id])


def _year(published_on: str | None) -> int | None:
    if published_on and re.match(r"\d{4}", published_on):
        return int(published_on[:4])
    return None


def fact_row(key: str, fact: dict, text: str, sentences: Sentences, year: int | None, version: str,
             site: str | None = None) -> dict | None:
    """The row of one fact of kind *key* (a FACT_TABLES key) of an article of *site* as its table stores it, but for
    the ids that link it to other rows (article, organization, count); None for a fact without offsets."""
    start, end = fact.get("start"), fact.get("end")
    if start is None or end is None:
        return None
    own_columns = FACT_TABLES[key][1]
    s_start, s_end = sentences.around(start, end)
    row = {column: fact.get(column) for column in own_columns}
    row.update(
        article_id=None, site=site, text=fact.get("text"), start=start, end=end,
        sentence=text[s_start:s_end], sentence_start=s_start, sentence_end=s_end,
        year=year, extractor_version=version,
        details=_json({k: v for k, v in fact.items() if k not in _NOT_DETAILS and k not in own_columns}),
    )
    if key == "legal_refs":
        row["document_key"] = document_key(fact)
    return row


def _insert_facts(db, article_id: int, text: str, facts: dict, year: int | None, version: str,
                  site: str | None = None) -> int:
    sentences = Sentences.of(text)
    inserted = 0
    count_ids: dict[int, int] = {}  # index in facts["counts"] → counts.id
    row_ids: dict[str, dict[int, int]] = {}  # facts key → index in its list → row id (for activities)
    org_ids: dict[int, int | None] = {}  # index in facts["organizations"] → organizations.id
    for key, (table, _own_columns) in FACT_TABLES.items():
        for index, fact in enumerate(facts.get(key) or []):
            row = fact_row(key, fact, text, sentences, year, version, site)
            if row is None:
                continue
            if text[row["start"]:row["end"]] != fact.get("text"):
                log.warning("article %s: %s %r does not match the text at %s-%s", article_id, key,
                            fact.get("text"), row["start"], row["end"])
            row["article_id"] = article_id
            if key == "legal_refs":
                if row["document_key"]:
                    _upsert_document(db, row["document_key"], fact)
            elif key == "organizations":
                row["organization_id"] = _organization_id(db, fact)
            elif key == "money":
                row["count_id"] = count_ids.get(fact.get("count_index"))
            elif key == "activities":
                row.update(_activity_columns(fact, facts, row_ids, org_ids))
            columns = list(row)
            cursor = db.execute(
                f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
                f"VALUES ({', '.join('?' * len(columns))})",
                [row[c] for c in columns],
            )
            if key == "counts":
                count_ids[index] = cursor.lastrowid
            elif key == "organizations":
                org_ids[index] = row["organization_id"]
            elif key == "activities":
                _link_activity(db, cursor.lastrowid, fact, row_ids)
            row_ids.setdefault(key, {})[index] = cursor.lastrowid
            inserted += 1
    return inserted


def _activity_columns(fact: dict, facts: dict, row_ids: dict, org_ids: dict) -> dict:
    """An activity's actor and place as row ids (and the place's name), its other fields as details."""
    actor, place = fact.get("actor"), fact.get("place")
    locations = facts.get("locations") or []
    place_name = locations[place].get("name") if isinstance(place, int) and place < len(locations) else None
    return {
        "organization_id": org_ids.get(actor), "actor_mention_id": row_ids.get("organizations", {}).get(actor),
        "location_mention_id": row_ids.get("locations", {}).get(place), "place": place_name,
        "details": None,
    }


def _link_activity(db, activity_id: int, fact: dict, row_ids: dict) -> None:
    for kind, table, column in (("money", "activity_money", "money_id"), ("counts", "activity_counts", "count_id")):
        for index in fact.get(kind) or []:
            fact_id = row_ids.get(kind, {}).get(index)
            if fact_id is not None:
                db.execute(f"INSERT OR IGNORE INTO [{table}] (activity_id, [{column}]) VALUES (?, ?)",
                           [activity_id, fact_id])


def _index_article(db, article_id: int, title: str | None, text: str, folded: tuple | None = None) -> None:
    title_folded, text_folded = folded or (fold(title or ""), fold(text))
    db.execute(f"DELETE FROM [{FTS_TABLE}] WHERE rowid = ?", [article_id])
    db.execute(f"INSERT INTO [{FTS_TABLE}] (rowid, title_folded, text_folded) VALUES (?, ?, ?)",
               [article_id, title_folded, text_folded])


def _is_known_url(db, url: str, article_id: int) -> bool:
    row = db.execute("SELECT article_id FROM article_urls WHERE url = ?", [url]).fetchone()
    return row is not None and row[0] == article_id


def _record_url(db, url: str, article_id: int, category: str | None, fetched_at: str | None) -> None:
    """Add or update one URL of an article (a known category is never erased by an unknown one)."""
    db.execute(
        "INSERT INTO article_urls (url, article_id, category, fetched_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (url) DO UPDATE SET article_id = excluded.article_id, "
        "category = coalesce(excluded.category, category), fetched_at = coalesce(excluded.fetched_at, fetched_at)",
        [url, article_id, category, fetched_at],
    )


_ARTICLE_FIELDS = ("site", "category", "title", "published_on", "author", "fetched_at", "fetched_from")


def article_values(article: dict, extractor_version: str) -> dict:
    """The columns of an article's row as `load_article` stores them, but its id and URL."""
    values = {field: article.get(field) for field in _ARTICLE_FIELDS}
    values["title"] = nfc(values["title"]) if values["title"] else values["title"]
    values.update(
        text=nfc(article["text"]), content_sha256=article["content_sha256"], year=_year(article.get("published_on")),
        extractor_version=extractor_version, loaded_at=_now(),
        captions=_json(article.get("captions")), attachments=_json(article.get("attachments")),
        other_urls=_json(article.get("other_urls")),
    )
    return values


def load_article(db: sqlite_utils.Database, article: dict, facts: dict, *, extractor_version: str) -> int:
    """Load one article and its facts in one transaction; returns the article's id.

    The same content (``content_sha256``) of one site is one row whatever its URL; a known URL whose content
    changed updates its row. The same content on another site is a row of its own, linked (``link_duplicates``). Loading again replaces the article's facts (never duplicates them).
    ``article["folded"]``, if given, is ``(fold(title), fold(text))`` made beforehand (by a build's workers).
    """
    url, sha = article["url"], article["content_sha256"]
    values = article_values(article, extractor_version)
    text, year = values["text"], values["year"]
    with db.atomic():
        article_id = _find_article(db, sha, url, values["site"])
        old_sha = None
        if article_id is None:
            columns = ["url", *values]
            cursor = db.execute(
                f"INSERT INTO articles ({', '.join(f'[{c}]' for c in columns)}) VALUES ({', '.join('?' * len(columns))})",
                [url, *values.values()],
            )
            article_id = cursor.lastrowid
        else:
            first_url, old_sha = db.execute("SELECT url, content_sha256 FROM articles WHERE id = ?",
                                            [article_id]).fetchone()
            changes = dict(values)
            if first_url != url and _is_known_url(db, first_url, article_id):
                changes.pop("category")  # the article keeps the URL and category it was first found at
            else:
                changes["url"] = url
            db.execute(f"UPDATE articles SET {', '.join(f'[{c}] = ?' for c in changes)} WHERE id = ?",
                       [*changes.values(), article_id])
            _delete_facts(db, article_id)
        _record_url(db, url, article_id, article.get("category"), article.get("fetched_at"))
        for other_url in article.get("other_urls") or []:
            if other_url != url:
                _record_url(db, other_url, article_id, None, article.get("fetched_at"))
        _insert_facts(db, article_id, text, facts or {}, year, extractor_version, values["site"])
        _index_article(db, article_id, values["title"], text, article.get("folded"))
        link_duplicates(db, sha)
        if old_sha not in (None, sha):
            link_duplicates(db, old_sha)
    return article_id


def rebuild_fts(db: sqlite_utils.Database) -> int:
    """Re-index every article's folded title and text; returns the number of articles indexed."""
    with db.atomic():
        db.execute(f"DELETE FROM [{FTS_TABLE}]")
        rows = db.execute("SELECT id, title, text FROM articles").fetchall()
        for article_id, title, text in rows:
            _index_article(db, article_id, title, text)
    return len(rows)


# The search rule, one statement (the `search` canned query of pipeline/metadata.yaml is the same with an
# excerpt): count the matches (all the words) up to :rank_at_most + 1; the matches holding the words as one
# phrase (:phrase, pipeline.search.phrase_query) come first, then the others; within each group, by BM25 when
# there are no more than :rank_at_most matches, else the newest (by published_on, on its index). The phrase set
# is not computed when it is the whole query (one word, or quoted), nor the others when the phrase fills the page.
# :site, when not empty, keeps the articles of that site only (the counts and ranks are then those of the site).
_OF_SITE = "(:site = '' OR rowid IN (SELECT id FROM articles WHERE site = :site))"
SEARCH_SQL = f"""
WITH matched(n) AS (
  SELECT count(*) FROM (SELECT rowid FROM [{FTS_TABLE}] WHERE [{FTS_TABLE}] MATCH :match AND {_OF_SITE}
                        LIMIT :rank_at_most + 1)),
phrase(id) AS (SELECT rowid FROM [{FTS_TABLE}] WHERE [{FTS_TABLE}] MATCH :phrase),
best(id, grp, score) AS (
  SELECT rowid, CASE WHEN :phrase = :match THEN 0 ELSE rowid NOT IN phrase END, {RANKING} FROM [{FTS_TABLE}]
  WHERE [{FTS_TABLE}] MATCH :match AND {_OF_SITE} AND (SELECT n FROM matched) <= :rank_at_most
  ORDER BY 2, 3, 1 LIMIT :limit),
newest_phrase(id, grp, score) AS (
  SELECT a.id, 0, NULL FROM articles a INDEXED BY ix_articles_published_on
  WHERE (SELECT n FROM matched) > :rank_at_most AND a.id IN phrase AND (:site = '' OR a.site = :site)
  ORDER BY a.published_on DESC, a.id DESC LIMIT :limit),
newest_rest(id, grp, score) AS (
  SELECT a.id, 1, NULL FROM articles a INDEXED BY ix_articles_published_on
  WHERE (SELECT n FROM matched) > :rank_at_most AND :phrase != :match AND (:site = '' OR a.site = :site)
    AND (SELECT count(*) FROM newest_phrase) < :limit AND a.id NOT IN phrase
    AND a.id IN (SELECT rowid FROM [{FTS_TABLE}] WHERE [{FTS_TABLE}] MATCH :match)
  ORDER BY a.published_on DESC, a.id DESC LIMIT :limit)
SELECT a.id, a.title, a.published_on
FROM (SELECT * FROM best UNION ALL SELECT * FROM newest_phrase UNION ALL SELECT * FROM newest_rest) f
  JOIN articles a ON a.id = f.id
ORDER BY f.grp, f.score, a.published_on DESC, a.id DESC
LIMIT :limit"""


def search_articles(db: sqlite_utils.Database, query: str, limit: int = 20,
                    rank_at_most: int = RANK_AT_MOST, site: str | None = None) -> list[dict]:
    """Articles matching *query* (with or without diacritics): id, title, published_on; of *site* only if given.

    The rule: every word must be in the article; the articles holding them as the phrase typed come first,
    then the others (a query in double quotes finds the phrase only: ``pipeline.search``). Within each
    group, when the query matches at most *rank_at_most* articles, they are ranked best first by BM25 (a word
    in the title counts twice); when it matches more (a very common word), the newest articles come first
    (``published_on``, then the latest loaded). Either way the time stays bounded.
    """
    from pipeline.search import phrase_query

    match = fts_query(query)
    if not match:   # no words: nothing to look for (FTS5 refuses an empty expression)
        return []
    params = {"match": match, "phrase": phrase_query(query), "rank_at_most": rank_at_most, "limit": limit,
              "site": site or ""}
    return [dict(zip(("id", "title", "published_on"), row)) for row in db.execute(SEARCH_SQL, params)]


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
