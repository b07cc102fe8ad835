"""The embedded mirror end to end: `danvan demo` builds every mirror article; the crawler survives its faults."""

from __future__ import annotations

import collections
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import sqlite_utils

from pipeline.options import Options
from scrapers.archive import iter_responses, page_key, read_fetch_log, read_run_log
from scrapers.crawl import crawl
from scrapers.http import ClientSettings

REPO = Path(__file__).resolve().parent.parent
mirror_module = pytest.importorskip("scrapers.mirror")


@pytest.fixture(scope="module")
def mirror():
    loaded = mirror_module.load_mirror()
    if not loaded.articles:
        pytest.skip("data/mirror/ has no articles yet")
    return loaded


def real_articles(mirror) -> set[str]:
    return {path for path, a in mirror.articles.items() if a.status == 200 and not a.is_placeholder}


def test_demo_builds_one_database_from_three_sites_and_a_second_demo_fetches_only_listings(mirror, tmp_path, capsys):
    from pipeline.cli import main

    command = [sys.executable, "-m", "pipeline", "demo", "--data-dir", str(tmp_path), "--quiet"]
    first = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=120)
    assert first.returncode == 0, first.stderr
    assert f"`make serve DATA={tmp_path}`" in first.stdout and "articles" in first.stdout
    assert "danvan serve" not in first.stdout   # not on PATH unless the venv is activated
    db = sqlite_utils.Database(tmp_path / "danvan.db")
    by_site = dict(db.execute("select site, count(*) from articles group by site").fetchall())
    assert set(by_site) == {"gialai", "tuyengiaodanvan", "portal-demo"} and all(by_site.values())
    for site, n in by_site.items():
        assert f"{n} from {site}" in first.stdout
    loaded = {page_key(row["url"]) for row in db["articles"].rows_where("site = 'gialai'")}
    assert loaded == real_articles(mirror)
    families = dict(db.execute("select name, family from sites").fetchall())
    assert families["gialai"] == "A" and families["tuyengiaodanvan"] == "C"
    rows_before = list(db.execute("select id, url, content_sha256 from articles where site = 'gialai' order by id"))

    assert main(command[3:]) == 0                       # the second demo, in this process
    out = capsys.readouterr().out
    assert "crawl gialai" in out and "crawl gialai (" in out
    assert " 0 new articles" in out.split("crawl gialai (", 1)[1].split("\n", 1)[0]
    gialai_runs = [event["run_id"] for event in read_run_log(tmp_path / "raw")
                   if event.get("event") == "start" and event.get("site") == "gialai"]
    last_run = [row for row in read_fetch_log(tmp_path / "raw") if row["run_id"] == gialai_runs[-1]]
    assert last_run and all(page_key(row["url"]).count("/") == 1 for row in last_run)   # robots.txt and listings only
    assert list(db.execute("select id, url, content_sha256 from articles where site = 'gialai' order by id")) \
        == rows_before
    assert dict(db.execute("select site, count(*) from articles group by site").fetchall()) == by_site


def test_crawl_of_the_mirror_with_its_faults(mirror, tmp_path):
    settings = ClientSettings(user_agent="danvan-test/0.1 (+https://example.org/danvan)", delay=0,
                              read_timeout=3, retries=2, backoff=0.01, max_retry_wait=5)
    with mirror_module.serve_mirror(faults=True, slow_seconds=0.3) as server:
        summary = crawl(Options(data_dir=tmp_path, base_url=server.base_url, delay=0), settings=settings)
        for kind, target in mirror.faults.items():
            assert server.count(target) == (1 if kind == "slow" else 2), kind
    assert summary.failed == 0
    archived = collections.Counter((page_key(r.url), r.status) for r in iter_responses(tmp_path / "raw"))
    for path in real_articles(mirror):
        assert archived[(path, 200)] == 1, path
    missing = [path for path, a in mirror.articles.items() if a.status == 404]
    assert missing and all(archived[(path, 404)] == 1 for path in missing)
    log = read_fetch_log(tmp_path / "raw")
    for kind in ("unavailable_once", "rate_limited_once"):
        if kind in mirror.faults:
            times = [datetime.fromisoformat(row["fetched_at"].replace("Z", "+00:00"))
                     for row in log if page_key(row["url"]) == mirror.faults[kind]]
            assert len(times) == 2 and (times[1] - times[0]).total_seconds() >= 1.0, kind   # Retry-After: 1
