"""Agency members without the Django admin: the service's scope and checks, the page, the user
picker, the links, the `gdnn followup members` command and the accounts import's agency column; every
add and remove leaves an audit row, every refusal leaves the database as it was."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from gdnn.accounts.models import Role, User
from gdnn.cli import main
from gdnn.common.errors import DomainError, PermissionDenied
from gdnn.common.models import AuditEvent
from gdnn.followup.models import AgencyMember
from gdnn.followup.services import agency_member_add, agency_member_remove
from gdnn.orgunits.selectors import orgunit_children, orgunit_get
from gdnn.plans.models import Agency
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    from gdnn.plans.services import agency_register_sync

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # six accounts per test

    agency_register_sync()
    lang_son, thai_nguyen = orgunit_get(code="20"), orgunit_get(code="19")
    return {
        "lang_son": lang_son, "thai_nguyen": thai_nguyen, "commune": orgunit_get(code="06385"),
        "far_commune": orgunit_children(unit=thai_nguyen, on=thai_nguyen.valid_from).first(),
        "admin": user_with_role("quantri", Role.SYSTEM_ADMIN, None),
        "officer": user_with_role("canbo", Role.PROVINCE_OFFICER, lang_son),
        "far_officer": user_with_role("canbo-tn", Role.PROVINCE_OFFICER, thai_nguyen),
        "stc": user_with_role("stc.ls", Role.PROVINCE_OFFICER, lang_son),
        "far_stc": user_with_role("stc.tn", Role.PROVINCE_OFFICER, thai_nguyen),
        "finance": Agency.objects.get(code="so-tai-chinh"),
    }


def as_user(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


def audit(kind):
    return list(AuditEvent.objects.filter(kind=kind).values_list("actor_name", "new", "old"))


# --- the service ----------------------------------------------------------------------------------

def test_a_province_officer_adds_and_removes_a_member_of_their_province_with_audit_rows(world):
    member = agency_member_add(user=world["stc"], agency=world["finance"], org_unit=world["lang_son"],
                               by=world["officer"])
    new = {"user": "stc.ls", "agency": "so-tai-chinh", "org_unit": "20"}
    assert audit(AuditEvent.Kind.AGENCY_MEMBER_ADDED) == [("canbo", new, None)]
    agency_member_remove(member=member, by=world["officer"])
    assert not AgencyMember.objects.exists()
    assert audit(AuditEvent.Kind.AGENCY_MEMBER_REMOVED) == [("canbo", None, new)]


def test_a_province_officer_cannot_touch_another_provinces_agencies(world):
    with pytest.raises(PermissionDenied, match="ngoài phạm vi"):
        agency_member_add(user=world["far_stc"], agency=world["finance"], org_unit=world["thai_nguyen"],
                          by=world["officer"])
    with pytest.raises(PermissionDenied, match=r"stc\.tn"):  # their unit, someone else's account
        agency_member_add(user=world["far_stc"], agency=world["finance"], org_unit=world["lang_son"],
                          by=world["officer"])
    far = agency_member_add(user=world["far_stc"], agency=world["finance"], org_unit=world["thai_nguyen"],
                            by=world["far_officer"])
    with pytest.raises(PermissionDenied):
        agency_member_remove(member=far, by=world["officer"])
    assert list(AgencyMember.objects.values_list("user__username", flat=True)) == ["stc.tn"]
    assert len(audit(AuditEvent.Kind.AGENCY_MEMBER_ADDED)) == 1
    assert not audit(AuditEvent.Kind.AGENCY_MEMBER_REMOVED)


@pytest.mark.parametrize(("agency", "unit", "message"), [
    ("so-tai-chinh", "commune", "cơ quan cấp tỉnh"),       # a Sở sits at the province
    ("ubnd-xa", "lang_son", "cơ quan cấp xã"),               # a commune's people's committee at a commune
    ("so-khdt", "lang_son", "nay là Sở Tài chính"),          # dissolved in 2025: its successor named
])
def test_an_agency_at_a_unit_where_it_does_not_sit_is_refused(world, agency, unit, message):
    with pytest.raises(DomainError, match=message):
        agency_member_add(user=world["stc"], agency=Agency.objects.get(code=agency), org_unit=world[unit],
                          by=world["admin"])
    assert not AgencyMember.objects.exists() and not AuditEvent.objects.exists()


def test_the_same_member_twice_is_refused_by_name(world):
    agency_member_add(user=world["stc"], agency=world["finance"], org_unit=world["lang_son"], by=None)
    with pytest.raises(DomainError, match=r"stc\.ls đã báo cáo cho Sở Tài chính"):
        agency_member_add(user=world["stc"], agency=world["finance"], org_unit=world["lang_son"], by=None)


# --- the page -------------------------------------------------------------------------------------

def test_the_page_lists_adds_by_the_picker_and_removes(client, world):
    as_user(client, "canbo")
    picked = client.get(reverse("users:pick") + "?field=user&user=stc")
    assert 'value="stc.ls"' in picked.content.decode() and "stc.tn" not in picked.content.decode()
    page = client.get(reverse("followup:members"))
    html = page.content.decode()
    assert page.status_code == 200 and "Lạng Sơn" in html and 'data-agency="so-tai-chinh"' in html
    assert 'hx-get="/users/pick/?field=user"' in html
    response = client.post(reverse("followup:member-add"), {"unit": "20", "user": "stc.ls",
                                                           "agency": world["finance"].pk, "org_unit": ""})
    assert response.status_code == 302
    member = AgencyMember.objects.get()
    assert (member.user, member.agency, member.org_unit) == (world["stc"], world["finance"], world["lang_son"])
    html = client.get(response["Location"]).content.decode()
    assert 'data-username="stc.ls"' in html
    detail = client.get(reverse("users:detail", args=[world["stc"].pk])).content.decode()
    assert "Sở Tài chính — Tỉnh Lạng Sơn" in detail or "Sở Tài chính — Lạng Sơn" in detail
    assert 'id="agency-members-link"' in client.get(reverse("users:list")).content.decode()
    response = client.post(reverse("followup:member-remove", args=[member.pk]), {"unit": "20"})
    assert response.status_code == 302 and not AgencyMember.objects.exists()
    assert [k for k, in AuditEvent.objects.values_list("kind")] == ["agency_member_added", "agency_member_removed"]


def test_the_page_refuses_another_provinces_agencies_and_accounts(client, world):
    far = agency_member_add(user=world["far_stc"], agency=world["finance"], org_unit=world["thai_nguyen"], by=None)
    as_user(client, "canbo")
    html = client.get(reverse("followup:members") + "?unit=19").content.decode()
    assert "stc.tn" not in html  # the officer's own province is shown, not the one asked for
    for data in ({"unit": "20", "user": "stc.ls", "agency": world["finance"].pk, "org_unit": "19"},
                 {"unit": "20", "user": "stc.tn", "agency": world["finance"].pk, "org_unit": ""}):
        response = client.post(reverse("followup:member-add"), data)
        assert response.status_code == 400
    assert "trong phạm vi quản lý của bạn" in response.content.decode()
    assert client.post(reverse("followup:member-remove", args=[far.pk]), {"unit": "20"}).status_code == 403
    assert list(AgencyMember.objects.all()) == [far]
    assert AuditEvent.objects.count() == 1  # the operator's add only


def test_a_commune_officer_may_not_open_the_page(client, world):
    user_with_role("xa", Role.COMMUNE_OFFICER, world["commune"])
    as_user(client, "xa")
    assert client.get(reverse("followup:members")).status_code == 403
    assert client.get(reverse("users:pick") + "?q=stc").status_code == 403


def test_the_system_administrator_chooses_the_province(client, world):
    as_user(client, "quantri")
    html = client.get(reverse("followup:members")).content.decode()
    assert "Hãy chọn tỉnh, thành phố." in html and 'value="19"' in html
    response = client.post(reverse("followup:member-add"), {"unit": "19", "user": "stc.tn",
                                                           "agency": world["finance"].pk, "org_unit": ""})
    assert response.status_code == 302 and response["Location"].endswith("?unit=19")
    assert AgencyMember.objects.get().org_unit == world["thai_nguyen"]


def test_the_matrix_links_to_the_members_page(followed, client):
    from tests.followup.conftest import user

    plan, _ = followed
    u = user("sogddt.langson")
    u.set_password(PASSWORD)
    u.save()
    as_user(client, "sogddt.langson")
    html = client.get(reverse("followup:matrix", args=[plan.pk])).content.decode()
    assert 'id="members-link"' in html and "/followup/members/?unit=20" in html


# --- the command line -----------------------------------------------------------------------------

def test_the_command_adds_lists_and_removes(world, capsys):
    assert main(["followup", "members", "add", "stc.ls", "Sở Tài chính", "20"]) == 0
    assert AgencyMember.objects.get().user == world["stc"]
    assert main(["followup", "members", "list", "--unit", "20"]) == 0
    out = capsys.readouterr().out
    assert "20\tTỉnh Lạng Sơn\tso-tai-chinh\tstc.ls" in out or "\tso-tai-chinh\tstc.ls" in out
    assert main(["followup", "members", "remove", "stc.ls", "so-tai-chinh", "20", "--by", "canbo"]) == 0
    assert not AgencyMember.objects.exists()
    assert [(k, a) for k, a in AuditEvent.objects.values_list("kind", "actor_name")] == [
        ("agency_member_added", ""), ("agency_member_removed", "canbo")]


def test_the_command_refuses_another_provinces_agency_with_status_2(world, capsys):
    assert main(["followup", "members", "add", "stc.tn", "so-tai-chinh", "19", "--by", "canbo"]) == 2
    assert "ngoài phạm vi quản lý" in capsys.readouterr().err
    assert main(["followup", "members", "add", "stc.ls", "Sở Không Có", "20"]) == 2
    assert "Không có cơ quan" in capsys.readouterr().err
    assert not AgencyMember.objects.exists() and not AuditEvent.objects.exists()


# --- the accounts import --------------------------------------------------------------------------

def xlsx(rows) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(["Tên đăng nhập", "Họ và tên", "Email", "Vai trò", "Đơn vị (mã hoặc tên)", "Cơ quan báo cáo"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "tai-khoan.xlsx"
    return out


def test_the_import_agency_column_makes_the_member(client, world):
    as_user(client, "canbo")
    response = client.post(reverse("users:import"), {"file": xlsx([
        ["stc.moi", "Cán bộ Sở Tài chính", "", "Cán bộ cấp tỉnh", "20", "Sở Tài chính"],
        ["xa.moi", "", "", "Cán bộ cấp xã", "06385", "ubnd-xa"],
        ["khong.co", "", "", "Cán bộ cấp tỉnh", "20", ""],
    ])})
    assert response.status_code == 200, response.content.decode()[:2000]
    members = {(m.user.username, m.agency.code, m.org_unit.code) for m in AgencyMember.objects.all()}
    assert members == {("stc.moi", "so-tai-chinh", "20"), ("xa.moi", "ubnd-xa", "06385")}
    assert [a for a, in AuditEvent.objects.filter(kind="agency_member_added").values_list("actor_name")] == [
        "canbo", "canbo"]


def test_a_bad_agency_cell_names_its_row_and_column_and_nothing_is_created(client, world):
    as_user(client, "canbo")
    response = client.post(reverse("users:import"), {"file": xlsx([
        ["mot", "", "", "Cán bộ cấp tỉnh", "20", "Sở Tài chính"],
        ["hai", "", "", "Cán bộ cấp tỉnh", "20", "Sở Không Có"],
        ["ba", "", "", "Cán bộ cấp xã", "06385", "Sở Tài chính"],
    ])})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Dòng 3, cột F (Cơ quan báo cáo (mã hoặc tên)): Không có cơ quan “Sở Không Có”" in html
    assert "Dòng 4, cột F (Cơ quan báo cáo (mã hoặc tên)): Sở Tài chính là cơ quan cấp tỉnh" in html
    assert not User.objects.filter(username__in=["mot", "hai", "ba"]).exists()
    assert not AgencyMember.objects.exists() and not AuditEvent.objects.exists()
