"""Vega-Lite specs built in Python: the same spec is drawn by vega-embed on the web page and by
vl-convert (PNG) in the DOCX. Data values are inline; no remote data, fonts or images."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

from django.utils.translation import pgettext

from gdnn.common.numbers import page_language
from gdnn.indicators.models import unit_label
from gdnn.reports.data import Ranking, ReportData, TargetRow

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
FONT = "Times New Roman, Liberation Serif, serif"
logger = logging.getLogger(__name__)
MAX_TARGET_CHARTS = 6
MAX_UNITS = 15
# Vietnamese number display: 1.234,5; English (a web page in English): 1,234.5. The DOCX draws its
# charts under Vietnamese (docx_writer.write_docx), the web page in its own language: every word of
# a spec (titles, axes, legends) is translated when the spec is built, so the language is part of
# the spec and of the PNG cache's key.
LOCALE = {"number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}}
LOCALE_EN = {"number": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", " ₫"]}}


def _config() -> dict[str, Any]:
    return {
        "locale": LOCALE_EN if page_language() == "en" else LOCALE,
        "font": FONT,
        "title": {"font": FONT, "fontSize": 14, "anchor": "start"},
        "axis": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12, "titleFontSize": 12},
        "legend": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12, "orient": "bottom",
                   "labelLimit": 400, "direction": "vertical"},
        "view": {"stroke": None},
    }


def _unit_title(unit: str) -> str:
    return unit_label(unit) or pgettext("chart", "giá trị")


def _wrap(text: str, width: int = 70) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def indicator_chart(*, code: str, name: str, unit: str, points: list[tuple[str, float, bool]],
                    targets: list[tuple[int | None, str, float | None]]) -> dict[str, Any]:
    """One indicator: its figures over the periods (provisional ones hollow, marked "tạm tính"), with a
    dashed line at each target's threshold. With no figure yet, the plan's targets by year.

    points: (period, value, provisional); targets: (year, label, threshold). Numbers stay numbers
    (the Vietnamese decimal comma is Vega's display locale, never in the data)."""
    fmt = ".1f" if unit == "percent" else ",.0f"
    provisional_kind, complete_kind = pgettext("chart", "tạm tính"), pgettext("chart", "đủ số liệu")
    values = [{"period": p, "value": float(v), "kind": provisional_kind if provisional else complete_kind}
              for p, v, provisional in points]
    rules = [{"target": (pgettext("chart", "Chỉ tiêu năm %(year)s: %(label)s") % {"year": year, "label": label}
                         if year else pgettext("chart", "Chỉ tiêu: %(label)s") % {"label": label}),
              "threshold": float(t), "year": str(year or "")} for year, label, t in targets if t is not None]
    if not values:
        layers: list[dict[str, Any]] = [
            {"data": {"values": rules}, "mark": {"type": "point", "filled": True, "size": 80, "color": "#b03a2e"},
             "encoding": {"x": {"field": "year", "type": "ordinal", "title": pgettext("chart", "Năm"), "axis": {"labelAngle": 0}},
                          "y": {"field": "threshold", "type": "quantitative", "title": _unit_title(unit)}}},
            {"data": {"values": rules}, "mark": {"type": "text", "dy": -12, "fontSize": 11, "font": FONT},
             "encoding": {"x": {"field": "year", "type": "ordinal"}, "y": {"field": "threshold", "type": "quantitative"},
                          "text": {"field": "threshold", "type": "quantitative", "format": fmt}}},
        ]
        return {"$schema": SCHEMA, "title": {"text": [*_wrap(name), pgettext("chart", "(chỉ tiêu theo năm; chưa có số liệu)")]},
                "width": 460, "height": 220, "layer": layers, "config": _config(),
                "description": f"gdnn-targets:{code}"}
    layers = [
        {"data": {"values": values}, "mark": {"type": "line", "color": "#1f5f99"},
         "encoding": {"x": {"field": "period", "type": "ordinal", "title": pgettext("chart", "Kỳ"), "axis": {"labelAngle": 0}},
                      "y": {"field": "value", "type": "quantitative", "title": _unit_title(unit)}}},
        {"data": {"values": values}, "mark": {"type": "point", "size": 50, "color": "#1f5f99"},
         "encoding": {"x": {"field": "period", "type": "ordinal"}, "y": {"field": "value", "type": "quantitative"},
                      "fill": {"field": "kind", "type": "nominal", "title": None,
                               "scale": {"domain": [complete_kind, provisional_kind], "range": ["#1f5f99", "#ffffff"]}}}},
        {"data": {"values": values}, "mark": {"type": "text", "dy": -10, "fontSize": 11, "font": FONT},
         "encoding": {"x": {"field": "period", "type": "ordinal"}, "y": {"field": "value", "type": "quantitative"},
                      "text": {"field": "value", "type": "quantitative", "format": fmt}}},
    ]
    if rules:
        layers.append({
            "data": {"values": rules}, "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#b03a2e"},
            "encoding": {"y": {"field": "threshold", "type": "quantitative"},
                         "color": {"field": "target", "type": "nominal", "title": None,
                                   "scale": {"range": ["#b03a2e", "#7d6608", "#6c3483"]}}},
        })
    return {
        "$schema": SCHEMA, "title": {"text": _wrap(name)}, "width": 460, "height": 220,
        "layer": layers, "config": _config(), "description": f"gdnn-target:{code}",
    }


def target_chart(rows: list[TargetRow]) -> dict[str, Any]:
    """A report's chart of one indicator: its rows share the series."""
    first = rows[0]
    provisional = {first.provisional_period} if first.provisional_period else set()
    return indicator_chart(
        code=first.indicator_code, name=first.name, unit=first.unit,
        points=[(p, v, p in provisional) for p, v in first.series if v is not None],
        targets=[(r.target_year, r.plan_label, r.threshold) for r in rows])


def progress_chart_specs(items: list, limit: int = MAX_TARGET_CHARTS, source: str | None = None) -> list[dict[str, Any]]:
    """The charts of a plan's progress page, from `targets_progress` (the numbers of every output):
    one per indicator with figures; a plan with no figure yet shows its targets by year. `source`
    names the plan whose targets are drawn when they are not the plan's own."""
    groups: dict[str, list] = {}
    for item in items:
        t = item.target
        if t.indicator is not None and t.year is not None:
            groups.setdefault(t.indicator.code, []).append(item)
    with_data = {k: g for k, g in groups.items() if any(p.value is not None for p in g[0].points)}
    chosen = list((with_data or groups).values())[:limit]
    specs = []
    for group in chosen:
        first = group[0]
        specs.append(indicator_chart(
            code=first.target.indicator.code, name=str(first.target.indicator), unit=first.target.unit,
            points=[(p.period, p.value, p.provisional) for p in first.points if p.value is not None],
            targets=[(i.target.year, i.target.value_label, i.progress.threshold) for i in group]))
        if source:
            specs[-1]["title"]["text"] = [*specs[-1]["title"]["text"],
                                          pgettext("chart", "(kế hoạch không nêu chỉ tiêu định lượng; chỉ tiêu của "
                                                   "%(source)s)") % {"source": source}]
    return specs


def ranking_chart(ranking: Ranking) -> dict[str, Any]:
    """Child units on one indicator, the lowest first, with the threshold as a rule."""
    fmt = ".1f" if ranking.unit == "percent" else ",.0f"
    values = [{"unit": u.name, "value": u.value} for u in ranking.units[:MAX_UNITS]]
    order = [v["unit"] for v in values]
    bars: dict[str, Any] = {
        "data": {"values": values}, "mark": {"type": "bar", "color": "#1f5f99"},
        "encoding": {"y": {"field": "unit", "type": "nominal", "sort": order, "title": None},
                     "x": {"field": "value", "type": "quantitative", "title": _unit_title(ranking.unit)},
                     "tooltip": [{"field": "unit"}, {"field": "value", "format": fmt}]},
    }
    labels = {"data": {"values": values}, "mark": {"type": "text", "align": "left", "dx": 3, "font": FONT},
              "encoding": {"y": {"field": "unit", "type": "nominal", "sort": order},
                           "x": {"field": "value", "type": "quantitative"},
                           "text": {"field": "value", "type": "quantitative", "format": fmt}}}
    layers = [bars, labels]
    if ranking.threshold is not None:
        layers.append({"data": {"values": [{"threshold": ranking.threshold}]},
                       "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#b03a2e"},
                       "encoding": {"x": {"field": "threshold", "type": "quantitative"}}})
    if ranking.threshold is not None:
        text = pgettext("chart", "%(indicator)s theo đơn vị cấp xã (%(period)s), thấp nhất trước")
    else:
        text = pgettext("chart", "%(indicator)s theo đơn vị cấp xã (%(period)s), thấp nhất trước (không có chỉ "
                                 "tiêu cấp xã)")
    title = _wrap(text % {"indicator": ranking.indicator_name, "period": ranking.period})
    return {"$schema": SCHEMA, "title": {"text": title}, "width": 420, "height": 18 * len(values),
            "layer": layers, "config": _config(), "description": "gdnn-ranking"}


def chart_specs(report_data: ReportData) -> list[dict[str, Any]]:
    """The report's charts, JSON-serialisable: one per indicator with data, then the rankings."""
    groups: dict[str, list[TargetRow]] = {}
    for row in report_data.targets:
        if row.indicator_code and any(v is not None for _, v in row.series):
            groups.setdefault(row.indicator_code, []).append(row)
    for rows in groups.values():
        rows[1:] = [r for r in rows[1:] if r.series == rows[0].series]  # one unit's series per chart
    specs = [target_chart(rows) for rows in list(groups.values())[:MAX_TARGET_CHARTS]]
    return specs + [ranking_chart(r) for r in report_data.rankings]


_PNG_CACHE: OrderedDict[str, bytes] = OrderedDict()
_PNG_CACHE_SIZE = 64  # charts of ~20-100 KB: a few MB per process
_PNG_LOCK = threading.Lock()
CHARTS_SUBDIR = "cache/charts"
DISK_CACHE_FILES = 2000  # ~200 MB at most; the oldest go first


def chart_png(spec: dict[str, Any], scale: float = 2.0) -> bytes:
    """The spec drawn as a PNG by vl-convert (local fonts, no network). The same chart is drawn for
    many reports (a period's DOCX and PDF, the same report asked by several people, every task
    loop of the worker), so the PNG is kept by the spec's content: in this process for the latest
    specs, and under GDNN_DATA_DIR/cache/charts for every process. The same spec gives the same
    picture; a cache that cannot be read or written only costs a new drawing."""
    import vl_convert

    drawer = getattr(vl_convert, "__version__", "")  # a new vl-convert draws anew
    key = hashlib.sha256(json.dumps([spec, scale, drawer], sort_keys=True, default=str).encode()).hexdigest()
    with _PNG_LOCK:
        if key in _PNG_CACHE:
            _PNG_CACHE.move_to_end(key)
            return _PNG_CACHE[key]
    png = _disk_read(key)
    if png is None:
        png = vl_convert.vegalite_to_png(spec, scale=scale)
        _disk_write(key, png)
    with _PNG_LOCK:
        _PNG_CACHE[key] = png
        while len(_PNG_CACHE) > _PNG_CACHE_SIZE:
            _PNG_CACHE.popitem(last=False)
    return png


def _disk_folder() -> Path:
    from django.conf import settings

    return Path(settings.DATA_DIR) / CHARTS_SUBDIR


def _disk_read(key: str) -> bytes | None:
    try:
        png = (_disk_folder() / f"{key}.png").read_bytes()
    except OSError:
        return None
    return png if png.startswith(b"\x89PNG") else None


def _disk_write(key: str, png: bytes) -> None:
    """Write the picture whole (a temporary file renamed into place), then keep the folder bounded."""
    folder = _disk_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(png)
        os.replace(temporary, folder / f"{key}.png")
        if int(key[:2], 16) == 0:  # about one write in 256 looks at the folder's size
            charts_cache_trim(keep=DISK_CACHE_FILES)
    except OSError:
        logger.warning("could not keep a chart under %s", folder, exc_info=True)


def charts_cache_trim(*, keep: int = DISK_CACHE_FILES) -> int:
    """Delete all but the `keep` newest kept charts (and temporary files an hour old, left by a
    process that stopped while writing); returns how many."""
    folder = _disk_folder()
    try:
        entries = sorted(((p.stat().st_mtime, p) for p in folder.iterdir()), reverse=True)
    except OSError:
        return 0
    pictures = [p for _, p in entries if p.suffix == ".png"]
    hour_ago = time.time() - 3600
    stale = pictures[keep:] + [p for mtime, p in entries if p.suffix == ".tmp" and mtime < hour_ago]
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)
