"""Vietnamese calendar dates: parsing one, finding every one in a text, and what is not a date."""

import re._parser
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import extract
from extractors.dates import date_matches, find_dates, parse_date
from extractors.normalize import matching_form, nfc
from extractors.patterns.dates import DATE_IN_TEXT, LONGEST_DATE

# (written date, ISO date or None when it is not a real date)
PARSE_ROWS = [
    ("ngày 08 tháng 12 năm 2009", "2009-12-08"),
    ("ngày 8 tháng 12 năm 2009", "2009-12-08"),
    ("Ngày 03 tháng 6 năm 2013", "2013-06-03"),
    ("NGÀY 3 THÁNG 6 NĂM 2013", "2013-06-03"),
    ("ngày 15/11/2017", "2017-11-15"),
    ("ngày 1-7-2016", "2016-07-01"),
    ("15/04/2020", "2020-04-15"),
    ("15.04.2020", "2020-04-15"),
    ("ngày 20 tháng 11, 2020", "2020-11-20"),
    ("ngày 12 tháng 12/2013", "2013-12-12"),
    ("ngày 29/02/2020", "2020-02-29"),
    ("ngày 29/02/2021", None),
    ("ngày 31/04/2020", None),
    ("ngày 15/13/2020", None),
    ("ngày 00/10/2020", None),
    ("2016 - 2021", None),
]


@pytest.mark.parametrize("text, expected", PARSE_ROWS)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


# (sentence, [(text, value, precision), ...])
FIND_ROWS = [
    ("Kết luận 62-KL/TW ngày 08 tháng 12 năm 2009 của Bộ Chính trị.",
     [("ngày 08 tháng 12 năm 2009", "2009-12-08", "day")]),
    ("Bài viết đăng ngày 15/04/2020.", [("ngày 15/04/2020", "2020-04-15", "day")]),
    ("Thông tư 121/2017/TT-BTC, ngày 15/11/2017 của Bộ Tài chính.", [("ngày 15/11/2017", "2017-11-15", "day")]),
    ("Luật có hiệu lực từ ngày 1-7-2016 đến nay.", [("ngày 1-7-2016", "2016-07-01", "day")]),
    ("Hội nghị tổ chức vào tháng 12 năm 2009 và kết thúc ngày 20/1/2010.",
     [("tháng 12 năm 2009", "2009-12", "month"), ("ngày 20/1/2010", "2010-01-20", "day")]),
    ("Trong tháng 3/2021, xã tổ chức 12 buổi tuyên truyền.", [("tháng 3/2021", "2021-03", "month")]),
    ("15/04/2020", [("15/04/2020", "2020-04-15", "day")]),
    ("Năm 2020, xã có 30 hộ nghèo.", [("Năm 2020", "2020", "year")]),
    ("Tuyên truyền Luật Đất đai năm 2013; trong năm 2023 và tháng 6 năm 2024.",
     [("năm 2013", "2013", "year"), ("năm 2023", "2023", "year"), ("tháng 6 năm 2024", "2024-06", "month")]),
]

# Sentences with numbers that are not dates.
NOT_DATE_ROWS = [
    "Thông tư 121/2017/TT-BTC quy định quản lý kinh phí.",
    "Quyết định số 1250/QĐ-UBND về kiện toàn Ban Chỉ đạo.",
    "Nhiệm kỳ 2016 - 2021 đã hoàn thành.",
    "Liên hệ số điện thoại 0269.3822.123.",
    "Quỹ đã vận động được 1.250.000 đồng.",
    "Tỷ lệ đạt 12,5/100 điểm.",
    "Năm 2019 - 2020, xã có 30 hộ nghèo thoát nghèo.",
    "Giai đoạn 2020-2024 và năm học 2024 - 2025 đều đạt kết quả tốt.",
    "Năm học 2023 có nhiều đổi mới; chỉ tiêu 2025 đã đạt.",
    "Ngày 31/02/2020 không có trong lịch.",
    "Mô hình hoạt động 24/7 phục vụ người dân.",
]


@pytest.mark.parametrize("text, expected", FIND_ROWS)
def test_find_dates(text, expected):
    found = find_dates(text)
    assert [(d.text, d.value, d.precision) for d in found] == expected
    for d in found:
        assert nfc(text)[d.start:d.end] == d.text


@pytest.mark.parametrize("text", NOT_DATE_ROWS)
def test_not_dates(text):
    assert find_dates(text) == []


def test_decomposed_input_keeps_nfc_offsets():
    text = unicodedata.normalize("NFD", "Hội nghị ngày 08 tháng 12 năm 2009 tại Pleiku.")
    (found,) = find_dates(text)
    assert found.value == "2009-12-08"
    assert nfc(text)[found.start:found.end] == found.text == "ngày 08 tháng 12 năm 2009"


def test_extract_lists_dates():
    out = extract("Kết luận 62-KL/TW ngày 08 tháng 12 năm 2009 của Bộ Chính trị.")
    assert [d["value"] for d in out["dates"]] == ["2009-12-08"]


# Texts where dates touch, nest in numbers and follow one another closely: the search near years must find exactly
# what a scan of every position finds.
SCAN_ROWS = [
    "ngày 1/2/2020 năm 2021 tháng 3/2022",
    "NGÀY  31  THÁNG  12  NĂM  2009, ngày 1-1-2010",
    "12019 1920 2020/2021 năm 2019-2020 năm 20201 năm2020",
    "tháng 12/2019/2020, ngày 5.6.2021.7, 10/10/2010/10/2011",
    "x12/05/2020 Nội12/05/2020 tháng 6 năm 2024ngày 1/1/2000",
    "năm 1899 năm 1900 năm 2099 năm 2100 2000 hộ, 1.200 đồng",
    "ngày ngày ngày 08 tháng 12 năm 2009 năm năm 2010",
    "",
    "2020",
]


@pytest.mark.parametrize("text", SCAN_ROWS)
def test_date_matches_are_those_of_a_full_scan(text):
    form = matching_form(text)
    assert [m.span() for m in date_matches(form)] == [m.span() for m in DATE_IN_TEXT.finditer(form)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["ngày", "tháng", "năm", "Năm", " ", "  ", "/", "-", ".", ",", "1", "2", "0", "9",
                                 "12", "31", "2020", "1999", "x", "T", "n"]), max_size=40))
def test_date_matches_are_those_of_a_full_scan_on_any_sequence(pieces):
    form = matching_form("".join(pieces))
    assert [m.span() for m in date_matches(form)] == [m.span() for m in DATE_IN_TEXT.finditer(form)]


def test_longest_date_bounds_every_match():
    assert re._parser.parse(DATE_IN_TEXT.pattern, DATE_IN_TEXT.flags).getwidth()[1] <= LONGEST_DATE
