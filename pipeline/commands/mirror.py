"""The `danvan mirror` command: serve the embedded copy of the site (data/mirror/) on loopback, in the foreground."""

from __future__ import annotations

import signal
from pathlib import Path

from pipeline.commands import add_data_dir
from scrapers.errors import InputError

HELP = "serve the embedded mirror of the site on 127.0.0.1 (for the demo, tests and trying the crawler)"
DESCRIPTION = """\
Serve data/mirror/ (or --root DIR) in the Gia Lai board's page structure: robots.txt, the home
page, category listings (newest first, ?page=N, a page past the last answers the last page again),
article pages (one URL per article even when listed in two categories), static pages, 404s.
Serves until Ctrl-C and logs each request to stderr. Crawl it with:
  danvan crawl --base-url http://127.0.0.1:8000 --delay 0

Binds to loopback only; another --host is refused unless --allow-remote is given.

--faults switches on the failures a live site has (off by default), on the paths named in
data/mirror/site.yaml under `faults` (counted from the server's start):
  error_once         500 the first time, then the page
  unavailable_once   503 with Retry-After: 1 the first time, then the page
  rate_limited_once  429 with Retry-After: 1 the first time, then the page
  slow               the page after --slow seconds (default 2), every time"""


def add_arguments(parser):
    add_data_dir(parser)
    parser.add_argument("--port", type=int, default=8000, metavar="N",
                        help="TCP port (default: 8000; 0 = any free port)")
    parser.add_argument("--host", default="127.0.0.1", metavar="ADDR",
                        help="address to bind (default: 127.0.0.1; only loopback without --allow-remote)")
    parser.add_argument("--allow-remote", action="store_true",
                        help="allow a --host that is not loopback (exposes the mirror to the network)")
    parser.add_argument("--faults", action="store_true",
                        help="answer 500 once, 503/429 with Retry-After once, and slowly, on the pages site.yaml names")
    parser.add_argument("--slow", type=float, metavar="S",
                        help="seconds the slow page waits with --faults (default: site.yaml's, 2)")
    parser.add_argument("--root", metavar="DIR", default=None,
                        help="mirror directory with site.yaml, articles/, pages/ (default: data/mirror/)")
    parser.add_argument("--quiet", action="store_true", help="do not log requests")


def run(options) -> int:
    from scrapers.mirror import MirrorServer, load_mirror

    port = 8000 if options.port is None else options.port
    if not 0 <= port <= 65535:
        raise InputError(f"--port must be 0..65535, not {port}")
    slow = options.extra.get("slow")
    if slow is not None and slow < 0:
        raise InputError("--slow cannot be negative")
    root = options.extra.get("root")
    mirror = load_mirror(Path(root) if root else None)
    server = MirrorServer(
        mirror, host=options.host, port=port, faults=options.faults, slow_seconds=slow,
        quiet=options.quiet, allow_remote=bool(options.extra.get("allow_remote")),
    )
    faults = ""
    if options.faults:
        faults = " with faults: " + ", ".join(f"{kind} {target}" for kind, target in mirror.faults.items())
    print(f"danvan mirror: serving {mirror.root} ({len(mirror.articles)} articles) at {server.base_url}/"
          f"{faults} — Ctrl-C to stop", flush=True)
    # A shell that starts background jobs with SIGINT ignored would make Ctrl-C (or `kill -INT`) do
    # nothing; the mirror always stops on it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("danvan mirror: stopped", flush=True)
    return 0
