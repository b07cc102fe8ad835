"""What every bench stage shares: the plan, the mirror's texts and synthetic articles, machine facts, child processes."""

from __future__ import annotations

import multiprocessing
import os
import platform
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path


from pipeline import __version__
from scrapers.errors import DanvanError, InputError


REPO = Path(__file__).resolve().parent.parent.parent
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

# Adversarial noise: a pattern of legal-reference fragments, and tokens a legal-reference or number pattern
# could try many ways to combine (e.g. "121/2017/ / - --", "Quyết định số 62-KL/TW").
ADVERSARIAL_PATTERN = "62-KL/TW 121/2017/ / - -- Quyết định số "
NOISE_TOKENS = (
    "62", "121", "2017", "03", "1.250", "2,5", "-", "--", "/", "//", " / ", "-KL/TW", "KL/TW",
    "121/2017/", "QĐ-UBND", "/NQ-CP", "TT-BTC", "Quyết định số", "Nghị quyết", "Kết luận", "Chỉ thị",
    "Thông tư", "Luật", "số", "ngày", "tháng", "năm", "tỷ", "triệu", "đồng", "hộ", "người", "và", ",",
)

@dataclass(frozen=True)
class Scale:
    """The size a target names: the JSON path of the size a run measured at, that size, its unit as printed, and
    whether a figure measured smaller may still say met ("met at 2,000 articles only") or says nothing of the
    target ("not measured at 5 MB": a worst case that shows only at size)."""

    path: tuple[str, ...]
    size: int
    unit: str                     # "articles", or "MB" for a size in bytes
    smaller_may_meet: bool = True

    def text(self, measured) -> str:
        if self.unit == "MB":
            return f"{measured / 1e6:g} MB"
        return f"{measured:,} {self.unit}"


# The targets danvan holds itself to (benchmarks, not tests): name, description, JSON path of the figure,
# comparison, bound, and the Scale when the target names one (the verdict then says when it was measured smaller).
TARGET_SCALE = 100_000
TARGETS = (
    ("extract_vs_ner", "extraction ≥ 50× underthesea ner per article",
     ("extraction", "subset", "ratio"), ">=", 50, None),
    ("extract_rate", "≥ 50 articles/s on one core (CPU time)",
     ("extraction", "all", "articles_per_cpu_s"), ">=", 50, None),
    ("fts_median", "FTS median ≤ 50 ms at 100,000 articles",
     ("fts", "all", "median_ms"), "<=", 50, Scale(("fts", "articles"), TARGET_SCALE, "articles")),
    ("build_peak_rss", "danvan build peak RSS < 1 GiB over 100,000 articles",
     ("archive_build", "peak_rss_mib"), "<", 1024, Scale(("archive_build", "articles"), TARGET_SCALE, "articles")),
    ("adversarial", "5 MB of noise ≤ 2× the time of 5 MB of ordinary text",
     ("adversarial", "worst_ratio"), "<=", 2, Scale(("adversarial", "bytes"), 5_000_000, "MB", smaller_may_meet=False)),
    ("cluster_speed_up", "build on 2 local workers ≥ 1.35× the serial build",
     ("cluster_build", "workers_2", "speed_up"), ">=", 1.35, None),
    ("cluster_idle_speed_up", "the same from CPU seconds, on idle cores (estimate)",
     ("cluster_build", "workers_2", "idle_speed_up"), ">=", 1.35, None),
)


@dataclass(frozen=True)
class BenchPlan:
    """How big each stage is; built from the options (``--quick`` shrinks every stage)."""

    data_dir: Path
    json_path: Path
    mirror_root: Path
    articles: int = 100_000          # synthetic articles in the search database
    build_articles: int = 1_000      # synthetic articles through extract + load, and through the real build
    cluster_articles: int = 3_000    # synthetic articles of the cluster build (serial, 1 and 2 local workers)
    cluster_shards: int = 8          # WARC files they are archived in
    skip_cluster: bool = False
    baseline_articles: int = 12      # articles timed with underthesea's ner (and extract)
    baseline_rounds: int = 5         # fresh child processes that each time extract and ner on them
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
        defaults = {"articles": 100_000, "build_articles": 1_000, "cluster_articles": 3_000, "baseline_articles": 12,
                    "baseline_rounds": 5,
                    "adversarial_bytes": 5_000_000, "queries": 200, "min_seconds": 3.0, "crawl_rounds": 3}
        if quick:
            defaults.update(articles=2_000, build_articles=200, cluster_articles=400, baseline_articles=3,
                            baseline_rounds=2,
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
            cluster_articles=int(given("cluster_articles", defaults["cluster_articles"])),
            skip_cluster=bool(extra.get("skip_cluster")),
            baseline_articles=int(given("baseline", defaults["baseline_articles"])),
            baseline_rounds=int(given("baseline_rounds", defaults["baseline_rounds"])),
            adversarial_bytes=(int(adversarial_mb * 1_000_000) if adversarial_mb is not None
                               else defaults["adversarial_bytes"]),
            queries=int(given("queries", defaults["queries"])),
            min_seconds=defaults["min_seconds"], crawl_rounds=defaults["crawl_rounds"],
            skip_crawl=bool(extra.get("skip_crawl")), skip_baseline=bool(extra.get("skip_baseline")),
            quick=quick, seed=int(given("seed", DEFAULT_SEED)),
            progress=options.progress and not options.quiet,
        )
        for name, option in (("articles", "--articles"), ("build_articles", "--build-articles"),
                             ("cluster_articles", "--cluster-articles"), ("baseline_articles", "--baseline"),
                             ("baseline_rounds", "--baseline-rounds"), ("adversarial_bytes", "--adversarial-mb"),
                             ("queries", "--queries")):
            if getattr(plan, name) < 1:
                raise InputError(f"{option} must be at least 1" if option != "--adversarial-mb"
                                 else f"{option} must be more than 0")
        return plan

    def as_dict(self) -> dict:
        return {key: str(value) if isinstance(value, Path) else value for key, value in self.__dict__.items()}


def check_data_dir(data_dir: Path) -> None:
    """Refuse, before any stage runs, a data directory that is a file or cannot be written."""
    data_dir = Path(data_dir)
    if data_dir.exists() and not data_dir.is_dir():
        raise InputError(f"--data-dir {data_dir} is a file, not a directory")
    bench_dir = data_dir / "bench"
    try:
        bench_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=bench_dir, prefix=".writable-"):
            pass
    except OSError as exc:
        raise InputError(f"--data-dir {data_dir}: cannot write there ({exc.strerror or exc})") from exc


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
    from pipeline.pages import content_sha256

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


def _rate(count: float, seconds: float) -> float | None:
    return round(count / seconds, 2) if seconds > 0 else None


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
