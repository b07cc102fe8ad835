"""The `danvan bench` command: measure extraction, crawl, build and search speed; print a table, write JSON."""

from __future__ import annotations

from pipeline.commands import add_data_dir

HELP = "measure extraction, crawl, build and full-text search speed"
DESCRIPTION = """\
Measure, in one run on the texts of the embedded mirror:
  extraction    articles/s and MB/s of `extract`, and per article beside underthesea's `ner`
                on the same articles (the ratio); 5 MB of adversarial noise vs ordinary text
  crawl         the mirror served on 127.0.0.1 and crawled with --delay 0 (pages/s, articles/s)
  build         seconds per 1,000 articles through extract + load, and through the real
                `build` of an archive of synthetic pages; peak RSS of each (child processes)
  cluster       the real `build` of 3,000 synthetic pages in 8 WARC files: serial, and on local
                Dask clusters of 1 and 2 single-threaded workers (speed-up; same rows checked)
  search        median and p95 latency of full-text queries on a database of N synthetic articles
Synthetic articles recombine mirror sentences (site "synthetic", URLs synthetic://bench/…) and
go only into databases under DATA_DIR/bench/. The search database is reused when it matches.
Prints a table (progress on stderr) and writes JSON (default DATA_DIR/bench/bench.json)."""


def add_arguments(parser):
    add_data_dir(parser)
    parser.add_argument("--articles", type=int, metavar="N",
                        help="synthetic articles in the search database (default 100000; --quick: 2000)")
    parser.add_argument("--build-articles", type=int, metavar="N",
                        help="synthetic articles through extract + load, and through the real build (default 1000; --quick: 200)")
    parser.add_argument("--cluster-articles", type=int, metavar="N",
                        help="synthetic articles of the build on local Dask workers (default 3000 in 8 WARC files; --quick: 400)")
    parser.add_argument("--full", action="store_true",
                        help="build over all --articles synthetic articles (100,000: about half an hour, see Performance in README.md)")
    parser.add_argument("--baseline", type=int, metavar="N",
                        help="articles timed with underthesea's ner and extract (default 12; --quick: 3)")
    parser.add_argument("--baseline-rounds", type=int, metavar="N",
                        help="fresh processes that each time extract and ner on those articles; the medians are "
                             "compared (default 5; --quick: 2)")
    parser.add_argument("--adversarial-mb", type=float, metavar="MB",
                        help="size of the ordinary and noise texts (default 5; --quick: 0.2)")
    parser.add_argument("--queries", type=int, metavar="N", help="timed search queries (default 200; --quick: 50)")
    parser.add_argument("--seed", type=int, metavar="N", help="seed of the synthetic articles and query order")
    parser.add_argument("--quick", action="store_true", help="a small run of every stage (about a minute)")
    parser.add_argument("--skip-crawl", action="store_true", help="do not serve and crawl the mirror")
    parser.add_argument("--skip-baseline", action="store_true", help="do not run underthesea's ner")
    parser.add_argument("--skip-cluster", action="store_true", help="do not build on local Dask workers")
    parser.add_argument("--json", dest="json_path", metavar="FILE",
                        help="where to write the figures (default DATA_DIR/bench/bench.json)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bars")


def run(options) -> int:
    from pipeline.bench import BenchPlan, format_table, run_bench, write_json

    plan = BenchPlan.from_options(options)
    result = run_bench(plan)
    print(format_table(result))
    write_json(result, plan.json_path)
    print(f"\nfigures written to {plan.json_path}")
    return 0
