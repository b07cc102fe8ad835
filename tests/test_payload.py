"""Family C: articles and listings read from the data a Next.js page embeds (chunks, __NEXT_DATA__, JSON-LD)."""

from __future__ import annotations

import html
import json

import pytest

from scrapers.errors import NotAnArticle
from scrapers.parse import parse_page
from scrapers.payload import local_date, next_f_text, page_objects, parse_listing
from scrapers.profile import load_profile

PROFILE = load_profile("tuyengiaodanvan")
ORIGIN = "https://tuyengiaodanvan.vn"
ID = "67d1a3c0b2e4f6a8c0d2e404"
CATEGORY_ID = "65a1f0c2d4e6b8a0c1e2f301"
URL = f"{ORIGIN}/blogs/tin-tuc/giao-ban-cong-tac-dan-van-khu-vuc-tay-nguyen-{ID}"
TITLE = "Giao ban công tác tuyên giáo và dân vận khu vực Tây Nguyên"
PARAGRAPHS = (
    "Ngày 12/3/2025, tại thành phố Buôn Ma Thuột, Ban Tuyên giáo và Dân vận Trung ương chủ trì hội nghị giao ban "
    "quý I năm 2025 khu vực Tây Nguyên với sự tham dự của đại diện 5 tỉnh.",
    "Các đại biểu thống nhất nhận định tình hình nhân dân cơ bản ổn định; một số nơi còn tranh chấp đất đai & "
    "khiếu kiện đông người, cần giải quyết dứt điểm từ cơ sở.",
    "Hội nghị đề nghị phát huy vai trò của 4.860 người có uy tín trong đồng bào dân tộc thiểu số.",
)
AUTHOR = "Quang Vinh"


def blog(**changes) -> dict:
    obj = {"id": ID, "title": TITLE, "slug": "giao-ban-cong-tac-dan-van-khu-vuc-tay-nguyen",
           "description": "Giao ban quý I", "publishDate": "2025-03-11T18:30:00.000Z",
           "createdAt": "2025-03-11T16:05:27.000Z", "status": "approved", "type": "news",
           "rootOrgId": "6512a0c4e1b2f3a4b5c6d7e8",
           "content": "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in PARAGRAPHS), "author": AUTHOR}
    obj.update(changes)
    return obj


def push(chunk: str) -> str:
    """One ``self.__next_f.push([1,"…"])`` script, escaped as Next.js writes it."""
    literal = json.dumps(chunk, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    return f"<script>self.__next_f.push([1,{literal.replace('&', chr(92) + 'u0026')}])</script>"


def app_page(payload_lines: list[str], main: str, split_at: str | None = None) -> str:
    """A Next.js page: the DOM *main*, and the payload lines in chunks (one line cut in two inside *split_at*)."""
    chunks = []
    for line in payload_lines:
        at = line.find(split_at) if split_at else -1
        chunks += [line[:at + len(split_at) // 2], line[at + len(split_at) // 2:]] if at >= 0 else [line]
    scripts = "".join(push(c) for c in chunks)
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charSet="utf-8"/><title>{TITLE}</title></head><body>'
            f'<header><a href="/vn">Trang chủ</a></header>{main}<footer>Ban Tuyên giáo và Dân vận</footer>'
            f'<script>(self.__next_f=self.__next_f||[]).push([0])</script>{scripts}</body></html>')


def article_main(body_html: str = "") -> str:
    return (f'<main class="blog-detail"><div class="breadcrumb"><a href="/vn">Trang chủ</a> / '
            f'<a href="/blogs/category/type/tin-tuc?&amp;categoryId={CATEGORY_ID}">Tin hoạt động</a></div>'
            f'<h1 class="blog-title">{html.escape(TITLE)}</h1><span class="blog-date">12/03/2025</span>'
            f'<div class="blog-content">{body_html}</div></main>')


def payload_article(obj: dict, split_at: str | None = None) -> str:
    line = "3:" + json.dumps(["$", "main", None, {"children": ["$", "$L2", None, {"blog": obj}]}],
                             ensure_ascii=False, separators=(",", ":")) + "\n"
    return app_page(['1:I["/_next/static/chunks/main-app.js",[],"RootLayout"]\n', line], article_main(), split_at)


def dom_article() -> str:
    body = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in PARAGRAPHS)
    body += f'<p style="text-align: right;"><strong>{AUTHOR}</strong></p>'
    return app_page(['1:I["/_next/static/chunks/main-app.js",[],"RootLayout"]\n'], article_main(body))


def without_method(article) -> dict:
    return {k: v for k, v in article.as_dict().items() if k != "method"}


def test_a_payload_article_equals_its_dom_twin():
    from_dom = parse_page(dom_article(), URL, PROFILE)
    from_payload = parse_page(payload_article(blog()), URL, PROFILE)
    assert (from_dom.method, from_payload.method) == ("profile", "payload")
    assert without_method(from_payload) == without_method(from_dom)
    assert from_payload.title == TITLE and from_payload.published_on == "2025-03-12"
    assert from_payload.author == AUTHOR and from_payload.category == "Tin hoạt động"
    assert from_payload.text == "\n".join(PARAGRAPHS)


def test_a_blog_object_split_across_two_chunks_is_read_whole():
    middle = html.escape(PARAGRAPHS[1], quote=False)[20:60]
    page = payload_article(blog(), split_at=middle)
    assert page.count("self.__next_f.push([1,") == 3          # the blog's line is in two chunks
    assert middle not in page                                # … cut inside that very string
    article = parse_page(page, URL, PROFILE)
    assert article.text == "\n".join(PARAGRAPHS) and article.author == AUTHOR
    assert page_objects(page, "blog")[0]["content"] == blog()["content"]


def test_the_payload_text_is_unescaped():
    page = app_page(['0:{"a":"x < y & z \\"q\\""}\n'], "")
    assert "\\u003c" in page and "\\u0026" in page
    assert next_f_text(page) == '0:{"a":"x < y & z \\"q\\""}\n'


def test_the_older_next_data_variant_gives_the_same_article():
    data = {"props": {"pageProps": {"blog": blog()}}, "page": "/blogs/[type]/[slug]"}
    script = ('<script id="__NEXT_DATA__" type="application/json">'
              + json.dumps(data, ensure_ascii=False).replace("<", "\\u003c") + "</script>")
    page = app_page([], article_main()).replace("</body>", script + "</body>")
    assert without_method(parse_page(page, URL, PROFILE)) == without_method(parse_page(dom_article(), URL, PROFILE))


def test_json_ld_article_body_is_read_when_there_is_no_payload():
    node = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": TITLE,
            "datePublished": "2025-03-11T18:30:00Z", "author": {"@type": "Person", "name": AUTHOR},
            "articleBody": "\n".join(PARAGRAPHS)}
    page = app_page([], article_main()).replace(
        "</head>", f'<script type="application/ld+json">{json.dumps(node, ensure_ascii=False)}</script></head>')
    article = parse_page(page, URL, PROFILE)
    assert (article.method, article.title, article.published_on, article.author) == (
        "json-ld", TITLE, "2025-03-12", AUTHOR)
    assert article.text == "\n".join(PARAGRAPHS)


@pytest.mark.parametrize("status", ["draft", "pending", "rejected", None])
def test_drafts_are_not_articles(status):
    with pytest.raises(NotAnArticle, match="not published"):
        parse_page(payload_article(blog(status=status)), URL, PROFILE)


@pytest.mark.parametrize("url", [
    f"{ORIGIN}/api/v1/upload/files/ke-hoach-so-15.pdf",           # an uploaded file
    f"{ORIGIN}/blogs/category/type/tin-tuc?&categoryId={CATEGORY_ID}",   # a listing
    f"{ORIGIN}/vn",                                                # the home page
    f"{ORIGIN}/_next/static/chunks/main-app.js",                  # the application's own files
])
def test_pages_that_are_not_article_addresses_are_rejected(url):
    with pytest.raises(NotAnArticle, match="not an article address"):
        parse_page(payload_article(blog()), url, PROFILE)


def test_a_listing_gives_published_items_with_their_vietnam_dates_and_leaves_drafts_and_uploads_aside():
    objects = [
        blog(id="a" * 24, slug="bai-moi", title="Bài mới", publishDate="2025-03-11T17:00:00.000Z", content=None),
        blog(id="b" * 24, slug="ban-nhap", title="Bản nháp", status="draft", content=None),
        blog(id="c" * 24, slug="ke-hoach", title="Kế hoạch số 15", type="document", content=None,
             fileUrl="/api/v1/upload/files/ke-hoach-so-15.pdf"),
        blog(id="d" * 24, slug="bai-cu", title="Bài cũ", publishDate="2025-03-10T16:59:59.000Z", content=None),
    ]
    data = {"category": {"id": CATEGORY_ID, "name": "Tin hoạt động", "type": "tin-tuc"}, "blogs": objects,
            "total": 4, "page": 1, "size": 10}
    line = "3:" + json.dumps(["$", "$L2", None, data], ensure_ascii=False, separators=(",", ":")) + "\n"
    main = ('<div class="blog-list"><div class="blog-item"><h3 class="blog-title" href="/blogs/tin-tuc/bai-moi-'
            + "a" * 24 + '">Bài mới</h3><span class="blog-date">12/03/2025</span></div></div>')
    url = f"{ORIGIN}/blogs/category/type/tin-tuc?&categoryId={CATEGORY_ID}"
    listing = parse_listing(app_page([line], main, split_at="Kế hoạch"), url, PROFILE)
    assert [(i.url, i.title, i.published_on) for i in listing.items] == [
        (f"{ORIGIN}/blogs/tin-tuc/bai-moi-{'a' * 24}", "Bài mới", "2025-03-12"),
        (f"{ORIGIN}/api/v1/upload/files/ke-hoach-so-15.pdf", "Kế hoạch số 15", "2025-03-12"),
        (f"{ORIGIN}/blogs/tin-tuc/bai-cu-{'d' * 24}", "Bài cũ", "2025-03-10"),
    ]


# (value as the payload gives it, Vietnam's date) — UTC instants move to UTC+7
UTC_TO_VIETNAM = [
    ("2025-03-11T18:30:00.000Z", "2025-03-12"),
    ("2025-03-11T16:59:59.999Z", "2025-03-11"),
    ("2025-03-11T17:00:00.000Z", "2025-03-12"),
    ("2024-12-31T17:00:00Z", "2025-01-01"),          # New Year in Vietnam
    ("2024-02-28T18:00:00Z", "2024-02-29"),          # a leap day
    ("2025-03-11T18:30:00+00:00", "2025-03-12"),
    ("2025-03-12T01:30:00+07:00", "2025-03-12"),     # already Vietnam's time
    ("2025-03-11T20:30:00-05:00", "2025-03-12"),     # 01:30 UTC the next day
    ("2025-03-12T23:30:00", "2025-03-12"),           # no zone: as written
    ("2025-03-12", "2025-03-12"),
    ("12/03/2025", "2025-03-12"),                    # as the DOM writes it
    (1741717800000, "2025-03-12"),                   # epoch milliseconds of 2025-03-11T18:30Z
]
NOT_DATES = ["", "chưa xác định", None, "2025-02-30T00:00:00Z", True, {"date": "2025-03-12"}]


@pytest.mark.parametrize("value, expected", UTC_TO_VIETNAM)
def test_utc_dates_are_vietnam_dates(value, expected):
    assert local_date(value, "+07:00") == expected


@pytest.mark.parametrize("value", NOT_DATES)
def test_values_that_are_not_dates_give_none(value):
    assert local_date(value, "+07:00") is None


def test_an_object_without_its_body_leaves_the_body_to_the_dom_and_still_gives_its_date():
    body = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in PARAGRAPHS)
    page = payload_article(blog(content=None, author=None)).replace('<div class="blog-content"></div>',
                                                                   f'<div class="blog-content">{body}</div>')
    page = page.replace('<span class="blog-date">12/03/2025</span>', "")
    article = parse_page(page, URL, PROFILE)
    assert (article.method, article.published_on, article.text) == ("profile", "2025-03-12", "\n".join(PARAGRAPHS))
    with pytest.raises(NotAnArticle, match="not published"):
        parse_page(payload_article(blog(content=None, status="draft")), URL, PROFILE)


@pytest.mark.parametrize("page", [
    "",
    b"\xff\xfe\x00\x00binary",
    '<script>self.__next_f.push([1,"3:{\\"blog\\":{\\"id\\":\\"' + ID + '\\",\\"title\\":\\"cut',   # cut short
    '<script>self.__next_f.push([1,"3:{\\"blog\\":\\"$5\\"}"])</script>',                          # a reference
    '<script>self.__next_f.push([1,"3:{\\"blog\\":[1,2,3]}"])</script>',                           # not an object
    '<script id="__NEXT_DATA__" type="application/json">{"props": </script>',                      # broken JSON
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>',           # broken JSON-LD
    '<script>self.__next_f.push([1,"' + '\\"blog\\":{' * 2000 + '"])</script>',                      # many starts
    '<script id="__NEXT_DATA__" type="application/json">' + '{"a":' * 5000 + "1" + "}" * 5000 + "</script>",
    '<script type="application/ld+json">' + "[" * 5000 + "]" * 5000 + "</script>",                # nested deep
])
def test_pages_without_readable_data_are_not_articles_and_never_crash(page):
    with pytest.raises(NotAnArticle):
        parse_page(page, URL, PROFILE)
    assert parse_listing(page, f"{ORIGIN}/blogs/category/type/tin-tuc?&categoryId={CATEGORY_ID}", PROFILE).items == ()


def test_the_dom_fallback_reads_the_page_parsed_once(monkeypatch):
    from bs4 import BeautifulSoup

    page = dom_article()   # no object for the article in the page's data: the DOM reads it
    parsed = []
    original = BeautifulSoup.__init__

    def counting(self, markup="", *args, **kwargs):
        parsed.append(markup)
        original(self, markup, *args, **kwargs)

    monkeypatch.setattr(BeautifulSoup, "__init__", counting)
    article = parse_page(page, URL, PROFILE)
    assert article.method == "profile" and article.text.startswith(PARAGRAPHS[0])
    assert parsed.count(page) == 1
