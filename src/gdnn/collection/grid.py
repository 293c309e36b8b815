"""The entry grid of a form with its values, shaped for the template (no queries here).

Labels follow the page's language (the catalog carries Vietnamese and English names); totals add
only stored values, i.e. values the server accepted: a rejected entry never reaches a total.
`form_review` lists what a submit confirmation shows: empty cells and the cells a check warns about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gdnn.collection.structure import FormStructure, Section, name_before_hint
from gdnn.common.numbers import display_value


def display(value: Decimal | None) -> str:
    """A stored value as the page's language writes it, with its own decimals ("" for none)."""
    return display_value(value)


def base_text(value: Decimal | None) -> str:
    """A stored value as the entry form carries it back as the base of an edit ("" = empty);
    exact and language-free, unlike `display`."""
    return "" if value is None else format(value.normalize(), "f")


def english() -> bool:
    return (get_language() or "vi").startswith("en")


def value_hint(value_type: str) -> str:
    hints = {"count": _("số nguyên ≥ 0"), "number": _("số"), "percent": _("tỷ lệ 0–100"),
             "boolean": _("1 = có, 0 = không")}
    return hints.get(value_type, "")


def cell_anchor(element: str, key: str) -> str:
    """The HTML id of a cell's input: stable, readable, safe in a URL fragment."""
    return "c-" + re.sub(r"[^A-Za-z0-9_]+", "-", f"{element}-{key}").strip("-")


def section_name(section: Section, en: bool) -> str:
    return (section.name_en or section.name_vi) if en else section.name_vi


def row_label(row, en: bool) -> str:
    return (row.label_en or row.label) if en else row.label


def header_rows(section: Section, en: bool) -> list[list[tuple[str, int]]]:
    return section.header_rows_en if en and section.header_rows_en else section.header_rows


@dataclass
class GridCell:
    element: str
    key: str
    value_type: str
    text: str
    label: str
    anchor: str = ""
    base: str = ""  # base_text of the stored value: the version an edit starts from


@dataclass
class GridRow:
    label: str
    cells: list[GridCell]
    total: str


@dataclass
class GridSection:
    section: Section
    hint: str
    rows: list[GridRow]
    total: str
    name: str = ""
    headers: list[list[tuple[str, int]]] = field(default_factory=list)
    filled: int = 0
    cells: int = 0

    @property
    def show_row_totals(self) -> bool:
        return self.section.width > 1


def column_labels(section: Section, en: bool = False) -> list[str]:
    """One label per value column: the header lines' labels joined ("Nam · Kinh · Không khuyết tật")."""
    lines = [[label for label, span in header for _ in range(span)] for header in header_rows(section, en)]
    return [" · ".join(parts) for parts in zip(*lines, strict=True)] if lines else []


def grid_build(*, form: FormStructure, values: dict[tuple[str, str], Decimal]) -> list[GridSection]:
    en = english()
    out = []
    for section in form.sections:
        columns = column_labels(section, en)
        name = name_before_hint(section_name(section, en), section.value_type)  # the heading shows the hint
        rows, grand, filled, count = [], Decimal(0), 0, 0
        for row in section.rows:
            vals = [values.get((c.element, c.key)) for c in row.cells]
            total = sum((v for v in vals if v is not None), Decimal(0))
            grand += total
            filled += sum(v is not None for v in vals)
            count += len(vals)
            label = row_label(row, en)
            cells = [GridCell(c.element, c.key, c.value_type, display(v), f"{name} – {label} – {col}",
                              cell_anchor(c.element, c.key), base_text(v))
                     for c, v, col in zip(row.cells, vals, columns, strict=True)]
            rows.append(GridRow(label, cells, display(total)))
        out.append(GridSection(section, value_hint(section.value_type), rows, display(grand), name,
                               header_rows(section, en), filled, count))
    return out


@dataclass(frozen=True)
class ReviewCell:
    anchor: str
    label: str


@dataclass(frozen=True)
class ReviewSection:
    code: str
    name: str
    empty: tuple[ReviewCell, ...]
    cells: int


@dataclass(frozen=True)
class ReviewFinding:
    message: str
    severity: str
    links: tuple[ReviewCell, ...]  # the first cell of each element the finding is about


@dataclass(frozen=True)
class Review:
    """What a reporter is shown before submitting; the same object words the server's reply."""

    sections: tuple[ReviewSection, ...]
    findings: tuple[ReviewFinding, ...]

    @property
    def empty_count(self) -> int:
        return sum(len(s.empty) for s in self.sections)

    @property
    def cell_count(self) -> int:
        return sum(s.cells for s in self.sections)

    @property
    def empty_sections(self) -> tuple[ReviewSection, ...]:
        return tuple(s for s in self.sections if s.empty)

    @property
    def errors(self) -> tuple[ReviewFinding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[ReviewFinding, ...]:
        return tuple(f for f in self.findings if f.severity != "error")


def form_review(*, form: FormStructure, values: dict[tuple[str, str], Decimal], findings) -> Review:
    """Empty cells per section and each check finding with links to the cells it is about."""
    en = english()
    sections, first_cell = [], {}
    for section in form.sections:
        columns = column_labels(section, en)
        name = section_name(section, en)
        empty, count = [], 0
        for row in section.rows:
            label = row_label(row, en)
            for c, col in zip(row.cells, columns, strict=True):
                count += 1
                first_cell.setdefault(c.element, ReviewCell(cell_anchor(c.element, c.key), name))
                if (c.element, c.key) not in values:
                    empty.append(ReviewCell(cell_anchor(c.element, c.key), f"{label} – {col}"))
        sections.append(ReviewSection(section.code, name, tuple(empty), count))
    out = [ReviewFinding(f.message, f.severity, tuple(first_cell[e] for e in f.elements if e in first_cell))
           for f in findings]
    return Review(tuple(sections), tuple(out))


@dataclass
class HistoryRow:
    at: object
    by: str
    old: str
    new: str
    channel: str


def history_rows(audits) -> list[HistoryRow]:
    """Audit rows with values shown the Vietnamese way ("1.234"; "—" before the first value; "" once cleared)."""
    return [HistoryRow(a.at, str(a.by) if a.by else "—", display(a.old_value) or "—", display(a.new_value),
                       a.get_channel_display()) for a in audits]
