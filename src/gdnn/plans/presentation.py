"""How a target reads: "35 – 40%", "≥ 30%", "khoảng 70 cơ sở"; numbers in the active language
(1.234,5 or 1,234.5): the reports build their data under Vietnamese (reports/generator.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import pgettext

from gdnn.common.numbers import display_number
from gdnn.indicators.models import unit_label


def _num(value: Decimal | float | None) -> str:
    if value is None:
        return "?"
    value = Decimal(value)
    decimals = 0 if value == value.to_integral() else 1
    return display_number(value, decimals)


def target_value_label(target: Any) -> str:
    unit = unit_label(target.unit)
    suffix = unit if unit == "%" else (f" {unit}" if unit else "")
    lo, hi = _num(target.value_min), _num(target.value_max)
    match target.comparator:
        case "range":
            return f"{lo} – {hi}{suffix}"
        case "ge":
            return f"≥ {lo}{suffix}"
        case "gt":
            return f"> {lo}{suffix}"
        case "le":
            return f"≤ {hi if target.value_max is not None else lo}{suffix}"
        case "approx":
            return pgettext("target", "khoảng %(value)s") % {"value": f"{lo}{suffix}"}
        case _:
            return f"{lo}{suffix}"
