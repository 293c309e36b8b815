"""Weighted estimates from a stratified sample: pure arithmetic, no Django.

Design: stratified simple random sampling without replacement. Within stratum h the register holds
N_h enterprises and r_h of the sampled ones answered; the respondents are treated as a simple random
sample of the stratum (non-response missing at random within strata), so each carries the weight
N_h / r_h. The expansion (Horvitz–Thompson) estimator of a total and its variance are

    Ŷ = Σ_h N_h · ȳ_h
    V(Ŷ) = Σ_h N_h² · (1 − r_h / N_h) · s_h² / r_h      (finite population correction 1 − r_h/N_h)

with ȳ_h and s_h² (divisor r_h − 1) the respondents' mean and variance. A stratum with no
respondent adds nothing to Ŷ and is reported as uncovered; a stratum with a single respondent adds
its estimate but no variance (s_h² cannot be computed) and is reported too, so the standard error
shown is then a lower bound.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class StratumData:
    population: int  # N_h
    values: Sequence[float]  # y of each responding unit


@dataclass(frozen=True)
class Estimate:
    total: float
    se: float
    uncovered_strata: int  # no respondent: not in the total
    single_strata: int  # one respondent: no variance term

    @property
    def cv(self) -> float | None:
        return self.se / self.total if self.total else None

    @property
    def exact(self) -> bool:
        return not self.uncovered_strata and not self.single_strata


def stratified_total(strata: Iterable[StratumData]) -> Estimate:
    total = variance = 0.0
    uncovered = single = 0
    for s in strata:
        r = len(s.values)
        if r == 0:
            if s.population:
                uncovered += 1
            continue
        mean = sum(s.values) / r
        total += s.population * mean
        if r == 1:
            single += 1
            continue
        s2 = sum((y - mean) ** 2 for y in s.values) / (r - 1)
        fpc = 1 - r / s.population
        variance += s.population**2 * fpc * s2 / r
    return Estimate(total=total, se=math.sqrt(max(variance, 0.0)), uncovered_strata=uncovered, single_strata=single)


def proportional_allocation(populations: Mapping[object, int], n: int, *, minimum: int = 2) -> dict[object, int]:
    """Sample sizes per stratum proportional to N_h (largest remainders), at least `minimum` where
    the stratum has that many units, never more than N_h; the sizes add up to n unless n is below
    the sum of those floors."""
    total = sum(populations.values())
    if total == 0:
        return {key: 0 for key in populations}
    n = min(n, total)
    raw = {key: n * size / total for key, size in populations.items()}
    alloc = {key: min(size, max(min(minimum, size), math.floor(raw[key]))) for key, size in populations.items()}
    remainder = sorted(populations, key=lambda k: (raw[k] - math.floor(raw[k])), reverse=True)
    floor = {key: min(minimum, size) for key, size in populations.items()}
    while sum(alloc.values()) > n:  # the floors pushed it over: take back from the largest strata
        key = max((k for k in alloc if alloc[k] > floor[k]), key=lambda k: alloc[k], default=None)
        if key is None:
            break  # n is below the sum of the floors: the floors win
        alloc[key] -= 1
    while sum(alloc.values()) < n:
        grew = False
        for key in remainder:
            if sum(alloc.values()) >= n:
                break
            if alloc[key] < populations[key]:
                alloc[key] += 1
                grew = True
        if not grew:
            break
    return alloc
