"""What a researcher trips on: a long --delay, long silent waits, the data path, a refused run, noisy libraries,
repeated reasons, a data directory that is a file, attachment lines in the body."""

import io
import logging
import os
import shutil
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest

from local_site import LocalSite, Served
from pipeline.cli import main as danvan
from pipeline.commands import LONG_DELAY, confirm_delay
from pipeline.health import error_reasons
from scrapers.errors import InputError
from scrapers.http import ClientSettings, PoliteClient, origin_of
from scrapers.lock import data_dir_lock
from scrapers.parse import is_attachment_line, parse_article
from scrapers.profile import load_profile
from tests.conftest import REPO


def run_cli(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=REPO,
                          timeout=120, **kwargs)


# ---------------------------------------------------------------- --delay over a minute

@pytest.mark.parametrize("command", ["crawl", "nightly"])
def test_a_long_delay_is_refused_without_a_terminal(tmp_path, capsys, monkeypatch, command):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))   # no terminal to ask on, however pytest was started
    status = danvan([command, "--delay", "90", "--data-dir", str(tmp_path / "d"), "--base-url", "http://127.0.0.1:9"])
    assert status == 1
    assert capsys.readouterr().err == (f"danvan {command}: --delay 90 s: 100 pages will take 2.5 hours; "
                                       "add --yes if you mean it (seconds, not milliseconds)\n")
    assert not (tmp_path / "d").exists()   # nothing was done


def test_a_long_delay_is_asked_about_on_a_terminal(tmp_path):
    import pty

    primary, secondary = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "crawl", "--delay", "120", "--data-dir",
                                str(tmp_path / "d"), "--base-url", "http://127.0.0.1:9"],
                               stdin=secondary, stderr=secondary, stdout=subprocess.PIPE, cwd=REPO)
    os.close(secondary)
    try:
        seen = b""
        deadline = time.monotonic() + 60
        while b"[y/N]" not in seen and time.monotonic() < deadline:
            seen += os.read(primary, 1024)
        assert b"--delay 120 s: 100 pages will take 3.3 hours. Go on? [y/N]" in seen
        os.write(primary, b"n\n")
        assert process.wait(timeout=60) == 1
        rest = b""
        try:
            while chunk := os.read(primary, 1024):
                rest += chunk
        except OSError:   # the other end closed
            pass
        assert b"--delay 120 s not confirmed; nothing was done" in rest
    finally:
        if process.poll() is None:
            process.kill()
        process.stdout.close()
        os.close(primary)
    assert not (tmp_path / "d").exists()


class Terminal:
    """Standard input and error of a terminal whose user types *answer*."""

    def __init__(self, answer: str):
        self.answer, self.written = answer, ""

    def isatty(self):
        return True

    def readline(self):
        return self.answer

    def write(self, text):
        self.written += text

    def flush(self):
        pass


@pytest.mark.parametrize("delay, yes, answer, accepted", [
    (None, False, None, True),            # the profile's own delay
    (LONG_DELAY, False, None, True),      # a minute is still fine
    (61, True, None, True),               # --yes
    (61, False, "y\n", True),
    (61, False, "yes\n", True),
    (61, False, "\n", False),             # the default is no
    (61, False, "n\n", False),
])
def test_confirm_delay(monkeypatch, delay, yes, answer, accepted):
    if answer is not None:
        terminal = Terminal(answer)
        monkeypatch.setattr(sys, "stdin", terminal)
        monkeypatch.setattr(sys, "stderr", terminal)
    options = SimpleNamespace(delay=delay, extra={"yes": yes})
    if accepted:
        confirm_delay(options)
    else:
        with pytest.raises(InputError, match="not confirmed"):
            confirm_delay(options)


# ---------------------------------------------------------------- a long wait between requests is announced

@pytest.mark.parametrize("delay, announced", [(15, True), (5, False)])
def test_a_long_wait_between_requests_shows_a_line(caplog, delay, announced):
    waits = []
    with Served(LocalSite()) as served:
        settings = ClientSettings(user_agent="danvan-test/0.1", delay=delay, connect_timeout=1, read_timeout=1)
        client = PoliteClient(settings, {origin_of(served.base_url)}, sleep=waits.append)
        with caplog.at_level(logging.INFO, logger="scrapers.http"):
            client.get(served.base_url + "/robots.txt")
            client.get(served.base_url + "/robots.txt")
    assert len(waits) == 1 and delay - 1 < waits[0] <= delay
    lines = [r.getMessage() for r in caplog.records if "before the next request" in r.getMessage()]
    host = origin_of(served.base_url)[1]
    assert lines == ([f"waiting {delay} s before the next request to {host} (the delay between requests)"]
                     if announced else [])


# ---------------------------------------------------------------- make help names the data directory

@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("data, expected", [(None, REPO / "data"), ("elsewhere/d", REPO / "elsewhere" / "d")])
def test_make_help_prints_the_absolute_data_path(data, expected):
    result = subprocess.run(["make", "--no-print-directory", "help", *([f"DATA={data}"] if data else [])],
                            capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.returncode == 0, result.stderr
    assert f"data directory: {expected};" in result.stdout.splitlines()[0]


# ---------------------------------------------------------------- a refused nightly says so once

def test_a_refused_nightly_says_so_once(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    with data_dir_lock(data_dir, "build"):
        result = run_cli("nightly", "--data-dir", str(data_dir), "--base-url", "http://127.0.0.1:9", "--delay", "0")
    assert result.returncode == 75
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("danvan nightly: ") and f"pid {os.getpid()}" in lines[0], lines
    assert "refused to start" in (data_dir / "logs" / "nightly.log").read_text(encoding="utf-8")


# ---------------------------------------------------------------- the report's reasons, each said once

def test_rejection_reasons_are_counted_under_one_heading_each():
    rejected = {
        "u1": "not an article: the profile's title/body selectors do not match and the fallback found no article "
              "body (page title 'Lịch công tác tuần')",
        "u2": "not an article: the profile's title/body selectors do not match and the fallback found no article "
              "body (page title 'Tìm kiếm')",
        "u3": "placeholder: the page has a title ('Thông báo') but no body text",
        "u4": "placeholder: the page has a title ('Kế hoạch') but no body text",
        "u5": "not an article address of the gialai profile (a page of another kind)",
    }
    reasons = error_reasons(None, rejected)
    assert reasons == {
        "not an article: the profile's title/body selectors do not match and the fallback found no article body": 2,
        "not an article: placeholder": 2,
        "not an article: address of the gialai profile (a page of another kind)": 1,
    }
    assert all(key.count("not an article") == 1 for key in reasons)


# ---------------------------------------------------------------- library warnings stay off the terminal

NAVIGATION_ONLY = ("<html><body><nav><p>" + "menu " * 50 + "</p></nav><footer>x</footer></body></html>")


def test_a_page_trafilatura_discards_leaves_stderr_quiet(tmp_path, caplog):
    import trafilatura

    with caplog.at_level(logging.WARNING, logger="trafilatura"):   # the page does make trafilatura complain
        assert trafilatura.extract(NAVIGATION_ONLY, favor_precision=True) is None
    assert any("discarding data" in r.getMessage() for r in caplog.records)
    page = tmp_path / "menu.html"
    page.write_text(NAVIGATION_ONLY, encoding="utf-8")
    result = run_cli("extract", str(page))
    assert result.returncode == 0
    assert result.stderr == ""


# ---------------------------------------------------------------- --data-dir that is a file

COMMANDS_WITH_DATA_DIR = [["build"], ["serve"], ["nightly", "--base-url", "http://127.0.0.1:9", "--delay", "0"],
                          ["crawl", "--base-url", "http://127.0.0.1:9", "--delay", "0"], ["demo"], ["bench"], ["eval"],
                          ["mirror"]]


@pytest.mark.parametrize("command", COMMANDS_WITH_DATA_DIR, ids=lambda c: c[0])
def test_a_data_dir_that_is_a_file_is_named_so(tmp_path, capsys, command):
    data_dir = tmp_path / "afile"
    data_dir.write_text("not a directory", encoding="utf-8")
    assert danvan([*command, "--data-dir", str(data_dir)]) == 1
    assert capsys.readouterr().err == f"danvan {command[0]}: --data-dir {data_dir} is a file, not a directory\n"


def test_a_data_dir_that_is_a_file_is_one_line_from_the_shell(tmp_path):
    data_dir = tmp_path / "afile"
    data_dir.write_text("not a directory", encoding="utf-8")
    result = run_cli("build", "--data-dir", str(data_dir))
    assert (result.returncode, result.stderr) == (1, f"danvan build: --data-dir {data_dir} is a file, not a directory\n")


# ---------------------------------------------------------------- lines that announce an attachment

@pytest.mark.parametrize("line, expected", [
    ("Tải về: Kế hoạch số 45-KH/BCĐ", True),
    ("Tải về:", True),
    ("tải về : Hướng dẫn 09", True),
    ("File đính kèm: Quyết định 23-QĐ/TW.pdf", True),
    ("File đính kèm", True),
    ("Tệp đính kèm: KH-1.doc", True),
    ("Tài liệu đính kèm:", True),
    ("Tải file Hướng dẫn số 03-HD/BTGDVTU", True),
    ("Tải file", True),
    ("(Tải về: Kết luận số 120-KL/TW)", True),
    # must not match: sentences of the body
    ("Tải về ứng dụng VNeID để thực hiện dịch vụ công trực tuyến.", False),
    ("File đính kèm theo hồ sơ gồm bản sao giấy khai sinh.", False),
    ("Hội viên được hướng dẫn tải về ứng dụng: VNeID.", False),
    ("Tải trọng xe không quá 10 tấn.", False),
    ("Tảifile", False),
])
def test_attachment_lines(line, expected):
    assert is_attachment_line(line) is expected


def test_attachment_announcements_are_not_body_text():
    from test_parse import URL, page   # an article page in the gialai profile's markup

    body = ("<p>Ban hành hướng dẫn.</p><p>Tải về: <a href=\"/Uploads/files/HD-09.pdf\">Hướng dẫn 09</a></p>"
            "<p>File đính kèm:</p><p><a href=\"/Uploads/files/KH-1.doc\">KH-1.doc</a></p>"
            "<p>Tải file <a href=\"/Uploads/files/QD-23.pdf\">Quyết định 23</a></p>"
            "<p>Tải về ứng dụng VNeID để làm thủ tục.</p>")
    result = parse_article(page(body), URL, load_profile("gialai"))
    assert result.text == "Ban hành hướng dẫn.\nTải về ứng dụng VNeID để làm thủ tục."
