"""The `danvan build` command: parse the archive, extract facts, and load DATA_DIR/danvan.db."""

from __future__ import annotations

from pipeline.commands import add_cluster_options, add_data_dir, add_summary_options, print_summary, quiet_logging

HELP = "parse the archive, extract facts, load DATA_DIR/danvan.db"
DESCRIPTION = """\
Read every archived response of DATA_DIR/raw/*.warc.gz, parse the article pages (the newest
response of each), extract their facts and load them, with the fetch log, into DATA_DIR/danvan.db.
The same article at two URLs is one article; pages that are not articles are recorded with a
reason. Building again loads only what changed; --rebuild makes a new database from the archive
(the way out when the database is damaged: build checks it with SQLite's quick_check first).
With --scheduler or --workers the pages are parsed and extracted on a Dask cluster (every worker
must see DATA_DIR at the same path); this process writes the database, with the same rows."""


def add_arguments(parser):
    add_data_dir(parser)
    parser.add_argument("--site", default="gialai", metavar="NAME",
                        help="profile of archived pages that name no site (older archives; default: gialai); "
                             "every other page is parsed with the profile of the site that fetched it")
    parser.add_argument("--rebuild", action="store_true",
                        help="delete the database and build it again from the archive alone")
    add_cluster_options(parser)
    add_summary_options(parser)


def run(options) -> int:
    from pipeline.build import build
    from scrapers.lock import data_dir_lock

    quiet_logging(options)
    with data_dir_lock(options.data_dir, "build"):   # not while a nightly run (or another command) works here
        summary = build(options)
    print_summary(options, summary)
    return 0
