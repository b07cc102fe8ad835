"""The embedded mirror: loading and validating data/mirror/, rendering every page type, serving it on 127.0.0.1 with and without faults."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import unicodedata
from datetime import date
from pathlib import Path

import pytest
import requests
import yaml
from bs4 import BeautifulSoup

from scrapers.errors import InputError
from scrapers.mirror import (
    MirrorArticle, MirrorServer, is_loopback, load_mirror, parse_article_file, respond, serve_mirror,
    split_paragraphs,
)
from tests.conftest import MIRROR, REPO, interrupt, mirror_command

TIMEOUT = 10

# ---------------------------------------------------------------------------------------------- a small mirror

FIXTURE_SITE = {
    "title": "Ban Dân vận Tỉnh ủy Gia Lai",
    "per_page": 2,
    "categories": [
        {"slug": "Tin-hoat-dong", "name": "Tin hoạt động"},
        {"slug": "Cong-tac-mat-tran-doan-the", "name": "Công tác mặt trận - đoàn thể"},
        {"slug": "Van-ban-chi-dao", "name": "Văn bản chỉ đạo"},
    ],
    "menu_pages": [{"path": "/Gioi-thieu.aspx", "name": "Giới thiệu"}],
    "home_text": "Trang thông tin điện tử của Ban Dân vận Tỉnh ủy Gia Lai.",
    "footer": ["Copyright © 2014 Ban Dân vận tỉnh ủy Gia Lai"],
    "placeholders": [{"slug": "Thong-bao-trong", "category": "Tin-hoat-dong",
                      "title": "Thông báo lịch tiếp công dân", "published": "2024-08-01", "date_style": "dash"}],
    "listed_pages": [{"path": "/Tin-hoat-dong/Lich-cong-tac.aspx", "category": "Tin-hoat-dong",
                      "title": "Lịch công tác tuần", "published": "2024-09-23"}],
    "faults": {
        "slow_seconds": 2,
        "error_once": {"article": "Hoi-nghi-so-ket"},
        "unavailable_once": {"article": "Ket-qua-doi-moi"},
        "slow": {"article": "Van-ban-huong-dan"},
        "rate_limited_once": {"path": "/Tin-hoat-dong.aspx?page=2"},
    },
}

FIXTURE_ARTICLES = {
    "001-ket-qua.yaml": {
        "slug": "Ket-qua-doi-moi", "categories": ["Cong-tac-mat-tran-doan-the", "Tin-hoat-dong"],
        "title": "Kết quả đổi mới nội dung, phương thức hoạt động của Mặt trận",
        "published": date(2020, 4, 15), "author": "Ngọc Diệp",
        "images": [{"after": 0, "src": "/Uploads/images/hoi-nghi.jpg", "caption": "Ảnh: Quang cảnh hội nghị"}],
        "body": "Thực hiện Kết luận 62- KL/TW, ngày 08 tháng 12 năm 2009 của Bộ Chính trị.\n\n"
                "Ủy ban MTTQ Việt Nam thị xã vận động được trên 2 tỷ đồng.\n",
    },
    "002-so-ket.yaml": {
        "slug": "Hoi-nghi-so-ket", "categories": ["Tin-hoat-dong"], "title": "Hội nghị sơ kết công tác dân vận",
        "published": date(2021, 6, 2), "date_style": "weekday", "time": "14:30", "author": "Thanh Nhàn",
        "markup": "br",
        "body": "Chiều 2/6, Ban Dân vận Tỉnh ủy tổ chức hội nghị sơ kết.\n\n"
                "Uỷ ban nhân dân các huyện\u00a0báo cáo\tkết quả hoà giải.\n\nHội nghị thống nhất 5 nhiệm vụ.\n",
    },
    "003-nfd.yaml": {
        "slug": "Ia-Grai-doan-ket", "categories": ["Tin-hoat-dong"], "form": "NFD", "markup": "div",
        "title": "Ia Grai: Hiệu quả từ Cuộc vận động “Toàn dân đoàn kết”",
        "published": date(2020, 6, 18), "author": "Hoàng Ngọc",
        "body": "Những năm qua, Ủy ban MTTQ Việt Nam huyện Ia Grai đã vận động được 3 tỷ 150 triệu đồng.\n\n"
                "Đến cuối năm 2019, tỷ lệ hộ nghèo toàn huyện giảm còn 7,82%.\n",
    },
    "004-van-ban.yaml": {
        "slug": "Van-ban-huong-dan", "categories": ["Van-ban-chi-dao"], "title": "Hướng dẫn số 09-HD/BDVTU",
        "published": date(2022, 1, 10), "author": "Văn phòng Ban",
        "attachments": [{"href": "/Uploads/files/Huong-dan-09.pdf", "label": "Tải về: Hướng dẫn số 09-HD/BDVTU"}],
        "body": "Ban Dân vận Tỉnh ủy ban hành Hướng dẫn số 09-HD/BDVTU về công tác dân vận năm 2022.\n",
    },
    "005-404.yaml": {
        "slug": "Bai-da-go", "categories": ["Tin-hoat-dong"], "title": "Bài viết đã gỡ", "status": 404,
        "published": date(2019, 1, 5), "body": "Nội dung không còn.\n",
    },
}

FIXTURE_PAGES = {
    "Gioi-thieu.aspx": "<!-- title: Giới thiệu -->\n<div class=\"intro\"><p>Ban Dân vận Tỉnh ủy là cơ quan tham mưu của Tỉnh ủy.</p></div>\n",
    "Tin-hoat-dong/Lich-cong-tac.aspx": "<!-- title: Lịch công tác tuần -->\n<table><tr><td>Thứ hai</td><td>Giao ban</td></tr></table>\n",
    "Search.aspx": "<!DOCTYPE html>\n<html><body><p>Tìm kiếm</p></body></html>\n",
}

FIXTURE_ROBOTS = "User-agent: *\nDisallow: /Admin/\nDisallow: /Search.aspx\n"


def build_fixture_mirror(root: Path, site: dict | None = None, articles: dict | None = None) -> Path:
    """Write a small mirror (every page type) under *root* and return it."""
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(yaml.safe_dump(site or FIXTURE_SITE, allow_unicode=True), encoding="utf-8")
    (root / "robots.txt").write_text(FIXTURE_ROBOTS, encoding="utf-8")
    for name, article in (FIXTURE_ARTICLES if articles is None else articles).items():
        (root / "articles" / name).write_text(yaml.safe_dump(article, allow_unicode=True), encoding="utf-8")
    for name, text in FIXTURE_PAGES.items():
        path = root / "pages" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def fixture_root(tmp_path_factory) -> Path:
    return build_fixture_mirror(tmp_path_factory.mktemp("mirror"))


@pytest.fixture(scope="module")
def server(fixture_root):
    with serve_mirror(fixture_root) as running:
        yield running


@pytest.fixture(scope="module")
def fault_server(fixture_root):
    with serve_mirror(fixture_root, faults=True, slow_seconds=0.4) as running:
        yield running


@pytest.fixture(scope="module")
def real_server():
    with serve_mirror(MIRROR) as running:
        yield running


def get(server, path: str) -> requests.Response:
    return requests.get(server.base_url + path, timeout=TIMEOUT)


def soup(response: requests.Response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "lxml")


def listing_hrefs(response) -> list[str]:
    return [a["href"] for a in soup(response).select("div.news-list div.news-item a.news-item-title")]


# ---------------------------------------------------------------------------------------------- loading


@pytest.mark.parametrize("body, expected", [
    ("Một.\n\nHai.\n", ("Một.", "Hai.")),
    ("Một.\n \t\nHai.", ("Một.", "Hai.")),              # a blank line with spaces still separates
    ("Dòng một\ndòng hai.\n\nBa.", ("Dòng một dòng hai.", "Ba.")),
    ("Có\u00a0khoảng trắng\tlạ.", ("Có\u00a0khoảng trắng\tlạ.",)),   # odd spaces are kept as written
    ("", ()),
    ("\n\n", ()),
])
def test_split_paragraphs(body, expected):
    assert split_paragraphs(body) == expected


@pytest.mark.parametrize("style, clock, expected", [
    ("plain", "08:00", "15/04/2020"),
    ("weekday", "08:30", "Thứ tư, 15/04/2020 - 08:30"),
    ("dash", "08:00", "15-04-2020"),
])
def test_date_line(style, clock, expected):
    article = MirrorArticle("A", ("Tin-hoat-dong",), "T", date(2020, 4, 15), ("p",), date_style=style, time=clock)
    assert article.date_text == expected


GOOD = {"slug": "Bai-viet", "categories": ["Tin-hoat-dong"], "title": "Tiêu đề", "published": "2020-04-15",
        "body": "Đoạn một."}


@pytest.mark.parametrize("change, message", [
    ({"slug": "Bài viết"}, "'slug' must be ASCII"),
    ({"categories": ["Khong-co"]}, "unknown category 'Khong-co'"),
    ({"categories": []}, "'categories' must be a non-empty list"),
    ({"published": "15/04/2020"}, "'published' must be an ISO date"),
    ({"date_style": "long"}, "'date_style' must be one of"),
    ({"markup": "span"}, "'markup' must be one of"),
    ({"form": "NFKC"}, "'form' must be NFC or NFD"),
    ({"status": 500}, "'status' must be 200 or 404"),
    ({"time": "8h"}, "'time' must be HH:MM"),
    ({"images": [{"after": 5, "src": "/a.jpg", "caption": "Ảnh"}]}, "images[0].after"),
    ({"attachments": [{"href": "/a.pdf"}]}, "attachments[0] must have"),
    ({"catgories": ["Tin-hoat-dong"]}, "unknown field(s) catgories"),
    ({"title": None}, "missing 'title'"),
])
def test_invalid_article_is_reported_with_its_file(change, message):
    raw = {**GOOD, **change}
    raw = {k: v for k, v in raw.items() if v is not None}
    with pytest.raises(InputError) as caught:
        parse_article_file(raw, "articles/042-bai.yaml", {"Tin-hoat-dong"})
    assert "articles/042-bai.yaml" in str(caught.value)
    assert message in str(caught.value)


def test_valid_article_loads():
    article = parse_article_file(GOOD, "x.yaml", {"Tin-hoat-dong"})
    assert (article.path, article.published, article.paragraphs) == (
        "/Tin-hoat-dong/Bai-viet.aspx", date(2020, 4, 15), ("Đoạn một.",))


def test_mirror_errors_name_the_file(tmp_path):
    root = build_fixture_mirror(tmp_path, articles={"009-bad.yaml": {**GOOD, "markup": "table"}})
    with pytest.raises(InputError, match=r"009-bad\.yaml.*'markup'"):
        load_mirror(root)
    (root / "articles" / "009-bad.yaml").write_text("slug: [unclosed", encoding="utf-8")
    with pytest.raises(InputError, match=r"009-bad\.yaml: not valid YAML"):
        load_mirror(root)


def test_duplicate_slug_and_unknown_fault_target_are_refused(tmp_path):
    root = build_fixture_mirror(tmp_path, articles={"1.yaml": GOOD, "2.yaml": GOOD})
    with pytest.raises(InputError, match="slug 'Bai-viet' is used by"):
        load_mirror(root)
    site = {**FIXTURE_SITE, "faults": {"error_once": {"article": "Khong-co-bai"}}}
    root = build_fixture_mirror(tmp_path / "b", site=site, articles={"1.yaml": GOOD})
    with pytest.raises(InputError, match="faults.error_once: no article with slug 'Khong-co-bai'"):
        load_mirror(root)


@pytest.mark.parametrize("change, message", [
    ({"menu_pages": [{"path": "/Gioi-thieu.aspx"}]}, "'menu_pages' must be a list of {path, name}"),
    ({"menu_pages": "/Gioi-thieu.aspx"}, "'menu_pages' must be a list of {path, name}"),
    ({"categories": [{"slug": "Tin-hoat-dong"}]}, "'categories' must be a list of {slug, name}"),
    ({"per_page": 0}, "'per_page' must be a positive whole number"),
])
def test_site_settings_that_cannot_be_used_are_named(tmp_path, change, message):
    root = build_fixture_mirror(tmp_path, site={**FIXTURE_SITE, **change}, articles={})
    with pytest.raises(InputError, match=re.escape(message)):
        load_mirror(root)


def test_missing_mirror_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="site.yaml is missing"):
        load_mirror(tmp_path)


# ---------------------------------------------------------------------------------------------- binding


@pytest.mark.parametrize("host, loopback", [
    ("127.0.0.1", True), ("127.0.0.2", True), ("localhost", True), ("::1", True),
    ("0.0.0.0", False), ("192.168.1.10", False), ("example.org", False), ("", False),
])
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_non_loopback_host_is_refused_without_allow_remote(fixture_root):
    with pytest.raises(InputError, match="not a loopback address"):
        MirrorServer(load_mirror(fixture_root), host="0.0.0.0", port=0)


# ---------------------------------------------------------------------------------------------- pages over HTTP


def test_robots_txt(server):
    response = get(server, "/robots.txt")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    assert "Disallow: /Admin/" in response.text and "Disallow: /Search.aspx" in response.text


def test_home_links_every_category_and_newest_articles(server):
    response = get(server, "/")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    hrefs = {a["href"] for a in soup(response).select("a")}
    assert {"/Tin-hoat-dong.aspx", "/Cong-tac-mat-tran-doan-the.aspx", "/Van-ban-chi-dao.aspx"} <= hrefs
    assert "/Tin-hoat-dong/Hoi-nghi-so-ket.aspx" in hrefs
    assert soup(response).select_one("input#__VIEWSTATE")["value"].startswith("/wEPDwUK")
    assert "Copyright © 2014" in soup(response).select_one("#footer").get_text()


def test_listing_pages_newest_first_with_pager(server):
    first, second = get(server, "/Tin-hoat-dong.aspx"), get(server, "/Tin-hoat-dong.aspx?page=2")
    assert first.status_code == second.status_code == 200
    # Tin-hoat-dong: listed page 2024-09-23, placeholder 2024-08-01, 2021-06-02, 2020-06-18, 2020-04-15, 2019-01-05
    assert listing_hrefs(first) == ["/Tin-hoat-dong/Lich-cong-tac.aspx", "/Tin-hoat-dong/Thong-bao-trong.aspx"]
    assert listing_hrefs(second) == ["/Tin-hoat-dong/Hoi-nghi-so-ket.aspx", "/Tin-hoat-dong/Ia-Grai-doan-ket.aspx"]
    dates = [s.get_text() for s in soup(second).select("span.news-item-date")]
    assert dates == ["02/06/2021", "18/06/2020"]
    summary = soup(second).select_one("div.news-item-summary").get_text()
    assert summary.startswith("Chiều 2/6, Ban Dân vận")
    pager = [(a.get_text(), a["href"]) for a in soup(first).select("div.pager a")]
    assert ("|<", "?page=1") in pager and (">|", "?page=3") in pager and (">", "?page=2") in pager
    assert soup(first).select_one("div.pager span.current").get_text() == "1"
    assert soup(first).select_one("div.breadcrumb").get_text(strip=True) == "Tin hoạt động"


def test_pager_loop_answers_the_last_page_again(server):
    last = get(server, "/Tin-hoat-dong.aspx?page=3")
    assert listing_hrefs(last) == ["/Cong-tac-mat-tran-doan-the/Ket-qua-doi-moi.aspx", "/Tin-hoat-dong/Bai-da-go.aspx"]
    for page in (4, 99):
        assert listing_hrefs(get(server, f"/Tin-hoat-dong.aspx?page={page}")) == listing_hrefs(last)
    next_link = [a["href"] for a in soup(last).select("div.pager a") if a.get_text() == ">"]
    assert next_link == ["?page=4"]        # the loop: the last page still offers a next one
    first = listing_hrefs(get(server, "/Tin-hoat-dong.aspx"))
    for odd in ("abc", "", "-1", "%C2%B2", "%D9%A3", "1.5"):     # not a page number (², ٣ are digits to Python)
        assert listing_hrefs(get(server, f"/Tin-hoat-dong.aspx?page={odd}")) == first, odd


def test_article_page_structure(server):
    response = get(server, "/Cong-tac-mat-tran-doan-the/Ket-qua-doi-moi.aspx")
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("div.breadcrumb a")["href"] == "/Cong-tac-mat-tran-doan-the.aspx"
    assert page.select_one("h1.news-title").get_text() == FIXTURE_ARTICLES["001-ket-qua.yaml"]["title"]
    assert page.select_one("div.news-date").get_text() == "15/04/2020"
    content = page.select_one("div.news-content")
    assert content.select_one("img")["src"] == "/Uploads/images/hoi-nghi.jpg"
    assert content.select_one("em").get_text() == "Ảnh: Quang cảnh hội nghị"
    author = content.select("p")[-1]
    assert author.get_text() == "Ngọc Diệp" and "text-align: right" in author["style"] and author.strong
    assert page.select_one("div.news-detail div.pager").get_text() == "|< < 1 > >|"
    assert "/Tin-hoat-dong/Ket-qua-doi-moi.aspx" not in {a["href"] for a in page.select("div.other-news a")}
    assert page.select_one("form#aspnetForm") is not None


def test_weekday_date_and_br_markup(server):
    page = soup(get(server, "/Tin-hoat-dong/Hoi-nghi-so-ket.aspx"))
    assert page.select_one("div.news-date").get_text() == "Thứ tư, 02/06/2021 - 14:30"
    content = page.select_one("div.news-content")
    assert len(content.select("br")) == 2
    assert "Uỷ ban nhân dân các huyện\u00a0báo cáo\tkết quả hoà giải." in content.get_text()


def test_other_news_lists_the_same_category_with_dates(server):
    page = soup(get(server, "/Tin-hoat-dong/Hoi-nghi-so-ket.aspx"))
    items = [li.get_text(" ", strip=True) for li in page.select("div.other-news li")]
    hrefs = [a["href"] for a in page.select("div.other-news a")]
    assert hrefs == ["/Tin-hoat-dong/Ia-Grai-doan-ket.aspx", "/Cong-tac-mat-tran-doan-the/Ket-qua-doi-moi.aspx",
                     "/Tin-hoat-dong/Bai-da-go.aspx", "/Tin-hoat-dong/Thong-bao-trong.aspx"]
    assert items[0].endswith("(18/06/2020)")


def test_article_in_two_categories_has_one_url(server):
    path = "/Cong-tac-mat-tran-doan-the/Ket-qua-doi-moi.aspx"
    assert path in listing_hrefs(get(server, "/Cong-tac-mat-tran-doan-the.aspx"))
    assert path in listing_hrefs(get(server, "/Tin-hoat-dong.aspx?page=3"))
    assert get(server, "/Tin-hoat-dong/Ket-qua-doi-moi.aspx").status_code == 404


def test_article_in_two_categories_listing_href_is_its_own_url(fixture_root):
    mirror = load_mirror(fixture_root)
    entries = [e for c, _ in mirror.categories for e in mirror.listing(c) if e.article and e.article.slug == "Ket-qua-doi-moi"]
    assert {e.path for e in entries} == {"/Cong-tac-mat-tran-doan-the/Ket-qua-doi-moi.aspx"}
    assert len(entries) == 2


@pytest.mark.parametrize("path, status", [
    ("/Tin-hoat-dong/Bai-da-go.aspx", 404),                      # listed, but answers 404
    ("/Tin-hoat-dong/Khong-ton-tai.aspx", 404),                  # unknown article
    ("/Tin-hoat-dong/Ket-qua-doi-moi.aspx", 404),                # an article at its second category's path
    ("/Khong-co-chuyen-muc.aspx", 404),
    ("/Uploads/files/Huong-dan-09.pdf", 404),                    # attachments are linked, not served
    ("/Gioi-thieu.aspx", 200),
    ("/Search.aspx", 200),
    ("/Tin-hoat-dong/Lich-cong-tac.aspx", 200),
    ("/Tin-hoat-dong/Thong-bao-trong.aspx", 200),
    ("/Default.aspx", 200),
])
def test_status_of_each_page_type(server, path, status):
    response = get(server, path)
    assert response.status_code == status
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert soup(response).select_one("#footer") is not None or path == "/Search.aspx"


def test_404_page_is_in_the_site_layout(server):
    page = soup(get(server, "/Tin-hoat-dong/Bai-da-go.aspx"))
    assert page.select_one("div.error-page h2").get_text() == "Không tìm thấy trang"
    assert page.select_one("div.news-detail") is None


def test_static_pages_fragment_in_layout_and_whole_page_as_is(server):
    intro = soup(get(server, "/Gioi-thieu.aspx"))
    assert intro.title.get_text().startswith("Giới thiệu - ")
    assert intro.select_one("#header ul.menu") is not None
    assert get(server, "/Search.aspx").text == FIXTURE_PAGES["Search.aspx"]


def test_a_static_page_with_a_byte_that_is_not_utf8_is_still_served(tmp_path):
    root = build_fixture_mirror(tmp_path / "mirror")
    (root / "pages" / "Cu.aspx").write_bytes("<!-- title: Trang cũ -->\n<p>Ban Dân vận ".encode() + b"\xe2\x80</p>")
    with serve_mirror(root) as running:
        page = soup(get(running, "/Cu.aspx"))
    assert page.title.get_text().startswith("Trang cũ - ")
    assert page.select_one("#header ul.menu") is not None and "Ban Dân vận \ufffd" in page.get_text()


def test_placeholder_has_title_and_date_but_no_body(server):
    page = soup(get(server, "/Tin-hoat-dong/Thong-bao-trong.aspx"))
    assert page.select_one("h1.news-title").get_text() == "Thông báo lịch tiếp công dân"
    assert page.select_one("div.news-date").get_text() == "01-08-2024"
    assert page.select_one("div.news-content").get_text(strip=True) == ""


def test_nfd_article_is_served_decomposed(server):
    raw = get(server, "/Tin-hoat-dong/Ia-Grai-doan-ket.aspx").content
    paragraph = "Đến cuối năm 2019, tỷ lệ hộ nghèo toàn huyện giảm còn 7,82%."
    assert unicodedata.normalize("NFD", paragraph).encode() in raw
    assert paragraph.encode() not in raw
    assert b"<div>" in raw                                  # markup: div
    nfc_raw = get(server, "/Tin-hoat-dong/Hoi-nghi-so-ket.aspx").content
    assert "Chiều 2/6".encode() in nfc_raw


def test_attachment_link(server):
    page = soup(get(server, "/Van-ban-chi-dao/Van-ban-huong-dan.aspx"))
    links = [(a["href"], a.get_text()) for a in page.select("div.news-content a")]
    assert links == [("/Uploads/files/Huong-dan-09.pdf", "Tải về: Hướng dẫn số 09-HD/BDVTU")]


def test_head_request_and_counters(server):
    path = "/Van-ban-chi-dao.aspx"
    before = server.count(path)
    assert requests.head(server.base_url + path, timeout=TIMEOUT).status_code == 200
    get(server, path)
    assert server.count(path) == before + 2
    assert server.count("/never-asked") == 0
    assert (path, 200) in server.requests


# ---------------------------------------------------------------------------------------------- faults


def test_no_faults_without_the_switch(server):
    for path in ("/Tin-hoat-dong/Hoi-nghi-so-ket.aspx", "/Cong-tac-mat-tran-doan-the/Ket-qua-doi-moi.aspx",
                 "/Tin-hoat-dong.aspx?page=2"):
        assert [get(server, path).status_code for _ in range(2)] == [200, 200]
    started = time.monotonic()
    assert get(server, "/Van-ban-chi-dao/Van-ban-huong-dan.aspx").status_code == 200
    assert server.slow_seconds == 2                      # what the slow page would wait with the switch on
    assert time.monotonic() - started < server.slow_seconds


def test_error_once_then_ok(fault_server):
    path = "/Tin-hoat-dong/Hoi-nghi-so-ket.aspx"
    first, second = get(fault_server, path), get(fault_server, path)
    assert (first.status_code, second.status_code) == (500, 200)
    assert soup(second).select_one("h1.news-title") is not None
    assert fault_server.count(path) == 2


@pytest.mark.parametrize("path, status", [
    ("/Cong-tac-mat-tran-doan-the/Ket-qua-doi-moi.aspx", 503),
    ("/Tin-hoat-dong.aspx?page=2", 429),
])
def test_retry_after_once_then_ok(fault_server, path, status):
    first = get(fault_server, path)
    assert first.status_code == status
    assert first.headers["Retry-After"] == "1"
    second = get(fault_server, path)
    assert second.status_code == 200 and "Retry-After" not in second.headers


def test_slow_page(fault_server):
    started = time.monotonic()
    response = get(fault_server, "/Van-ban-chi-dao/Van-ban-huong-dan.aspx")
    assert response.status_code == 200
    assert time.monotonic() - started >= 0.4


def test_faults_only_on_their_paths(fault_server):
    assert get(fault_server, "/Tin-hoat-dong.aspx").status_code == 200
    assert get(fault_server, "/Tin-hoat-dong/Ia-Grai-doan-ket.aspx").status_code == 200


# ---------------------------------------------------------------------------------------------- the real mirror


@pytest.fixture(scope="module")
def real_mirror():
    return load_mirror(MIRROR)


def test_real_mirror_loads_and_has_every_page_type(real_mirror):
    articles = list(real_mirror.articles.values())
    assert articles, "data/mirror/ has no articles"
    assert any(len(a.categories) > 1 for a in articles), "an article in two categories"
    assert any(a.status == 404 for a in articles), "a listed article that answers 404"
    assert any(a.form == "NFD" for a in articles), "an NFD article"
    assert any(a.date_style == "weekday" for a in articles), "a weekday date"
    assert any(a.images for a in articles), "an image with a caption"
    assert any(a.attachments for a in articles), "an attachment link"
    assert any(a.is_placeholder for a in articles), "a placeholder"
    assert any(re.search(r"\b(Uỷ|hoà|khoá)\b", " ".join(a.paragraphs)) for a in articles), "old tone placement"
    assert "/Gioi-thieu.aspx" in real_mirror.pages and real_mirror.listed_pages, "non-article pages"
    assert set(real_mirror.faults) == {"error_once", "unavailable_once", "rate_limited_once", "slow"}
    assert all(real_mirror.last_page(slug) >= 1 for slug, _ in real_mirror.categories)


def test_real_mirror_every_article_reachable_from_listings(real_server, real_mirror):
    found: dict[str, set[str]] = {}
    for slug, _name in real_mirror.categories:
        page, previous = 1, None
        while True:
            hrefs = listing_hrefs(get(real_server, f"/{slug}.aspx?page={page}"))
            if hrefs == previous:          # the pager loop: the last page again
                break
            for href in hrefs:
                found.setdefault(href, set()).add(slug)
            previous, page = hrefs, page + 1
            assert page < 100
    for article in real_mirror.articles.values():
        assert found.get(article.path) == set(article.categories), article.source
        expected = 404 if article.status == 404 else 200
        assert get(real_server, article.path).status_code == expected, article.source


def test_real_robots_and_home(real_server):
    robots = get(real_server, "/robots.txt").text
    assert "Disallow: /Admin/" in robots and "Disallow: /Search.aspx" in robots
    assert get(real_server, "/").status_code == 200


def test_every_real_page_renders(real_mirror):
    for article in real_mirror.articles.values():
        assert respond(real_mirror, article.path).status in (200, 404)
    for slug, _ in real_mirror.categories:
        assert respond(real_mirror, f"/{slug}.aspx").status == 200


# ---------------------------------------------------------------------------------------------- the command


def test_mirror_command_serves_and_refuses_remote(fixture_root):
    refused = subprocess.run(
        [sys.executable, "-m", "pipeline", "mirror", "--host", "0.0.0.0", "--root", str(fixture_root)],
        capture_output=True, text=True, timeout=60, cwd=REPO,
    )
    assert refused.returncode == 1 and "not a loopback address" in refused.stderr
    with mirror_command("--port", "0", "--root", str(fixture_root)) as process:
        line = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+", line).group(0)
        assert requests.get(url + "/robots.txt", timeout=TIMEOUT).status_code == 200
        assert interrupt(process) == 0           # Ctrl-C stops it cleanly
        assert "stopped" in process.stdout.read()
        assert "GET /robots.txt" in process.stderr.read()
