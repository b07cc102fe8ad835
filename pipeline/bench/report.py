"""The whole bench: run the stages, keep their figures, write them as JSON and print them as a table."""

from __future__ import annotations

import json
import shutil
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pipeline.bench.build import bench_archive_build, bench_build, bench_cluster_build
from pipeline.bench.common import BenchPlan, TARGETS, check_data_dir, load_corpus, machine_facts
from pipeline.bench.crawl import bench_crawl
from pipeline.bench.extraction import PER_EXTRACTOR_PASSES, bench_adversarial, bench_extraction
from pipeline.bench.search import bench_search


@dataclass
class BenchRun:
    """The figures of one bench run, in the order they are printed; ``as_dict()`` is the JSON file."""

    plan: BenchPlan
    machine: dict
    corpus: dict = field(default_factory=dict)
    stages: dict = field(default_factory=dict)
    stage_seconds: dict = field(default_factory=dict)
    started_at: str = ""
    elapsed: float = 0.0

    def figure(self, path: tuple[str, ...]):
        value = self.stages
        for key in path:
            if not isinstance(value, dict) or value.get(key) is None:
                return None
            value = value[key]
        return value

    def targets(self) -> list[dict]:
        rows = []
        for name, description, path, comparison, bound, scale in TARGETS:
            value = self.figure(path)
            met = None
            if isinstance(value, (int, float)):
                met = {">=": value >= bound, "<=": value <= bound, "<": value < bound}[comparison]
            measured_at = self.figure(scale.path) if scale else None
            below = bool(measured_at is not None and measured_at < scale.size)
            rows.append({"name": name, "target": description, "value": value, "bound": bound,
                         "comparison": comparison, "met": None if below and not scale.smaller_may_meet else met,
                         "measured_at_articles": measured_at if scale and scale.unit == "articles" else None,
                         "below_target_scale": below,
                         "scale": {"measured": scale.text(measured_at), "target": scale.text(scale.size)}
                         if below else None, "quick": self.plan.quick})
        return rows

    def as_dict(self) -> dict:
        return {
            "bench": "danvan bench", "version": 1, "started_at": self.started_at,
            "elapsed_s": round(self.elapsed, 1), "plan": self.plan.as_dict(), "machine": self.machine,
            "corpus": self.corpus, **self.stages, "stage_seconds": self.stage_seconds,
            "targets": self.targets(),
        }


def _announce(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def run_bench(plan: BenchPlan, announce=_announce) -> BenchRun:
    """Run every stage of *plan*; *announce* gets one line as each stage starts (the table comes at the end)."""
    check_data_dir(plan.data_dir)
    run = BenchRun(plan=plan, machine=machine_facts(),
                   started_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    started = time.perf_counter()
    corpus = load_corpus(plan.mirror_root)
    run.corpus = {"mirror": str(plan.mirror_root), "articles": len(corpus.texts),
                  "sentences": len(corpus.sentences), "mb": round(corpus.utf8_bytes / 1e6, 3),
                  "mean_chars": round(corpus.chars / len(corpus.texts))}
    stages = [
        ("extraction", lambda: bench_extraction(corpus, plan)),
        ("adversarial", lambda: bench_adversarial(plan, run.figure(("extraction", "all", "mb_per_s")))),
        ("crawl", None if plan.skip_crawl else lambda: bench_crawl(plan)),
        ("build", lambda: bench_build(plan)),
        ("archive_build", lambda: bench_archive_build(corpus, plan)),
        ("cluster_build", None if plan.skip_cluster else lambda: bench_cluster_build(corpus, plan)),
        ("fts", lambda: bench_search(corpus, plan)),
    ]
    for name, stage in stages:
        if stage is None:
            run.stages[name] = {"skipped": True}
            continue
        announce(f"bench: {name} …")
        stage_started = time.perf_counter()
        run.stages[name] = stage()
        run.stage_seconds[name] = round(time.perf_counter() - stage_started, 1)
    run.elapsed = time.perf_counter() - started
    return run


def write_json(run: BenchRun, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(json.dumps(run.as_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
    shutil.move(temporary, path)


# ---------------------------------------------------------------- the table


def _number(value, digits: int = 1, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        text = f"{value:,.{digits}f}"
    else:
        text = f"{value:,}"
    return text + (f" {unit}" if unit else "")


def verdict(target: dict) -> str:
    """How a target row of ``BenchRun.targets()`` reads in the table: met, NOT met, not measured, at what scale."""
    scale = target.get("scale")
    if scale and target["met"] is None and target["value"] is not None:   # a figure that says nothing at this size
        return (f"not measured at {scale['target']} "
                + ("(quick run)" if target.get("quick") else f"(measured at {scale['measured']} only)"))
    text = {True: "met", False: "NOT met", None: "not measured"}[target["met"]]
    if scale and target["met"] is not None:
        text += f" at {scale['measured']} only"
    return text


def table_rows(run: BenchRun) -> list[tuple[str, str, str]]:
    """(stage, measure, value) rows of the printed table."""
    m, s = run.machine, run.stages
    rows = []
    if m:
        rows += [
            ("machine", "CPU", f"{m['cpu_model']} ({m['nproc']} cores usable)"),
            ("machine", "RAM / Python / SQLite", f"{_number(m['ram_gib'])} GiB / {m['python']} / {m['sqlite']}"),
            ("machine", "danvan / underthesea / commit", f"{m['danvan']} / {m['underthesea']} / {m['commit']}"),
        ]
    if run.corpus:
        rows.append(("corpus", "mirror articles", f"{run.corpus['articles']} ({_number(run.corpus['mb'], 3)} MB, "
                                                  f"{_number(run.corpus['mean_chars'])} chars each on average)"))
    extraction = s.get("extraction", {})
    if extraction:
        every, subset = extraction["all"], extraction["subset"]
        rows += [
            ("extract", "all mirror articles", f"{_number(every['articles_per_s'])} articles/s, "
                                               f"{_number(every['mb_per_s'], 2)} MB/s "
                                               f"({every['passes']} passes, {_number(every['seconds'], 2)} s)"),
            ("extract", "per CPU-second (one core)", f"{_number(every['articles_per_cpu_s'])} articles"),
            ("extract", f"CPU ms/article by extractor (median of {PER_EXTRACTOR_PASSES})", ", ".join(
                f"{key} {_number(ms, 2)}" for key, ms in extraction.get("per_extractor_ms", {}).items())),
            ("extract", f"same {subset['articles']} articles: extract", _round_figures(subset, "extract")),
            ("extract", f"same {subset['articles']} articles: underthesea ner",
             _round_figures(subset, "ner") if subset.get("ner_s_per_article") else subset.get("skipped", "—")),
            ("extract", "ratio ner / extract (medians)",
             f"{_number(subset.get('ratio'))}× (rounds: {', '.join(_number(r) for r in subset['ratios'])})"
             if subset.get("ratio") else "—"),
        ]
    adversarial = s.get("adversarial", {})
    if adversarial.get("ordinary"):
        size = _number(adversarial["bytes"] / 1e6, 1)
        ordinary = adversarial["ordinary"]
        rows.append(("adversarial", f"{size} MB ordinary text, one string", f"{_number(ordinary['seconds'], 2)} s"
                     + (f" (× {_number(ordinary['vs_as_articles'], 2)} of the same bytes as articles: "
                        f"{_number(ordinary['as_articles_seconds'], 2)} s)" if ordinary.get("vs_as_articles") else "")))
        for kind, noise in adversarial["noise"].items():
            label = f"{size} MB noise ({kind})"
            if noise.get("seconds") is None:
                rows.append(("adversarial", label, f"> {noise['timed_out_after']} s (stopped; "
                                                   f"× > {_number(noise['ratio_at_least'], 2)} of ordinary)"))
            else:
                rows.append(("adversarial", label, f"{_number(noise['seconds'], 2)} s "
                                                   f"(× {_number(noise['ratio'], 2)} of ordinary)"))
    crawl = s.get("crawl", {})
    if crawl.get("skipped"):
        rows.append(("crawl", "mirror on 127.0.0.1, delay 0", "skipped (--skip-crawl)"))
    elif crawl:
        rows += [
            ("crawl", "mirror on 127.0.0.1, delay 0",
             f"{_number(crawl['pages_per_s'])} pages/s, {_number(crawl['articles_per_s'])} articles/s "
             f"({len(crawl['rounds'])} × {crawl['rounds'][0]['requests']} requests)"),
        ]
        built = crawl.get("build_of_crawled_archive")
        if built:
            rows.append(("build", f"danvan build of that archive ({built['articles']} articles)",
                         f"{_number(built['seconds'], 2)} s ({_number(built['s_per_1000'])} s per 1,000)"))
    build = s.get("build", {})
    if build:
        rows += [
            ("build", f"extract + load_article, {build['articles']:,} synthetic",
             f"{_number(build['s_per_1000'])} s per 1,000 articles ({_number(build['articles_per_s'])} articles/s)"),
            ("build", "  of which extract / load", f"{_number(build['extract_s_per_1000'])} s / "
                                                   f"{_number(build['load_s_per_1000'])} s per 1,000"),
            ("build", "peak RSS (child process)", f"{_number(build['peak_rss_mib'])} MiB "
                                                  f"(after imports: {_number(build['start_rss_mib'])} MiB)"),
        ]
    archive_build = s.get("archive_build", {})
    if archive_build:
        rows += [
            ("build", f"danvan build of {archive_build['articles']:,} synthetic pages",
             f"{_number(archive_build['s_per_1000'])} s per 1,000 articles "
             f"({_number(archive_build['articles_per_s'])} articles/s)"),
            ("build", "  peak RSS (child process)", f"{_number(archive_build['peak_rss_mib'])} MiB " + (
                f"(+{_number(archive_build['rss_growth_mib_per_1000'])} MiB per 1,000 articles)"
                if archive_build.get("rss_growth_mib_per_1000") is not None else
                f"(growth per 1,000 articles not measured: {archive_build['articles']:,} articles built)")),
        ]
    cluster = s.get("cluster_build", {})
    if cluster.get("skipped"):
        rows.append(("cluster", "build on local Dask workers", "skipped (--skip-cluster)"))
    elif cluster:
        archive = cluster["archive"]
        serial = cluster["serial"]
        rows.append(("cluster", f"danvan build, {serial['articles']:,} synthetic pages in {archive['shards']} "
                                "WARC files, serial", f"{_number(serial['seconds'], 2)} s "
                                                      f"({_number(serial['articles_per_s'])} articles/s)"))
        for workers in (1, 2):
            run_ = cluster.get(f"workers_{workers}")
            if run_:
                rows.append(("cluster", f"  --workers {workers} (one thread each)",
                             f"{_number(run_['seconds'], 2)} s ({_number(run_['articles_per_s'])} articles/s, "
                             f"× {_number(run_['speed_up'], 2)} of serial; cluster start "
                             f"{_number(run_['start_up_s'])} s, not timed)"))
                if run_.get("idle_speed_up"):
                    rows.append(("cluster", f"    CPU s: writer + workers (serial {_number(serial['driver_cpu_s'])})",
                                 f"{_number(run_['driver_cpu_s'])} + {_number(run_['workers_cpu_s'])} → "
                                 f"× {_number(run_['idle_speed_up'], 2)} on idle cores (estimate)"))
        rows.append(("cluster", "  same rows in every table as serial", "yes" if cluster["same_rows"] else "NO"))
        if cluster.get("parallel_capacity"):
            rows.append(("cluster", "  machine: 2 busy processes vs 1 (before, after)",
                         " / ".join(f"× {_number(c, 2)}" for c in cluster["parallel_capacity"])
                         + " (2.00 on two idle cores)"))
    fts = s.get("fts", {})
    if fts:
        made = "reused" if fts.get("reused") else f"loaded in {_number(fts.get('load_seconds'))} s"
        rows.append(("search", "database", f"{fts['articles']:,} synthetic articles, {_number(fts['mb'])} MB ({made})"))
        for label, key in (("all queries", "all"), ("with diacritics", "with_diacritics"),
                           ("without diacritics", "without_diacritics")):
            figures = fts.get(key)
            if figures:
                rows.append(("search", f"{label} ({figures['queries']})",
                             f"median {_number(figures['median_ms'], 2)} ms, p95 {_number(figures['p95_ms'], 2)} ms, "
                             f"max {_number(figures['max_ms'], 2)} ms"))
        if fts.get("unranked"):
            rows.append(("search", "for comparison: first 20 matches, unranked",
                         f"median {_number(fts['unranked']['median_ms'], 2)} ms, "
                         f"p95 {_number(fts['unranked']['p95_ms'], 2)} ms"))
            rows.append(("search", "articles a query matches (mean)", f"{fts['mean_match_share']:.0%}"))
        if fts.get("rank_at_most"):
            rows.append(("search", f"rule: BM25 up to {fts['rank_at_most']:,} matches, else newest first",
                         f"{fts['ranked_queries']} of {len(fts['per_query'])} queries ranked by BM25"))
            rows.append(("search", "for comparison: BM25 over every match",
                         f"mean {_number(fts['ranking_every_match_mean_ms'], 2)} ms per query"))
    for target in run.targets():
        rows.append(("target", target["target"], f"{_number(target['value'], 2)} → {verdict(target)}"))
    rows.append(("bench", "elapsed", f"{_number(run.elapsed)} s (" + ", ".join(
        f"{name} {seconds} s" for name, seconds in run.stage_seconds.items()) + ")"))
    return rows


def _round_figures(subset: dict, name: str) -> str:
    """ms/article of *name* over the baseline's rounds: the median, the range, the clock."""
    median = subset.get(f"{name}_s_per_article")
    if median is None:
        return "—"
    low, high = subset[f"{name}_ms_range"]
    return (f"{_number(median * 1000, 2)} ms/article CPU, median of {subset['rounds']} rounds "
            f"({_number(low, 2)}–{_number(high, 2)})")


def format_table(run: BenchRun) -> str:
    rows = table_rows(run)
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    lines = [f"danvan bench — {run.started_at}" + (" (quick)" if run.plan.quick else "")]
    previous = None
    for stage, measure, value in rows:
        if previous is not None and stage != previous:
            lines.append("")
        lines.append(f"{stage if stage != previous else '':<{widths[0]}}  {measure:<{widths[1]}}  {value}")
        previous = stage
    return "\n".join(lines)
