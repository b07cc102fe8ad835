"""Loading one article and its facts into the dataset, with its URLs, duplicates across sites and search index rows.

Loading is one transaction per article and idempotent: the same article (same ``content_sha256``)
of one site is one row whatever URL of that site it came from (the others go to ``article_urls``); loading it
again replaces its facts. The same article on two sites is one row per site, linked: among the rows of one
content the lowest id is the first copy, the others point at it (``articles.duplicate_of``; `distinct_articles`
counts each content once). Every fact row carries its article's ``site``. FTS rows are written by ``load_article`` (no triggers: folding needs Python), so a
database changed by other means needs ``rebuild_fts(db)``.
"""

from __future__ import annotations

import json
import logging
import re

import sqlite_utils

from extractors.normalize import fold, nfc
from extractors.sentences import Sentences
from pipeline.db import FACT_TABLES, FTS_TABLE, utc_now

log = logging.getLogger(__name__)

# Keys of a fact dict stored in their own columns or elsewhere, hence not in `details`.
_NOT_DETAILS = {"text", "start", "end", "key", "name", "abbreviation", "year", "family", "successor",
                "count_index"}

_KEY_SPACES = re.compile(r"\s+")


def _json(value) -> str | None:
    if value is None or value == [] or value == {}:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=isinstance(value, dict))


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
        extractor_version=extractor_version, loaded_at=utc_now(),
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

