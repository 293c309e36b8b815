"""Vega-Lite specs for the gap and forecast pages (drawn by the shared web/charts.js)."""

from __future__ import annotations

from gdnn.labour.models import ForecastRun
from gdnn.labour.selectors import GapRow

MAX_BARS = 15


def gap_specs(rows: list[GapRow]) -> list[dict]:
    if not rows:
        return []
    values = []
    for r in rows[:MAX_BARS]:
        label = f"{r.name} ({r.level})"
        values.append({"nghề": label, "loại": "Cung (tốt nghiệp)", "số người": r.supply})
        values.append({"nghề": label, "loại": "Cầu (tuyển 1 năm tới)", "số người": round(r.demand, 1)})
    return [{
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": "Cung và cầu lao động theo nghề",
        "width": 520, "data": {"values": values}, "mark": "bar",
        "encoding": {"y": {"field": "nghề", "type": "nominal", "sort": None, "title": None},
                     "yOffset": {"field": "loại"},
                     "x": {"field": "số người", "type": "quantitative"},
                     "color": {"field": "loại", "type": "nominal", "title": None}},
    }]


def forecast_specs(run: ForecastRun) -> list[dict]:
    totals: dict[str, float] = {}
    for occ in run.results:
        for y in occ["years"]:
            totals[str(y["year"])] = totals.get(str(y["year"]), 0.0) + y["need"]
    top = sorted(run.results, key=lambda o: -sum(y["need"] for y in o["years"]))[:MAX_BARS]
    by_occ = [{"nghề": f"{o['name']} ({o['level']})", "năm": str(y["year"]), "nhu cầu": round(y["need"], 1)}
              for o in top for y in o["years"]]
    schema = "https://vega.github.io/schema/vega-lite/v5.json"
    return [
        {"$schema": schema, "title": f"Nhu cầu đào tạo hằng năm (giả định v{run.assumption_version})",
         "width": 480, "data": {"values": [{"năm": k, "nhu cầu": round(v, 1)} for k, v in sorted(totals.items())]},
         "mark": "bar", "encoding": {"x": {"field": "năm", "type": "ordinal"},
                                     "y": {"field": "nhu cầu", "type": "quantitative", "title": "người"}}},
        {"$schema": schema, "title": "Nhu cầu đào tạo theo nghề", "width": 520, "data": {"values": by_occ},
         "mark": "bar", "encoding": {"y": {"field": "nghề", "type": "nominal", "sort": "-x", "title": None},
                                     "x": {"field": "nhu cầu", "type": "quantitative", "aggregate": "sum",
                                           "title": "người (cộng các năm)"},
                                     "color": {"field": "năm", "type": "ordinal"}}},
    ]
