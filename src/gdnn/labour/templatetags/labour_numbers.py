"""Vietnamese number formatting for the labour pages ("1.234,5", "45,2%")."""

from __future__ import annotations

from django import template

from gdnn.common.vnformat import format_number, format_percent

register = template.Library()


@register.filter
def vn(value: float | int | None, decimals: int = 0) -> str:
    return format_number(value, int(decimals))


@register.filter
def vn_rate(value: float | None) -> str:
    """A 0–1 ratio as a percentage."""
    return format_percent(None if value is None else value * 100)
