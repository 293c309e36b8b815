"""Legacy Vietnamese encodings (TCVN3/ABC, VNI-Windows) → Unicode, detected from character patterns."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from gdnn.parsing.vocab import vocab

_VIET_UNICODE = re.compile(r"[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")


@lru_cache(maxsize=1)
def _vni_table() -> dict[str, str]:
    v = vocab("legacy_encodings")["vni"]
    table: dict[str, str] = {}
    for base in "aeiouyAEIOUY":
        for mark, comb in v["tone_marks"].items():
            if mark.isupper() == base.isupper() and base not in "iI":
                table[base + mark] = unicodedata.normalize("NFC", base + comb)
    for base in "aeoAEO":
        for mark, comb in v["circumflex_marks"].items():
            if mark.isupper() == base.isupper():
                table[base + mark] = unicodedata.normalize("NFC", base + "\u0302" + comb)
    for base in "aA":
        for mark, comb in v["breve_marks"].items():
            if mark.isupper() == base.isupper():
                table[base + mark] = unicodedata.normalize("NFC", base + "\u0306" + comb)
    for horn, plain in (("ô", "o"), ("ö", "u"), ("Ô", "O"), ("Ö", "U")):
        for mark, comb in v["tone_marks"].items():
            if mark.isupper() == horn.isupper():
                table[horn + mark] = unicodedata.normalize("NFC", plain + "\u031b" + comb)
    table.update(v["letters"])
    return table


@lru_cache(maxsize=1)
def _vni_re() -> re.Pattern[str]:
    keys = sorted(_vni_table(), key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys))


def vni_to_unicode(text: str) -> str:
    table = _vni_table()
    return _vni_re().sub(lambda m: table[m.group(0)], text)


def _caps_word(m: re.Match[str]) -> str:
    w = m.group(0)
    upper_ascii = sum(1 for c in w if c.isascii() and c.isupper())
    lower_ascii = any(c.isascii() and c.islower() for c in w)
    if not lower_ascii and (upper_ascii >= 2 or (upper_ascii == 1 and len(w) == 2 and w[0].isupper() is False)):
        return w.upper()
    return w


def tcvn3_to_unicode(text: str) -> str:
    """TCVN3 → Unicode; words set in capitals (the .VnTimeH font reused lower-case codes) made upper-case."""
    table = vocab("legacy_encodings")["tcvn3"]["chars"]
    text = "".join(table.get(ch, ch) for ch in text)
    text = re.sub(r"\w+", _caps_word, text)
    return re.sub(r"\b([A-ZĐ][^\W\d_a-z]+)(?=\s+[^\W\d_a-z]{3,}\b)", lambda m: m.group(1).upper(), text)


_VNI_PAIR = re.compile(r"[aeouyAEOUYôöÔÖ][ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË](?=\w|\b)")
_TCVN_CHAR = re.compile(r"(?<=\w)[\u00a8-\u00be]|[\u00a8-\u00be](?=\w)")


def detect_legacy(text: str) -> str | None:
    """'vni', 'tcvn3' or None (already Unicode, or not Vietnamese)."""
    if len(_VIET_UNICODE.findall(text)) > 0.01 * max(1, len(text)):
        return None
    vni = len(_VNI_PAIR.findall(text)) + text.count("ñ")
    tcvn = len(_TCVN_CHAR.findall(text))
    letters = sum(c.isalpha() for c in text) or 1
    if max(vni, tcvn) < 3 or max(vni, tcvn) < 0.005 * letters:
        return None
    return "vni" if vni > tcvn else "tcvn3"


def to_unicode(text: str) -> tuple[str, str | None]:
    kind = detect_legacy(text)
    if kind == "vni":
        return vni_to_unicode(text), kind
    if kind == "tcvn3":
        return tcvn3_to_unicode(text), kind
    return text, None
