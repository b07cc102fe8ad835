"""`danvan bench`: time extraction (beside underthesea's ner), crawling, building and full-text search.

Stages, each on the texts of the embedded mirror (``data/mirror/articles/*.yaml``):

* **extraction** — ``extractors.extract`` over every mirror article (repeated passes until the timing is
  long enough), and on a subset of the same articles both ``extract`` and underthesea's ``ner`` (run on
  each sentence, the way it is meant to be used) — the per-article ratio is the headline figure;
* **adversarial input** — ``extract`` on a few MB of ordinary article text and on the same size of noise
  made of digits, slashes, dashes and kind words (``62-KL/TW 121/2017/ / - -- Quyết định số``); each runs
  in a child process with a time limit, so a pathological slowdown is reported, not waited for;
* **crawl** — the mirror served on 127.0.0.1 (port 0) and crawled with ``--delay 0`` into a temporary
  data directory; then the real ``build`` of that archive;
* **build** — the loading path (``extract`` then ``load_article``, one transaction per article) over
  synthetic articles, and the real ``build`` of a WARC archive of synthetic pages rendered like the
  mirror's (parse, extract, load); each in a child process so its peak RSS (``ru_maxrss``) is its own;
* **cluster build** — the real ``build`` of a synthetic archive in 8 WARC files, serially and on local Dask
  clusters of 1 and 2 single-threaded worker processes (this process writing the database), the rows of the
  three databases compared;
* **full-text search** — a database of N synthetic articles (default 100,000) under ``DATA_DIR/bench/``,
  loaded without extraction, and the latency of a fixed set of queries with and without diacritics.

Synthetic articles are made by recombining sentences of the mirror articles with a seeded random
generator (deterministic); they are marked as such: ``site = "synthetic"``, URL
``synthetic://bench/000001``, a title ending in ``(bài tổng hợp để đo 000001)``, and they go only into
databases under ``DATA_DIR/bench/``, never into ``DATA_DIR/danvan.db``.

The stages live in one module each (``extraction``, ``crawl``, ``build``, ``search``), over ``common`` (the plan,
the texts, child processes) and under ``report`` (the run, the JSON file, the table); their public names are
re-exported here.
"""

from pipeline.bench.build import (
    bench_archive_build, bench_build, bench_cluster_build, write_synthetic_archive,
)
from pipeline.bench.common import (
    ADVERSARIAL_PATTERN, DEFAULT_SEED, SEARCH_QUERIES, TARGETS, BenchPlan, Corpus, _child, check_data_dir,
    load_corpus, machine_facts, noise_text, ordinary_text, synthetic_article,
)
from pipeline.bench.crawl import bench_crawl
from pipeline.bench.extraction import _time_extract_child, bench_adversarial, bench_extraction, unseen_copy
from pipeline.bench.report import BenchRun, format_table, run_bench, table_rows, verdict, write_json
from pipeline.bench.search import _latency, bench_search, search_database

__all__ = [
    "ADVERSARIAL_PATTERN", "DEFAULT_SEED", "SEARCH_QUERIES", "TARGETS", "BenchPlan", "BenchRun", "Corpus",
    "bench_adversarial", "bench_archive_build", "bench_build", "bench_cluster_build", "bench_crawl",
    "bench_extraction", "bench_search", "check_data_dir", "format_table", "load_corpus", "machine_facts",
    "noise_text", "ordinary_text", "run_bench", "search_database", "synthetic_article", "table_rows",
    "unseen_copy", "verdict", "write_json", "write_synthetic_archive", "_child", "_latency", "_time_extract_child",
]
