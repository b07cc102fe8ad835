"""The WARC archive: records read back as written, a record cut short by kill -9 skipped and then removed."""

from __future__ import annotations

import io

import pytest
from warcio.archiveiterator import ArchiveIterator

from scrapers.archive import (ArchiveWriter, archived_statuses, cut_damaged_tail, iter_responses, page_key,
                              read_json_lines, utc_now, JsonLines)

BODIES = ["Xin chào".encode(), b"", "Hội nghị dân vận khéo".encode() * 500, b"\x00\x01binary"]


def write_archive(raw_dir):
    with ArchiveWriter(raw_dir, "20260101T000000-test") as archive:
        for number, body in enumerate(BODIES):
            archive.write_exchange(
                url=f"http://127.0.0.1:8000/Tin-hoat-dong/Bai-{number}.aspx?x=1", request_headers=[("User-Agent", "t")],
                status=200 if number != 1 else 404, reason="OK",
                response_headers=[("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked")],
                body=body, fetched_at=utc_now())
    return archive.path


def test_responses_read_back_as_written(tmp_path):
    path = write_archive(tmp_path)
    responses = list(iter_responses(tmp_path))
    assert [r.body for r in responses] == BODIES
    assert [r.status for r in responses] == [200, 404, 200, 200]
    assert responses[0].header("content-type") == "text/html; charset=utf-8"
    assert responses[0].header("Transfer-Encoding") is None     # stored de-chunked, so renamed
    with open(path, "rb") as warc:
        kinds = [record.rec_type for record in ArchiveIterator(warc)]
    assert kinds == ["warcinfo"] + ["request", "response"] * len(BODIES)
    assert archived_statuses(tmp_path) == {
        "/Tin-hoat-dong/Bai-0.aspx?x=1": 200, "/Tin-hoat-dong/Bai-1.aspx?x=1": 404,
        "/Tin-hoat-dong/Bai-2.aspx?x=1": 200, "/Tin-hoat-dong/Bai-3.aspx?x=1": 200}


@pytest.mark.parametrize("cut", [1, 10, 100])   # inside the last record
def test_a_record_cut_short_is_skipped_then_removed(tmp_path, cut):
    path = write_archive(tmp_path)
    whole = path.read_bytes()
    path.write_bytes(whole[:-cut])
    (tmp_path / "index").joinpath(path.name + ".json").unlink()   # as after kill -9: no note written
    survivors = [r.body for r in iter_responses(tmp_path)]
    assert survivors == BODIES[:len(survivors)] and len(survivors) == len(BODIES) - 1
    removed = cut_damaged_tail(path)
    assert 0 < removed < len(whole)
    assert sum(1 for _ in ArchiveIterator(io.BytesIO(path.read_bytes()))) == 1 + 2 * len(BODIES) - 1
    assert cut_damaged_tail(path) == 0


@pytest.mark.parametrize("page, key", [
    ("http://h:1/Tin-hoat-dong.aspx?page=2", "/Tin-hoat-dong.aspx?page=2"),
    ("https://bandanvan.gialai.gov.vn/Dan-van-kheo/Bai.aspx", "/Dan-van-kheo/Bai.aspx"),
    ("http://h", "/"),
])
def test_page_key_ignores_the_origin(page, key):
    assert page_key(page) == key


def test_json_lines_skip_a_line_cut_short(tmp_path):
    with JsonLines(tmp_path / "fetches.jsonl") as log:
        log({"url": "http://h/a", "status": 200})
        log({"url": "http://h/b", "status": None, "error": "timeout"})
    with open(tmp_path / "fetches.jsonl", "a", encoding="utf-8") as f:
        f.write('{"url": "http://h/c", "sta')
    assert [row["url"] for row in read_json_lines(tmp_path / "fetches.jsonl")] == ["http://h/a", "http://h/b"]


@pytest.mark.parametrize("damage", [
    b'["a", "list"]\n', b'"text"\n', b'42\n', b'null\n', b'\n', b'\xff\xfe{"url": \n', b'{"url": "http://h/c"\n',
])
def test_json_lines_keep_only_whole_objects(tmp_path, damage):
    path = tmp_path / "runs.jsonl"
    path.write_bytes(b'{"run_id": "a"}\n' + damage + b'{"run_id": "b"}\n')
    assert read_json_lines(path) == [{"run_id": "a"}, {"run_id": "b"}]
