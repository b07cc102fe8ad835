"""The command line: help, sub-commands, and `danvan extract` file handling (DESIGN.md §1)."""

import json
import subprocess
import sys
import unicodedata

import pytest

from pipeline.cli import COMMANDS, main

CONTRACT_KEYS = {"source", "legal_refs", "money", "counts", "organizations"}


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=cwd)


def test_help_lists_every_subcommand():
    result = run_cli("--help")
    assert result.returncode == 0
    for name, _ in COMMANDS:
        assert name in result.stdout
    for name in ("crawl", "extract", "build", "serve", "nightly", "demo", "mirror", "eval", "bench"):
        assert name in result.stdout


@pytest.mark.parametrize("name", [name for name, _ in COMMANDS])
def test_each_subcommand_has_help(name, capsys):
    with pytest.raises(SystemExit) as exc:
        main([name, "--help"])
    assert exc.value.code == 0
    assert "--data-dir" in capsys.readouterr().out or name in ("extract", "extract-warc")   # files in, not DATA_DIR


def _lines(stdout):
    return [json.loads(line) for line in stdout.splitlines()]


def test_extract_bad_inputs_give_per_file_errors_in_input_order(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Ủy ban nhân dân tỉnh Gia Lai họp.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Hội nghị".encode("utf-16"))
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    missing = tmp_path / "missing.txt"
    paths = [good, empty, binary, latin1, huge, missing, good]
    result = run_cli("extract", *map(str, paths))
    assert result.returncode == 0
    rows = _lines(result.stdout)
    assert [r["source"] for r in rows] == [str(p) for p in paths]
    assert CONTRACT_KEYS <= set(rows[0]) and "error" not in rows[0]
    assert "empty" in rows[1]["error"]
    assert "binary" in rows[2]["error"] or "UTF-8" in rows[2]["error"]
    assert "UTF-8" in rows[3]["error"] or "binary" in rows[3]["error"]
    assert "too large" in rows[4]["error"]
    assert "no such file" in rows[5]["error"]
    assert rows[6] == rows[0]
    assert "Traceback" not in result.stderr


def test_extract_exits_1_when_no_file_worked(tmp_path):
    result = run_cli("extract", str(tmp_path / "nothing.txt"))
    assert result.returncode == 1
    assert "error" in _lines(result.stdout)[0]


def test_extract_reads_html_body(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><div id='header'>Trang chủ</div><div class='news-content'>"
        "<p>Hội&nbsp;Nông dân tỉnh họp.</p></div></body></html>",
        encoding="utf-8",
    )
    rows = _lines(run_cli("extract", str(page)).stdout)
    assert "error" not in rows[0]
    assert CONTRACT_KEYS <= set(rows[0])


@pytest.mark.parametrize("content, error", [
    ("", "empty file: no text to extract from"),
    ("<html><body>\n</body></html>", "no article text in the page"),
    ("<html><head><script>var x = 1;</script></head><body><!-- trống --></body></html>", "no article text in the page"),
])
def test_extract_names_an_html_page_without_text(tmp_path, content, error):
    page = tmp_path / "page.html"
    page.write_text(content, encoding="utf-8")
    result = run_cli("extract", str(page))
    [row] = _lines(result.stdout)
    assert result.returncode == 1 and set(row) == {"source", "error"} and row["source"] == str(page)
    assert row["error"].startswith(error)


def test_library_extract_offsets_point_into_nfc_text():
    from extractors import extract

    text = unicodedata.normalize("NFD", "Thực hiện Kết luận 62-KL/TW của Bộ Chính trị, Ủy ban nhân dân tỉnh họp.")
    out = extract(text)
    nfc_text = unicodedata.normalize("NFC", text)
    for key, found in out.items():
        for fact in found:
            assert nfc_text[fact["start"]:fact["end"]] == fact["text"], (key, fact)


@pytest.mark.parametrize("port", ["70000", "-1"])
def test_serve_refuses_a_port_that_cannot_be(tmp_path, port):
    result = run_cli("serve", "--data-dir", str(tmp_path), "--port", port)
    assert result.returncode == 1
    assert result.stderr == f"danvan serve: --port must be 1..65535, not {port}\n"
