"""The served pages in a real headless Chromium: search page, an article's highlighted evidence, charts, pages limited
to one site or comparing two, and what a reader sees in a 1280 × 900 window (measured in the page through the DevTools
protocol, over a pipe)."""

from __future__ import annotations

import fcntl
import json
import os
import re
import select
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from danvan_dataset import SECOND_SITE, build_dataset
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
    """`danvan serve` on a free loopback port over a small database of two sites; yields its base URL."""
    data_dir = tmp_path_factory.mktemp("browser")
    build_dataset(data_dir / "danvan.db", second_site=True)
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
    assert "[Đoàn thanh niên]" in canned        # the excerpt keeps its diacritics


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


# ---------------------------------------------------------------- measured in the page (DevTools protocol)

WINDOW = (1280, 900)


class Page:
    """One headless Chromium driven through the DevTools protocol on a pipe (fds 3 and 4 of the browser; no port):
    ``open(url)`` loads a page in a 1280 × 900 viewport, ``value(js)`` evaluates an expression there."""

    def __init__(self, profile_dir: Path):
        to_browser, self._writer = os.pipe()
        self._reader, from_browser = os.pipe()

        def on_fds_3_and_4():   # the browser reads commands on fd 3 and writes answers on fd 4
            high_in = fcntl.fcntl(to_browser, fcntl.F_DUPFD, 10)
            high_out = fcntl.fcntl(from_browser, fcntl.F_DUPFD, 10)
            os.dup2(high_in, 3)
            os.dup2(high_out, 4)

        self._process = subprocess.Popen(
            [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile_dir}", "--remote-debugging-pipe",
             f"--window-size={WINDOW[0]},{WINDOW[1]}", "--hide-scrollbars", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(3, 4), preexec_fn=on_fds_3_and_4)
        os.close(to_browser)
        os.close(from_browser)
        self._buffer, self._events, self._next_id = b"", [], 0
        target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self._call("Page.enable")
        self._call("Emulation.setDeviceMetricsOverride",
                   {"width": WINDOW[0], "height": WINDOW[1], "deviceScaleFactor": 1, "mobile": False})

    def _message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            if not select.select([self._reader], [], [], max(deadline - time.monotonic(), 0))[0]:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._reader, 1 << 16)
            if not chunk:
                raise EOFError("Chromium closed its pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def _call(self, method: str, params: dict | None = None) -> dict:
        self._next_id += 1
        command = {"id": self._next_id, "method": method, "params": params or {}}
        if getattr(self, "_session", None):
            command["sessionId"] = self._session
        os.write(self._writer, json.dumps(command).encode() + b"\0")
        deadline = time.monotonic() + 60
        while True:
            message = self._message(deadline)
            if message.get("id") == self._next_id:
                assert "error" not in message, message["error"]
                return message.get("result", {})
            self._events.append(message.get("method"))

    def open(self, url: str) -> None:
        self._events.clear()
        self._call("Page.navigate", {"url": url})
        deadline = time.monotonic() + 60
        while "Page.loadEventFired" not in self._events:
            self._events.append(self._message(deadline).get("method"))

    def value(self, expression: str):
        result = self._call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def close(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=10)
        os.close(self._writer)
        os.close(self._reader)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    browser = Page(tmp_path_factory.mktemp("chromium-profile"))
    yield browser
    browser.close()


def test_articles_table_shows_a_row_in_the_first_900_pixels(server, page):
    page.open(f"{server}/danvan/articles")
    assert page.value("window.innerHeight") == WINDOW[1]
    top = page.value("document.querySelector('table.rows-and-columns tbody tr').getBoundingClientRect().top")
    assert 0 < top < WINDOW[1] - 40, f"the first row starts at {top}px"
    folded = page.value("document.querySelector('details.danvan-columns').open")
    assert folded is False
    title_lines = page.value(   # the lines the first title takes (its text's line boxes)
        "(() => { const range = document.createRange();"
        " range.selectNodeContents(document.querySelector('table.rows-and-columns tbody td.col-title'));"
        " return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; })()")
    words = page.value("document.querySelector('table.rows-and-columns tbody td.col-title').textContent.trim()"
                       ".split(/\\s+/).length")
    assert title_lines < max(words / 2, 2), (title_lines, words)   # not one word a line


MONEY_TEXT = re.compile(r"^\d{1,3}(\.\d{3})* (đồng|[A-Z]{3})$")


def test_money_cells_are_grouped_with_their_unit(server, page):
    page.open(f"{server}/danvan/money?_sort_desc=value")
    cells = page.value("[...document.querySelectorAll('td.col-value')].map(td => td.textContent.trim())")
    assert cells and all(MONEY_TEXT.match(cell) for cell in cells), cells[:5]
    assert any(cell.count(".") >= 3 for cell in cells)    # a sum in the billions: 1.500.000.000 đồng
    sortable = page.value("[...document.querySelectorAll('td.col-value .danvan-money')].map(s => Number(s.dataset.value))")
    assert sortable == sorted(sortable, reverse=True) and all(v > 0 for v in sortable)


def test_highlighted_facts_show_their_value_on_hover(server, page):
    page.open(f"{server}/danvan/articles/1")
    titles = page.value("[...document.querySelectorAll('#evidence mark.entity')].map(m => m.getAttribute('title'))")
    assert len(titles) == 4 and all(titles), titles
    assert "62-KL/TW" in titles and "150.000.000 đồng" in titles and "12 căn nhà" in titles


def test_money_chart_bars_are_visible_and_the_chart_spans_the_page(server, page):
    page.open(f"{server}/-/danvan/charts")
    width = page.value("document.querySelector('#money-chart svg').getBoundingClientRect().width")
    content = page.value("document.querySelector('#money-chart').getBoundingClientRect().width")
    assert width >= 0.95 * content and width > 900
    heights = page.value("[...document.querySelectorAll('#money-chart g.danvan-bar:not(.danvan-outlier)')]"
                         ".map(g => g.getBoundingClientRect().height)")
    assert len(heights) >= 4 and min(heights) > 4, sorted(heights)[:5]
    svg = page.value("document.querySelector('#money-chart svg').outerHTML")
    drawn = [float(h) for h in re.findall(r'<g id="danvan-bar-\d+" class="danvan-bar"><title>[^<]*</title>\s*<path[^>]*?d="M [\d.]+ ([\d.]+)', svg)]
    assert len(drawn) == len(heights)     # every non-outlier bar is in the SVG, each a path of its own
    ticks = page.value("[...document.querySelectorAll('#citations-chart g[id^=ytick] text')].map(t => t.textContent)")
    assert ticks and all(re.fullmatch(r"\d+", t) for t in ticks), ticks     # whole numbers on the citations axis


def test_a_canned_query_and_the_search_limited_to_one_site(server, page):
    page.open(f"{server}/danvan/money_by_year?currency=&site={SECOND_SITE}")
    assert page.value("document.querySelector('input[name=site]').value") == SECOND_SITE
    found = page.value("[...document.querySelectorAll('table.rows-and-columns tbody tr')].map(tr =>"
                       " [tr.querySelector('td.col-year').textContent.trim(), tr.querySelector('td.col-qualifier')"
                       ".textContent.trim(), tr.querySelector('td.col-mentions').textContent.trim()])")
    assert ["2023", "over", "1"] in found and ["2020", "exact", "1"] in found, found
    page.open(f"{server}/danvan/search?q=doan+thanh+nien&site={SECOND_SITE}")
    sites = page.value("[...document.querySelectorAll('td.col-site')].map(td => td.textContent.trim())")
    assert sites and set(sites) == {SECOND_SITE}
    page.open(f"{server}/danvan/articles?_search=doan+thanh+nien&site={SECOND_SITE}")
    sites = page.value("[...document.querySelectorAll('table.rows-and-columns td.col-site')].map(td => td.textContent.trim())")
    assert sites and set(sites) == {SECOND_SITE}
    facet = page.value("[...document.querySelectorAll('.facet-info[data-column=site] li')].map(li => li.textContent)")
    assert facet and any(SECOND_SITE in item for item in facet), facet


def test_charts_compare_two_sites_one_series_each(server, page):
    page.open(f"{server}/-/danvan/charts?site=gialai&site={SECOND_SITE}&qualifier=over")
    legend = page.value("[...document.querySelectorAll('#money-chart .danvan-legend-item')].map(e => e.textContent)")
    assert legend == ["gialai", SECOND_SITE]
    tips = page.value("[...document.querySelectorAll('#money-chart g.danvan-bar title')].map(t => t.textContent)")
    assert f"{SECOND_SITE} 2023: 3 tỷ đồng" in tips and any(t.startswith("gialai ") for t in tips), tips
    heights = page.value("[...document.querySelectorAll('#activity-money-chart g.danvan-bar')]"
                         ".map(g => g.getBoundingClientRect().height)")
    assert heights and min(heights) > 0
    activity = page.value("[...document.querySelectorAll('#activity-money-chart .danvan-legend-item')]"
                          ".map(e => e.textContent)")
    assert activity == ["gialai", SECOND_SITE]
    checked = page.value("[...document.querySelectorAll('#sites-form input[name=site]:checked')].map(i => i.value)")
    assert checked == ["gialai", SECOND_SITE]
    page.open(f"{server}/-/danvan/charts?site={SECOND_SITE}")
    tips = page.value("[...document.querySelectorAll('#money-chart g.danvan-bar title')].map(t => t.textContent)")
    assert tips and "trên, hơn / over 2023: 3 tỷ đồng" in tips, tips    # that site's bars only, by qualifier
