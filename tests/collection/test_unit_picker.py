"""The unit box of the entry page suggests units with the state of each one's form for the chosen
data set and period, from the user's scope only, in a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gdnn.collection.models import Submission
from tests.collection.conftest import make_institution
from tests.collection.test_views_http import login

pytestmark = pytest.mark.django_db


def options(client, world, q="", **extra):
    params = {"dataset": world.inst.code, "period": world.half.code, "field": "org_unit", "org_unit": q, **extra}
    response = client.get("/data/units/", params)
    assert response.status_code == 200
    return response


def states_shown(html):
    return dict(re.findall(r'<option value="[^"]*\((?P<code>[^)·]+)\)">(?P<state>[^<·]+?)(?: · [^<]*)?</option>', html))


def test_the_suggestions_carry_each_units_state_and_stay_in_scope(client, world):
    other = make_institution("CD-LS-02", world.commune)
    third = make_institution("CD-LS-03", world.commune)
    Submission.objects.create(data_set=world.inst, org_unit=world.school, period=world.half.code, state="submitted")
    Submission.objects.create(data_set=world.inst, org_unit=other, period=world.half.code, state="returned")
    Submission.objects.create(data_set=world.inst, org_unit=third, period=world.half.previous().code, state="approved")
    Submission.objects.create(data_set=world.inst, org_unit=world.far_school, period=world.half.code, state="approved")
    login(client, world.officer)

    shown = states_shown(options(client, world).content.decode())  # no text yet: the units by name
    assert shown == {"CD-LS-01": "Đã nộp", "CD-LS-02": "Bị trả lại", "CD-LS-03": "Chưa nhập"}
    for text in ("Cao đẳng", "CD-", "CD-TN-01", world.far_school.name):  # another province's unit never
        assert "CD-TN-01" not in options(client, world, text).content.decode()
    assert set(states_shown(options(client, world, "Cao đẳng").content.decode())) == {"CD-LS-01", "CD-LS-02", "CD-LS-03"}

    # The same from JSON; the previous period's approval belongs to that period.
    rows = options(client, world, format="json").json()["results"]
    assert {r["code"]: r["state"] for r in rows} == {"CD-LS-01": "submitted", "CD-LS-02": "returned", "CD-LS-03": "none"}
    rows = options(client, world, period=world.half.previous().code, format="json").json()["results"]
    assert {r["code"]: r["state"] for r in rows}["CD-LS-03"] == "approved"

    # The far province's officer sees only their own unit, approved.
    client.logout()
    login(client, world.far_officer)
    assert states_shown(options(client, world).content.decode()) == {"CD-TN-01": "Đã phê duyệt"}


def test_a_reporter_sees_only_their_unit_and_wrong_input_is_an_empty_list(client, world):
    login(client, world.reporter)
    assert set(states_shown(options(client, world, "Cao").content.decode())) == {"CD-LS-01"}
    for extra in ({"dataset": "NOPE"}, {"period": "2025"}, {"period": "\x00"}, {"dataset": ""}):
        assert options(client, world, **extra).content.decode().strip() == ""
    for junk in ("%", "\x00", "x" * 3000, "(20 · đến 31/02/2025)", "0" * 30, "<script>"):
        for name in ("org_unit", "dataset", "period", "field"):
            options(client, world, **{name: junk})  # 200, whatever is typed


def test_the_states_come_in_one_query_however_many_units(client, world):
    login(client, world.officer)
    options(client, world)  # caches filled

    def count():
        with CaptureQueriesContext(connection) as ctx:
            options(client, world)
        return len(ctx.captured_queries)

    few = count()
    for i in range(2, 8):
        unit = make_institution(f"CD-LS-0{i}", world.commune)
        Submission.objects.create(data_set=world.inst, org_unit=unit, period=world.half.code, state="draft")
    assert count() == few


def test_the_entry_page_asks_the_picker_with_the_chosen_data_set_and_period(client, world):
    page = login(client, world.officer).get("/data/").content.decode()
    assert 'hx-get="/data/units/?field=org_unit"' in page
    assert 'hx-include="#id_dataset, #id_period"' in page
