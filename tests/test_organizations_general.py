"""Organizations outside the political system and outside the domain: companies, banks, schools, funds, NGOs,
general news (span F1 on a table of sentences written for this test), word boundaries (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.organizations import find_organizations

# (sentence, canonical name expected among the sentence's organizations)
BEYOND = [
    ("Công ty TNHH một thành viên Cao su Mang Yang tặng quà cho công nhân.",
     "Công ty TNHH một thành viên Cao su Mang Yang"),
    ("Công ty Cổ phần Đầu tư và Phát triển Điện Tây Nguyên ủng hộ 100 triệu đồng.",
     "Công ty Cổ phần Đầu tư và Phát triển Điện Tây Nguyên"),
    ("Công ty cổ phần Cà phê Ia Grai hỗ trợ nông dân.", "Công ty cổ phần Cà phê Ia Grai"),
    ("Ngân hàng Thương mại cổ phần Đầu tư và Phát triển Việt Nam trao 50 suất quà.",
     "Ngân hàng Thương mại cổ phần Đầu tư và Phát triển Việt Nam"),
    ("BIDV Chi nhánh Gia Lai tài trợ 2 tỷ đồng xây trường.", "Ngân hàng Thương mại cổ phần Đầu tư và Phát triển Việt Nam"),
    ("Vietcombank Gia Lai trao 300 suất học bổng.", "Ngân hàng Thương mại cổ phần Ngoại thương Việt Nam"),
    ("Agribank chi nhánh tỉnh Gia Lai tài trợ xây nhà.", "Ngân hàng Nông nghiệp và Phát triển Nông thôn"),
    ("Phòng giao dịch Ngân hàng Chính sách xã hội huyện Chư Sê giải ngân 5 tỷ đồng.",
     "Phòng giao dịch Ngân hàng Chính sách xã hội"),
    ("Hợp tác xã nông nghiệp dịch vụ Ia Blang có 120 thành viên.", "Hợp tác xã nông nghiệp dịch vụ Ia Blang"),
    ("Hợp tác xã Nông nghiệp Ia Sao liên kết tiêu thụ cà phê.", "Hợp tác xã Nông nghiệp Ia Sao"),
    ("Quỹ Khuyến học Việt Nam tỉnh Gia Lai trao học bổng.", "Quỹ Khuyến học Việt Nam"),
    ("Hội Khuyến học tỉnh trao 200 suất học bổng.", "Hội Khuyến học"),
    ("Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở tỉnh họp phiên thứ nhất.",
     "Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở"),
    ("Ban vận động Quỹ “Vì người nghèo” tỉnh phát động tháng cao điểm.", "Ban vận động Quỹ Vì người nghèo"),
    ("Hội đồng bầu cử quốc gia công bố kết quả bầu cử.", "Hội đồng Bầu cử Quốc gia"),
    ("Ủy ban bầu cử tỉnh Gia Lai họp phiên thứ hai.", "Ủy ban bầu cử"),
    ("BHXH tỉnh phối hợp với Bưu điện tỉnh chi trả lương hưu.", "Bảo hiểm xã hội"),
    ("BHXH tỉnh phối hợp với Bưu điện tỉnh chi trả lương hưu.", "Bưu điện"),
    ("Tổ chức Plan International tài trợ dự án nước sạch.", "Plan International"),
    ("World Vision hỗ trợ 200 hộ nghèo.", "Tổ chức Tầm nhìn Thế giới"),
    ("Quỹ Nhi đồng Liên hợp quốc (UNICEF) hỗ trợ trẻ em vùng lũ.", "Quỹ Nhi đồng Liên hợp quốc"),
    ("Tổ chức Cứu trợ trẻ em (Save the Children) tập huấn cho giáo viên.", "Tổ chức Cứu trợ trẻ em"),
    ("Bệnh viện Đa khoa tỉnh Gia Lai khám bệnh miễn phí.", "Bệnh viện Đa khoa"),
    ("Trường Tiểu học Lê Văn Tám nhận 100 bộ sách.", "Trường Tiểu học Lê Văn Tám"),
    ("Trường Phổ thông Dân tộc nội trú tỉnh tổ chức lễ khai giảng.", "Trường Phổ thông Dân tộc nội trú"),
    ("Ủy ban Mặt trận Tổ quốc huyện Chư Sê phối hợp tổ chức.", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("Ủy ban MTTQ Việt Nam tỉnh phối hợp tổ chức.", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam xã Ia Dêr vận động nhân dân.", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("Các cấp Hội Phụ nữ trong huyện đã quyên góp 120 triệu đồng.", "Hội Liên hiệp Phụ nữ"),
    ("Bệnh viện Nhi Trung ương cử bác sĩ về khám bệnh cho trẻ em.", "Bệnh viện Nhi Trung ương"),
]


@pytest.mark.parametrize("sentence, name", BEYOND)
def test_organizations_beyond_the_political_system(sentence, name):
    names = [o.name for o in find_organizations(sentence)]
    assert name in names, names


@pytest.mark.parametrize("sentence, abbreviation", [
    ("BIDV Chi nhánh Gia Lai tài trợ 2 tỷ đồng.", "BIDV"),
    ("Agribank huyện Chư Sê cho vay ưu đãi.", "Agribank"),
    ("BHXH tỉnh phối hợp chi trả.", "BHXH"),
])
def test_acronyms_are_kept(sentence, abbreviation):
    assert abbreviation in [o.abbreviation for o in find_organizations(sentence)]


def test_a_bank_branch_keeps_its_place():
    [bank] = [o for o in find_organizations("BIDV Chi nhánh Gia Lai tài trợ 2 tỷ đồng xây trường.")
              if o.abbreviation == "BIDV"]
    assert bank.text == "BIDV Chi nhánh Gia Lai" and bank.locality == "Gia Lai"


# General Vietnamese news, outside mass-mobilization work, written for this test: (sentence, organization
# mentions expected, as spans of the text). A mention is the name as written, with the short form defined
# right after it in parentheses and the level and place that follow it.
GENERAL_NEWS = [
    ("Tập đoàn Điện lực Việt Nam (EVN) cho biết sản lượng điện tiêu thụ tháng 6 tăng 10%.",
     ["Tập đoàn Điện lực Việt Nam", "EVN"]),
    ("Ngân hàng Nhà nước vừa điều chỉnh giảm lãi suất điều hành.", ["Ngân hàng Nhà nước"]),
    ("Tổng cục Thống kê công bố chỉ số giá tiêu dùng quý III.", ["Tổng cục Thống kê"]),
    ("Bộ Y tế khuyến cáo người dân tiêm đủ mũi vắc-xin.", ["Bộ Y tế"]),
    ("Bệnh viện Bạch Mai tiếp nhận 30 bệnh nhân chuyển tuyến.", ["Bệnh viện Bạch Mai"]),
    ("Trường Đại học Bách khoa Hà Nội tuyển 8.000 sinh viên năm nay.", ["Trường Đại học Bách khoa Hà Nội"]),
    ("Liên đoàn Bóng đá Việt Nam công bố danh sách đội tuyển.", ["Liên đoàn Bóng đá Việt Nam"]),
    ("Công ty Cổ phần Sữa Việt Nam báo lãi 2.500 tỷ đồng.", ["Công ty Cổ phần Sữa Việt Nam"]),
    ("Tổng công ty Hàng không Việt Nam mở thêm đường bay tới Đà Lạt.", ["Tổng công ty Hàng không Việt Nam"]),
    ("Sở Giao thông vận tải Hà Nội điều chỉnh tổ chức giao thông.", ["Sở Giao thông vận tải Hà Nội"]),
    ("Ủy ban nhân dân thành phố Hồ Chí Minh họp báo về tình hình kinh tế.",
     ["Ủy ban nhân dân thành phố Hồ Chí Minh"]),
    ("Công an tỉnh Quảng Ninh triệt phá đường dây buôn lậu.", ["Công an tỉnh Quảng Ninh"]),
    ("Viện Hàn lâm Khoa học xã hội Việt Nam tổ chức hội thảo quốc tế.",
     ["Viện Hàn lâm Khoa học xã hội Việt Nam"]),
    ("Đài Truyền hình Việt Nam phát sóng trực tiếp lễ khai mạc.", ["Đài Truyền hình Việt Nam"]),
    ("Phòng Thương mại và Công nghiệp Việt Nam kiến nghị giảm thủ tục.", ["Phòng Thương mại và Công nghiệp Việt Nam"]),
    ("Hội Nông dân Việt Nam phát động phong trào sản xuất giỏi.", ["Hội Nông dân Việt Nam"]),
    ("Quỹ Tiền tệ Quốc tế dự báo tăng trưởng toàn cầu chậm lại.", ["Quỹ Tiền tệ Quốc tế"]),
    ("Ngân hàng Thế giới tài trợ dự án thoát nước ở Cần Thơ.", ["Ngân hàng Thế giới"]),
    ("Học viện Nông nghiệp Việt Nam chuyển giao giống lúa mới.", ["Học viện Nông nghiệp Việt Nam"]),
    ("Cục Quản lý thị trường kiểm tra 200 cửa hàng.", ["Cục Quản lý thị trường"]),
    ("Trung tâm Dự báo khí tượng thủy văn quốc gia cảnh báo mưa lớn.",
     ["Trung tâm Dự báo khí tượng thủy văn quốc gia"]),
    ("Tòa án nhân dân tỉnh Đắk Lắk mở phiên xét xử.", ["Tòa án nhân dân tỉnh Đắk Lắk"]),
    ("Viện Kiểm sát nhân dân tối cao ban hành hướng dẫn.", ["Viện Kiểm sát nhân dân tối cao"]),
    ("Giá vàng hôm nay tăng mạnh theo thị trường thế giới.", []),
    ("Trận đấu diễn ra trên sân Mỹ Đình vào tối thứ Bảy.", []),
    ("Nhiều doanh nghiệp và ngân hàng chưa kịp điều chỉnh kế hoạch.", []),
    ("Báo Tuổi Trẻ phỏng vấn Tổng giám đốc Tập đoàn Viettel.", ["Báo Tuổi Trẻ", "Tập đoàn Viettel"]),
    ("Chủ tịch Phòng Thương mại và Công nghiệp Việt Nam phát biểu tại diễn đàn.",
     ["Phòng Thương mại và Công nghiệp Việt Nam"]),
]


def test_general_news_span_f1():
    right = found = expected = 0
    for sentence, spans in GENERAL_NEWS:
        predicted = [o.text for o in find_organizations(sentence)]
        found += len(predicted)
        expected += len(spans)
        remaining = list(spans)
        for text in predicted:
            if text in remaining:
                remaining.remove(text)
                right += 1
    precision, recall = right / found, right / expected
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.60, (precision, recall, f1)


WORDS = ["Ủy", "ban", "Ủy ban", "MTTQ", "Việt", "Nam", "tỉnh", "huyện", "Chư", "Sê", "Hội", "Nông", "dân",
         "Công", "ty", "TNHH", "Ngân", "hàng", "BIDV", "Chi", "nhánh", "Gia", "Lai", "t", "Trường", "THPT",
         "Quỹ", "Khuyến", "học", "Ban", "Chỉ", "đạo", "(", ")", ",", ".", "và", "xã", "Ia", "Blang", "UBND",
         "Hội đồng", "bầu", "cử", "Plan", "International", "Bệnh", "viện", "Đa", "khoa", "Hợp", "tác", "(CCB)",
         "50", "Đoàn", "Mặt", "Huyện", "Phòng", "Kbang", "Uỷ", "\u00a0", "TNCS"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from([" ", " ", "", "\u00a0", "  "])), min_size=1,
                max_size=14), st.sampled_from(["", "x", "Đ", "1", "ạ"]))
def test_every_mention_starts_and_ends_on_word_boundaries(words, glue):
    text = "".join(word + space for word, space in words) + glue
    for org in find_organizations(text):
        assert text[org.start:org.end] == org.text
        assert org.start == 0 or not text[org.start - 1].isalnum(), (text, org.text)
        assert org.end == len(text) or not text[org.end].isalnum(), (text, org.text)
        assert org.text[0].isalnum() and (org.text[-1].isalnum() or org.text[-1] == ")"), (text, org.text)


@pytest.mark.parametrize("text", ["Ủy ban t", "Ủy ban MTTQ tỉnh t", "Đoàn Mặt Huyện 50ạ", "Phòng Kbang(CCB)ủy",
                                  "Hội Nông dân(CCB)x", "Trường THPT Chư Sêx"])
def test_no_mention_is_a_fragment_of_a_word(text):
    for org in find_organizations(text):
        assert org.end == len(text) or not text[org.end].isalnum(), org.text
        assert org.start == 0 or not text[org.start - 1].isalnum(), org.text
