"""Progress against a target: status on a linear trajectory, least-squares projection. Pure Python.

Time is measured in fractional years at the end of each period: 2025S1 → 2025.5, 2025S2 and the
year 2025 → 2026.0; a target "for 2025" is due at 2026.0. The rules are written out in
docs/analytics.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

ON_TRACK_TOLERANCE = 0.02  # of the target value: noise allowed below the trajectory
AT_RISK_SHORTFALL = 0.10  # projected to miss the target by more than this share → at risk
PROJECTION_HORIZON = 2060


def period_time(period: str) -> float:
    if "S" in period:
        year, half = period.split("S")
        return int(year) + (0.5 if half == "1" else 1.0)
    return int(period) + 1.0


@dataclass(frozen=True)
class Progress:
    actual: float | None
    actual_period: str | None
    threshold: float | None
    percent_of_target: float | None
    expected_now: float | None
    projected: float | None
    year_met: int | None
    status: str  # achieved | on_track | behind | at_risk | no_data


def threshold_of(comparator: str, value_min: float | None, value_max: float | None, higher: bool) -> float | None:
    if comparator == "le":
        return value_max if value_max is not None else value_min
    if comparator == "range" and not higher:
        return value_max
    return value_min if value_min is not None else value_max


def meets(actual: float, threshold: float, comparator: str, higher: bool) -> bool:
    if higher:
        return actual > threshold if comparator == "gt" else actual >= threshold - 1e-9
    return actual <= threshold + 1e-9


def least_squares(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """(slope, intercept) of the least-squares line, or None with fewer than two distinct times."""
    if len({t for t, _ in points}) < 2:
        return None
    n = len(points)
    mt = sum(t for t, _ in points) / n
    mv = sum(v for _, v in points) / n
    stt = sum((t - mt) ** 2 for t, _ in points)
    slope = sum((t - mt) * (v - mv) for t, v in points) / stt
    return slope, mv - slope * mt


def progress(
    *,
    series: list[tuple[str, float]],
    comparator: str,
    value_min: float | None,
    value_max: float | None,
    target_year: int,
    higher: bool = True,
    baseline: tuple[float, float] | None = None,
    now: float | None = None,
) -> Progress:
    """series: (period, value) in time order. baseline: (time, value) when the plan states one."""
    threshold = threshold_of(comparator, value_min, value_max, higher)
    points = [(period_time(p), v) for p, v in series if v is not None and math.isfinite(v)]
    if not points or threshold is None:
        return Progress(None, None, threshold, None, None, None, None, "no_data")
    last_period, actual = next((p, v) for p, v in reversed(series) if v is not None)
    t_now = now if now is not None else points[-1][0]
    due = target_year + 1.0
    percent = None
    if threshold:
        percent = actual / threshold * 100 if higher else (threshold / actual * 100 if actual else None)
    start_t, start_v = baseline if baseline is not None else points[0]
    if due > start_t:
        frac = min(max((t_now - start_t) / (due - start_t), 0.0), 1.0)
        expected = start_v + (threshold - start_v) * frac
    else:
        expected = threshold
    fit = least_squares(points)
    projected = fit[0] * due + fit[1] if fit else None
    year_met = _year_met(fit, threshold, higher, points[-1][0]) if fit else None
    if meets(actual, threshold, comparator, higher):
        status, year_met = "achieved", year_met or int(points[-1][0] - 0.01)
    else:
        tolerance = abs(threshold) * ON_TRACK_TOLERANCE
        on_trajectory = actual >= expected - tolerance if higher else actual <= expected + tolerance
        will_meet = projected is not None and (
            projected >= threshold * (1 - AT_RISK_SHORTFALL) if higher else projected <= threshold * (1 + AT_RISK_SHORTFALL)
        )
        meets_in_time = year_met is not None and year_met <= target_year
        if on_trajectory and (fit is None or meets_in_time):
            status = "on_track"
        elif will_meet:
            status = "behind"
        else:
            status = "at_risk"
    return Progress(actual, last_period, threshold, percent, expected, projected, year_met, status)


def _year_met(fit: tuple[float, float], threshold: float, higher: bool, from_t: float) -> int | None:
    slope, intercept = fit
    if (higher and slope <= 0) or (not higher and slope >= 0):
        return None
    t = (threshold - intercept) / slope  # when the trend line reaches the threshold
    t = max(t, from_t)
    year = math.ceil(t - 1.0 - 1e-9)  # the year whose end is at or after t
    return year if year <= PROJECTION_HORIZON else None
