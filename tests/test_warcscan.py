"""scrapers.warcscan: the responses of any WARC file (a gzip member per record, one gzip stream, plain), damage reported."""

from __future__ import annotations

import gzip
import io
import random

import pytest

from scrapers.archive import ArchiveWriter, utc_now
from scrapers.warcscan import Damage, scan_warc

URLS = [f"http://site.example/Tin/bai-{n}.aspx" for n in range(4)]


def body(number: int) -> bytes:
    """A page that compresses poorly, so that a cut of a few hundred bytes stays inside its record."""
    numbers = random.Random(number)
    return ("<p>" + " ".join(str(numbers.random()) for _ in range(300)) + "</p>").encode("utf-8")


@pytest.fixture(scope="module")
def per_record(tmp_path_factory) -> bytes:
    raw = tmp_path_factory.mktemp("raw")
    with ArchiveWriter(raw, "20260101T000000-scan") as archive:
        for number, url in enumerate(URLS):
            archive.write_exchange(url=url, request_headers=[], status=200, reason="OK",
                                   response_headers=[("Content-Type", "text/html")],
                                   body=body(number), fetched_at=utc_now())
    return archive.path.read_bytes()


def plain(data: bytes) -> bytes:
    return gzip.decompress(data)


def one_stream(data: bytes) -> bytes:
    return gzip.compress(gzip.decompress(data))


def cut(data: bytes) -> bytes:
    return data[:-120]


def corrupt_middle(data: bytes) -> bytes:
    damaged = bytearray(data)
    middle = len(damaged) // 2
    damaged[middle:middle + 40] = b"\x00" * 40
    return bytes(damaged)


def scan(data: bytes):
    items = list(scan_warc(lambda: io.BytesIO(data), "x.warc.gz"))
    return [i.url for i in items if not isinstance(i, Damage)], [i.reason for i in items if isinstance(i, Damage)]


@pytest.mark.parametrize("form, damage, responses, damaged, reason", [
    (lambda d: d, lambda d: d, 4, 0, None),
    (plain, lambda d: d, 4, 0, None),
    (one_stream, lambda d: d, 4, 0, None),
    (lambda d: d, cut, 3, 1, "cut short"),
    (plain, cut, 3, 1, "cut short"),
    (one_stream, cut, 3, 1, "cut short"),
    (lambda d: d, corrupt_middle, 3, 1, "unreadable record"),
])
def test_responses_and_damage(per_record, form, damage, responses, damaged, reason):
    urls, reasons = scan(damage(form(per_record)))
    assert len(urls) == responses and urls == [u for u in URLS if u in urls]
    assert len(reasons) == damaged
    if reason:
        assert reason in reasons[0]


@pytest.mark.parametrize("data", [b"", b"plain text, not an archive\n" * 10, gzip.compress(b"not a warc either")])
def test_what_is_not_a_warc_file_is_one_damage(data):
    urls, reasons = scan(data)
    assert urls == [] and len(reasons) == 1 and reasons[0].startswith("not a WARC file")
