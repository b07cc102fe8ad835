"""Tests of `danvan bench`: synthetic articles, noise texts, figures and targets, and a tiny end-to-end run."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import statistics
import time
from argparse import Namespace
from pathlib import Path

import pytest

from extractors.normalize import fold
from pipeline import bench
from pipeline.bench.extraction import _baseline
from pipeline.cli import main
from scrapers.errors import InputError
from pipeline.options import Options

from tests.conftest import MIRROR


@pytest.fixture(scope="module")
def corpus() -> bench.Corpus:
    return bench.load_corpus(MIRROR)


# ---------------------------------------------------------------- synthetic articles


def test_corpus_has_texts_and_sentences(corpus):
    assert len(corpus.texts) >= 10
    assert len(corpus.sentences) > len(corpus.texts)
    assert all("\n\n" in text for text in corpus.texts)   # title, blank line, body
    assert all("\n" not in sentence for sentence in corpus.sentences)


@pytest.mark.parametrize("number", [1, 2, 999, 100_000])
def test_synthetic_article_is_marked_and_deterministic(corpus, number):
    article = bench.synthetic_article(number, corpus, seed=7)
    assert article == bench.synthetic_article(number, corpus, seed=7)
    assert article["site"] == "synthetic"
    assert article["url"] == f"synthetic://bench/{number:06d}"
    assert article["title"].endswith(f"(bài tổng hợp để đo {number:06d})")
    assert article["published_on"][:4].isdigit()
    for paragraph in article["text"].split("\n"):
        assert any(paragraph.startswith(sentence) for sentence in corpus.sentences)


@pytest.mark.parametrize("first, second", [((1, 7), (2, 7)), ((1, 7), (1, 8)), ((5, 7), (6, 7))])
def test_synthetic_articles_differ(corpus, first, second):
    """Must not match: another number or another seed gives another article (another content hash)."""
    one = bench.synthetic_article(*first[:1], corpus, seed=first[1])
    other = bench.synthetic_article(*second[:1], corpus, seed=second[1])
    assert one["content_sha256"] != other["content_sha256"]


# ---------------------------------------------------------------- big texts


@pytest.mark.parametrize("kind, size", [("pattern", 1_000), ("tokens", 1_000), ("pattern", 20_001), ("tokens", 7_777)])
def test_noise_text_has_the_size_asked(kind, size):
    text = bench.noise_text(size, kind, seed=3)
    assert size - 3 <= len(text.encode("utf-8")) <= size
    assert "\n" not in text


@pytest.mark.parametrize("size", [500, 50_000, 300_000])
def test_ordinary_text_has_the_size_asked(corpus, size):
    text = bench.ordinary_text(corpus, size)
    assert size - 3 <= len(text.encode("utf-8")) <= size
    assert text.startswith(corpus.texts[0][: min(100, size // 4)])


def test_noise_kinds_differ():
    pattern, tokens = bench.noise_text(2_000, "pattern"), bench.noise_text(2_000, "tokens")
    assert pattern.startswith(bench.ADVERSARIAL_PATTERN * 3)
    assert not tokens.startswith(bench.ADVERSARIAL_PATTERN)   # must not match: tokens are shuffled
    assert tokens == bench.noise_text(2_000, "tokens")


# ---------------------------------------------------------------- figures and targets


@pytest.mark.parametrize("timings, expected", [
    ([5.0], {"queries": 1, "median_ms": 5.0, "p95_ms": 5.0, "max_ms": 5.0}),
    ([float(i) for i in range(1, 101)], {"queries": 100, "median_ms": 50.5, "p95_ms": 95.0, "max_ms": 100.0}),
    ([3.0, 1.0, 2.0, 40.0], {"queries": 4, "median_ms": 2.5, "p95_ms": 40.0, "max_ms": 40.0}),
])
def test_latency_figures(timings, expected):
    assert bench._latency(timings) == expected


def _run_with(stages: dict) -> bench.BenchRun:
    plan = bench.BenchPlan(data_dir=Path("x"), json_path=Path("x/b.json"), mirror_root=MIRROR)
    return bench.BenchRun(plan=plan, machine={}, stages=stages)


@pytest.mark.parametrize("stages, expected", [
    ({"extraction": {"subset": {"ratio": 50.0}, "all": {"articles_per_cpu_s": 49.9}}},
     {"extract_vs_ner": True, "extract_rate": False, "fts_median": None}),
    ({"extraction": {"subset": {"ratio": 49.9}, "all": {"articles_per_cpu_s": 50}}},
     {"extract_vs_ner": False, "extract_rate": True}),
    ({"fts": {"all": {"median_ms": 50.0}}, "archive_build": {"peak_rss_mib": 1024.0}},
     {"fts_median": True, "build_peak_rss": False}),
    ({"adversarial": {"worst_ratio": None}, "archive_build": {"peak_rss_mib": 300.0}},
     {"adversarial": None, "build_peak_rss": True}),
    ({"adversarial": {"worst_ratio": 2.5}}, {"adversarial": False}),
    ({"adversarial": {"worst_ratio": 10.0, "worst_ratio_is_lower_bound": True}}, {"adversarial": False}),
    ({"archive_build": {"peak_rss_mib": 1023.9}, "build": {"peak_rss_mib": 2000.0}}, {"build_peak_rss": True}),
])
def test_targets(stages, expected):
    met = {row["name"]: row["met"] for row in _run_with(stages).targets()}
    for name, value in expected.items():
        assert met[name] is value, name


@pytest.mark.parametrize("articles, below", [(300, True), (99_999, True), (100_000, False), (None, False)])
def test_targets_say_the_scale_they_were_measured_at(articles, below):
    stages = {"fts": {"all": {"median_ms": 10.0}, "articles": articles}}
    row = {r["name"]: r for r in _run_with(stages).targets()}["fts_median"]
    assert row["below_target_scale"] is below
    assert bench.verdict(row).startswith("met")
    assert bench.verdict(row).endswith("articles only") is below


@pytest.mark.parametrize("measured_bytes, ratio, quick, met, shown", [
    (200_000, 1.2, True, None, "not measured at 5 MB (quick run)"),       # --quick's 0.2 MB says nothing of 5 MB
    (200_000, 3.0, True, None, "not measured at 5 MB (quick run)"),
    (1_000_000, 1.2, False, None, "not measured at 5 MB (measured at 1 MB only)"),
    (5_000_000, 1.2, False, True, "met"),
    (5_000_000, 2.5, True, False, "NOT met"),
    (None, 1.2, False, True, "met"),                                       # an older figure without its size
])
def test_the_noise_target_is_met_only_at_its_size(measured_bytes, ratio, quick, met, shown):
    plan = bench.BenchPlan(data_dir=Path("x"), json_path=Path("x/b.json"), mirror_root=MIRROR, quick=quick)
    run = bench.BenchRun(plan=plan, machine={}, stages={"adversarial": {"bytes": measured_bytes, "worst_ratio": ratio}})
    row = {r["name"]: r for r in run.targets()}["adversarial"]
    assert row["met"] is met
    assert bench.verdict(row) == shown
    printed = dict(((stage, measure), value) for stage, measure, value in bench.table_rows(run))
    assert printed[("target", row["target"])].endswith("→ " + shown)


def _options(**extra) -> Options:
    namespace = Namespace(data_dir="d", **{k: extra.get(k) for k in (
        "articles", "build_articles", "full", "baseline", "baseline_rounds", "adversarial_mb", "queries", "seed",
        "quick", "skip_crawl", "skip_baseline", "json_path")})
    return Options.from_namespace(namespace)


@pytest.mark.parametrize("extra, expected", [
    ({}, {"articles": 100_000, "build_articles": 1_000, "adversarial_bytes": 5_000_000,
          "json_path": Path("d/bench/bench.json")}),
    ({"quick": True}, {"articles": 2_000, "build_articles": 200, "baseline_articles": 3, "baseline_rounds": 2,
                       "quick": True}),
    ({"articles": 5_000, "full": True}, {"articles": 5_000, "build_articles": 5_000}),
    ({"adversarial_mb": 0.5, "json_path": "out.json"}, {"adversarial_bytes": 500_000, "json_path": Path("out.json")}),
    ({"baseline": 6, "baseline_rounds": 9}, {"baseline_articles": 6, "baseline_rounds": 9}),
    ({"quick": True, "baseline_rounds": 4}, {"baseline_articles": 3, "baseline_rounds": 4}),
])
def test_plan_from_options(extra, expected):
    plan = bench.BenchPlan.from_options(_options(**extra))
    for name, value in expected.items():
        assert getattr(plan, name) == value, name


@pytest.mark.parametrize("extra, message", [
    ({"articles": -1}, "--articles must be at least 1"),
    ({"queries": -5}, "--queries must be at least 1"),
    ({"articles": 0}, "--articles must be at least 1"),
    ({"adversarial_mb": 0.0}, "--adversarial-mb must be more than 0"),
    ({"baseline": 0}, "--baseline must be at least 1"),
    ({"baseline_rounds": 0}, "--baseline-rounds must be at least 1"),
])
def test_plan_refuses_nonsense(extra, message):
    with pytest.raises(InputError, match=message):
        bench.BenchPlan.from_options(_options(**extra))


def test_a_child_past_its_time_is_stopped():
    started = time.monotonic()
    answer = bench._child(bench._time_extract_child, ("ordinary", 20_000_000, str(MIRROR), 1), timeout=1.0)
    assert answer is None
    assert time.monotonic() - started < 15


# ---------------------------------------------------------------- a tiny whole run


REQUIRED_FIGURES = [
    ("machine", "nproc"), ("machine", "cpu_model"), ("machine", "ram_gib"), ("machine", "python"),
    ("extraction", "all", "articles_per_s"), ("extraction", "all", "mb_per_s"),
    ("extraction", "all", "articles_per_cpu_s"),
    ("extraction", "subset", "extract_s_per_article"), ("extraction", "subset", "ner_s_per_article"),
    ("extraction", "subset", "ratio"),
    ("adversarial", "ordinary", "seconds"), ("adversarial", "noise", "pattern", "seconds"),
    ("adversarial", "noise", "tokens", "seconds"), ("adversarial", "worst_ratio"),
    ("crawl", "pages_per_s"), ("crawl", "articles_per_s"), ("crawl", "build_of_crawled_archive", "s_per_1000"),
    ("build", "s_per_1000"), ("build", "peak_rss_mib"), ("build", "articles_per_s"),
    ("archive_build", "s_per_1000"), ("archive_build", "peak_rss_mib"), ("archive_build", "archive", "pages"),
    ("extraction", "per_extractor_ms", "legal_refs"), ("extraction", "per_extractor_ms", "activities"),
    ("fts", "unranked", "median_ms"),
    ("fts", "articles"), ("fts", "all", "median_ms"), ("fts", "all", "p95_ms"),
    ("fts", "with_diacritics", "median_ms"), ("fts", "without_diacritics", "p95_ms"),
]


def _get(figures: dict, path: tuple[str, ...]):
    for key in path:
        figures = figures[key]
    return figures


def _check_baseline_rounds(subset: dict, rounds: int) -> None:
    """The baseline's figures over its rounds agree with one another: medians, ranges, per-round ratios."""
    assert subset["rounds"] == rounds
    for name in ("extract", "ner"):
        per_round = subset[f"{name}_ms_rounds"]
        assert len(per_round) == rounds and all(ms > 0 for ms in per_round)
        low, high = subset[f"{name}_ms_range"]
        assert 0 < low <= high
        assert (low, high) == (min(per_round), max(per_round))
        assert low <= subset[f"{name}_s_per_article"] * 1000 <= high
        assert subset[f"{name}_s_per_article"] * 1000 == pytest.approx(statistics.median(per_round), abs=1e-3)
    medians = statistics.median(subset["ner_ms_rounds"]) / statistics.median(subset["extract_ms_rounds"])
    assert subset["ratio"] == pytest.approx(medians, abs=0.1)
    assert subset["ratios"] == pytest.approx(
        [n / e for e, n in zip(subset["extract_ms_rounds"], subset["ner_ms_rounds"])], abs=0.1)
    assert "process_time" in subset["clock"]


def test_baseline_without_ner_still_gives_extract_rounds(corpus):
    plan = dataclasses.replace(bench.BenchPlan.from_options(_options(skip_baseline=True)), mirror_root=MIRROR,
                               baseline_articles=1, baseline_rounds=1, progress=False)
    subset = _baseline(corpus, plan)
    assert subset["rounds"] == 1 and len(subset["extract_ms_rounds"]) == 1
    assert subset["extract_ms_range"][0] == subset["extract_ms_range"][1] > 0
    assert subset["ner_s_per_article"] is None and subset["ratio"] is None
    assert subset["skipped"] == "--skip-baseline"


def test_quick_bench_writes_every_figure(tmp_path, capsys):
    out = tmp_path / "figures.json"
    status = main(["bench", "--data-dir", str(tmp_path), "--quick", "--quiet", "--articles", "200",
                   "--build-articles", "20", "--baseline", "1", "--adversarial-mb", "0.02",
                   "--queries", "40", "--skip-cluster", "--json", str(out)])
    assert status == 0
    printed = capsys.readouterr().out
    figures = json.loads(out.read_text(encoding="utf-8"))
    for path in REQUIRED_FIGURES:
        value = _get(figures, path)
        assert value is not None and value != "", path
        if isinstance(value, (int, float)):
            assert value > 0, path
    assert figures["fts"]["articles"] == 200
    _check_baseline_rounds(figures["extraction"]["subset"], rounds=2)
    assert "median of 2 rounds" in printed and "CPU" in printed
    assert figures["build"]["articles"] == 20
    assert figures["archive_build"]["articles"] == figures["archive_build"]["loaded"] == 20
    assert figures["archive_build"]["rss_growth_mib_per_1000"] is None   # 20 articles say nothing per 1,000
    assert "growth per 1,000 articles not measured" in printed
    assert figures["cluster_build"] == {"skipped": True}
    assert figures["build"]["facts"]["legal_refs"] > 0
    assert figures["crawl"]["rounds"][0]["articles"] > 0
    assert figures["crawl"]["rounds"][0]["failed"] == 0
    assert {row["name"] for row in figures["targets"]} == {t[0] for t in bench.TARGETS}
    assert "only" in printed   # the quick run's targets say they were not measured at 100,000 articles
    assert "→ not measured at 5 MB (quick run)" in printed   # 0.02 MB of noise: not the target's 5 MB
    assert {row["name"]: row["met"] for row in figures["targets"]}["adversarial"] is None
    for words in ("articles/s", "ms/article", "median", "p95", "peak RSS", "AMD" if "AMD" in printed else "CPU"):
        assert words in printed

    # The same hits with and without diacritics: the folded index is what is searched.
    hits = figures["fts"]["hits_top20"]
    assert any(hits.values())
    for query in bench.SEARCH_QUERIES:
        assert hits[query] == hits[fold(query)], query

    # Synthetic articles stay in databases under DATA_DIR/bench/, marked as such.
    assert not (tmp_path / "danvan.db").exists()
    database = Path(figures["fts"]["database"])
    assert database.parent == tmp_path / "bench"
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT DISTINCT site FROM articles").fetchall() == [("synthetic",)]
        assert db.execute("SELECT count(*) FROM articles WHERE url NOT LIKE 'synthetic://bench/%'").fetchone() == (0,)

    # A second run finds the search database it made and reuses it.
    plan = bench.BenchPlan.from_options(_options(quick=True, articles=200).with_(data_dir=tmp_path))
    _path, made = bench.search_database(bench.load_corpus(MIRROR), plan)
    assert made == {"reused": True}


@pytest.mark.parametrize("number", [1, 2, 17])
def test_unseen_copy_has_the_same_facts_but_is_another_text(corpus, number):
    from extractors import extract

    text = corpus.texts[0]
    copy = bench.unseen_copy(text, number)
    assert copy != text and copy != bench.unseen_copy(text, number + 1)
    assert extract(copy) == extract(text)


def test_bench_refuses_a_data_dir_that_is_a_file_or_cannot_be_written(tmp_path, capsys):
    afile = tmp_path / "afile"
    afile.write_text("x")
    assert main(["bench", "--data-dir", str(afile), "--quick", "--quiet"]) == 1
    assert "is a file, not a directory" in capsys.readouterr().err
    assert main(["bench", "--data-dir", str(afile / "below"), "--quick", "--quiet"]) == 1
    assert "cannot write there" in capsys.readouterr().err
    assert afile.read_text() == "x"


def test_the_table_shows_the_cluster_build_and_its_speed_up():
    serial = {"articles": 3000, "seconds": 30.0, "articles_per_s": 100.0}
    two = {"articles": 3000, "seconds": 20.0, "articles_per_s": 150.0, "speed_up": 1.5, "start_up_s": 3.0,
           "same_rows": True}
    run = bench.BenchRun(plan=bench.BenchPlan(data_dir=Path("x"), json_path=Path("x/b.json"), mirror_root=MIRROR),
                         machine={}, stages={"cluster_build": {"archive": {"shards": 8}, "serial": serial,
                                                               "workers_2": two, "same_rows": True}})
    rows = {(measure.strip(), value) for _stage, measure, value in bench.table_rows(run)}
    assert any(measure == "--workers 2 (one thread each)" and "× 1.50 of serial" in value for measure, value in rows)
    assert ("same rows in every table as serial", "yes") in rows
    target = next(t for t in run.targets() if t["name"] == "cluster_speed_up")
    assert target["met"] is True and target["value"] == 1.5


@pytest.mark.parametrize("serial, writer, workers_cpu, workers, expected", [
    (40.0, 10.0, 30.0, 2, 2.0),     # 40 CPU-s over two cores: 20 s
    (40.0, 10.0, 30.0, 1, 1.33),    # one worker's 30 s is the longest share
    (40.0, 25.0, 30.0, 2, 1.45),    # the writer's 25 s of the 27.5 s spread: the spread is longest
    (40.0, 30.0, 10.0, 2, 1.33),    # the writer alone is the longest share
])
def test_the_idle_speed_up_is_bounded_by_the_longest_share(serial, writer, workers_cpu, workers, expected,
                                                         monkeypatch):
    import os

    from pipeline.bench.build import idle_speed_up

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert idle_speed_up(serial, writer, workers_cpu, workers) == expected
