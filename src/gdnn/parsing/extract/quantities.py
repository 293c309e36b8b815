"""Finding the figures of a clause: value(s), unit and comparator, with the words around them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from gdnn.parsing.textutil import parse_number
from gdnn.parsing.vocab import phrases, vocab

NUMBER_RE = re.compile(
    r"(?<![\w/.,\-–])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)(?![\w/]|[.,]\d|\s?-\s?[A-ZĐ]{2})"
)
WINDOW = 160  # characters before a figure that can qualify it (keeps long lines linear)
UNIT_KINDS = ("percent", "persons", "institutions", "occupations", "programs")


@dataclass
class Quantity:
    start: int
    end: int  # end of the last number (and its "%")
    value_min: float
    value_max: float | None
    unit: str  # percent | persons | institutions | occupations | programs | other
    unit_end: int  # end of the unit word(s)
    comparator: str  # ge | gt | le | eq | range | approx | "" (not decided)


@cache
def _unit_re(kind: str) -> re.Pattern[str]:
    alts = "|".join(re.escape(p) for p in phrases("units", kind))
    tail = "" if kind == "percent" else r"(?!\w)"
    return re.compile(rf"\s*(?:{alts}){tail}", re.IGNORECASE)


def _unit_after(text: str, pos: int) -> tuple[str, int]:
    for kind in (*UNIT_KINDS, "money", "duration"):
        m = _unit_re(kind).match(text, pos)
        if m:
            return kind, m.end()
    return "other", pos


@cache
def _ends_with_re(group: str, key: str) -> re.Pattern[str] | None:
    items = vocab(group)[key] if group != "comparators" else vocab(group)[key[0]][key[1]]
    if not items:
        return None
    alts = "|".join(re.escape(p) for p in sorted(items, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})\s*$", re.IGNORECASE)


def _comparator_before(before: str) -> str:
    before = before[-24:]
    for comp in ("approx", "ge", "gt", "le"):
        rx = _ends_with_re("comparators", (comp, "before"))  # type: ignore[arg-type]
        if rx and rx.search(before):
            return comp
    return ""


def is_qualified(before: str) -> bool:
    """The figure is part of a name ("Dự án 1", "ASEAN 4", "lần thứ 4") rather than a quantity."""
    rx = _ends_with_re("targets", "qualifier_before")
    if rx and rx.search(before[-24:]):
        return True
    last = before.rstrip().rsplit(" ", 1)[-1]
    return len(last) >= 2 and last.isupper() and last.isalpha()


@cache
def _range_re() -> re.Pattern[str]:
    seps = "|".join(re.escape(s) for s in vocab("comparators")["range"]["separators"])
    return re.compile(rf"\s*%?\s*(?:{seps})\s*(\d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?|\d+(?:[.,]\d+)?)(?![\w/])", re.I)


def _range_end(text: str, pos: int, limit: int) -> re.Match[str] | None:
    m = _range_re().match(text, pos)
    return m if m and m.end() <= limit else None


def quantities(text: str, start: int, end: int) -> list[Quantity]:
    """The figures in text[start:end] that could be targets (years, dates, names, money left out)."""
    out: list[Quantity] = []
    pos = start
    for m in NUMBER_RE.finditer(text, start, end):
        if m.start() < pos:
            continue
        value = parse_number(m.group(1))
        if value is None:
            continue
        before = text[max(start, m.start() - WINDOW) : m.start()]
        if is_qualified(before):
            continue
        comparator = ""
        value_max: float | None = None
        num_end = m.end()
        rng = _range_end(text, num_end, end)
        if rng is not None:
            hi = parse_number(rng.group(1))
            if hi is not None and hi > value:
                value_max, num_end, comparator = hi, rng.end(), "range"
        unit_pos = num_end
        unit, unit_end = _unit_after(text, unit_pos)
        if unit == "percent":
            num_end = unit_end
        if unit in {"money", "duration"}:
            pos = unit_end
            continue
        # a year is written "2025", never "2.025": "2.000" is a count
        if unit == "other" and m.group(1).isdigit() and 1900 <= value <= 2100 and value_max is None:
            continue
        if not comparator:
            comparator = _comparator_before(before)
        out.append(Quantity(m.start(), num_end, value, value_max, unit, unit_end, comparator))
        pos = num_end
    _share_listed_unit(text, out)
    return out


_LIST_GAP = re.compile(r"\s*(?:,|;|và|,\s*và)\s*[^\d,;.:()]{0,30}$", re.IGNORECASE)


def is_list_gap(gap: str) -> bool:
    """The text between two figures of one list: a separator and a short label ("600, trung cấp 400")."""
    return _LIST_GAP.match(gap) is not None


def _share_listed_unit(text: str, qs: list[Quantity]) -> None:
    """"cao đẳng 600, trung cấp 400, sơ cấp 1.000 người": figures listed under short labels take the
    unit written once after the last of them."""
    for i in range(len(qs) - 2, -1, -1):
        q, nxt = qs[i], qs[i + 1]
        if q.unit == "other" and nxt.unit != "other" and is_list_gap(text[q.unit_end : nxt.start]):
            q.unit = nxt.unit
