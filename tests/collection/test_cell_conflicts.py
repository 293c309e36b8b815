"""A web cell save carries the value it started from: a stale base is refused with who changed the
cell and when (409 over HTTP), the same value twice is no conflict, and without a base (files, the
API) a save writes as before. One audit row per real change throughout."""

from decimal import Decimal

import pytest
from django.utils import translation

from gdnn.accounts.models import Role
from gdnn.collection.models import DataValue, DataValueAudit
from gdnn.collection.services.values import Base, ValueConflict, datavalue_set
from tests.collection.test_views_http import KEY, login, url
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def save(world, raw, *, by, base=None):
    return datavalue_set(data_set=world.inst, org_unit=world.school, period=world.half, element="ENROLMENT", key=KEY,
                         raw=raw, by=by, channel="web", base=base)


def stored():
    row = DataValue.objects.filter(disaggregation=KEY).first()
    return row.value if row else None


@pytest.fixture
def colleague(world):
    return user_with_role("dongnghiep", Role.INSTITUTION_REPORTER, world.school)


def test_a_stale_base_is_refused_with_the_current_value_and_who_changed_it(world, colleague):
    save(world, "10", by=world.reporter, base=Base(None))
    save(world, "11", by=colleague, base=Base(Decimal(10)))  # the colleague started from 10: saved
    with pytest.raises(ValueConflict) as caught:
        save(world, "12", by=world.reporter, base=Base(Decimal(10)))  # still believes 10 is stored
    conflict = caught.value
    assert (conflict.current, conflict.by, conflict.channel) == (Decimal(11), "dongnghiep", "Biểu mẫu web")
    assert conflict.at is not None
    assert "dongnghiep" in str(conflict) and "“11”" in str(conflict) and "“12”" in str(conflict)
    assert stored() == 11
    assert DataValueAudit.objects.count() == 2  # the refused save left no row

    # Resent with the new base ("keep mine"): saved, one more audit row.
    save(world, "12", by=world.reporter, base=Base(Decimal("11.0000")))
    assert stored() == 12
    assert list(DataValueAudit.objects.values_list("old_value", "new_value")) == [
        (None, 10), (10, 11), (11, 12)]


def test_a_cleared_cell_is_a_conflict_too_and_an_empty_base_meets_an_empty_cell(world, colleague):
    save(world, "5", by=world.reporter, base=Base(None))
    save(world, "", by=colleague, base=Base(Decimal(5)))  # the colleague cleared it
    with pytest.raises(ValueConflict) as caught:
        save(world, "6", by=world.reporter, base=Base(Decimal(5)))
    assert caught.value.current is None and "xóa" in str(caught.value)
    with translation.override("en"), pytest.raises(ValueConflict) as caught:
        save(world, "6", by=world.reporter, base=Base(Decimal(5)))
    assert str(caught.value).startswith("dongnghiep cleared this cell at ")
    save(world, "6", by=world.reporter, base=Base(None))
    assert stored() == 6


def test_the_same_value_resent_is_no_conflict_and_changes_nothing(world, colleague):
    save(world, "7", by=world.reporter, base=Base(None))
    save(world, "7", by=colleague, base=Base(None))  # both typed 7 over an empty cell: no change, no refusal
    save(world, "7", by=world.reporter, base=Base(Decimal(3)))  # whatever the base, 7 is already stored
    assert stored() == 7
    assert DataValueAudit.objects.count() == 1


def test_without_a_base_the_last_writer_wins_as_before(world, colleague):
    save(world, "10", by=world.reporter)
    save(world, "11", by=colleague)
    save(world, "12", by=world.reporter)
    assert stored() == 12
    assert DataValueAudit.objects.count() == 3


def post(client, world, value, **extra):
    return client.post(url(world, suffix="cell/"), {"element": "ENROLMENT", "key": KEY, "value": value, **extra})


def test_over_http_a_stale_base_answers_409_with_the_stored_value(client, world, colleague):
    login(client, world.reporter)
    first = post(client, world, "1.234", base="")
    assert first.json() == {"ok": True, "display": "1.234", "base": "1234"}
    save(world, "1.500", by=colleague, base=Base(Decimal(1234)))
    response = post(client, world, "1.300", base="1234")
    assert response.status_code == 409
    body = response.json()
    assert (body["ok"], body["conflict"], body["display"], body["base"], body["by"]) == (
        False, True, "1.500", "1500", "dongnghiep")
    assert body["at"] and "1.300" in body["error"]
    assert post(client, world, "1.300", base=body["base"]).json()["ok"] is True
    assert post(client, world, "1.300", base="1234").status_code == 200  # a resend of what is stored
    assert post(client, world, "9", base="không phải số").status_code == 400
    assert post(client, world, "9", base="NaN").status_code == 400
    assert stored() == 1300
    assert DataValueAudit.objects.count() == 3


def test_the_grid_carries_each_cells_base(client, world):
    save(world, "25", by=world.reporter)
    page = login(client, world.reporter).get(url(world)).content.decode()
    assert 'data-saved="25" data-base="25"' in page
    assert 'data-saved="" data-base=""' in page
