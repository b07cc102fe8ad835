"""Bench stages of extraction: articles/s and MB/s, beside underthesea's ner, and on adversarial noise."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from tqdm import tqdm

from pipeline.bench.common import (
    BenchPlan, Corpus, NOISE_TIME_LIMIT, WARM_UP_NUMBER, _child, _rate, _show_progress, load_corpus,
    noise_text, ordinary_text, peak_rss_mib, synthetic_article,
)

BASELINE_ROUND_TIMEOUT = 600.0   # seconds a round of extract and ner on the subset may take
PER_EXTRACTOR_PASSES = 3   # passes over the mirror articles timing each extractor alone (their median is shown)
NER_WARM_UP = "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Gia Lai."   # loads ner's model; not timed

# Reaches every extractor and underthesea's tagger (used by the organization grammar), so that no
# loading is timed.
WARM_UP_SENTENCE = ("Kết luận số 62-KL/TW ngày 08/12/2009 của Bộ Chính trị; Quỹ Hỗ trợ nông dân và Hội Nông dân "
                    "xã Ia Dreh giải ngân 1,2 tỷ đồng cho 30 hộ, đạt 95%, trên 3,5 ha.")


def bench_extraction(corpus: Corpus, plan: BenchPlan) -> dict:
    """extract on every mirror article, and extract beside underthesea's ner on a subset of them."""
    from extractors import EXTRACTOR_VERSION, extract

    warm_up = synthetic_article(WARM_UP_NUMBER, corpus, plan.seed)["text"]
    extract(warm_up)   # not timed: imports, compiled patterns, data files (a text not timed below)
    subset = _baseline(corpus, plan)   # in child processes of its own
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
    result["per_extractor_ms"] = _per_extractor(corpus.texts, first_copy=passes + 1)
    result["subset"] = subset
    return result


def unseen_copy(text: str, number: int) -> str:
    """*text* with *number* trailing spaces: the same facts, but a text no extractor has cached in this process."""
    return text + " " * number


def _per_extractor(texts: list[str], first_copy: int) -> dict:
    """CPU milliseconds per text of each extractor of ``extractors.EXTRACTORS``, then of each of
    ``extractors.LINKED_EXTRACTORS`` (the activities) given the other kinds' facts of the text (made by ``extract``
    and not timed): each text is read by every extractor in that order before the next text, so that an extractor
    reuses what an earlier one cached for the same text (the word runs of the pre-scan, the matching form), as in
    ``extract``. The median of PER_EXTRACTOR_PASSES passes over unseen copies of *texts* (the first numbered
    *first_copy*), so that a pause of the machine during one pass does not make the figure."""
    from extractors import EXTRACTORS, LINKED_EXTRACTORS, extract, extractor_function
    from extractors.normalize import nfc

    functions = [(key, extractor_function(path)) for key, path in EXTRACTORS]
    linked = [(key, extractor_function(path)) for key, path in LINKED_EXTRACTORS]
    times: dict[str, list[float]] = {key: [] for key, _function in functions + linked}
    clock = time.process_time
    for number in range(first_copy, first_copy + PER_EXTRACTOR_PASSES):
        spent = dict.fromkeys(times, 0.0)
        for article in (nfc(unseen_copy(text, number)) for text in texts):
            for key, function in functions:
                started = clock()
                function(article)
                spent[key] += clock() - started
            if linked:
                facts = extract(article)   # what the linked kinds read: not timed
                for key, function in linked:
                    others = {kind: items for kind, items in facts.items() if kind != key}
                    started = clock()
                    function(article, others)
                    spent[key] += clock() - started
        for key, seconds in spent.items():
            times[key].append(seconds / len(texts) * 1000)
    return {key: round(statistics.median(per_pass), 3) for key, per_pass in times.items()}


def _baseline(corpus: Corpus, plan: BenchPlan) -> dict:
    """Per article on the same subset, in *baseline_rounds* fresh child processes: extract, and underthesea's ner
    on each sentence (the baseline); CPU time; the medians, their ranges and the ratio of the medians."""
    count = min(plan.baseline_articles, len(corpus.texts))
    step = len(corpus.texts) / count
    picks = [int(i * step) for i in range(count)]   # spread over the mirror, not its first files
    result = {
        "articles": count, "mb": round(sum(len(corpus.texts[i].encode("utf-8")) for i in picks) / 1e6, 3),
        "rounds": plan.baseline_rounds,
        "clock": "CPU time (time.process_time) of a fresh child process per round, after its warm-up",
        "baseline": "underthesea.ner on each sentence (danvan's sentence splitter, not timed)",
    }
    answers = []
    for _round in tqdm(range(plan.baseline_rounds), desc="bench: extract vs ner rounds", unit=" rounds",
                       file=sys.stderr, disable=not _show_progress(plan), leave=False):
        answer = _child(_baseline_round_child, (str(plan.mirror_root), plan.seed, picks, plan.skip_baseline),
                        BASELINE_ROUND_TIMEOUT)
        if answer is None:
            return {**result, "extract_s_per_article": None, "ner_s_per_article": None, "ratio": None,
                    "skipped": f"a round did not finish within {BASELINE_ROUND_TIMEOUT:.0f} s"}
        answers.append(answer)
    extract_ms = [a["extract_s"] / count * 1000 for a in answers]
    result.update(extract_s_per_article=round(statistics.median(extract_ms) / 1000, 6),
                  extract_ms_rounds=[round(ms, 4) for ms in extract_ms],
                  extract_ms_range=[round(min(extract_ms), 4), round(max(extract_ms), 4)])
    skipped = "--skip-baseline" if plan.skip_baseline else answers[0].get("skipped")
    if skipped:
        return {**result, "ner_s_per_article": None, "ratio": None, "skipped": skipped}
    ner_ms = [a["ner_s"] / count * 1000 for a in answers]
    median_extract, median_ner = statistics.median(extract_ms), statistics.median(ner_ms)
    result.update(ner_s_per_article=round(median_ner / 1000, 6), ner_ms_rounds=[round(ms, 4) for ms in ner_ms],
                  ner_ms_range=[round(min(ner_ms), 4), round(max(ner_ms), 4)],
                  ratio=round(median_ner / median_extract, 1) if median_extract > 0 else None,
                  ratios=[round(n / e, 1) if e > 0 else None for e, n in zip(extract_ms, ner_ms)])
    return result


def _baseline_round_child(mirror_root: str, seed: int, picks: list[int], skip_ner: bool, queue) -> None:
    """In a child process: warm up, time ``extract`` at first sight on the mirror articles *picks*, then ``ner``
    on their sentences; CPU seconds of each, in all."""
    try:
        from extractors import extract
        from extractors.sentences import sentence_spans

        corpus = load_corpus(Path(mirror_root))
        subset = [corpus.texts[i] for i in picks]
        extract(synthetic_article(WARM_UP_NUMBER, corpus, seed)["text"])   # imports, patterns, data files
        started = time.process_time()
        for text in subset:
            extract(text)
        answer = {"extract_s": time.process_time() - started}
        if skip_ner:
            queue.put(answer)
            return
        try:
            from underthesea import ner
        except ImportError as exc:
            queue.put({**answer, "skipped": f"underthesea missing: {exc}"})
            return
        ner(NER_WARM_UP)
        sentences = [[text[s:e] for s, e in sentence_spans(text)] for text in subset]
        started = time.process_time()
        for article in sentences:
            for sentence in article:
                ner(sentence)
        queue.put({**answer, "ner_s": time.process_time() - started})
    except Exception as exc:   # reported by the parent as a bench error
        queue.put({"error": f"{type(exc).__name__}: {exc}"})


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
