"""Article parsing: mirror pages, hand-written page variants and the real seed page's structure → Article, or NotAnArticle with a reason."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from extractors.normalize import clean_whitespace, nfc
from scrapers.errors import DanvanError, NotAnArticle
from scrapers.mirror import load_mirror, respond
from scrapers.listing import iso_date
from scrapers.http import decode_body
from scrapers.parse import Article, author_name, parse_article, text_from_html
from scrapers.profile import load_profile
from test_mirror import build_fixture_mirror
from tests.conftest import MIRROR

BASE = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def profile():
    return load_profile("gialai")


@pytest.fixture(scope="module", params=["fixture", "data/mirror"])
def mirror(request, tmp_path_factory):
    if request.param == "fixture":
        return load_mirror(build_fixture_mirror(tmp_path_factory.mktemp("mirror")))
    return load_mirror(MIRROR)


def expected_text(article) -> str:
    """What the parser must give for a mirror article: its YAML paragraphs, NFC, odd spaces cleaned."""
    return "\n".join(clean_whitespace(nfc(p)) for p in article.paragraphs)


# ---------------------------------------------------------------------------------------------- small pieces


@pytest.mark.parametrize("text, expected", [
    ("15/04/2020", "2020-04-15"),
    ("Thứ tư, 15/04/2020 - 08:30", "2020-04-15"),
    ("Chủ nhật, 5/1/2020 - 7:05", "2020-01-05"),
    ("15-04-2020", "2020-04-15"),
    ("15.04.2020", "2020-04-15"),
    ("Cập nhật: 01/08/2024 10:15", "2024-08-01"),
    ("Thu\u0301 tư, 15/04/2020", "2020-04-15"),            # NFD weekday
    # must not match
    ("", None),
    (None, None),
    ("31/02/2020", None),                                  # no such day
    ("15/04/20", None),                                    # two-digit year is not a form the site uses
    ("15/04-2020", None),                                  # mixed separators
    ("Số 215-KH/TU", None),
])
def test_page_dates(text, expected):
    assert iso_date(text) == expected


@pytest.mark.parametrize("line, expected", [
    ("Ngọc Diệp", "Ngọc Diệp"),
    ("Tin, ảnh: Hồng Thư", "Hồng Thư"),
    ("Bài và ảnh: Ksor Nhung", "Ksor Nhung"),
    ("Ngọc Diệp (Ban Dân vận Thị ủy An Khê)", "Ngọc Diệp (Ban Dân vận Thị ủy An Khê)"),
    ("PV", "PV"),
    # must not match
    ("Hội nghị kết thúc lúc 11 giờ cùng ngày.", None),
    ("Thời gian tới, Ủy ban MTTQ Việt Nam huyện tiếp tục phối hợp với các đoàn thể", None),
    ("2020", None),
    ("Kết quả như sau:", None),
    ("", None),
])
def test_author_name(line, expected):
    assert author_name(line, max_words=6) == expected


def test_decode_by_http_charset_then_meta_then_utf8():
    text = "Ban Dân vâ\u0323n"       # windows-1258 writes the tone mark apart: "vận" = v â ◌̣ n
    page = f'<html><head><meta charset="windows-1258"></head><body>{text}</body></html>'
    assert nfc(decode_body(page.encode("cp1258"))) == nfc(page)
    assert "Ban Dân vận" in nfc(decode_body(page.encode("cp1258")))
    assert decode_body(page.encode("utf-8"), "text/html; charset=utf-8") == page
    assert decode_body(f"<p>{text}</p>".encode()) == f"<p>{text}</p>"
    assert decode_body("đã là văn bản") == "đã là văn bản"


def test_not_an_article_is_a_danvan_error_with_a_reason():
    error = NotAnArticle("placeholder: no body", "http://x/a.aspx")
    assert isinstance(error, DanvanError)
    assert error.reason == "placeholder: no body" and "http://x/a.aspx" in str(error)


# ---------------------------------------------------------------------------------------------- mirror pages


def test_every_mirror_article_parses_to_its_yaml(mirror, profile):
    parsed = 0
    for article in mirror.articles.values():
        if article.status != 200 or article.is_placeholder:
            continue
        response = respond(mirror, article.path)
        result = parse_article(response.body, BASE + article.path, profile)
        where = article.source
        assert result.method == "profile", where
        assert result.text == expected_text(article), where
        assert result.title == nfc(article.title), where
        assert result.published_on == article.published.isoformat(), where
        assert result.author == (nfc(article.author) if article.author else None), where
        assert result.category == mirror.category_name(article.category), where
        assert list(result.captions) == [nfc(i.caption) for i in article.images], where
        assert [a["href"] for a in result.attachments] == [BASE + a.href for a in article.attachments], where
        assert [a["label"] for a in result.attachments] == [nfc(a.label) for a in article.attachments], where
        assert BASE + article.path not in result.other_news, where
        others = [e for e in mirror.listing(article.category) if e.article and e.path != article.path]
        assert len(result.other_news) == min(5, len(others)), where
        assert all(url.startswith(BASE + "/") for url in result.other_news), where
        parsed += 1
    assert parsed >= 3


def test_nfd_page_parses_to_nfc(mirror, profile):
    nfd = [a for a in mirror.articles.values() if a.form == "NFD" and a.status == 200]
    assert nfd
    for article in nfd:
        body = respond(mirror, article.path).body
        assert nfc(body.decode()) != body.decode()
        result = parse_article(body, BASE + article.path, profile)
        assert result.text == nfc(result.text) and result.title == nfc(article.title)


def test_placeholder_is_not_an_article(mirror, profile):
    placeholders = [a for a in mirror.articles.values() if a.is_placeholder]
    assert placeholders
    for article in placeholders:
        with pytest.raises(NotAnArticle) as caught:
            parse_article(respond(mirror, article.path).body, BASE + article.path, profile)
        assert caught.value.reason.startswith("placeholder")


def test_pages_of_another_kind_are_not_articles(mirror, profile):
    cases = [(page.path, "not an article") for page in mirror.listed_pages]
    cases += [("/Gioi-thieu.aspx", "not an article address"), ("/", "not an article address"),
              (f"/{mirror.categories[0][0]}.aspx", "not an article address")]
    cases += [(a.path, "not an article") for a in mirror.articles.values() if a.status == 404]
    cases += [("/Tin-hoat-dong/Khong-ton-tai.aspx", "not an article")]
    for path, reason in cases:
        with pytest.raises(NotAnArticle) as caught:
            parse_article(respond(mirror, path).body, BASE + path, profile)
        assert caught.value.reason.startswith(reason), path
        assert caught.value.url == BASE + path


# ---------------------------------------------------------------------------------------------- page variants

LAYOUT = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>T</title></head>
<body><form id="aspnetForm"><div id="header"><ul><li><a href="/Tin-hoat-dong.aspx">Tin hoạt động</a></li></ul></div>
<div class="breadcrumb"><a href="/Tin-hoat-dong.aspx">Tin hoạt động</a> &gt; <span>Tiêu đề</span></div>
<div class="news-detail"><h1 class="news-title">Tiêu đề bài viết</h1><div class="news-date">{date}</div>
<div class="news-content">{body}</div>
<div class="pager">|&lt; &lt; 1 &gt; &gt;|</div>
<div class="other-news"><h3>Các tin khác</h3><ul><li><a href="/Tin-hoat-dong/Bai-khac.aspx">Bài khác</a> (10/04/2020)</li></ul></div>
</div><div id="footer">Copyright © 2014 Ban Dân vận tỉnh ủy Gia Lai</div></form></body></html>"""

URL = BASE + "/Tin-hoat-dong/Tieu-de.aspx"


def page(body: str, date: str = "15/04/2020") -> str:
    return LAYOUT.format(body=body, date=date)


@pytest.mark.parametrize("body, text, author, captions", [
    # <p> paragraphs, right-aligned bold author
    ("<p>Đoạn một.</p><p>Đoạn hai.</p><p style=\"text-align: right;\"><strong>Ngọc Diệp</strong></p>",
     "Đoạn một.\nĐoạn hai.", "Ngọc Diệp", []),
    # <div> paragraphs and &nbsp;, tab, runs of spaces
    ("<div>Ủy&nbsp;ban\tMTTQ   huyện.</div><div>Hai.</div><div align=\"right\"><b>Hồng Thư</b></div>",
     "Ủy ban MTTQ huyện.\nHai.", "Hồng Thư", []),
    # one block with <br>, an empty &nbsp; line before the author (as on the seed page)
    ("<p>Một.<br />Hai.<br/>\n Ba.</p><p>&nbsp;</p><p><strong>Ngọc Diệp</strong></p>",
     "Một.\nHai.\nBa.", "Ngọc Diệp", []),
    # image + italic caption paragraph, and a caption inside the image's paragraph
    ("<p>Một.</p><p><img src=\"/a.jpg\"/></p><p><em>Ảnh: Hội nghị</em></p><p>Hai.</p>"
     "<p><img src=\"/b.jpg\"/><br/><i>Trao quà cho hộ nghèo</i></p><p>Ba.</p>",
     "Một.\nHai.\nBa.", None, ["Ảnh: Hội nghị", "Trao quà cho hộ nghèo"]),
    # figure/figcaption
    ("<p>Một.</p><figure><img src=\"/a.jpg\"/><figcaption>Quang cảnh hội nghị</figcaption></figure><p>Hai.</p>",
     "Một.\nHai.", None, ["Quang cảnh hội nghị"]),
    # inline markup inside a paragraph does not split it; no space is invented between inline pieces
    ("<p><strong>Gia Lai</strong> - Sáng 10/10, <span>Ban</span> <a href=\"/x.aspx\">Dân vận</a> họp.</p>",
     "Gia Lai - Sáng 10/10, Ban Dân vận họp.", None, []),
    ("<p>Từ<b>ng</b> chữ.</p>", "Từng chữ.", None, []),
    # a bold but long last paragraph is text, not an author
    ("<p>Một.</p><p><strong>Hội nghị đã thống nhất các nội dung trọng tâm của năm tới</strong></p>",
     "Một.\nHội nghị đã thống nhất các nội dung trọng tâm của năm tới", None, []),
    # an italic paragraph that is not next to an image and not "Ảnh..." stays in the text
    ("<p>Một.</p><p><em>“Mặt trận về tận làng họp dân.”</em></p><p>Hai.</p>",
     "Một.\n“Mặt trận về tận làng họp dân.”\nHai.", None, []),
    # "Ảnh hưởng" (influence) in italics is text, not a caption; "(Ảnh minh họa)" is a caption
    ("<p>Một.</p><p><em>Ảnh hưởng của mưa lũ kéo dài.</em></p><p><em>(Ảnh minh họa)</em></p>",
     "Một.\nẢnh hưởng của mưa lũ kéo dài.", None, ["(Ảnh minh họa)"]),
    # scripts and comments are never text
    ("<p>Một.<script>var x = 1;</script></p><!-- ghi chú --><p>Hai.</p>", "Một.\nHai.", None, []),
])
def test_body_variants(profile, body, text, author, captions):
    result = parse_article(page(body), URL, profile)
    assert (result.text, result.author, list(result.captions)) == (text, author, captions)


def test_attachments_are_kept_apart_with_absolute_urls(profile):
    body = ("<p>Ban hành hướng dẫn.</p><p><a href=\"/Uploads/files/HD-09.pdf\">Tải về: Hướng dẫn 09</a></p>"
            "<p>Xem thêm <a href=\"/Uploads/files/KH-1.doc\">kế hoạch</a> kèm theo.</p>"
            "<p style=\"text-align:right\"><strong>PV</strong></p>")
    result = parse_article(page(body), URL, profile)
    assert result.text == "Ban hành hướng dẫn.\nXem thêm kế hoạch kèm theo."
    assert [a["href"] for a in result.attachments] == [BASE + "/Uploads/files/HD-09.pdf", BASE + "/Uploads/files/KH-1.doc"]
    assert result.attachments[0]["label"] == "Tải về: Hướng dẫn 09"
    assert result.author == "PV"


def test_fields_around_the_body(profile):
    result = parse_article(page("<p>Một.</p>", date="Thứ tư, 15/04/2020 - 08:30"), URL, profile)
    assert (result.category, result.title, result.published_on) == ("Tin hoạt động", "Tiêu đề bài viết", "2020-04-15")
    assert result.other_news == (BASE + "/Tin-hoat-dong/Bai-khac.aspx",)
    assert "Copyright" not in result.text and "Các tin khác" not in result.text and "|<" not in result.text
    assert result.as_dict()["other_news"] == [BASE + "/Tin-hoat-dong/Bai-khac.aspx"]


OTHER_NEWS_LINKS = [
    # (href of an other-news link, the URL the crawler and the Article both keep, or None)
    ("/Tin-hoat-dong/Bai-2.aspx", BASE + "/Tin-hoat-dong/Bai-2.aspx"),
    ("Bai-3.aspx#binh-luan", BASE + "/Tin-hoat-dong/Bai-3.aspx"),
    ("  /Tin-hoat-dong/Bai-4.aspx ", BASE + "/Tin-hoat-dong/Bai-4.aspx"),
    ("#top", None), ("javascript:void(0)", None), ("mailto:bdv@gialai.gov.vn", None), ("tel:02693824", None), ("", None),
]


@pytest.mark.parametrize("href, kept", OTHER_NEWS_LINKS)
def test_other_news_links_are_those_the_crawler_follows(profile, href, kept):
    from scrapers.listing import links

    html_page = page("<p>Một.</p>").replace('href="/Tin-hoat-dong/Bai-khac.aspx"', f'href="{html.escape(href)}"')
    assert parse_article(html_page, URL, profile).other_news == ((kept,) if kept else ())
    assert links(html_page, URL, profile.selectors["other_news"]) == ([kept] if kept else [])


def test_category_falls_back_to_the_url(profile):
    no_breadcrumb = page("<p>Một.</p>").replace('<a href="/Tin-hoat-dong.aspx">Tin hoạt động</a> &gt; ', "")
    result = parse_article(no_breadcrumb, BASE + "/Dan-van-kheo/Bai.aspx", profile)
    assert result.category == "Dân vận khéo"
    assert parse_article(no_breadcrumb, BASE + "/Khong-ro/Bai.aspx", profile).category is None


def test_missing_date_is_none_not_an_error(profile):
    assert parse_article(page("<p>Một.</p>", date=""), URL, profile).published_on is None


@pytest.mark.parametrize("body", ["", "   ", "<p>&nbsp;</p>", "<p><img src=\"/a.jpg\"/></p>",
                                  "<p style=\"text-align:right\"><strong>Ngọc Diệp</strong></p>"])
def test_placeholder_variants(profile, body):
    with pytest.raises(NotAnArticle, match="placeholder"):
        parse_article(page(body), URL, profile)


FOREIGN = """<html><head><title>Hội Nông dân tỉnh tổng kết năm 2023</title></head><body>
<nav><a href="/">Trang chủ</a> | <a href="/tin.html">Tin tức</a></nav>
<article><h1>Hội Nông dân tỉnh tổng kết năm 2023</h1>
<p>Ngày 20/12/2023, Hội Nông dân tỉnh Gia Lai tổ chức hội nghị tổng kết công tác Hội và phong trào nông dân năm 2023,
triển khai nhiệm vụ năm 2024. Tham dự có đại diện lãnh đạo Ban Dân vận Tỉnh ủy và Ủy ban MTTQ Việt Nam tỉnh.</p>
<p>Năm 2023, các cấp Hội đã vận động hội viên đóng góp hơn 12 tỷ đồng, hiến hơn 30.000 m2 đất để làm đường giao thông
nông thôn; phối hợp với Ngân hàng Chính sách xã hội cho 4.200 lượt hộ vay vốn phát triển sản xuất.</p>
<p>Dịp này, Ban Thường vụ Hội Nông dân tỉnh tặng bằng khen cho 25 tập thể và 40 cá nhân có thành tích xuất sắc
trong phong trào nông dân thi đua sản xuất, kinh doanh giỏi.</p>
</article><footer>Bản quyền thuộc Hội Nông dân tỉnh Gia Lai</footer></body></html>"""


def test_fallback_extracts_a_page_of_another_layout(profile):
    result = parse_article(FOREIGN, BASE + "/Tin-hoat-dong/Hoi-Nong-dan.aspx", profile)
    assert result.method == "fallback"
    assert "hơn 12 tỷ đồng" in result.text and "Bản quyền" not in result.text and "Trang chủ" not in result.text
    assert result.title == "Hội Nông dân tỉnh tổng kết năm 2023"
    assert result.category == "Tin hoạt động"


def test_short_page_of_another_layout_is_not_an_article(profile):
    with pytest.raises(NotAnArticle, match="not an article: the profile's title/body selectors do not match"):
        parse_article("<html><head><title>Lỗi</title></head><body><p>Đã có lỗi xảy ra.</p></body></html>",
                      BASE + "/Tin-hoat-dong/Loi.aspx", profile)


# ---------------------------------------------------------------------------------------------- text_from_html


def test_text_from_html(mirror, profile):
    article = next(a for a in mirror.articles.values() if a.status == 200 and not a.is_placeholder)
    assert text_from_html(respond(mirror, article.path).body.decode()) == expected_text(article)
    placeholder = next(a for a in mirror.articles.values() if a.is_placeholder)
    assert text_from_html(respond(mirror, placeholder.path).body) == ""
    assert "hơn 12 tỷ đồng" in text_from_html(FOREIGN)
    assert text_from_html("<html><body><p>Ngắn.</p><script>x()</script></body></html>") == "Ngắn."


# ---------------------------------------------------------------------------------------------- the real seed page


def seed_page(shared: Path) -> tuple[str, dict]:
    """The real page's text (../shared/seeds) put back in the site's markup (site-structure.md), and its gold metadata."""
    import json

    lines = (shared / "seeds" / "000_e9cb05f4b6ff53aa.txt").read_text(encoding="utf-8").split("\n")
    meta = json.loads((shared / "gold" / "seed.json").read_text(encoding="utf-8"))["articles"][0]["meta"]
    breadcrumb, title, date_line = lines[0], lines[2], lines[4]
    pager = lines.index("|< < 1 > >|")
    author = lines[pager - 1]
    body_lines = lines[5:pager - 1]
    category = breadcrumb.split(" > ")[0]
    paragraphs = "\n".join(f"<p>{html.escape(line).replace(chr(0xA0), '&nbsp;')}</p>" for line in body_lines)
    footer = "<br/>".join(html.escape(line) for line in lines[pager + 1:])
    markup = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /></head><body>
<form id="aspnetForm" method="post"><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUK" />
<div id="header"><ul><li><a href="/Cong-tac-mat-tran-doan-the.aspx">{html.escape(category)}</a></li></ul></div>
<div class="breadcrumb"><a href="/Cong-tac-mat-tran-doan-the.aspx">{html.escape(category)}</a> &gt; <span>{html.escape(breadcrumb.split(" > ")[1])}</span></div>
<div class="news-detail"><h1 class="news-title">{html.escape(title)}</h1><div class="news-date">{date_line}</div>
<div class="news-content">{paragraphs}
<p style="text-align: right;"><strong>{html.escape(author)}</strong></p></div>
<div class="pager">|&lt; &lt; 1 &gt; &gt;|</div></div>
<div id="footer">{footer}</div></form></body></html>"""
    return markup, {**meta, "body_lines": body_lines}


def test_real_seed_page_structure(shared_dir, profile):
    markup, meta = seed_page(shared_dir)
    result = parse_article(markup.encode("utf-8"), BASE + "/Cong-tac-mat-tran-doan-the/Ket-qua-doi-moi.aspx", profile)
    assert (result.title, result.category, result.published_on, result.author) == (
        meta["title"], meta["category"], meta["published_on"], meta["author"])
    expected = [clean_whitespace(line).strip() for line in meta["body_lines"]]
    assert result.paragraphs == [line for line in expected if line]
    assert result.paragraphs[0].startswith("Thực hiện Kết luận 62- KL/TW")
    assert result.paragraphs[-1].endswith("trong định hướng, chỉ đạo.")
    assert "Copyright" not in result.text and "Ngọc Diệp" not in result.text


def test_article_dataclass_is_frozen():
    article = Article("u", "c", "t", None, None, "x")
    with pytest.raises(AttributeError):
        article.text = "y"
    assert article.as_dict()["captions"] == [] and article.paragraphs == ["x"]


LINKS_ONLY = ("<html><body><ul>" + "".join(f"<li><a href='/a{i}'>Liên kết số {i}</a></li>" for i in range(50))
              + "</ul></body></html>")


def test_a_non_article_leaves_no_stray_trafilatura_warning_and_ours_are_kept(caplog):
    import logging

    from scrapers.errors import NotAnArticle
    from scrapers.parse import parse_page
    from scrapers.profile import load_profile

    url = "https://bandanvan.gialai.gov.vn/Tin-hoat-dong/Bai.aspx"
    # the command line quiets trafilatura for its whole process (pipeline.cli.quiet_libraries); not here
    with caplog.at_level(logging.DEBUG), caplog.at_level(logging.DEBUG, logger="trafilatura"):
        with pytest.raises(NotAnArticle, match="the fallback found no article body"):
            parse_page(LINKS_ONLY, url, load_profile("gialai"))
        logging.getLogger("scrapers.parse").warning("a warning of ours")
        logging.getLogger("trafilatura.core").warning("trafilatura outside our call")
    warnings = [(r.name, r.getMessage()) for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings == [("scrapers.parse", "a warning of ours"), ("trafilatura.core", "trafilatura outside our call")]


def test_a_trafilatura_logger_made_after_the_first_call_is_quieted_too():
    import logging

    from scrapers.parse import _TRAFILATURA_QUIET, trafilatura_extract

    trafilatura_extract(LINKS_ONLY)
    late = logging.getLogger("trafilatura.a_module_imported_later")
    assert _TRAFILATURA_QUIET not in late.filters
    trafilatura_extract(LINKS_ONLY)
    assert late.filters.count(_TRAFILATURA_QUIET) == 1
    trafilatura_extract(LINKS_ONLY)
    assert late.filters.count(_TRAFILATURA_QUIET) == 1
    assert _TRAFILATURA_QUIET not in logging.getLogger("scrapers.parse").filters
