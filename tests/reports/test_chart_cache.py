"""A worker draws the same chart for many reports: the PNG of a spec it drew is reused, a changed
spec is drawn anew."""

import copy

from gdnn.reports.charts import chart_png

SPEC = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": 60, "height": 40,
        "data": {"values": [{"year": "2024", "value": 24}, {"year": "2025", "value": 28}]},
        "mark": "bar", "encoding": {"x": {"field": "year", "type": "nominal"},
                                    "y": {"field": "value", "type": "quantitative"}}}


def test_the_same_spec_is_drawn_once_and_a_changed_one_again():
    first = chart_png(copy.deepcopy(SPEC))
    assert first.startswith(b"\x89PNG")
    assert chart_png(copy.deepcopy(SPEC)) is first  # the kept picture, not a second drawing
    changed = copy.deepcopy(SPEC)
    changed["data"]["values"][1]["value"] = 30
    other = chart_png(changed)
    assert other is not first and other != first
