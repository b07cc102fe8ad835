"""Read the HTTP responses of any WARC file (a record per gzip member, one gzip stream, or plain), reporting damage.

Made for collections danvan did not write (a Common Crawl slice, another crawler's archive): request, metadata,
warcinfo and revisit records are passed over; a corrupt record is reported (where, and why) and reading goes on
at the next record; a record cut short (a truncated file) is reported, not returned with half a body.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from typing import BinaryIO, Callable, Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from scrapers.archive import ArchivedResponse

GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_HEADS = (b"WARC/1.0\r\n", b"WARC/1.1\r\n")
SEARCH_CHUNK = 1 << 20
READ_ERRORS = (ArchiveLoadFailed, zlib.error, EOFError, ValueError, OSError)


@dataclass(frozen=True)
class Damage:
    """A part of a WARC file that could not be read: its byte offset (in the file as stored) and why."""

    offset: int
    reason: str


def _next_record_start(f: BinaryIO, after: int, compressed: bool) -> int | None:
    """The offset of the next gzip member (or WARC record header) at or after *after*; None at the end."""
    marks = (GZIP_MAGIC,) if compressed else WARC_HEADS
    keep = max(len(mark) for mark in marks) - 1
    position, carry = after, b""
    f.seek(after)
    while True:
        chunk = f.read(SEARCH_CHUNK)
        if not chunk:
            return None
        data = carry + chunk
        found = [i for i in (data.find(mark) for mark in marks) if i >= 0]
        if found:
            return position - len(carry) + min(found)
        carry = data[-keep:]
        position += len(chunk)


def _response(record, name: str) -> ArchivedResponse | Damage | None:
    """The response of one record, Damage if it is cut short, None for a record of another kind."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    body = record.content_stream().read()
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        return Damage(-1, f"a record cut short ({missing} bytes missing): a truncated file")
    return ArchivedResponse(
        url=record.rec_headers.get_header("WARC-Target-URI") or "",
        status=int(record.http_headers.get_statuscode() or 0),
        headers=tuple((k, v) for k, v in record.http_headers.headers),
        body=body,
        fetched_at=record.rec_headers.get_header("WARC-Date") or "",
        record_id=record.rec_headers.get_header("WARC-Record-ID") or "",
        warc_file=name,
    )


class _Inflated(io.RawIOBase):
    """The decompressed bytes of a gzip file read as one stream (members one after the other); at a cut, the
    bytes before it, then the end (``truncated`` says so), instead of an error that loses what was read."""

    def __init__(self, f: BinaryIO):
        self.f, self.truncated = f, False
        self._inflater = zlib.decompressobj(wbits=31)
        self._in_member = False
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending:
            leftover = b""
            if self._inflater.eof:   # a member ended: the next one, if any
                leftover = self._inflater.unused_data
                self._inflater = zlib.decompressobj(wbits=31)
                self._in_member = False
            chunk = leftover or self.f.read(SEARCH_CHUNK)
            if not chunk:
                self.truncated = self._in_member
                return 0
            self._in_member = True
            self._pending = self._inflater.decompress(chunk)
        size = min(len(buffer), len(self._pending))
        buffer[:size], self._pending = self._pending[:size], self._pending[size:]
        return size


def _single_stream(f: BinaryIO, name: str) -> Iterator[ArchivedResponse | Damage]:
    """The responses of a file compressed as one gzip stream (not a member per record): read in one pass."""
    f.seek(0)
    inflated = _Inflated(f)
    records = ArchiveIterator(io.BufferedReader(inflated))
    reported = False
    try:
        for record in records:
            outcome = _response(record, name)
            if isinstance(outcome, Damage):
                reported = True
                yield Damage(-1, outcome.reason)
            elif outcome is not None:
                yield outcome
    except READ_ERRORS as exc:
        yield Damage(-1, f"unreadable from here on (one gzip stream cannot be resumed): {type(exc).__name__}: {exc}")
        return
    if inflated.truncated and not reported:
        yield Damage(-1, "the file ends inside its gzip stream (a truncated file)")


def scan_warc(open_file: Callable[[], BinaryIO], name: str) -> Iterator[ArchivedResponse | Damage]:
    """Every HTTP response of a WARC file, in order, and a Damage for each part that could not be read.

    *open_file* opens the file for binary reading, seekable (a local path's ``open``, or an fsspec file)."""
    with open_file() as f:
        head = f.read(SEARCH_CHUNK)
        compressed = head[:2] == GZIP_MAGIC[:2]
        if compressed:
            try:
                head = zlib.decompressobj(wbits=31).decompress(head, 16)
            except zlib.error:
                head = b""
        if not head.startswith(b"WARC/"):
            yield Damage(0, f"not a WARC file (it starts with {head[:24]!r})")
            return
        start = 0
        while start is not None:
            f.seek(start)
            records = ArchiveIterator(f)
            try:
                for record in records:
                    outcome = _response(record, name)
                    if isinstance(outcome, Damage):
                        yield Damage(records.get_record_offset(), outcome.reason)
                    elif outcome is not None:
                        yield outcome
                start = None
            except READ_ERRORS as exc:
                if compressed and start == 0 and "non-chunked gzip" in str(exc):
                    yield from _single_stream(f, name)
                    return
                failed_at = records.offset
                reason = " ".join(str(exc).split())[:200] or type(exc).__name__
                yield Damage(failed_at, f"unreadable record: {type(exc).__name__}: {reason}")
                start = _next_record_start(f, failed_at + 1, compressed)
