"""Unicode normalization: NFC offsets, same-length matching form, folding."""

import unicodedata

import pytest

from extractors.normalize import fold, matching_form, nfc

TONE_ROWS = [
    ("Uỷ ban nhân dân xã", "Ủy ban nhân dân xã"),
    ("Hội đồng hoà giải", "Hội đồng hòa giải"),
    ("Ban Chấp hành khoá XII", "Ban Chấp hành khóa XII"),
    ("sức khoẻ nhân dân", "sức khỏe nhân dân"),
    ("công trình thuỷ lợi", "công trình thủy lợi"),
    ("HOÀ BÌNH", "HÒA BÌNH"),
    # must stay as they are
    ("Quỹ Vì người nghèo", "Quỹ Vì người nghèo"),
    ("ông Huỳnh Văn", "ông Huỳnh Văn"),
    ("thoát nghèo", "thoát nghèo"),
    ("Ủy ban Mặt trận", "Ủy ban Mặt trận"),
    ("khuyến học", "khuyến học"),
]


@pytest.mark.parametrize("text, expected", TONE_ROWS)
def test_old_tone_placement_is_made_canonical(text, expected):
    assert matching_form(text) == expected
    assert len(matching_form(text)) == len(nfc(text))


def test_matching_form_keeps_offsets_of_nfd_input():
    nfc_text = "Hội\u00a0Liên hiệp\tPhụ nữ thị xã An Khê"
    nfd_text = unicodedata.normalize("NFD", nfc_text)
    assert len(nfd_text) > len(nfc_text)
    assert matching_form(nfd_text) == "Hội Liên hiệp Phụ nữ thị xã An Khê"
    assert len(matching_form(nfd_text)) == len(nfc(nfd_text))


FOLD_ROWS = [
    ("Đoàn Thanh niên", "doan thanh nien"),
    ("đồng", "dong"),
    ("Uỷ  ban\u00a0MTTQ", "uy ban mttq"),
    (unicodedata.normalize("NFD", "Kết luận"), "ket luan"),
]


@pytest.mark.parametrize("text, expected", FOLD_ROWS)
def test_fold(text, expected):
    assert fold(text) == expected
