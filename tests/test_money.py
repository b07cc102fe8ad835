"""Money: values, currencies, qualifiers, ranges and rates; what is not money; money tied to counts."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import extract
from extractors.money import find_money
from extractors.normalize import nfc

B = 1_000_000_000
M = 1_000_000

# (sentence, expected fields of the one amount found; currency VND unless given)
MONEY_ROWS = [
    ("Ủy ban MTTQ vận động Quỹ với số tiền trên 2 tỷ đồng.",
     {"text": "trên 2 tỷ đồng", "value": 2 * B, "low": 2 * B, "high": None, "qualifier": "over"}),
    ("các xã vận động được trên 1,1 tỷ đồng",
     {"text": "trên 1,1 tỷ đồng", "value": 1100 * M, "qualifier": "over"}),
    ("xây dựng 30 căn nhà với trị giá 876 triệu đồng",
     {"text": "876 triệu đồng", "value": 876 * M, "low": 876 * M, "high": 876 * M, "qualifier": "exact"}),
    ("kinh phí 05 triệu đồng cho hoạt động của Ban Thanh tra nhân dân",
     {"text": "05 triệu đồng", "value": 5 * M}),
    ("tiết kiệm 5.000đ/hội viên/tháng...",
     {"text": "5.000đ/hội viên/tháng", "value": 5000, "per": "hội viên/tháng"}),
    ("mức hỗ trợ từ 40 đến 60 triệu đồng/căn tùy điều kiện",
     {"text": "từ 40 đến 60 triệu đồng/căn", "value": 40 * M, "low": 40 * M, "high": 60 * M,
      "qualifier": "range", "per": "căn"}),
    ("mỗi căn được hỗ trợ 40-60 triệu đồng/căn",
     {"text": "40-60 triệu đồng/căn", "value": 40 * M, "low": 40 * M, "high": 60 * M, "qualifier": "range",
      "per": "căn"}),
    ("thu nhập từ 40 - 50 triệu đồng/năm.",
     {"value": 40 * M, "high": 50 * M, "qualifier": "range", "per": "năm"}),
    ("vay từ 1.200.000đ đến 6.000.000đ, thời hạn 12 tháng",
     {"text": "từ 1.200.000đ đến 6.000.000đ", "value": 1200000, "high": 6000000, "qualifier": "range"}),
    ("mỗi suất từ 500.000 đồng đến 1 triệu đồng",
     {"value": 500000, "low": 500000, "high": M, "qualifier": "range"}),
    ("huy động được 2 tỷ 350 triệu đồng để làm đường",
     {"text": "2 tỷ 350 triệu đồng", "value": 2350 * M}),
    ("tổng số tiền 2 tỷ 350 đồng", {"value": 2350 * M}),
    ("hỗ trợ 1 tỷ 200 triệu đồng cho công nhân", {"value": 1200 * M}),
    ("ủng hộ 1.5 tỷ đồng", {"value": 1500 * M}),
    ("ủng hộ 1,5 tỉ đồng", {"value": 1500 * M}),
    ("tặng 200 ngàn đồng tiền mặt", {"value": 200000}),
    ("mỗi suất 500 nghìn đồng", {"value": 500000}),
    ("trao 300.000 VNĐ cho mỗi em", {"text": "300.000 VNĐ", "value": 300000}),
    ("trao 300.000 VND cho mỗi em", {"value": 300000}),
    ("giá trị VNĐ 500.000 mỗi phần quà", {"text": "VNĐ 500.000", "value": 500000}),
    ("mỗi phần quà trị giá 500.000₫", {"text": "500.000₫", "value": 500000}),
    ("Tổ chức Tầm nhìn thế giới hỗ trợ 15.000 USD xây dựng 12 nhà vệ sinh",
     {"text": "15.000 USD", "value": 15000, "currency": "USD"}),
    ("tài trợ 20.000 đô la Mỹ cho dự án", {"text": "20.000 đô la Mỹ", "value": 20000, "currency": "USD"}),
    ("dự án nhận 5.000 EUR từ nhà tài trợ", {"value": 5000, "currency": "EUR"}),
    ("với tổng kinh phí hơn 270 triệu đồng.", {"value": 270 * M, "qualifier": "over"}),
    ("vận động gần 700 triệu đồng", {"value": 700 * M, "qualifier": "approx", "low": None, "high": None}),
    ("kinh phí khoảng 150 triệu đồng từ ngân sách", {"value": 150 * M, "qualifier": "approx"}),
    ("xấp xỉ 3 tỷ đồng", {"value": 3 * B, "qualifier": "approx"}),
    ("chừng 50 triệu đồng", {"value": 50 * M, "qualifier": "approx"}),
    ("đóng góp hàng trăm triệu đồng", {"text": "hàng trăm triệu đồng", "value": 100 * M, "qualifier": "approx"}),
    ("huy động hàng tỷ đồng", {"value": B, "qualifier": "approx"}),
    ("mức vay tối đa 25 triệu đồng/hộ, thời hạn vay 10 năm",
     {"text": "tối đa 25 triệu đồng/hộ", "value": 25 * M, "low": None, "high": 25 * M, "qualifier": "at_most",
      "per": "hộ"}),
    ("mỗi căn trị giá không quá 50 triệu đồng", {"value": 50 * M, "qualifier": "at_most"}),
    ("thu nhập ít nhất 5 triệu đồng/năm", {"value": 5 * M, "qualifier": "at_least", "per": "năm"}),
    ("bảo đảm tối thiểu 5 triệu đồng mỗi năm", {"value": 5 * M, "qualifier": "at_least", "per": None}),
    ("lương không dưới 5 triệu đồng/tháng", {"value": 5 * M, "qualifier": "at_least", "per": "tháng"}),
    ("lương dưới 5 triệu đồng/tháng", {"value": 5 * M, "low": None, "high": 5 * M, "qualifier": "under"}),
    ("hộ có thu nhập chưa đến 2 triệu đồng/người/tháng",
     {"value": 2 * M, "qualifier": "under", "per": "người/tháng"}),
    ("thu nhập từ 8 triệu đồng/tháng trở lên",
     {"text": "8 triệu đồng/tháng trở lên", "value": 8 * M, "qualifier": "at_least", "per": "tháng"}),
    ("vượt 3 tỷ đồng so với kế hoạch", {"value": 3 * B, "qualifier": "over"}),
    ("với tổng số tiền hơn 4,1 tỷ đồng", {"value": 4100 * M, "qualifier": "over"}),
    ("tặng 2 ngàn đồng/người/ngày", {"value": 2000, "per": "người/ngày"}),
    ("chi khoảng 400.000 đồng/ha/năm", {"value": 400000, "per": "ha/năm", "qualifier": "approx"}),
    ("mức chi 1.500.000 đồng/tập thể", {"value": 1500000, "per": "tập thể"}),
    ("mức chi 200.000 đồng/vụ việc; mỗi tổ", {"value": 200000, "per": "vụ việc"}),
    ("khen thưởng 186.500.000đ, giúp hội viên", {"text": "186.500.000đ", "value": 186500000}),
    ("với tổng kinh phí 1,5 tỷ, công trình khánh thành", {"text": "1,5 tỷ", "value": 1500 * M}),
    ("tổng mức đầu tư trên 21 tỷ", {"text": "trên 21 tỷ", "value": 21 * B, "qualifier": "over"}),
    ("ủng hộ năm triệu đồng", {"text": "năm triệu đồng", "value": 5 * M}),
    ("góp hai triệu rưỡi đồng", {"value": 2500000}),
    ("số tiền\u00a0300\u00a0triệu đồng", {"value": 300 * M}),
    ("Hội viên góp 1,200,000 đồng", {"value": 1200000}),
    ("hỗ trợ 500.000 VNÐ cho mỗi hộ", {"text": "500.000 VNÐ", "value": 500000}),  # "Ð": a look-alike of "Đ"
    ("mức vay tốı đa 5 triệu đồng", {"text": "tốı đa 5 triệu đồng", "value": 5 * M, "qualifier": "at_most"}),  # "ı"
    ("các doanh nghiệp ủng hộ 2 tỷ cho quỹ", {"text": "2 tỷ", "value": 2 * B}),
]


@pytest.mark.parametrize("sentence, expected", MONEY_ROWS)
def test_money(sentence, expected):
    found = find_money(sentence)
    assert len(found) == 1, found
    money = found[0].as_dict()
    assert nfc(sentence)[money["start"]:money["end"]] == money["text"]
    expected = {"currency": "VND", **expected}
    assert {k: money[k] for k in expected} == expected


TWO_AMOUNTS = [
    ("Ủy ban MTTQ cấp xã được bảo đảm kinh phí 05 triệu đồng cho Ban Thanh tra nhân dân và 05 triệu đồng cho "
     "Ban Giám sát đầu tư của cộng đồng.", [5 * M, 5 * M]),
    ("mức 1.500.000 đồng/tập thể và 800.000 đồng/cá nhân", [1500000, 800000]),
    ("năm 2019 đạt 3,6 tỉ đồng, năm 2022 đạt 4,2 tỷ đồng", [3600 * M, 4200 * M]),
]


@pytest.mark.parametrize("sentence, values", TWO_AMOUNTS)
def test_several_amounts_in_one_sentence(sentence, values):
    assert [m.value for m in find_money(sentence)] == values


NOT_MONEY = [
    "Hội vận động 200 đồng bào dân tộc thiểu số tham gia.",
    "12 đồng chí trong Ban Chấp hành được bầu lại.",
    "Ban Thường vụ đồng thời chỉ đạo 5 đồng chí phụ trách.",
    "Gian hàng 0 đồng được tổ chức tại chợ phiên.",
    "xây dựng 30 căn nhà cho hộ nghèo",
    "tỷ lệ hộ nghèo giảm còn 7,82%.",
    "Quyết định số 1250/QĐ-UBND ngày 28/10/2019 của UBND tỉnh.",
    "Thông tư 121/2017/TT-BTC của Bộ Tài chính quy định kinh phí.",
    "Điện thoại đường dây nóng 0269.3853.120 được dán tại nhà văn hóa.",
    "Toàn tỉnh có 2 triệu dân, hàng triệu lượt người tham gia.",
    "hỗ trợ nhân dân sản xuất, đồng hành cùng doanh nghiệp",
    "Hội nghị đồng bào các dân tộc thiểu số lần thứ 3",
    "đoàn đã trao 12 tấn gạo cho đồng bào",
    "Quỹ đồng hành cùng phụ nữ nghèo được thành lập năm 2020.",
    "Các doanh nghiệp ủng hộ 1 triệu khẩu trang cho tỉnh.",  # a count of things after a money word
    "Doanh thu của làng du lịch đạt 5 triệu lượt khách.",
    "Hội viên góp 1,200 đồng mỗi tháng.",  # 1,2 đồng: no whole number of đồng
]


@pytest.mark.parametrize("sentence", NOT_MONEY)
def test_not_money(sentence):
    assert find_money(sentence) == []


def test_offsets_point_into_the_nfc_text_of_decomposed_input():
    text = "Hội viên tiết kiệm 5.000đ/hội viên/tháng và ủng hộ trên 2 tỷ đồng."
    decomposed = unicodedata.normalize("NFD", text)
    found = find_money(decomposed)
    assert [m.text for m in found] == ["5.000đ/hội viên/tháng", "trên 2 tỷ đồng"]
    assert all(nfc(decomposed)[m.start:m.end] == m.text for m in found)


LINK_ROWS = [
    # (sentence, the count text the money is tied to, or None)
    ("xây dựng 30 căn nhà với trị giá 876 triệu đồng", "30 căn nhà"),
    ("sửa chữa 28 căn nhà cho hộ nghèo trị giá 213 triệu đồng", "28 căn nhà"),
    ("đã hỗ trợ cho 442 lượt hộ nghèo với số tiền trên 2,2 tỷ đồng", "442 lượt hộ nghèo"),
    ("sửa chữa 18 căn nhà với tổng kinh phí hơn 270 triệu đồng", "18 căn nhà"),
    ("Tổ chức Tầm nhìn thế giới hỗ trợ 15.000 USD xây dựng 12 nhà vệ sinh", "12 nhà vệ sinh"),
    ("Ngân hàng cho 126 hộ vay vốn làm nhà ở, mức vay tối đa 25 triệu đồng/hộ", None),
    ("khen thưởng 12 tập thể. Quỹ đã chi 50 triệu đồng", None),
    ("có 20 hội viên tham gia, Hội còn vận động 30 triệu đồng", None),
]


@pytest.mark.parametrize("sentence, count_text", LINK_ROWS)
def test_money_tied_to_counts(sentence, count_text):
    facts = extract(sentence)
    assert len(facts["money"]) == 1
    index = facts["money"][0]["count_index"]
    if count_text is None:
        assert index is None
    else:
        assert facts["counts"][index]["text"] == count_text


# Amounts put together from pieces: qualifiers in any case (and written with letters a case-insensitive match
# takes for i, s, k: "ı", "İ", "ſ", the Kelvin sign), numbers, scale words, currencies and units.
QUALIFIER_PIECES = ["", "tối đa ", "TỐI ĐA ", "Tốı Đa ", "khoảng ", "KHOẢNG ", "từ ", "TỪ ", "ủng hộ ", "ít nhất ",
                    "İT NHẤT ", "ſố ", "các ", "cấp "]
NUMBER_PIECES = ["5", "1.250", "2,5", "1,200", "mười lăm", "hàng trăm", "5 - 7", "40 đến 60"]
UNIT_PIECES = ["", " triệu", " TỶ", " triệu đồng", " ĐỒNG", " VNÐ", " usd", "%", " \u212am", " Ha", " hộ", " HỘ",
               " Căn nhà", " triệu đồng trở lên", " TRỞ LÊN", " đồng/tháng"]
SEPARATOR_PIECES = [" ", ", ", "\n", ". ", " và ", "-", "/"]
AMOUNT_PIECES = st.tuples(*(st.sampled_from(pieces)
                            for pieces in (QUALIFIER_PIECES, NUMBER_PIECES, UNIT_PIECES, SEPARATOR_PIECES)))


@settings(max_examples=300, deadline=None)
@given(st.lists(AMOUNT_PIECES, max_size=12))
def test_any_text_gives_exact_spans_of_every_kind(amounts):
    text = "".join("".join(pieces) for pieces in amounts)
    facts = extract(text)
    for found in facts.values():
        for fact in found:
            assert nfc(text)[fact["start"]:fact["end"]] == fact["text"]
