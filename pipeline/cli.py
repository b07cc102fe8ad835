"""The `danvan` command line: one sub-command per stage, each in pipeline/commands/."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from pathlib import Path

from pipeline import __version__
from scrapers.errors import DanvanError
from pipeline.options import Options

# (name, module under pipeline.commands). Each module has HELP, DESCRIPTION,
# add_arguments(parser) and run(options) -> exit status; heavy imports live inside run().
COMMANDS = [
    ("crawl", "crawl"),
    ("extract", "extract"),
    ("build", "build"),
    ("extract-warc", "extract_warc"),
    ("serve", "serve"),
    ("nightly", "nightly"),
    ("demo", "demo"),
    ("mirror", "mirror"),
    ("site", "site"),
    ("eval", "evaluate"),
    ("bench", "bench"),
]

EPILOG = """\
Typical use:
  danvan demo                      crawl the embedded mirror and build data/danvan.db
  danvan serve                     browse the dataset in Datasette
  danvan extract article.txt       facts of one text as JSON Lines
  danvan crawl && danvan build     refresh from the live site (polite, incremental)

Every command but extract and extract-warc takes --data-dir DIR (default: data/). Run `danvan COMMAND --help` for details."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="danvan",
        description="Crawl the articles of Vietnam's Ban Dân vận boards, extract the facts "
        "researchers count, and publish them as a SQLite dataset.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"danvan {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for name, module_name in COMMANDS:
        module = importlib.import_module(f"pipeline.commands.{module_name}")
        p = sub.add_parser(
            name,
            help=module.HELP,
            description=getattr(module, "DESCRIPTION", module.HELP),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


# Libraries whose notes (trafilatura's "discarding data" on a page it declines, date and URL guessing) are no
# news to a danvan user: only their errors pass, and Python's warnings only with --verbose.
QUIET_LIBRARIES = ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer", "py.warnings")


def quiet_libraries(verbose: bool = False) -> None:
    """Keep the libraries' warnings off the user's terminal (and out of the logs): the one place they are set."""
    logging.captureWarnings(True)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING if verbose and name == "py.warnings" else logging.ERROR)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    logging.basicConfig(
        level=logging.DEBUG if getattr(args, "verbose", False) else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
    )
    quiet_libraries(verbose=getattr(args, "verbose", False))
    options = Options.from_namespace(args)
    if getattr(args, "data_dir", None) is not None and Path(args.data_dir).exists() and not Path(args.data_dir).is_dir():
        print(f"danvan {args.command}: --data-dir {args.data_dir} is a file, not a directory", file=sys.stderr)
        return 1
    try:
        return int(args._run(options) or 0)
    except DanvanError as exc:
        print(f"danvan {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:   # the system refused: a full disk, no permission, a file where a directory goes
        where = f": {exc.filename}" if exc.filename else ""
        print(f"danvan {args.command}: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"danvan {args.command}: interrupted", file=sys.stderr)
        return 130
