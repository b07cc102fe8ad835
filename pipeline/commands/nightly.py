"""The `danvan nightly` command: one unattended run of crawl + build + health checks + report, for cron/systemd."""

from __future__ import annotations

import logging
import sys

from pipeline.commands import add_data_dir, add_site_options, confirm_delay, print_summary
from scrapers.errors import InputError

HELP = "unattended incremental crawl + build + health checks + report (for cron)"
DESCRIPTION = """\
One run, recorded in the `runs` table (command `nightly`; every fetch of the run carries its id):
take the lock of DATA_DIR, crawl incrementally (listings and anything new), check the crawl,
build into DATA_DIR/danvan.db.new (a copy of the served database), check the new articles, and
only when every check passed replace DATA_DIR/danvan.db by the new file in one rename.

Sites: --site NAME (repeatable) or --all (the registry's active sites); several sites are crawled in
parallel (--parallel hosts at once, one request at a time per host). The checks below are made per site:
a site that fails them is left out of this run's new database (its articles already published stay
published, what it fetched is built by the next run that passes) while the other sites' new articles are
published, and the run is "partial". Only when every site fails is nothing published.

Health checks that fail a site (with one site: the run; nothing is published, DATA_DIR/danvan.db stays as it was):
  the site is unreachable (robots.txt cannot be read, or no listing page can);
  robots.txt forbids us every listing page;
  a category's first listing page answers 200 with no items (the listing selectors broke; read by the
  family's listing parser: links for families A/B, embedded data for C);
  no page of the site answered 200 (every family, including sites read with auto);
  more than --max-error-rate of the requests failed;
  more than --max-missing-share of the new or updated articles lack a title or a date
  (pages newly rejected as "not an article" count as lacking them);
  the new database file fails SQLite's quick_check.
What a failed run fetched stays in the archive; the next run builds it. A damaged DATA_DIR/danvan.db
(SQLite's quick_check) stops the run before anything is fetched: rebuild it with `danvan build --rebuild`.

Status of a run (in `runs.status`, the report and the last line printed):
  ok       every check passed; the new database is served.
  partial  published, but something needs a look: a site failed its checks and was left out (its
           articles already published stay), some requests failed (below the threshold;
           they are fetched again next run), robots.txt forbids some listings, or some new
           articles lack a title or date (below the threshold).
  failed   a check failed or an error stopped the run; nothing was published.

Exit status:
  0   ok or partial
  3   failed: a health check failed (the reasons are printed and in the report)
  75  another run holds the lock of DATA_DIR (or a crawl is writing DATA_DIR/raw/); try later
  1   failed: any other error

Written: DATA_DIR/reports/<run id>.md and .html (what was new, facts added by kind, errors,
charts of articles per month and of the most cited documents), DATA_DIR/logs/nightly.log
(rotated), the run's start and end in DATA_DIR/raw/runs.jsonl."""


def add_arguments(parser):
    add_data_dir(parser)
    add_site_options(parser, several=True)
    parser.add_argument("--parallel", type=int, metavar="N",
                        help="with several sites: crawl at most N hosts at once (default 4)")
    parser.add_argument("--max-error-rate", type=float, metavar="SHARE", default=None,
                        help="fail the run when more than this share of its requests failed (default: 0.2)")
    parser.add_argument("--max-missing-share", type=float, metavar="SHARE", default=None,
                        help="fail the run when more than this share of the new or updated articles lack "
                             "a title or date (default: 0.5)")
    parser.add_argument("--verbose", action="store_true", help="log progress on stderr too (it always goes to the log)")
    parser.add_argument("--json", action="store_true", dest="summary_json",
                        help="print the run's result as one JSON object instead of a line")


def check_options(options) -> None:
    if options.delay is not None and options.delay < 0:
        raise InputError("--delay cannot be negative")
    confirm_delay(options)
    if options.extra.get("parallel") is not None and options.extra["parallel"] < 1:
        raise InputError("--parallel must be at least 1")
    if len(options.extra.get("sites") or []) > 1 and options.base_url:
        raise InputError("--base-url points one site at another origin: give it with a single --site")
    for name in ("max_error_rate", "max_missing_share"):
        value = options.extra.get(name)
        if value is not None and not 0 <= value <= 1:
            raise InputError(f"--{name.replace('_', '-')} is a share between 0 and 1, not {value}")


def run(options) -> int:
    from pipeline.nightly import nightly

    check_options(options)
    if not options.verbose:   # unattended: stderr carries only warnings and errors (cron mails them)
        for handler in logging.getLogger().handlers:
            if type(handler) is logging.StreamHandler and handler.stream in (sys.stderr, sys.__stderr__):
                handler.setLevel(logging.WARNING)
    result = nightly(options.with_(progress=False))
    print_summary(options, result)
    return result.exit_code   # the problems were logged, hence on stderr too
