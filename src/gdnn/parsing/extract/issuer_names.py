"""Issuers' names as the header writes them in capitals, turned into the body's spelling:
"ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN" → "UBND tỉnh Lạng Sơn", "HỘI LHPN TỈNH QUẢNG TRỊ" → "Hội LHPN tỉnh Quảng Trị"."""

from __future__ import annotations

import re
import unicodedata

from gdnn.parsing.vocab import phrases, vocab


def format_agency(name: str) -> str:
    """'ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN' → 'UBND tỉnh Lạng Sơn'; other capitalised names to sentence case."""
    t = re.sub(r"\s+", " ", name).strip(" .,-")
    t = re.sub(r"(?i)^(ủy|uỷ) ban nhân dân\b", "UBND", t)
    if t.isupper() or t.startswith("UBND"):
        head, rest = ("UBND", t[4:].strip()) if t.startswith("UBND") else ("", t)
        low = rest.casefold()
        party = re.match(r"(tỉnh|thành|huyện|quận|thị|đảng) (ủy|uỷ|đoàn)\b\s*(.*)", low)
        if party:  # "TỈNH ỦY NGHỆ AN" → "Tỉnh ủy Nghệ An", "TỈNH ĐOÀN X" → "Tỉnh đoàn X"
            place = " ".join(w.capitalize() for w in party.group(3).split())
            return f"{party.group(1).capitalize()} {party.group(2)} {place}".strip()
        for unit in phrases("agencies", "unit_words"):
            if low.startswith(unit + " "):
                place = rest[len(unit) + 1 :]
                rest = unit + " " + " ".join(w.capitalize() for w in place.casefold().split())
                break
        else:
            if rest.isupper():
                rest = _sentence_case(rest)
        t = f"{head} {rest}".strip()
    return t


_NOT_PLACES = {"hội", "ủy", "uỷ", "đoàn"}  # "xã hội", "tỉnh ủy", "tỉnh đoàn": not a unit and its place


def _sentence_case(name: str) -> str:
    """'HỘI LHPN TỈNH QUẢNG TRỊ' → 'Hội LHPN tỉnh Quảng Trị': acronyms (no vowel) stay in capitals,
    and the place after an administrative-unit word ("tỉnh", "huyện") takes capitals."""
    lower = set(vocab("agencies")["lower_words"])
    units = phrases("agencies", "unit_words")
    words, low = name.split(), name.casefold().split()
    out: list[str] = []
    place = False
    for i, (w, c) in enumerate(zip(words, low, strict=True)):
        if not re.search(r"[aeiouyăâêôơư]", unicodedata.normalize("NFD", c)):
            out.append(w)
        elif place or out == words[:i] or (low[i - 1] in {"và", "-", "–"} and c not in lower):
            out.append(c.capitalize())
        else:
            out.append(c)
        tail = " ".join(low[i - 1 : i + 1]) if i else c
        nxt = low[i + 1] if i + 1 < len(low) else ""
        opens_place = (c in units or tail in units) and nxt and nxt not in _NOT_PLACES
        body_of_place = i and low[i - 1] in units and c in _NOT_PLACES - {"hội"}  # "TỈNH ĐOÀN X": X is the place
        place = place or bool(opens_place or body_of_place)
    text = " ".join(out)
    for proper in phrases("agencies", "proper_names"):
        text = re.sub(rf"(?<!\w){re.escape(proper)}(?!\w)", proper.title(), text)
    return text
