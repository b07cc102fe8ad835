"""The `danvan mirror` command: serve the embedded mirrors of the boards' sites (data/mirror/) on loopback, in the foreground."""

from __future__ import annotations

import signal
from pathlib import Path

from pipeline.commands import add_data_dir
from scrapers.errors import InputError

HELP = "serve the embedded mirrors of the boards' sites on 127.0.0.1 (for the demo, tests and trying the crawler)"
DESCRIPTION = """\
Serve the three embedded mirrors, each on its own port (--port N, N+1, N+2; with --port 0 each
takes a free port), and print their URLs:
  gialai   data/mirror/ (or --root DIR): the Gia Lai board's ASP.NET portal (family A): robots.txt,
           home, category listings (?page=N; a page past the last answers the last page again),
           articles, static pages, 404s;
  central  data/mirror/central/: the central board's Next.js app (family C), data in the HTML;
  portal   data/mirror/portal/: a provincial PHP portal (families D/E) with sitemap, RSS feed and
           crawler traps.
--family NAME serves one of them only. Serves until Ctrl-C and logs each request to stderr.
Crawl the Gia Lai mirror with:
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
                        help="Gia Lai mirror directory with site.yaml, articles/, pages/ (default: data/mirror/)")
    parser.add_argument("--family", default="all", choices=("all", "gialai", "central", "portal"),
                        help="serve one family only (default: all three, on --port, --port+1, --port+2)")
    parser.add_argument("--quiet", action="store_true", help="do not log requests")


def run(options) -> int:
    from scrapers.mirror import FAMILIES, MirrorServer, load_family

    port = 8000 if options.port is None else options.port
    if not 0 <= port <= 65535:
        raise InputError(f"--port must be 0..65535, not {port}")
    slow = options.extra.get("slow")
    if slow is not None and slow < 0:
        raise InputError("--slow cannot be negative")
    chosen = options.extra.get("family") or "all"
    names = list(FAMILIES) if chosen == "all" else [chosen]
    if port and port + len(names) - 1 > 65535:
        raise InputError(f"--port {port} leaves no room for {len(names)} ports")
    root = options.extra.get("root")
    servers = []
    try:
        for offset, name in enumerate(names):
            site = load_family(name, Path(root) if root and name == "gialai" else None)
            servers.append(MirrorServer(
                site, host=options.host, port=port + offset if port else 0, faults=options.faults,
                slow_seconds=slow, quiet=options.quiet, allow_remote=bool(options.extra.get("allow_remote")),
            ))
    except InputError:
        for server in servers:
            server.stop()
        raise
    for server in servers:
        faults = ""
        if options.faults and getattr(server.mirror, "faults", None):
            faults = " with faults: " + ", ".join(f"{kind} {target}" for kind, target in server.mirror.faults.items())
        print(f"danvan mirror: serving {server.family.name} {server.mirror.root} ({len(server.mirror.articles)} articles) "
              f"at {server.base_url}/{faults}", flush=True)
    print("danvan mirror: Ctrl-C to stop", flush=True)
    # A shell that starts background jobs with SIGINT ignored would make Ctrl-C (or `kill -INT`) do
    # nothing; the mirror always stops on it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        for server in servers[1:]:
            server.start()
        servers[0].serve_forever()
    except KeyboardInterrupt:
        print("danvan mirror: stopped", flush=True)
    finally:
        for server in servers[1:]:
            server.stop()
    return 0
