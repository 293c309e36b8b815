"""The pages and endpoints added for issue 13 answer every input without a server error, for every
role (the test client raises on any exception a view lets through)."""

import io

import pytest

from gdnn.accounts.models import Role
from gdnn.orgunits.selectors import orgunit_get
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db
JUNK = ["", "%", "\x00", "x" * 3000, "Lạng Sơn", "(20 · đến 31/02/2025)", "0" * 30, "<script>"]
GETS = [
    ("/users/", ["q", "state", "page"]),
    ("/users/new/", []),
    ("/users/import/", []),
    ("/notifications/", ["page"]),
    ("/orgunits/pick/", ["q", "level", "era", "format", "field"]),
    ("/data/periods/", ["dataset", "period"]),
    ("/data/", ["dataset", "org_unit", "period"]),
    ("/data/approvals/", ["dataset", "period"]),
    ("/data/completeness/", ["dataset", "period"]),
    ("/", []),
]


@pytest.fixture
def users():
    lang_son = orgunit_get(code="20")
    return [user_with_role("quantri", Role.SYSTEM_ADMIN, None), user_with_role("canbo", Role.PROVINCE_OFFICER, lang_son),
            user_with_role("xa", Role.COMMUNE_OFFICER, orgunit_get(code="06385")),
            user_with_role("xem", Role.VIEWER, lang_son)]


def test_no_new_page_fails_on_any_query(client, users):
    for user in users:
        assert client.login(username=user.username, password=PASSWORD)
        for url, params in GETS:
            for junk in JUNK:
                response = client.get(url, {p: junk for p in params})
                assert response.status_code in (200, 302, 403, 404), (user.username, url, junk)
        client.logout()


def test_no_new_form_fails_on_any_post(client, users):
    assert client.login(username="quantri", password=PASSWORD)
    target = users[2].pk
    posts = [
        ("/users/new/", ["username", "full_name", "email", "role", "org_unit"]),
        (f"/users/{target}/", ["full_name", "email"]),
        (f"/users/{target}/roles/", ["role", "org_unit"]),
        (f"/users/{target}/active/", ["active"]),
        ("/notifications/read/", ["id"]),
        ("/data/approvals/", ["ids", "action", "comment"]),
        ("/users/import/", ["file"]),
        ("/account/password/reset/", ["email"]),
    ]
    for url, fields in posts:
        for junk in JUNK:
            response = client.post(url, {f: junk for f in fields})
            assert response.status_code in (200, 302, 400, 403, 404), (url, junk)
    for name in ("a.xlsx", "a.csv", "a", "a.xlsx.exe"):
        for data in (b"", b"PK\x03\x04junk", "Tên đăng nhập,Vai trò\n,\n".encode(), b"\xff" * 100):
            f = io.BytesIO(data)
            f.name = name
            assert client.post("/users/import/", {"file": f}).status_code in (200, 400), (name, data)
    for bad in ("/users/999999/", "/users/0/roles/1/remove/"):
        assert client.get(bad).status_code in (404, 405)
