"""Search: the exact phrase first, then every word in any order; excerpts cut from the original text with diacritics."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.normalize import fold
from pipeline.db import open_db
from pipeline.load import load_article
from pipeline.search import excerpt, folded_with_offsets, match_spans, phrase_query, search_articles


def _article(number: int, title: str, text: str, published_on: str) -> dict:
    return {"url": f"http://127.0.0.1/bai-{number}", "title": title, "text": text,
            "content_sha256": hashlib.sha256(f"{title}\n\n{text}".encode()).hexdigest(),
            "published_on": published_on}


# The words `hộ` and `trợ` everywhere in the first one (title too), but never side by side; the phrase
# `hỗ trợ` once in a long text in the second. BM25 alone puts the first one first.
SCATTERED = _article(1, "Trợ cấp cho hộ nghèo", "Hộ nghèo được trợ cấp. Mỗi hộ được trợ giúp gạo. Hộ cận nghèo được trợ vốn.",
                     "2021-05-01")
PHRASE = _article(2, "Tin hoạt động", "Năm qua, huyện vận động các doanh nghiệp hỗ trợ nhà ở cho người dân. "
                  + "Các đoàn thể tham gia tích cực. " * 20, "2020-01-01")
ONE_WORD = _article(3, "Hộ gia đình", "Hộ gia đình văn hóa được khen thưởng.", "2022-01-01")


@pytest.fixture(scope="module")
def phrase_db(tmp_path_factory):
    db = open_db(tmp_path_factory.mktemp("phrase") / "phrase.db")
    ids = {n: load_article(db, article, {}, extractor_version="t")
           for n, article in ((1, SCATTERED), (2, PHRASE), (3, ONE_WORD))}
    yield db, ids
    db.close()


# (query, rank_at_most, article numbers found, in order)
PHRASE_RULE = [
    ("ho tro", 100, [2, 1]),          # the phrase first, though BM25 prefers the scattered words
    ("hỗ trợ", 100, [2, 1]),
    ("Hỗ Trợ", 0, [2, 1]),            # newest first within each group: still the phrase first
    ("tro ho", 100, [1, 2]),          # the words in the other order: the article holding "trợ ... hộ" side by side
    ('"ho tro"', 100, [2]),           # in double quotes: the exact phrase only
    ('"hỗ trợ"', 0, [2]),
    ("ho", 100, [1, 3, 2]),           # one word: BM25 (the title counts twice)
    ("ho tro xyzzy", 100, []),        # every word is needed
]


@pytest.mark.parametrize("query, rank_at_most, expected", PHRASE_RULE)
def test_the_phrase_comes_first_then_every_word(phrase_db, query, rank_at_most, expected):
    db, ids = phrase_db
    assert [r["id"] for r in search_articles(db, query, rank_at_most=rank_at_most)] == [ids[n] for n in expected]


@pytest.fixture(scope="module")
def sites_db(tmp_path_factory):
    """The scattered article on two sites (one row each), the phrase on the second site only."""
    db = open_db(tmp_path_factory.mktemp("sites") / "sites.db")
    ids = {}
    for key, article, site in (("1a", SCATTERED, "a"), ("1b", SCATTERED, "b"), ("2b", PHRASE, "b")):
        copy = dict(article, site=site, url=article["url"].replace("127.0.0.1", f"127.0.0.{1 + len(ids)}"))
        ids[key] = load_article(db, copy, {}, extractor_version="t")
    yield db, ids
    db.close()


# (query, site, rank_at_most, rows found, in order); "" is every site
SITE_RULE = [
    ("ho tro", "", 100, ["2b", "1b", "1a"]),   # both copies of the scattered article (the same score: latest loaded first)
    ("ho tro", "a", 100, ["1a"]),              # the phrase is on site b only
    ("ho tro", "b", 100, ["2b", "1b"]),
    ("ho tro", "b", 0, ["2b", "1b"]),          # newest first beyond the bound: the same site only
    ("ho tro", "a", 0, ["1a"]),
    ('"ho tro"', "a", 100, []),
    ("ho tro", "c", 100, []),                  # a site without articles
]


@pytest.mark.parametrize("query, site, rank_at_most, expected", SITE_RULE)
def test_search_limited_to_one_site(sites_db, query, site, rank_at_most, expected):
    db, ids = sites_db
    found = search_articles(db, query, rank_at_most=rank_at_most, site=site)
    assert [r["id"] for r in found] == [ids[k] for k in expected]


PHRASE_QUERIES = [
    ("hỗ trợ", '"ho tro"'),
    ("Đoàn  thanh niên", '"doan thanh nien"'),
    ("Kết luận 62-KL/TW", '"ket luan 62 kl tw"'),
    ("đồng", '"dong"'),                        # one word: itself
    ('"ho tro" ngheo', '"ho tro" "ngheo"'),    # quotes: taken as written
    ("", ""),
]


@pytest.mark.parametrize("query, expected", PHRASE_QUERIES)
def test_phrase_query(query, expected):
    assert phrase_query(query) == expected


# (text, query, what the excerpt must show)
EXCERPTS = [
    ("Mỗi xã được hỗ trợ từ 50 đến 70 triệu đồng.", "ho tro", "Mỗi xã được [hỗ trợ] từ 50 đến 70 triệu đồng."),
    ("Mỗi xã được hỗ trợ từ 50 đến 70 triệu đồng.", "dong", "Mỗi xã được hỗ trợ từ 50 đến 70 triệu [đồng]."),
    ("Đoàn thanh niên Cộng sản Hồ Chí Minh", "doan thanh nien", "[Đoàn thanh niên] Cộng sản Hồ Chí Minh"),
    ("Hộ nghèo được trợ cấp.", "ho tro", "[Hộ] nghèo được [trợ] cấp."),                 # no phrase: each word
    ("Ủy\u00a0ban  MTTQ", "uy ban mttq", "[Ủy ban MTTQ]"),                              # odd spaces between the words
    ("Uỷ ban nhân dân", "ủy ban", "[Uỷ ban] nhân dân"),                                # old tone placement
    ("Ho\u0302\u0303 tro\u031b\u0323 dân", "ho tro", "[Hỗ trợ] dân"),                  # NFD text: NFC excerpt
]
EXCERPTS_MUST_NOT_MARK = [
    ("trong tro bếp", "tro", "trong [tro] bếp"),       # whole words only: not "trong"
    ("Không có gì.", "xyzzy", "Không có gì."),
    ("Không có gì.", "", "Không có gì."),
]


@pytest.mark.parametrize("text, query, expected", EXCERPTS + EXCERPTS_MUST_NOT_MARK)
def test_excerpt_keeps_diacritics_and_marks_the_match(text, query, expected):
    assert excerpt(text, query) == expected


def test_excerpt_of_a_long_text_is_cut_around_the_first_match():
    text = "Mở đầu bài viết. " * 20 + "Huyện đã hỗ trợ 138 hộ làm nhà ở." + " Phần sau của bài." * 30
    shown = excerpt(text, "ho tro")
    assert shown.startswith("…") and shown.endswith("…")
    assert "[hỗ trợ] 138 hộ" in shown and len(shown) < 300
    assert excerpt(None, "x") is None


@given(st.text(alphabet=st.sampled_from("aăâđeêioôơuưyAĐÊ hỗtrợĐỒNGỦy\u00a0ạẻ\u0301\n-.,ǅß"), max_size=60))
def test_folded_offsets_point_at_the_character_each_folded_character_comes_from(text):
    folded, origins = folded_with_offsets(text)
    assert len(origins) == len(folded)
    assert origins == sorted(origins)
    for i, offset in enumerate(origins):
        source = text[offset]
        expected = " " if source.isspace() else fold(source)
        assert folded[i] in expected
    assert " ".join(folded.split()) == fold(text)


@given(st.lists(st.sampled_from(["hỗ", "trợ", "Đồng", "bào", "xã", "hộ", "trong", "-", "  "]), max_size=12))
def test_every_match_span_folds_to_the_query_words(words):
    text = " ".join(words)
    for query in ("ho tro", "dong", "tro"):
        for start, end in match_spans(text, query):
            spanned = fold(text[start:end]).replace("-", " ").split()
            assert spanned == query.split() or (len(spanned) == 1 and spanned[0] in query.split())


@pytest.mark.parametrize("rank_at_most", [0, 100])
@pytest.mark.parametrize("limit, expected", [(1, [2]), (2, [2, 1]), (5, [2, 1])])
def test_a_page_of_results_is_the_start_of_the_whole_list(phrase_db, rank_at_most, limit, expected):
    db, ids = phrase_db
    found = [r["id"] for r in search_articles(db, "hỗ trợ", limit=limit, rank_at_most=rank_at_most)]
    assert found == [ids[n] for n in expected]
