"""Vega-Lite specs for the gap and forecast pages (drawn by the shared web/charts.js; the pages
carry gdnn.common.csp.CHARTS_CSP). Fixed sizes and inline data, as in reports/charts.py; every word
is in the language of the page that asks (field names are English identifiers, never shown)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import pgettext

from gdnn.common.numbers import page_language
from gdnn.labour.models import ForecastRun, level_label
from gdnn.labour.selectors import GapRow

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
MAX_BARS = 15
LOCALE = {"number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}}
LOCALE_EN = {"number": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", " ₫"]}}


def _config() -> dict[str, Any]:
    return {"locale": LOCALE_EN if page_language() == "en" else LOCALE, "view": {"stroke": None},
            "legend": {"orient": "bottom", "labelLimit": 400}}


def gap_specs(rows: list[GapRow]) -> list[dict]:
    if not rows:
        return []
    short, surplus = pgettext("chart", "thiếu (cầu > cung)"), pgettext("chart", "thừa (cung ≥ cầu)")
    values = [{"occupation": f"{r.name} ({level_label(r.level)})", "gap": round(r.gap, 1),
               "direction": short if r.gap > 0 else surplus} for r in rows[:MAX_BARS]]
    return [{
        "$schema": SCHEMA, "title": pgettext("chart", "Chênh lệch cầu − cung theo nghề (người)"), "width": 460,
        "height": 22 * len(values), "data": {"values": values}, "mark": "bar", "config": _config(),
        "encoding": {"y": {"field": "occupation", "type": "nominal", "sort": None, "title": None},
                     "x": {"field": "gap", "type": "quantitative", "title": pgettext("unit", "người")},
                     "color": {"field": "direction", "type": "nominal", "title": None,
                               "scale": {"domain": [short, surplus], "range": ["#b03a2e", "#1f5f99"]}}},
    }]


def forecast_specs(run: ForecastRun) -> list[dict]:
    totals: dict[str, float] = {}
    for occ in run.results:
        for y in occ["years"]:
            totals[str(y["year"])] = totals.get(str(y["year"]), 0.0) + y["need"]
    top = sorted(run.results, key=lambda o: -sum(y["need"] for y in o["years"]))[:MAX_BARS]
    by_occ = [{"occupation": f"{o['name']} ({level_label(o['level'])})", "year": str(y["year"]),
               "need": round(y["need"], 1)} for o in top for y in o["years"]]
    year, persons = pgettext("chart", "Năm"), pgettext("unit", "người")
    return [
        {"$schema": SCHEMA, "title": pgettext("chart", "Nhu cầu đào tạo hằng năm (giả định v%(version)s)") % {
            "version": run.assumption_version},
         "width": 420, "height": 220, "config": _config(),
         "data": {"values": [{"year": k, "need": round(v, 1)} for k, v in sorted(totals.items())]},
         "mark": "bar", "encoding": {"x": {"field": "year", "type": "ordinal", "title": year, "axis": {"labelAngle": 0}},
                                     "y": {"field": "need", "type": "quantitative", "title": persons}}},
        {"$schema": SCHEMA, "title": pgettext("chart", "Nhu cầu đào tạo theo nghề (cộng các năm)"), "width": 420,
         "height": 22 * len(top), "config": _config(), "data": {"values": by_occ}, "mark": "bar",
         "encoding": {"y": {"field": "occupation", "type": "nominal", "sort": None, "title": None},
                      "x": {"field": "need", "type": "quantitative", "title": persons},
                      "color": {"field": "year", "type": "ordinal", "title": year}}},
    ]
