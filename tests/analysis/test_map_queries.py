"""The map and the pivot read every province in one pass: their queries do not grow with the
number of provinces, and the batch computation gives each unit what the one-unit one gives."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gdnn.analysis.selectors import provinces_of, target_map
from gdnn.analytics.progress import (
    indicator_points,
    indicator_points_many,
    targets_progress,
    targets_progress_many,
)
from gdnn.analytics.selectors import formula_for
from gdnn.indicators.formulas import Formula, Term
from gdnn.orgunits.models import PRE_REFORM_END
from gdnn.orgunits.selectors import orgunit_get
from tests.analysis.conftest import NOW

pytestmark = pytest.mark.django_db


def _map_queries(plan, target, era: str, codes: set[str] | None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        target_map(plan=plan, target=target, era=era, as_of=NOW, period="2024",
                   in_scope=lambda unit: codes is None or unit.code in codes)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("era", ["new", "old"])
def test_the_maps_queries_do_not_grow_with_the_number_of_provinces(two_provinces, era):
    plan, target, _, _ = two_provinces
    _map_queries(plan, target, era, None)  # warm the caches every page shares (elements, formulas)
    two = _map_queries(plan, target, era, {"19", "20"})
    five = _map_queries(plan, target, era, {"01", "06", "19", "20", "79"})
    every = _map_queries(plan, target, era, None)
    assert len(provinces_of(era, NOW)) in (34, 63)
    assert two == five == every


def _same(batch, single):
    assert [i.target.pk for i in batch] == [i.target.pk for i in single]
    for b, s in zip(batch, single, strict=True):
        assert b.points == s.points  # periods, values and coverage (reported, expected, missing)
        assert b.progress == s.progress
        assert (b.unit.pk if b.unit else None) == (s.unit.pk if s.unit else None)


def test_the_batch_progress_equals_the_progress_of_each_unit(two_provinces):
    plan, _target, lang_son, thai_nguyen = two_provinces
    units = [orgunit_get(code=c, on=NOW) for c in ("20", "19", "01")]
    units += [orgunit_get(code=c, on=PRE_REFORM_END) for c in ("20", "06", "19")]
    units += [lang_son[0], lang_son[1], thai_nguyen[0], None]
    batch = targets_progress_many(plan=plan, as_of=NOW, units=units, area=plan.org_unit)
    assert len(batch) == len(units)
    measured = 0
    for unit, items in zip(units, batch, strict=True):
        single = targets_progress(plan=plan, as_of=NOW, unit=unit, area=plan.org_unit) if unit is not None else \
            targets_progress_many(plan=plan, as_of=NOW, units=[None], area=plan.org_unit)[0]
        _same(items, single)
        measured += sum(1 for i in items if i.points)
    assert measured >= 6  # the units with reports have figures: the comparison is not of empty lists


def test_the_batch_pivot_points_equal_the_points_of_each_unit(two_provinces):
    _plan, target, lang_son, _ = two_provinces
    formulas = {target.indicator.code: formula_for(target.indicator),
                "LABOUR": Formula("LABOUR", (Term("LABOUR_FORCE"),), (), 1.0, "annual"),  # a count
                "MALE_CERT": Formula("MALE_CERT", (Term("WORKERS_TRAINED_CERT", (("sex", ("male",)),)),), (), 1.0,
                                     "annual")}
    units = [None, orgunit_get(code="20", on=NOW), orgunit_get(code="19", on=NOW),
             orgunit_get(code="20", on=PRE_REFORM_END), lang_son[0], lang_son[1]]
    batch = indicator_points_many(formulas=formulas, units=units, as_of=NOW)
    for unit, points in zip(units, batch, strict=True):
        assert points == indicator_points(formulas=formulas, unit=unit, as_of=NOW)
    assert all(points["LABOUR"] and points[target.indicator.code] for points in batch[:3])
