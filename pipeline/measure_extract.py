"""Measure `danvan extract` on one long text: speed (MB/s) and peak memory of the command and of its workers.

Run ``python -m pipeline.measure_extract [--mib 20] [--workers N]``. The text is the embedded mirror's
articles (title, blank line, paragraphs) one after another, repeated up to the size asked, written to a
temporary file; ``danvan extract FILE`` then runs in a fresh child process with its output thrown away,
and the child reports its wall-clock and CPU time and its peak RSS (``ru_maxrss``) and that of the
worker processes it started (the largest of them).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

MIRROR_ARTICLES = Path(__file__).resolve().parent.parent / "data" / "mirror" / "articles"


def mirror_text(size: int) -> bytes:
    """*size* bytes (cut at a line end) of the mirror's articles, one after another, repeated."""
    pieces = []
    for path in sorted(MIRROR_ARTICLES.glob("*.yaml")):
        article = yaml.safe_load(path.read_text(encoding="utf-8"))
        if article.get("body"):
            pieces.append(f"{article['title']}\n\n{article['body'].strip()}\n\n")
    one = "".join(pieces).encode("utf-8")
    data = (one * (size // len(one) + 1))[:size]
    return data[:data.rfind(b"\n") + 1]


def child(path: str, workers: int | None) -> None:
    """Run `danvan extract PATH` here, output to /dev/null, and print the figures as JSON on stderr."""
    from pipeline.cli import main

    started, cpu = time.perf_counter(), time.process_time()
    with open(os.devnull, "w", encoding="utf-8") as devnull:
        sys.stdout = devnull
        status = main(["extract", path, *(["--workers", str(workers)] if workers else [])])
        sys.stdout = sys.__stdout__
    elapsed = time.perf_counter() - started
    own, workers_usage = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"status": status, "elapsed": elapsed, "cpu": time.process_time() - cpu,
                      "workers_cpu": workers_usage.ru_utime + workers_usage.ru_stime,
                      "peak_rss_mib": own.ru_maxrss / 1024, "workers_peak_rss_mib": workers_usage.ru_maxrss / 1024}),
          file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.measure_extract", description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=float, default=20.0, help="size of the text in MiB (default: 20)")
    parser.add_argument("--workers", type=int, help="passed to danvan extract --workers")
    parser.add_argument("--child", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.workers)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.txt"
        path.write_bytes(mirror_text(int(args.mib * 2**20)))
        size = path.stat().st_size
        result = subprocess.run([sys.executable, "-m", "pipeline.measure_extract", "--child", str(path),
                                 *(["--workers", str(args.workers)] if args.workers else [])],
                                stderr=subprocess.PIPE, text=True)
    figures = json.loads(result.stderr.strip().splitlines()[-1])
    figures.update(bytes=size, mb_per_s=size / 1e6 / figures["elapsed"],
                   mb_per_cpu_s=size / 1e6 / (figures["cpu"] + figures["workers_cpu"]))
    print(f"text          {size / 2**20:.1f} MiB ({size:,} bytes of UTF-8), exit status {figures['status']}")
    print(f"speed         {figures['mb_per_s']:.2f} MB/s ({figures['elapsed']:.1f} s wall-clock); "
          f"{figures['mb_per_cpu_s']:.2f} MB per CPU-second of all processes")
    print(f"peak RSS      {figures['peak_rss_mib']:.0f} MiB (the command), "
          f"{figures['workers_peak_rss_mib']:.0f} MiB (its largest worker)")
    return 0 if figures["status"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
