"""Numbers in the page's language: shown and read as Vietnamese (1.234,5) or English (1,234.5)."""

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from gdnn.common.numbers import NumberAmbiguous, display_number, display_percent, display_value, parse_number


@pytest.mark.parametrize(("language", "number", "percent", "count"), [
    ("vi", "1.234,5", "45,2%", "1.234.567"), ("en", "1,234.5", "45.2%", "1,234,567"),
])
def test_numbers_are_shown_in_the_given_language(language, number, percent, count):
    assert display_number(1234.5, 1, language=language) == number
    assert display_percent(45.2, language=language) == percent
    assert display_number(1234567, language=language) == count
    assert display_number(None, language=language) == "–"


@pytest.mark.parametrize(("language", "shown"), [("vi", "1.234,5"), ("en-us", "1,234.5"), ("en", "1,234.5")])
def test_the_active_language_is_the_default(language, shown):
    with translation.override(language):
        assert display_number(Decimal("1234.5"), 1) == shown


def test_a_stored_value_keeps_its_own_decimals():
    assert display_value(Decimal("1234.2500"), language="en") == "1,234.25"
    assert display_value(Decimal("1234.2500"), language="vi") == "1.234,25"
    assert display_value(Decimal("7"), language="en") == "7"
    assert display_value(None) == ""


@pytest.mark.parametrize(("text", "vi", "en"), [
    ("1.234", Decimal(1234), Decimal("1.234")),
    ("1,234", Decimal("1.234"), Decimal(1234)),
    ("1.234,5", Decimal("1234.5"), None),
    ("1,234.5", None, Decimal("1234.5")),
    ("32,5", Decimal("32.5"), None),
    ("32.5", Decimal("32.5"), Decimal("32.5")),
    ("1.234.567", Decimal(1234567), None),
    ("1,234,567", None, Decimal(1234567)),
    (" -12 ", Decimal(-12), Decimal(-12)),
    ("1\u00a0234", Decimal(1234), Decimal(1234)),
])
def test_each_language_reads_its_own_convention_and_refuses_the_others(text, vi, en):
    """None: the entry is a number only in the other convention, so it is refused as ambiguous."""
    for language, expected in (("vi", vi), ("en", en)):
        if expected is None:
            with pytest.raises(NumberAmbiguous):
                parse_number(text, language=language)
        else:
            assert parse_number(text, language=language) == expected


@pytest.mark.parametrize("text", ["mười", "1,2,3.4.5", "12.34,5", "", "1..2"])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_what_is_a_number_in_neither_is_not_a_number(text, language):
    with pytest.raises(ValueError) as caught:
        parse_number(text, language=language)
    assert not isinstance(caught.value, NumberAmbiguous)


@given(st.decimals(min_value=-10**12, max_value=10**12, places=4, allow_nan=False), st.sampled_from(["vi", "en"]))
def test_what_a_page_shows_reads_back_as_the_same_number(value, language):
    assert parse_number(display_value(value, language=language), language=language) == value


@given(st.text(alphabet="0123456789.,-+eE \u00a0NaInfity", max_size=30), st.sampled_from(["vi", "en"]))
def test_parsing_only_ever_raises_value_error(text, language):
    try:
        result = parse_number(text, language=language)
    except ValueError:
        return
    assert isinstance(result, Decimal)


def test_files_and_the_api_read_the_vietnamese_way_and_refuse_an_english_mix():
    """value_check without a language is the import and API path: "1.234" stays 1234 (docs/api.md)."""
    from gdnn.collection.validation import ValueInvalid, value_check

    with translation.override("vi"):
        assert value_check("count", "1.234") == 1234
        with pytest.raises(ValueInvalid, match=r"^“1,234\.5” không rõ là số nào: dấu chấm phân cách hàng nghìn"):
            value_check("number", "1,234.5")
