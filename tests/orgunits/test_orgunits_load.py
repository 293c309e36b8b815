import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest

from gdnn.orgunits.models import OrgUnit, OrgUnitSuccession
from gdnn.orgunits.selectors import (
    orgunit_ancestors,
    orgunit_children,
    orgunit_current_units,
    orgunit_descendants,
    orgunit_get,
    orgunit_predecessors,
    orgunit_successors,
    succession_shares,
)
from gdnn.orgunits.services import orgunits_load_vietnam

pytestmark = pytest.mark.django_db
BEFORE = dt.date(2023, 6, 30)
AFTER = dt.date(2026, 1, 1)


def test_both_eras_have_the_national_counts():
    current = OrgUnit.objects.filter(valid_from=dt.date(2025, 7, 1))
    old = OrgUnit.objects.filter(valid_to=dt.date(2025, 6, 30))
    assert current.filter(level="province").count() == 34
    assert current.filter(level="commune").count() == 3321
    assert current.filter(level="district").count() == 0
    assert old.filter(level="province").count() == 63
    assert old.filter(level="district").count() == 696
    assert 10_000 <= old.filter(level="commune").count() <= 10_100


def test_lang_son_before_the_reform_has_eleven_districts_including_huu_lung():
    lang_son = orgunit_get(code="20", on=BEFORE)
    children = list(orgunit_children(unit=lang_son, on=BEFORE))
    assert len(children) == 11
    assert {c.level for c in children} == {"district"}
    assert "Huyện Hữu Lũng" in {c.name for c in children}


def test_lang_son_after_the_reform_has_65_communes_and_no_districts():
    lang_son = orgunit_get(code="20", on=AFTER)
    children = list(orgunit_children(unit=lang_son, on=AFTER))
    assert len(children) == 65
    assert Counter(c.division_type for c in children) == {"xã": 61, "phường": 4}
    assert not orgunit_descendants(unit=lang_son, on=AFTER, level="district").exists()


def test_bac_kan_leads_to_thai_nguyen_with_92_communes():
    bac_kan = orgunit_get(code="06", on=BEFORE)
    current = orgunit_current_units(unit=bac_kan, on=AFTER)
    assert [(u.code, u.name) for u in current] == [("19", "Tỉnh Thái Nguyên")]
    assert orgunit_children(unit=current[0], on=AFTER).count() == 92


def test_can_tho_contains_successors_of_hau_giang_and_soc_trang_communes():
    can_tho = orgunit_get(code="92", on=AFTER)
    communes_now = set(orgunit_children(unit=can_tho, on=AFTER).values_list("pk", flat=True))
    for old_code in ("93", "94"):
        old_province = orgunit_get(code=old_code, on=BEFORE)
        old_communes = orgunit_descendants(unit=old_province, on=BEFORE, level="commune")
        successors = set(
            OrgUnitSuccession.objects.filter(predecessor__in=old_communes).values_list("successor_id", flat=True)
        )
        assert successors, old_code
        assert successors <= communes_now
    assert {p.predecessor.code for p in orgunit_predecessors(unit=can_tho)} == {"92", "93", "94"}


def test_a_split_commune_maps_to_every_successor_and_its_shares_sum_to_one():
    split = (
        OrgUnitSuccession.objects.filter(kind="split").values_list("predecessor_id", flat=True).distinct().first()
    )
    old = OrgUnit.objects.get(pk=split)
    successors = list(orgunit_successors(unit=old))
    assert len(successors) >= 2
    current = orgunit_current_units(unit=old, on=AFTER)
    assert {u.pk for u in current} == {s.successor_id for s in successors}
    assert sum(succession_shares(unit=old).values()) == Decimal(1)


def test_huu_lung_district_maps_to_lang_son_communes_only():
    huu_lung = orgunit_get(code="186", on=BEFORE)
    assert [a.code for a in orgunit_ancestors(unit=huu_lung)] == ["20"]
    successors = orgunit_current_units(unit=huu_lung, on=AFTER)
    assert successors
    assert {orgunit_ancestors(unit=u)[0].code for u in successors} == {"20"}


def test_a_code_kept_across_the_reform_resolves_by_date():
    before, after = orgunit_get(code="06385", on=BEFORE), orgunit_get(code="06385", on=AFTER)
    assert before.pk != after.pk
    assert before.parent.code == "186" and after.parent.code == "20"


def test_loading_again_changes_nothing():
    before = (OrgUnit.objects.count(), OrgUnitSuccession.objects.count())
    result = orgunits_load_vietnam()
    assert (result.units_created, result.units_updated, result.successions_created) == (0, 0, 0)
    assert (OrgUnit.objects.count(), OrgUnitSuccession.objects.count()) == before


def test_unknown_code_is_a_clear_error():
    from gdnn.common.errors import NotFound

    with pytest.raises(NotFound, match="99999"):
        orgunit_get(code="99999", on=AFTER)
