"""The `danvan extract-warc` command: the facts of any WARC collection as Parquet, a file per input shard."""

from __future__ import annotations

from pipeline.commands import add_cluster_options, add_summary_options, print_summary, quiet_logging

HELP = "extract the facts of WARC files (any collection) into Parquet files"
DESCRIPTION = """\
Read every response of the WARC files GLOB... (danvan's own archive, a Common Crawl slice, any
crawler's; a record per gzip member, one gzip stream or plain), parse the pages with the parser
of a site profile, extract their facts, and write OUT/<kind>/<shard>.parquet for each kind
(articles, legal, money, counts, percents, measures, organizations, locations, ...): the columns
of the matching database table plus warc_file and warc_record_id. A shard already written is
skipped; damaged records and pages that are not articles are counted with their reasons.
GLOBs may be fsspec URLs (s3://bucket/crawl/*.warc.gz) when the matching fsspec package is installed."""


def add_arguments(parser):
    parser.add_argument("patterns", nargs="+", metavar="GLOB", help="WARC files (paths, globs or fsspec URLs)")
    parser.add_argument("--out", required=True, metavar="DIR", help="where the Parquet directories go (or a URL)")
    parser.add_argument("--site", default="gialai", metavar="NAME|auto",
                        help="the site profile whose parser reads the pages (default: gialai)")
    add_cluster_options(parser)
    add_summary_options(parser)
    parser.add_argument("--verbose", action="store_true", help="show the cluster's own log")


def run(options) -> int:
    import sys

    from pipeline.cluster import executor_for
    from pipeline.warcfacts import extract_warc

    quiet_logging(options)
    extra = options.extra
    progress = not options.quiet and sys.stderr.isatty()
    with executor_for(options.scheduler, options.workers, verbose=options.verbose) as executor:
        summary = extract_warc(extra["patterns"], extra["out"], options.site, executor, progress=progress)
    print_summary(options, summary)
    return 0
