"""Vietnamese number and date formatting: 1.234.567; 37,2; dd/mm/yyyy; "ngày 05 tháng 02 năm 2026"."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

# With both marks, the points must group thousands before the one comma: "1.234,5", "1.234.567,25".
_BOTH_MARKS = re.compile(r"[+-]?\d{1,3}(\.\d{3})+,\d+")


def format_number(value: float | int | Decimal | None, decimals: int = 0) -> str:
    """Format with '.' as thousands separator and ',' as decimal mark; None gives an en dash."""
    if value is None:
        return "–"
    text = f"{float(value):,.{decimals}f}" if decimals else f"{round(float(value)):,}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def format_percent(value: float | Decimal | None, decimals: int = 1) -> str:
    if value is None:
        return "–"
    return f"{format_number(value, decimals)}%"


def format_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def format_date_long(value: dt.date) -> str:
    """The ND 30/2020 form: day and month with a leading zero for days 1-9 and months 1-2."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def parse_number(text: str) -> Decimal:
    """Read a number typed the Vietnamese way ("1.234", "32,5", "1.234,5"); raise ValueError."""
    raw = text.strip().replace("\u00a0", "").replace(" ", "")
    if not raw:
        raise ValueError("empty")
    if "," in raw and "." in raw and not _BOTH_MARKS.fullmatch(raw):
        raise ValueError(text)  # "1,234.5" is English, "12.34,5" a slip: neither is read as a guess
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    elif raw.count(".") >= 1:
        head, _, tail = raw.rpartition(".")
        # "1.234" and "1.234.567" are thousands; "2.5" (one or two decimals) stays a decimal point.
        if len(tail) == 3 and head.replace(".", "").lstrip("-").isdigit():
            raw = raw.replace(".", "")
    try:
        return Decimal(raw)
    except Exception as exc:  # decimal.InvalidOperation
        raise ValueError(text) from exc
