"""The central board's mirror (family C) served on 127.0.0.1: Next.js pages whose data rides in self.__next_f chunks."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib import robotparser

import pytest
import requests
import yaml
from bs4 import BeautifulSoup

from scrapers.errors import InputError
from scrapers.mirror import load_central, serve_mirror
from scrapers.mirror.central import js_string

TIMEOUT = 10
REPO = Path(__file__).resolve().parent.parent
CENTRAL_ROOT = REPO / "data" / "mirror" / "central"
NEWS = "/blogs/category/type/tin-tuc?&categoryId=65a1f0c2d4e6b8a0c1e2f301"
MODELS = "/blogs/category/type/dan-van?&categoryId=65a1f0c2d4e6b8a0c1e2f302"
DOCUMENTS = "/blogs/category/type/van-ban?&categoryId=65a1f0c2d4e6b8a0c1e2f303"
SPLIT = "/blogs/tin-tuc/giao-ban-cong-tac-dan-van-khu-vuc-tay-nguyen-67d1a3c0b2e4f6a8c0d2e404"
LEGACY = "/blogs/tin-tuc/hoi-nghi-cong-tac-ton-giao-khu-vuc-nam-bo-67d1a3c0b2e4f6a8c0d2e408"
PLAIN = "/blogs/tin-tuc/tap-huan-nghiep-vu-cong-tac-dan-van-cho-can-bo-co-so-67d1a3c0b2e4f6a8c0d2e403"
DRAFT = "/blogs/tin-tuc/du-thao-ke-hoach-giao-ban-quy-iv-67d1a3c0b2e4f6a8c0d2e411"
PENDING = "/blogs/dan-van/mo-hinh-dang-cho-duyet-67d1a3c0b2e4f6a8c0d2e415"
UPLOAD = "/api/v1/upload/2025/03/quy-che-lam-viec.pdf"
UPLOAD_PAGE = "/blogs/van-ban/quy-che-lam-viec-cua-ban-tuyen-giao-va-dan-van-trung-uong-67d1a3c0b2e4f6a8c0d2e416"

PUSH = re.compile(r'<script>self\.__next_f\.push\(\[1,(".*?")\]\)</script>', re.S)
ROW = re.compile(r"^(?P<row>[0-9a-f]+):(?P<tag>I?)(?P<json>.*)$", re.S)


@pytest.fixture(scope="module")
def server():
    with serve_mirror(family="central") as running:
        yield running


def get(server, path: str) -> requests.Response:
    return requests.get(server.base_url + path, timeout=TIMEOUT, allow_redirects=False)


def chunks_of(page: str) -> list[str]:
    """The raw JS string literals of the page's [1,"…"] pushes, in order."""
    return PUSH.findall(page)


def payload_rows(page: str) -> list[tuple[str, str, object]]:
    """(row id, tag, value) of every payload row: the chunks unescaped and joined, split at newlines."""
    text = "".join(json.loads(literal) for literal in chunks_of(page))
    assert text.endswith("\n")
    rows = []
    for line in text[:-1].split("\n"):
        match = ROW.match(line)
        assert match, line[:80]
        rows.append((match["row"], match["tag"], json.loads(match["json"])))
    return rows


def found(value, key: str) -> list:
    """Every value under *key* anywhere in a JSON value."""
    out = []
    if isinstance(value, dict):
        for k, v in value.items():
            if k == key:
                out.append(v)
            out += found(v, key)
    elif isinstance(value, list):
        for v in value:
            out += found(v, key)
    return out


def listing_blogs(page: str) -> list[dict]:
    lists = [blogs for _, _, value in payload_rows(page) for blogs in found(value, "blogs")]
    assert len(lists) == 1
    return lists[0]


def article_blog(page: str) -> dict:
    blogs = [blog for _, _, value in payload_rows(page) for blog in found(value, "blog")]
    assert len(blogs) == 1
    return blogs[0]


# ---------------------------------------------------------------------------------------------- site pages


def test_robots_disallows_the_api_only(server):
    response = get(server, "/robots.txt")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/plain")
    robots = robotparser.RobotFileParser()
    robots.parse(response.text.splitlines())
    assert not robots.can_fetch("danvan", server.base_url + UPLOAD)
    for path in ("/vn", NEWS, SPLIT, "/_next/static/css/app-9b1f.css"):
        assert robots.can_fetch("danvan", server.base_url + path), path


def test_root_redirects_to_vn_and_headers_say_nextjs(server):
    response = get(server, "/")
    assert response.status_code == 307 and response.headers["Location"] == "/vn"
    home = get(server, "/vn")
    assert home.status_code == 200 and home.headers["X-Powered-By"] == "Next.js"


def test_home_links_every_category_with_a_real_link(server):
    soup = BeautifulSoup(get(server, "/vn").text, "lxml")
    hrefs = {a["href"] for a in soup.select("nav a[href]")}
    assert {NEWS, MODELS, DOCUMENTS} <= hrefs
    newest = [b["publishDate"] for b in found([v for _, _, v in payload_rows(str(soup))], "blogs")[0]]
    assert newest == sorted(newest, reverse=True) and len(newest) == 6


@pytest.mark.parametrize("query, count, page", [
    ("", 10, 1),
    ("&page=1&size=10", 10, 1),
    ("&page=2&size=10", 1, 2),
    ("&page=3&size=10", 0, 3),       # past the last page: no items
    ("&page=2&size=4", 4, 2),
    ("&page=x&size=10", 10, 1),      # not a number: page 1
])
def test_listing_pages_by_page_and_size(server, query, count, page):
    response = get(server, NEWS + query)
    assert response.status_code == 200
    totals = [t for _, _, v in payload_rows(response.text) for t in found(v, "total")]
    pages = [p for _, _, v in payload_rows(response.text) for p in found(v, "page")]
    assert totals == [11] and pages == [page]
    blogs = listing_blogs(response.text)
    assert len(blogs) == count
    dates = [b["publishDate"] for b in blogs]
    assert dates == sorted(dates, reverse=True)


def test_the_two_pages_of_a_category_hold_every_item_once(server):
    first = listing_blogs(get(server, NEWS + "&page=1&size=10").text)
    second = listing_blogs(get(server, NEWS + "&page=2&size=10").text)
    ids = [b["id"] for b in first + second]
    assert len(ids) == len(set(ids)) == 11
    assert first[-1]["publishDate"] >= second[0]["publishDate"]


@pytest.mark.parametrize("path", [
    "/blogs/category/type/tin-tuc?&categoryId=000000000000000000000000",   # unknown category
    "/blogs/category/type/dan-van?&categoryId=65a1f0c2d4e6b8a0c1e2f301",   # id of another type
    "/blogs/category/type/tin-tuc",                                        # no categoryId
])
def test_unknown_listings_answer_404(server, path):
    assert get(server, path).status_code == 404


def test_listing_dom_headlines_are_h3_attributes_and_only_featured_items_link(server):
    page = get(server, NEWS).text
    soup = BeautifulSoup(page, "lxml")
    items = soup.select(".blog-list .blog-item")
    blogs = {b["id"]: b for b in listing_blogs(page)}
    approved = [b for b in blogs.values() if b["status"] == "approved"]
    assert len(items) == len(approved) == 9              # the draft is in the payload, not in the DOM
    for item in items:
        h3 = item.select_one("h3[href]")
        assert h3 is not None and h3.find("a") is None and h3.name == "h3"
        assert h3["href"].startswith("/blogs/tin-tuc/")
    linked = soup.select(".blog-list a")
    assert len(linked) == len(soup.select(".blog-list .blog-item.featured")) == 2   # of the 4 featured items, 2 on page 1
    assert all(a.parent.get("class") == ["blog-image"] for a in linked)


def test_chunks_are_escaped_js_strings(server):
    for path in ("/vn", NEWS, SPLIT, PLAIN):
        page = get(server, path).text
        literals = chunks_of(page)
        assert literals, path
        for literal in literals:
            assert "<" not in literal and "&" not in literal   # written \u003c and \u0026
            assert isinstance(json.loads(literal), str)
        assert "(self.__next_f=self.__next_f||[]).push([0])" in page


@pytest.mark.parametrize("text", ['a "quoted" <p>x</p> & y', "dòng\nmới", "\u2028", ""])
def test_js_string_round_trip(text):
    literal = js_string(text)
    assert json.loads(literal) == text
    assert not set("<>&\u2028") & set(literal)


# ---------------------------------------------------------------------------------------------- articles


def test_article_payload_carries_the_body_and_the_dom_does_not(server):
    page = get(server, PLAIN).text
    blog = article_blog(page)
    assert blog["id"] == "67d1a3c0b2e4f6a8c0d2e403" and blog["status"] == "approved" and blog["type"] == "news"
    assert blog["author"] == "Thu Hà"
    assert blog["rootOrgId"] == "6512a0c4e1b2f3a4b5c6d7e8" and blog["categoryId"] == "65a1f0c2d4e6b8a0c1e2f301"
    assert blog["content"].startswith("<p>Từ ngày 04 đến 06/3/2025") and blog["content"].count("<p>") == 3
    soup = BeautifulSoup(page, "lxml")
    assert soup.h1.get_text() == blog["title"]
    assert soup.select_one(".blog-content").get_text() == ""
    related = [b for _, _, v in payload_rows(page) for rel in found(v, "related") for b in rel]
    assert related and all("content" not in b for b in related)


def test_article_without_author_has_no_author_key(server):
    blog = article_blog(get(server, "/blogs/tin-tuc/so-ket-mot-nam-thuc-hien-luat-thuc-hien-dan-chu-o-co-so"
                                    "-67d1a3c0b2e4f6a8c0d2e405").text)
    assert "author" not in blog
    assert "1.150&nbsp;doanh nghiệp" in blog["content"]     # an entity: written \u0026nbsp; in the chunk


def test_split_article_object_spans_two_chunks(server):
    page = get(server, SPLIT).text
    literals = [json.loads(literal) for literal in chunks_of(page)]
    start = [i for i, chunk in enumerate(literals) if '"blog":{"id":"67d1a3c0b2e4f6a8c0d2e404"' in chunk]
    assert len(start) == 1
    i = start[0]
    assert not literals[i].endswith("\n")                 # the row goes on in the next chunk
    assert literals[i + 1].endswith("\n") and not literals[i + 1].startswith(("3:", "4:"))
    with pytest.raises(json.JSONDecodeError):
        json.loads(literals[i].split(":", 1)[1])
    blog = article_blog(page)                             # joined, the row is one JSON value
    assert blog["author"] == "Quang Vinh" and blog["content"].count("<p>") == 4
    cut = len(literals[i]) - literals[i].rfind("<p>")
    assert cut > 3 and literals[i + 1][0] not in '",'    # the cut falls inside the content string


def test_other_articles_are_one_row_per_chunk(server):
    literals = [json.loads(literal) for literal in chunks_of(get(server, PLAIN).text)]
    assert all(chunk.endswith("\n") and ROW.match(chunk[:-1]) for chunk in literals)


def test_publish_date_is_utc_and_the_page_shows_the_vietnam_day(server):
    page = get(server, SPLIT).text
    blog = article_blog(page)
    assert blog["publishDate"] == "2025-03-11T18:30:00.000Z"
    assert blog["createdAt"] == "2025-03-11T16:05:27.000Z"
    assert BeautifulSoup(page, "lxml").select_one(".blog-meta .blog-date").get_text() == "12/03/2025"


def test_legacy_page_carries_next_data(server):
    page = get(server, LEGACY).text
    soup = BeautifulSoup(page, "lxml")
    script = soup.select_one('script#__NEXT_DATA__[type="application/json"]')
    data = json.loads(script.string)
    blog = data["props"]["pageProps"]["blog"]
    assert blog["id"] == "67d1a3c0b2e4f6a8c0d2e408" and blog["author"] == "Hoài Nam"
    assert blog["content"].startswith("<p>Ngày 10/6/2025")
    assert "<p>" not in script.string                     # written \u003cp> inside the script
    assert not chunks_of(page)


@pytest.mark.parametrize("path", [
    DRAFT, PENDING, UPLOAD_PAGE,
    SPLIT.replace("giao-ban", "giao-bon"),                 # a slug that is not the item's
    "/blogs/tin-tuc/khong-co-67d1a3c0b2e4f6a8c0d2e499",    # an id that does not exist
    "/api/v1/upload/khong-co.pdf",
])
def test_what_is_not_a_published_article_answers_404(server, path):
    response = get(server, path)
    assert response.status_code == 404
    assert "chưa được xuất bản" in response.text


def test_drafts_are_in_the_listing_payload_only(server):
    blogs = listing_blogs(get(server, NEWS).text) + listing_blogs(get(server, NEWS + "&page=2&size=10").text)
    statuses = {b["id"]: b["status"] for b in blogs}
    assert statuses["67d1a3c0b2e4f6a8c0d2e411"] == "draft"
    assert list(statuses.values()).count("approved") == 10
    pending = {b["id"]: b["status"] for b in listing_blogs(get(server, MODELS).text)}
    assert pending["67d1a3c0b2e4f6a8c0d2e415"] == "pending"


def test_upload_item_points_to_the_file(server):
    page = get(server, DOCUMENTS).text
    upload = [b for b in listing_blogs(page) if b.get("fileUrl")]
    assert [b["fileUrl"] for b in upload] == [UPLOAD] and upload[0]["type"] == "document"
    hrefs = [h3["href"] for h3 in BeautifulSoup(page, "lxml").select("h3[href]")]
    assert UPLOAD in hrefs
    response = get(server, UPLOAD)
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_next_static_files_named_by_the_pages_are_served(server):
    soup = BeautifulSoup(get(server, PLAIN).text, "lxml")
    files = [s["src"] for s in soup.select("script[src]")] + [link["href"] for link in soup.select("link[rel=stylesheet]")]
    files += ["/_next/static/chunks/app/blogs/detail/page-8b41.js"]
    assert files and all(f.startswith("/_next/static/") for f in files)
    for path in files:
        response = get(server, path)
        assert response.status_code == 200 and response.content, path
    assert get(server, "/_next/static/chunks/khong-co.js").status_code == 404


# ---------------------------------------------------------------------------------------------- the data


def test_the_shipped_data_has_what_the_crawler_tests_need():
    site = load_central()
    statuses = [b.status for b in site.blogs]
    assert len(site.articles) >= 10 and statuses.count("draft") >= 1
    assert len({b.category.key for b in site.articles.values()}) >= 2
    assert sum(b.upload is not None for b in site.blogs) == 1
    assert sum(b.split for b in site.blogs) == 1 and sum(b.legacy for b in site.blogs) == 1
    assert max(len(site.listing(c)) for c in site.categories) > site.per_page


def write_site(root: Path, items: list[dict]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text((CENTRAL_ROOT / "site.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "blogs.yaml").write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")
    return root


GOOD = {"id": "67d1a3c0b2e4f6a8c0d2e4aa", "category": "tin-hoat-dong", "slug": "tin-thu", "title": "Tin thử",
        "publish_date": "2025-03-11T18:30:00.000Z", "body": "Đoạn một.\n\nĐoạn hai.\n"}


@pytest.mark.parametrize("change, message", [
    ({"id": "67D1"}, "'id' must be 24 lowercase hex digits"),
    ({"category": "khong-co"}, "unknown category"),
    ({"publish_date": "2025-03-12"}, "'publish_date' must be UTC"),
    ({"status": "published"}, "'status' must be one of"),
    ({"slug": "Tin Thu"}, "'slug' must be lowercase"),
    ({"upload": "/files/a.pdf"}, "'upload' must be a path under /api/v1/upload/"),
    ({"colour": "red"}, "unknown field(s) colour"),
])
def test_bad_items_are_named_with_their_file(tmp_path, change, message):
    root = write_site(tmp_path / "central", [{**GOOD, **change}])
    with pytest.raises(InputError, match=re.escape(message)) as error:
        load_central(root)
    assert "blogs.yaml (item 0)" in str(error.value)


def test_a_small_site_loads_and_a_missing_one_is_a_clear_error(tmp_path):
    site = load_central(write_site(tmp_path / "central", [GOOD]))
    assert list(site.articles) == ["/blogs/tin-tuc/tin-thu-67d1a3c0b2e4f6a8c0d2e4aa"]
    with pytest.raises(InputError, match="site.yaml is missing"):
        load_central(tmp_path / "nowhere")
