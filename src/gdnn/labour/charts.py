"""Vega-Lite specs for the gap and forecast pages (drawn by the shared web/charts.js; the pages
carry gdnn.common.csp.CHARTS_CSP). Fixed sizes and inline data, as in reports/charts.py."""

from __future__ import annotations

from typing import Any

from gdnn.labour.models import ForecastRun
from gdnn.labour.selectors import GapRow

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
MAX_BARS = 15
LOCALE = {"number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}}
CONFIG: dict[str, Any] = {"locale": LOCALE, "view": {"stroke": None},
                          "legend": {"orient": "bottom", "labelLimit": 400}}


def gap_specs(rows: list[GapRow]) -> list[dict]:
    if not rows:
        return []
    values = [{"nghề": f"{r.name} ({r.level})", "chênh lệch": round(r.gap, 1),
               "hướng": "thiếu (cầu > cung)" if r.gap > 0 else "thừa (cung ≥ cầu)"} for r in rows[:MAX_BARS]]
    return [{
        "$schema": SCHEMA, "title": "Chênh lệch cầu − cung theo nghề (người)", "width": 460,
        "height": 22 * len(values), "data": {"values": values}, "mark": "bar", "config": CONFIG,
        "encoding": {"y": {"field": "nghề", "type": "nominal", "sort": None, "title": None},
                     "x": {"field": "chênh lệch", "type": "quantitative", "title": "người"},
                     "color": {"field": "hướng", "type": "nominal", "title": None,
                               "scale": {"domain": ["thiếu (cầu > cung)", "thừa (cung ≥ cầu)"],
                                         "range": ["#b03a2e", "#1f5f99"]}}},
    }]


def forecast_specs(run: ForecastRun) -> list[dict]:
    totals: dict[str, float] = {}
    for occ in run.results:
        for y in occ["years"]:
            totals[str(y["year"])] = totals.get(str(y["year"]), 0.0) + y["need"]
    top = sorted(run.results, key=lambda o: -sum(y["need"] for y in o["years"]))[:MAX_BARS]
    by_occ = [{"nghề": f"{o['name']} ({o['level']})", "năm": str(y["year"]), "nhu cầu": round(y["need"], 1)}
              for o in top for y in o["years"]]
    return [
        {"$schema": SCHEMA, "title": f"Nhu cầu đào tạo hằng năm (giả định v{run.assumption_version})",
         "width": 420, "height": 220, "config": CONFIG,
         "data": {"values": [{"năm": k, "nhu cầu": round(v, 1)} for k, v in sorted(totals.items())]},
         "mark": "bar", "encoding": {"x": {"field": "năm", "type": "ordinal", "axis": {"labelAngle": 0}},
                                     "y": {"field": "nhu cầu", "type": "quantitative", "title": "người"}}},
        {"$schema": SCHEMA, "title": "Nhu cầu đào tạo theo nghề (cộng các năm)", "width": 420,
         "height": 22 * len(top), "config": CONFIG, "data": {"values": by_occ}, "mark": "bar",
         "encoding": {"y": {"field": "nghề", "type": "nominal", "sort": None, "title": None},
                      "x": {"field": "nhu cầu", "type": "quantitative", "title": "người"},
                      "color": {"field": "năm", "type": "ordinal", "title": "Năm"}}},
    ]
