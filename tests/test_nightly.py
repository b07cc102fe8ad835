"""`danvan nightly` against the embedded mirror on 127.0.0.1: runs in a row, failures that publish nothing, the lock."""

import hashlib
import json
import logging
import logging.handlers
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
import yaml

import pipeline.nightly as nightly_module
from local_site import free_port
from pipeline.cli import main as danvan
from pipeline.db import connect_read_only
from pipeline.health import Problem, Thresholds, check_articles, check_crawl, error_reasons
from pipeline.nightly import nightly
from pipeline.options import Options
from pipeline.report import every_month
from scrapers.archive import page_key, read_fetch_log, read_run_log
from scrapers.crawl import CrawlSummary
from scrapers.http import ClientSettings
from scrapers.mirror import serve_mirror
from scrapers.profile import SITES_DIR
from tests.conftest import MIRROR, REPO

NEW_ARTICLE = {
    "slug": "Ia-Grai-Hoi-Nong-dan-trao-bo-giong-cho-ho-ngheo",
    "categories": ["Tin-hoat-dong"],
    "title": "Ia Grai: Hội Nông dân trao bò giống cho hộ nghèo",
    "published": "2026-11-20",
    "author": "Thu Hà",
    "body": "Ngày 18/11, Hội Nông dân huyện Ia Grai trao 12 con bò giống cho 12 hộ nghèo tại xã Ia Tô, "
            "tổng trị giá hơn 180 triệu đồng.\n\nĐây là nguồn vốn từ Quỹ Hỗ trợ nông dân của tỉnh.\n",
}


def options_for(data_dir: Path, base_url: str, **changes) -> Options:
    return Options(data_dir=data_dir, base_url=base_url, delay=0.0, progress=False, quiet=True).with_(**changes)


def add_article(mirror_root: Path, article: dict, name: str) -> None:
    (mirror_root / "articles" / name).write_text(yaml.safe_dump(article, allow_unicode=True), encoding="utf-8")


def profile_with(tmp_path: Path, **selectors) -> str:
    """A copy of the gialai profile with some selectors replaced (the site's markup changed under us)."""
    profile = yaml.safe_load((SITES_DIR / "gialai.yaml").read_text(encoding="utf-8"))
    profile["selectors"].update(selectors)
    path = tmp_path / "gialai-changed.yaml"
    path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    return str(path)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def query(db_path: Path, sql: str, params=()) -> list[tuple]:
    with closing(connect_read_only(db_path)) as conn:
        return conn.execute(sql, params).fetchall()


def fetched_in(data_dir: Path, run_id: str) -> list[str]:
    return [page_key(row["url"]) for row in read_fetch_log(data_dir / "raw") if row["run_id"] == run_id]


def is_listing_or_robots(key: str) -> bool:
    path = key.split("?", 1)[0]
    return path == "/robots.txt" or path.count("/") == 1 and path.endswith(".aspx")


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """One nightly run of the unchanged mirror into a fresh data directory."""
    data_dir = tmp_path_factory.mktemp("nightly") / "data"
    with serve_mirror() as mirror:
        result = nightly(options_for(data_dir, mirror.base_url))
    return data_dir, result


@pytest.fixture
def after_first_run(first_run, tmp_path) -> Path:
    """A copy of the first run's data directory, for a test to run again on."""
    data_dir = tmp_path / "data"
    shutil.copytree(first_run[0], data_dir)
    return data_dir


@pytest.fixture
def mirror_root(tmp_path) -> Path:
    root = tmp_path / "mirror"
    shutil.copytree(MIRROR, root)
    return root


# ---------------------------------------------------------------- runs that publish

def test_first_run_is_recorded_with_its_fetches_and_reported(first_run):
    data_dir, result = first_run
    db = data_dir / "danvan.db"
    assert result.status == "ok" and result.exit_code == 0 and result.database_replaced
    assert not (data_dir / "danvan.db.new").exists()
    [(run_row_id, command, status, started, finished, stats)] = query(
        db, "select id, command, status, started_at, finished_at, stats from runs")
    stats = json.loads(stats)
    assert (command, status, stats["run_id"]) == ("nightly", "ok", result.run_id)
    assert started < finished
    assert stats["requests"] == len(fetched_in(data_dir, result.run_id)) > 0
    articles = query(db, "select count(*) from articles")[0][0]
    assert stats["new_articles"] == articles > 0 and stats["updated_articles"] == 0
    assert stats["facts_by_kind"]["legal_refs"] == query(db, "select count(*) from legal_citations")[0][0]
    errors = stats["errors_by_reason"]
    assert errors.pop("article page gone (HTTP 404/410)") == 1
    assert all(reason.startswith("not an article: ") for reason in errors)
    assert sum(errors.values()) == query(db, "select count(*) from rejected_pages")[0][0]
    assert query(db, "select distinct run_id from fetches") == [(run_row_id,)]
    assert query(db, "select count(*) from fetches")[0][0] == stats["requests"]

    markdown = result.report["markdown"].read_text(encoding="utf-8")
    title, url = query(db, "select title, url from articles order by published_on desc limit 1")[0]
    assert f"[{title}]({url})" in markdown and "status: **ok**" in markdown
    assert "legal_refs: " in markdown
    assert title in result.report["html"].read_text(encoding="utf-8")
    for chart in ("articles_per_month", "most_cited"):
        assert result.report[chart].read_bytes().startswith(b"\x89PNG")
    assert result.run_id in (data_dir / "logs" / "nightly.log").read_text(encoding="utf-8")


def test_second_run_fetches_listings_and_the_new_article_only(after_first_run, mirror_root):
    add_article(mirror_root, NEW_ARTICLE, "901-new-article.yaml")
    before = query(after_first_run / "danvan.db", "select id, content_sha256 from articles order by id")
    for leftover in ("danvan.db.new", "danvan.db.new-wal"):   # of a run killed while building
        (after_first_run / leftover).write_bytes(b"half a database")
    with serve_mirror(root=mirror_root) as mirror:
        result = nightly(options_for(after_first_run, mirror.base_url))
    assert result.status == "ok", result.problems
    new_path = f"/Tin-hoat-dong/{NEW_ARTICLE['slug']}.aspx"
    fetched = fetched_in(after_first_run, result.run_id)
    assert [key for key in fetched if not is_listing_or_robots(key)] == [new_path]
    assert result.stats["new_articles"] == 1 and result.stats["updated_articles"] == 0

    db = after_first_run / "danvan.db"
    after = query(db, "select id, content_sha256 from articles order by id")
    assert after[:len(before)] == before and len(after) == len(before) + 1
    assert query(db, "select title, published_on from articles where url like ?", [f"%{new_path}"]) == [
        (NEW_ARTICLE["title"], NEW_ARTICLE["published"])]
    assert [(c, s) for c, s in query(db, "select command, status from runs order by id")] == [("nightly", "ok")] * 2
    assert query(db, "select count(*) from fetches")[0][0] == len(read_fetch_log(after_first_run / "raw"))
    assert NEW_ARTICLE["title"] in result.report["markdown"].read_text(encoding="utf-8")
    assert sorted(p.name for p in after_first_run.glob("danvan.db*")) == ["danvan.db"]
    assert result.stats["facts_by_kind"].get("money", 0) >= 1


def test_a_listing_forbidden_by_robots_makes_a_partial_run_that_publishes(after_first_run, mirror_root):
    robots = mirror_root / "robots.txt"
    robots.write_text(robots.read_text(encoding="utf-8") + "Disallow: /Dan-van-kheo.aspx\n", encoding="utf-8")
    with serve_mirror(root=mirror_root) as mirror:
        result = nightly(options_for(after_first_run, mirror.base_url))
    assert (result.status, result.exit_code, result.database_replaced) == ("partial", 0, True)
    assert [(p.check, p.fatal) for p in result.problems] == [("robots", False)]
    assert "Dan-van-kheo" in result.problems[0].message
    assert query(after_first_run / "danvan.db", "select status from runs order by id desc limit 1") == [("partial",)]


# ---------------------------------------------------------------- runs that fail and publish nothing

def test_site_down_fails_the_run_and_keeps_the_database(after_first_run):
    db = after_first_run / "danvan.db"
    served = sha256(db)
    impatient = ClientSettings(user_agent="danvan-test (+http://127.0.0.1/)", delay=0, connect_timeout=2,
                               retries=1, backoff=0.05)
    result = nightly(options_for(after_first_run, f"http://127.0.0.1:{free_port()}"), settings=impatient)
    assert (result.status, result.exit_code, result.database_replaced) == ("failed", 3, False)
    assert [p.check for p in result.problems] == ["reachable"]
    assert result.stats["requests"] == 2   # robots.txt, tried twice
    assert any("Connection refused" in reason for reason in result.stats["errors_by_reason"])
    assert sha256(db) == served and not (after_first_run / "danvan.db.new").exists()
    end = [e for e in read_run_log(after_first_run / "raw") if e["run_id"] == result.run_id and e["event"] == "end"]
    assert end[-1]["status"] == "failed" and end[-1]["command"] == "nightly"
    report = result.report["markdown"].read_text(encoding="utf-8")
    assert "status: **failed**" in report and "unreachable" in report and "Nothing was published" in report


@pytest.mark.parametrize("change, check", [
    ("selectors", "listing"),   # the listing's markup changed: 200 with no items
    ("robots", "robots"),       # robots.txt forbids us everything
])
def test_site_changes_fail_the_run(after_first_run, mirror_root, tmp_path, capsys, change, check):
    site = "gialai"
    if change == "selectors":
        site = profile_with(tmp_path, listing_item="div.news-list div.news-entry")
    else:
        (mirror_root / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")
    served = sha256(after_first_run / "danvan.db")
    with serve_mirror(root=mirror_root) as mirror:
        status = danvan(["nightly", "--data-dir", str(after_first_run), "--base-url", mirror.base_url,
                         "--delay", "0", "--site", site, "--json"])
    result = json.loads(capsys.readouterr().out)
    assert status == result["exit_code"] == 3 and result["status"] == "failed"
    assert check in {p["check"] for p in result["problems"] if p["fatal"]}
    assert sha256(after_first_run / "danvan.db") == served
    assert Path(result["report"]["html"]).is_file()


def test_articles_missing_dates_fail_the_run_and_the_next_run_loses_nothing(after_first_run, mirror_root, tmp_path):
    for i in range(2):
        add_article(mirror_root, {**NEW_ARTICLE, "slug": f"{NEW_ARTICLE['slug']}-{i}",
                                  "title": f"{NEW_ARTICLE['title']} ({i})"}, f"90{i}-new.yaml")
    db = after_first_run / "danvan.db"
    served = sha256(db)
    with serve_mirror(root=mirror_root) as mirror:
        broken = nightly(options_for(after_first_run, mirror.base_url,
                                     site=profile_with(tmp_path, date="div.news-detail div.news-when")))
        assert (broken.status, broken.exit_code) == ("failed", 3)
        assert [p.check for p in broken.problems if p.fatal] == ["articles"]
        assert sha256(db) == served
        fixed = nightly(options_for(after_first_run, mirror.base_url))
    assert fixed.status == "ok" and fixed.stats["new_articles"] == 2
    assert [k for k in fetched_in(after_first_run, fixed.run_id) if not is_listing_or_robots(k)] == []
    assert query(db, "select count(*) from articles where title like ? and published_on = ?",
                 [NEW_ARTICLE["title"] + " (%", NEW_ARTICLE["published"]]) == [(2,)]
    runs = query(db, "select command, status, json_extract(stats, '$.run_id') from runs order by id")
    assert runs[-2:] == [("nightly", "failed", broken.run_id), ("nightly", "ok", fixed.run_id)]
    assert query(db, "select count(*) from fetches")[0][0] == len(read_fetch_log(after_first_run / "raw"))


# ---------------------------------------------------------------- the lock, and a run killed mid-way

def test_second_run_refuses_and_a_killed_run_is_completed_by_the_next(first_run, tmp_path, capsys):
    data_dir = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with serve_mirror() as mirror:
        running = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "nightly", "--data-dir", str(data_dir), "--base-url", mirror.base_url,
             "--delay", "0.1"], cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 30
            while len(read_fetch_log(data_dir / "raw")) < 8:
                assert running.poll() is None and time.monotonic() < deadline
                time.sleep(0.05)
            status = danvan(["nightly", "--data-dir", str(data_dir), "--base-url", mirror.base_url, "--delay", "0"])
            assert status == 75
            assert f"pid {running.pid} (nightly" in capsys.readouterr().err
        finally:
            running.send_signal(signal.SIGKILL)
            running.wait()
        result = nightly(options_for(data_dir, mirror.base_url))

    assert result.status == "ok", result.problems
    db, reference = data_dir / "danvan.db", first_run[0] / "danvan.db"
    articles = "select content_sha256, title, published_on from articles order by content_sha256"
    assert query(db, articles) == query(reference, articles)
    for table in ("legal_citations", "money", "counts", "organization_mentions"):
        assert query(db, f"select count(*) from {table}") == query(reference, f"select count(*) from {table}")
    fetch_log = read_fetch_log(data_dir / "raw")
    assert query(db, "select count(*) from fetches")[0][0] == len(fetch_log)
    assert query(db, "select count(*) from (select distinct run_id, url, fetched_at from fetches)")[0][0] == len(fetch_log)
    assert [(c, s) for c, s in query(db, "select command, status from runs order by id")] == [
        ("nightly", "interrupted"), ("nightly", "ok")]


# ---------------------------------------------------------------- the checks, row by row

def crawled(**counts) -> CrawlSummary:
    return CrawlSummary(run_id="r", site="gialai", origin="http://127.0.0.1", **counts)


def listings(*statuses_and_items) -> dict:
    return {f"c{i}": {"url": f"http://127.0.0.1/c{i}.aspx", "status": s, "items": n}
            for i, (s, n) in enumerate(statuses_and_items)}


@pytest.mark.parametrize("summary, seen, expected", [
    # (crawl summary, first listing pages, [(check, fatal)])
    (crawled(requests=10), listings((200, 3), (200, 3)), []),
    (crawled(requests=10, robots_blocked=2), listings((None, None), (None, None)), [("robots", True)]),
    (crawled(requests=10, robots_blocked=1), listings((200, 3), (None, None)), [("robots", False)]),
    (crawled(requests=10), listings((200, 0), (200, 3)), [("listing", True)]),
    (crawled(requests=3, failed=2), listings((500, None), (503, None)), [("reachable", True), ("error_rate", True)]),
    (crawled(requests=10, failed=3), listings((200, 3), (200, 3)), [("error_rate", True)]),
    (crawled(requests=10, failed=1), listings((200, 3), (200, 3)), [("error_rate", False)]),
    (crawled(requests=10, failed=2), listings((None, None), (None, None)), [("reachable", True), ("error_rate", False)]),
    (crawled(requests=10, failed=1, robots_blocked=3, failures=({"url": "http://127.0.0.1/c1.aspx"},)),
     listings((200, 3), (None, None)), [("error_rate", False)]),   # a listing that failed is not robots' doing
    (crawled(requests=10, stopped="--max-pages 10 reached"), listings((200, 3)), [("stopped", False)]),
])
def test_crawl_checks(summary, seen, expected):
    problems = check_crawl(summary, seen, Thresholds())
    assert [(p.check, p.fatal) for p in problems] == expected


ARTICLE = {"url": "http://127.0.0.1/a/b.aspx", "title": "Tin", "published_on": "2024-01-02"}


@pytest.mark.parametrize("changed, rejected, expected", [
    ([], {}, []),
    ([ARTICLE] * 3, {}, []),
    ([ARTICLE] * 3, {"http://127.0.0.1/x.aspx": "placeholder: no body"}, []),
    ([ARTICLE, {**ARTICLE, "published_on": None}], {}, [("articles", False)]),
    ([{**ARTICLE, "published_on": None}] * 2, {}, [("articles", True)]),
    ([{**ARTICLE, "title": None}] * 2 + [ARTICLE], {}, [("articles", True)]),
    ([ARTICLE], {"http://127.0.0.1/x.aspx": "not an article", "http://127.0.0.1/y.aspx": "not an article"},
     [("articles", True)]),
])
def test_article_checks(changed, rejected, expected):
    problems = check_articles(changed, rejected, Thresholds())
    assert [(p.check, p.fatal) for p in problems] == expected


def test_errors_by_reason():
    summary = crawled(requests=5, failed=3, not_found=1, failures=(
        {"url": "u1", "status": 500, "error": None},
        {"url": "u2", "status": 503, "error": "HTTP 503 after 3 attempts"},
        {"url": "u3", "status": None, "error": "timeout: ReadTimeout"},
    ))
    assert error_reasons(summary, {"u4": "placeholder: the page has a title"}) == {
        "HTTP 500": 1, "HTTP 503 after 3 attempts": 1, "timeout: ReadTimeout": 1,
        "article page gone (HTTP 404/410)": 1, "not an article: placeholder": 1}


def test_log_file_rotates(tmp_path, monkeypatch):
    monkeypatch.setattr(nightly_module, "LOG_MAX_BYTES", 300)
    with nightly_module.log_to_file(tmp_path / "logs"):
        for i in range(20):
            logging.getLogger("pipeline.nightly").info("line %d of a long night", i)
    assert (tmp_path / "logs" / "nightly.log.1").is_file()
    assert "line 19" in (tmp_path / "logs" / "nightly.log").read_text(encoding="utf-8")
    assert not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in logging.getLogger().handlers)


@pytest.mark.parametrize("counts, expected", [
    ([], []),
    ([("2024-11", 2)], [("2024-11", 2)]),
    ([("2024-11", 2), ("2025-02", 1)], [("2024-11", 2), ("2024-12", 0), ("2025-01", 0), ("2025-02", 1)]),
    ([("2024-05", 3), (None, 4)], [("2024-05", 3)]),   # articles without a date are not on the time axis
])
def test_every_month_fills_the_gaps(counts, expected):
    assert every_month(counts) == expected


def test_problem_lines():
    assert Problem("listing", "no items").line() == "FAILED [listing] no items"
    assert Problem("error_rate", "1 of 9", fatal=False).line() == "warning [error_rate] 1 of 9"


def test_help_documents_exit_statuses(capsys):
    with pytest.raises(SystemExit):
        danvan(["nightly", "--help"])
    text = capsys.readouterr().out
    for line in ("0   ok or partial", "3   failed: a health check failed", "75  another run holds the lock",
                 "1   failed: any other error", "partial  published"):
        assert line in text
