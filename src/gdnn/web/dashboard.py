"""Presentation helpers for the dashboards: status labels and colours, sparkline geometry."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from gdnn.common.numbers import display_number, display_percent

STATUS = {
    "achieved": (_("achieved"), "ok"),
    "not_achieved": (_("not achieved"), "bad"),
    "on_track": (_("on track"), "ok"),
    "behind": (_("behind"), "warn"),
    "at_risk": (_("at risk"), "bad"),
    "incomplete": (_("incomplete data"), "none"),
    "no_data": (_("no data"), "none"),
}


def svg_number(value: float) -> str:
    """A coordinate as SVG reads it: a decimal point, never the page's locale (12.5, not 12,5)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass(frozen=True)
class Sparkline:
    """A small trend chart; every coordinate is already a string for the SVG."""

    points: str  # SVG polyline points, "3,29 60,16.5 117,3"
    target_y: str | None
    last: tuple[str, str] | None
    width: int = 120
    height: int = 32
    provisional: tuple[str, str] | None = None  # the newest figure when not complete enough to count


def sparkline(series: list[tuple[str, float | None]], threshold: float | None, width: int = 120, height: int = 32,
              provisional: set[str] | None = None) -> Sparkline:
    values = [(p, v) for p, v in series if v is not None]
    if not values:
        return Sparkline("", None, None, width, height)
    numbers = [v for _, v in values]
    lo = min([*numbers, threshold] if threshold is not None else numbers)
    hi = max([*numbers, threshold] if threshold is not None else numbers)
    span = (hi - lo) or 1.0
    pad = 3
    n = len(values)

    def y(v: float) -> float:
        return height - pad - (v - lo) / span * (height - 2 * pad)

    xs = [pad + i * (width - 2 * pad) / max(n - 1, 1) for i in range(n)]
    points = " ".join(f"{svg_number(x)},{svg_number(y(v))}" for x, (_p, v) in zip(xs, values, strict=True))
    last = (svg_number(xs[-1]), svg_number(y(numbers[-1])))
    marked = last if provisional and values[-1][0] in provisional else None
    return Sparkline(points, svg_number(y(threshold)) if threshold is not None else None, last, width, height, marked)


def number(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "percent":
        return display_percent(value, 1)
    return display_number(value, 0 if abs(value - round(value)) < 0.05 else 1)
