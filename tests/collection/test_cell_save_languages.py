"""A cell typed on an English page is read the English way (1,234.5), on a Vietnamese page the
Vietnamese way (1.234,5); an entry that only the other convention reads is refused, never misread."""

import pytest

from gdnn.collection.models import DataValue
from tests.collection.test_views_http import KEY, login, post_cell, url

pytestmark = pytest.mark.django_db


def share(client, w, value):
    return client.post(url(w, w.province, "cell/", w.prov, w.year),
                       {"element": "LFS_TRAINED_SHARE", "key": "", "value": value})


@pytest.mark.parametrize(("language", "typed", "shown"), [("en", "1,234", "1,234"), ("vi", "1.234", "1.234")])
def test_a_count_is_read_and_shown_in_the_pages_language(client, world, settings, language, typed, shown):
    login(client, world.reporter)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    answer = post_cell(client, world, typed).json()
    assert answer["ok"] is True and answer["display"] == shown
    assert DataValue.objects.get(disaggregation=KEY).value == 1234
    page = client.get(url(world)).content.decode()
    assert f'value="{shown}"' in page


@pytest.mark.parametrize(("language", "typed", "shown"), [("en", "32.5", "32.5"), ("vi", "32,5", "32,5")])
def test_a_decimal_is_read_and_shown_in_the_pages_language(client, world, settings, language, typed, shown):
    login(client, world.officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    answer = share(client, world, typed).json()
    assert answer["ok"] is True and answer["display"] == shown
    assert DataValue.objects.get(data_element__code="LFS_TRAINED_SHARE").value == 32.5


def test_a_vietnamese_decimal_on_an_english_page_is_refused_naming_the_value(client, world, settings):
    login(client, world.officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = share(client, world, "32,5")
    assert response.status_code == 400 and response.json()["error"] == (
        "“32,5” is ambiguous: on an English page a comma separates thousands and a point marks decimals "
        "(for example 1,234.5).")
    assert not DataValue.objects.exists()


def test_an_english_number_on_a_vietnamese_page_is_refused_not_misread(client, world):
    """Before: "1,234.5" became 1,2345 (the points dropped, the comma a decimal mark)."""
    login(client, world.officer)
    error = share(client, world, "12,345.5").json()["error"]
    assert error.startswith("“12,345.5” không rõ là số nào") and "1.234,5" in error
    assert not DataValue.objects.exists()


def test_the_not_a_number_message_gives_english_examples(client, world, settings):
    login(client, world.reporter)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert post_cell(client, world, "ten").json()["error"] == "“ten” is not a number (for example 1,234 or 32.5)."
    page = client.get(url(world)).content.decode()
    assert "is not a number (for example 1,234 or 32.5)." in page


def test_an_edit_queued_on_a_vietnamese_page_is_read_as_typed_when_sent_from_an_english_one(client, world, settings):
    """The browser queue keeps each edit's language: "1.234" typed offline on a Vietnamese page, then
    sent after the person switched to English, is 1234, not 1.234."""
    login(client, world.officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(url(world, world.province, "cell/", world.prov, world.year),
                           {"element": "LFS_TRAINED_SHARE", "key": "", "value": "12,5", "language": "vi"})
    assert response.json()["ok"] is True and response.json()["display"] == "12.5"
    assert DataValue.objects.get(data_element__code="LFS_TRAINED_SHARE").value == 12.5
