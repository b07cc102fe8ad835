"""The `danvan crawl` command: fetch the site politely and incrementally into DATA_DIR/raw/*.warc.gz."""

from __future__ import annotations

import sys
from datetime import date

from pipeline.commands import add_data_dir, add_site_options, add_summary_options, confirm_delay, print_summary, quiet_logging
from scrapers.errors import InputError

HELP = "crawl the site (polite, incremental) into DATA_DIR/raw/"
DESCRIPTION = """\
Fetch robots.txt, then every category listing of the site (newest first, following the pager)
and the article pages the archive does not have yet, plus the articles found through
"other news" links. Every request and response is appended to DATA_DIR/raw/*.warc.gz and every
attempt to DATA_DIR/raw/fetches.jsonl. Listing pages are always fetched again; archived articles
are not (unless --refresh). A crawl that is interrupted resumes where it stopped."""


def add_arguments(parser):
    add_data_dir(parser)
    add_site_options(parser, several=True)
    parser.add_argument("--max-pages", type=int, metavar="N",
                        help="fetch at most N pages (listings and articles) in this run")
    parser.add_argument("--since", metavar="DATE",
                        help="only articles listed with a date on or after DATE (YYYY-MM-DD)")
    parser.add_argument("--refresh", action="store_true",
                        help="fetch article pages again even when the archive has them")
    parser.add_argument("--parallel", type=int, metavar="N",
                        help="with several sites: crawl at most N hosts at once (default 4; one request at a "
                             "time per host, each with its own delay)")
    add_summary_options(parser)


def check_options(options) -> None:
    if options.since:
        try:
            date.fromisoformat(options.since)
        except ValueError as exc:
            raise InputError(f"--since must be a date YYYY-MM-DD, not {options.since!r}") from exc
    if options.delay is not None and options.delay < 0:
        raise InputError("--delay cannot be negative")
    confirm_delay(options)
    if options.extra.get("parallel") is not None and options.extra["parallel"] < 1:
        raise InputError("--parallel must be at least 1")
    if options.max_pages is not None and options.max_pages < 1:
        raise InputError("--max-pages must be at least 1")


def sites_to_crawl(options) -> list[str]:
    """The sites this run crawls: each --site, or the registry's active sites (--all), else the default."""
    from scrapers.registry import active_sites

    if options.extra.get("all_sites"):
        if options.extra.get("sites"):
            raise InputError("give either --site or --all, not both")
        sites = [entry.name for entry in active_sites(options.data_dir)]
    else:
        sites = list(dict.fromkeys(options.extra.get("sites") or [options.site]))
    if len(sites) > 1 and options.base_url:
        raise InputError("--base-url points one site at another origin: give it with a single --site")
    return sites


def run(options) -> int:
    from scrapers.lock import data_dir_lock
    from scrapers.multi import DEFAULT_PARALLEL, crawl_sites, resolve_targets

    check_options(options)
    quiet_logging(options)
    targets = resolve_targets(options, sites_to_crawl(options))
    parallel = options.extra.get("parallel") or DEFAULT_PARALLEL
    with data_dir_lock(options.data_dir, "crawl"):   # not while a nightly run (or another command) works here
        runs = crawl_sites(targets, options.raw_dir, parallel=parallel)
    failed = 0
    for site_run in runs:
        if site_run.error is not None:
            if len(runs) == 1:
                raise site_run.error
            failed += 1
            print(f"crawl {site_run.target.name}: failed: {site_run.error}", file=sys.stderr)
            continue
        summary = site_run.summary
        print_summary(options, summary)
        for failure in summary.failures[:10]:
            print(f"  failed: {failure['url']}: {failure['error'] or 'HTTP ' + str(failure['status'])}",
                  file=sys.stderr)
    return 1 if failed else 0
