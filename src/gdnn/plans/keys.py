"""Normalised keys for matching document numbers and issuers as people write them."""

from __future__ import annotations

import re
import unicodedata


def doc_number_key(text: str | None) -> str:
    """"141/KH-UBND", "141 / kh - ubnd" and "141/KH–UBND" give the same key."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).casefold().replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", "", text)


_ABBREVIATIONS = (
    ("ủy ban nhân dân", "ubnd"), ("uỷ ban nhân dân", "ubnd"), ("hội đồng nhân dân", "hđnd"),
    ("ban thường vụ", "btv"),
)


def issuer_key(text: str | None) -> str:
    if not text:
        return ""
    text = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    for long, short in _ABBREVIATIONS:
        text = text.replace(long, short)
    return text
