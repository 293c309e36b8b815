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
    near = before[-24:]
    for comp in ("approx", "ge", "gt", "le"):
        rx = _ends_with_re("comparators", (comp, "before"))  # type: ignore[arg-type]
        if rx and rx.search(near):
            return comp
    part = re.split(r"[,;:()]", before[-48:])[-1]  # the figure's own part of the clause
    for comp, words in vocab("comparators")["distant"].items():
        if any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", part, re.IGNORECASE) for w in words):
            return str(comp)
    return ""


def is_qualified(before: str, counted: bool = False) -> bool:
    """The figure is part of a name ("Dự án 1", "ASEAN 4", "lần thứ 4") rather than a quantity. An
    abbreviation before a figure that a unit follows labels a count ("CĐN 1.500 học viên"): ``counted``."""
    rx = _ends_with_re("targets", "qualifier_before")
    if rx and rx.search(before[-24:]):
        return True
    last = before.rstrip().rsplit(" ", 1)[-1]
    return len(last) >= 2 and last.isupper() and last.isalpha() and not counted


@cache
def _multiplier_re() -> re.Pattern[str]:
    alts = "|".join(re.escape(w) for w in vocab("units")["multipliers"])
    return re.compile(rf"\s*({alts})(?!\w)", re.IGNORECASE)

# "hơn 2/3 số trường": a fraction of small whole numbers (a date or a document number has a larger part)
FRACTION_RE = re.compile(r"(?<![\w/.,])([1-9])\s*/\s*([2-9]|10)(?![\w/.,-])")


def _multiplied(text: str, pos: int, value: float) -> tuple[float, int]:
    """"2,6 triệu người": the value times the number word, and where the unit starts; money is left
    to the money rule ("300 triệu đồng")."""
    m = _multiplier_re().match(text, pos)
    if not m:
        return value, pos
    kind, _ = _unit_after(text, m.end())
    if kind in {"money", "other"}:  # "300 triệu đồng", "2,2 triệu/năm": money, or nothing counted
        return value, pos
    return value * vocab("units")["multipliers"][m.group(1).casefold()], m.end()


def _label_unit(text: str, start: int, pos: int) -> str:
    """"cơ sở dạy nghề công lập 36, cơ sở dạy nghề tư thục 24": a figure after a short label that
    opens with a unit noun counts that noun."""
    head = text[start:pos]
    label = re.split(r"[,;:(]|\btrong đó\b|\bgồm\b", head)[-1].strip()
    if not label or len(label.split()) > 7:
        return "other"
    for kind in UNIT_KINDS[1:]:
        m = _unit_re(kind).match(label)
        if m and m.start() == 0:
            return kind
    return "other"


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
        if is_qualified(before, counted=_unit_after(text, m.end())[0] in UNIT_KINDS):
            continue
        comparator = ""
        value_max: float | None = None
        num_end = m.end()
        rng = _range_end(text, num_end, end)
        if rng is not None:
            hi = parse_number(rng.group(1))
            if hi is not None and hi > value:
                value_max, num_end, comparator = hi, rng.end(), "range"
        scaled, unit_pos = _multiplied(text, num_end, value)
        if value_max is not None:
            value_max *= scaled / value if value else 1
        value = scaled
        unit, unit_end = _unit_after(text, unit_pos)
        if unit == "percent":
            num_end = unit_end
        if unit in {"money", "duration"}:
            pos = unit_end
            continue
        # a year is written "2025", never "2.025": "2.000" is a count
        if unit == "other" and m.group(1).isdigit() and 1900 <= value <= 2100 and value_max is None:
            continue
        if unit == "other" and re.match(r"\s*(?:[,;.)]|$)", text[unit_end : unit_end + 2]):
            unit = _label_unit(text, start, m.start())
        if not comparator:
            comparator = _comparator_before(before)
        out.append(Quantity(m.start(), num_end, value, value_max, unit, unit_end, comparator))
        pos = num_end
    for f in FRACTION_RE.finditer(text, start, end):
        before = text[max(start, f.start() - WINDOW) : f.start()]
        if any(q.start <= f.start() < q.unit_end for q in out) or is_qualified(before):
            continue
        out.append(Quantity(f.start(), f.end(), round(int(f.group(1)) / int(f.group(2)), 6), None, "other", f.end(), _comparator_before(before)))
    out.sort(key=lambda q: q.start)
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
