"""Data sets, validation rules and entry windows edited in the product, scoped to their owner."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from gdnn.collection.models import DataSet, DataSetWindow, ValidationRule
from gdnn.collection.periods import period_parse
from gdnn.collection.selectors import dataset_window, form_structure, rules_for, submission_check
from gdnn.collection.services.datasets import (
    dataset_element_add,
    dataset_element_remove,
    dataset_element_update,
    dataset_save,
    dataset_sync,
    dataset_window_close,
)
from gdnn.collection.services.rules import rule_build, rule_preview, validation_rule_save
from gdnn.common.errors import DomainError, PermissionDenied
from gdnn.indicators.models import CatalogSeed, DataElement, Origin
from gdnn.indicators.services import data_element_save
from gdnn.orgunits.selectors import orgunit_children
from tests.analytics.factories import approved_values
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _province_form(world, by=None):
    by = by or world.officer
    data_set = dataset_save(by=by, code="LS_COMMUNE_EXTRA", name_vi="Biểu bổ sung của tỉnh Lạng Sơn",
                            org_unit_level="commune", period_type="annual", owner=world.province)
    element = data_element_save(by=by, code="LS_RURAL_TRAINED", name_vi="Lao động nông thôn học nghề",
                                value_type="count", reported_by="commune", period_type="annual",
                                categories=["sex"], owner=world.province)
    dataset_element_add(by=by, data_set=data_set, element=element, section="Phần A. Đào tạo nghề nông thôn")
    return data_set, element


def test_a_province_builds_its_own_form_with_a_section(world):
    data_set, element = _province_form(world)
    labour = DataElement.objects.get(code="LABOUR_FORCE")
    dataset_element_add(by=world.officer, data_set=data_set, element=labour, section="Phần B")
    data_set.refresh_from_db()
    form = form_structure(data_set=data_set, period=world.year)
    assert [(s.code, s.group) for s in form.sections] == [
        ("LS_RURAL_TRAINED", "Phần A. Đào tạo nghề nông thôn"), ("LABOUR_FORCE", "Phần B")]
    assert data_set.version.startswith("local+")
    with pytest.raises(DomainError, match="không hợp với biểu"):
        dataset_element_add(by=world.officer, data_set=data_set, element=DataElement.objects.get(code="ADMISSIONS"))
    with pytest.raises(PermissionDenied):
        dataset_element_add(by=world.far_officer, data_set=data_set, element=labour)
    with pytest.raises(PermissionDenied):  # the national form is the system administrator's
        dataset_element_add(by=world.officer, data_set=world.comm, element=element)


def test_a_form_refusal_speaks_the_language_of_the_request(world):
    data_set, _ = _province_form(world)
    admissions = DataElement.objects.get(code="ADMISSIONS")
    with translation.override("en"), pytest.raises(DomainError) as refused:
        dataset_element_add(by=world.officer, data_set=data_set, element=admissions)
    assert str(refused.value) == ("ADMISSIONS is reported at the Vocational institution level, every 6 months; "
                                  "it does not fit the form LS_COMMUNE_EXTRA.")
    with translation.override("en"), pytest.raises(DomainError) as refused:
        dataset_save(by=world.officer, data_set=data_set, code="LS_COMMUNE_EXTRA", name_vi="Biểu",
                     org_unit_level="commune", period_type="annual", completeness_threshold=120)
    assert str(refused.value) == "The completeness threshold must be from 0 to 100 (%), not 120."
    with translation.override("en"), pytest.raises(DomainError) as refused:
        validation_rule_save(by=world.officer, code="LS_Y", left="LS_RURAL_TRAINED", operator=">=",
                             right="LS_RURAL_TRAINED +", message_vi="x", owner=world.province)
    assert str(refused.value) == ("Right side: “LS_RURAL_TRAINED +” cannot be read "
                                  "(a correct example: ADMISSIONS[sex:female] + 5).")


def test_a_provincial_form_is_offered_only_inside_its_province(world, client):
    _province_form(world)
    client.login(username="canbo-xa", password=PASSWORD)
    assert client.get(f"/data/LS_COMMUNE_EXTRA/{world.commune.code}/{world.year.code}/").status_code == 200
    client.logout()
    client.login(username="canbo-tn", password=PASSWORD)
    response = client.get(f"/data/LS_COMMUNE_EXTRA/{world.far_commune.code}/{world.year.code}/")
    assert response.status_code == 404


def test_a_seed_merge_leaves_an_edited_national_form_alone(world):
    jobs = world.comm.members.get(data_element__code="JOBS_CREATED")
    dataset_element_update(by=world.admin, member=jobs, section="Việc làm", sort_order=jobs.sort_order)
    dataset_element_remove(by=world.admin, member=world.comm.members.get(data_element__code="UNEMPLOYED"))
    _province_form(world)
    dataset_sync()
    comm = DataSet.objects.get(code="COMMUNE_ANNUAL")
    assert comm.locally_edited and comm.members.get(data_element__code="JOBS_CREATED").section == "Việc làm"
    assert not comm.members.filter(data_element__code="UNEMPLOYED").exists()
    assert DataSet.objects.get(code="LS_COMMUNE_EXTRA").origin == Origin.LOCAL
    assert CatalogSeed.objects.filter(name="datasets").exists() and CatalogSeed.objects.filter(name="rules").exists()


def test_the_administrator_sets_a_forms_completeness_threshold_on_its_page(world, client):
    """The threshold is the installation's setting: saved from the form's page, it changes how a
    coverage figure is judged, leaves the national form merged by upgrades, and is refused out of range."""
    from gdnn.collection.selectors import reporting_coverage

    assert world.comm.completeness_threshold == 100
    client.login(username="quantri", password=PASSWORD)
    page = client.get(f"/catalog/forms/{world.comm.pk}/")
    assert 'name="completeness_threshold"' in page.content.decode() and 'value="100"' in page.content.decode()
    fields = {"owner": "", "code": world.comm.code, "name_vi": world.comm.name_vi, "name_en": world.comm.name_en,
              "org_unit_level": world.comm.org_unit_level, "period_type": world.comm.period_type,
              "close_after_days": world.comm.close_after_days}
    client.post(f"/catalog/forms/{world.comm.pk}/", {**fields, "completeness_threshold": "101"})
    world.comm.refresh_from_db()
    assert world.comm.completeness_threshold == 100
    response = client.post(f"/catalog/forms/{world.comm.pk}/", {**fields, "completeness_threshold": "60"})
    assert response.status_code == 302
    world.comm.refresh_from_db()
    assert world.comm.completeness_threshold == 60 and not world.comm.locally_edited
    assert reporting_coverage(data_set=world.comm, periods=[world.year.code], area=world.province).threshold == 60
    dataset_sync()
    world.comm.refresh_from_db()
    assert world.comm.completeness_threshold == 60
    with pytest.raises(DomainError, match="0 đến 100"):
        dataset_save(by=world.admin, data_set=world.comm, completeness_threshold=120,
                     **{k: v for k, v in fields.items() if k != "owner"})


def test_a_rule_is_checked_against_last_periods_reports_in_its_province(world):
    communes = list(orgunit_children(unit=world.province, on=world.province.valid_from)[:3])
    far = orgunit_children(unit=world.far_province, on=world.far_province.valid_from).first()
    key = "disability:no|ethnicity:kinh|sex:male|training_level:elementary"
    approved_values(communes[0], "2023", {("TRAINED_PERSONS", key): 900})
    approved_values(communes[0], "2024", {("TRAINED_PERSONS", key): 600})
    approved_values(communes[1], "2024", {("TRAINED_PERSONS", key): 100})
    approved_values(communes[2], "2024", {("LABOUR_FORCE", "ethnicity:kinh|sex:male"): 100})
    approved_values(far, "2024", {("TRAINED_PERSONS", key): 9999})
    rule = rule_build(code="LS_TRAINED_CAP", left="trained_persons", operator="<=", right="500", for_each=[],
                      severity="warning", message_vi="Số người học nghề ({left}) vượt {right}.", owner=world.province)
    preview = rule_preview(rule=rule, owner=world.province)
    assert (preview.period, preview.reports, preview.failing) == ("2024", 2, 1)
    assert "600" in preview.examples[0]
    national = rule_preview(rule=rule, owner=None)
    assert (national.reports, national.failing) == (3, 2)


def test_a_provincial_rule_applies_to_its_province_only(world):
    _province_form(world)
    validation_rule_save(by=world.officer, code="LS_FEMALE_LE_TOTAL", left="LS_RURAL_TRAINED[sex:female]",
                         operator="<=", right="LS_RURAL_TRAINED", message_vi="Nữ ({left}) quá tổng ({right}).",
                         owner=world.province)
    assert "LS_FEMALE_LE_TOTAL" in {r.code for r in rules_for(org_unit=world.commune)}
    assert "LS_FEMALE_LE_TOTAL" not in {r.code for r in rules_for(org_unit=world.far_commune)}
    assert "ADMISSIONS_FEMALE_LE_TOTAL" in {r.code for r in rules_for(org_unit=world.far_commune)}
    submission = approved_values(world.commune, world.year.code, {("LABOUR_FORCE", "ethnicity:kinh|sex:male"): 5},
                                 state="draft")
    assert submission_check(submission=submission, period=world.year).errors == []
    with pytest.raises(PermissionDenied):
        validation_rule_save(by=world.far_officer, code="TN_X", left="LS_RURAL_TRAINED", operator=">=", right="0",
                             message_vi="x", owner=world.province)
    with pytest.raises(DomainError, match="riêng của tỉnh khác"):
        validation_rule_save(by=world.far_officer, code="TN_X", left="LS_RURAL_TRAINED", operator=">=", right="0",
                             message_vi="x", owner=world.far_province)
    with pytest.raises(DomainError, match="không có phân tổ"):
        validation_rule_save(by=world.officer, code="LS_Y", left="LS_RURAL_TRAINED[colour:red]", operator=">=",
                             right="0", message_vi="x", owner=world.province)


def test_the_rule_page_shows_the_check_before_it_saves(world, client):
    _province_form(world)
    client.login(username="canbo", password=PASSWORD)
    form = {"owner": str(world.province.pk), "code": "LS_CAP", "left": "LS_RURAL_TRAINED", "operator": "<=",
            "right": "1000", "for_each": "", "severity": "error", "message_vi": "Quá {right}.", "active": "on"}
    first = client.post("/catalog/forms/rules/new/", form)
    assert first.status_code == 200 and not ValidationRule.objects.filter(code="LS_CAP").exists()
    page = first.content.decode()
    assert "Chưa có số liệu nào" in page or "báo cáo kỳ" in page
    checked = page.split('name="checked" value="')[1].split('"')[0]
    second = client.post("/catalog/forms/rules/new/", {**form, "checked": checked})
    assert second.status_code == 302 and ValidationRule.objects.get(code="LS_CAP").owner == world.province
    changed = client.post("/catalog/forms/rules/new/", {**form, "code": "LS_CAP2", "right": "5", "checked": checked})
    assert changed.status_code == 200 and not ValidationRule.objects.filter(code="LS_CAP2").exists()
    client.logout()
    client.login(username="canbo-tn", password=PASSWORD)
    rule = ValidationRule.objects.get(code="LS_CAP")
    assert client.get(f"/catalog/forms/rules/{rule.pk}/").status_code == 404
    assert client.post(f"/catalog/forms/rules/{rule.pk}/delete/").status_code == 404


def test_an_officer_opens_and_closes_an_entry_window_of_their_form(world, client):
    data_set, _ = _province_form(world)
    client.login(username="canbo", password=PASSWORD)
    today = timezone.localdate()
    closes = today + dt.timedelta(days=20)
    response = client.post(f"/catalog/forms/{data_set.pk}/window/", {
        "period": "2024", "action": "open", "opens_on": today.strftime("%d/%m/%Y"),
        "closes_on": closes.strftime("%d/%m/%Y")})
    assert response.status_code == 302
    assert dataset_window(data_set=data_set, period=period_parse("2024")) == (today, closes)
    assert "LS_COMMUNE_EXTRA" in client.get("/catalog/forms/windows/").content.decode()
    client.post(f"/catalog/forms/{data_set.pk}/window/", {"period": "2024", "action": "close"})
    assert DataSetWindow.objects.get(data_set=data_set, period="2024").closes_on == today - dt.timedelta(days=1)
    # Another province's officer and a national form: refused.
    assert client.post(f"/catalog/forms/{world.comm.pk}/window/", {"period": "2024", "action": "close"}).status_code == 403
    client.logout()
    client.login(username="canbo-tn", password=PASSWORD)
    assert client.post(f"/catalog/forms/{data_set.pk}/window/", {"period": "2024", "action": "close"}).status_code == 404
    with pytest.raises(PermissionDenied):
        dataset_window_close(data_set=data_set, period="2024", today=today, by=world.far_officer)


def test_dataset_pages_refuse_other_scopes(world, client):
    data_set, element = _province_form(world)
    member = data_set.members.get()
    client.login(username="canbo-tn", password=PASSWORD)
    assert "LS_COMMUNE_EXTRA" not in client.get("/catalog/forms/").content.decode()
    assert client.get(f"/catalog/forms/{data_set.pk}/").status_code == 404
    assert client.post(f"/catalog/forms/{data_set.pk}/elements/", {"element": element.pk}).status_code == 404
    assert client.post(f"/catalog/forms/{data_set.pk}/elements/{member.pk}/", {"action": "remove"}).status_code == 404
    assert client.post(f"/catalog/forms/{world.comm.pk}/", {"code": "COMMUNE_ANNUAL", "name_vi": "x",
                                                           "org_unit_level": "commune", "period_type": "annual",
                                                           "close_after_days": 3}).status_code == 403
    assert data_set.members.count() == 1


def test_the_entry_page_shows_the_section_headings_of_a_form(world, client):
    _province_form(world)
    client.login(username="canbo-xa", password=PASSWORD)
    page = client.get(f"/data/LS_COMMUNE_EXTRA/{world.commune.code}/{world.year.code}/").content.decode()
    assert page.index("Phần A. Đào tạo nghề nông thôn") < page.index("Lao động nông thôn học nghề")


def test_any_period_of_a_form_can_be_opened_from_the_windows_page(world, client):
    data_set, _ = _province_form(world)
    client.login(username="canbo", password=PASSWORD)
    page = client.get("/catalog/forms/windows/").content.decode()
    assert f'<option value="{data_set.pk}">' in page and f'<option value="{world.comm.pk}">' not in page
    response = client.post("/catalog/forms/windows/set/", {"ds": data_set.pk, "period": "2019", "action": "open",
                                                           "opens_on": "01/01/2026", "closes_on": "31/01/2026"})
    assert response.status_code == 302
    assert DataSetWindow.objects.get(data_set=data_set, period="2019").closes_on == dt.date(2026, 1, 31)
    assert client.post("/catalog/forms/windows/set/", {"ds": world.comm.pk, "period": "2019",
                                                       "action": "close"}).status_code == 403
