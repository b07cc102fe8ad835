"""Long texts extracted in chunks (extractors.stream) and `danvan extract -` reading standard input."""

import io
import json
import subprocess
import sys
import unicodedata

import pytest

from extractors import extract
from extractors.stream import chunk_bounds, extract_chunks, write_object
from tests.conftest import REPO

PARAGRAPHS = [
    "Thực hiện Kết luận số 62-KL/TW ngày 08/12/2009 của Bộ Chính trị, Ủy ban MTTQ Việt Nam tỉnh đã vận động.",
    "Năm qua, Hội Nông dân huyện Ia Grai trao 12 con bò giống cho 12 hộ nghèo, trị giá hơn 180 triệu đồng.",
    "Xã Ia Tô xây 30 căn nhà đại đoàn kết với trị giá 876 triệu đồng, đạt 95% kế hoạch.",
    "Ban Dân vận Huyện ủy tổ chức hội nghị quán triệt Quyết định số 23-QĐ/TW ngày 30/7/2021.",
]


def article_text(repeat: int) -> str:
    return "\n".join(PARAGRAPHS * repeat) + "\n"


@pytest.mark.parametrize("text, size, expected", [
    # (text, chunk size, chunks): a chunk ends after the first line break past the size
    ("aaaa\nbbbb\ncccc\n", 3, ["aaaa\n", "bbbb\n", "cccc\n"]),
    ("aaaa\nbbbb\ncccc\n", 6, ["aaaa\nbbbb\n", "cccc\n"]),
    ("aaaa\nbbbb", 100, ["aaaa\nbbbb"]),
    ("", 10, []),
    # a paragraph over twice the size: cut after a sentence end, else after a space, else at twice the size
    ("Một câu. Hai câu nữa ở đây.", 5, ["Một câu. ", "Hai câu ", "nữa ở ", "đây."]),
    ("abcdefghijkl", 4, ["abcdefgh", "ijkl"]),
])
def test_chunk_bounds(text, size, expected):
    bounds = list(chunk_bounds(text, size))
    assert [text[s:e] for s, e in bounds] == expected
    assert "".join(text[s:e] for s, e in bounds) == text


def test_a_text_shorter_than_a_chunk_gives_the_bytes_of_extract():
    text = article_text(2)
    out = io.StringIO()
    write_object(out, {"source": "a.txt"}, text)
    assert out.getvalue() == json.dumps({"source": "a.txt", **extract(text)}, ensure_ascii=False) + "\n"


def test_chunked_offsets_point_into_the_whole_nfc_text_and_indexes_stay_true():
    text = unicodedata.normalize("NFD", article_text(12))
    whole = unicodedata.normalize("NFC", text)
    chunks = list(extract_chunks(text, size=300))
    assert len(chunks) > 5
    for found in chunks:
        for kind, facts in found.items():
            for fact in facts:
                assert whole[fact["start"]:fact["end"]] == fact["text"], (kind, fact)
    # every chunk holds whole paragraphs, so each fact (and the count a sum pays for) is the one a single
    # extract of the whole text finds there
    single = extract(whole)
    for kind in ("money", "counts", "percents", "legal_refs"):
        merged = [fact for found in chunks for fact in found[kind]]
        assert merged == single[kind], kind
    assert sum(m["count_index"] is not None for m in single["money"]) == 24


@pytest.mark.parametrize("workers", [1, 2])
def test_a_short_form_resolves_against_a_full_reference_of_an_earlier_chunk(workers):
    text = ("Thực hiện Kết luận số 62-KL/TW ngày 08/12/2009 của Bộ Chính trị.\n"
            + "Các đoàn thể vận động nhân dân tham gia xây dựng nông thôn mới.\n" * 20
            + "Sau 10 năm thực hiện Kết luận 62, hệ thống chính trị được củng cố.\n")
    refs = [ref for found in extract_chunks(text, size=200, workers=workers) for ref in found["legal_refs"]]
    assert [(r["text"], r["key"], r["resolved_from"]) for r in refs] == [
        ("Kết luận số 62-KL/TW", "62-KL/TW", None), ("Kết luận 62", "62-KL/TW", "short_form")]
    # must not: a short form with no full reference before it stays unresolved
    refs = [ref for found in extract_chunks(text[text.index("Các"):], size=200, workers=workers)
            for ref in found["legal_refs"]]
    assert [(r["key"], r["resolved_from"], r["number"]) for r in refs] == [(None, None, "62")]


def test_workers_give_the_same_bytes_as_one_process():
    text = article_text(40)
    outputs = []
    for workers in (1, 2):
        out = io.StringIO()
        counts = write_object(out, {"source": "-"}, text, size=500, workers=workers)
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]
    obj = json.loads(outputs[0])
    assert counts["legal_refs"] == len(obj["legal_refs"]) == 80
    assert list(obj) == ["source", "legal_refs", "money", "counts", "percents", "measures", "organizations",
                         "locations", "dates", "activities"]


def run_extract(*args, stdin: bytes):
    return subprocess.run([sys.executable, "-m", "pipeline", "extract", *args], input=stdin,
                          capture_output=True, cwd=REPO, timeout=120)


def test_extract_reads_standard_input_in_input_order(tmp_path):
    first = tmp_path / "first.txt"
    first.write_text(PARAGRAPHS[1], encoding="utf-8")
    result = run_extract(str(first), "-", stdin=PARAGRAPHS[0].encode())
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [o["source"] for o in objects] == [str(first), "-"]
    assert objects[1] == {"source": "-", **extract(PARAGRAPHS[0])}
    assert objects[1]["legal_refs"][0]["key"] == "62-KL/TW"


@pytest.mark.parametrize("stdin, error", [
    (b"", "empty input: no text to extract from"),
    (b"\x00\x01binary", "binary input (contains NUL bytes), not UTF-8 text"),
    (b"K\xe1t lu\xe2n 62", "not UTF-8 text (bad byte at offset 1)"),
])
def test_standard_input_that_cannot_be_used_is_an_error_object(stdin, error):
    result = run_extract("-", stdin=stdin)
    assert result.returncode == 1
    obj = json.loads(result.stdout)
    assert obj["source"] == "-" and obj["error"].startswith(error)
    assert result.stderr.decode().startswith(f"danvan extract: -: {error}")


def test_standard_input_that_is_a_page_is_read_as_html():
    page = ("<!DOCTYPE html><html><body><div id='content'><p>" + PARAGRAPHS[0] + "</p><p>"
            + PARAGRAPHS[2] + "</p></div></body></html>")
    result = run_extract("-", stdin=page.encode())
    assert result.returncode == 0, result.stderr
    obj = json.loads(result.stdout)
    assert "<p>" not in json.dumps(obj) and obj["legal_refs"][0]["key"] == "62-KL/TW"
    assert obj["money"][0]["value"] == 876_000_000


def test_a_progress_bar_shows_on_a_terminal_only(tmp_path):
    import fcntl
    import os
    import pty
    import select
    import struct
    import termios

    from extractors.stream import CHUNK_CHARS

    text = article_text(CHUNK_CHARS // sum(len(p) + 1 for p in PARAGRAPHS) + 10)
    assert CHUNK_CHARS < len(text) < 2 * CHUNK_CHARS
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    command = [sys.executable, "-m", "pipeline", "extract", "--workers", "1", str(path)]

    piped = subprocess.run(command, capture_output=True, cwd=REPO, timeout=300)
    assert piped.returncode == 0 and piped.stderr == b""

    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))   # tqdm needs a width
    output = (tmp_path / "out.jsonl").open("wb")
    process = subprocess.Popen(command, stdout=output, stderr=secondary, cwd=REPO)
    os.close(secondary)
    seen = b""
    try:
        while True:
            ready, _, _ = select.select([primary], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(primary, 4096)
                except OSError:   # the other end closed
                    break
            elif process.poll() is not None:
                break
        assert process.wait(timeout=60) == 0
    finally:
        output.close()
        os.close(primary)
    assert (tmp_path / "out.jsonl").read_bytes() == piped.stdout
    assert b"long.txt:" in seen and b"%|" in seen


def test_indexes_between_kinds_point_into_the_whole_object_after_the_first_chunk():
    # two equal chunks: the second's facts are the first's, moved by the first's length and its numbers of facts
    half = article_text(1)
    chunks = list(extract_chunks(half + half, size=len(half) - 1))
    assert len(chunks) == 2
    first, second = chunks
    assert first["activities"] and any(a["money"] for a in first["activities"])
    for one, two in zip(first["activities"], second["activities"]):
        assert two["start"] == one["start"] + len(half)
        assert two["money"] == [i + len(first["money"]) for i in one["money"]]
        assert two["counts"] == [i + len(first["counts"]) for i in one["counts"]]
        assert two["actor"] == (None if one["actor"] is None else one["actor"] + len(first["organizations"]))
        assert two["place"] == (None if one["place"] is None else one["place"] + len(first["locations"]))
    whole = {kind: first[kind] + second[kind] for kind in first}
    for activity in whole["activities"]:
        for index in activity["money"]:
            money = whole["money"][index]
            assert activity["start"] - 300 < money["start"] < activity["end"] + 300   # the same sentence's sum
