"""The manpower-requirements training-need forecast: pure arithmetic, no Django.

For each industry i, employment grows from the base year: E_i(t) = E_i(0) · (1 + g_i)^t.
Employment in occupation o is the industry employment times the occupation's share of it:
O_o(t) = Σ_i s_{o,i} · E_i(t). In each forecast year t = 1 … H

    expansion demand   X_o(t) = O_o(t) − O_o(t − 1)
    replacement demand R_o(t) = x · O_o(t − 1)        (x: the exit rate, retirements and leavers)
    training need      N_o(t) = max(0, X_o(t) + R_o(t))

A shrinking occupation can therefore have a negative expansion demand; its need never goes below 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class YearNeed:
    year: int
    employment: float
    expansion: float
    replacement: float
    need: float


def forecast_needs(*, base_year: int, horizon: int, industries: Mapping[str, Mapping[str, float]],
                   shares: Mapping[str, Mapping[str, float]], exit_rate: float) -> dict[str, list[YearNeed]]:
    """{occupation: [YearNeed for base_year+1 … base_year+horizon]}."""
    if not 1 <= horizon <= 5:
        raise ValueError("horizon must be 1–5 years")

    def employment(occupation: str, t: int) -> float:
        total = 0.0
        for industry, share in shares[occupation].items():
            spec = industries.get(industry)
            if spec is None:
                continue
            total += float(share) * float(spec["employment"]) * (1 + float(spec["growth"])) ** t
        return total

    out: dict[str, list[YearNeed]] = {}
    for occupation in shares:
        years = []
        for t in range(1, horizon + 1):
            before, now = employment(occupation, t - 1), employment(occupation, t)
            expansion = now - before
            replacement = exit_rate * before
            years.append(YearNeed(year=base_year + t, employment=now, expansion=expansion,
                                  replacement=replacement, need=max(0.0, expansion + replacement)))
        out[occupation] = years
    return out
