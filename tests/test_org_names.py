"""Organization mentions of general news (extractors/org_names.py through find_organizations): spans as written,
per failure class, with must-not-match rows. The sentences were written for this test."""

from __future__ import annotations

import pytest

from extractors.organizations import find_organizations


def spans(sentence: str) -> list[str]:
    return [o.text for o in find_organizations(sentence)]


# (sentence, every organization mention expected, as written, in text order)
SPAN_ROWS = [
    # 1. a name and its short form in parentheses: two mentions; later uses of the short form are mentions
    ("Tập đoàn Điện lực Việt Nam (EVN) cho biết sản lượng điện tăng.", ["Tập đoàn Điện lực Việt Nam", "EVN"]),
    ("Ngân hàng TMCP Quân đội (MB) giảm lãi suất; MB cũng miễn phí chuyển tiền.",
     ["Ngân hàng TMCP Quân đội", "MB", "MB"]),
    ("Trung tâm Kiểm soát bệnh tật TP.HCM (HCDC) ghi nhận 500 ca. Theo HCDC, số ca giảm.",
     ["Trung tâm Kiểm soát bệnh tật TP.HCM", "HCDC", "HCDC"]),
    ("Hội Doanh nhân trẻ Quảng Trị (HDNT) tặng quà; sau đó HDNT ký kết hợp tác.",
     ["Hội Doanh nhân trẻ Quảng Trị", "HDNT", "HDNT"]),
    # 2. cities written TP.HCM, TP. Hồ Chí Minh, TP Hà Nội; a province right after a body
    ("Sở Y tế TP.HCM khuyến cáo người dân.", ["Sở Y tế TP.HCM"]),
    ("Cục Thuế TP. Hồ Chí Minh kiểm tra 200 doanh nghiệp.", ["Cục Thuế TP. Hồ Chí Minh"]),
    ("Công an TP Hà Nội tăng cường tuần tra.", ["Công an TP Hà Nội"]),
    ("Sở Giáo dục và Đào tạo Hà Nội công bố điểm chuẩn.", ["Sở Giáo dục và Đào tạo Hà Nội"]),
    ("Sở Tài chính Đà Nẵng thẩm định dự toán.", ["Sở Tài chính Đà Nẵng"]),
    # 3. lower-case words inside a name, up to the capitalized words that end it
    ("Quỹ Phát triển khoa học Nafosted tài trợ 20 đề tài.", ["Quỹ Phát triển khoa học Nafosted"]),
    ("Công ty Cổ phần Nhiệt điện Phả Lại vận hành ổn định.", ["Công ty Cổ phần Nhiệt điện Phả Lại"]),
    ("Công ty Cổ phần Vận tải biển Vinaship (VNA) báo lỗ.", ["Công ty Cổ phần Vận tải biển Vinaship", "VNA"]),
    ("Liên đoàn Quần vợt châu Á họp tại Hà Nội.", ["Liên đoàn Quần vợt châu Á"]),
    # 4. acronyms and brands known without a definition
    ("Theo WHO, dịch sởi đang lan rộng.", ["WHO"]),
    ("IMF và World Bank cùng hạ dự báo tăng trưởng.", ["IMF", "World Bank"]),
    ("Viettel và VNPT triển khai mạng 5G.", ["Viettel", "VNPT"]),
    ("Vietcombank và Techcombank giảm lãi suất cho vay.", ["Vietcombank", "Techcombank"]),
    ("Theo hãng tin Reuters, giá dầu tăng.", ["Reuters"]),
    ("Phóng viên báo Thanh Niên ghi nhận tại hiện trường.", ["Thanh Niên"]),
    ("Theo VnExpress, giá vàng tăng; Báo Quân đội Nhân dân tổ chức giải việt dã.",
     ["VnExpress", "Báo Quân đội Nhân dân"]),
    # 5. clubs and national teams
    ("CLB Hải Phòng thắng 2-1 trên sân nhà.", ["CLB Hải Phòng"]),
    ("Đà Nẵng FC thua trên sân khách.", ["Đà Nẵng FC"]),
    ("Đội tuyển Việt Nam hội quân chuẩn bị vòng loại.", ["Đội tuyển Việt Nam"]),
    ("Hai cầu thủ được gọi lên đội tuyển U23 Thái Lan.", ["đội tuyển U23 Thái Lan"]),
    ("CLB Công an Hà Nội đá trận mở màn; Công an Hà Nội thắng 3-0.", ["CLB Công an Hà Nội", "Công an Hà Nội"]),
    ("Tập đoàn Hòa Phát khởi công dự án; Hòa Phát dự kiến hoàn thành năm sau.", ["Tập đoàn Hòa Phát", "Hòa Phát"]),
    # 6. a unit written before its parent is one name
    ("Cơ quan Cảnh sát điều tra Công an tỉnh Nghệ An đã khởi tố vụ án.",
     ["Cơ quan Cảnh sát điều tra Công an tỉnh Nghệ An"]),
    ("Phòng Cảnh sát kinh tế Công an tỉnh Bình Dương phát hiện sai phạm.",
     ["Phòng Cảnh sát kinh tế Công an tỉnh Bình Dương"]),
]


@pytest.mark.parametrize("sentence, expected", SPAN_ROWS)
def test_mentions_as_written(sentence, expected):
    assert spans(sentence) == expected


# (sentence, mention text, canonical name): a short form takes the full name the text or the data gives it
NAME_ROWS = [
    ("Theo WHO, dịch sởi đang lan rộng.", "WHO", "Tổ chức Y tế Thế giới"),
    ("Techcombank giảm lãi suất cho vay.", "Techcombank", "Ngân hàng Thương mại cổ phần Kỹ Thương Việt Nam"),
    ("Ngân hàng TMCP Quân đội (MB) giảm lãi suất.", "MB", "Ngân hàng Thương mại cổ phần Quân đội"),
    ("Trung tâm Kiểm soát bệnh tật TP.HCM (HCDC) ghi nhận 500 ca.", "HCDC", "Trung tâm Kiểm soát bệnh tật"),
    ("CLB Công an Hà Nội đá trận mở màn; Công an Hà Nội thắng 3-0.", "Công an Hà Nội", "Câu lạc bộ Công an Hà Nội"),
    ("Đội tuyển Việt Nam hội quân.", "Đội tuyển Việt Nam", "Đội tuyển Việt Nam"),
]


@pytest.mark.parametrize("sentence, text, name", NAME_ROWS)
def test_canonical_names(sentence, text, name):
    assert name in [o.name for o in find_organizations(sentence) if o.text == text]


def test_a_city_written_short_is_the_locality():
    [office] = find_organizations("Sở Y tế TP.HCM khuyến cáo người dân.")
    assert (office.level, office.locality) == ("thành phố", "Hồ Chí Minh")


# Sentences where no organization (or not this one) may be found
MUST_NOT_MATCH = [
    ("Các ngân hàng đồng loạt giảm lãi suất.", []),
    ("UBND các tỉnh, thành phố phía Nam tăng cường phòng dịch.", []),
    ("Hà Nội và TP.HCM ghi nhận mưa lớn.", []),
    ("Đoàn khách đến Nam Định và Thái Bình.", []),
    ("Ổ cứng 500 MB đã đầy.", []),
    ("Cổ phiếu mã VCB tăng trần.", []),
    ("Giải ASEAN Cup khởi tranh tháng 12.", []),
    ("Ngân hàng Thế giới dự báo GDP tăng 6%.", ["Ngân hàng Thế giới"]),
    ("Cơ quan chức năng đang xác minh.", []),
    ("Bộ Y tế phối hợp với Bệnh viện Chợ Rẫy tổ chức tập huấn.", ["Bộ Y tế", "Bệnh viện Chợ Rẫy"]),
    ("Bộ Công an bắt giữ Trần Văn Bình.", ["Bộ Công an"]),
    ("Công ty Cổ phần Đầu tư Điện Tây Nguyên ủng hộ 100 triệu đồng.", ["Công ty Cổ phần Đầu tư Điện Tây Nguyên"]),
    ("CLB Thép Xanh Nam Định thắng; Nam Định đón đoàn khách.", ["CLB Thép Xanh Nam Định"]),
    ("Vụ việc đang được điều tra làm rõ.", []),
    ("Ủy ban t", []),
]


@pytest.mark.parametrize("sentence, expected", MUST_NOT_MATCH)
def test_must_not_match(sentence, expected):
    assert spans(sentence) == expected
