"""The small trend chart: plain SVG numbers (never the page's decimal comma), the target line at its
value on the same scale as the figures."""

import re

import pytest
from django.utils import translation

from gdnn.accounts.models import Role
from gdnn.orgunits.selectors import orgunit_get
from gdnn.web.dashboard import sparkline
from tests.factories import PASSWORD, user_with_role
from tests.web.test_dashboard import plan_with_data  # noqa: F401  (a fixture)


def _ys(points: str) -> list[float]:
    return [float(pair.split(",")[1]) for pair in points.split()]


def test_the_target_line_sits_at_its_value_between_the_figures():
    spark = sparkline([("2022", 20.0), ("2023", 40.0)], threshold=30.0)
    low, high = _ys(spark.points)
    assert float(spark.target_y) == pytest.approx((low + high) / 2)  # 30 is halfway from 20 to 40
    above = sparkline([("2022", 20.0), ("2023", 40.0)], threshold=60.0)
    assert float(above.target_y) < min(_ys(above.points))  # a higher target is drawn above the line


def test_svg_numbers_keep_a_decimal_point_in_a_vietnamese_page():
    with translation.override("vi"):
        spark = sparkline([("2022", 20.0), ("2023", 21.3), ("2024", 25.9)], threshold=30.1)
    for text in (spark.points, spark.target_y, *spark.last):
        assert re.fullmatch(r"[0-9. ,]+", text)
    assert all(re.fullmatch(r"\d+(\.\d)?,\d+(\.\d)?", pair) for pair in spark.points.split())


@pytest.mark.django_db
def test_the_dashboard_draws_the_target_line_at_its_value(client, plan_with_data):  # noqa: F811
    plan, _ = plan_with_data
    user_with_role("tinh", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    client.login(username="tinh", password=PASSWORD)
    page = client.get(f"/dashboard/plans/{plan.pk}/", {"as_of": "2025-03-01"}, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    svgs = re.findall(r'<svg class="spark".*?</svg>', page, re.S)
    assert svgs
    for svg in svgs:
        for name, value in re.findall(r'\b(x1|x2|y1|y2|cx|cy|width|height)="([^"]*)"', svg):
            assert re.fullmatch(r"-?\d+(\.\d+)?", value), (name, value)  # 12.5, never 12,5
    # The 2025 certificate target (≥ 30 %) equals the first figure (300 of 1 000 in 2022): its line
    # sits exactly on that point, at the bottom of the scale, not pinned to the top edge.
    on_first_point = []
    for svg in svgs:
        line = re.search(r'<line [^>]*y1="([^"]+)"', svg)
        ys = _ys(re.search(r'points="([^"]+)"', svg).group(1))
        if line and len(ys) == 3:
            on_first_point.append(float(line.group(1)) == pytest.approx(ys[0]))
    assert True in on_first_point
