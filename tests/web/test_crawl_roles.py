"""Every role follows every link from the home page (breadth-first, depth ≤ 3, same host, no logout
or downloads, at most 300 pages): every link opens (200). Every URL pattern of the administration,
catalog, notifications, jobs and plan-editing pages opened with real ids: nothing answers 5xx. A province officer's attempts on another province's user,
indicator, data element, data set, rule, plan and job are refused (403/404) and change nothing."""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.utils import timezone

from gdnn.accounts.models import Role, User
from gdnn.collection.services.datasets import (
    dataset_element_add,
    dataset_save,
    dataset_sync,
    dataset_window_set,
)
from gdnn.collection.services.rules import validation_rule_save
from gdnn.indicators.services import data_element_save, indicator_save
from gdnn.jobs.services import job_create, job_finish
from gdnn.notifications.services import notification_send
from gdnn.orgunits.models import Institution, OrgUnit
from gdnn.orgunits.services import institution_create
from gdnn.plans.services import agency_register_sync, plan_import_draft
from tests.factories import PASSWORD, unit_ensure, user_with_role

pytestmark = pytest.mark.django_db
MAX_DEPTH, MAX_REQUESTS = 3, 300
SKIP = re.compile(r"^/(logout|admin|static|i18n)/|/download/|\.(xlsx|csv|docx|pdf|json|zip)$|[?&]format=")
HREF = re.compile(r'href="([^"#]+)')


def _province(code: str, name: str, prefix: str, school_code: str) -> dict:
    province = unit_ensure(code=code, name=name, level=OrgUnit.Level.PROVINCE)
    commune = OrgUnit.objects.filter(parent=province, level=OrgUnit.Level.COMMUNE).order_by("code").first()
    school = institution_create(code=school_code, name=f"Trường Trung cấp nghề {name}", commune=commune,
                                institution_type=Institution.Type.SECONDARY, ownership=Institution.Ownership.PUBLIC)
    officer = user_with_role(f"{prefix}.tinh", Role.PROVINCE_OFFICER, province)
    element = data_element_save(by=officer, code=f"{prefix.upper()}_RURAL_TRAINED",
                                name_vi="Lao động nông thôn được đào tạo nghề", value_type="count",
                                reported_by="commune", period_type="annual", categories=["sex"], owner=province)
    indicator = indicator_save(by=officer, code=f"{prefix.upper()}.RURAL_TRAINED_FEMALE",
                               name_vi="Lao động nữ nông thôn được đào tạo nghề", unit="persons",
                               formula_text=f"{element.code}[sex:female]", owner=province)
    data_set = dataset_save(by=officer, code=f"{prefix.upper()}_EXTRA", name_vi=f"Biểu bổ sung {name}",
                            org_unit_level="commune", period_type="annual", owner=province)
    member = dataset_element_add(by=officer, data_set=data_set, element=element, section="Phần A")
    today = timezone.localdate()
    dataset_window_set(data_set=data_set, period=str(today.year), opens_on=today - dt.timedelta(days=1),
                       closes_on=today + dt.timedelta(days=30), by=officer)
    rule = validation_rule_save(by=officer, code=f"{prefix.upper()}_FEMALE_LE_TOTAL",
                                left=f"{element.code}[sex:female]", operator="<=", right=element.code,
                                message_vi="Số nữ không được lớn hơn tổng.", owner=province)
    plan = plan_import_draft(org_unit=province, source_text="", by=officer, data={
        "doc_number": f"45/KH-UBND-{prefix}", "issuer": f"UBND {name}", "level": "province",
        "title": "Kế hoạch giáo dục nghề nghiệp năm 2026", "date": "2026-01-15",
        "targets": [{"text": "Mỗi năm đào tạo nghề cho 500 lao động nữ nông thôn", "value_min": 500,
                     "unit": "persons", "comparator": "ge", "year": 2026, "indicator": indicator.code},
                    {"text": "Phụ lục 3 kèm theo", "value_min": 3, "unit": "other", "comparator": "eq"}]})
    job = job_create(kind="report", title=f"Báo cáo {name}", by=officer, org_unit=province, params={},
                     enqueue=lambda pk: None)
    job_finish(job=job, content=b"PK fake docx", file_name="bao-cao.docx",
               content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    notification_send(user=officer, kind="reminder", text=f"Nhắc nộp {data_set.name_vi}", link="/data/",
                      email=False)
    return {"province": province, "commune": commune, "school": school, "officer": officer, "element": element,
            "indicator": indicator, "data_set": data_set, "member": member, "rule": rule, "plan": plan,
            "target": plan.targets.order_by("order").first(), "job": job}


@pytest.fixture
def world(db, settings, tmp_path):
    settings.GDNN_ANALYTICS_DIR = str(tmp_path / "analytics")
    settings.DATA_DIR = tmp_path / "data"
    dataset_sync()
    agency_register_sync()
    ls = _province("20", "Tỉnh Lạng Sơn", "ls", "TC-LS-01")
    cb = _province("04", "Tỉnh Cao Bằng", "cb", "TC-CB-01")
    users = {
        "system_admin": User.objects.create_superuser("quantri", "quantri@example.vn", PASSWORD),
        "province_officer": ls["officer"],
        "commune_officer": user_with_role("ls.xa", Role.COMMUNE_OFFICER, ls["commune"]),
        "institution_reporter": user_with_role("ls.truong", Role.INSTITUTION_REPORTER, ls["school"]),
        "viewer": user_with_role("ls.xem", Role.VIEWER, ls["province"]),
    }
    return {"ls": ls, "cb": cb, "users": users}


def _local(base: str, href: str) -> str | None:
    url = urlsplit(urljoin(base, href.replace("&amp;", "&")))
    if url.scheme not in ("http", "") or url.netloc not in ("", "testserver"):
        return None
    path = url.path + (f"?{url.query}" if url.query else "")
    return None if SKIP.search(url.path) or SKIP.search(path) else path


def crawl(client) -> dict[str, int]:
    seen: dict[str, int] = {}
    queue: deque[tuple[str, int]] = deque([("/", 0)])
    queued = {"/"}
    while queue and len(seen) < MAX_REQUESTS:
        path, depth = queue.popleft()
        response = client.get(path, follow=True)  # a link may lead through a redirect (a one-province index)
        landed = response.redirect_chain[-1][0] if response.redirect_chain else path
        seen[path] = 302 if landed.startswith("/login") else response.status_code  # never sent to log in again
        if depth >= MAX_DEPTH or response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            target = _local(f"http://testserver{path}", href)
            if target and target not in queued:
                queued.add(target)
                queue.append((target, depth + 1))
    return seen


def pattern_urls(w: dict) -> list[str]:
    """Every URL pattern of the new pages, with ids of the crawling user's own province."""
    ls, user = w["ls"], w["users"]["commune_officer"]
    ds, period = ls["data_set"].code, str(timezone.localdate().year)
    p, t = ls["plan"].pk, ls["target"].pk
    return [
        "/users/", "/users/new/", "/users/import/", "/users/import/template.xlsx", f"/users/{user.pk}/",
        f"/users/{user.pk}/roles/", f"/users/{user.pk}/roles/{user.roles.first().pk}/remove/",
        f"/users/{user.pk}/active/", f"/users/{user.pk}/password/temporary/", f"/users/{user.pk}/password/link/",
        "/catalog/", "/catalog/indicators/new/", f"/catalog/indicators/{ls['indicator'].pk}/",
        f"/catalog/indicators/{ls['indicator'].pk}/delete/", "/catalog/elements/new/",
        f"/catalog/elements/{ls['element'].pk}/", f"/catalog/elements/{ls['element'].pk}/delete/",
        "/catalog/forms/", "/catalog/forms/new/", f"/catalog/forms/{ls['data_set'].pk}/",
        f"/catalog/forms/{ls['data_set'].pk}/elements/",
        f"/catalog/forms/{ls['data_set'].pk}/elements/{ls['member'].pk}/",
        f"/catalog/forms/{ls['data_set'].pk}/window/", "/catalog/forms/rules/", "/catalog/forms/rules/new/",
        f"/catalog/forms/rules/{ls['rule'].pk}/", f"/catalog/forms/rules/{ls['rule'].pk}/delete/",
        "/catalog/forms/windows/", "/catalog/forms/windows/set/",
        "/notifications/", "/notifications/read/",
        f"/jobs/{ls['job'].pk}/", f"/jobs/{ls['job'].pk}/status/", f"/jobs/{ls['job'].pk}/download/",
        "/plans/", "/plans/calendar/", f"/plans/{p}/", f"/plans/{p}/edit/", f"/plans/{p}/status/",
        f"/plans/{p}/targets/new/", f"/plans/{p}/targets/{t}/", f"/plans/{p}/targets/{t}/remove/",
        f"/plans/{p}/targets/{t}/kind/", f"/plans/{p}/duties/delivered/", f"/plans/{p}/align/",
        f"/dashboard/plans/{p}/", f"/dashboard/plans/{p}/charts.json", "/dashboard/units/20/",
        "/data/", "/data/approvals/", "/data/completeness/", f"/data/{ds}/{ls['commune'].code}/{period}/",
        "/reports/", f"/reports/?plan={p}", "/account/", "/account/tokens/", "/security/logins/",
    ]


@pytest.mark.parametrize("role", ["system_admin", "province_officer", "commune_officer", "institution_reporter",
                                  "viewer"])
def test_every_page_a_role_can_reach_answers_without_a_server_error(client, world, role):
    client.force_login(world["users"][role])
    seen = crawl(client)
    # Every link a page shows opens: e.g. another province's own form is not offered to fill.
    assert {path: status for path, status in seen.items() if status != 200} == {}
    assert len(seen) > 100 and "/admin/" not in seen
    opened = {path: client.get(path).status_code for path in pattern_urls(world)}
    assert {path: status for path, status in opened.items() if status >= 500} == {}


def test_a_province_officer_cannot_reach_another_provinces_objects(client, world):
    cb = world["cb"]
    client.force_login(world["users"]["province_officer"])
    other_user, p, t = cb["officer"], cb["plan"].pk, cb["target"].pk
    gets = [
        f"/users/{other_user.pk}/", f"/catalog/indicators/{cb['indicator'].pk}/",
        f"/catalog/elements/{cb['element'].pk}/", f"/catalog/forms/{cb['data_set'].pk}/",
        f"/catalog/forms/rules/{cb['rule'].pk}/", f"/plans/{p}/edit/", f"/plans/{p}/targets/new/",
        f"/jobs/{cb['job'].pk}/", f"/jobs/{cb['job'].pk}/status/", f"/jobs/{cb['job'].pk}/download/",
        f"/data/completeness/?dataset={cb['data_set'].code}&period={timezone.localdate().year}",
        f"/data/{cb['data_set'].code}/{world['ls']['commune'].code}/{timezone.localdate().year}/",
    ]
    for path in gets:
        assert client.get(path).status_code in (403, 404), path
    posts = {
        f"/users/{other_user.pk}/active/": {"active": "0"},
        f"/users/{other_user.pk}/password/temporary/": {},
        f"/users/{other_user.pk}/roles/": {"role": Role.VIEWER, "org_unit": "Tỉnh Lạng Sơn (20)"},
        f"/catalog/indicators/{cb['indicator'].pk}/": {"code": cb["indicator"].code, "name_vi": "Đổi tên",
                                                      "unit": "persons", "formula_text": ""},
        f"/catalog/indicators/{cb['indicator'].pk}/delete/": {},
        f"/catalog/elements/{cb['element'].pk}/delete/": {},
        f"/catalog/forms/{cb['data_set'].pk}/elements/{cb['member'].pk}/": {"action": "remove"},
        f"/catalog/forms/{cb['data_set'].pk}/window/": {"period": "2026", "closes_on": "31/12/2026"},
        f"/catalog/forms/rules/{cb['rule'].pk}/delete/": {},
        f"/plans/{p}/edit/": {"title": "Đổi tên", "issuer": "x"},
        f"/plans/{p}/targets/{t}/remove/": {},
        f"/plans/{p}/publish/": {},
    }
    for page in ("/data/completeness/", "/data/approvals/", "/"):  # nor is its own form offered
        assert cb["data_set"].code not in client.get(page).content.decode(), page
    for path, data in posts.items():
        assert client.post(path, data).status_code in (403, 404), path
    client.post("/notifications/read/", {"id": str(cb["officer"].notifications.get().pk)})  # only one's own
    cb["indicator"].refresh_from_db()
    cb["plan"].refresh_from_db()
    other_user.refresh_from_db()
    assert cb["indicator"].name_vi == "Lao động nữ nông thôn được đào tạo nghề"
    assert cb["plan"].title == "Kế hoạch giáo dục nghề nghiệp năm 2026" and cb["plan"].targets.count() == 2
    assert other_user.is_active and cb["element"].__class__.objects.filter(pk=cb["element"].pk).exists()
    assert cb["rule"].__class__.objects.filter(pk=cb["rule"].pk).exists()
    assert not cb["officer"].notifications.filter(read_at__isnull=False).exists()


def test_the_api_refuses_another_provinces_plan(client, world):
    from gdnn.accounts.services import apitoken_create

    _, raw = apitoken_create(user=world["users"]["province_officer"], name="Kho dữ liệu tỉnh")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get(f"/api/v1/plans/{world['ls']['plan'].pk}/progress", **auth).status_code == 200
    assert client.get(f"/api/v1/plans/{world['cb']['plan'].pk}/progress", **auth).status_code == 404
    codes = [p["id"] for p in client.get("/api/v1/plans", **auth).json()["plans"]]
    assert world["ls"]["plan"].pk in codes and world["cb"]["plan"].pk not in codes


@pytest.mark.parametrize("role", ["commune_officer", "institution_reporter", "viewer"])
def test_roles_without_administration_rights_are_refused_its_pages(client, world, role):
    ls = world["ls"]
    client.force_login(world["users"][role])
    for path in ["/users/new/", "/users/import/", f"/users/{ls['officer'].pk}/", "/catalog/indicators/new/",
                 "/catalog/elements/new/", "/catalog/forms/new/", "/catalog/forms/rules/new/",
                 f"/plans/{ls['plan'].pk}/edit/"]:
        assert client.get(path).status_code in (403, 404), (role, path)
    # The province's catalog entries may be read (200), never changed.
    assert client.post(f"/catalog/indicators/{ls['indicator'].pk}/", {
        "code": ls["indicator"].code, "name_vi": "Đổi tên", "unit": "persons"}).status_code in (403, 404)
    assert client.post(f"/catalog/forms/rules/{ls['rule'].pk}/delete/").status_code in (403, 404)
    assert client.post(f"/catalog/indicators/{ls['indicator'].pk}/delete/").status_code in (403, 404)
    assert client.post(f"/users/{ls['officer'].pk}/active/", {"active": "0"}).status_code in (403, 404)
    assert client.post(f"/plans/{ls['plan'].pk}/publish/").status_code in (403, 404)
    ls["officer"].refresh_from_db()
    ls["plan"].refresh_from_db()
    assert ls["officer"].is_active and ls["plan"].status == "draft"
    ls["indicator"].refresh_from_db()
    assert ls["indicator"].name_vi == "Lao động nữ nông thôn được đào tạo nghề"
    assert ls["rule"].__class__.objects.filter(pk=ls["rule"].pk).exists()
