"""The sub-commands of `danvan`, one module each, and the options they share."""

import argparse
import json
import logging
import shlex
import sys
from pathlib import Path

from scrapers.errors import InputError

LONG_DELAY = 60.0   # seconds between requests beyond which --delay asks to be confirmed
CHECKOUT = Path(__file__).resolve().parents[2]   # where the Makefile of a source checkout is
DEFAULT_DATA_DIR = "data"


def _shown(path: Path) -> str:
    """*path* as the user may type it here: relative to the working directory when under it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def danvan_command(*arguments) -> str:
    """A `danvan ...` command line that works as printed, venv activated or not: the danvan script beside this
    interpreter (``.venv/bin/danvan`` from a checkout), else this interpreter with ``-m pipeline``."""
    script = Path(sys.executable).parent / "danvan"
    program = shlex.quote(_shown(script)) if script.is_file() else f"{shlex.quote(_shown(Path(sys.executable)))} -m pipeline"
    return " ".join([program, *(shlex.quote(str(a)) for a in arguments)])


def make_command(target: str, data_dir) -> str | None:
    """``make TARGET [DATA=DIR]`` for *data_dir* when run from the checkout's top (where the Makefile is), else None."""
    if not (Path.cwd().resolve() == CHECKOUT and (CHECKOUT / "Makefile").is_file()):
        return None
    default = Path(str(data_dir)) == Path(DEFAULT_DATA_DIR)
    return f"make {target}" + ("" if default else f" DATA={shlex.quote(str(data_dir))}")


def run_hint(command: str, data_dir, *arguments, target: str | None = None) -> str:
    """What to run for *command* on *data_dir*, in backquotes, as it can be pasted: `make TARGET [DATA=DIR]` from the
    checkout's top when *target* (the make target doing the same) is given, else the danvan command."""
    make = make_command(target, data_dir) if target else None
    return f"`{make or danvan_command(command, *arguments, '--data-dir', data_dir)}`"


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    """The --data-dir option every command shares."""
    parser.add_argument(
        "--data-dir", metavar="DIR", default=DEFAULT_DATA_DIR,
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
                            help="every active site of the registry (scrapers/sites/registry.yaml and "
                                 "DATA_DIR/sites/registry.yaml)")
    else:
        parser.add_argument("--site", default="gialai", metavar="NAME", help=help_text)
    parser.add_argument("--base-url", metavar="URL",
                        help="fetch from this origin instead of the profile's (a mirror, a test server)")
    parser.add_argument("--delay", type=float, metavar="S",
                        help="seconds between requests to one host (default: the profile's, at least 1; 0 for local mirrors; "
                             f"over {LONG_DELAY:g} asks for confirmation)")
    parser.add_argument("--yes", action="store_true", help=f"accept a --delay over {LONG_DELAY:g} s without asking")


def confirm_delay(options) -> None:
    """A --delay over LONG_DELAY seconds is asked about on a terminal, refused elsewhere, unless --yes."""
    delay = options.delay
    if delay is None or delay <= LONG_DELAY or options.extra.get("yes"):
        return
    hours = delay * 100 / 3600
    question = f"--delay {delay:g} s: 100 pages will take {hours:.1f} hours"
    if sys.stdin.isatty() and sys.stderr.isatty():
        sys.stderr.write(f"{question}. Go on? [y/N] ")
        sys.stderr.flush()
        if sys.stdin.readline().strip().lower() in ("y", "yes"):
            return
        raise InputError(f"--delay {delay:g} s not confirmed; nothing was done")
    raise InputError(f"{question}; add --yes if you mean it (seconds, not milliseconds)")


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
    """With --quiet only warnings reach stderr (the libraries' own notes never do: pipeline.cli.quiet_libraries)."""
    if options.quiet:
        logging.getLogger().setLevel(logging.WARNING)


def print_summary(options, summary) -> None:
    """A command's summary on stdout: one JSON object with --json, else its line."""
    if options.extra.get("summary_json"):
        print(json.dumps(summary.as_dict(), ensure_ascii=False))
    else:
        print(summary.line())
