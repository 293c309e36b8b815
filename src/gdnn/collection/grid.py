"""The entry grid of a form with its values, shaped for the template (no queries here)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from gdnn.collection.structure import VALUE_HINT, FormStructure, Section
from gdnn.common.vnformat import format_number


def display(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format_number(value, 0 if value == value.to_integral_value() else len(str(value.normalize()).split(".")[1]))


@dataclass
class GridCell:
    element: str
    key: str
    value_type: str
    text: str
    label: str


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

    @property
    def show_row_totals(self) -> bool:
        return self.section.width > 1


def column_labels(section: Section) -> list[str]:
    """One label per value column: the header lines' labels joined ("Nam · Kinh · Không khuyết tật")."""
    lines = [[label for label, span in header for _ in range(span)] for header in section.header_rows]
    return [" · ".join(parts) for parts in zip(*lines, strict=True)] if lines else []


def grid_build(*, form: FormStructure, values: dict[tuple[str, str], Decimal]) -> list[GridSection]:
    out = []
    for section in form.sections:
        columns = column_labels(section)
        rows, grand = [], Decimal(0)
        for row in section.rows:
            vals = [values.get((c.element, c.key)) for c in row.cells]
            total = sum((v for v in vals if v is not None), Decimal(0))
            grand += total
            cells = [GridCell(c.element, c.key, c.value_type, display(v), f"{section.name_vi} – {row.label} – {col}")
                     for c, v, col in zip(row.cells, vals, columns, strict=True)]
            rows.append(GridRow(row.label, cells, display(total)))
        out.append(GridSection(section, VALUE_HINT.get(section.value_type, ""), rows, display(grand)))
    return out


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
