"""Locations: administrative units named with their level, lists of places, parents, and non-matches."""

import unicodedata

import pytest

from extractors.normalize import nfc
from extractors.organizations import find_locations

# (sentence, [(name, level), ...] expected in text order)
ROWS = [
    ("Tỉnh đoàn ra quân tại huyện Kbang.", [("Kbang", "huyện")]),
    ("Các đoàn thể trên địa bàn thị xã An Khê.", [("An Khê", "thị xã")]),
    ("Hơn 300 đại biểu tại điểm cầu tỉnh ở thành phố Pleiku.", [("Pleiku", "thành phố")]),
    ("Đoàn công tác đến TP. Pleiku làm việc.", [("Pleiku", "thành phố")]),
    ("Kết quả của tỉnh Gia Lai năm 2023.", [("Gia Lai", "tỉnh")]),
    ("Ban Giám sát đầu tư của cộng đồng xã Ia Blang giám sát.", [("Ia Blang", "xã")]),
    ("Mô hình của UBND phường Sông Bờ.", [("Sông Bờ", "phường")]),
    ("UBND thị trấn Chư Sê tiếp công dân định kỳ.", [("Chư Sê", "thị trấn")]),
    ("Chi bộ thôn 3 họp thường kỳ.", [("3", "thôn")]),
    ("Điển hình như làng Bồ, xã Ia Dêr, hơn ba mươi hộ hiến đất.", [("Bồ", "làng"), ("Ia Dêr", "xã")]),
    ("Mô hình ở buôn Bir, phường Đoàn Kết.", [("Bir", "buôn"), ("Đoàn Kết", "phường")]),
    ("Người dân plei Ring hiến đất làm đường.", [("Ring", "plei")]),
    ("Tổ dân phố 5 thực hiện tốt quy chế dân chủ.", [("5", "tổ dân phố")]),
    ("Tổ 7 phường Hội Thương tổ chức ngày hội.", [("7", "tổ"), ("Hội Thương", "phường")]),
    ("Quận 1 và quận Hoàn Kiếm tổ chức hội thi.", [("1", "quận"), ("Hoàn Kiếm", "quận")]),
    ("Dự án tại các xã Ia Sol, Ia Piar, Chư A Thai.", [("Ia Sol", "xã"), ("Ia Piar", "xã"), ("Chư A Thai", "xã")]),
    ("Cho các hộ ở xã Đak Ta Ley, Kon Chiêng.", [("Đak Ta Ley", "xã"), ("Kon Chiêng", "xã")]),
    ("Huyện Đak Đoa hiện có 5 giáo xứ.", [("Đak Đoa", "huyện")]),
    ("Tại làng Stơr, xã Tơ Tung, huyện Kbang, Tỉnh đoàn phối hợp.",
     [("Stơr", "làng"), ("Tơ Tung", "xã"), ("Kbang", "huyện")]),
    ("Người dân bon Bu Prăng tham gia bảo vệ rừng.", [("Bu Prăng", "bon")]),
    ("Đóng chân trên địa bàn các huyện Ia Grai, Chư Păh, Công ty hiện có 2.140 công nhân.",
     [("Ia Grai", "huyện"), ("Chư Păh", "huyện")]),
    ("Mô hình ở làng Plei Kte Lớn, xã Ia Sol đã hỗ trợ.", [("Plei Kte Lớn", "làng"), ("Ia Sol", "xã")]),
    ("Hỗ trợ xã H'Bông và xã Ayun Hạ.", [("H'Bông", "xã"), ("Ayun Hạ", "xã")]),
    ("Đặc khu Phú Quốc tổ chức lấy ý kiến nhân dân.", [("Phú Quốc", "đặc khu")]),
    ("Ban công tác Mặt trận khu dân cư số 2 tổ chức ngày hội.", [("số 2", "khu dân cư")]),
    ("Khu phố 3 ra mắt mô hình tự quản.", [("3", "khu phố")]),
    ("Người dân ấp Bắc hiến đất làm đường.", [("Bắc", "ấp")]),
    ("Ông Rơ Mah Blết ở làng Tung xúc động chia sẻ.", [("Tung", "làng")]),
    ("Chủ tịch UBND tỉnh Gia Lai Võ Ngọc Thành phát biểu.", [("Gia Lai", "tỉnh")]),
    ("Chủ tịch UBND xã Ia Dom Rơ Châm Hyưu cho biết.", [("Ia Dom", "xã")]),
    ("UBND phường Trần Phú tổ chức đối thoại.", [("Trần Phú", "phường")]),
    # a place written with two spaces: the whole name, reported with one
    ("Chủ tịch UBND tỉnh Gia  Lai Võ Ngọc Thành phát biểu.", [("Gia Lai", "tỉnh")]),
    ("Chủ tịch UBND xã Ia  Dom Rơ Châm Hyưu cho biết.", [("Ia Dom", "xã")]),
    ("Đảng ủy xã Ia\u00a0 Blang lãnh đạo.", [("Ia Blang", "xã")]),
]

MUST_NOT_MATCH = [
    "Phòng Lao động - Thương binh và Xã hội giám sát việc chi trả.",
    "Các đoàn thể chính trị - xã hội thị xã đã tích cực.",
    "Hội nghị được kết nối tới 17 điểm cầu huyện, thị xã, thành phố.",
    "Ban Thường vụ Huyện ủy ban hành kế hoạch.",
    "Tỉnh đoàn trao 20 suất học bổng.",
    "Toàn tỉnh có 220/220 xã, phường, thị trấn.",
    "Các thôn, làng đồng bào Jrai, Bahnar.",
    "Khu di tích Làng kháng chiến Stơr.",
    "Thành viên tổ hòa giải ở cơ sở.",
    "Các tầng lớp nhân dân trong tỉnh.",
    "Hộ nghèo toàn huyện giảm còn 7,82%.",
    "Với sự kiên trì của già làng Ksor Y Bó, tổ đã hòa giải thành.",
    "Trưởng thôn Nguyễn Văn Hùng vận động bà con hiến đất.",
    "Dạy dệt thổ cẩm cho thanh thiếu niên các làng Bahnar.",
    "Văn bản Quy định được ban hành.",
    "Phó Chủ tịch UBND tỉnh Nguyễn Thị Thanh Lịch dự hội nghị.",
]


@pytest.mark.parametrize("sentence, expected", ROWS)
def test_places_are_found_with_their_level(sentence, expected):
    found = find_locations(sentence)
    assert [(loc.name, loc.level) for loc in found] == expected


@pytest.mark.parametrize("sentence", MUST_NOT_MATCH)
def test_words_that_are_not_places(sentence):
    assert find_locations(sentence) == []


def test_a_unit_followed_by_a_higher_one_has_it_as_parent():
    found = find_locations("Tại làng Stơr, xã Tơ Tung, huyện Kbang, tỉnh Gia Lai.")
    assert [(loc.name, loc.parent) for loc in found] == [
        ("Stơr", "Tơ Tung"), ("Tơ Tung", "Kbang"), ("Kbang", "Gia Lai"), ("Gia Lai", None)]


def test_a_list_with_old_tone_placement_still_takes_the_parent_after_it():
    found = find_locations("Tại các xã Ia Sol, Hoà Bình, huyện Kbang.")
    assert [(loc.text, loc.name, loc.parent) for loc in found] == [
        ("xã Ia Sol", "Ia Sol", "Kbang"), ("Hoà Bình", "Hòa Bình", "Kbang"), ("huyện Kbang", "Kbang", None)]


def test_a_place_written_with_two_spaces_keeps_its_whole_span():
    (found,) = find_locations("Chủ tịch UBND xã Ia  Dom Rơ Châm Hyưu cho biết.")
    assert found.text == "xã Ia  Dom"


def test_offsets_point_into_the_nfc_text_and_tones_are_canonical():
    text = unicodedata.normalize("NFD", "Người dân xã Ia Sol và thị xã Ayun Pa, làng Hoà Bình.")
    found = find_locations(text)
    for loc in found:
        assert nfc(text)[loc.start:loc.end] == loc.text
    assert found[-1].name == "Hòa Bình"


def test_provinces_and_current_communes_carry_their_code():
    pytest.importorskip("vietnam_provinces")
    province = find_locations("Kết quả của tỉnh Gia Lai.")[0]
    assert province.code == 52
    unknown = find_locations("Điển hình như làng Bồ.")[0]
    assert unknown.code is None


def test_result_is_serializable():
    found = find_locations("Ở xã Ia Blang.")[0].as_dict()
    assert list(found) == ["text", "start", "end", "name", "level", "parent", "code"]
    assert (found["text"], found["start"], found["end"], found["name"], found["level"]) == (
        "xã Ia Blang", 2, 13, "Ia Blang", "xã")
