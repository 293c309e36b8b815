import json

import pytest

from gdnn.reports.charts import chart_png, chart_specs
from gdnn.reports.generator import report_data
from tests.reports.conftest import ON

pytestmark = pytest.mark.django_db


def _urls(node) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "url"] + [u for v in node.values() for u in _urls(v)]
    if isinstance(node, list):
        return [u for v in node for u in _urls(v)]
    return []


def test_specs_are_json_with_inline_data_and_render_to_png(seeded):
    plan, province, _ = seeded
    data = report_data(plan=plan, org_unit=province, period="2024", as_of=ON)
    specs = chart_specs(data)
    assert [s["description"] for s in specs] == ["gdnn-target:GDNN.TRAINED_WORKERS_CERT", "gdnn-ranking"]
    json.dumps(specs)  # what the web page hands to vega-embed
    assert _urls(specs) == []  # no remote data, fonts or images
    series = specs[0]["layer"][0]["data"]["values"]
    assert [(v["period"], round(v["value"], 1)) for v in series] == [("2022", 20.0), ("2023", 23.0), ("2024", 25.0)]
    rules = next(layer for layer in specs[0]["layer"] if layer["mark"]["type"] == "rule")["data"]["values"]
    assert [r["threshold"] for r in rules] == [30.0, 35.0]  # the 2025 and 2030 targets
    png = chart_png(specs[1])
    assert png.startswith(b"\x89PNG")


def test_no_data_no_charts(lang_son):
    plan, province = lang_son
    assert chart_specs(report_data(plan=plan, org_unit=province, period="2025", as_of=ON)) == []
