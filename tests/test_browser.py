"""The served pages in a real headless Chromium: search page, an article's highlighted evidence, a chart."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from danvan_dataset import build_dataset
from local_site import free_port
from pipeline.datasette_plugins.charts import SERIES_COLORS

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (Debian: `apt-get install -y chromium`; .ci/run installs it)",
)

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # nothing but the loopback server
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`danvan serve` on a free loopback port over a small database; yields its base URL."""
    data_dir = tmp_path_factory.mktemp("browser")
    build_dataset(data_dir / "danvan.db")
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--data-dir", str(data_dir),
                                "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/-/versions.json", timeout=5) as response:
                    json.loads(response.read())
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("danvan serve did not start")
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def chromium(tmp_path: Path, *arguments: str) -> str:
    result = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *arguments],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_search_page_finds_articles_without_diacritics(server, tmp_path):
    table = chromium(tmp_path, "--dump-dom", f"{server}/danvan/articles?_search=doan+thanh+nien")
    assert "Đoàn thanh niên Chư Păh chung tay xây nhà cho hộ nghèo" in table
    assert 'value="doan thanh nien"' in table
    canned = chromium(tmp_path, "--dump-dom", f"{server}/danvan/search?q=%C4%90o%C3%A0n+thanh+ni%C3%AAn")
    assert "Đoàn thanh niên Chư Păh chung tay xây nhà cho hộ nghèo" in canned
    assert "[doan] [thanh] [nien]" in canned


def test_article_page_shows_facts_highlighted_by_kind(server, tmp_path):
    dom = chromium(tmp_path, "--dump-dom", f"{server}/danvan/articles/1")
    evidence = dom.split('id="evidence"', 1)[1]
    assert evidence.count('<mark class="entity"') == 4
    for fact in ("Kết luận 62-KL/TW", "150 triệu đồng", "12 căn nhà", "Đoàn thanh niên Cộng sản Hồ Chí Minh"):
        assert fact in evidence
    assert "VĂN BẢN" in evidence and "TIỀN" in evidence


def test_chart_renders(server, tmp_path):
    from PIL import Image

    dom = chromium(tmp_path, "--dump-dom", f"{server}/-/danvan/charts")
    assert dom.count("<svg") >= 2 and dom.count('class="danvan-bar"') >= 4
    shot = tmp_path / "charts.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1000,1600", "--hide-scrollbars",
             f"{server}/-/danvan/charts")
    image = Image.open(shot).convert("RGB")
    first_series = tuple(int(SERIES_COLORS[0][i:i + 2], 16) for i in (1, 3, 5))
    painted = sum(count for count, color in image.getcolors(maxcolors=1 << 24) if color == first_series)
    assert painted > 200, "the bars of the citations chart were not drawn"
