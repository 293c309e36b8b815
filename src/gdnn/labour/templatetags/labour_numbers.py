"""Numbers on the labour pages in the page's language ("1.234,5", "45,2%"; "1,234.5", "45.2%")."""

from __future__ import annotations

from decimal import Decimal

from django import template

from gdnn.common.numbers import display_number, display_percent, display_value

register = template.Library()


@register.filter
def num(value: float | int | None, decimals: int = 0) -> str:
    return display_number(value, int(decimals))


@register.filter
def num_input(value: float | int | None) -> str:
    """A number as an input's value, exact and in the page's language (1.234,5 / 1,234.5), so the form
    reads back what it showed."""
    return "" if value is None else display_value(Decimal(str(value)).normalize())


@register.filter
def rate(value: float | None) -> str:
    """A 0–1 ratio as a percentage."""
    return display_percent(None if value is None else value * 100)
