"""The sub-commands of `danvan`, one module each, and the options they share."""

import argparse
import json
import logging


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    """The --data-dir option every command shares."""
    parser.add_argument(
        "--data-dir", metavar="DIR", default="data",
        help="where the archive, database, logs and reports live (default: data/)",
    )


def add_site_options(parser: argparse.ArgumentParser) -> None:
    """--site, --base-url and --delay, shared by the commands that fetch."""
    parser.add_argument("--site", default="gialai", metavar="NAME",
                        help="site profile under scrapers/sites/ (default: gialai)")
    parser.add_argument("--base-url", metavar="URL",
                        help="fetch from this origin instead of the profile's (a mirror, a test server)")
    parser.add_argument("--delay", type=float, metavar="S",
                        help="seconds between requests to one host (default: the profile's, at least 1; 0 for local mirrors)")


def add_cluster_options(parser: argparse.ArgumentParser) -> None:
    """--scheduler and --workers, shared by the commands that can run on a Dask cluster (build, extract-warc)."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                       help="send the work to the Dask cluster of this scheduler (started with `dask scheduler`)")
    where.add_argument("--workers", type=int, metavar="N",
                       help="start a local Dask cluster of N worker processes (one thread each) for this run")


def add_summary_options(parser: argparse.ArgumentParser) -> None:
    """--quiet and --json, shared by the commands that end with a summary (crawl, build)."""
    parser.add_argument("--quiet", action="store_true", help="no progress bar, only the summary line")
    parser.add_argument("--json", action="store_true", dest="summary_json",
                        help="print the summary as one JSON object instead of a line")


def quiet_logging(options) -> None:
    """With --quiet only warnings reach stderr; trafilatura's notes on pages it declines are never news here."""
    if options.quiet:
        logging.getLogger().setLevel(logging.WARNING)
    logging.getLogger("trafilatura").setLevel(logging.ERROR)


def print_summary(options, summary) -> None:
    """A command's summary on stdout: one JSON object with --json, else its line."""
    if options.extra.get("summary_json"):
        print(json.dumps(summary.as_dict(), ensure_ascii=False))
    else:
        print(summary.line())
