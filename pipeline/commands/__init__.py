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


def add_site_options(parser: argparse.ArgumentParser, several: bool = False) -> None:
    """--site, --base-url and --delay, shared by the commands that fetch; with *several*, --site may be repeated
    (into ``sites``) and --all names every known site."""
    help_text = ("site profile: a name (DATA_DIR/sites/NAME.yaml, else scrapers/sites/NAME.yaml) "
                 "or a path to a .yaml file, or auto: a site with no profile, at --base-url (default: gialai)")
    if several:
        parser.add_argument("--site", dest="sites", action="append", metavar="NAME",
                            help=help_text + "; repeat it to crawl several sites in one run")
        parser.add_argument("--all", action="store_true", dest="all_sites",
                            help="every shipped profile and every profile of DATA_DIR/sites/")
    else:
        parser.add_argument("--site", default="gialai", metavar="NAME", help=help_text)
    parser.add_argument("--base-url", metavar="URL",
                        help="fetch from this origin instead of the profile's (a mirror, a test server)")
    parser.add_argument("--delay", type=float, metavar="S",
                        help="seconds between requests to one host (default: the profile's, at least 1; 0 for local mirrors)")


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
