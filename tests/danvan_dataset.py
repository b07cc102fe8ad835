"""A small danvan database for the database, Datasette and browser tests: hand-annotated articles + the mirror's articles."""

from __future__ import annotations

import atexit
import hashlib
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import yaml

from extractors import EXTRACTOR_VERSION, extract
from pipeline.pages import content_sha256
from pipeline.db import open_db
from pipeline.load import load_article
from scrapers.mirror import split_paragraphs

MIRROR_ARTICLES = Path(__file__).resolve().parent.parent / "data" / "mirror" / "articles"


def mention(text: str, surface: str, occurrence: int = 0, **fields) -> dict:
    """A fact dict for the *occurrence*-th appearance of *surface* in *text* (offsets computed, not typed)."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return {"text": surface, "start": start, "end": start + len(surface), **fields}


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


TEXT_2020 = (
    "Thực hiện Kết luận 62-KL/TW ngày 08/12/2009 của Bộ Chính trị, Đoàn thanh niên Cộng sản Hồ Chí Minh "
    "huyện Chư Păh đã vận động đoàn viên đóng góp 150 triệu đồng xây dựng 12 căn nhà cho hộ nghèo.\n"
    "Ông Nguyễn V. Hùng, Bí thư Huyện đoàn, cho biết phong trào được nhân dân đồng tình ủng hộ."
)
TEXT_2021 = (
    "Năm 2021, Ủy ban MTTQ Việt Nam tỉnh tiếp tục thực hiện Kết luận 62-KL/TW và Thông tư 121/2017/TT-BTC "
    "ngày 15/11/2017 của Bộ Tài chính. Quỹ “Vì người nghèo” tiếp nhận khoảng 1,5 tỷ đồng; mỗi xã được hỗ trợ "
    "từ 50 đến 70 triệu đồng. Hội Liên hiệp Phụ nữ duy trì tiết kiệm 5.000đ/hội viên/tháng."
)
TEXT_2022 = (
    "Triển khai Luật Mặt trận Tổ quốc Việt Nam năm 2015, Ủy ban MTTQ Việt Nam thị xã An Khê vận động "
    "trên 2 tỷ đồng, hỗ trợ 442 lượt hộ nghèo. Đoàn thanh niên thị xã tham gia sửa chữa 28 căn nhà."
)

LAW_2015 = {"key": None, "doc_type": "Luật", "number": None, "year": 2015, "symbol": None, "issuer": "Quốc hội",
            "issued_on": None, "name": "Luật Mặt trận Tổ quốc Việt Nam", "resolved_from": None}
KL62 = {"key": "62-KL/TW", "doc_type": "Kết luận", "number": "62", "year": None, "symbol": "KL/TW",
        "issuer": "Bộ Chính trị", "issued_on": "2009-12-08", "name": None, "resolved_from": None}
TT121 = {"key": "121/2017/TT-BTC", "doc_type": "Thông tư", "number": "121", "year": 2017, "symbol": "TT-BTC",
         "issuer": "Bộ Tài chính", "issued_on": "2017-11-15", "name": None, "resolved_from": None}
DOAN = {"name": "Đoàn Thanh niên Cộng sản Hồ Chí Minh", "abbreviation": None, "family": "mass", "successor": None}
MTTQ = {"name": "Ủy ban Mặt trận Tổ quốc Việt Nam", "abbreviation": "MTTQ"}
PHU_NU = {"name": "Hội Liên hiệp Phụ nữ", "abbreviation": "LHPN"}


def _money(value, low, high, qualifier, per=None):
    return {"value": value, "low": low, "high": high, "currency": "VND", "qualifier": qualifier, "per": per}


def _count(value, unit, obj, qualifier="exact"):
    return {"value": value, "low": value, "high": value, "qualifier": qualifier, "unit": unit, "object": obj}


def annotated_articles() -> list[tuple[dict, dict]]:
    """Three hand-annotated articles, as (article, facts); the 2020 one is also listed at a second URL."""
    t1, t2, t3 = TEXT_2020, TEXT_2021, TEXT_2022
    facts_2020 = {
        "legal_refs": [mention(t1, "Kết luận 62-KL/TW", **KL62)],
        "money": [mention(t1, "150 triệu đồng", **_money(150_000_000, 150_000_000, None, "exact"), count_index=0)],
        "counts": [mention(t1, "12 căn nhà", **_count(12, "căn", "nhà"))],
        "organizations": [mention(t1, "Đoàn thanh niên Cộng sản Hồ Chí Minh huyện Chư Păh", **DOAN,
                                  level="huyện", locality="Chư Păh")],
    }
    facts_2021 = {
        "legal_refs": [mention(t2, "Kết luận 62-KL/TW", **KL62), mention(t2, "Thông tư 121/2017/TT-BTC", **TT121)],
        "locations": [mention(t2, "tỉnh", name="Gia Lai", level="tỉnh", parent=None, code="64")],
        "money": [
            mention(t2, "khoảng 1,5 tỷ đồng", **_money(1_500_000_000, 1_500_000_000, None, "approx")),
            mention(t2, "từ 50 đến 70 triệu đồng", **_money(50_000_000, 50_000_000, 70_000_000, "range")),
            mention(t2, "5.000đ/hội viên/tháng", **_money(5_000, 5_000, None, "exact", per="hội viên/tháng")),
        ],
        "organizations": [mention(t2, "Ủy ban MTTQ Việt Nam tỉnh", **MTTQ, level="tỉnh", locality=None),
                          mention(t2, "Hội Liên hiệp Phụ nữ", **PHU_NU, level=None, locality=None)],
        "percents": [],
    }
    facts_2022 = {
        "legal_refs": [mention(t3, "Luật Mặt trận Tổ quốc Việt Nam năm 2015", **LAW_2015)],
        "money": [mention(t3, "trên 2 tỷ đồng", **_money(2_000_000_000, 2_000_000_000, None, "over"))],
        "counts": [mention(t3, "442 lượt hộ nghèo", **_count(442, "lượt", "hộ nghèo")),
                   mention(t3, "28 căn nhà", **_count(28, "căn", "nhà"))],
        "organizations": [mention(t3, "Ủy ban MTTQ Việt Nam thị xã An Khê", **MTTQ, level="thị xã", locality="An Khê"),
                          mention(t3, "Đoàn thanh niên thị xã", **DOAN, level="thị xã", locality=None)],
    }

    def article(slug, category, title, published_on, text):
        return {"url": f"http://127.0.0.1/{category}/{slug}.aspx", "site": "gialai", "category": category,
                "title": title, "published_on": published_on, "author": "Phóng viên", "text": text,
                "content_sha256": content_sha256(title, text), "fetched_at": "2026-01-01T00:00:00+00:00",
                "captions": ["Ảnh: Đoàn viên thanh niên sửa nhà"], "attachments": [], "other_urls": []}

    first = article("Doan-thanh-nien-Chu-Pah", "Tin-hoat-dong",
                    "Đoàn thanh niên Chư Păh chung tay xây nhà cho hộ nghèo", "2020-05-04", t1)
    second_url = dict(first, url="http://127.0.0.1/Dan-van-kheo/Doan-thanh-nien-Chu-Pah.aspx", category="Dan-van-kheo")
    return [
        (first, facts_2020),
        (second_url, facts_2020),
        (article("Quy-vi-nguoi-ngheo-2021", "Cong-tac-mat-tran-doan-the",
                 "Quỹ Vì người nghèo năm 2021", "2021-03-10", t2), facts_2021),
        (article("An-Khe-Luat-Mat-tran", "Cong-tac-mat-tran-doan-the",
                 "An Khê triển khai Luật Mặt trận", "2022-08-19", t3), facts_2022),
    ]


SECOND_SITE = "tuyengiaodanvan"
TEXT_CENTRAL = (
    "Ban Tuyên giáo và Dân vận Trung ương hướng dẫn tiếp tục thực hiện Kết luận 62-KL/TW. Năm 2023, "
    "Mặt trận các cấp vận động được trên 3 tỷ đồng, giúp 120 hộ nghèo sửa chữa nhà ở."
)


def second_site_articles(mirror: list[dict]) -> list[tuple[dict, dict | None]]:
    """A second site (SECOND_SITE): the 2020 article and a mirror article reporting a gift republished there (same
    title and text, another site's URL), and one article of its own; facts None: extracted."""
    def on_second_site(article: dict) -> dict:
        return dict(article, site=SECOND_SITE, url=article["url"].replace("127.0.0.1/", "127.0.0.2/"),
                    fetched_at="2026-01-02T00:00:00+00:00")

    t = TEXT_CENTRAL
    own = {"url": "http://127.0.0.2/tin-tuc/huong-dan-ket-luan-62.html", "site": SECOND_SITE, "category": "tin-tuc",
           "title": "Hướng dẫn tiếp tục thực hiện Kết luận 62", "published_on": "2023-06-01", "author": None,
           "text": t, "content_sha256": content_sha256("Hướng dẫn tiếp tục thực hiện Kết luận 62", t),
           "fetched_at": "2026-01-02T00:00:00+00:00", "captions": [], "attachments": [], "other_urls": []}
    own_facts = {
        "legal_refs": [mention(t, "Kết luận 62-KL/TW", **KL62)],
        "money": [mention(t, "trên 3 tỷ đồng", **_money(3_000_000_000, 3_000_000_000, None, "over"))],
        "counts": [mention(t, "120 hộ nghèo", **_count(120, "hộ", "hộ nghèo"))],
    }
    first, _second_url, *_ = annotated_articles()
    copies = [(on_second_site(first[0]), first[1])]
    copies += [(on_second_site(article), None) for article in mirror
               if article["url"].endswith("/Tinh-doan-ra-quan-Thang-Thanh-nien-nam-2019-tai-Kbang.aspx")]   # a gift
    return [*copies, (own, own_facts)]


def mirror_articles() -> list[dict]:
    """The embedded mirror's articles with status 200, as loader input (body paragraphs, one per line)."""
    found = []
    for path in sorted(MIRROR_ARTICLES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("status", 200) != 200 or not (data.get("body") or "").strip():
            continue
        text = "\n".join(split_paragraphs(data["body"]))   # as the mirror serves it and the parser reads it
        category = data["categories"][0]
        found.append({
            "url": f"http://127.0.0.1/{category}/{data['slug']}.aspx", "site": "gialai", "category": category,
            "title": data["title"], "published_on": str(data["published"]), "author": data.get("author"),
            "text": text, "content_sha256": content_sha256(data["title"], text),
            "fetched_at": "2026-01-01T00:00:00+00:00",
        })
    return found


def _load(path: Path, with_mirror: bool, second_site: bool) -> None:
    db = open_db(path)
    for article, facts in annotated_articles():
        load_article(db, article, facts, extractor_version="test-annotations")
    if with_mirror:
        for article in mirror_articles():
            load_article(db, article, extract(article["text"]), extractor_version=EXTRACTOR_VERSION)
    if second_site:
        for article, facts in second_site_articles(mirror_articles()):
            load_article(db, article, facts if facts is not None else extract(article["text"]),
                         extractor_version="test-annotations" if facts is not None else EXTRACTOR_VERSION)
    db.close()


@lru_cache(maxsize=None)
def _built_once(with_mirror: bool, second_site: bool) -> Path:
    """Build each variant once per test session (extraction is the slow part); removed at exit."""
    directory = Path(tempfile.mkdtemp(prefix="danvan-dataset-"))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    _load(directory / "danvan.db", with_mirror, second_site)
    return directory / "danvan.db"


def build_dataset(path: Path, *, with_mirror: bool = True, second_site: bool = False) -> Path:
    """Create the test database at *path* (named danvan.db so Datasette calls it `danvan`); *second_site* adds
    the articles of a second site (second_site_articles), two of them republished from the first."""
    shutil.copyfile(_built_once(with_mirror, second_site), path)
    return path
