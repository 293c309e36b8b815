"""Targets stated in a table: a row per indicator, a column per target year (common in DOCX plans).

Header cells name the columns: the indicator ("Chỉ tiêu", "Nội dung"), its unit ("Đơn vị", "ĐVT")
and the years ("Năm 2025", "Đến năm 2030"). Columns of past figures ("Thực hiện 2020", "Ước 2024")
are baselines and left out.
"""

from __future__ import annotations

import re

from gdnn.parsing.extract.quantities import quantities
from gdnn.parsing.extract.targets import before_issue, finalise
from gdnn.parsing.extract.years import heading_year, year_mentions
from gdnn.parsing.model import Block, PlanDraft, SegmentedDocument, Target
from gdnn.parsing.passages import EXCLUDED_SECTIONS
from gdnn.parsing.vocab import phrase_regex, vocab

_YEAR = re.compile(r"(?<!\d)((?:20|21)\d\d)(?!\d)")


def _cells(block: Block) -> list[str]:
    return [c.strip() for c in block.text.strip().strip("|").split("|")]


def _tables(doc: SegmentedDocument) -> list[list[Block]]:
    tables: list[list[Block]] = []
    current: list[Block] = []
    for b in doc.blocks:
        if b.text.startswith("|") and b.section not in EXCLUDED_SECTIONS:
            current.append(b)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return [t for t in tables if len(t) >= 2]


def _unit_of(cell: str) -> str:
    c = cell.casefold().strip(" .()")
    for kind in ("percent", "persons", "institutions", "occupations", "programs"):
        if any(c == p or c.startswith(p + " ") for p in vocab("units")[kind]):
            return kind
    return "other"


def _columns(header: list[str]) -> tuple[int, int | None, dict[int, int]]:
    """(subject column, unit column, {column: year}) from a header row."""
    tables = vocab("units")["table_headers"]
    subject, unit = -1, None
    years: dict[int, int] = {}
    baseline = phrase_regex("units", "table_baseline_headers")
    for i, h in enumerate(header):
        low = h.casefold()
        if any(low.startswith(p) for p in tables["unit"]):
            unit = i
        elif _YEAR.search(h) and not baseline.search(h):
            ys = year_mentions(h) or [(0, 0, int(_YEAR.findall(h)[-1]))]
            years[i] = ys[-1][2]
        elif subject < 0 and any(p in low for p in tables["subject"]):
            subject = i
    if subject < 0:
        subject = next((i for i, h in enumerate(header) if i not in years and i != unit and h.casefold() not in tables["ordinal"]), 0)
    return subject, unit, years


def _header(table: list[Block]) -> tuple[list[str], list[Block]]:
    """The header row and the rows under it. A two-row header ("Mục tiêu" over "Năm 2025 | Năm 2030",
    with the cells merged down repeated on the second row) names its years on the second row."""
    first = _cells(table[0])
    if len(table) > 2 and not _columns(first)[2]:
        second = _cells(table[1])
        if _columns(second)[2] and not any(re.search(r"\d", _YEAR.sub("", c)) for c in second):
            return second, table[2:]
    return first, table[1:]


def extract_table_targets(doc: SegmentedDocument, draft: PlanDraft) -> None:
    for table in _tables(doc):
        header, rows = _header(table)
        subject_col, unit_col, years = _columns(header)
        if not years:
            years = {i: 0 for i in range(len(header)) if i != subject_col and i != unit_col}
        for row in rows:
            cells = _cells(row)
            if subject_col >= len(cells) or not cells[subject_col]:
                continue
            subject = cells[subject_col]
            unit_hint = _unit_of(cells[unit_col]) if unit_col is not None and unit_col < len(cells) else "other"
            for col, year in years.items():
                if col >= len(cells) or not re.search(r"\d", cells[col]):
                    continue
                cell = cells[col]
                qs = quantities(cell, 0, len(cell))
                if len(qs) != 1:
                    continue
                q = qs[0]
                if q.unit == "other":
                    q.unit = unit_hint if unit_hint != "other" else _unit_of(subject.rsplit("(", 1)[-1])
                    if q.unit == "other" and "%" in subject:
                        q.unit = "percent"
                comp, vmin, vmax = finalise(q, None, "", cell[q.end :])
                due = year or heading_year(doc, row)
                if before_issue(due, draft):
                    continue
                draft.targets.append(
                    Target(
                        text=" | ".join(c for c in cells if c),
                        subject=subject,
                        value_min=vmin,
                        value_max=vmax,
                        unit=q.unit,
                        comparator=comp,
                        year=due,
                        span=doc.span(row.text_start, row.end),
                        context=subject,
                    )
                )
