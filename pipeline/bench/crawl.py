"""Bench stage of crawling: the mirror served on 127.0.0.1 and crawled with delay 0, then built."""

from __future__ import annotations

import tempfile
from pathlib import Path

from pipeline.bench.common import BenchPlan, _rate


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
