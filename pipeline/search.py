"""Full-text search of the folded index: the query expressions, the search rule, and excerpts cut from the original text.

The rule of a search (``search_articles`` and the ``search`` canned query): several words find
the articles holding **all** of them; those where they stand together as the phrase typed come first, then
the others. A query written in double quotes (``"ho tro"``) asks for that exact phrase only.

``articles_fts`` indexes a *folded* copy of title and text (``extractors.normalize.fold``: no diacritics,
``đ`` → ``d``, lower case); search it with a folded query — ``fts_query(q)`` here, or the ``fts_query()`` /
``fold()`` SQL functions the danvan Datasette plugin registers — so ``dong`` and ``đồng`` find the same rows.

The index holds ``fold(text)``, whose length may differ from the text's; ``folded_with_offsets`` folds
character by character and keeps, for each folded character, the offset of the original character it came
from, so a match found in the folded copy is cut from the original text (diacritics kept) at the same place.
"""

from __future__ import annotations

import re

import sqlite_utils

from extractors.normalize import fold, nfc
from pipeline.db import FTS_TABLE

# FTS5's unicode61 tokens: runs of letters and digits (the index is folded, so plain ASCII letters mostly).
_TOKEN = re.compile(r"[^\W_]+")
EXCERPT_BEFORE, EXCERPT_AFTER = 60, 180   # characters of context around the first match
MARK_OPEN, MARK_CLOSE = "[", "]"


def query_terms(query: str) -> list[str]:
    """The folded search terms of *query*, in order (quotes and punctuation dropped)."""
    return _TOKEN.findall(fold(query or ""))


def phrase_query(query: str) -> str:
    """The FTS5 expression of the matches ranked first: all the words as one phrase.

    A query holding a double quote is taken as written (its quoted parts are phrases already), and a single
    word is its own phrase: then this is the same set as the whole query's matches.
    """
    terms = query_terms(query)
    if '"' in (query or "") or len(terms) < 2:
        return fts_query(query)
    return '"' + " ".join(terms) + '"'


def folded_with_offsets(text: str) -> tuple[str, list[int]]:
    """``text`` folded character by character (``fold`` of each one; any space → one space), and for each
    character of the folded copy the offset in *text* of the character it comes from."""
    pieces, origins = [], []
    for offset, character in enumerate(text):
        piece = " " if character.isspace() else fold(character)
        pieces.append(piece)
        origins.extend([offset] * len(piece))
    return "".join(pieces), origins


def _term_pattern(terms: list[str]) -> re.Pattern:
    """The terms as one phrase (anything but letters and digits between them), on word boundaries."""
    return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(re.escape(t) for t in terms) + r"(?![^\W_])")


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Spans of *text* (offsets into it) where the query matches on the folded copy: the whole phrase where
    it occurs, else each word on its own; in text order, not overlapping."""
    terms = query_terms(query)
    if not text or not terms:
        return []
    folded, origins = folded_with_offsets(text)

    def spans(pattern: re.Pattern) -> list[tuple[int, int]]:
        return [(origins[m.start()], origins[m.end() - 1] + 1) for m in pattern.finditer(folded)]

    found = spans(_term_pattern(terms)) if len(terms) > 1 else []
    if not found:
        found = sorted(span for term in dict.fromkeys(terms) for span in spans(_term_pattern([term])))
    kept, end = [], -1
    for start, stop in found:
        if start >= end:
            kept.append((start, stop))
            end = stop
    return kept


def excerpt(text: str | None, query: str | None, before: int = EXCERPT_BEFORE, after: int = EXCERPT_AFTER) -> str | None:
    """A passage of *text* around the query's first match, with its diacritics, every match in [brackets].

    The match is found on the folded copy (``dong`` finds ``đồng``) and cut from the original text at the same
    offsets. Without a match in the text (the words are in the title), the beginning of the text.
    """
    if text is None:
        return None
    text = nfc(text)
    spans = match_spans(text, query or "")
    first = spans[0][0] if spans else 0
    start = max(0, first - before)
    stop = min(len(text), first + after)
    if start > 0:   # begin and end on whole words
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    if stop < len(text):
        space = text.rfind(" ", max(first, spans[0][1] if spans else 0), stop)
        stop = space if space > first else stop
    parts, position = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > stop:
            continue
        parts += [text[position:span_start], MARK_OPEN, text[span_start:span_end], MARK_CLOSE]
        position = span_end
    parts.append(text[position:stop])
    body = " ".join("".join(parts).split())
    return ("…" if start > 0 else "") + body + ("…" if stop < len(text) else "")


# Best first: BM25 with a word in the title worth twice one in the text. Written out rather than
# FTS5's `rank` column, which is about 2.5x slower to sort by for words found in most articles.
RANKING = f"bm25([{FTS_TABLE}], 2.0, 1.0)"
# BM25 scores every match, which takes about 1 ms per 1,000 matches: a query matching more than this many
# articles (a word found in a fifth of 100,000) is shown newest first instead (`search_articles`).
RANK_AT_MOST = 20_000
_QUERY_PARTS = re.compile(r"""
    \s+            # words are separated by spaces
    | (".*?")       # a "quoted phrase" stays one part
""", re.VERBOSE)


def fts_query(query: str) -> str:
    """A user's words → an FTS5 MATCH expression on the folded index (each word quoted; phrases kept)."""
    folded = fold(query or "")
    if folded.count('"') % 2:
        folded += '"'
    words = [w for w in _QUERY_PARTS.split(folded) if w and w != '""']
    return " ".join(w if w.startswith('"') else '"' + w.replace('"', "") + '"' for w in words)


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
    then the others (a query in double quotes finds the phrase only: ``phrase_query``). Within each
    group, when the query matches at most *rank_at_most* articles, they are ranked best first by BM25 (a word
    in the title counts twice); when it matches more (a very common word), the newest articles come first
    (``published_on``, then the latest loaded). Either way the time stays bounded.
    """
    match = fts_query(query)
    if not match:   # no words: nothing to look for (FTS5 refuses an empty expression)
        return []
    params = {"match": match, "phrase": phrase_query(query), "rank_at_most": rank_at_most, "limit": limit,
              "site": site or ""}
    return [dict(zip(("id", "title", "published_on"), row)) for row in db.execute(SEARCH_SQL, params)]
