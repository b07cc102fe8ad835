"""The WARC archive of every HTTP exchange: one file per crawl run, each record its own gzip member, fsync'd.

Writing is built to survive ``kill -9``: a record reaches the file in one write of one complete gzip member,
followed by flush and fsync, so a killed run leaves at most one truncated member at the end of its file; the
reader stops quietly at such a member and keeps everything before it.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import threading
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

log = logging.getLogger(__name__)

WARC_SUFFIX = ".warc.gz"
FETCH_LOG_NAME = "fetches.jsonl"
RUN_LOG_NAME = "runs.jsonl"
INDEX_DIR = "index"
_OPEN_FILES: set[Path] = set()   # WARC files an ArchiveWriter of this process is writing (sites crawled in parallel)
_OPEN_GUARD = threading.Lock()
READ_CHUNK = 1 << 16
RUN_ID_TIME_FORMAT = "%Y%m%dT%H%M%S"
RUN_ID_TIME = re.compile(r"\d{8}T\d{6}")   # a run id that starts with its UTC time, e.g. 20261127T031345-625616
# Headers that describe how the bytes travelled, not what they are; kept under another name because the
# archived body is stored de-chunked.
RENAMED_HEADERS = {"transfer-encoding": "X-Danvan-Original-Transfer-Encoding"}
SITE_HEADER = "Danvan-Site"   # WARC header of a response record: the name of the site (profile) that fetched it


def utc_now() -> str:
    """The current UTC time as ISO 8601 with microseconds and a Z (WARC-Date and fetched_at format)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def file_stem(run_id: str) -> str:
    """The WARC file name of a run, without prefix and suffix: the UTC time first (unless the run id starts
    with it already), then the run id in safe characters."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", run_id)[:80]
    if RUN_ID_TIME.match(safe):
        return safe
    return datetime.now(timezone.utc).strftime(RUN_ID_TIME_FORMAT) + "-" + safe


def page_key(url: str) -> str:
    """The part of a URL that names a page whatever the origin serving it: path and query."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def header_value(headers, name: str) -> str | None:
    """The value of the first header called *name* (any case) among (name, value) pairs; None if absent."""
    name = name.lower()
    return next((value for key, value in headers if key.lower() == name), None)


@dataclass(frozen=True)
class ArchivedResponse:
    """One HTTP response read back from the archive."""

    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    fetched_at: str
    record_id: str
    warc_file: str
    site: str | None = None      # the site (profile name) whose crawl fetched it; None in older archives
    method: str = "GET"          # the request's method (POST for a postback pager's pages)

    def header(self, name: str) -> str | None:
        return header_value(self.headers, name)

    def as_dict(self) -> dict:
        return {
            "url": self.url, "status": self.status, "fetched_at": self.fetched_at,
            "record_id": self.record_id, "warc_file": self.warc_file, "bytes": len(self.body),
            "site": self.site, "method": self.method,
        }


class ArchiveWriter:
    """Appends request and response records to ``raw_dir/danvan-<time>-<run_id>.warc.gz``, one gzip member each.

    Names start with the UTC time, so they sort in the order the files were written. On close, the
    list of archived responses is written beside it (``raw/index/``) so that later crawls need not read it.
    """

    def __init__(self, raw_dir: Path, run_id: str, *, software: str = "danvan", site: str | None = None):
        self.raw_dir = Path(raw_dir)
        self.site = site
        self.raw_dir.mkdir(parents=True, exist_ok=True)
        # one file per site and run: sites crawled in parallel under one run id never share a file
        by_site = "-" + re.sub(r"[^A-Za-z0-9_.-]+", "_", site)[:60] if site else ""
        self.path = self.raw_dir / f"danvan-{file_stem(run_id)}{by_site}{WARC_SUFFIX}"
        with _OPEN_GUARD:
            _OPEN_FILES.add(self.path.resolve())
        self.run_id = run_id
        self.records = 0
        self.responses: list[tuple[str, int, str]] = []
        self._file = open(self.path, "ab")
        self._append(self._warcinfo(software))

    def _warcinfo(self, software: str) -> bytes:
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=True, warc_version="1.1")
        info = {"software": software, "format": "WARC File Format 1.1", "run-id": self.run_id}
        if self.site:
            info["site"] = self.site
        writer.write_record(writer.create_warcinfo_record(self.path.name, info))
        return buffer.getvalue()

    def _append(self, member: bytes) -> None:
        self._file.write(member)
        self._file.flush()
        os.fsync(self._file.fileno())
        self.records += 1

    def write_exchange(
        self,
        *,
        url: str,
        request_headers: list[tuple[str, str]],
        status: int,
        reason: str,
        response_headers: list[tuple[str, str]],
        body: bytes,
        fetched_at: str,
        method: str = "GET",
        request_body: bytes = b"",
    ) -> str:
        """Archive one request (with its body, e.g. a POST's form) and its response; returns the response
        record's WARC-Record-ID. Both records name the site that fetched them (``Danvan-Site``)."""
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=True, warc_version="1.1")
        headers = [(RENAMED_HEADERS.get(k.lower(), k), v) for k, v in response_headers]
        http_response = StatusAndHeaders(f"{status} {reason}".strip(), headers, protocol="HTTP/1.1")
        site = {SITE_HEADER: self.site} if self.site else {}
        response = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http_response,
            warc_headers_dict={"WARC-Date": fetched_at, **site},
        )
        parts = urlsplit(url)
        target = page_key(url)
        http_request = StatusAndHeaders(f"{method} {target} HTTP/1.1", [("Host", parts.netloc), *request_headers],
                                        is_http_request=True)
        request = writer.create_warc_record(
            url, "request", payload=io.BytesIO(request_body), length=len(request_body), http_headers=http_request,
            warc_headers_dict={"WARC-Date": fetched_at, **site,
                               "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")},
        )
        writer.write_record(request)
        request_member = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        writer.write_record(response)
        self._append(request_member)
        self._append(buffer.getvalue())
        self.responses.append((url, status, method))
        return response.rec_headers.get_header("WARC-Record-ID")

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()
            try:
                write_index(self.path, self.responses, self.site)
            finally:
                with _OPEN_GUARD:
                    _OPEN_FILES.discard(self.path.resolve())

    def __enter__(self) -> "ArchiveWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _members_with_ends(path: Path) -> Iterator[tuple[bytes, int]]:
    """(decompressed gzip member, offset just past it) for each complete member of a file; stops before a
    truncated or damaged member."""
    with open(path, "rb") as f:
        pending, consumed = b"", 0
        while True:
            data = pending or f.read(READ_CHUNK)
            if not data:
                return
            decompressor = zlib.decompressobj(wbits=31)
            pieces, fed = [], 0
            while True:
                try:
                    pieces.append(decompressor.decompress(data))
                except zlib.error as exc:
                    log.warning("%s: damaged gzip member at offset %d, stopping there (%s)", path.name, consumed, exc)
                    return
                fed += len(data)
                if decompressor.eof:
                    pending = decompressor.unused_data
                    consumed += fed - len(pending)
                    break
                data = f.read(READ_CHUNK)
                if not data:
                    log.warning("%s: the last record is truncated (an interrupted crawl); it is skipped", path.name)
                    return
            yield b"".join(pieces), consumed


def _complete_members(path: Path) -> Iterator[bytes]:
    for member, _end in _members_with_ends(path):
        yield member


def cut_damaged_tail(path: Path) -> int:
    """Remove an interrupted crawl's truncated last record from a WARC file, so that every tool can read it;
    returns the number of bytes removed. Only for files no crawl is writing."""
    end = 0
    for _member, end in _members_with_ends(path):
        pass
    size = path.stat().st_size
    if end < size:
        with open(path, "r+b") as f:
            f.truncate(end)
            f.flush()
            os.fsync(f.fileno())
        log.warning("%s: removed %d bytes of a record cut short by an interrupted crawl", path.name, size - end)
    return size - end


def warc_files(raw_dir: Path) -> list[Path]:
    """The archive's files in the order they were written (names start with the UTC time)."""
    return sorted(Path(raw_dir).glob(f"*{WARC_SUFFIX}"))


def file_responses(path: Path) -> Iterator[ArchivedResponse]:
    """The responses of one WARC file, in the order they were written (each with its request's method)."""
    methods: dict[str, str] = {}   # response record id → method of the request record written just before it
    for member in _complete_members(path):
        for record in ArchiveIterator(io.BytesIO(member)):
            if record.rec_type == "request" and record.http_headers is not None:
                concurrent = record.rec_headers.get_header("WARC-Concurrent-To")
                if concurrent:
                    methods = {concurrent: record.http_headers.protocol.split(" ", 1)[0].upper() or "GET"}
                continue
            if record.rec_type != "response" or record.http_headers is None:
                continue
            record_id = record.rec_headers.get_header("WARC-Record-ID")
            yield ArchivedResponse(
                url=record.rec_headers.get_header("WARC-Target-URI"),
                status=int(record.http_headers.get_statuscode() or 0),
                headers=tuple((k, v) for k, v in record.http_headers.headers),
                body=record.content_stream().read(),
                fetched_at=record.rec_headers.get_header("WARC-Date"),
                record_id=record_id,
                warc_file=path.name,
                site=record.rec_headers.get_header(SITE_HEADER),
                method=methods.get(record_id, "GET"),
            )


def iter_responses(raw_dir: Path) -> Iterator[ArchivedResponse]:
    """Every archived response, oldest first."""
    for path in warc_files(raw_dir):
        yield from file_responses(path)


def _index_path(warc_path: Path) -> Path:
    return warc_path.parent / INDEX_DIR / (warc_path.name + ".json")


def write_index(warc_path: Path, responses: list[tuple[str, int, str]], site: str | None = None) -> None:
    """Note which responses a finished WARC file holds, the site that fetched them, and the file's size (a
    changed size voids the note)."""
    index = _index_path(warc_path)
    index.parent.mkdir(exist_ok=True)
    temporary = index.with_suffix(".tmp")
    temporary.write_text(json.dumps({"size": warc_path.stat().st_size, "site": site, "responses": responses}),
                         encoding="utf-8")
    os.replace(temporary, index)


def _current_note(warc_path: Path) -> tuple[str | None, list[tuple[str, int, str]]] | None:
    """What a file's note says, when the note is current (written for a file of this size); else None."""
    try:
        noted = json.loads(_index_path(warc_path).read_text(encoding="utf-8"))
        if noted["size"] == warc_path.stat().st_size:
            return noted.get("site"), [(entry[0], entry[1], entry[2] if len(entry) > 2 else "GET")
                                       for entry in noted["responses"]]
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        pass
    return None


def _read_responses(warc_path: Path) -> tuple[str | None, list[tuple[str, int, str]]]:
    """(site, [(url, status, method), …]) read from the file itself (the site when one site wrote it all)."""
    responses, sites = [], set()
    for response in file_responses(warc_path):
        responses.append((response.url, response.status, response.method))
        sites.add(response.site)
    return (sites.pop() if len(sites) == 1 else None), responses


def _responses_of(warc_path: Path) -> tuple[str | None, list[tuple[str, int, str]]]:
    """(site, [(url, status, method), …]) of one file, noting them beside it when the note was missing or old."""
    noted = _current_note(warc_path)
    if noted is not None:
        return noted
    cut_damaged_tail(warc_path)
    site, responses = _read_responses(warc_path)
    write_index(warc_path, responses, site)
    return site, responses


def noted_responses(warc_path: Path) -> tuple[str | None, list[tuple[str, int, str]]]:
    """(site, [(url, status, method), …]) of a file's responses in the order they were written: from its note
    when the note is current, else read from the file itself (nothing is written or cut: safe beside readers)."""
    noted = _current_note(warc_path)
    if noted is not None:
        return noted
    return _read_responses(warc_path)


def archived_statuses(raw_dir: Path, site: str | None = None) -> dict[str, int]:
    """page_key → status of its latest archived response (from the files' notes, or the files themselves);
    with *site*, only the files that site's crawls wrote (and older files that name no site).

    Call it only while holding the crawl lock: a file still being written would get a note too early."""
    statuses = {}
    for path in warc_files(raw_dir):
        with _OPEN_GUARD:
            if path.resolve() in _OPEN_FILES:   # another site's crawl of this run is writing it
                continue
        file_site, responses = _responses_of(path)
        if site is not None and file_site not in (None, site):
            continue
        for url, status, _method in responses:
            statuses[page_key(url)] = status
    return statuses


def write_json_file(path: Path, data) -> None:
    """Write *data* as JSON to *path* whole or not at all: a temporary file, flushed to disk, then renamed."""
    temporary = Path(path).with_suffix(".tmp")
    with open(temporary, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporary, path)


class JsonLines:
    """Appends one JSON object a line to a file of raw/, each line flushed and fsync'd."""

    def __init__(self, path: Path):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = Path(path)
        self._file = open(self.path, "a", encoding="utf-8")

    _writing = threading.Lock()   # one line at a time, whichever thread (sites crawled in parallel) writes it

    def __call__(self, row: dict) -> None:
        line = json.dumps(row, ensure_ascii=False) + "\n"
        with self._writing:
            self._file.write(line)
            self._file.flush()
            os.fsync(self._file.fileno())

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()

    def __enter__(self) -> "JsonLines":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def read_json_lines(path: Path) -> list[dict]:
    """The objects of a JSON Lines file of raw/; a line cut short by a killed run (or not an object) is skipped."""
    path = Path(path)
    if not path.is_file():
        return []
    rows = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                row = None
            if isinstance(row, dict):
                rows.append(row)
            elif line.strip():
                log.warning("%s: skipping a damaged line (an interrupted crawl)", path.name)
    return rows


def fetch_log(raw_dir: Path) -> JsonLines:
    """The log of every HTTP attempt (url, status, error, fetched_at, run_id, method, bytes, elapsed)."""
    return JsonLines(Path(raw_dir) / FETCH_LOG_NAME)


def run_log(raw_dir: Path) -> JsonLines:
    """The log of crawl runs: a line when a run starts, another when it ends."""
    return JsonLines(Path(raw_dir) / RUN_LOG_NAME)


def read_fetch_log(raw_dir: Path) -> list[dict]:
    return read_json_lines(Path(raw_dir) / FETCH_LOG_NAME)


def read_run_log(raw_dir: Path) -> list[dict]:
    return read_json_lines(Path(raw_dir) / RUN_LOG_NAME)
