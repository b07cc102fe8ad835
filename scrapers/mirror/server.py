"""Serve a family of the mirror over HTTP on loopback: the threaded server, its request counters and the faults of a live site.

Faults, only when the server is started with ``faults=True`` (``danvan mirror --faults``), each on the
path named in the mirror's ``faults`` (the Gia Lai ``site.yaml``; counted per server start):

* ``error_once`` — ``500 Internal Server Error`` the first time, then the page;
* ``unavailable_once`` — ``503 Service Unavailable`` with ``Retry-After: 1`` the first time, then the page;
* ``rate_limited_once`` — ``429 Too Many Requests`` with ``Retry-After: 1`` the first time, then the page;
* ``slow`` — the page, after ``slow_seconds`` (default 2; ``--slow S``) every time.

The server binds to loopback only unless ``allow_remote=True``; every request is counted per path
(``MirrorServer.count``) and, unless quiet, logged to stderr.
"""

from __future__ import annotations

import re
import socket
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

from scrapers.errors import InputError
from scrapers.http import is_loopback
from scrapers.mirror import central, gialai, portal
from scrapers.mirror.common import Response
from scrapers.mirror.load import Mirror, load_mirror

FAULT_ANSWERS = {
    "error_once": (500, ()),
    "unavailable_once": (503, (("Retry-After", "1"),)),
    "rate_limited_once": (429, (("Retry-After", "1"),)),
}
HOST_HEADER = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")


@dataclass(frozen=True)
class Family:
    """One kind of site the mirror can be: how its files load and how it answers a request target."""

    name: str
    label: str
    content: type                                        # the loaded site's class
    load: Callable[[Path | str | None], object]
    respond: Callable[[object, str, str], Response]      # (site, target, base URL) → response
    error_page: Callable[[object, str, int], str]        # (site, path, status) → HTML
    headers: tuple[tuple[str, str], ...]                 # Server and the platform's own headers


FAMILIES: dict[str, Family] = {
    "gialai": Family(
        "gialai", "Ban Dân vận Tỉnh ủy Gia Lai (ASP.NET portal, family A)", Mirror, load_mirror,
        lambda site, target, base_url: gialai.respond(site, target), gialai.render_error, gialai.SERVER_HEADERS,
    ),
    "central": Family(
        "central", "Ban Tuyên giáo và Dân vận Trung ương (Next.js app, family C)", central.CentralSite,
        central.load_central, central.respond, central.render_error, central.SERVER_HEADERS,
    ),
    "portal": Family(
        "portal", "Ban Tuyên giáo và Dân vận Tỉnh ủy (PHP portal, families D/E)", portal.PortalSite,
        portal.load_portal, portal.respond, portal.render_error, portal.SERVER_HEADERS,
    ),
}
DEFAULT_FAMILY = "gialai"


def family_named(name: str) -> Family:
    try:
        return FAMILIES[name]
    except KeyError:
        raise InputError(f"unknown mirror family {name!r} (known: {', '.join(FAMILIES)})") from None


def family_of(site) -> Family:
    for family in FAMILIES.values():
        if isinstance(site, family.content):
            return family
    raise InputError(f"not a loaded mirror: {type(site).__name__}")


class _Handler(BaseHTTPRequestHandler):
    sys_version = ""

    def version_string(self) -> str:
        return dict(self.server.owner.family.headers).get("Server", "danvan-mirror")

    def do_GET(self):
        self._answer(send_body=True)

    def do_HEAD(self):
        self._answer(send_body=False)

    def _answer(self, send_body: bool):
        owner: MirrorServer = self.server.owner
        host = self.headers.get("Host") or ""
        base_url = f"http://{host}" if HOST_HEADER.match(host) else owner.base_url
        response = owner.answer(self.path, base_url)
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in owner.family.headers:
            if name != "Server":
                self.send_header(name, value)
        for name, value in response.headers:
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(response.body)

    def log_message(self, format, *args):
        if not self.server.owner.quiet:
            sys.stderr.write(f"mirror {self.address_string()} - {format % args}\n")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class MirrorServer:
    """A loaded mirror (of any family) served by a threaded HTTP server; a context manager; counts requests per target."""

    def __init__(self, mirror, host: str = "127.0.0.1", port: int = 0, faults: bool = False,
                 slow_seconds: float | None = None, quiet: bool = True, allow_remote: bool = False):
        if not allow_remote and not is_loopback(host):
            raise InputError(f"refusing to serve the mirror on {host!r}: not a loopback address "
                             "(use 127.0.0.1, or --allow-remote to expose it on purpose)")
        self.mirror = mirror
        self.family = family_of(mirror)
        self.faults = faults
        default_slow = getattr(mirror, "slow_seconds", 2.0)
        self.slow_seconds = default_slow if slow_seconds is None else slow_seconds
        self.quiet = quiet
        self.requests: list[tuple[str, int]] = []   # (target, status) in arrival order
        self._counts: Counter = Counter()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        server_class = type("_Server6", (_Server,), {"address_family": socket.AF_INET6}) if ":" in host else _Server
        try:
            self.httpd = server_class((host, port), _Handler)
        except OSError as exc:
            raise InputError(f"cannot serve the mirror on {host}:{port}: {exc.strerror or exc}") from exc
        self.httpd.owner = self

    @property
    def host(self) -> str:
        return self.httpd.server_address[0]

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def count(self, target: str) -> int:
        """How many times *target* (a path, with its query if any) was requested."""
        with self._lock:
            return self._counts[target]

    def answer(self, target: str, base_url: str | None = None) -> Response:
        with self._lock:
            self._counts[target] += 1
            seen = self._counts[target]
        response = self._fault(target, seen) if self.faults else None
        if response is None:
            response = self.family.respond(self.mirror, target, base_url or self.base_url)
        with self._lock:
            self.requests.append((target, response.status))
        return response

    def _fault(self, target: str, seen: int) -> Response | None:
        for kind, fault_target in getattr(self.mirror, "faults", {}).items():
            if fault_target != target:
                continue
            if kind == "slow":
                time.sleep(self.slow_seconds)
            elif seen == 1:
                status, headers = FAULT_ANSWERS[kind]
                page = self.family.error_page(self.mirror, target, status)
                return Response(status, page.encode("utf-8"), headers=headers)
        return None

    def start(self) -> "MirrorServer":
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="danvan-mirror", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the foreground until interrupted (Ctrl-C)."""
        try:
            self.httpd.serve_forever()
        finally:
            self.httpd.server_close()

    def stop(self) -> None:
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self.httpd.server_close()

    def __enter__(self) -> "MirrorServer":
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def load_family(family: str = DEFAULT_FAMILY, root: Path | str | None = None):
    """Load the files of one family's mirror (its default directory unless *root*)."""
    return family_named(family).load(root)


def serve_mirror(root: Path | str | None = None, host: str = "127.0.0.1", port: int = 0, faults: bool = False,
                 quiet: bool = True, slow_seconds: float | None = None, allow_remote: bool = False,
                 family: str = DEFAULT_FAMILY) -> MirrorServer:
    """Load one family's mirror (default: Gia Lai) and serve it from a background thread; use as a context manager."""
    mirror = load_family(family, root)
    server = MirrorServer(mirror, host=host, port=port, faults=faults, slow_seconds=slow_seconds,
                          quiet=quiet, allow_remote=allow_remote)
    return server.start()
