"""Bench stage of full-text search: a database of synthetic articles and the latency of fixed queries."""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

from tqdm import tqdm

from pipeline.bench.common import (
    BenchPlan, Corpus, LOAD_BATCH, SEARCH_QUERIES, SYNTHETIC_VERSION, _rate, _show_progress,
    synthetic_article,
)


def _corpus_stamp(corpus: Corpus, plan: BenchPlan) -> str:
    """What a cached search database was made from; it is reused only when this is the same."""
    from pipeline.pages import content_sha256

    return json.dumps({"generator": SYNTHETIC_VERSION, "articles": plan.articles, "seed": plan.seed,
                       "mirror": content_sha256("", "\n".join(corpus.texts))}, sort_keys=True)


def search_database(corpus: Corpus, plan: BenchPlan) -> tuple[Path, dict]:
    """The search database of *plan.articles* synthetic articles (made now, or reused when it matches)."""
    from pipeline.db import open_db, remove_database_files
    from pipeline.load import load_article

    path = plan.bench_dir / f"search-{plan.articles}.db"
    stamp = _corpus_stamp(corpus, plan)
    if path.exists():
        try:
            db = sqlite3.connect(path)
            row = db.execute("SELECT value FROM danvan_meta WHERE name = 'bench_corpus'").fetchone()
            db.close()
        except sqlite3.Error:
            row = None
        if row and row[0] == stamp:
            return path, {"reused": True}
    remove_database_files(path)
    plan.bench_dir.mkdir(parents=True, exist_ok=True)
    db = open_db(path)
    started = time.perf_counter()
    numbers = range(1, plan.articles + 1)
    with tqdm(total=plan.articles, desc="bench: search database", unit=" articles", file=sys.stderr,
              disable=not _show_progress(plan), leave=False) as progress:
        for first in range(0, plan.articles, LOAD_BATCH):
            with db.atomic():
                for number in numbers[first:first + LOAD_BATCH]:
                    load_article(db, synthetic_article(number, corpus, plan.seed), {},
                                 extractor_version=SYNTHETIC_VERSION)
            progress.update(len(numbers[first:first + LOAD_BATCH]))
    with db.atomic():
        db.execute("INSERT OR REPLACE INTO danvan_meta (name, value) VALUES ('bench_corpus', ?)", [stamp])
        db.execute("INSERT OR REPLACE INTO danvan_meta (name, value) VALUES ('bench_note', ?)",
                   ["synthetic articles made by recombining mirror sentences for `danvan bench`; not real"])
    db.execute("ANALYZE")   # query statistics, as a database prepared for serving has them
    seconds = time.perf_counter() - started
    db.close()
    return path, {"reused": False, "load_seconds": round(seconds, 1),
                  "load_articles_per_s": _rate(plan.articles, seconds)}


def _latency(milliseconds: list[float]) -> dict:
    ordered = sorted(milliseconds)
    p95 = ordered[min(len(ordered) - 1, max(0, int(round(0.95 * len(ordered))) - 1))]
    return {"queries": len(ordered), "median_ms": round(statistics.median(ordered), 2),
            "p95_ms": round(p95, 2), "max_ms": round(ordered[-1], 2)}


# For comparison with the ranked search: the first 20 matches in index order, and the number of matches.
UNRANKED_SQL = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT 20"
MATCHES_SQL = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"


def bench_search(corpus: Corpus, plan: BenchPlan) -> dict:
    """Median and p95 latency of ``search_articles`` (top 20, by its rule) over a fixed mix of queries."""
    import sqlite_utils

    from extractors.normalize import fold
    from pipeline.search import RANK_AT_MOST, fts_query, search_articles

    path, made = search_database(corpus, plan)
    db = sqlite_utils.Database(path)
    articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    rng = random.Random(f"{plan.seed}:queries")
    asked = [(query, True) for query in SEARCH_QUERIES] + [(fold(query), False) for query in SEARCH_QUERIES]
    schedule = [asked[i % len(asked)] for i in range(plan.queries)]
    rng.shuffle(schedule)
    started = time.perf_counter()
    hits = {query: len(search_articles(db, query)) for query, _ in asked}   # also warms the page cache
    warm_up_ms = (time.perf_counter() - started) * 1000
    timings: dict[bool, list[float]] = {True: [], False: []}
    per_query: dict[str, list[float]] = {}
    for query, with_diacritics in schedule:
        started = time.perf_counter()
        search_articles(db, query)
        elapsed_ms = (time.perf_counter() - started) * 1000
        timings[with_diacritics].append(elapsed_ms)
        per_query.setdefault(query, []).append(elapsed_ms)
    unranked = []
    for query, _ in schedule:
        started = time.perf_counter()
        db.execute(UNRANKED_SQL, [fts_query(query)]).fetchall()
        unranked.append((time.perf_counter() - started) * 1000)
    matches = {query: db.execute(MATCHES_SQL, [fts_query(query)]).fetchone()[0] for query in SEARCH_QUERIES}
    everything = articles + 1   # every query ranked by BM25 whatever its matches: for comparison
    started = time.perf_counter()
    for query in SEARCH_QUERIES:
        search_articles(db, query, rank_at_most=everything)
    full_ms = (time.perf_counter() - started) * 1000 / len(SEARCH_QUERIES)
    db.close()
    result = {
        "articles": articles, "database": str(path), "mb": round(path.stat().st_size / 1e6, 1), **made,
        "all": _latency(timings[True] + timings[False]),
        "with_diacritics": _latency(timings[True]) if timings[True] else None,
        "without_diacritics": _latency(timings[False]) if timings[False] else None,
        "unranked": _latency(unranked),
        "warm_up_ms": round(warm_up_ms, 1),
        "query": (f"pipeline.search.search_articles(db, q), top 20: by BM25 rank when a query matches at most "
                  f"{RANK_AT_MOST:,} articles, else newest first; articles loaded without extraction"),
        "rank_at_most": RANK_AT_MOST,
        "ranked_queries": sum(matches[q] <= RANK_AT_MOST for q in SEARCH_QUERIES),
        "ranking_every_match_mean_ms": round(full_ms, 2),
        "unranked_query": UNRANKED_SQL,
        "hits_top20": hits,
        "mean_match_share": round(statistics.mean(matches.values()) / max(articles, 1), 3),
        "per_query": {query: {"matches": matches[query],
                              "median_ms": round(statistics.median(per_query.get(query, [0.0])), 2)}
                      for query in SEARCH_QUERIES},
    }
    return result
