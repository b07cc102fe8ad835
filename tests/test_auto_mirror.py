"""`--site auto` on the embedded mirrors of the provincial portal (family D/E) and the central board (family C):
at least 90 % of the articles with exact titles and dates, within 60 requests, and a cheap second crawl."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import yaml

from pipeline.options import Options
from scrapers.archive import iter_responses
from scrapers.autocrawl import AutoState
from scrapers.crawl import crawl
from scrapers.http import ClientSettings
from scrapers.mirror.common import DATA_ROOT
from scrapers.mirror.server import serve_mirror
from scrapers.parse import parse_page
from scrapers.profile import load_profile

FAST = ClientSettings(user_agent="danvan-test/0.1 (+https://example.org/danvan)", delay=0, connect_timeout=1,
                      read_timeout=2, total_timeout=5, retries=1, backoff=0.01, max_retry_wait=0.1)
VIETNAM = timezone(timedelta(hours=7))


def vietnam_day(stamp: str) -> str:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(VIETNAM).date().isoformat()


def auto(data_dir, base_url):
    return crawl(Options(data_dir=data_dir, site="auto", base_url=base_url, delay=0), settings=FAST)


def articles_read(data_dir, base_url) -> dict:
    """path → (title, date) of every page the auto crawls of *base_url* read as an article."""
    state = AutoState(data_dir / "raw", urlsplit(base_url).netloc)
    return {urlsplit(url).path: (page["title"], page["published_on"])
            for url, page in state.pages.items() if page["kind"] == "article"}


def test_portal_mirror_read_with_auto(tmp_path):
    expected = {f"/tin-tuc/{a['slug']}-{a['id']}.html": (a["title"], vietnam_day(a["published"]))
                for a in yaml.safe_load((DATA_ROOT / "portal" / "articles.yaml").read_text(encoding="utf-8"))}
    with serve_mirror(family="portal") as mirror:
        first = auto(tmp_path, mirror.base_url)
        second = auto(tmp_path, mirror.base_url)
    found = articles_read(tmp_path, mirror.base_url)
    exact = [path for path, fields in expected.items() if found.get(path) == fields]
    assert len(exact) >= 0.9 * len(expected), {p: (found.get(p), expected[p]) for p in expected if p not in exact}
    assert set(found) <= set(expected)                       # nothing else read as an article
    assert first.family == "D" and first.requests <= 60
    assert second.requests <= 10 and second.articles_new == 0


def test_central_mirror_read_with_auto(tmp_path):
    blogs = yaml.safe_load((DATA_ROOT / "central" / "blogs.yaml").read_text(encoding="utf-8"))
    expected = {b["id"]: (b["title"], vietnam_day(b["publish_date"])) for b in blogs
                if b.get("status", "approved") == "approved" and not b.get("upload")}
    with serve_mirror(family="central") as mirror:
        first = auto(tmp_path, mirror.base_url)
        second = auto(tmp_path, mirror.base_url)
    drafted = next((tmp_path / "raw" / "auto-state").glob("*.profile.yaml"))
    profile = load_profile(drafted)
    found = {}
    for response in iter_responses(tmp_path / "raw"):
        if response.status == 200 and response.method == "GET" and response.url.rsplit("-", 1)[-1] in expected:
            article = parse_page(response.body, response.url, profile)
            found[response.url.rsplit("-", 1)[-1]] = (article.title, article.published_on)
    exact = [key for key, fields in expected.items() if found.get(key) == fields]
    assert len(exact) >= 0.9 * len(expected)
    assert first.requests <= 60 and first.articles_new == len(found)
    assert second.requests <= 10 and second.articles_new == 0


def test_portal_bodies_are_the_articles_own_paragraphs(tmp_path):
    from scrapers.generic import parse_generic

    site = yaml.safe_load((DATA_ROOT / "portal" / "site.yaml").read_text(encoding="utf-8"))
    articles = {f"/tin-tuc/{a['slug']}-{a['id']}.html": a
                for a in yaml.safe_load((DATA_ROOT / "portal" / "articles.yaml").read_text(encoding="utf-8"))}
    furniture = list(site["footer"]) + [c["text"] for a in articles.values() for c in a.get("comments") or []]
    with serve_mirror(family="portal") as mirror:
        auto(tmp_path, mirror.base_url)
    read = 0
    for response in iter_responses(tmp_path / "raw"):
        path = urlsplit(response.url).path
        if response.status != 200 or path not in articles or urlsplit(response.url).query:
            continue
        article = parse_generic(response.body, response.url)
        paragraphs = [" ".join(p.split()) for p in articles[path]["body"].split("\n\n") if p.strip()]
        assert article.text.split("\n") == paragraphs, path
        assert not [f for f in furniture if f in article.text]
        read += 1
    assert read >= 0.9 * len(articles)


def test_gialai_mirror_read_with_auto_as_well_as_with_its_profile(tmp_path):
    expected = {}
    for path in sorted((DATA_ROOT / "articles").glob("*.yaml")):
        article = yaml.safe_load(path.read_text(encoding="utf-8"))
        if article.get("status", 200) == 200 and (article.get("body") or "").strip():
            expected[f"/{article['categories'][0]}/{article['slug']}.aspx"] = (article["title"],
                                                                               str(article["published"]))
    with serve_mirror(family="gialai") as mirror:
        first = auto(tmp_path, mirror.base_url)
        second = auto(tmp_path, mirror.base_url)
    found = articles_read(tmp_path, mirror.base_url)
    exact = [path for path, fields in expected.items() if found.get(path) == fields]
    assert len(exact) >= 0.9 * len(expected) and set(found) <= set(expected)
    assert first.family == "E" and second.requests <= 10 and second.articles_new == 0
