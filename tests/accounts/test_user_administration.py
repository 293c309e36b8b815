"""User administration pages: a system administrator manages everyone, a province officer only their
province's accounts; every cross-scope attempt is refused and leaves the database as it was."""

import io
import re

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from gdnn.accounts.models import Role, RoleAssignment, User
from gdnn.common.mail import FOOTER, SUBJECT_PREFIX
from gdnn.orgunits.models import OrgUnit
from gdnn.orgunits.selectors import orgunit_children, orgunit_get
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    lang_son, thai_nguyen = orgunit_get(code="20"), orgunit_get(code="19")
    return {
        "lang_son": lang_son, "thai_nguyen": thai_nguyen, "commune": orgunit_get(code="06385"),
        "far_commune": orgunit_children(unit=thai_nguyen, on=thai_nguyen.valid_from).first(),
        "admin": user_with_role("quantri", Role.SYSTEM_ADMIN, None),
        "officer": user_with_role("canbo", Role.PROVINCE_OFFICER, lang_son),
        "far_officer": user_with_role("canbo-tn", Role.PROVINCE_OFFICER, thai_nguyen),
    }


def as_user(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


def xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["Tên đăng nhập", "Họ và tên", "Email", "Vai trò", "Đơn vị (mã hoặc tên)"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()




def post_file(client, name, data):
    f = io.BytesIO(data)
    f.name = name
    return client.post("/users/import/", {"file": f})


def test_the_system_administrator_creates_a_province_officer_by_the_province_name(client, world):
    as_user(client, "quantri")
    response = client.post("/users/new/", {"username": "tinh.ls", "full_name": "Cán bộ Lạng Sơn",
                                            "email": "", "role": Role.PROVINCE_OFFICER, "org_unit": "Lạng Sơn"})
    assert response.status_code == 200
    user = User.objects.get(username="tinh.ls")
    assert [(a.role, a.org_unit) for a in user.roles.all()] == [(Role.PROVINCE_OFFICER, world["lang_son"])]
    temporary = re.search(r'<code class="password">([^<]+)</code>', response.content.decode()).group(1)
    assert user.check_password(temporary) and user.must_change_password


@pytest.mark.parametrize(("role", "unit", "message"), [
    (Role.PROVINCE_OFFICER, "Tỉnh Bắc Kạn (06 · đến 30/06/2025)", "không còn hiệu lực"),
    (Role.PROVINCE_OFFICER, "06385", "phải gắn với một đơn vị cấp"),  # a commune for a province role
    (Role.COMMUNE_OFFICER, "", "phải gắn với"),
])
def test_a_role_on_an_expired_unit_or_a_unit_of_the_wrong_level_is_refused(client, world, role, unit, message):
    as_user(client, "quantri")
    response = client.post("/users/new/", {"username": "sai", "role": role, "org_unit": unit})
    assert response.status_code == 200 and message in response.content.decode()
    assert not User.objects.filter(username="sai").exists()


def test_the_refusal_speaks_the_pages_language(client, world, settings):
    as_user(client, "quantri")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post("/users/new/", {"username": "sai", "role": Role.PROVINCE_OFFICER, "org_unit": "06385"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "The role Province officer must be bound to a unit of level Province." in page
    assert "phải gắn với" not in page
    assert not User.objects.filter(username="sai").exists()


def test_a_province_officer_lists_only_their_province_accounts(client, world):
    user_with_role("xa-ls", Role.COMMUNE_OFFICER, world["commune"])
    user_with_role("xa-tn", Role.COMMUNE_OFFICER, world["far_commune"])
    page = as_user(client, "canbo").get("/users/").content.decode()
    assert "xa-ls" in page and "xa-tn" not in page and "quantri" not in page and "canbo-tn" not in page


@pytest.mark.parametrize("action", ["view", "edit", "deactivate", "temporary", "link", "role-add", "role-remove"])
def test_another_provinces_account_cannot_be_reached(client, world, action):
    far = user_with_role("xa-tn", Role.COMMUNE_OFFICER, world["far_commune"])
    far.email = "xa@example.vn"
    far.save()
    role = far.roles.get()
    before = (far.password, far.is_active, far.full_name, RoleAssignment.objects.count())
    as_user(client, "canbo")
    base = f"/users/{far.pk}/"
    requests = {
        "view": lambda: client.get(base),
        "edit": lambda: client.post(base, {"full_name": "đổi", "email": ""}),
        "deactivate": lambda: client.post(f"{base}active/", {"active": "0"}),
        "temporary": lambda: client.post(f"{base}password/temporary/"),
        "link": lambda: client.post(f"{base}password/link/"),
        "role-add": lambda: client.post(f"{base}roles/", {"role": Role.VIEWER, "org_unit": "20"}),
        "role-remove": lambda: client.post(f"{base}roles/{role.pk}/remove/"),
    }
    assert requests[action]().status_code == 404
    far.refresh_from_db()
    assert (far.password, far.is_active, far.full_name, RoleAssignment.objects.count()) == before


@pytest.mark.parametrize(("role", "unit"), [
    (Role.SYSTEM_ADMIN, ""),  # above their own
    (Role.VIEWER, ""),  # the whole country
    (Role.PROVINCE_OFFICER, "Thái Nguyên"),  # another province
    (Role.COMMUNE_OFFICER, "far_commune"),  # a commune of another province
])
def test_a_province_officer_cannot_grant_a_role_above_theirs_or_outside_their_province(client, world, role, unit):
    own = user_with_role("xa-ls", Role.COMMUNE_OFFICER, world["commune"])
    unit = world["far_commune"].code if unit == "far_commune" else unit
    as_user(client, "canbo")
    response = client.post(f"/users/{own.pk}/roles/", {"role": role, "org_unit": unit})
    assert response.status_code == 400
    assert list(own.roles.values_list("role", flat=True)) == [Role.COMMUNE_OFFICER]
    created = client.post("/users/new/", {"username": "moi", "role": role, "org_unit": unit})
    assert created.status_code == 200 and not User.objects.filter(username="moi").exists()


def test_an_officer_deactivates_an_account_who_then_cannot_log_in(client, world):
    own = user_with_role("xa-ls", Role.COMMUNE_OFFICER, world["commune"])
    as_user(client, "canbo").post(f"/users/{own.pk}/active/", {"active": "0"})
    own.refresh_from_db()
    assert not own.is_active and User.objects.filter(pk=own.pk).exists()
    client.logout()
    assert not client.login(username="xa-ls", password=PASSWORD)


def test_the_bulk_import_creates_every_row_or_none_and_names_row_and_column(client, world):
    as_user(client, "canbo")
    bad = xlsx([
        ["a1", "Người A", "a1@example.vn", "Cán bộ cấp xã", "Hữu Lũng"],
        ["a1", "Trùng", "", "Cán bộ cấp xã", "06385"],
        ["a3", "", "không-phải-email", "Cán bộ cấp xã", "06385"],
        ["a4", "", "", "vua", "06385"],
        ["a5", "", "", "Cán bộ cấp xã", world["far_commune"].code],
        ["a6", "", "", "Cán bộ cấp tỉnh", "Tỉnh Bắc Kạn (06 · đến 30/06/2025)"],
    ])
    response = post_file(client, "ds.xlsx", bad)
    page = response.content.decode()
    assert response.status_code == 400
    for expected in ("Dòng 3, cột A", "Dòng 4, cột C", "Dòng 5, cột D", "Dòng 6, cột E", "Dòng 7, cột E"):
        assert expected in page, expected
    assert not User.objects.filter(username__startswith="a").exists()

    good = xlsx([[f"gv{i:02d}", f"Giáo viên {i}", f"gv{i}@example.vn" if i % 2 else "", "Cán bộ cấp xã", "Xã Hữu Lũng"]
                 for i in range(10)])
    response = post_file(client, "ds.xlsx", good)
    assert response.status_code == 200
    created = User.objects.filter(username__startswith="gv")
    assert created.count() == 10 and all(u.must_change_password for u in created)
    assert {a.org_unit for a in RoleAssignment.objects.filter(user__in=created)} == {world["commune"]}
    assert response.content.decode().count('class="password"') == 5  # those without e-mail


def test_the_import_refusals_speak_the_pages_language(client, world, settings):
    as_user(client, "canbo")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = post_file(client, "ds.xlsx", xlsx([["b3", "", "không-phải-email", "Cán bộ cấp xã", "06385"]]))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Row 2, column C (Email): “không-phải-email” is not an e-mail address." in page
    assert "không phải địa chỉ" not in page


def test_the_import_reads_csv_and_refuses_files_it_cannot_read(client, world):
    as_user(client, "canbo")
    csv_text = "Tên đăng nhập;Vai trò;Đơn vị\nxa1;commune_officer;06385\n"
    assert post_file(client, "ds.csv", csv_text.encode("utf-8-sig")).status_code == 200
    assert User.objects.filter(username="xa1").exists()
    for name, data in (("ds.xlsx", b"not a zip"), ("ds.pdf", b"%PDF"), ("ds.csv", b""),
                       ("ds.csv", "Họ và tên\nA\n".encode()), ("ds.csv", b"\xff\xfe\x00bad")):
        response = post_file(client, name, data)
        assert response.status_code == 400, name


def test_the_template_downloads_for_an_officer_and_not_for_a_reporter(client, world):
    school_user = user_with_role("xa-ls", Role.COMMUNE_OFFICER, world["commune"])
    assert as_user(client, "canbo").get("/users/import/template.xlsx").status_code == 200
    client.logout()
    as_user(client, school_user.username)
    assert client.get("/users/import/template.xlsx").status_code == 403
    assert client.get("/users/").status_code == 403


def test_a_temporary_password_forces_a_change_at_first_login(client, world):
    own = user_with_role("xa-ls", Role.COMMUNE_OFFICER, world["commune"])
    page = as_user(client, "canbo").post(f"/users/{own.pk}/password/temporary/").content.decode()
    temporary = re.search(r'<code class="password">([^<]+)</code>', page).group(1)
    client.logout()
    assert client.login(username="xa-ls", password=temporary)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/account/password/")
    new = "Mật-khẩu-mới-của-tôi-2026"
    client.post("/account/password/", {"old_password": temporary, "new_password1": new, "new_password2": new})
    own.refresh_from_db()
    assert not own.must_change_password
    assert client.get("/").status_code == 200


def test_an_emailed_link_sets_the_password_once(client, world, mailoutbox):
    own = user_with_role("xa-ls", Role.COMMUNE_OFFICER, world["commune"])
    own.email, own.must_change_password = "xa@example.vn", True
    own.save()
    as_user(client, "canbo").post(f"/users/{own.pk}/password/link/")
    client.logout()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["xa@example.vn"]
    assert mailoutbox[0].subject.startswith(SUBJECT_PREFIX) and mailoutbox[0].body.rstrip().endswith(FOOTER)
    link = re.search(r"https?://[^/\s]+(/account/password/reset/\S+)", mailoutbox[0].body).group(1)
    form_url = client.get(link)["Location"]  # Django swaps the token for a session key
    new = "Mật-khẩu-mới-của-tôi-2026"
    assert client.post(form_url, {"new_password1": new, "new_password2": new}).status_code == 302
    own.refresh_from_db()
    assert own.check_password(new) and not own.must_change_password
    assert "không còn hợp lệ" in client.get(link, follow=True).content.decode()


def test_forgotten_password_mails_an_invited_account_too(client, world, mailoutbox):
    own = user_with_role("xa-ls", Role.COMMUNE_OFFICER, world["commune"])
    own.email = "xa@example.vn"
    own.set_unusable_password()
    own.save()
    assert client.post("/account/password/reset/", {"email": "XA@example.vn"}).status_code == 302
    assert len(mailoutbox) == 1 and "/account/password/reset/" in mailoutbox[0].body
    # The same e-mail an officer's reset sends, built as every GDNN e-mail is.
    assert mailoutbox[0].subject == f"{SUBJECT_PREFIX}Đặt lại mật khẩu cho tài khoản xa-ls"
    assert mailoutbox[0].body.rstrip().endswith(FOOTER)


def test_createsuperuser_gives_the_system_administrator_role(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", interactive=False, username="goc", email="goc@example.vn", verbosity=0)
    assert list(User.objects.get(username="goc").roles.values_list("role", "org_unit")) == [(Role.SYSTEM_ADMIN, None)]


def test_the_picker_finds_a_unit_by_name_within_scope(client, world):
    as_user(client, "canbo")
    found = client.get("/orgunits/pick/", {"q": "lạng sơn", "format": "json"}).json()["results"]
    assert any(r["code"] == "20" and r["level"] == OrgUnit.Level.PROVINCE for r in found)
    far = client.get("/orgunits/pick/", {"q": "Thái Nguyên", "format": "json"}).json()["results"]
    assert far == []
    html = client.get("/orgunits/pick/", {"field": "org_unit", "org_unit": "Hữu Lũng", "level": "commune"})
    assert '<option value="Xã Hữu Lũng (06385)">' in html.content.decode()
    for junk in ({"q": "%"}, {"q": "x" * 5000}, {"level": "zzz", "q": "ab"}, {"field": "\x00", "era": "all"}):
        assert client.get("/orgunits/pick/", junk).status_code == 200


def test_the_picker_suggests_units_of_the_chosen_forms_level(client, world):
    from gdnn.collection.services.datasets import dataset_sync

    dataset_sync()
    as_user(client, "canbo")
    found = client.get("/orgunits/pick/", {"q": "Hữu Lũng", "level": "institution", "dataset": "COMMUNE_ANNUAL",
                                           "format": "json"}).json()["results"]
    assert [r["code"] for r in found] == ["06385"]
