"""The canonical disaggregation key of a value: "cat:opt|cat:opt" with category codes sorted.

An element without categories has the key "". The same string is DHIS2's categoryoptioncombo
column in our CSV layout ("default" is accepted for "").
"""

from __future__ import annotations

import re

_PART = re.compile(r"^[a-z0-9_]{1,40}$")


def disagg_key(options: dict[str, str]) -> str:
    return "|".join(f"{cat}:{options[cat]}" for cat in sorted(options))


def disagg_parse(text: str) -> dict[str, str]:
    """The options of a key, in any category order; ValueError when it is not a key."""
    raw = (text or "").strip()
    if raw in ("", "default"):
        return {}
    out: dict[str, str] = {}
    for part in raw.split("|"):
        cat, sep, opt = part.strip().partition(":")
        if not sep or not _PART.match(cat) or not _PART.match(opt) or cat in out:
            raise ValueError(text)
        out[cat] = opt
    return out
