"""Unit names start with a capital as the national list is imported; a unit's kind is shown in the
page's language."""

import datetime as dt
import re

import pytest
from django.utils import translation

from gdnn.accounts.models import Role
from gdnn.orgunits.models import OrgUnit
from gdnn.orgunits.selectors import orgunit_get
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db
AFTER = dt.date(2026, 1, 1)


def test_every_current_commune_name_starts_with_a_capital():
    current = OrgUnit.objects.filter(level="commune", valid_from=dt.date(2025, 7, 1))
    assert current.count() == 3321
    assert [u.name for u in current if not u.name[:1].isupper()] == []
    assert orgunit_get(code="06325", on=AFTER).name == "Xã Bắc Sơn"


@pytest.mark.parametrize(("language", "ward", "word", "allowed"), [
    ("en", "ward", "Commune", {"Commune", "ward", "special zone"}),
    ("vi", "phường", "Xã", {"Xã", "phường", "đặc khu"}),
])
def test_a_units_kind_is_in_the_pages_language(client, language, ward, word, allowed):
    ward_unit = OrgUnit.objects.filter(level="commune", division_type="phường", valid_to__isnull=True).first()
    commune = OrgUnit.objects.filter(level="commune", division_type="xã", valid_to__isnull=True).first()
    with translation.override(language):
        assert ward_unit.division_label == ward
        assert commune.division_label == ""  # the level says it
    user_with_role("tw", Role.SYSTEM_ADMIN, None)
    client.login(username="tw", password=PASSWORD)
    client.cookies["django_language"] = language
    page = client.get("/orgunits/20/").content.decode()
    kinds = set(re.findall(r'</a></td><td>([^<]*)</td></tr>', page))
    assert word in kinds and ward in kinds and kinds <= allowed
