"""The layout of a form for one period: sections per data element, rows × columns of cells.

An element disaggregated by training level and more categories gets one row per level and the
other categories as columns (sex × ethnicity × disability: 8 columns); an element with one category
of more than LONG_LIST options (occupations) gets one row per option; any other element gets one
row with all its categories as columns. The web grid and the Excel template draw the same layout.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from gdnn.collection.keys import disagg_key
from gdnn.collection.periods import Period

ROW_CATEGORY = "training_level"
LONG_LIST = 12  # a single category with more options than this is laid out as rows


@dataclass(frozen=True)
class Option:
    code: str
    name_vi: str
    name_en: str = ""


@dataclass(frozen=True)
class Cell:
    element: str
    key: str
    value_type: str


@dataclass
class Row:
    label: str
    cells: list[Cell]
    label_en: str = ""


@dataclass
class Section:
    code: str
    name_vi: str
    value_type: str
    header_rows: list[list[tuple[str, int]]]  # (label, colspan) per header line
    rows: list[Row]
    group: str = ""  # the data set's section heading this element sits under
    name_en: str = ""
    header_rows_en: list[list[tuple[str, int]]] = field(default_factory=list)  # the same lines in English

    @property
    def width(self) -> int:
        return len(self.rows[0].cells) if self.rows else 0


@dataclass
class FormStructure:
    data_set: str
    period: str
    version: str
    sections: list[Section] = field(default_factory=list)

    def cells(self) -> dict[tuple[str, str], Cell]:
        return {(c.element, c.key): c for s in self.sections for r in s.rows for c in r.cells}


@dataclass(frozen=True)
class ElementSpec:
    code: str
    name_vi: str
    value_type: str
    categories: tuple[str, ...]
    name_en: str = ""


VALUE_HINT = {"count": gettext_lazy("số nguyên ≥ 0"), "number": gettext_lazy("số"),
              "percent": gettext_lazy("tỷ lệ 0–100"), "boolean": gettext_lazy("1 = có, 0 = không")}
# A yes/no element's name may already say "(1 = có)": its section then shows the name without it,
# followed by the full hint, never both ("… (1 = có) (1 = có, 0 = không)").
_YES_HINT = re.compile(r"\s*\(\s*1\s*=\s*(?:có|yes)\s*\)\s*$", re.IGNORECASE)


def name_before_hint(name: str, value_type: str) -> str:
    """The section's name as written before its value hint (VALUE_HINT), without a repeated hint."""
    return _YES_HINT.sub("", name) if value_type == "boolean" else name


def section_build(element: ElementSpec, options: dict[str, list[Option]]) -> Section:
    cats = list(element.categories)
    row_cats = [ROW_CATEGORY] if ROW_CATEGORY in cats and len(cats) > 1 else []
    if len(cats) == 1 and len(options[cats[0]]) > LONG_LIST:
        row_cats = cats  # a long single list (occupations) reads down the page, not across it
    col_cats = [c for c in cats if c not in row_cats]
    col_combos = list(itertools.product(*(options[c] for c in col_cats)))
    row_combos = list(itertools.product(*(options[c] for c in row_cats)))
    header_rows: list[list[tuple[str, int]]] = []
    header_rows_en: list[list[tuple[str, int]]] = []
    span = len(col_combos)
    repeat = 1
    for cat in col_cats:
        span //= max(1, len(options[cat]))
        header_rows.append([(o.name_vi, span) for _ in range(repeat) for o in options[cat]])
        header_rows_en.append([(o.name_en or o.name_vi, span) for _ in range(repeat) for o in options[cat]])
        repeat *= len(options[cat])
    if not col_cats:
        header_rows.append([("Giá trị", 1)])
        header_rows_en.append([("Value", 1)])
    rows = []
    for row_opts in row_combos:
        label = " · ".join(o.name_vi for o in row_opts) or element.name_vi
        label_en = " · ".join(o.name_en or o.name_vi for o in row_opts) or element.name_en or element.name_vi
        cells = []
        for col_opts in col_combos:
            chosen = {c: o.code for c, o in zip(row_cats, row_opts, strict=True)}
            chosen.update({c: o.code for c, o in zip(col_cats, col_opts, strict=True)})
            cells.append(Cell(element.code, disagg_key(chosen), element.value_type))
        rows.append(Row(label, cells, label_en))
    return Section(element.code, element.name_vi, element.value_type, header_rows, rows,
                   name_en=element.name_en or element.name_vi, header_rows_en=header_rows_en)


def option_valid(valid_from, valid_to, period: Period) -> bool:
    return (valid_from is None or valid_from <= period.end) and (valid_to is None or valid_to >= period.start)
