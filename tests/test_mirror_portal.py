"""The provincial portal's mirror (families D/E) served on 127.0.0.1: sitemap index, feed, metadata, furniture and traps."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from urllib import robotparser
from urllib.parse import parse_qs, urljoin, urlsplit

import extruct
import feedparser
import pytest
import requests
import yaml
from bs4 import BeautifulSoup
from usp.tree import sitemap_tree_for_homepage

from scrapers.errors import InputError
from scrapers.mirror import load_portal, serve_mirror

TIMEOUT = 10
REPO = Path(__file__).resolve().parent.parent
PORTAL_ROOT = REPO / "data" / "mirror" / "portal"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ARTICLE = "/tin-tuc/giao-ban-cong-tac-tuyen-giao-va-dan-van-quy-i-2104.html"
WEBSITE_TYPED = "/tin-tuc/cong-bo-quyet-dinh-hop-nhat-ban-tuyen-giao-va-dan-van-2103.html"
NO_AUTHOR = WEBSITE_TYPED
SITEMAP_ONLY = "/tin-tuc/ket-qua-giam-sat-thuc-hien-quy-che-dan-chu-nam-2025-2107.html"
ARTICLE_SHAPE = re.compile(r"^/tin-tuc/[a-z0-9-]+-\d+\.html$")


@pytest.fixture(scope="module")
def server():
    with serve_mirror(family="portal") as running:
        yield running


@pytest.fixture(scope="module")
def site():
    return load_portal()


def get(server, path: str) -> requests.Response:
    return requests.get(urljoin(server.base_url, path), timeout=TIMEOUT, allow_redirects=False)


def soup_of(server, path: str) -> BeautifulSoup:
    response = get(server, path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.text, "lxml")


def local_links(soup: BeautifulSoup) -> list[str]:
    """The page's links to its own site, as paths with their query."""
    out = []
    for a in soup.select("a[href]"):
        parts = urlsplit(a["href"])
        if parts.scheme or parts.netloc:
            continue
        out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


def json_ld(soup: BeautifulSoup) -> list[dict]:
    return [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]


def og(soup: BeautifulSoup) -> dict[str, str]:
    return {m["property"]: m["content"] for m in soup.select("meta[property]")}


# ---------------------------------------------------------------------------------------------- discovery


def test_robots_names_the_sitemap_of_this_server(server):
    response = get(server, "/robots.txt")
    assert response.status_code == 200
    assert f"Sitemap: {server.base_url}/sitemap.xml" in response.text.splitlines()
    robots = robotparser.RobotFileParser()
    robots.parse(response.text.splitlines())
    assert robots.site_maps() == [f"{server.base_url}/sitemap.xml"]
    assert robots.can_fetch("danvan", server.base_url + ARTICLE)
    assert not robots.can_fetch("danvan", server.base_url + "/admin/index.php")


def test_sitemap_index_children_and_lastmod(server, site):
    index = ET.fromstring(get(server, "/sitemap.xml").content)
    assert index.tag == f"{SM}sitemapindex"
    children = [(s.findtext(f"{SM}loc"), s.findtext(f"{SM}lastmod")) for s in index.findall(f"{SM}sitemap")]
    assert [urlsplit(loc).path for loc, _ in children] == [
        "/sitemap-news-2025.xml", "/sitemap-news-2024.xml", "/sitemap-pages.xml"]
    urls = {}
    for loc, lastmod in children:
        assert loc.startswith(server.base_url) and datetime.fromisoformat(lastmod).tzinfo is not None
        child = ET.fromstring(requests.get(loc, timeout=TIMEOUT).content)
        assert child.tag == f"{SM}urlset"
        for url in child.findall(f"{SM}url"):
            urls[urlsplit(url.findtext(f"{SM}loc")).path] = url.findtext(f"{SM}lastmod")
    articles = {p for p in urls if ARTICLE_SHAPE.match(p)}
    assert articles == set(site.articles) and len(articles) == 11 and SITEMAP_ONLY in articles
    assert all(urls[p] for p in articles)                 # every article has its lastmod
    assert urls["/tin-tuc/ban-dan-van-tang-qua-tet-nguoi-co-uy-tin-2102.html"] == "2025-01-23T08:00:00+07:00"
    assert {"/", "/gioi-thieu.html", "/lien-he.html", "/chuyen-muc/tin-hoat-dong"} <= set(urls)
    assert get(server, "/sitemap-news-2019.xml").status_code == 404


def test_sitemap_parser_finds_every_article(server, site):
    tree = sitemap_tree_for_homepage(server.base_url + "/")
    pages = {urlsplit(page.url).path: page for page in tree.all_pages()}
    assert set(site.articles) <= set(pages)
    assert pages[SITEMAP_ONLY].last_modified is not None


def test_feed_is_announced_and_is_valid_rss(server, site):
    home = soup_of(server, "/")
    link = home.select_one('link[rel="alternate"][type="application/rss+xml"]')
    assert link is not None and link["href"] == "/rss/"
    response = get(server, link["href"])
    assert response.headers["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert len(items) == 10
    links = [urlsplit(item.findtext("link")).path for item in items]
    assert all(ARTICLE_SHAPE.match(p) for p in links) and SITEMAP_ONLY not in links
    feed = feedparser.parse(response.content)
    assert not feed.bozo and feed.version == "rss20"
    assert [urlsplit(e.link).path for e in feed.entries] == links
    assert all(e.published_parsed for e in feed.entries)
    first = site.articles[links[0]]
    assert feed.entries[0].title == first.title


def test_every_page_says_its_generator_and_its_feed(server):
    for path in ("/", ARTICLE, "/chuyen-muc/dan-van-kheo", "/gioi-thieu.html", "/tag/dan-van-kheo"):
        soup = soup_of(server, path)
        assert soup.select_one('meta[name="generator"]')["content"] == "NukeViet v4.0"
        assert soup.select_one('link[rel="alternate"][type="application/rss+xml"]') is not None
    assert get(server, "/").headers["X-Powered-By"].startswith("PHP/")


# ---------------------------------------------------------------------------------------------- listings


@pytest.mark.parametrize("path, count, next_link", [
    ("/chuyen-muc/tin-hoat-dong", 3, "/chuyen-muc/tin-hoat-dong?start=3"),
    ("/chuyen-muc/tin-hoat-dong?start=3", 3, None),
    ("/chuyen-muc/tin-hoat-dong?start=6", 0, None),          # past the last: empty
    ("/chuyen-muc/tin-hoat-dong?start=x", 3, "/chuyen-muc/tin-hoat-dong?start=3"),
    ("/chuyen-muc/dan-van-kheo", 3, "/chuyen-muc/dan-van-kheo/page/2"),
    ("/chuyen-muc/dan-van-kheo/page/2", 1, None),
    ("/chuyen-muc/dan-van-kheo/page/9", 0, None),
])
def test_listings_page_by_offset_or_path(server, path, count, next_link):
    soup = soup_of(server, path)
    items = soup.select("#content .news-list .news-item h3 a")
    assert len(items) == count
    assert all(ARTICLE_SHAPE.match(a["href"]) for a in items)
    following = [a["href"] for a in soup.select(".pagination a") if "Trang sau" in a.get_text()]
    assert following == ([next_link] if next_link else [])


def test_listings_hold_every_listed_article_once_newest_first(server, site):
    seen = []
    for path in ("/chuyen-muc/tin-hoat-dong", "/chuyen-muc/tin-hoat-dong?start=3",
                 "/chuyen-muc/dan-van-kheo", "/chuyen-muc/dan-van-kheo/page/2"):
        seen += [a["href"] for a in soup_of(server, path).select("#content .news-list .news-item h3 a")]
    assert len(seen) == len(set(seen)) == 10
    assert set(seen) == set(site.articles) - {SITEMAP_ONLY}


# ---------------------------------------------------------------------------------------------- articles


def test_article_metadata_json_ld_and_opengraph(server, site):
    for path, article in site.articles.items():
        soup = soup_of(server, path)
        [data] = json_ld(soup)
        assert data["@type"] == "NewsArticle" and data["headline"] == article.title == soup.h1.get_text()
        assert datetime.fromisoformat(data["datePublished"]) == article.published
        if article.author:
            assert data["author"] == {"@type": "Person", "name": article.author}
        else:
            assert "author" not in data
        meta = og(soup)
        assert meta["og:title"] == article.title and meta["og:type"] == article.og_type
        if article.og_type == "article":
            assert datetime.fromisoformat(meta["article:published_time"]) == article.published
        assert soup.select_one('link[rel="canonical"]')["href"] == server.base_url + path


def test_some_article_pages_say_website_as_nukeviet_does(server, site):
    typed = {p for p, a in site.articles.items() if a.og_type == "website"}
    assert len(typed) == 2 and WEBSITE_TYPED in typed
    meta = og(soup_of(server, WEBSITE_TYPED))
    assert meta["og:type"] == "website" and "article:published_time" not in meta
    assert json_ld(soup_of(server, NO_AUTHOR))[0]["@type"] == "NewsArticle"


def test_embedded_metadata_reader_sees_the_same(server):
    page = get(server, ARTICLE).text
    data = extruct.extract(page, base_url=server.base_url + ARTICLE, syntaxes=["json-ld", "opengraph"])
    assert data["json-ld"][0]["headline"] == "Giao ban công tác tuyên giáo và dân vận quý I năm 2025"
    properties = dict(data["opengraph"][0]["properties"])
    assert properties["og:type"] == "article" and properties["article:published_time"] == "2025-03-26T08:00:00+07:00"


FURNITURE = [
    (".share a", "Chia sẻ Facebook"),
    (".related .news-item", "Triển khai công tác dân vận tại các xã"),
    ("#comments .comment", "Bạn đọc Cam Lộ"),
    (".keywords a", "dân chủ cơ sở"),
    (".tag-cloud a", "người có uy tín"),
    ("a.print", "In bài viết"),
    ("#footer", "Ghi rõ nguồn"),
]


@pytest.mark.parametrize("selector, text", FURNITURE)
def test_article_pages_carry_furniture_outside_the_body(server, selector, text):
    soup = soup_of(server, ARTICLE)
    found = soup.select(selector)
    assert found and any(text in el.get_text() for el in found)
    assert text not in soup.select_one(".bodytext").get_text()


def test_article_body_holds_paragraphs_and_author(server):
    body = soup_of(server, ARTICLE).select_one('.bodytext[itemprop="articleBody"]')
    paragraphs = [p.get_text() for p in body.find_all("p")]
    assert paragraphs[0].startswith("Sáng 26/3/2025") and paragraphs[-1] == "Hồng Nhung" and len(paragraphs) == 4


# ---------------------------------------------------------------------------------------------- traps


def test_calendar_links_to_the_next_month_forever(server):
    path, seen = "/lich-su-kien", []
    for _ in range(30):
        soup = soup_of(server, path)
        [following] = [a["href"] for a in soup.select(".months a") if "Tháng sau" in a.get_text()]
        seen.append(following)
        path = following
    months = [parse_qs(urlsplit(p).query)["thang"][0] for p in seen]
    assert months[0] == "2025-04" and months[-1] == "2027-09"
    assert months == sorted(set(months))                  # always a new month, never back


def test_calendar_far_away_still_answers(server):
    soup = soup_of(server, "/lich-su-kien?thang=2199-12")
    assert "/lich-su-kien?thang=2200-01" in local_links(soup)


@pytest.mark.parametrize("variant", ["?print=1", "?tmpl=component"])
def test_print_variants_are_the_article_again_without_metadata(server, variant):
    soup = soup_of(server, ARTICLE + variant)
    assert soup.h1.get_text() == "Giao ban công tác tuyên giáo và dân vận quý I năm 2025"
    assert not json_ld(soup) and not og(soup) and soup.select_one('link[rel="canonical"]') is None
    assert ARTICLE + variant in local_links(soup_of(server, ARTICLE))


def test_search_and_tag_pages_list_articles_again(server):
    home = soup_of(server, "/")
    searches = [p for p in local_links(home) if p.startswith("/tim-kiem?q=")]
    assert len(searches) == 2
    results = [a["href"] for a in soup_of(server, searches[0]).select("#content .news-item h3 a")]
    assert results and all(ARTICLE_SHAPE.match(urlsplit(h).path) for h in results)
    assert get(server, "/tim-kiem?q=không+có+gì+như+thế").status_code == 200
    tags = [p for p in local_links(home) if p.startswith("/tag/")]
    assert len(tags) == 6
    tagged = [a["href"] for a in soup_of(server, "/tag/dan-van-kheo").select("#content .news-item h3 a")]
    assert len(tagged) == 4 and all(ARTICLE_SHAPE.match(h) for h in tagged)
    assert get(server, "/tag/khong-co").status_code == 404


def test_session_ids_change_from_page_to_page(server):
    path, seen = "/", set()
    for _ in range(6):
        links = [p for p in local_links(soup_of(server, path)) if "sid=" in p]
        assert links
        sids = {parse_qs(urlsplit(p).query)["sid"][0] for p in links}
        assert len(sids) == 1 and not sids & seen          # one id per page, new on every page
        seen |= sids
        path = links[0]
    plain = soup_of(server, urlsplit(path).path)
    assert plain.h1.get_text() == soup_of(server, path).h1.get_text()


def test_sitemap_only_article_is_linked_from_no_page(server):
    """Follow every link of the site (traps cut: no query strings but paging) and never meet it."""
    queue, seen, linked = ["/"], {"/"}, set()
    while queue:
        soup = soup_of(server, queue.pop())
        for link in local_links(soup):
            linked.add(urlsplit(link).path)
            parts = urlsplit(link)
            keep = not parts.query or parts.query.startswith("start=")
            if keep and link not in seen and not link.startswith(("/rss", "/sitemap")):
                seen.add(link)
                queue.append(link)
    assert len(seen) > 20
    assert SITEMAP_ONLY not in linked and SITEMAP_ONLY not in get(server, "/rss/").text
    assert get(server, SITEMAP_ONLY).status_code == 200


@pytest.mark.parametrize("path", ["/gioi-thieu.html", "/lien-he.html"])
def test_static_pages_are_not_articles(server, path):
    soup = soup_of(server, path)
    assert not json_ld(soup) and og(soup)["og:type"] == "website"
    assert not ARTICLE_SHAPE.match(path)


@pytest.mark.parametrize("path", [
    "/tin-tuc/khong-co-9999.html", "/chuyen-muc/khong-co", "/tin-tuc/giao-ban-2104.html", "/index.html",
])
def test_unknown_pages_answer_404(server, path):
    assert get(server, path).status_code == 404


# ---------------------------------------------------------------------------------------------- the data


def write_site(root: Path, items: list[dict]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text((PORTAL_ROOT / "site.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "articles.yaml").write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")
    return root


GOOD = {"id": 1, "slug": "tin-thu", "category": "tin-hoat-dong", "title": "Tin thử",
        "published": "2025-03-12T08:30:00+07:00", "body": "Đoạn một.\n\nĐoạn hai.\n"}


@pytest.mark.parametrize("change, message", [
    ({"id": "1a"}, "'id' must be a positive whole number"),
    ({"category": "khong-co"}, "unknown category"),
    ({"published": "2025-03-12T08:30:00"}, "must carry its UTC offset"),
    ({"published": "12/03/2025"}, "must be an ISO date-time"),
    ({"og_type": "blog"}, "'og_type' must be article or website"),
    ({"tags": ["Dân vận"]}, "'tags' must be a list of lowercase slugs"),
    ({"body": ""}, "'body' must be text"),
    ({"colour": "red"}, "unknown field(s) colour"),
])
def test_bad_articles_are_named_with_their_file(tmp_path, change, message):
    root = write_site(tmp_path / "portal", [{**GOOD, **change}])
    with pytest.raises(InputError, match=re.escape(message)) as error:
        load_portal(root)
    assert "articles.yaml (item 0)" in str(error.value)


def test_duplicate_ids_and_missing_site_are_clear_errors(tmp_path):
    with pytest.raises(InputError, match="id 1 is used twice"):
        load_portal(write_site(tmp_path / "portal", [GOOD, {**GOOD, "slug": "tin-khac"}]))
    with pytest.raises(InputError, match="site.yaml is missing"):
        load_portal(tmp_path / "nowhere")
