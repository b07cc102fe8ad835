"""The sub-commands of `danvan`, one module each, and the options they share."""

import argparse


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
