"""Progress against a target: status on a linear trajectory, least-squares projection. Pure Python.

Time is measured in fractional years at the end of each period: 2025S1 → 2025.5, 2025S2 and the
year 2025 → 2026.0; a target "for 2025" is due at 2026.0. The rules are written out in
docs/analytics.md.

The series given here holds only figures complete enough to decide a status (see
`gdnn.analytics.progress`); provisional figures are shown beside it, never passed in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

ON_TRACK_TOLERANCE = 0.02  # of the target value: noise allowed below the trajectory
AT_RISK_SHORTFALL = 0.10  # projected to miss the target by more than this share → at risk
HORIZON_YEARS = 5  # "đạt vào năm X" is said only for X up to the target year + this many years
STATUSES = ("achieved", "not_achieved", "on_track", "behind", "at_risk", "incomplete", "no_data")
DECIDED = ("achieved", "not_achieved")


def period_time(period: str) -> float:
    if "S" in period:
        year, half = period.split("S")
        return int(year) + (0.5 if half == "1" else 1.0)
    return int(period) + 1.0


@dataclass(frozen=True)
class Domain:
    """The values an indicator can take: a rate stays within its bounds, a count is whole."""

    low: float | None = None
    high: float | None = None
    whole: bool = False

    def clamp(self, value: float) -> float:
        if self.low is not None:
            value = max(value, self.low)
        if self.high is not None:
            value = min(value, self.high)
        if self.whole:
            value = float(round(value))
            if self.low is not None and value < self.low:
                value = float(math.ceil(self.low))
        return value


RATE = Domain(0.0, 100.0)
COUNT = Domain(0.0, None, whole=True)
ANY = Domain()


@dataclass(frozen=True)
class Progress:
    actual: float | None
    actual_period: str | None
    threshold: float | None
    percent_of_target: float | None
    expected_now: float | None
    projected: float | None
    year_met: int | None
    status: str  # one of STATUSES
    gap: float | None = None  # what a decided "not achieved" target still lacked (in the target's unit)
    horizon: int | None = None  # the last year a "year met" is stated for
    final: bool = False  # the target's year is over: the verdict is "đạt" or "không đạt" for good

    @property
    def decided(self) -> bool:
        return self.final


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
    series: list[tuple[str, float | None]],
    comparator: str,
    value_min: float | None,
    value_max: float | None,
    target_year: int,
    higher: bool = True,
    baseline: tuple[float, float] | None = None,
    now: float | None = None,
    domain: Domain = ANY,
    cumulative: bool = False,
) -> Progress:
    """series: (period, value) in time order, complete figures only. baseline: (time, value) when the
    plan states one. now: the time the status is judged at (default: the last observation).
    cumulative: the target is a total over the years (e.g. persons trained in 2021-2025), so the
    actual and the projection are running sums of the yearly values."""
    threshold = threshold_of(comparator, value_min, value_max, higher)
    points = [(period_time(p), float(v)) for p, v in series if v is not None and math.isfinite(v)]
    if not points or threshold is None:
        return Progress(None, None, threshold, None, None, None, None, "no_data")
    due = target_year + 1.0
    t_now = now if now is not None else points[-1][0]
    horizon = target_year + HORIZON_YEARS
    labelled = [(p, float(v)) for p, v in series if v is not None and math.isfinite(v)]
    if cumulative:
        running, total = [], 0.0
        for (p, v), (t, _) in zip(labelled, points, strict=True):
            total += v
            running.append((p, t, total))
        labelled = [(p, total) for p, _t, total in running]
        points = [(t, total) for _p, t, total in running]
    if t_now >= due:
        return _decided(labelled, points, threshold, comparator, higher, due, domain, horizon)
    last_period, actual = labelled[-1]
    percent = _percent(actual, threshold, higher)
    start_t, start_v = baseline if baseline is not None else (points[0] if not cumulative else (points[0][0] - 1.0, 0.0))
    t_obs = min(t_now, points[-1][0])  # the trajectory is read where the last figure stands
    if due > start_t:
        frac = min(max((t_obs - start_t) / (due - start_t), 0.0), 1.0)
        expected = start_v + (threshold - start_v) * frac
    else:
        expected = threshold
    fit = _fit(points, cumulative)
    projected = domain.clamp(_line(fit, due, points, cumulative)) if fit else None
    year_met = _year_met(fit, threshold, higher, points[-1][0], domain, points, cumulative) if fit else None
    if year_met is not None and year_met > horizon:
        year_met = None
    if meets(actual, threshold, comparator, higher):
        return Progress(actual, last_period, threshold, percent, expected, projected, year_met, "achieved",
                        horizon=horizon)
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
    return Progress(actual, last_period, threshold, percent, expected, projected, year_met, status, horizon=horizon)


def _percent(actual: float, threshold: float, higher: bool) -> float | None:
    if not threshold:
        return None
    return actual / threshold * 100 if higher else (threshold / actual * 100 if actual else None)


def _decided(labelled: list[tuple[str, float]], points: list[tuple[float, float]], threshold: float,
             comparator: str, higher: bool, due: float, domain: Domain, horizon: int) -> Progress:
    """The target's year is over: judge the value at the due time (the latest figure up to it, else the
    first one after it) — achieved or not, with the gap; no trajectory, no "at risk"."""
    before = [i for i, (t, _v) in enumerate(points) if t <= due + 1e-9]
    index = before[-1] if before else 0
    period, actual = labelled[index]
    if meets(actual, threshold, comparator, higher):
        return Progress(actual, period, threshold, _percent(actual, threshold, higher), threshold, None, None,
                        "achieved", horizon=horizon, final=True)
    gap = domain.clamp(abs(threshold - actual)) if domain.whole else abs(threshold - actual)
    return Progress(actual, period, threshold, _percent(actual, threshold, higher), threshold, None, None,
                    "not_achieved", gap=gap, horizon=horizon, final=True)


def _fit(points: list[tuple[float, float]], cumulative: bool) -> tuple[float, float] | None:
    if not cumulative:
        return least_squares(points)
    # A total over the years grows by the yearly flow: fit the flows, project their sum.
    flows = [(t, v - (points[i - 1][1] if i else 0.0)) for i, (t, v) in enumerate(points)]
    if len(flows) < 2:
        return (flows[0][1], 0.0) if flows else None  # one year: the same flow every year
    return least_squares(flows)


def _line(fit: tuple[float, float], t: float, points: list[tuple[float, float]], cumulative: bool) -> float:
    slope, intercept = fit
    if not cumulative:
        return slope * t + intercept
    last_t, total = points[-1]
    year = last_t + 1.0
    while year <= t + 1e-9:
        flow = slope * year + intercept if len(points) > 1 else slope
        total += max(flow, 0.0)
        year += 1.0
    return total


def _year_met(fit: tuple[float, float], threshold: float, higher: bool, from_t: float, domain: Domain,
              points: list[tuple[float, float]], cumulative: bool) -> int | None:
    """The first year by whose end the projected line (kept within the indicator's bounds) meets the
    threshold; None if it moves away from it, or cannot reach it within the bounds."""
    if cumulative:
        year = int(from_t)
        while year <= 2100:
            if _line(fit, year + 1.0, points, True) >= threshold - 1e-9:
                return year
            year += 1
        return None
    slope, intercept = fit
    if (higher and slope <= 0) or (not higher and slope >= 0):
        return None
    if (domain.high is not None and higher and threshold > domain.high + 1e-9) or (
            domain.low is not None and not higher and threshold < domain.low - 1e-9):
        return None
    t = (threshold - intercept) / slope  # when the trend line reaches the threshold
    t = max(t, from_t)
    if t > 2100:
        return None
    return math.ceil(t - 1.0 - 1e-9)  # the year whose end is at or after t
