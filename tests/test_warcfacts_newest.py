"""extract-warc takes, like the build, the newest 200 GET response of each page of a shard (pipeline.pages.newest_per_page)."""

from __future__ import annotations

import pytest

pq = pytest.importorskip("pyarrow.parquet")

from local_site import Article, LocalSite  # noqa: E402
from pipeline.cluster import InProcess  # noqa: E402
from pipeline.options import Options  # noqa: E402
from pipeline.pages import newest_per_page  # noqa: E402
from pipeline.warcfacts import OLDER_RESPONSE, extract_warc  # noqa: E402
from scrapers.archive import ArchiveWriter  # noqa: E402

ORIGIN = "https://bandanvan.gialai.gov.vn"
HTML = [("Content-Type", "text/html; charset=utf-8")]


# (responses in archive order, the values chosen): the rule both the build and extract-warc use
@pytest.mark.parametrize("responses, chosen", [
    ([("s", "http://a/x.aspx", 200, "GET", 1), ("s", "http://a/x.aspx", 200, "GET", 2)], [2]),   # newest wins
    ([("s", "http://a/x.aspx", 200, "GET", 1), ("s", "http://a/x.aspx", 404, "GET", 2)], [1]),   # an error never replaces
    ([("s", "http://a/x.aspx", 200, "GET", 1), ("s", "http://a/x.aspx", 200, "POST", 2)], [1]),  # a POST answer neither
    ([("s", "http://a/x.aspx", 200, "GET", 1), ("s", "http://b:8000/x.aspx", 200, "GET", 2)], [2]),  # one page, two hosts
    ([("s", "http://a/x.aspx", 200, "GET", 1), ("t", "http://a/x.aspx", 200, "GET", 2)], [1, 2]),   # two sites
    ([("s", "http://a/x.aspx?id=1", 200, "GET", 1), ("s", "http://a/x.aspx?id=2", 200, "GET", 2)], [1, 2]),
    ([("s", "http://a/x.aspx", 500, "GET", 1)], []),
])
def test_newest_per_page(responses, chosen):
    assert sorted(newest_per_page(responses).values()) == chosen


def _article(number: int, title: str) -> Article:
    return Article(slug=f"Bai-viet-so-{number}", category="Tin-hoat-dong", title=title, published="20/04/2020",
                   paragraphs=(f"Ủy ban MTTQ huyện tổ chức hội nghị lần thứ {number} với 120 đại biểu.",))


def _write(writer, article: Article, status: int = 200, at: str = "2026-01-01T00:00:00Z") -> None:
    body = LocalSite().article_page(article).encode("utf-8") if status == 200 else b"<html>Not found</html>"
    writer.write_exchange(url=ORIGIN + article.path, request_headers=[], status=status,
                          reason="OK" if status == 200 else "Not Found", response_headers=HTML, body=body,
                          fetched_at=at)


def test_extract_warc_keeps_the_newest_response_of_each_page_as_the_build_does(tmp_path):
    from pipeline.build import build

    raw = tmp_path / "data" / "raw"
    with ArchiveWriter(raw, "20260101T000000-newest") as writer:
        _write(writer, _article(1, "Hội nghị lần thứ nhất (bản cũ)"), at="2026-01-01T00:00:00Z")
        _write(writer, _article(2, "Hội nghị lần thứ hai"), at="2026-01-01T00:00:01Z")
        _write(writer, _article(3, "Hội nghị lần thứ ba"), at="2026-01-01T00:00:02Z")
        _write(writer, _article(1, "Hội nghị lần thứ nhất"), at="2026-01-02T00:00:00Z")       # page 1 again, edited
        _write(writer, _article(2, "Hội nghị lần thứ hai"), status=404, at="2026-01-02T00:00:01Z")  # page 2 gone
    out = tmp_path / "facts"
    summary = extract_warc([str(raw / "*.warc.gz")], str(out), "gialai", InProcess())
    rows = pq.read_table(out / "articles").to_pylist()
    titles = sorted(row["title"] for row in rows)
    assert titles == ["Hội nghị lần thứ ba", "Hội nghị lần thứ hai", "Hội nghị lần thứ nhất"]
    assert summary.responses == 5 and summary.articles == 3
    assert summary.not_articles == {OLDER_RESPONSE: 1, "HTTP status 404": 1}
    newest = next(row for row in rows if row["title"] == "Hội nghị lần thứ nhất")
    assert newest["fetched_at"].startswith("2026-01-02")

    build(Options(data_dir=tmp_path / "data", database=tmp_path / "built.db", progress=False))   # the same choice
    import sqlite_utils

    built = sqlite_utils.Database(tmp_path / "built.db")
    assert sorted(row["title"] for row in built["articles"].rows) == titles
