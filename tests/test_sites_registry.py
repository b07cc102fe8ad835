"""The `sites` table carries the registry's facts of each site (status, organization, verified), and older databases
gain those columns without losing a row."""

from __future__ import annotations

import sqlite3
from urllib.parse import urlsplit

import yaml

from local_site import Served, small_site
from pipeline.build import build
from pipeline.db import open_db
from pipeline.options import Options
from scrapers.crawl import crawl
from scrapers.http import ClientSettings
from scrapers.profile import SITES_DIR

FAST = ClientSettings(user_agent="danvan-test/0.1 (+https://example.org/danvan)", delay=0, connect_timeout=1,
                      read_timeout=2, total_timeout=5, retries=1, backoff=0.01, max_retry_wait=0.1)
REGISTRY_COLUMNS = "name, status, organization, verified"


def _options(data_dir, site, base_url=None) -> Options:
    return Options(data_dir=data_dir, site=site, base_url=base_url, delay=0, quiet=True, progress=False)


def _user_registry(data_dir, entries) -> None:
    path = data_dir / "sites" / "registry.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"sites": entries}, allow_unicode=True) if entries is not None else "sites: [",
                    encoding="utf-8")


def _rows(data_dir) -> dict:
    with sqlite3.connect(data_dir / "danvan.db") as db:
        return {row[0]: row[1:] for row in db.execute(f"select {REGISTRY_COLUMNS} from sites")}


COPY = {"name": "gialai-copy", "title": "Bản sao Gia Lai", "base_url": "https://copy.example.org",
        "profile": "gialai-copy", "status": "retired", "organization": "Tỉnh ủy Gia Lai (bản sao)",
        "verified": "2026-11-30"}


def test_the_sites_table_holds_the_registry_facts_and_follows_the_registry(tmp_path, caplog):
    data_dir = tmp_path / "data"
    with Served(small_site(2, ("Tin-hoat-dong",))) as served, Served(small_site(1, ("Tin-hoat-dong",))) as other:
        crawl(_options(data_dir, "gialai", served.base_url), settings=FAST)
        copy = yaml.safe_load((SITES_DIR / "gialai.yaml").read_text(encoding="utf-8"))
        copy.update(name="gialai-copy", base_url=other.base_url, allowed_hosts=[urlsplit(other.base_url).netloc],
                    categories=[{"slug": "Tin-hoat-dong", "name": "Tin hoạt động"}])
        profile_path = tmp_path / "gialai-copy.yaml"
        profile_path.write_text(yaml.safe_dump(copy, allow_unicode=True), encoding="utf-8")
        crawl(_options(data_dir, str(profile_path)), settings=FAST)
    _user_registry(data_dir, [COPY])
    build(_options(data_dir, "gialai"))
    assert _rows(data_dir) == {
        "gialai": ("active", "Tỉnh ủy Gia Lai", None),                  # shipped entry, never verified
        "gialai-copy": ("retired", "Tỉnh ủy Gia Lai (bản sao)", "2026-11-30"),   # the user's entry
    }
    with sqlite3.connect(data_dir / "danvan.db") as db:   # the columns that were there keep their values
        assert db.execute("select family, articles from sites where name = 'gialai'").fetchone() == ("A", 2)

    _user_registry(data_dir, None)                        # a registry that cannot be read: a warning, values kept
    build(_options(data_dir, "gialai"))
    assert "registry" in caplog.text and _rows(data_dir)["gialai-copy"][0] == "retired"

    _user_registry(data_dir, [])                          # the site left the registry: its facts are null
    build(_options(data_dir, "gialai"))
    assert _rows(data_dir)["gialai-copy"] == (None, None, None)
    assert _rows(data_dir)["gialai"][0] == "active"


def test_an_older_sites_table_gains_the_registry_columns_and_keeps_its_rows(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE sites (name TEXT PRIMARY KEY, title TEXT, base_url TEXT, family TEXT, profile TEXT, "
                 "first_crawl TEXT, last_crawl TEXT, articles INTEGER)")
    conn.execute("INSERT INTO sites VALUES ('gialai', 'Ban Dân vận', 'https://bandanvan.gialai.gov.vn', 'A', "
                 "'gialai', '2026-01-01', '2026-02-01', 30)")
    conn.commit()
    conn.close()
    db = open_db(path)
    try:
        columns = list(db["sites"].columns_dict)
        assert columns[:8] == ["name", "title", "base_url", "family", "profile", "first_crawl", "last_crawl",
                               "articles"]
        assert {"status", "organization", "verified"} <= set(columns)
        assert list(db.execute("select name, articles, status from sites")) == [("gialai", 30, None)]
    finally:
        db.close()
