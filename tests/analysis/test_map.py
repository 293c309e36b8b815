import re

import pytest

from gdnn.accounts.models import Role
from gdnn.analysis.selectors import class_breaks, class_of
from gdnn.analytics.progress import targets_progress
from gdnn.orgunits.models import PRE_REFORM_END
from gdnn.orgunits.selectors import orgunit_get
from tests.analysis.conftest import NOW
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db
PATH = re.compile(r'<path class="province([^"]*)" data-code="(\d\d)" data-value="([^"]*)"')


def _paths(html: str) -> dict[str, tuple[str, str]]:
    return {code: (classes, value) for classes, code, value in PATH.findall(html)}


def test_the_map_draws_34_provinces_with_the_progress_figure_of_each(national_client, two_provinces):
    plan, target, _, _ = two_provinces
    response = national_client.get(f"/analysis/plans/{plan.pk}/targets/{target.pk}/map/",
                                   {"as_of": NOW.isoformat(), "period": "2024"})
    assert response.status_code == 200
    html = response.content.decode()
    paths = _paths(html)
    assert len(paths) == 34
    for code in ("20", "19"):
        province = orgunit_get(code=code, on=NOW)
        expected = targets_progress(plan=plan, as_of=NOW, unit=province, targets=[target])[0]
        point = next(p for p in expected.points if p.period == "2024")
        assert float(paths[code][1]) == pytest.approx(point.value)
        assert point.coverage is not None and f"{point.coverage.label}" in html
    assert float(paths["20"][1]) == pytest.approx((372 + 10) / 1100 * 100)
    assert float(paths["19"][1]) == pytest.approx(50.0)
    assert "nodata" in paths["01"][0] and paths["01"][1] == ""  # Hà Nội reported nothing: hatched
    assert 'fill="url(#nodata)"' in html and "Chưa có số liệu" in html
    assert "Thái Nguyên" in html and "đủ số liệu" in html
    assert f'href="/dashboard/units/20/?indicator={target.indicator.code}&amp;period=2024"' in html
    assert '<text class="archipelago"' in html and "QĐ. Hoàng Sa" in html and "QĐ. Trường Sa" in html


def test_the_pre_2025_map_draws_63_provinces_with_the_figure_of_each_former_province(national_client,
                                                                                     two_provinces):
    plan, target, _, _ = two_provinces
    html = national_client.get(f"/analysis/plans/{plan.pk}/targets/{target.pk}/map/",
                               {"as_of": NOW.isoformat(), "era": "old", "period": "2024"}).content.decode()
    paths = _paths(html)
    assert len(paths) == 63
    for code in ("20", "19", "06"):
        former = orgunit_get(code=code, on=PRE_REFORM_END)
        points = targets_progress(plan=plan, as_of=NOW, unit=former, targets=[target])[0].points
        point = next((p for p in points if p.period == "2024"), None)
        if point is None:
            assert paths[code][1] == ""
        else:
            assert float(paths[code][1]) == pytest.approx(point.value)
    assert paths["20"][1] != ""


def test_the_map_hides_the_figures_of_provinces_outside_the_users_scope(client, two_provinces):
    plan, target, _, _ = two_provinces
    user_with_role("tinh", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    client.login(username="tinh", password=PASSWORD)
    html = client.get(f"/analysis/plans/{plan.pk}/targets/{target.pk}/map/",
                      {"as_of": NOW.isoformat(), "period": "2024"}).content.decode()
    paths = _paths(html)
    assert paths["20"][1] != "" and paths["19"][1] == ""
    assert "ngoài phạm vi" in html


def test_an_unknown_target_or_one_without_indicator_is_not_found(national_client, two_provinces):
    plan, _target, _, _ = two_provinces
    bare = plan.targets.filter(indicator__isnull=True).first()
    assert national_client.get(f"/analysis/plans/{plan.pk}/targets/999999/map/").status_code == 404
    if bare is not None:
        assert national_client.get(f"/analysis/plans/{plan.pk}/targets/{bare.pk}/map/").status_code == 404


def test_class_breaks_split_values_into_non_empty_ordered_classes():
    values = [1.0, 2.0, 2.0, 3.0, 10.0, 11.0, 40.0]
    breaks = class_breaks(values)
    assert len(breaks) == 5
    assert all(low <= high for low, high in breaks)
    assert all(breaks[i][1] < breaks[i + 1][0] for i in range(len(breaks) - 1))
    assert [class_of(v, breaks) for v in (1.0, 40.0)] == [0, 4]
    assert {class_of(v, breaks) for v in values} == set(range(5))
    assert class_breaks([5.0, 5.0]) == [(5.0, 5.0)] and class_breaks([]) == []


def test_fewer_classes_spread_over_the_colour_ramp():
    from gdnn.analysis.selectors import CLASS_COLOURS, class_colours

    assert class_colours(5) == list(CLASS_COLOURS)
    assert class_colours(2) == [CLASS_COLOURS[0], CLASS_COLOURS[-1]]
    assert class_colours(1) == [CLASS_COLOURS[3]] and class_colours(0) == []


def test_the_map_opens_on_the_latest_figures_by_the_targets_year(two_provinces):
    """A target for an earlier year opens on that year's figures, not on later data; a period asked
    for is kept, and a target for a later year opens on the latest figures."""
    from gdnn.analysis.selectors import target_map

    plan, target, _, _ = two_provinces
    assert target.year > 2024
    assert target_map(plan=plan, target=target, era="new", as_of=NOW).period == "2024"
    target.year = 2023
    assert target_map(plan=plan, target=target, era="new", as_of=NOW).period == "2023"
    assert target_map(plan=plan, target=target, era="new", as_of=NOW, period="2024").period == "2024"
