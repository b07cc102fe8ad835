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
* **full-text search** — a database of N synthetic articles (default 100,000) under ``DATA_DIR/bench/``,
  loaded without extraction, and the latency of a fixed set of queries with and without diacritics.

Synthetic articles are made by recombining sentences of the mirror articles with a seeded random
generator (deterministic); they are marked as such: ``site = "synthetic"``, URL
``synthetic://bench/000001``, a title ending in ``(bài tổng hợp để đo 000001)``, and they go only into
databases under ``DATA_DIR/bench/``, never into ``DATA_DIR/danvan.db``.
"""

from __future__ import annotations

import importlib
import json
import multiprocessing
import os
import platform
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from tqdm import tqdm

from pipeline import __version__
from scrapers.errors import DanvanError, InputError

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SEED = 20261127

SYNTHETIC_SITE = "synthetic"
SYNTHETIC_CATEGORY = "synthetic-bench"
SYNTHETIC_URL = "synthetic://bench/{number:06d}"
SYNTHETIC_TITLE = "{title} (bài tổng hợp để đo {number:06d})"
SYNTHETIC_VERSION = "bench-synthetic-1"   # the generator's version: a cached search database must match it
SYNTHETIC_FIRST_DAY = date(2015, 1, 1)
SYNTHETIC_DAYS = 11 * 365
NOISE_TIME_LIMIT = 5    # a noise text is stopped after this many times the ordinary text's time (at least 30 s)
LOAD_BATCH = 1000
WARM_UP_NUMBER = 999_999   # the synthetic article extracted before timing (never timed itself)
WARM_UP_TEXTS = 3   # mirror articles extracted in a child process before its memory baseline
SYNTHETIC_HOST = "http://synthetic.bench.invalid"   # the archived synthetic pages' origin (never fetched)
SYNTHETIC_SLUG = "Bai-tong-hop-de-do-{number:06d}"   # synthetic articles per transaction when loading the search database

# The queries of the search benchmark: words a researcher types, frequent and rare, with diacritics;
# each is also asked folded (without diacritics), e.g. "Mặt trận Tổ quốc" and "mat tran to quoc".
SEARCH_QUERIES = (
    "dân vận", "Mặt trận Tổ quốc", "hộ nghèo", "nông thôn mới", "đại đoàn kết", "hòa giải",
    "thanh niên", "người có uy tín", "an sinh xã hội", "Kết luận 62", "giám sát phản biện",
    "đồng bào dân tộc thiểu số", "Hội Liên hiệp Phụ nữ", "dân chủ ở cơ sở", "Chư Sê", "Kbang",
    "nhà đại đoàn kết", "cựu chiến binh", "tôn giáo", "tỷ đồng",
)

# Adversarial noise: the pattern of the legal issue, and tokens a legal-reference or number pattern
# could try many ways to combine (e.g. "121/2017/ / - --", "Quyết định số 62-KL/TW").
ADVERSARIAL_PATTERN = "62-KL/TW 121/2017/ / - -- Quyết định số "
NOISE_TOKENS = (
    "62", "121", "2017", "03", "1.250", "2,5", "-", "--", "/", "//", " / ", "-KL/TW", "KL/TW",
    "121/2017/", "QĐ-UBND", "/NQ-CP", "TT-BTC", "Quyết định số", "Nghị quyết", "Kết luận", "Chỉ thị",
    "Thông tư", "Luật", "số", "ngày", "tháng", "năm", "tỷ", "triệu", "đồng", "hộ", "người", "và", ",",
)

# The figures the issue sets (benchmarks, not tests): name, description, JSON path of the figure,
# comparison, bound, and the JSON path of the number of articles it was measured at when the target
# names a scale (the verdict then says when it was measured at fewer).
TARGET_SCALE = 100_000
TARGETS = (
    ("extract_vs_ner", "extraction ≥ 20× underthesea ner per article",
     ("extraction", "subset", "ratio"), ">=", 20, None),
    ("extract_rate", "≥ 50 articles/s on one core (CPU time)",
     ("extraction", "all", "articles_per_cpu_s"), ">=", 50, None),
    ("fts_median", "FTS median ≤ 50 ms at 100,000 articles",
     ("fts", "all", "median_ms"), "<=", 50, ("fts", "articles")),
    ("build_peak_rss", "danvan build peak RSS < 1 GiB over 100,000 articles",
     ("archive_build", "peak_rss_mib"), "<", 1024, ("archive_build", "articles")),
    ("adversarial", "5 MB of noise ≤ 2× the time of 5 MB of ordinary text",
     ("adversarial", "worst_ratio"), "<=", 2, None),
)


@dataclass(frozen=True)
class BenchPlan:
    """How big each stage is; built from the options (``--quick`` shrinks every stage)."""

    data_dir: Path
    json_path: Path
    mirror_root: Path
    articles: int = 100_000          # synthetic articles in the search database
    build_articles: int = 1_000      # synthetic articles through extract + load, and through the real build
    baseline_articles: int = 12      # articles timed with underthesea's ner (and extract)
    adversarial_bytes: int = 5_000_000
    adversarial_timeout: float = 300.0
    queries: int = 200
    min_seconds: float = 3.0         # extraction passes repeat until this long
    crawl_rounds: int = 3
    skip_crawl: bool = False
    skip_baseline: bool = False
    quick: bool = False
    seed: int = DEFAULT_SEED
    progress: bool = True

    @property
    def bench_dir(self) -> Path:
        return self.data_dir / "bench"

    @classmethod
    def from_options(cls, options) -> "BenchPlan":
        extra = options.extra
        quick = bool(extra.get("quick"))
        full = bool(extra.get("full"))
        defaults = {"articles": 100_000, "build_articles": 1_000, "baseline_articles": 12,
                    "adversarial_bytes": 5_000_000, "queries": 200, "min_seconds": 3.0, "crawl_rounds": 3}
        if quick:
            defaults.update(articles=2_000, build_articles=200, baseline_articles=3,
                            adversarial_bytes=200_000, queries=50, min_seconds=0.5, crawl_rounds=1)
        def given(name: str, default):
            return default if extra.get(name) is None else extra[name]

        articles = given("articles", defaults["articles"])
        build_articles = given("build_articles", articles if full else defaults["build_articles"])
        adversarial_mb = extra.get("adversarial_mb")
        data_dir = Path(options.data_dir)
        mirror_root = data_dir / "mirror"
        if not (mirror_root / "site.yaml").is_file():
            mirror_root = REPO / "data" / "mirror"
        json_path = Path(extra["json_path"]) if extra.get("json_path") else data_dir / "bench" / "bench.json"
        plan = cls(
            data_dir=data_dir, json_path=json_path, mirror_root=mirror_root,
            articles=int(articles), build_articles=int(build_articles),
            baseline_articles=int(given("baseline", defaults["baseline_articles"])),
            adversarial_bytes=(int(adversarial_mb * 1_000_000) if adversarial_mb is not None
                               else defaults["adversarial_bytes"]),
            queries=int(given("queries", defaults["queries"])),
            min_seconds=defaults["min_seconds"], crawl_rounds=defaults["crawl_rounds"],
            skip_crawl=bool(extra.get("skip_crawl")), skip_baseline=bool(extra.get("skip_baseline")),
            quick=quick, seed=int(given("seed", DEFAULT_SEED)),
            progress=options.progress and not options.quiet,
        )
        for name in ("articles", "build_articles", "baseline_articles", "adversarial_bytes", "queries"):
            if getattr(plan, name) < 1:
                raise InputError(f"--{name.replace('_', '-')} must be at least 1")
        return plan

    def as_dict(self) -> dict:
        return {key: str(value) if isinstance(value, Path) else value for key, value in self.__dict__.items()}


# ---------------------------------------------------------------- the texts


@dataclass(frozen=True)
class Corpus:
    """The mirror's article texts (title, blank line, paragraphs — the gold-text form) and their sentences."""

    texts: tuple[str, ...]
    titles: tuple[str, ...]
    sentences: tuple[str, ...]
    sentence_counts: tuple[int, ...]   # sentences of each article, to give synthetic articles the same lengths

    @property
    def chars(self) -> int:
        return sum(len(t) for t in self.texts)

    @property
    def utf8_bytes(self) -> int:
        return sum(len(t.encode("utf-8")) for t in self.texts)


def load_corpus(mirror_root: Path) -> Corpus:
    """The articles of the mirror that the site serves with a body (no placeholders, no 404s), in path order."""
    from extractors.normalize import nfc
    from extractors.sentences import sentence_spans
    from scrapers.mirror import load_mirror

    mirror = load_mirror(mirror_root)
    articles = [a for _path, a in sorted(mirror.articles.items()) if not a.is_placeholder and a.status == 200]
    if not articles:
        raise InputError(f"the mirror at {mirror_root} has no articles to measure with")
    texts, sentences, counts = [], [], []
    for article in articles:
        text = nfc(article.title + "\n\n" + "\n".join(article.paragraphs))
        texts.append(text)
        body_sentences = []
        for paragraph in map(nfc, article.paragraphs):
            body_sentences.extend(paragraph[start:end] for start, end in sentence_spans(paragraph))
        sentences.extend(body_sentences)
        counts.append(max(1, len(body_sentences)))
    return Corpus(tuple(texts), tuple(nfc(a.title) for a in articles), tuple(sentences), tuple(counts))


def synthetic_article(number: int, corpus: Corpus, seed: int = DEFAULT_SEED) -> dict:
    """Synthetic article *number* (1, 2, …): mirror sentences recombined, the same for the same seed."""
    from pipeline.build import content_sha256

    rng = random.Random(f"{seed}:{number}")
    wanted = rng.choice(corpus.sentence_counts)
    paragraphs = []
    while wanted > 0:
        size = min(wanted, rng.randint(1, 4))
        paragraphs.append(" ".join(rng.choices(corpus.sentences, k=size)))
        wanted -= size
    title = SYNTHETIC_TITLE.format(title=rng.choice(corpus.titles), number=number)
    text = "\n".join(paragraphs)
    published = SYNTHETIC_FIRST_DAY + timedelta(days=rng.randrange(SYNTHETIC_DAYS))
    return {
        "url": SYNTHETIC_URL.format(number=number), "site": SYNTHETIC_SITE, "category": SYNTHETIC_CATEGORY,
        "title": title, "published_on": published.isoformat(), "author": None, "text": text,
        "content_sha256": content_sha256(title, text), "fetched_at": None,
    }


def ordinary_text(corpus: Corpus, size_bytes: int) -> str:
    """Mirror articles one after another (blank line between), repeated and cut to *size_bytes* of UTF-8."""
    return _cut_to_bytes("\n\n".join(corpus.texts), size_bytes, "\n\n")


def noise_text(size_bytes: int, kind: str, seed: int = DEFAULT_SEED) -> str:
    """Adversarial noise of *size_bytes*: ``pattern`` repeats ADVERSARIAL_PATTERN; ``tokens`` shuffles NOISE_TOKENS."""
    if kind == "pattern":
        return _cut_to_bytes(ADVERSARIAL_PATTERN, size_bytes, "")
    rng = random.Random(f"{seed}:noise")
    pieces, size = [], 0
    while size < size_bytes:
        piece = rng.choice(NOISE_TOKENS) + rng.choice(("", " ", " ", "/", "-"))
        pieces.append(piece)
        size += len(piece.encode("utf-8"))
    return _cut_to_bytes("".join(pieces), size_bytes, "")


def _cut_to_bytes(unit: str, size_bytes: int, joiner: str) -> str:
    unit_bytes = len((unit + joiner).encode("utf-8"))
    whole = joiner.join([unit] * (size_bytes // unit_bytes + 1))
    return whole.encode("utf-8")[:size_bytes].decode("utf-8", errors="ignore")


# ---------------------------------------------------------------- machine facts


def machine_facts() -> dict:
    """Where the figures come from: CPU, cores, RAM, Python, SQLite, library versions."""
    facts = {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "ram_gib": _ram_gib(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
        "danvan": __version__,
    }
    try:
        from importlib.metadata import version
        facts["underthesea"] = version("underthesea")
    except Exception:   # not installed: the baseline stage says so
        facts["underthesea"] = None
    facts["commit"] = _git_describe()
    return facts


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _git_describe() -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"],
                              capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def rss_mib() -> float:
    """The current resident set size of this process, in MiB (Linux; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def peak_rss_mib() -> float:
    """The peak resident set size of this process so far (``ru_maxrss``, KiB on Linux), in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------- stages


def _rate(count: float, seconds: float) -> float | None:
    return round(count / seconds, 2) if seconds > 0 else None


def bench_extraction(corpus: Corpus, plan: BenchPlan) -> dict:
    """extract on every mirror article, and extract beside underthesea's ner on a subset of them."""
    from extractors import EXTRACTOR_VERSION, extract

    warm_up = synthetic_article(WARM_UP_NUMBER, corpus, plan.seed)["text"]
    extract(warm_up)   # not timed: imports, compiled patterns, data files (a text not timed below)
    subset = _baseline(corpus, plan, extract)   # first, while no extractor has seen its texts
    passes, wall, cpu = 0, 0.0, 0.0
    while passes == 0 or wall < plan.min_seconds:
        texts = [unseen_copy(text, passes + 1) for text in corpus.texts]
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        for text in texts:
            extract(text)
        wall += time.perf_counter() - wall_start
        cpu += time.process_time() - cpu_start
        passes += 1
    articles = passes * len(corpus.texts)
    megabytes = passes * corpus.utf8_bytes / 1e6
    result = {
        "extractor_version": EXTRACTOR_VERSION,
        "all": {
            "articles": len(corpus.texts), "passes": passes, "mb": round(corpus.utf8_bytes / 1e6, 3),
            "mean_chars": round(corpus.chars / len(corpus.texts)), "seconds": round(wall, 3),
            "cpu_seconds": round(cpu, 3), "articles_per_s": _rate(articles, wall),
            "articles_per_cpu_s": _rate(articles, cpu), "mb_per_s": _rate(megabytes, wall),
            "unseen_copies": "pass N appends N spaces to each text, so no extractor's cache holds it",
        },
    }
    result["per_extractor_ms"] = _per_extractor([unseen_copy(text, passes + 1) for text in corpus.texts])
    result["subset"] = subset
    return result


def unseen_copy(text: str, number: int) -> str:
    """*text* with *number* trailing spaces: the same facts, but a text no extractor has cached in this process."""
    return text + " " * number


def _per_extractor(texts: list[str]) -> dict:
    """Milliseconds per text of each extractor of ``extractors.EXTRACTORS`` alone (one pass over *texts*)."""
    from extractors import EXTRACTORS
    from extractors.normalize import nfc

    texts = [nfc(text) for text in texts]
    figures = {}
    for key, path in EXTRACTORS:
        module_name, name = path.split(":")
        function = getattr(importlib.import_module(module_name), name)
        started = time.perf_counter()
        for text in texts:
            function(text)
        figures[key] = round((time.perf_counter() - started) / len(texts) * 1000, 3)
    return figures


def _baseline(corpus: Corpus, plan: BenchPlan, extract) -> dict:
    """Per article on the same subset: extract, and underthesea's ner on each sentence (the baseline)."""
    from extractors.sentences import sentence_spans

    count = min(plan.baseline_articles, len(corpus.texts))
    step = len(corpus.texts) / count
    subset = [corpus.texts[int(i * step)] for i in range(count)]   # spread over the mirror, not its first files
    extract_seconds = 0.0
    for text in subset:
        started = time.perf_counter()
        extract(text)
        extract_seconds += time.perf_counter() - started
    result = {
        "articles": count, "mb": round(sum(len(t.encode("utf-8")) for t in subset) / 1e6, 3),
        "extract_s_per_article": round(extract_seconds / count, 6),
        "baseline": "underthesea.ner on each sentence (danvan's sentence splitter, not timed)",
    }
    if plan.skip_baseline:
        return {**result, "ner_s_per_article": None, "ratio": None, "skipped": "--skip-baseline"}
    try:
        from underthesea import ner
    except ImportError as exc:
        return {**result, "ner_s_per_article": None, "ratio": None, "skipped": f"underthesea missing: {exc}"}
    ner("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Gia Lai.")   # warm-up, not timed: loads the model
    ner_seconds = 0.0
    for text in tqdm(subset, desc="bench: underthesea ner", unit=" articles", file=sys.stderr,
                     disable=not _show_progress(plan), leave=False):
        sentences = [text[s:e] for s, e in sentence_spans(text)]
        started = time.perf_counter()
        for sentence in sentences:
            ner(sentence)
        ner_seconds += time.perf_counter() - started
    result["ner_s_per_article"] = round(ner_seconds / count, 6)
    result["ratio"] = round(ner_seconds / extract_seconds, 1) if extract_seconds > 0 else None
    return result


def _show_progress(plan: BenchPlan) -> bool:
    return plan.progress and sys.stderr.isatty()


def _child(target, args: tuple, timeout: float) -> dict | None:
    """Run ``target(*args, queue)`` in a fresh (spawned) process; its answer, or None after *timeout* seconds."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue), daemon=True)
    process.start()
    deadline = time.monotonic() + timeout
    answer = None
    while time.monotonic() < deadline:
        try:
            answer = queue.get(timeout=min(1.0, max(0.01, deadline - time.monotonic())))
            break
        except Exception:   # queue.Empty: not yet
            if not process.is_alive() and queue.empty():
                break
    if answer is None and process.is_alive():
        process.terminate()
    process.join(timeout=10)
    if answer is None and process.exitcode not in (None, 0, -15):
        raise DanvanError(f"bench: a child process ({target.__name__}) failed with exit status {process.exitcode}")
    if isinstance(answer, dict) and answer.get("error"):
        raise DanvanError(f"bench: {target.__name__}: {answer['error']}")
    return answer


# Reaches every extractor and underthesea's tagger (used by the organization grammar), so that no
# loading is timed.
WARM_UP_SENTENCE = ("Kết luận số 62-KL/TW ngày 08/12/2009 của Bộ Chính trị; Quỹ Hỗ trợ nông dân và Hội Nông dân "
                    "xã Ia Dreh giải ngân 1,2 tỷ đồng cho 30 hộ, đạt 95%, trên 3,5 ha.")


def _time_extract_child(kind: str, size_bytes: int, mirror_root: str, seed: int, queue) -> None:
    """In a child process: make one big text (ordinary or noise), warm up, time one ``extract`` of it."""
    try:
        from extractors import extract

        if kind == "ordinary":
            text = ordinary_text(load_corpus(Path(mirror_root)), size_bytes)
        else:
            text = noise_text(size_bytes, kind, seed)
        extract(WARM_UP_SENTENCE)
        started, cpu_started = time.perf_counter(), time.process_time()
        facts = extract(text)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        queue.put({"seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3), "chars": len(text),
                   "bytes": len(text.encode("utf-8")), "facts": sum(len(v) for v in facts.values()),
                   "peak_rss_mib": round(peak_rss_mib(), 1)})
    except Exception as exc:   # reported by the parent as a bench error
        queue.put({"error": f"{type(exc).__name__}: {exc}"})


def bench_adversarial(plan: BenchPlan, article_mb_per_s: float | None = None) -> dict:
    """extract on *adversarial_bytes* of ordinary text and of two kinds of noise, each in its own process.

    With *article_mb_per_s* (the rate on article-sized texts) the ordinary text's time is also compared
    with the time the same bytes take as separate articles: above 1, one big text costs more than linear.
    """
    args = (plan.adversarial_bytes, str(plan.mirror_root), plan.seed)
    ordinary = _child(_time_extract_child, ("ordinary", *args), plan.adversarial_timeout)
    if ordinary is None:
        return {"bytes": plan.adversarial_bytes, "ordinary": None, "worst_ratio": None,
                "note": f"ordinary text did not finish within {plan.adversarial_timeout:.0f} s"}
    if article_mb_per_s:
        as_articles = plan.adversarial_bytes / 1e6 / article_mb_per_s
        ordinary["as_articles_seconds"] = round(as_articles, 3)
        ordinary["vs_as_articles"] = round(ordinary["seconds"] / as_articles, 2)
    result = {"bytes": plan.adversarial_bytes, "ordinary": ordinary, "noise": {}}
    limit = max(30.0, NOISE_TIME_LIMIT * ordinary["seconds"])
    worst, stopped = 0.0, False
    for kind in ("pattern", "tokens"):
        noise = _child(_time_extract_child, (kind, *args), limit)
        sample = noise_text(200, kind, plan.seed)[:80]
        if noise is None:   # stopped: the ratio is at least the limit's
            noise = {"seconds": None, "timed_out_after": round(limit, 1)}
            ratio, stopped = round(limit / ordinary["seconds"], 2), True
            noise["ratio_at_least"] = ratio
        else:
            ratio = round(noise["seconds"] / max(ordinary["seconds"], 1e-6), 2)
            noise["ratio"] = ratio
        result["noise"][kind] = {**noise, "sample": sample}
        worst = max(worst, ratio)
    result["worst_ratio"] = worst
    result["worst_ratio_is_lower_bound"] = stopped
    if stopped:
        result["note"] = (f"a noise text was stopped after {limit:.0f} s "
                          f"({NOISE_TIME_LIMIT}× the ordinary text's time, at least 30 s)")
    return result


def bench_crawl(plan: BenchPlan) -> dict:
    """Crawl the mirror on 127.0.0.1 with delay 0 (a fresh archive each round); then build that archive."""
    from pipeline.build import build
    from pipeline.options import Options
    from scrapers.crawl import crawl
    from scrapers.mirror import serve_mirror

    rounds = []
    build_result = None
    plan.bench_dir.mkdir(parents=True, exist_ok=True)
    with serve_mirror(plan.mirror_root) as server:
        for number in range(plan.crawl_rounds):
            with tempfile.TemporaryDirectory(prefix="crawl-", dir=plan.bench_dir) as scratch:
                options = Options(data_dir=Path(scratch), base_url=server.base_url, delay=0,
                                  progress=False, quiet=True)
                summary = crawl(options)
                rounds.append({"requests": summary.requests, "articles": summary.articles_new,
                               "bytes": summary.bytes, "seconds": round(summary.elapsed, 3),
                               "failed": summary.failed})
                if number == plan.crawl_rounds - 1:
                    built = build(options)
                    build_result = {"articles": built.articles, "pages": built.pages,
                                    "seconds": round(built.elapsed, 3),
                                    "s_per_1000": round(built.elapsed / built.articles * 1000, 1)
                                    if built.articles else None}
    seconds = sum(r["seconds"] for r in rounds)
    requests = sum(r["requests"] for r in rounds)
    articles = sum(r["articles"] for r in rounds)
    return {
        "base_url": "http://127.0.0.1:<port 0>", "delay": 0, "rounds": rounds,
        "pages_per_s": _rate(requests, seconds), "articles_per_s": _rate(articles, seconds),
        "mb_per_s": _rate(sum(r["bytes"] for r in rounds) / 1e6, seconds),
        "build_of_crawled_archive": build_result,
    }


def _build_child(db_path: str, mirror_root: str, count: int, seed: int, progress: bool, queue) -> None:
    """In a child process: extract and load *count* synthetic articles, one transaction each; time and peak RSS."""
    try:
        from extractors import EXTRACTOR_VERSION, extract
        from pipeline.build import fact_counts
        from pipeline.db import load_article, open_db

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
            "path": "extract + pipeline.db.load_article, one transaction per article, in a child process"}


def write_synthetic_archive(raw_dir: Path, corpus: Corpus, plan: BenchPlan, count: int) -> dict:
    """Archive *count* synthetic articles as the mirror renders article pages, as if crawled (a WARC file).

    Their URLs are on the host ``synthetic.bench.invalid`` and their slugs start ``Bai-tong-hop-de-do-``.
    """
    from scrapers.archive import ArchiveWriter, utc_now
    from scrapers.mirror import MirrorArticle, load_mirror, render_article

    mirror = load_mirror(plan.mirror_root)
    category = mirror.categories[0][0]
    started = time.perf_counter()
    size = 0
    with ArchiveWriter(raw_dir, "bench-synthetic") as archive:
        for number in tqdm(range(1, count + 1), desc="bench: synthetic archive", unit=" pages", file=sys.stderr,
                           disable=not _show_progress(plan), leave=False):
            article = synthetic_article(number, corpus, plan.seed)
            page = MirrorArticle(
                slug=SYNTHETIC_SLUG.format(number=number), categories=(category,), title=article["title"],
                published=date.fromisoformat(article["published_on"]), paragraphs=tuple(article["text"].split("\n")),
            )
            body = render_article(mirror, page).encode("utf-8")
            size += len(body)
            archive.write_exchange(
                url=SYNTHETIC_HOST + page.path, request_headers=[], status=200, reason="OK",
                response_headers=[("Content-Type", "text/html; charset=utf-8")], body=body, fetched_at=utc_now(),
            )
    return {"pages": count, "mb": round(size / 1e6, 1), "seconds": round(time.perf_counter() - started, 1)}


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
    growth_per_1000 = (built["peak_rss_mib"] - built["start_rss_mib"]) / articles * 1000
    return {
        **built, "archive": archive,
        "s_per_1000": round(built["seconds"] / articles * 1000, 2),
        "articles_per_s": _rate(built["articles"], built["seconds"]),
        "rss_growth_mib_per_1000": round(growth_per_1000, 1),
        "path": "pipeline.build.build of a WARC archive of synthetic pages rendered like the mirror's",
    }


def _corpus_stamp(corpus: Corpus, plan: BenchPlan) -> str:
    """What a cached search database was made from; it is reused only when this is the same."""
    from pipeline.build import content_sha256

    return json.dumps({"generator": SYNTHETIC_VERSION, "articles": plan.articles, "seed": plan.seed,
                       "mirror": content_sha256("", "\n".join(corpus.texts))}, sort_keys=True)


def search_database(corpus: Corpus, plan: BenchPlan) -> tuple[Path, dict]:
    """The search database of *plan.articles* synthetic articles (made now, or reused when it matches)."""
    from pipeline.db import load_article, open_db, remove_database_files

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
    from pipeline.db import RANK_AT_MOST, fts_query, search_articles

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
        "query": (f"pipeline.db.search_articles(db, q), top 20: by BM25 rank when a query matches at most "
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


# ---------------------------------------------------------------- the whole bench


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
        for name, description, path, comparison, bound, scale_path in TARGETS:
            value = self.figure(path)
            met = None
            if isinstance(value, (int, float)):
                met = {">=": value >= bound, "<=": value <= bound, "<": value < bound}[comparison]
            measured_at = self.figure(scale_path) if scale_path else None
            rows.append({"name": name, "target": description, "value": value, "bound": bound,
                         "comparison": comparison, "met": met, "measured_at_articles": measured_at,
                         "below_target_scale": bool(measured_at is not None and measured_at < TARGET_SCALE)})
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
    text = {True: "met", False: "NOT met", None: "not measured"}[target["met"]]
    if target["below_target_scale"] and target["met"] is not None:
        text += f" at {target['measured_at_articles']:,} articles only"
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
            ("extract", "ms/article by extractor", ", ".join(
                f"{key} {_number(ms, 2)}" for key, ms in extraction.get("per_extractor_ms", {}).items())),
            ("extract", f"same {subset['articles']} articles: extract",
             f"{_number(subset['extract_s_per_article'] * 1000, 2)} ms/article"),
            ("extract", f"same {subset['articles']} articles: underthesea ner",
             f"{_number(subset['ner_s_per_article'] * 1000 if subset.get('ner_s_per_article') else None, 1)}"
             f" ms/article" if subset.get("ner_s_per_article") else subset.get("skipped", "—")),
            ("extract", "ratio ner / extract (per article)",
             f"{_number(subset.get('ratio'))}×" if subset.get("ratio") else "—"),
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
            ("build", "  peak RSS (child process)", f"{_number(archive_build['peak_rss_mib'])} MiB "
                                                    f"(+{_number(archive_build['rss_growth_mib_per_1000'])} MiB "
                                                    f"per 1,000 articles)"),
        ]
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
