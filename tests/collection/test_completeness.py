"""Completeness: expected units in the viewer's scope, submitted, approved, overdue with contacts."""

import datetime as dt

import pytest
from django.utils import timezone

from gdnn.collection.exports import completeness, completeness_contacts
from gdnn.collection.models import Submission
from gdnn.collection.services.datasets import dataset_window_set
from gdnn.collection.services.values import datavalue_set
from gdnn.collection.services.workflow import submission_submit
from tests.collection.conftest import make_institution
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_province_officer_sees_who_to_remind(world, client):
    w = world
    late = make_institution("CD-LS-02", w.commune)
    w.reporter.email = "baocao@truong.edu.vn"
    w.reporter.full_name = "Nguyễn Văn An"
    w.reporter.save()
    datavalue_set(data_set=w.inst, org_unit=w.school, period=w.half, element="MANAGERS", key="", raw="3",
                  by=w.reporter, channel="web")
    submission_submit(submission=Submission.objects.get(), by=w.reporter)
    today = timezone.localdate()
    report = completeness(data_set=w.inst, period=w.half, user=w.officer, today=today)
    codes = {u.unit.code for u in report.units}
    assert {w.school.code, late.code} <= codes and w.far_school.code not in codes
    assert report.submitted == 1 and report.approved == 0 and not report.overdue
    # Close the period yesterday: everyone who has not submitted is overdue.
    dataset_window_set(data_set=w.inst, period=w.half.code, opens_on=w.half.start,
                       closes_on=today - dt.timedelta(days=1))
    datavalue_set(data_set=w.inst, org_unit=late, period=w.half, element="MANAGERS", key="", raw="1",
                  by=w.officer, channel="web")
    from gdnn.accounts.models import Role
    from tests.factories import user_with_role

    user_with_role("tre-han", Role.INSTITUTION_REPORTER, late)
    report = completeness(data_set=w.inst, period=w.half, user=w.officer, today=today)
    overdue = {u.unit.code: u for u in report.overdue}
    assert late.code in overdue and w.school.code not in overdue
    assert overdue[late.code].contacts == []  # read only for the units a page lists
    completeness_contacts(report=report)
    assert overdue[late.code].contacts == [("tre-han", "")]
    assert client.login(username="canbo", password=PASSWORD)
    page = client.get("/data/completeness/", {"dataset": w.inst.code, "period": w.half.code}).content.decode()
    assert late.name in page and "tre-han" in page
    assert w.far_school.name not in page


def test_without_a_choice_the_page_sums_up_every_data_set_in_scope(world, client):
    w = world
    datavalue_set(data_set=w.inst, org_unit=w.school, period=w.half, element="MANAGERS", key="", raw="3",
                  by=w.reporter, channel="web")
    submission_submit(submission=Submission.objects.get(), by=w.reporter)
    assert client.login(username="canbo", password=PASSWORD)
    response = client.get("/data/completeness/")
    assert response.status_code == 200
    page = response.content.decode()
    assert w.inst.name_vi in page and w.half.label_vi in page
    link = f"?dataset={w.inst.code}&amp;period={w.half.code}"
    assert link in page
    # The row for this half-year: units in Lạng Sơn only, one of them submitted, none approved.
    row = page[page.index(link):].split("</tr>")[0]
    expected = len(completeness(data_set=w.inst, period=w.half, user=w.officer, today=timezone.localdate()).units)
    figures = [cell.split(">")[-1] for cell in row.split("</td>") if 'class="num"' in cell]
    assert figures == [str(expected), "1", "0", "0"]
    assert client.get("/data/completeness/", {"dataset": "NOPE", "period": w.half.code}).status_code == 404


def test_catalogue_names_follow_the_language_switch(world, client):
    w = world
    assert client.login(username="canbo", password=PASSWORD)
    vietnamese = client.get("/data/completeness/").content.decode()
    assert w.inst.name_vi in vietnamese and w.half.label_vi in vietnamese
    client.post("/i18n/setlang/", {"language": "en", "next": "/data/completeness/"})
    english = client.get("/data/completeness/").content.decode()
    from django.utils.html import escape

    assert w.inst.name_en and escape(w.inst.name_en) in english and w.inst.name_vi not in english
    assert w.half.label_en in english and w.half.label_vi not in english


def test_a_long_list_is_summed_by_area_and_each_area_opens_its_units(world, client):
    """The national officer's commune form: 3,321 communes are summed by province; a province's row
    opens its communes with whom to remind; the counts agree with the reporting coverage."""
    from gdnn.collection.selectors import form_structure, reporting_coverage

    w = world
    element, key = next(iter(form_structure(data_set=w.comm, period=w.year).cells()))
    datavalue_set(data_set=w.comm, org_unit=w.commune, period=w.year, element=element, key=key, raw="1",
                  by=w.officer, channel="web")
    submission_submit(submission=Submission.objects.get(org_unit=w.commune), by=w.officer)
    assert client.login(username="quantri", password=PASSWORD)
    page = client.get("/data/completeness/", {"dataset": w.comm.code, "period": w.year.code}).content.decode()
    assert "data-areas" in page and w.commune.name not in page  # provinces, not 3,321 communes
    row = page[page.index(f"within={w.province.code}"):].split("</tr>")[0]
    figures = [cell.split(">")[-1] for cell in row.split("</td>") if 'class="num"' in cell]
    communes = reporting_coverage(data_set=w.comm, periods=[w.year.code], area=w.province).expected
    assert figures[:3] == [str(communes), "1", "0"]
    opened = client.get("/data/completeness/", {"dataset": w.comm.code, "period": w.year.code,
                                                "within": w.province.code}).content.decode()
    assert "data-areas" not in opened and w.commune.name in opened and w.far_commune.name not in opened
    # A province officer cannot open another province's part.
    client.logout()
    assert client.login(username="canbo", password=PASSWORD)
    answer = client.get("/data/completeness/", {"dataset": w.comm.code, "period": w.year.code,
                                                "within": w.far_province.code})
    assert answer.status_code == 404
