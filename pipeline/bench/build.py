"""Bench stages of building: extract + load, the real build of a synthetic archive, serial and on a local cluster."""

from __future__ import annotations

import importlib
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from tqdm import tqdm

from pipeline.bench.common import (
    BenchPlan, Corpus, SYNTHETIC_HOST, SYNTHETIC_SLUG, WARM_UP_TEXTS, _child, _rate, _show_progress,
    load_corpus, peak_rss_mib, rss_mib, synthetic_article,
)

MEMORY_SCALE = 1_000   # the fewest articles memory growth per 1,000 articles is measured at
CLUSTER_WORKERS = (1, 2)
SPIN_ROUNDS = 20_000_000   # about a second of pure Python on one core


def _build_child(db_path: str, mirror_root: str, count: int, seed: int, progress: bool, queue) -> None:
    """In a child process: extract and load *count* synthetic articles, one transaction each; time and peak RSS."""
    try:
        from extractors import EXTRACTOR_VERSION, extract
        from pipeline.build import fact_counts
        from pipeline.db import open_db
        from pipeline.load import load_article

        corpus = load_corpus(Path(mirror_root))
        for text in corpus.texts[:WARM_UP_TEXTS]:   # lazily loaded data files
            extract(text)
        db = open_db(db_path)
        start_rss = rss_mib()
        extract_seconds = load_seconds = 0.0
        started = time.perf_counter()
        for number in tqdm(range(1, count + 1), desc="bench: build", unit=" articles", file=sys.stderr,
                           disable=not progress, leave=False):
            article = synthetic_article(number, corpus, seed)
            step = time.perf_counter()
            facts = extract(article["text"])
            extracted = time.perf_counter()
            load_article(db, article, facts, extractor_version=EXTRACTOR_VERSION)
            extract_seconds += extracted - step
            load_seconds += time.perf_counter() - extracted
        seconds = time.perf_counter() - started
        queue.put({"articles": count, "seconds": round(seconds, 3),
                   "s_per_1000": round(seconds / count * 1000, 2),
                   "articles_per_s": _rate(count, seconds),
                   "extract_s_per_1000": round(extract_seconds / count * 1000, 2),
                   "load_s_per_1000": round(load_seconds / count * 1000, 2),
                   "start_rss_mib": round(start_rss, 1), "peak_rss_mib": round(peak_rss_mib(), 1),
                   "facts": fact_counts(db)})
        db.close()
    except Exception as exc:   # reported by the parent as a bench error
        queue.put({"error": f"{type(exc).__name__}: {exc}"})


def bench_build(plan: BenchPlan) -> dict:
    """Time per 1,000 synthetic articles through extract + load_article, and the peak RSS of that process."""
    from pipeline.db import remove_database_files

    db_path = plan.bench_dir / "build.db"
    remove_database_files(db_path)
    plan.bench_dir.mkdir(parents=True, exist_ok=True)
    result = _child(_build_child, (str(db_path), str(plan.mirror_root), plan.build_articles, plan.seed,
                                   _show_progress(plan)), timeout=24 * 3600)
    return {**result, "database": str(db_path),
            "path": "extract + pipeline.load.load_article, one transaction per article, in a child process"}


def write_synthetic_archive(raw_dir: Path, corpus: Corpus, plan: BenchPlan, count: int, shards: int = 1) -> dict:
    """Archive *count* synthetic articles as the mirror renders article pages, as if crawled, in *shards* WARC
    files of consecutive articles.

    Their URLs are on the host ``synthetic.bench.invalid`` and their slugs start ``Bai-tong-hop-de-do-``.
    """
    from scrapers.archive import ArchiveWriter, utc_now
    from scrapers.mirror import MirrorArticle, load_mirror, render_article

    mirror = load_mirror(plan.mirror_root)
    category = mirror.categories[0][0]
    started = time.perf_counter()
    size = 0
    per_shard = -(-count // shards)
    progress = tqdm(total=count, desc="bench: synthetic archive", unit=" pages", file=sys.stderr,
                    disable=not _show_progress(plan), leave=False)
    for shard in range(shards):
        numbers = range(shard * per_shard + 1, min(count, (shard + 1) * per_shard) + 1)
        run_id = "bench-synthetic" if shards == 1 else f"bench-synthetic-{shard + 1:02d}"
        with ArchiveWriter(raw_dir, run_id) as archive:
            for number in numbers:
                article = synthetic_article(number, corpus, plan.seed)
                page = MirrorArticle(
                    slug=SYNTHETIC_SLUG.format(number=number), categories=(category,), title=article["title"],
                    published=date.fromisoformat(article["published_on"]),
                    paragraphs=tuple(article["text"].split("\n")),
                )
                body = render_article(mirror, page).encode("utf-8")
                size += len(body)
                archive.write_exchange(
                    url=SYNTHETIC_HOST + page.path, request_headers=[], status=200, reason="OK",
                    response_headers=[("Content-Type", "text/html; charset=utf-8")], body=body,
                    fetched_at=utc_now(),
                )
                progress.update(1)
    progress.close()
    return {"pages": count, "shards": shards, "mb": round(size / 1e6, 1),
            "seconds": round(time.perf_counter() - started, 1)}


def _archive_build_child(data_dir: str, mirror_root: str, queue) -> None:
    """In a child process: the real ``build`` of the archive under *data_dir*; its time and peak RSS."""
    try:
        from extractors import extract
        from pipeline.build import build
        from pipeline.options import Options

        importlib.import_module("scrapers.parse")   # imported before the memory baseline, like the extractors
        for text in load_corpus(Path(mirror_root)).texts[:WARM_UP_TEXTS]:   # lazily loaded data files
            extract(text)
        start_rss = rss_mib()
        summary = build(Options(data_dir=Path(data_dir), progress=False, quiet=True))
        queue.put({"articles": summary.articles, "loaded": summary.loaded, "seconds": round(summary.elapsed, 2),
                   "start_rss_mib": round(start_rss, 1), "peak_rss_mib": round(peak_rss_mib(), 1)})
    except Exception as exc:   # reported by the parent as a bench error
        queue.put({"error": f"{type(exc).__name__}: {exc}"})


def bench_archive_build(corpus: Corpus, plan: BenchPlan) -> dict:
    """The real ``danvan build`` (parse, extract, load) of an archive of synthetic article pages, in a child process."""
    plan.bench_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="archive-", dir=plan.bench_dir) as scratch:
        data_dir = Path(scratch)
        archive = write_synthetic_archive(data_dir / "raw", corpus, plan, plan.build_articles)
        built = _child(_archive_build_child, (str(data_dir), str(plan.mirror_root)), timeout=24 * 3600)
    articles = built["articles"] or 1
    # Growth per 1,000 articles is only said when at least 1,000 were built: over fewer, the interpreter's own
    # caches weigh more than the articles, and multiplying would invent a figure.
    growth_per_1000 = ((built["peak_rss_mib"] - built["start_rss_mib"]) / articles * 1000
                       if articles >= MEMORY_SCALE else None)
    return {
        **built, "archive": archive,
        "s_per_1000": round(built["seconds"] / articles * 1000, 2),
        "articles_per_s": _rate(built["articles"], built["seconds"]),
        "rss_growth_mib_per_1000": round(growth_per_1000, 1) if growth_per_1000 is not None else None,
        "path": "pipeline.build.build of a WARC archive of synthetic pages rendered like the mirror's",
    }


def database_rows(db_path: Path) -> dict:
    """Every table's rows in rowid order, but for the time each article was loaded (it differs between builds)."""
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(db_path)) as db:
        tables = [name for (name,) in db.execute(
            "select name from sqlite_master where type = 'table' and name not like 'articles_fts_%' order by name")]
        rows = {}
        for table in tables:
            columns = [row[1] for row in db.execute(f"pragma table_info([{table}])")] or ["title_folded",
                                                                                         "text_folded"]
            kept = ", ".join(f"[{c}]" for c in columns if c != "loaded_at")
            rows[table] = db.execute(f"select rowid, {kept} from [{table}] order by rowid").fetchall()
    return rows


def _warm_up_worker(mirror_root: str) -> int:
    """On a worker before timing: the parser and the extractors' lazily loaded data files (as the serial build's
    process has them)."""
    import os

    from extractors import extract

    importlib.import_module("scrapers.parse")
    for text in load_corpus(Path(mirror_root)).texts[:WARM_UP_TEXTS]:
        extract(text)
    return os.getpid()


def _timed_build(data_dir: Path, database: Path, executor) -> dict:
    from pipeline.build import build
    from pipeline.options import Options

    import os

    client = getattr(executor, "client", None)
    load_before = os.getloadavg()[0]
    workers_before = client.run(_cpu_seconds) if client else {}
    cpu_before = time.process_time()
    started = time.perf_counter()
    summary = build(Options(data_dir=data_dir, database=database, progress=False, quiet=True), executor=executor)
    seconds = time.perf_counter() - started
    driver_cpu = time.process_time() - cpu_before
    workers_after = client.run(_cpu_seconds) if client else {}
    workers_cpu = sum(workers_after[w] - workers_before.get(w, 0.0) for w in workers_after)
    # CPU seconds of this process (the writer) and of the workers; the machine's 1-minute load average around
    # the run: other work on a shared machine slows every wall-clock figure.
    return {"articles": summary.articles, "seconds": round(seconds, 2),
            "articles_per_s": _rate(summary.articles, seconds),
            "driver_cpu_s": round(driver_cpu, 2), "workers_cpu_s": round(workers_cpu, 2),
            "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)]}


def _cpu_seconds() -> float:
    """CPU seconds (user + system) this process has used so far (run on each worker)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _spin(rounds: int) -> float:
    """Pure Python work of a fixed size; its wall-clock seconds."""
    started = time.perf_counter()
    total = 0
    for number in range(rounds):
        total += number
    return time.perf_counter() - started


def parallel_capacity(rounds: int = SPIN_ROUNDS) -> float:
    """How much more work two busy processes get done than one, on this machine now: the time of two spins
    one after the other over the time of two at once (2.0 on two idle cores; about 1.0 when other work holds
    the cores). A cluster's speed-up cannot exceed it."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_spin, [rounds // 10] * 2)   # both processes started and warm
        one_after_the_other = sum(pool.apply(_spin, (rounds,)) for _ in range(2))
        started = time.perf_counter()
        pool.map(_spin, [rounds, rounds], chunksize=1)
        at_once = time.perf_counter() - started
    return round(one_after_the_other / at_once, 2) if at_once > 0 else None


def idle_speed_up(serial_cpu: float, writer_cpu: float, workers_cpu: float, workers: int) -> float | None:
    """The speed-up the CPU seconds measured allow on idle cores: the serial build's CPU time over the cluster
    build's shortest possible wall time — its workers' share each, the writer's, or all of it spread over the
    cores there are, whichever is longest. An estimate, steadier than wall time on a shared machine."""
    import os

    cores = min(os.cpu_count() or 1, workers + 1)
    shortest = max(workers_cpu / workers, writer_cpu, (writer_cpu + workers_cpu) / cores)
    return round(serial_cpu / shortest, 2) if shortest > 0 else None


def bench_cluster_build(corpus: Corpus, plan: BenchPlan) -> dict:
    """The real ``build`` of a synthetic archive in several WARC files: serially (in this process), then on local
    Dask clusters of 1 and 2 single-threaded worker processes started for it (as `danvan build --workers N` does),
    this process writing the database.
    Each cluster is started and warmed up (imports, data files) before its build is timed, as the serial build's
    process is; the databases must have the same rows."""
    from extractors import extract
    from pipeline.cluster import InProcess, executor_for

    plan.bench_dir.mkdir(parents=True, exist_ok=True)
    for text in corpus.texts[:WARM_UP_TEXTS]:   # this process loads the database and, serially, extracts too
        extract(text)
    importlib.import_module("scrapers.parse")
    with tempfile.TemporaryDirectory(prefix="cluster-", dir=plan.bench_dir) as scratch:
        data_dir = Path(scratch)
        archive = write_synthetic_archive(data_dir / "raw", corpus, plan, plan.cluster_articles, plan.cluster_shards)
        capacity_before = parallel_capacity()
        runs = {"serial": _timed_build(data_dir, data_dir / "serial.db", InProcess())}
        expected = database_rows(data_dir / "serial.db")
        for workers in CLUSTER_WORKERS:
            started = time.perf_counter()
            with executor_for(workers=workers) as executor:   # what `danvan build --workers N` uses
                executor.client.run(_warm_up_worker, str(plan.mirror_root))
                start_up = time.perf_counter() - started
                database = data_dir / f"workers-{workers}.db"
                result = _timed_build(data_dir, database, executor)
            result.update(start_up_s=round(start_up, 1), same_rows=database_rows(database) == expected)
            result["speed_up"] = (round(runs["serial"]["seconds"] / result["seconds"], 2)
                                  if result["seconds"] else None)
            result["idle_speed_up"] = idle_speed_up(runs["serial"]["driver_cpu_s"], result["driver_cpu_s"],
                                                    result["workers_cpu_s"], workers)
            runs[f"workers_{workers}"] = result
        capacity = [capacity_before, parallel_capacity()]
    same = all(run.get("same_rows", True) for run in runs.values())
    return {"archive": archive, **runs, "same_rows": same, "parallel_capacity": capacity,
            "path": "pipeline.build.build of a synthetic archive in WARC shards, in this process and on "
                    "distributed.LocalCluster(processes=True, threads_per_worker=1)"}
