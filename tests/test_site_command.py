"""`danvan site init|check|list` against sites of every family on 127.0.0.1: the drafted profile crawls the site fully."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import yaml

from auto_site import board_site
from local_site import Served
from pipeline.cli import main
from postback_site import LISTING, PostbackSite, ServedPostback
from scrapers.archive import iter_responses, page_key, read_fetch_log
from scrapers.autocrawl import AutoState
from scrapers.mirror.server import serve_mirror


def danvan(capsys, *args) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def profile_of(data_dir, name) -> dict:
    return yaml.safe_load((data_dir / "sites" / f"{name}.yaml").read_text(encoding="utf-8"))


def fetched_paths(data_dir) -> set[str]:
    return {page_key(r.url) for r in iter_responses(data_dir / "raw") if r.status == 200}


@pytest.mark.parametrize("family", ["D", "E"])
def test_init_on_a_family_d_or_e_site_writes_a_profile_that_crawls_it_fully(tmp_path, capsys, family):
    site = board_site(family, 10, hidden=1 if family == "D" else 0)
    with Served(site) as served:
        site.base = served.base_url
        status, out, _ = danvan(capsys, "site", "init", served.base_url + "/", "--name", "board",
                                "--data-dir", str(tmp_path), "--delay", "0")
        probe_requests = len(site.requests)
        status_crawl, crawl_out, _ = danvan(capsys, "crawl", "--site", "board", "--data-dir", str(tmp_path),
                                            "--delay", "0")
    assert status == 0 and status_crawl == 0
    assert f"family {family}" in out and probe_requests <= 30
    profile = profile_of(tmp_path, "board")
    assert profile["family"] == family and profile["base_url"] == served.base_url
    if family == "D":
        assert profile["discovery"]["sitemaps"] == ["/sitemap_index.xml"]
        assert profile["discovery"]["feeds"] == ["/rss/tin-moi.rss"]
    else:
        assert set(profile["discovery"]["listings"]) == {"/chuyen-muc/hoat-dong", "/chuyen-muc/dan-van-kheo"}
    text = (tmp_path / "sites" / "board.yaml").read_text(encoding="utf-8")
    assert "# Sample articles parsed" in text and site.posts[-1].title.split(" lần")[0] in text
    assert "crawl board" in crawl_out
    state = AutoState(tmp_path / "raw", "board")
    assert {urlsplit(u).path for u, p in state.pages.items() if p["kind"] == "article"} == {p.path for p in site.posts}


def test_init_on_a_postback_site_writes_a_family_b_profile_that_pages_by_post(tmp_path, capsys):
    site = PostbackSite()
    paths = [site.add(n, title=f"Hội nghị dân vận khéo của huyện số {n}") for n in range(1, 9)]
    with ServedPostback(site) as served:
        status, out, _ = danvan(capsys, "site", "init", served.base_url + LISTING, "--name", "asp",
                                "--data-dir", str(tmp_path), "--delay", "0")
        status_crawl, _, _ = danvan(capsys, "crawl", "--site", "asp", "--data-dir", str(tmp_path), "--delay", "0")
    assert status == 0 and status_crawl == 0 and "family B" in out
    profile = profile_of(tmp_path, "asp")
    assert profile["pager"] == {"kind": "postback"}
    assert profile["categories"] == [{"slug": "Tin-tuc", "name": "Tin tức"}]
    assert profile["selectors"]["title"] == "div.news-detail h1.news-title"
    assert profile["selectors"]["listing_link"] == "a.news-item-title"
    assert set(paths) <= fetched_paths(tmp_path)
    assert any(r.method == "POST" for r in site.requests) and not site.refused


def test_init_on_the_central_board_mirror_writes_a_family_c_profile(tmp_path, capsys):
    with serve_mirror(family="central") as mirror:
        status, out, _ = danvan(capsys, "site", "init", mirror.base_url, "--name", "central",
                                "--data-dir", str(tmp_path), "--delay", "0")
        status_crawl, _, _ = danvan(capsys, "crawl", "--site", "central", "--data-dir", str(tmp_path), "--delay", "0")
    assert status == 0 and status_crawl == 0 and "family C" in out and "3 categories found" in out
    assert "3 sample articles parsed" in out and int(out.split(" requests")[0].rsplit(" ", 1)[-1]) <= 30
    profile = profile_of(tmp_path, "central")
    assert profile["payload"]["object_key"] == "blog" and profile["categories_from"]["page"] == "/vn"
    blogs = yaml.safe_load((mirror_root() / "central" / "blogs.yaml").read_text(encoding="utf-8"))
    approved = [b for b in blogs if b.get("status", "approved") == "approved" and not b.get("upload")]
    found = fetched_paths(tmp_path)
    assert sum(1 for b in approved if any(p.endswith(b["id"]) for p in found)) == len(approved)


def test_init_on_the_gialai_mirror_writes_a_family_a_profile(tmp_path, capsys):
    with serve_mirror(family="gialai") as mirror:
        status, out, _ = danvan(capsys, "site", "init", mirror.base_url, "--name", "gl",
                                "--data-dir", str(tmp_path), "--delay", "0")
        requests = len(read_fetch_log(tmp_path / "raw"))
    assert status == 0 and "family A" in out and requests <= 30
    profile = profile_of(tmp_path, "gl")
    assert profile["selectors"]["body"] == "div.news-detail div.news-content"
    assert profile["urls"]["listing_page"] == "/{category}.aspx?page={page}"
    assert {"slug": "Tin-hoat-dong", "name": "Tin hoạt động"} in profile["categories"]


def mirror_root():
    from scrapers.mirror.common import DATA_ROOT

    return DATA_ROOT


def test_check_prints_what_the_profile_finds_per_page(tmp_path, capsys):
    site = board_site("D", 6)
    with Served(site) as served:
        site.base = served.base_url
        danvan(capsys, "site", "init", served.base_url, "--name", "board", "--data-dir", str(tmp_path), "--delay", "0")
        state_before = (tmp_path / "raw" / "auto-state" / "board.json").read_text(encoding="utf-8")
        status, out, _ = danvan(capsys, "site", "check", "board", "--data-dir", str(tmp_path), "--delay", "0",
                                "--pages", "3")
        status_url, out_url, _ = danvan(capsys, "site", "check", served.base_url, "--data-dir", str(tmp_path),
                                        "--delay", "0", "--pages", "3")
    assert status == 0 and status_url == 0
    article_lines = [line for line in out.splitlines() if line.strip().startswith("article")]
    assert article_lines and all("2025-03-" in line and "chars" in line for line in article_lines)
    assert any("money 1" in line and "counts 1" in line for line in article_lines)
    assert "(auto mode)" in out_url and "article" in out_url
    assert (tmp_path / "raw" / "auto-state" / "board.json").read_text(encoding="utf-8") == state_before


def test_check_of_a_shipped_profile_against_its_mirror(tmp_path, capsys):
    with serve_mirror(family="gialai") as mirror:
        status, out, _ = danvan(capsys, "site", "check", "gialai", "--base-url", mirror.base_url,
                                "--data-dir", str(tmp_path), "--delay", "0", "--pages", "2")
    assert status == 0 and "family A" in out
    assert sum(1 for line in out.splitlines() if line.strip().startswith(("article", "not an article"))) == 2


def test_list_shows_shipped_and_user_profiles(tmp_path, capsys):
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "mine.yaml").write_text("name: mine\nbase_url: https://a.example\nfamily: E\n",
                                                   encoding="utf-8")
    status, out, _ = danvan(capsys, "site", "list", "--data-dir", str(tmp_path))
    profiles, registry = out.split("\n\n", 1)
    rows = {line.split()[0]: line.split()[1:] for line in profiles.splitlines()[1:]}
    assert status == 0
    assert rows["gialai"][:2] == ["shipped", "A"] and rows["tuyengiaodanvan"][:2] == ["shipped", "C"]
    assert rows["mine"] == ["user", "E", "https://a.example"]
    registered = {line.split()[0]: line.split()[1:] for line in registry.splitlines()[2:]}
    assert registered["gialai"][:3] == ["active", "no", "gialai"] and "mine" not in registered


def test_init_refuses_to_overwrite_and_bad_urls_in_one_line(tmp_path, capsys):
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "x.yaml").write_text("name: x\n", encoding="utf-8")
    status, _, err = danvan(capsys, "site", "init", "http://127.0.0.1:9/", "--name", "x", "--data-dir", str(tmp_path))
    assert status == 1 and "exists already" in err and err.count("\n") == 1
    status, _, err = danvan(capsys, "site", "init", "ftp://example.org", "--data-dir", str(tmp_path))
    assert status == 1 and "http(s) URL" in err
    status, _, err = danvan(capsys, "site", "init", "http://127.0.0.1:9/", "--name", "../evil",
                            "--data-dir", str(tmp_path))
    assert status == 1 and "--name" in err
