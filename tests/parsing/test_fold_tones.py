from hypothesis import given
from hypothesis import strategies as st

from gdnn.parsing.extract.targets import _clean_left
from gdnn.parsing.textutil import fold_tones


def test_tone_slips_fold_to_the_same_key_and_vowel_shapes_stay():
    assert fold_tones("Phấn đấu") == fold_tones("Phân đầu") == fold_tones("Phần đấu") == "Phân đâu"
    assert fold_tones("ơ ư ă đ") == "ơ ư ă đ"


@given(st.text())
def test_folding_keeps_length_so_offsets_hold(text):
    assert len(fold_tones(text)) == len(text)


def test_an_aim_verb_with_a_tone_slip_still_starts_the_subject():
    assert _clean_left("Phân đầu đến năm 2030 tỷ lệ lao động qua đào tạo") == "tỷ lệ lao động qua đào tạo"


def test_a_letter_excluded_from_composition_keeps_its_one_character():
    """U+FB2A decomposes into two code points that NFC does not put back together (hypothesis found it)."""
    assert fold_tones("\ufb2a") == "\ufb2a" and fold_tones("Tỷ lệ \ufb2a") == "Ty lê \ufb2a"
