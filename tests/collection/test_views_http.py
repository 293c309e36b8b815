"""The collection pages over HTTP: scope (404 outside, 403 read-only), cell saves, workflow, history."""

import pytest

from gdnn.collection.models import DataValue, DataValueAudit, Submission
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
KEY = "disability:no|ethnicity:minority|sex:male|training_level:intermediate"


def url(w, unit=None, suffix="", ds=None, period=None):
    unit = unit or w.school
    return f"/data/{(ds or w.inst).code}/{unit.code}/{(period or w.half).code}/{suffix}"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def post_cell(client, w, value, element="ENROLMENT", key=KEY, unit=None):
    return client.post(url(w, unit, "cell/"), {"element": element, "key": key, "value": value})


def test_the_reporter_sees_the_grid_in_vietnamese(client, world):
    page = login(client, world.reporter).get(url(world)).content.decode()
    assert "Báo cáo 6 tháng của cơ sở giáo dục nghề nghiệp" in page
    assert "Số người đang học – Trung cấp – Nam · Dân tộc thiểu số · Không khuyết tật" in page
    assert 'data-state="draft"' in page


def test_a_cell_is_saved_with_vietnamese_numbers_and_audited(client, world):
    login(client, world.reporter)
    response = post_cell(client, world, "1.234")
    assert response.status_code == 200 and response.json() == {"ok": True, "display": "1.234", "base": "1234"}
    assert DataValue.objects.get(disaggregation=KEY).value == 1234
    audit = DataValueAudit.objects.get()
    assert (audit.old_value, audit.new_value, audit.channel, audit.by) == (None, 1234, "web", world.reporter)
    history = client.get(url(world, suffix="history/"), {"element": "ENROLMENT", "key": KEY}).content.decode()
    assert "baocao" in history and "Biểu mẫu web" in history


@pytest.mark.parametrize(("value", "message"), [
    ("mười", "không phải là số"), ("-3", "không được âm"), ("2,5", "số nguyên"),
])
def test_a_wrong_value_gets_an_inline_vietnamese_message(client, world, value, message):
    login(client, world.reporter)
    response = post_cell(client, world, value)
    assert response.status_code == 400 and message in response.json()["error"]
    assert not DataValue.objects.exists()


def test_a_share_over_100_is_refused(client, world):
    login(client, world.officer)
    response = client.post(url(world, world.province, "cell/", world.prov, world.year),
                           {"element": "LFS_TRAINED_SHARE", "key": "", "value": "100,5"})
    assert response.status_code == 400 and "0 đến 100" in response.json()["error"]


def test_reads_outside_scope_are_404_and_read_only_roles_get_403(client, world):
    login(client, world.reporter)
    assert client.get(url(world, world.far_school)).status_code == 404
    assert post_cell(client, world, "5", unit=world.far_school).status_code == 404
    client.logout()
    login(client, world.viewer)
    assert client.get(url(world)).status_code == 200
    assert post_cell(client, world, "5").status_code == 403
    assert client.get(url(world, suffix="upload/")).status_code == 403
    assert not DataValue.objects.exists()


def test_the_workflow_through_the_pages(client, world):
    login(client, world.reporter)
    post_cell(client, world, "40")
    client.post(url(world, suffix="transition/"), {"action": "submit"})
    client.logout()
    login(client, world.officer)
    page = client.get(url(world)).content.decode()
    assert 'value="approve"' in page and 'value="return"' in page
    client.post(url(world, suffix="transition/"), {"action": "return", "comment": "Thiếu số liệu nữ",
                                                        "confirmed": "1"})
    assert Submission.objects.get().state == "returned"
    client.logout()
    login(client, world.reporter)
    assert "Thiếu số liệu nữ" in client.get(url(world)).content.decode()
    response = client.post(url(world, suffix="transition/"), {"action": "approve"})
    assert response.status_code == 403


def test_anonymous_users_are_sent_to_login(client, world):
    response = client.get(url(world))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_an_unknown_period_or_data_set_is_404(client, world):
    login(client, world.reporter)
    assert client.get(f"/data/INST_SEMIANNUAL/{world.school.code}/2025Q3/").status_code == 404
    assert client.get(f"/data/INST_SEMIANNUAL/{world.school.code}/{world.year.code}/").status_code == 404
    assert client.get(f"/data/NOPE/{world.school.code}/{world.half.code}/").status_code == 404


def test_the_index_lists_the_users_forms(client, world):
    page = login(client, world.reporter).get("/data/").content.decode()
    assert f"/data/INST_SEMIANNUAL/{world.school.code}/{world.half.code}/" in page


@pytest.mark.parametrize(("who", "code", "unit"), [("reporter", "INST_SEMIANNUAL", "school"),
                                                  ("commune_officer", "COMMUNE_ANNUAL", "commune"),
                                                  ("officer", "PROVINCE_ANNUAL", "province")])
def test_the_open_a_form_picker_starts_on_the_users_own_level_and_unit(client, world, who, code, unit):
    import re

    page = login(client, world[who]).get("/data/").content.decode()
    selected = re.findall(r'<option value="([A-Z_]+)"[^>]*\bselected\b', page)
    assert selected[:1] == [code]
    box = re.search(r'<input[^>]*name="org_unit"[^>]*>', page)
    assert box is not None and world[unit].code in box.group(0)


def test_a_cell_of_a_locked_report_is_a_conflict_and_a_cell_not_in_the_form_a_bad_request(client, world):
    """As the API answers: the report's state forbids the save (409, the same save may succeed once
    the report is returned), the request names no cell of the form (400)."""
    login(client, world.reporter)
    assert post_cell(client, world, "5").status_code == 200
    Submission.objects.filter(org_unit=world.school, period=world.half.code).update(state=Submission.State.APPROVED)
    locked = post_cell(client, world, "6")
    assert locked.status_code == 409 and "đã khóa" in locked.json()["error"]
    Submission.objects.update(state=Submission.State.RETURNED)
    assert post_cell(client, world, "6", element="NO_SUCH_ELEMENT").status_code == 400
    assert DataValue.objects.get(disaggregation=KEY).value == 5


def test_the_refusal_speaks_the_pages_language(client, world, settings):
    login(client, world.reporter)
    assert post_cell(client, world, "5").status_code == 200
    Submission.objects.update(state=Submission.State.APPROVED)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    locked = post_cell(client, world, "6").json()["error"]
    assert locked.startswith(f"Form “{world.inst.name_en}” of {world.school.name} for {world.half.code} is ") and \
        locked.endswith(": it is locked; an approving officer can return or reopen it for changes."), locked


def test_the_entry_scripts_messages_are_in_the_pages_language(client, world, settings):
    """The script's messages carry placeholders ("%(n)s"); on an English page they are English."""
    login(client, world.reporter)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url(world)).content.decode()
    assert "is not a number" in page and "cells filled" in page and "changes waiting" in page
    assert "không phải là số" not in page and "ô đã nhập" not in page
