"""Numbers in the page's language: shown and read the Vietnamese way (1.234,5; 45,2%) or the
English way (1,234.5; 45.2%).

Web code shows numbers with `display_number`/`display_percent`, which follow the active language
(`django.utils.translation.get_language()`); the ND 30/2020 reports call `gdnn.common.vnformat`,
which is Vietnamese always (decision 0015). `parse_number` reads what a person typed in a page's
language and refuses, with `NumberAmbiguous`, an entry the other convention would read as a
different number ("32,5" on an English page), so no entry is ever silently misread.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import get_language

from gdnn.common import vnformat

_ENGLISH = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?|[+-]?\.\d+")


class NumberAmbiguous(ValueError):
    """An entry that is not a number in the page's convention but is one in the other."""


def page_language(language: str | None = None) -> str:
    """ "en" or "vi": the language given, else the active one; Vietnamese unless it is English."""
    return "en" if (language or get_language() or "vi").startswith("en") else "vi"


def display_number(value: float | int | Decimal | None, decimals: int = 0, *, language: str | None = None) -> str:
    """1.234,5 on a Vietnamese page, 1,234.5 on an English one; None gives an en dash."""
    if page_language(language) == "vi" or value is None:
        return vnformat.format_number(value, decimals)
    return f"{float(value):,.{decimals}f}" if decimals else f"{round(float(value)):,}"


def display_percent(value: float | Decimal | None, decimals: int = 1, *, language: str | None = None) -> str:
    """45,2% on a Vietnamese page, 45.2% on an English one."""
    if value is None:
        return "–"
    return f"{display_number(value, decimals, language=language)}%"


def display_value(value: Decimal | None, *, language: str | None = None) -> str:
    """A stored value with exactly its own decimals ("" for none): 1.234 / 1,234; 32,25 / 32.25."""
    if value is None:
        return ""
    decimals = 0 if value == value.to_integral_value() else len(format(value.normalize(), "f").split(".")[1])
    return display_number(value, decimals, language=language)


def parse_number(text: str, *, language: str = "vi") -> Decimal:
    """What a person typed, read in `language`'s convention. ValueError when it is not a number;
    NumberAmbiguous (a ValueError) when it is not one here but would be in the other language."""
    english = page_language(language) == "en"
    try:
        return _parse_english(text) if english else vnformat.parse_number(text)
    except ValueError:
        try:
            vnformat.parse_number(text) if english else _parse_english(text)
        except ValueError:
            raise ValueError(text) from None
        raise NumberAmbiguous(text) from None


def _parse_english(text: str) -> Decimal:
    raw = text.strip().replace("\u00a0", "").replace(" ", "")
    if not raw:
        raise ValueError("empty")
    if _ENGLISH.fullmatch(raw):
        return Decimal(raw.replace(",", ""))
    if "," in raw or raw.count(".") > 1:
        raise ValueError(text)
    try:  # "1e3", "NaN": Python's own syntax, with no separator to misread
        return Decimal(raw)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
