"""Unicode normalization: NFC offsets, same-length matching form, folding."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.normalize import fold, matching_form, nfc, word_key

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
    ("giá trị quý báu", "giá trị quý báu"),        # "uý" after q keeps its tone
    ("QUỲ HỢP", "QUỲ HỢP"),
    # the tone moves only at the end of a syllable, also at the end of the text and before a digit
    ("thuỷ", "thủy"),
    ("hoà2", "hòa2"),
    ("hoàn thành", "hoàn thành"),
]


@pytest.mark.parametrize("text, expected", TONE_ROWS)
def test_old_tone_placement_is_made_canonical(text, expected):
    assert matching_form(text) == expected
    assert len(matching_form(text)) == len(nfc(text))


LOOK_ALIKE_ROWS = [
    # the Icelandic eth typed for the Vietnamese "Đ"
    ("Thường trực HÐND huyện", "Thường trực HĐND huyện"),
    ("Quyết định số 1250/QÐ-UBND", "Quyết định số 1250/QĐ-UBND"),
    ("ðồng bào", "đồng bào"),
    # letters a case-insensitive match takes for i, s, k
    ("tốı đa", "tối đa"),
    ("İT NHẤT", "IT NHẤT"),
    ("ſố", "số"),
    ("5 \u212am", "5 Km"),
    # must stay as they are
    ("Đoàn Thanh niên", "Đoàn Thanh niên"),
]


MIXED_ROWS = [
    # odd spaces, look-alikes and old tones together, and a text with none of them (returned as it is)
    ("Uỷ\u00a0ban HÐND\tquận", "Ủy ban HĐND quận"),
    ("Mặt trận Tổ quốc", "Mặt trận Tổ quốc"),
    # plain ASCII (numbers, codes): only a tab changes
    ("1.250,5\t2 ty", "1.250,5 2 ty"),
    ("QD-UBND 62-KL/TW", "QD-UBND 62-KL/TW"),
]


@pytest.mark.parametrize("text, expected", MIXED_ROWS)
def test_matching_form_of_mixed_text(text, expected):
    assert matching_form(text) == expected


@pytest.mark.parametrize("text, expected", LOOK_ALIKE_ROWS)
def test_look_alikes_are_made_the_letter_they_stand_for(text, expected):
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
    ("HÐND", "hdnd"),
]


@pytest.mark.parametrize("text, expected", FOLD_ROWS)
def test_fold(text, expected):
    assert fold(text) == expected


WORD_KEY_ROWS = [
    ("Trên", "trên"),
    ("khoảng  chừng", "khoảng chừng"),
    (" Không\nquá ", "không quá"),
    ("VNĐ", "vnđ"),
]


@pytest.mark.parametrize("text, expected", WORD_KEY_ROWS)
def test_word_key(text, expected):
    assert word_key(text) == expected


# Letters around an old tone placement (o, u, q, toned a/e/y, other letters, digits, spaces): the quick look for an
# o or u before a toned a, e or y, which spares most texts the tone regex, and the search for the first letter of the
# pairs whose tone moves, where the tone regex is then tried, never skip a place where that regex changes the text.
_TONE_ALPHABET = "oOuUqQaAyYeEhkK àáạÀẢèẻẸỳýỲỸ2đ"


@given(st.text(alphabet=_TONE_ALPHABET, max_size=12))
def test_tone_placement_is_the_tone_regex_wherever_it_applies(text):
    from extractors.normalize import _OLD_TONE, _move_tone, fix_tone_placement

    assert fix_tone_placement(text) == _OLD_TONE.sub(_move_tone, text)


@given(st.text(alphabet="oOuUqQaAyYeEâăơưh .,\n" + "àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ", max_size=40))
def test_tone_placement_is_the_tone_regex_for_every_toned_letter(text):
    from extractors.normalize import _OLD_TONE, _move_tone, fix_tone_placement

    assert fix_tone_placement(text) == _OLD_TONE.sub(_move_tone, text)


# Every character matching_form replaces, others beside them, and a pair whose tone moves.
_REPLACED_ALPHABET = "\u00a0\t\u2007\u2009\u202f\u200a\u2002\u2003\u2004\u2005\u2006\u3000Ððıİſ\u212aKk iIsSđĐa\u0300hoà"


@given(st.text(alphabet=_REPLACED_ALPHABET, max_size=20))
def test_matching_form_replaces_as_the_translation_of_every_character(text):
    """The characters are replaced one by one (``str.replace``): what one translation of them all gives."""
    from extractors.normalize import _LOOK_ALIKES, _ODD_SPACES, fix_tone_placement

    translated = nfc(text).translate(str.maketrans({**_ODD_SPACES, **_LOOK_ALIKES}))
    assert matching_form(text) == fix_tone_placement(translated)
