"""Presentation helpers for the dashboards: status labels and colours, sparkline geometry."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from gdnn.common.vnformat import format_number

STATUS = {
    "achieved": (_("achieved"), "ok"),
    "on_track": (_("on track"), "ok"),
    "behind": (_("behind"), "warn"),
    "at_risk": (_("at risk"), "bad"),
    "no_data": (_("no data"), "none"),
}


@dataclass(frozen=True)
class Sparkline:
    points: str  # SVG polyline points
    target_y: float | None
    last: tuple[float, float] | None
    width: int = 120
    height: int = 32


def sparkline(series: list[tuple[str, float | None]], threshold: float | None, width: int = 120, height: int = 32) -> Sparkline:
    values = [v for _, v in series if v is not None]
    if not values:
        return Sparkline("", None, None, width, height)
    lo = min([*values, threshold] if threshold is not None else values)
    hi = max([*values, threshold] if threshold is not None else values)
    span = (hi - lo) or 1.0
    pad = 3
    n = len(values)

    def y(v: float) -> float:
        return round(height - pad - (v - lo) / span * (height - 2 * pad), 1)

    xs = [round(pad + i * (width - 2 * pad) / max(n - 1, 1), 1) for i in range(n)]
    points = " ".join(f"{x},{y(v)}" for x, v in zip(xs, values, strict=True))
    return Sparkline(points, y(threshold) if threshold is not None else None, (xs[-1], y(values[-1])), width, height)


def number(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "percent":
        return f"{format_number(value, 1)}%"
    return format_number(value, 0 if abs(value - round(value)) < 0.05 else 1)
