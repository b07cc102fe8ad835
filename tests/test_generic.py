"""Article detection and fields of pages with no profile, as a table of page shapes seen on Vietnamese portals
(NukeViet, WordPress-like, Joomla-like, .dcs.vn portals), with pages that must not be read as articles."""

from __future__ import annotations

import pytest

from scrapers.errors import NotAnArticle
from scrapers.generic import SiteShape, detect_family, examine, parse_generic, vietnam_date

PARAGRAPHS = (
    "Ngày 12/3/2025, Ban Dân vận Huyện ủy phối hợp với Ủy ban MTTQ Việt Nam huyện tổ chức hội nghị sơ kết "
    "phong trào thi đua dân vận khéo giai đoạn 2021 - 2025 với sự tham dự của 150 đại biểu.",
    "Trong giai đoạn này, toàn huyện đã xây dựng 245 mô hình dân vận khéo trên các lĩnh vực, vận động nhân dân "
    "hiến hơn 12.000 m2 đất làm đường giao thông nông thôn và đóng góp trên 3 tỷ đồng.",
    "Hội nghị đã biểu dương 35 tập thể và 48 cá nhân có thành tích tiêu biểu trong phong trào.",
)
TITLE = "Sơ kết phong trào thi đua dân vận khéo giai đoạn 2021 - 2025"
BODY = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
RELATED = "".join(f'<li><a href="/tin-tuc/tin-lien-quan-so-{n}-{900 + n}.html">Tin liên quan về công tác dân vận '
                  f"số {n} của huyện</a></li>" for n in range(5))


def page(head: str, main: str, title: str = "Ban Dân vận") -> str:
    return (f'<html><head><meta charset="utf-8"><title>{title}</title>{head}</head><body>'
            '<div id="header"><ul class="menu"><li><a href="/">Trang chủ</a></li>'
            '<li><a href="/tin-tuc">Tin tức</a></li></ul></div>'
            f'<div id="wrapper">{main}</div><div id="footer">Bản quyền thuộc Ban Dân vận Huyện ủy</div></body></html>')


ARTICLES = [
    # NukeViet: og:type website, the date in a span, related news in a block of unknown class
    ("nukeviet", "http://a.vn/tin-tuc/so-ket-dan-van-kheo-1234.html",
     page('<meta name="generator" content="NukeViet v4.0"><meta property="og:type" content="website">',
          f'<div class="news_column"><h1 class="title">{TITLE}</h1><span class="time">Thứ tư - 12/03/2025 08:30</span>'
          f'<div class="bodytext">{BODY}</div><div class="news_khac"><ul>{RELATED}</ul></div></div>'),
     "2025-03-12"),
    # WordPress-like: <time datetime> with a zone, address /yyyy/mm/slug/
    ("wordpress", "http://a.vn/2025/03/so-ket-dan-van-kheo/",
     page('<meta property="og:type" content="article">',
          f'<article class="post"><header><h1 class="entry-title">{TITLE}</h1>'
          '<time class="entry-date" datetime="2025-03-11T20:15:00+00:00">11/03/2025</time></header>'
          f'<div class="entry-content">{BODY}</div>'
          f'<div class="sharedaddy">Chia sẻ: Facebook</div><div id="comments"><h3>Bình luận</h3>'
          '<p>Một bạn đọc viết bình luận ở đây.</p></div></article>'),
     "2025-03-12"),
    # Joomla-like: itemprop datePublished, print and email icons
    ("joomla", "http://a.vn/index.php/tin-tuc/1234-so-ket-dan-van-kheo",
     page("", f'<div class="item-page"><h2 itemprop="headline">{TITLE}</h2><h1>{TITLE}</h1>'
              '<dl class="article-info"><dd class="published"><time datetime="2025-03-12T08:00:00+07:00" '
              'itemprop="datePublished">12 Tháng 3 2025</time></dd></dl>'
              '<div class="icons"><a href="/index.php/tin-tuc/1234?tmpl=component&print=1">In</a></div>'
              f'<div itemprop="articleBody">{BODY}</div></div>'),
     "2025-03-12"),
    # a .dcs.vn portal: the date only as text beside the headline, no metadata
    ("dcs", "http://a.dcs.vn/vi-vn/chuyen-muc/dan-van/123-4567",
     page("", f'<div class="detail"><h1>{TITLE}</h1><div class="ngay-dang">Cập nhật: 12/03/2025</div>'
              f'<div class="noi-dung">{BODY}</div></div>'),
     "2025-03-12"),
    # the date in words, in the body's first line
    ("date in words", "http://a.vn/tin-tuc/so-ket-dan-van-kheo-1234.html",
     page("", f'<div class="detail"><h1>{TITLE}</h1><div class="content"><p class="ngay">Thứ Tư, ngày 12 tháng 3 '
              f'năm 2025</p>{BODY}</div></div>'),
     "2025-03-12"),
]


@pytest.mark.parametrize("name, url, html, date", ARTICLES, ids=[a[0] for a in ARTICLES])
def test_articles_of_several_portals(name, url, html, date):
    verdict = examine(html, url)
    assert verdict.kind == "article", verdict.reason
    article = verdict.article
    assert article.title == TITLE
    assert article.published_on == date
    assert article.text.split("\n") == list(PARAGRAPHS)
    assert article.method == "auto"


LISTING_ITEMS = "".join(
    f'<div class="item"><h3><a href="/tin-tuc/hoi-nghi-dan-van-so-{n}-{100 + n}.html">Hội nghị dân vận khéo số {n} '
    f'của huyện</a></h3><span class="date">1{n}/03/2025</span><p>Tóm tắt ngắn của tin số {n} về hội nghị dân vận '
    f'khéo tại các xã.</p></div>' for n in range(6))
NOT_ARTICLES = [
    ("listing", "http://a.vn/tin-tuc", page("", f"<h1>Tin tức</h1>{LISTING_ITEMS}"), "listing"),
    ("listing with JSON-LD", "http://a.vn/tin-tuc?page=2",
     page('<script type="application/ld+json">{"@type":"CollectionPage","name":"Tin tức"}</script>',
          f"<h1>Tin tức</h1>{LISTING_ITEMS}"), "listing"),
    ("tag page", "http://a.vn/tag/dan-van-kheo", page("", f"<h1>Từ khóa: dân vận khéo</h1>{LISTING_ITEMS}"),
     "listing"),
    ("static page", "http://a.vn/gioi-thieu.html",
     page("", "<h1>Giới thiệu</h1><div class='content'>" + "<p>Ban Dân vận là cơ quan tham mưu của cấp ủy về công "
          "tác dân vận, có chức năng nghiên cứu, đề xuất và hướng dẫn.</p>" * 8 + "</div>"), "static"),
    ("placeholder", "http://a.vn/tin-tuc/thong-bao-123.html",
     page("", f"<h1>{TITLE}</h1><div class='date'>12/03/2025</div><div class='content'></div>"), "static"),
    ("error page", "http://a.vn/tin-tuc/mat-bai-124.html",
     page("", "<h1>Không tìm thấy trang</h1><p>Trang bạn tìm không tồn tại.</p>"), "static"),
]


@pytest.mark.parametrize("name, url, html, kind", NOT_ARTICLES, ids=[n[0] for n in NOT_ARTICLES])
def test_pages_that_are_not_articles(name, url, html, kind):
    verdict = examine(html, url)
    assert verdict.kind == kind, verdict.reason
    with pytest.raises(NotAnArticle):
        parse_generic(html, url)


def test_site_shape_is_a_hint_never_the_only_test():
    shape = SiteShape()
    for n in range(5):
        shape.learn(f"http://a.vn/tin-tuc/bai-{n}-{1000 + n}.html")
    assert shape.hint("http://a.vn/tin-tuc/bai-moi-2000.html") is True
    assert shape.hint("http://a.vn/gioi-thieu.html") is False
    html = ARTICLES[3][2]
    assert examine(html, "http://a.vn/gioi-thieu.html", shape=shape).kind == "article"   # content outweighs shape
    listing = NOT_ARTICLES[0][2]
    assert examine(listing, "http://a.vn/tin-tuc/tong-hop-3000.html", shape=shape).kind != "article"
    assert SiteShape(with_id=1, without_id=0).hint("http://a.vn/x-123.html") is None      # too few to learn


@pytest.mark.parametrize("value, day", [
    ("2025-03-11T18:30:00.000Z", "2025-03-12"),
    ("2025-03-12T08:30:00+07:00", "2025-03-12"),
    ("2025-03-12", "2025-03-12"),
    ("2025-03-12T23:30:00", "2025-03-12"),
    ("12/03/2025", "2025-03-12"),
    ("2025-02-30", None),
    ("", None),
    (None, None),
])
def test_vietnam_date(value, day):
    assert vietnam_date(value) == day


@pytest.mark.parametrize("html, family", [
    ('<script>self.__next_f.push([1,"0:[\\"$\\"]"])</script>', "C"),
    ('<script id="__NEXT_DATA__" type="application/json">{"props":{}}</script>', "C"),
    ('<input type="hidden" name="__VIEWSTATE" value="x"/><a href="javascript:__doPostBack(&#39;ctl00$pager&#39;,'
     '&#39;Page$2&#39;)">2</a>', "B"),
    ('<a href="javascript:__doPostBack(\'ctl00$menu\',\'\')">menu</a><input name="__VIEWSTATE">', None),
    ("<html><body><a href='?page=2'>2</a></body></html>", None),
])
def test_family_markers(html, family):
    assert detect_family(html) == family


def test_htmldate_never_fetches_a_page_text_that_looks_like_an_address():
    """htmldate downloads a text starting with "http" without a space; a page like that must not reach the network
    outside the polite client: nothing is requested from the server it names."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from scrapers.generic import _htmldate

    requests_seen = []

    class Counting(BaseHTTPRequestHandler):
        def do_GET(self):
            requests_seen.append(self.path)
            body = b'<html><head><meta name="date" content="2025-03-12"></head><body></body></html>'
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        text = f"http://127.0.0.1:{server.server_port}/bai-viet\t<h1>Tin</h1>"
        assert _htmldate(text) is None
        assert requests_seen == []
    finally:
        server.shutdown()
        server.server_close()
