"""The `danvan build` command: parse the archive, extract facts, and load DATA_DIR/danvan.db."""

from __future__ import annotations

import json
import logging

from pipeline.commands import add_data_dir

HELP = "parse the archive, extract facts, load DATA_DIR/danvan.db"
DESCRIPTION = """\
Read every archived response of DATA_DIR/raw/*.warc.gz, parse the article pages (the newest
response of each), extract their facts and load them, with the fetch log, into DATA_DIR/danvan.db.
The same article at two URLs is one article; pages that are not articles are recorded with a
reason. Building again loads only what changed; --rebuild makes a new database from the archive."""


def add_arguments(parser):
    add_data_dir(parser)
    parser.add_argument("--site", default="gialai", metavar="NAME",
                        help="site profile the archive was crawled with (default: gialai)")
    parser.add_argument("--rebuild", action="store_true",
                        help="delete the database and build it again from the archive alone")
    parser.add_argument("--quiet", action="store_true", help="no progress bar, only the summary line")
    parser.add_argument("--json", action="store_true", dest="summary_json",
                        help="print the summary as one JSON object instead of a line")


def run(options) -> int:
    from pipeline.build import build
    from pipeline.lock import data_dir_lock

    if options.quiet:
        logging.getLogger().setLevel(logging.WARNING)
    logging.getLogger("trafilatura").setLevel(logging.ERROR)   # its notes on pages it declines are not news here
    with data_dir_lock(options.data_dir, "build"):   # not while a nightly run (or another command) works here
        summary = build(options)
    if options.extra.get("summary_json"):
        print(json.dumps(summary.as_dict(), ensure_ascii=False))
    else:
        print(summary.line())
    return 0
