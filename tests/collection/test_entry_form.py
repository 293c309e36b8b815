"""The data-entry page as an entry app: the bar, the table of contents, totals of accepted values
only, the submit review (one selector for the confirmation and the reply), double submits, idempotent
cell saves, English labels in the English UI, and each form's state in the pickers."""

import re

import pytest
from django.conf import settings

from gdnn.collection.grid import cell_anchor
from gdnn.collection.models import DataValueAudit, Submission, SubmissionEvent
from gdnn.collection.selectors import form_structure, submission_review
from gdnn.indicators.models import CategoryOption, DataElement
from tests.collection.test_views_http import login, post_cell, url

pytestmark = pytest.mark.django_db
ROW = "training_level:college"
MALE_KINH = f"disability:no|ethnicity:kinh|sex:male|{ROW}"
FEMALE_KINH = f"disability:no|ethnicity:kinh|sex:female|{ROW}"


def cells_of(world):
    return len(form_structure(data_set=world.inst, period=world.half).cells())


def test_the_bar_comes_before_the_grid_with_a_table_of_contents_and_a_closed_history(client, world):
    page = login(client, world.reporter).get(url(world)).content.decode()
    bar, grid = page.index("data-entry-bar"), page.index("data-entry ")
    assert bar < page.index('name="action" value="submit"') < grid
    assert 'href="#s-ENROLMENT"' in page and 'id="s-ENROLMENT"' in page
    assert re.search(r'<aside class="history-drawer"[^>]*hidden', page)
    assert f'id="{cell_anchor("ENROLMENT", MALE_KINH)}"' in page
    assert f"0/{cells_of(world)}" in page


def test_a_rejected_value_never_reaches_the_server_total(client, world):
    login(client, world.reporter)
    assert post_cell(client, world, "120", key=MALE_KINH).status_code == 200
    assert post_cell(client, world, "-5", key=FEMALE_KINH).status_code == 400
    page = client.get(url(world)).content.decode()
    row = page[page.index(cell_anchor("ENROLMENT", MALE_KINH)):]
    row = row[:row.index("</tr>")]
    assert re.search(r"data-row-total>120<", row), row[-200:]


def test_the_review_lists_empty_cells_and_the_reply_to_submit_uses_the_same_count(client, world):
    login(client, world.reporter)
    post_cell(client, world, "40", key=MALE_KINH)
    total = cells_of(world)
    review = client.get(url(world, suffix="review/")).content.decode()
    assert f'data-empty="{total - 1}"' in review
    assert f'href="#{cell_anchor("ENROLMENT", FEMALE_KINH)}"' in review  # a link to the empty cell
    assert f'href="#{cell_anchor("ENROLMENT", MALE_KINH)}"' not in review
    assert submission_review(data_set=world.inst, org_unit=world.school, period=world.half).empty_count == total - 1
    response = client.post(url(world, suffix="transition/"), {"action": "submit", "state": "draft"}, follow=True)
    assert f"Còn {total - 1} trên {total} ô để trống." in response.content.decode()
    assert Submission.objects.get().state == "submitted"


def test_a_second_click_on_submit_does_nothing_twice(client, world):
    login(client, world.reporter)
    post_cell(client, world, "40", key=MALE_KINH)
    for _ in range(2):
        response = client.post(url(world, suffix="transition/"), {"action": "submit", "state": "draft"}, follow=True)
    assert "Thao tác đã được thực hiện" in response.content.decode()
    assert SubmissionEvent.objects.filter(action="submit").count() == 1


def test_a_replayed_cell_save_changes_nothing_the_second_time(client, world):
    login(client, world.reporter)
    for _ in range(3):  # an offline queue sent again after a lost reply
        assert post_cell(client, world, "1.234", key=MALE_KINH).json() == {"ok": True, "display": "1.234", "base": "1234"}
    assert DataValueAudit.objects.count() == 1


def test_the_english_ui_shows_the_grid_in_english(client, world):
    login(client, world.reporter)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url(world)).content.decode()
    enrolment = DataElement.objects.get(code="ENROLMENT")
    college = CategoryOption.objects.get(category__code="training_level", code="college")
    assert enrolment.name_en and enrolment.name_en != enrolment.name_vi
    assert enrolment.name_en in page, page
    assert enrolment.name_vi not in page, page[page.index(enrolment.name_vi) - 300:page.index(enrolment.name_vi) + 100]
    assert f"{enrolment.name_en} – {college.name_en} – " in page
    assert ">Giá trị</th>" not in page and ">Value</th>" in page


def test_the_pickers_show_each_forms_state(client, world):
    login(client, world.reporter)
    post_cell(client, world, "40", key=MALE_KINH)
    client.post(url(world, suffix="transition/"), {"action": "submit", "state": "draft"})
    index = client.get("/data/").content.decode()
    link = f'/data/INST_SEMIANNUAL/{world.school.code}/{world.half.code}/">{world.half.code}</a>'
    assert re.search(re.escape(link) + r' <span class="state-dot state-submitted">', index)
    page = client.get(url(world)).content.decode()
    assert re.search(rf'aria-current="page">{world.half.code}</strong><span class="state-dot state-submitted">', page)


def test_a_refused_value_is_explained_in_the_language_of_the_page(client, world):
    login(client, world.reporter)
    assert post_cell(client, world, "-3", key=MALE_KINH).json()["error"] == "Số lượng không được âm."
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert post_cell(client, world, "-3", key=MALE_KINH).json()["error"] == "A count cannot be negative."
    assert "is not a number" in post_cell(client, world, "mười", key=MALE_KINH).json()["error"]


def test_the_review_links_each_warning_to_its_cells_and_asks_for_a_comment(client, world):
    from decimal import Decimal

    from gdnn.collection.services.values import ValueChange, datavalues_save, submission_get_or_create

    before = world.half.previous()
    datavalues_save(submission=submission_get_or_create(data_set=world.inst, org_unit=world.school, period=before),
                    period=before, changes=[ValueChange("ENROLMENT", MALE_KINH, Decimal(10))], by=None, channel="web")
    login(client, world.reporter)
    post_cell(client, world, "100", key=MALE_KINH)  # ten times the previous half-year: a warning
    first = next(c for c in form_structure(data_set=world.inst, period=world.half).cells().values()
                 if c.element == "ENROLMENT")
    review = client.get(url(world, suffix="review/")).content.decode()
    assert 'data-warnings="1"' in review and "kỳ trước" in review
    assert f'href="#{cell_anchor("ENROLMENT", first.key)}" data-goto>đến ô' in review
    assert re.search(r'<textarea id="id_review_comment" name="comment" rows="2" required>', review)
