"""Cascade alignment: is a child plan's target more, equally or less ambitious than its parent's?

A target is read as the band of values that meets it: "35 – 40%" → [35, 40]; "≥ 30%" and "đạt 30%"
→ [30, 30]; "> 30%" → just above 30. For an indicator where higher is better, the child is
less ambitious when its lower bound is below the parent's, more ambitious when its lower bound is
above the parent's upper bound, and equal when it sits within the parent's band. Lower-is-better
indicators mirror this on the upper bound. Pure Python.
"""

from __future__ import annotations

from decimal import Decimal

EPSILON = Decimal("0.000001")


def band(comparator: str, value_min: Decimal | None, value_max: Decimal | None) -> tuple[Decimal, Decimal] | None:
    lo = value_min if value_min is not None else value_max
    hi = value_max if value_max is not None else value_min
    if lo is None or hi is None:
        return None
    lo, hi = Decimal(lo), Decimal(hi)
    if comparator == "gt":
        lo = hi = lo + EPSILON
    elif comparator in ("ge", "eq", "approx"):
        hi = lo
    elif comparator == "le":
        lo = hi
    return (min(lo, hi), max(lo, hi))


def verdict(*, parent: tuple[Decimal, Decimal], child: tuple[Decimal, Decimal], higher_is_better: bool = True) -> str:
    p_lo, p_hi = parent
    c_lo, c_hi = child
    if not higher_is_better:
        # Mirror: a smaller ceiling is the more ambitious promise.
        p_lo, p_hi, c_lo, c_hi = -p_hi, -p_lo, -c_hi, -c_lo
    if c_lo < p_lo:
        return "less_ambitious"
    if c_lo > p_hi:
        return "more_ambitious"
    return "equal"
