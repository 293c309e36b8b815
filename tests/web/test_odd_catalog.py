"""No configuration a user can save produces a 5xx: an indicator without a formula, a formula over
a deleted element, a formula stored malformed (as the Django admin lets one), an empty form — the
plan page, the progress API, the dashboard and the report all answer, with "chưa có số liệu"."""

import datetime as dt

import pytest

from gdnn.accounts.models import Role
from gdnn.accounts.services import apitoken_create
from gdnn.analytics.services import analytics_rebuild
from gdnn.collection.services.datasets import dataset_save
from gdnn.indicators.models import DataElement, Indicator
from gdnn.indicators.services import data_element_save, indicator_save
from gdnn.orgunits.selectors import orgunit_children, orgunit_get
from gdnn.plans.services import plan_import_draft, plan_publish
from tests.analytics.factories import accept_any_coverage, approved_values
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db
NOW = dt.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def analytics_dir(settings, tmp_path):
    settings.GDNN_ANALYTICS_DIR = str(tmp_path / "analytics")
    settings.GDNN_DATA_DIR = str(tmp_path)


def test_odd_configurations_never_answer_5xx(client, national):
    province = orgunit_get(code="20")
    officer = user_with_role("tinh", Role.PROVINCE_OFFICER, province)
    communes = list(orgunit_children(unit=orgunit_get(code="20", on=NOW), on=NOW))
    accept_any_coverage()  # one commune's figures decide here: the test is about odd configurations
    approved_values(communes[0], "2024", {("WORKERS_TRAINED_CERT", "ethnicity:kinh|sex:male"): 300,
                                          ("LABOUR_FORCE", "ethnicity:kinh|sex:male"): 1000})
    analytics_rebuild()
    indicator_save(by=officer, code="LS.NO_FORMULA", name_vi="Chỉ số chưa có công thức", unit="persons",
                   owner=province)
    data_element_save(by=officer, code="LS_GONE", name_vi="Sẽ bị xóa", value_type="count", reported_by="commune",
                      period_type="annual", owner=province)
    indicator_save(by=officer, code="LS.GONE", name_vi="Chỉ số mất phần tử", unit="persons",
                   formula_text="LS_GONE", owner=province)
    DataElement.objects.filter(code="LS_GONE").delete()  # as the Django admin would let it happen
    Indicator.objects.create(code="LS.MALFORMED", name_vi="Công thức hỏng", name_en="x", unit="percent",
                             numerator="không phải danh sách", denominator=[{"element": 3}], factor=0,
                             period_type="", owner=province)
    empty = dataset_save(by=officer, code="LS_EMPTY", name_vi="Biểu chưa có phần tử", org_unit_level="commune",
                         period_type="annual", owner=province)
    targets = [{"text": f"{code} đạt 10", "indicator": code, "unit": unit, "year": 2030, "comparator": "ge",
                "value_min": 10} for code, unit in (("LS.NO_FORMULA", "persons"), ("LS.GONE", "persons"),
                                                    ("LS.MALFORMED", "percent"),
                                                    ("GDNN.TRAINED_WORKERS_CERT", "percent"))]
    plan = plan_import_draft(data={"doc_number": "7/KH-UBND", "issuer": "UBND tỉnh Lạng Sơn", "title": "Thử",
                                   "date": "2026-01-02", "targets": targets}, source_text="", org_unit=province)
    assert plan.targets.filter(indicator__isnull=True).count() == 0
    plan_publish(plan=plan, by=officer)

    client.login(username="tinh", password=PASSWORD)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {apitoken_create(user=officer, name='t')[1]}"}
    answers = {
        "plan": client.get(f"/plans/{plan.pk}/"),
        "dashboard": client.get(f"/dashboard/plans/{plan.pk}/", {"as_of": "2025-03-01"}),
        "charts": client.get(f"/dashboard/plans/{plan.pk}/charts.json"),
        "drilldown": client.get("/dashboard/units/20/", {"indicator": "LS.MALFORMED", "period": "2024"}),
        "drilldown-empty": client.get("/dashboard/units/20/", {"indicator": "LS.NO_FORMULA", "period": "2024"}),
        "progress": client.get(f"/api/v1/plans/{plan.pk}/progress", **auth),
        "report": client.post("/reports/", {"plan": plan.pk, "org_unit": "20", "period": "2025", "format": "docx"}),
        "report-xlsx": client.post("/reports/", {"plan": plan.pk, "org_unit": "20", "period": "2025",
                                                 "format": "xlsx"}),
        "entry-empty": client.get(f"/data/{empty.code}/{communes[0].code}/2025/"),
        "data": client.get("/data/"),
        "catalog": client.get("/catalog/"),
        "windows": client.get("/catalog/forms/windows/"),
        "dataset": client.get(f"/catalog/forms/{empty.pk}/"),
        "indicator": client.get(f"/catalog/indicators/{Indicator.objects.get(code='LS.MALFORMED').pk}/"),
    }
    assert {name: r.status_code for name, r in answers.items() if r.status_code >= 500} == {}
    assert "chưa có số liệu" in answers["dashboard"].content.decode()
    progress = {t["indicator"]: t for t in answers["progress"].json()["targets"]}
    for code in ("LS.NO_FORMULA", "LS.GONE", "LS.MALFORMED"):
        assert progress[code]["actual"] is None, progress[code]
    assert progress["GDNN.TRAINED_WORKERS_CERT"]["actual"] == pytest.approx(30.0)


def test_every_new_page_answers_every_role_without_a_5xx(client, national):
    province, commune = orgunit_get(code="20"), orgunit_get(code="06385")
    officer = user_with_role("tinh2", Role.PROVINCE_OFFICER, province)
    indicator = indicator_save(by=officer, code="LS.CRAWL", name_vi="Thử", unit="persons", owner=province)
    data_set = dataset_save(by=officer, code="LS_CRAWL", name_vi="Biểu", org_unit_level="commune",
                            period_type="annual", owner=province)
    plan = plan_import_draft(data={"doc_number": "9/KH-UBND", "issuer": "UBND tỉnh Lạng Sơn", "title": "None",
                                   "targets": [{"text": "x", "unit": "other", "comparator": "eq", "value_min": 1}]},
                             source_text="", org_unit=province)
    plan.reporting_duties.create(who="Sở GD&ĐT", frequency="annual", to="UBND tỉnh", order=0)
    target = plan.targets.get()
    pages = ["/catalog/", "/catalog/indicators/new/", f"/catalog/indicators/{indicator.pk}/", "/catalog/elements/new/",
             f"/catalog/elements/{DataElement.objects.first().pk}/", "/catalog/forms/", "/catalog/forms/new/",
             f"/catalog/forms/{data_set.pk}/", "/catalog/forms/rules/", "/catalog/forms/rules/new/",
             "/catalog/forms/windows/", f"/plans/{plan.pk}/", f"/plans/{plan.pk}/edit/",
             f"/plans/{plan.pk}/targets/new/", f"/plans/{plan.pk}/targets/{target.pk}/", "/plans/calendar/"]
    users = {"admin": user_with_role("qt", Role.SYSTEM_ADMIN, None), "officer": officer,
             "far": user_with_role("tn", Role.PROVINCE_OFFICER, orgunit_get(code="19")),
             "commune": user_with_role("xa", Role.COMMUNE_OFFICER, commune),
             "viewer": user_with_role("xem", Role.VIEWER, province)}
    failures = []
    for name, user in users.items():
        client.force_login(user)
        failures += [(name, url, r.status_code) for url in pages if (r := client.get(url)).status_code >= 500]
        # Writes by everyone: refused (403/404) or accepted, never a 5xx.
        for url in (f"/plans/{plan.pk}/status/", f"/catalog/forms/{data_set.pk}/window/",
                    f"/plans/{plan.pk}/duties/delivered/", "/catalog/forms/windows/set/"):
            if (r := client.post(url, {"action": "bogus"})).status_code >= 500:
                failures.append((name, url, r.status_code))
    assert failures == []
