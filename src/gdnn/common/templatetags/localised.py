"""`{{ obj|localised:"name" }}`: a catalogue entry's name in the page's language.

Catalogue rows (data sets, sections, indicators) and periods carry `<field>_vi` and `<field>_en`;
Vietnamese is the default and the fallback when the English one is empty.
"""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def localised(obj: object, field: str = "name") -> str:
    if obj is None or obj == "":
        return ""
    if (get_language() or "vi").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return str(english)
    return str(getattr(obj, f"{field}_vi", "") or "")
