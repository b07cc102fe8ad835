"""The polite HTTP client: allowed origins only, one request at a time per host, retries, caps, every attempt recorded."""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import re
import sys
import time
import zlib
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Callable
from urllib.parse import urlencode, urljoin, urlsplit

import requests
import urllib3.exceptions

from scrapers.errors import FetchError, ResponseTooLarge
from scrapers.archive import header_value, utc_now

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
READ_CHUNK = 1 << 16
FORM_TYPE = "application/x-www-form-urlencoded"
LONG_WAIT = 10.0   # seconds: a wait this long between two requests is announced when no progress bar shows it


def is_loopback(host: str) -> bool:
    """True for a host name or address of this machine's loopback (localhost, 127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def origin_of(url: str) -> tuple[str, str]:
    """(scheme, host[:port]) of a URL, lower-cased."""
    parts = urlsplit(url)
    return (parts.scheme.lower(), parts.netloc.lower())


DEFAULT_PORTS = {"http": 80, "https": 443}   # a port an address leaves out


def http_origin(url: str) -> str | None:
    """scheme://host[:port] of an http(s) URL with a host, as written; None for any other address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


@dataclass(frozen=True)
class ClientSettings:
    """How hard the client tries and how much it accepts; tests shrink the waits."""

    user_agent: str
    delay: float = 1.0               # seconds between two requests to one host
    connect_timeout: float = 10.0
    read_timeout: float = 30.0       # per socket read
    total_timeout: float = 120.0     # for the whole body of one response
    retries: int = 3                 # further attempts after the first
    backoff: float = 2.0             # first wait before a retry; doubles each time
    max_retry_wait: float = 60.0     # cap on any wait, Retry-After included
    max_crawl_delay: float = 60.0    # cap on a robots.txt Crawl-delay (a longer one is recorded, not obeyed)
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5


@dataclass(frozen=True)
class Fetched:
    """The outcome of fetching one URL (after retries and redirects)."""

    url: str
    final_url: str
    status: int | None
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    error: str | None = None
    attempts: int = 1
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.error is None

    def header(self, name: str) -> str | None:
        return header_value(self.headers, name)

    @property
    def text(self) -> str:
        return decode_body(self.body, self.header("Content-Type"))

    def as_dict(self) -> dict:
        return {"url": self.url, "final_url": self.final_url, "status": self.status, "error": self.error,
                "attempts": self.attempts, "bytes": len(self.body), "elapsed": round(self.elapsed, 3)}


# The charset of a response: the HTTP header's, else the page's <meta>, else UTF-8.
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", re.IGNORECASE)
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)


def decode_body(body: str | bytes, content_type: str | None = None) -> str:
    """Bytes → text by the HTTP charset, else the page's <meta> charset, else UTF-8 (bad bytes replaced)."""
    if isinstance(body, str):
        return body
    candidates = []
    if content_type and (match := HEADER_CHARSET.search(content_type)):
        candidates.append(match.group(1))
    if match := META_CHARSET.search(body[:4096]):
        candidates.append(match.group(1).decode("ascii"))
    candidates.append("utf-8")
    for charset in candidates:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("utf-8", errors="replace")


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds asked by a Retry-After header (a number of seconds or an HTTP date); None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():   # not "²" nor "١٢"
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


@dataclass
class _Attempt:
    status: int | None = None
    reason: str = ""
    headers: list = field(default_factory=list)
    body: bytes = b""
    error: str | None = None
    retry_after: float | None = None
    refused: bool = False    # nothing listens at the host's port: tried once more at most


class PoliteClient:
    """Fetches URLs of the allowed origins only, waiting `delay` between two requests to one host.

    `record(row)` receives one row per HTTP attempt (url, status, error, fetched_at, run_id, method, bytes,
    elapsed); `archive.write_exchange(...)` receives every response that arrived, whatever its status. A POST
    (`post`) keeps every rule of a GET, and its form body is archived with the request.
    """

    def __init__(
        self,
        settings: ClientSettings,
        allowed_origins: set[tuple[str, str]],
        *,
        run_id: str = "",
        archive=None,
        record: Callable[[dict], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.settings = settings
        self.allowed_origins = {(s.lower(), h.lower()) for s, h in allowed_origins}
        self.run_id = run_id
        self.archive = archive
        self.record = record or (lambda row: None)
        self.sleep = sleep
        self.may_follow: Callable[[str], bool] = lambda url: True   # e.g. robots.txt, for redirect targets
        self.requests_made = 0
        self.bytes_received = 0
        self._last_request_end: dict[str, float] = {}
        self._session = requests.Session()
        self._session.headers.clear()
        self._session.headers.update({
            "User-Agent": settings.user_agent,
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
            "Accept-Encoding": "gzip, deflate",
            "Accept-Language": "vi,en;q=0.5",
        })

    def is_allowed(self, url: str) -> bool:
        """True for an http(s) URL on one of the allowed origins (scheme, host and port)."""
        scheme, netloc = origin_of(url)
        return scheme in ("http", "https") and (scheme, netloc) in self.allowed_origins

    def get(self, url: str) -> Fetched:
        """GET `url`, following at most `max_redirects` redirects that stay on allowed origins."""
        if not self.is_allowed(url):
            raise FetchError(f"refusing to fetch {url}: not on the site's origins")
        started = time.monotonic()
        current, attempts = url, 0
        for _ in range(self.settings.max_redirects + 1):
            fetched = self._get_with_retries(current)
            attempts += fetched.attempts
            location = fetched.header("Location")
            if fetched.status not in REDIRECT_STATUSES or not location:
                return replace(fetched, url=url, attempts=attempts, elapsed=time.monotonic() - started)
            target = urljoin(current, location)
            if not self.is_allowed(target) or not self.may_follow(target):
                reason = "off the site's origins" if not self.is_allowed(target) else "forbidden by robots.txt"
                log.info("not following the redirect of %s to %s: %s", current, target, reason)
                return replace(fetched, url=url, attempts=attempts, elapsed=time.monotonic() - started,
                                error=f"redirect to {target} is {reason}")
            current = target
        return replace(fetched, url=url, attempts=attempts, elapsed=time.monotonic() - started,
                        error=f"more than {self.settings.max_redirects} redirects")

    def post(self, url: str, fields: list[tuple[str, str]]) -> Fetched:
        """POST a form (application/x-www-form-urlencoded) to `url`, with the rules of `get`: allowed origins,
        delay, retries, size cap, archive and log. A 301/302/303 answer is followed by a GET of its target."""
        if not self.is_allowed(url):
            raise FetchError(f"refusing to post to {url}: not on the site's origins")
        started = time.monotonic()
        body = urlencode(fields).encode("ascii")
        fetched = self._get_with_retries(url, method="POST", data=body)
        location = fetched.header("Location")
        if fetched.status in REDIRECT_STATUSES and location:
            target = urljoin(url, location)
            if not self.is_allowed(target) or not self.may_follow(target):
                reason = "off the site's origins" if not self.is_allowed(target) else "forbidden by robots.txt"
                return replace(fetched, elapsed=time.monotonic() - started,
                               error=f"redirect to {target} is {reason}")
            after = self.get(target)
            return replace(after, url=url, attempts=fetched.attempts + after.attempts,
                           elapsed=time.monotonic() - started)
        return replace(fetched, elapsed=time.monotonic() - started)

    def _get_with_retries(self, url: str, method: str = "GET", data: bytes = b"") -> Fetched:
        settings = self.settings
        for attempt_number in range(settings.retries + 1):
            attempt = self._attempt(url, method, data)
            network_error = attempt.error is not None and attempt.status is None
            retryable = network_error or attempt.status in RETRY_STATUSES
            if not retryable or attempt_number == settings.retries or (attempt.refused and attempt_number >= 1):
                break
            wait = settings.backoff * (2 ** attempt_number)
            if attempt.retry_after is not None:
                wait = max(wait, attempt.retry_after)
            wait = min(wait, settings.max_retry_wait)
            log.info("%s: %s; retrying in %.1f s", url, attempt.error or f"HTTP {attempt.status}", wait)
            self.sleep(wait)
        error = attempt.error
        if error is None and attempt.status in RETRY_STATUSES:
            error = f"HTTP {attempt.status} after {attempt_number + 1} attempts"
        return Fetched(url=url, final_url=url, status=attempt.status, headers=tuple(attempt.headers),
                       body=attempt.body, error=error, attempts=attempt_number + 1)

    def _wait_for_turn(self, host: str) -> None:
        last = self._last_request_end.get(host)
        if last is not None:
            remaining = self.settings.delay - (time.monotonic() - last)
            if remaining > LONG_WAIT and not sys.stderr.isatty():
                log.info("waiting %.0f s before the next request to %s (the delay between requests)", remaining, host)
            if remaining > 0:
                self.sleep(remaining)

    def _attempt(self, url: str, method: str = "GET", data: bytes = b"") -> _Attempt:
        """One HTTP request: recorded in the fetch log, its response (if any) archived with the request."""
        settings = self.settings
        host = origin_of(url)[1]
        self._wait_for_turn(host)
        fetched_at = utc_now()
        started = time.monotonic()
        result = _Attempt()
        response = None
        try:
            extra = [("Content-Type", FORM_TYPE)] if method == "POST" else []
            response = self._session.request(
                method, url, data=data if method == "POST" else None, headers=dict(extra), allow_redirects=False,
                stream=True, timeout=(settings.connect_timeout, settings.read_timeout),
            )
            result.status, result.reason = response.status_code, response.reason or ""
            result.headers = list(response.raw.headers.items())
            result.retry_after = retry_after_seconds(response.headers.get("Retry-After"))
            raw = self._read_capped(response, started)
            result.body = self._decoded(raw, response.headers.get("Content-Encoding"))
            if self.archive is not None:
                request_headers = list(self._session.headers.items()) + extra
                if method == "POST":
                    request_headers.append(("Content-Length", str(len(data))))
                self.archive.write_exchange(
                    url=url, request_headers=request_headers, status=result.status,
                    reason=result.reason, response_headers=result.headers, body=raw, fetched_at=fetched_at,
                    method=method, request_body=data if method == "POST" else b"",
                )
        except ResponseTooLarge as exc:
            result.error, result.body = str(exc), b""
        except (requests.Timeout, urllib3.exceptions.TimeoutError) as exc:
            result.status, result.error = None, f"timeout: {type(exc).__name__}"
        except urllib3.exceptions.HTTPError as exc:
            result.status, result.error = None, f"connection error: {_short(exc)}"
        except requests.ConnectionError as exc:
            result.status, result.error = None, f"connection error: {_short(exc)}"
            if _refused(exc):
                result.refused = True
                result.error = f"connection refused by {host}: nothing is listening there ({_short(exc)})"
        except requests.RequestException as exc:
            result.status, result.error = None, f"request failed: {_short(exc)}"
        finally:
            if response is not None:
                response.close()
            self._last_request_end[host] = time.monotonic()
        elapsed = time.monotonic() - started
        self.requests_made += 1
        self.bytes_received += len(result.body)
        self.record({
            "url": url, "status": result.status, "error": result.error, "fetched_at": fetched_at,
            "run_id": self.run_id, "method": method, "bytes": len(result.body), "elapsed": round(elapsed, 4),
        })
        return result

    def _read_capped(self, response: requests.Response, started: float) -> bytes:
        """The body as sent (still content-encoded), refusing more than max_bytes or a body slower than total_timeout."""
        settings = self.settings
        declared = response.headers.get("Content-Length")
        if declared and declared.isascii() and declared.isdigit() and int(declared) > settings.max_bytes:
            raise ResponseTooLarge(f"response too large: Content-Length {declared} > {settings.max_bytes} bytes")
        chunks, size = [], 0
        while True:
            chunk = response.raw.read(READ_CHUNK, decode_content=False)
            if not chunk:
                break
            size += len(chunk)
            if size > settings.max_bytes:
                raise ResponseTooLarge(f"response too large: more than {settings.max_bytes} bytes")
            if time.monotonic() - started > settings.total_timeout:
                raise requests.Timeout(f"body not received within {settings.total_timeout} s")
            chunks.append(chunk)
        return b"".join(chunks)

    def _decoded(self, raw: bytes, content_encoding: str | None) -> bytes:
        """Undo gzip/deflate content coding, within the size cap."""
        return decompressed(raw, content_encoding, self.settings.max_bytes)

    def close(self) -> None:
        self._session.close()


GZIP_MAGIC = b"\x1f\x8b"


def decompressed(raw: bytes, content_encoding: str | None, max_bytes: int) -> bytes:
    """A body with its gzip/deflate content coding undone: every gzip member, one after the other (a body sent as
    several members is whole); ResponseTooLarge once the output would pass `max_bytes` (a gzip bomb), before it is
    held in memory. Other codings are returned as they are."""
    coding = (content_encoding or "").strip().lower()
    if coding not in ("gzip", "x-gzip", "deflate"):
        return raw
    out = bytearray()
    rest = raw
    while rest:
        inflater = zlib.decompressobj(wbits=47)   # a gzip or zlib header
        try:
            out += inflater.decompress(rest, max_bytes + 1 - len(out))
        except zlib.error:
            if out:   # a damaged member after whole ones: what was whole is kept, as a browser does
                break
            try:   # a bare deflate stream (no header), as some servers send "deflate"
                inflater = zlib.decompressobj(wbits=-15)
                out += inflater.decompress(rest, max_bytes + 1)
            except zlib.error as exc:
                raise requests.exceptions.ContentDecodingError(f"bad {coding} body: {exc}") from exc
        if len(out) > max_bytes:
            raise ResponseTooLarge(f"response too large once decompressed: more than {max_bytes} bytes "
                                   f"from {len(raw)} bytes sent ({coding}); refused")
        if not inflater.eof:   # cut short: what arrived is kept
            break
        rest = inflater.unused_data
        if not rest.startswith(GZIP_MAGIC):
            break
    return bytes(out)


def _refused(exc: BaseException) -> bool:
    """True when an error comes from a refused connection (ECONNREFUSED), however deep requests wrapped it."""
    seen, todo = set(), [exc]
    while todo:
        error = todo.pop()
        if error is None or id(error) in seen:
            continue
        seen.add(id(error))
        if isinstance(error, ConnectionRefusedError):
            return True
        todo += [error.__cause__, error.__context__, getattr(error, "reason", None)]
        todo += [arg for arg in getattr(error, "args", ()) if isinstance(arg, BaseException)]
    return False


def _short(exc: Exception) -> str:
    """The innermost reason of a requests/urllib3 error, in a few words (e.g. '[Errno 111] Connection refused')."""
    reason = exc
    for _ in range(5):
        inner = getattr(reason, "reason", None)
        if inner is None and reason.args and isinstance(reason.args[0], Exception):
            inner = reason.args[0]
        if not isinstance(inner, Exception) or inner is reason:
            break
        reason = inner
    text = str(reason)
    marker = "Failed to establish a new connection: "
    if marker in text:
        text = text.split(marker, 1)[1]
    return text if len(text) <= 200 else text[:197] + "..."
