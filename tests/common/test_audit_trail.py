"""A complete trail: who published, corrected, created, moved, revoked or deactivated what, with the
old and new values and the client address; users are deactivated, never deleted."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from gdnn.accounts.models import ApiToken, Role, User
from gdnn.accounts.selectors import orgunit_in_scope
from gdnn.accounts.services import apitoken_authenticate, apitoken_create, user_create
from gdnn.common.errors import PermissionDenied
from gdnn.common.models import AuditEvent
from gdnn.indicators.models import Indicator
from gdnn.orgunits.models import OrgUnit
from gdnn.orgunits.selectors import orgunit_get, today
from gdnn.orgunits.services import institution_create, orgunit_move
from gdnn.plans.models import Plan
from gdnn.plans.services import plan_publish, target_review
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db
Kind = AuditEvent.Kind


def _commune(province_code: str) -> OrgUnit:
    province = orgunit_get(code=province_code)
    return OrgUnit.objects.filter(path__startswith=province.path, level=OrgUnit.Level.COMMUNE,
                                  valid_to__isnull=True).order_by("code").first()


def _client(user: User, address: str = "203.0.113.20") -> Client:
    client = Client(REMOTE_ADDR=address)
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def superuser() -> User:
    return user_create(username="qtht", password=PASSWORD, role=Role.SYSTEM_ADMIN, org_unit=None)


def test_a_correction_keeps_the_old_and_new_values_and_who(import_seed):
    officer = user_with_role("tinh", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    target = import_seed("000").targets.get(order=2)
    old_min = format(target.value_min.normalize(), "f")
    target_review(target=target, by=officer, indicator=Indicator.objects.get(code="GDNN.GRAD_TO_VET"), year=2025,
                  comparator="range", value_min=Decimal(36), value_max=Decimal(40), unit="percent")
    event = AuditEvent.objects.get(kind=Kind.TARGET_CORRECTED)
    assert event.actor == officer and event.object_id == str(target.pk)
    assert event.old["value_min"] == old_min and event.new["value_min"] == "36"
    assert event.new["comparator"] == "range" and event.new["indicator"] == "GDNN.GRAD_TO_VET"


def test_publishing_on_the_page_records_who_and_from_where(import_seed):
    plan = import_seed("000")
    officer = user_with_role("tinh", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    _client(officer).post(f"/plans/{plan.pk}/publish/")
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.PUBLISHED
    event = AuditEvent.objects.get(kind=Kind.PLAN_PUBLISHED)
    assert (event.actor_name, event.client_address) == ("tinh", "203.0.113.20")
    assert event.old == {"status": "draft"} and event.new == {"status": "published"}


def test_targets_of_a_published_plan_are_read_only_in_the_admin(import_seed, superuser):
    plan = import_seed("000")
    admin = _client(superuser)
    url = f"/admin/plans/plan/{plan.pk}/change/"
    assert 'name="targets-0-value_min"' in admin.get(url).content.decode()
    plan_publish(plan=plan, by=superuser)
    page = admin.get(url).content.decode()
    assert 'name="targets-0-value_min"' not in page and 'name="status"' not in page


def test_creating_an_institution_on_the_page_is_recorded():
    commune = _commune("20")
    officer = user_with_role("tinh", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    response = _client(officer).post(f"/orgunits/{commune.code}/institutions/new/", {
        "code": "TC-LS-99", "name": "Trường Trung cấp Thử", "institution_type": "trung_cap", "ownership": "cong_lap"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(kind=Kind.INSTITUTION_CREATED)
    assert event.actor == officer and event.client_address == "203.0.113.20"
    assert event.new == {"code": "TC-LS-99", "name": "Trường Trung cấp Thử", "parent": commune.code}


def test_moving_an_institution_recomputes_its_path_and_scope(superuser):
    school = institution_create(code="TC-LS-98", name="Trường Thử", commune=_commune("20"),
                                institution_type="trung_cap", ownership="cong_lap")
    old_officer = user_with_role("ls", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    new_officer = user_with_role("tn", Role.PROVINCE_OFFICER, orgunit_get(code="19"))
    assert orgunit_in_scope(user=old_officer, unit=school)
    with pytest.raises(PermissionDenied):
        orgunit_move(unit=school, new_parent=_commune("19"), by=old_officer)
    moved = orgunit_move(unit=school, new_parent=_commune("19"), by=superuser)
    assert moved.path == f"{_commune('19').path}{school.pk}/" and moved.parent == _commune("19")
    assert not orgunit_in_scope(user=old_officer, unit=moved) and orgunit_in_scope(user=new_officer, unit=moved)
    event = AuditEvent.objects.get(kind=Kind.ORGUNIT_MOVED)
    assert event.old == {"parent": _commune("20").code, "path": school.path}
    assert event.new["parent"] == _commune("19").code and event.actor == superuser


def test_the_admin_does_not_edit_a_units_parent(superuser):
    unit = _commune("20")
    page = _client(superuser).get(f"/admin/orgunits/orgunit/{unit.pk}/change/").content.decode()
    assert 'name="parent"' not in page and 'name="name"' in page


def test_users_are_deactivated_not_deleted_and_their_tokens_stop(superuser):
    reporter = user_with_role("truong", Role.VIEWER, None)
    _, raw = apitoken_create(user=reporter, name="phần mềm trường", by=reporter)
    admin = _client(superuser)
    assert admin.get(f"/admin/accounts/user/{reporter.pk}/delete/").status_code == 403
    assert "delete_selected" not in admin.get("/admin/accounts/user/").content.decode()
    admin.post("/admin/accounts/user/", {"action": "deactivate", "_selected_action": [reporter.pk]})
    reporter.refresh_from_db()
    assert not reporter.is_active and User.objects.filter(pk=reporter.pk).exists()
    assert apitoken_authenticate(raw=raw) is None and ApiToken.objects.get().revoked_at is not None
    kinds = list(AuditEvent.objects.values_list("kind", "actor_name"))
    assert kinds == [(Kind.TOKEN_CREATED, "truong"), (Kind.TOKEN_REVOKED, "qtht"), (Kind.USER_DEACTIVATED, "qtht")]
    admin.post("/admin/accounts/user/", {"action": "reactivate", "_selected_action": [reporter.pk]})
    reporter.refresh_from_db()
    assert reporter.is_active and AuditEvent.objects.filter(kind=Kind.USER_REACTIVATED).count() == 1


def test_the_trail_keeps_the_actors_name():
    officer = user_with_role("tinh", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    apitoken_create(user=officer, name="ETL", by=officer)
    User.objects.filter(pk=officer.pk).delete()  # e.g. a shell; the admin refuses it
    event = AuditEvent.objects.get(kind=Kind.TOKEN_CREATED)
    assert event.actor is None and event.actor_name == "tinh" and event.object_repr.endswith("ETL")


def test_the_trail_is_readable_but_not_editable_in_the_admin(superuser):
    officer = user_with_role("tinh", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    apitoken_create(user=officer, name="ETL", by=officer)
    admin = _client(superuser)
    event = AuditEvent.objects.get()
    assert "ETL" in admin.get("/admin/common/auditevent/").content.decode()
    assert admin.get(f"/admin/common/auditevent/{event.pk}/delete/").status_code == 403
    admin.post(f"/admin/common/auditevent/{event.pk}/change/", {"actor_name": "ai-khac"})
    assert AuditEvent.objects.get().actor_name == "tinh"


def test_a_province_officer_edits_moves_and_closes_an_institution_on_its_page():
    """Rename, retype and move an institution to another commune of the province, then record its
    closing: paths follow the move, one audit row names each change, and the officer can neither
    move it out of the province nor edit another province's institution."""
    import datetime as dt

    province = orgunit_get(code="20")
    first, second = OrgUnit.objects.filter(path__startswith=province.path, level=OrgUnit.Level.COMMUNE,
                                           valid_to__isnull=True).order_by("code")[:2]
    school = institution_create(code="TC-LS-97", name="Trường Thử", commune=first,
                                institution_type="trung_cap", ownership="cong_lap")
    officer = user_with_role("tinh", Role.PROVINCE_OFFICER, province)
    client = _client(officer)
    assert "/orgunits/TC-LS-97/edit/" in client.get("/orgunits/TC-LS-97/").content.decode()
    fields = {"name": "Trường Cao đẳng Thử", "institution_type": "cao_dang", "ownership": "tu_thuc",
              "managing_agency": "Sở GD&ĐT Lạng Sơn", "commune": second.code, "closed_on": ""}
    assert client.post("/orgunits/TC-LS-97/edit/", fields).status_code == 302
    school.refresh_from_db()
    assert (school.name, school.parent, school.path) == ("Trường Cao đẳng Thử", second, f"{second.path}{school.pk}/")
    assert school.institution.institution_type == "cao_dang" and school.institution.ownership == "tu_thuc"
    event = AuditEvent.objects.get(kind=Kind.INSTITUTION_UPDATED)
    assert event.actor == officer and event.client_address == "203.0.113.20"
    assert event.old["name"] == "Trường Thử" and event.new["commune"] == second.code
    assert AuditEvent.objects.filter(kind=Kind.ORGUNIT_MOVED, object_id=str(school.pk)).exists()
    # Out of the province: refused by the picker's scope, nothing changes.
    page = client.post("/orgunits/TC-LS-97/edit/", {**fields, "commune": _commune("19").code})
    assert page.status_code == 200 and OrgUnit.objects.get(pk=school.pk).parent == second
    closing = client.post("/orgunits/TC-LS-97/edit/", {**fields, "closed_on": "31/12/2026"})
    assert closing.status_code == 302
    assert OrgUnit.objects.get(pk=school.pk).valid_to == dt.date(2026, 12, 31)
    other = user_with_role("tn", Role.PROVINCE_OFFICER, orgunit_get(code="19"))
    assert _client(other).post("/orgunits/TC-LS-97/edit/", fields).status_code in (403, 404)
    assert OrgUnit.objects.get(pk=school.pk).name == "Trường Cao đẳng Thử"


def test_an_institution_closed_on_a_past_day_is_found_again_and_reopened():
    """Closed by mistake last year: the save leads to its page as of its last open day, its commune
    lists it among the closed ones, and emptying the date reopens it (one more audit row)."""
    import datetime as dt

    province = orgunit_get(code="20")
    commune = OrgUnit.objects.filter(path__startswith=province.path, level=OrgUnit.Level.COMMUNE,
                                     valid_to__isnull=True).order_by("code").first()
    institution_create(code="TC-LS-96", name="Trường Đóng Nhầm", commune=commune,
                       institution_type="trung_cap", ownership="cong_lap")
    client = _client(user_with_role("tinh", Role.PROVINCE_OFFICER, province))
    fields = {"name": "Trường Đóng Nhầm", "institution_type": "trung_cap", "ownership": "cong_lap",
              "managing_agency": "", "commune": commune.code}
    last_year = today().replace(month=1, day=15) - dt.timedelta(days=365)
    saved = client.post("/orgunits/TC-LS-96/edit/", {**fields, "closed_on": f"{last_year:%d/%m/%Y}"})
    assert saved.status_code == 302 and saved["Location"].endswith(f"?as_of={last_year:%Y-%m-%d}")
    closed_page = client.get(saved["Location"]).content.decode()
    assert "Đã ngừng hoạt động" in closed_page and "/orgunits/TC-LS-96/edit/" in closed_page
    # Its breadcrumb opens its own commune, as of a day that commune existed, not the unit of the
    # former era that had the same code on the closing day.
    crumb = f'/orgunits/{commune.code}/?as_of={commune.day_within(last_year):%Y-%m-%d}"'
    assert crumb in closed_page
    assert client.get(crumb.rstrip('"')).context["unit"].pk == commune.pk
    assert client.get("/orgunits/TC-LS-96/").status_code == 404  # not a unit of today
    commune_page = client.get(f"/orgunits/{commune.code}/").content.decode()
    assert "Trường Đóng Nhầm" in commune_page and f"{last_year:%d/%m/%Y}" in commune_page
    edit = client.get("/orgunits/TC-LS-96/edit/").content.decode()
    assert f'value="{last_year:%d/%m/%Y}"' in edit  # the date as it is typed, not ISO
    assert 'id="id_closed_on_helptext"' in edit and "Chỉ ghi khi cơ sở đã ngừng hoạt động" in edit
    reopened = client.post("/orgunits/TC-LS-96/edit/", {**fields, "closed_on": ""})
    assert reopened.status_code == 302 and reopened["Location"] == "/orgunits/TC-LS-96/"
    assert OrgUnit.objects.get(code="TC-LS-96").valid_to is None
    changes = [e.new.get("closed_on", "–") for e in AuditEvent.objects.filter(kind=Kind.INSTITUTION_UPDATED)
               .order_by("pk")]
    assert changes == [f"{last_year:%Y-%m-%d}", None], changes


def test_an_institution_of_a_merged_commune_is_reopened_only_on_a_current_commune(superuser):
    from gdnn.common.errors import DomainError
    from gdnn.orgunits.models import Institution
    from gdnn.orgunits.services import institution_update

    old_commune = OrgUnit.objects.filter(level=OrgUnit.Level.COMMUNE, valid_to__isnull=False).order_by("code").first()
    school = OrgUnit.objects.create(code="TC-LS-95", name="Trường Xã Cũ", level=OrgUnit.Level.INSTITUTION,
                                    parent=old_commune, valid_to=old_commune.valid_to)
    Institution.objects.create(org_unit=school, institution_type="trung_cap", ownership="cong_lap")
    with pytest.raises(DomainError, match="chọn xã, phường hiện nay"):
        institution_update(unit=school, by=superuser, name=school.name, institution_type="trung_cap",
                           ownership="cong_lap")
    assert OrgUnit.objects.get(pk=school.pk).valid_to == old_commune.valid_to


def test_the_unit_pages_name_an_institutions_type_not_its_code():
    province = orgunit_get(code="20")
    commune = OrgUnit.objects.filter(path__startswith=province.path, level=OrgUnit.Level.COMMUNE,
                                     valid_to__isnull=True).order_by("code").first()
    institution_create(code="TC-LS-94", name="Trường Loại", commune=commune, institution_type="cao_dang",
                       ownership="cong_lap")
    client = _client(user_with_role("tinh", Role.PROVINCE_OFFICER, province))
    for page in (client.get(f"/orgunits/{commune.code}/"), client.get("/orgunits/TC-LS-94/")):
        html = page.content.decode()
        assert "Trường cao đẳng" in html and "cao_dang" not in html
