"""Every role is confined to its org-unit subtree, over HTTP, for reads and writes."""

import pytest

from gdnn.accounts.models import Role
from gdnn.orgunits.models import Institution, OrgUnit
from gdnn.orgunits.selectors import orgunit_children, orgunit_get
from gdnn.orgunits.services import institution_create
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    lang_son, thai_nguyen = orgunit_get(code="20"), orgunit_get(code="19")
    own_commune = orgunit_get(code="06385")
    other_commune = orgunit_children(unit=lang_son, on=lang_son.valid_from).exclude(pk=own_commune.pk).first()
    far_commune = orgunit_children(unit=thai_nguyen, on=thai_nguyen.valid_from).first()
    make = lambda code, commune: institution_create(  # noqa: E731
        code=code, name=f"Trường {code}", commune=commune,
        institution_type=Institution.Type.COLLEGE, ownership=Institution.Ownership.PUBLIC,
    )
    return {
        "lang_son": lang_son, "thai_nguyen": thai_nguyen, "own_commune": own_commune,
        "other_commune": other_commune, "far_commune": far_commune,
        "own_institution": make("CS-OWN", own_commune), "other_institution": make("CS-OTHER", other_commune),
    }


def login(client, role, unit):
    user_with_role(f"u-{role}", role, unit)
    assert client.login(username=f"u-{role}", password=PASSWORD)
    return client


def read(client, unit):
    return client.get(f"/orgunits/{unit.code}/").status_code


def write(client, commune):
    data = {"code": "CS-NEW", "name": "Trường mới", "institution_type": "trung_cap", "ownership": "tu_thuc"}
    return client.post(f"/orgunits/{commune.code}/institutions/new/", data).status_code


# (role, the unit the role is bound to, units it must not read, communes it must not write)
CASES = [
    (Role.PROVINCE_OFFICER, "lang_son", ["thai_nguyen", "far_commune"], ["far_commune"]),
    (Role.COMMUNE_OFFICER, "own_commune", ["other_commune", "lang_son", "other_institution"], ["other_commune"]),
    (Role.INSTITUTION_REPORTER, "own_institution", ["other_institution", "own_commune"], ["own_commune"]),
    (Role.VIEWER, "lang_son", ["thai_nguyen", "far_commune"], ["own_commune", "far_commune"]),
]


@pytest.mark.parametrize(("role", "bound", "no_read", "no_write"), CASES)
def test_a_role_cannot_read_or_write_outside_its_scope(client, world, role, bound, no_read, no_write):
    login(client, role, world[bound])
    assert read(client, world[bound]) == 200
    for name in no_read:
        assert read(client, world[name]) == 404, name
    before = OrgUnit.objects.count()
    for name in no_write:
        assert write(client, world[name]) in (403, 404), name
    assert OrgUnit.objects.count() == before


@pytest.mark.parametrize(("role", "bound"), [(Role.PROVINCE_OFFICER, "lang_son"), (Role.COMMUNE_OFFICER, "own_commune")])
def test_a_role_can_write_inside_its_scope(client, world, role, bound):
    login(client, role, world[bound])
    assert write(client, world["own_commune"]) == 302
    assert OrgUnit.objects.get(code="CS-NEW").parent == world["own_commune"]


def test_the_system_admin_reads_and_writes_everywhere(client, world):
    login(client, Role.SYSTEM_ADMIN, None)
    for name in ("lang_son", "thai_nguyen", "far_commune", "other_institution"):
        assert read(client, world[name]) == 200
    assert write(client, world["far_commune"]) == 302


def test_the_old_units_of_a_scope_stay_readable(client, world):
    login(client, Role.PROVINCE_OFFICER, world["thai_nguyen"])
    assert client.get("/orgunits/06/?as_of=2023-06-30").status_code == 200  # former tỉnh Bắc Kạn
    assert client.get("/orgunits/20/?as_of=2023-06-30").status_code == 404


def test_anonymous_users_are_sent_to_login(client, world):
    response = client.get(f"/orgunits/{world['lang_son'].code}/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_only_province_officers_import_institutions(client, world):
    login(client, Role.COMMUNE_OFFICER, world["own_commune"])
    assert client.get("/orgunits/import-institutions/").status_code == 403


def test_a_province_officer_cannot_import_into_another_province(client, world, tmp_path):
    login(client, Role.PROVINCE_OFFICER, world["lang_son"])
    csv = tmp_path / "cs.csv"
    csv.write_text(f"mã,tên,loại hình,sở hữu,mã xã\nCS-FAR,Trường xa,trung cấp,công lập,{world['far_commune'].code}\n",
                   encoding="utf-8")
    with csv.open("rb") as fh:
        response = client.post("/orgunits/import-institutions/", {"file": fh})
    assert response.status_code == 200
    assert "ngoài phạm vi" in response.content.decode()
    assert not OrgUnit.objects.filter(code="CS-FAR").exists()


def test_search_only_shows_units_in_scope(client, world):
    login(client, Role.COMMUNE_OFFICER, world["own_commune"])
    page = client.get("/orgunits/", {"q": "Xã"}).content.decode()
    assert world["own_commune"].name in page
    assert world["far_commune"].name not in page


@pytest.mark.parametrize(("role", "bound"), [(r, b) for r, b, _, _ in CASES])
def test_every_unit_link_a_role_is_shown_leads_to_a_page_it_may_read(client, world, role, bound):
    import re

    login(client, role, world[bound])
    page = client.get(f"/orgunits/{world[bound].code}/").content.decode()
    links = set(re.findall(r'href="(/orgunits/[^"]+)"', page))
    # Province and commune pages link to their children or predecessors; an institution has neither.
    assert links or role == Role.INSTITUTION_REPORTER
    for link in links:
        target = client.get(link.replace("&amp;", "&"))
        assert target.status_code in (200, 302), link
        # ... and so does every link on that page (a predecessor's page must not offer what it cannot do).
        for deeper in set(re.findall(r'href="(/orgunits/[^"]+)"', target.content.decode())) - links:
            assert client.get(deeper.replace("&amp;", "&")).status_code in (200, 302), (link, deeper)
    # The names of the units above stay visible, as text.
    assert (world["lang_son"].name in page) or world[bound] == world["lang_son"]
