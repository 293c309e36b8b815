"""Data elements, categories and indicator formulas from the catalog's TOML files — pure Python.

The indicators app loads these into tables; analytics and the collection forms read the same
definitions, so the TOML files are the one place a formula is written.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class CategoryOption:
    code: str
    name_vi: str
    name_en: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@dataclass(frozen=True)
class Category:
    code: str
    name_vi: str
    name_en: str
    options: tuple[CategoryOption, ...]


@dataclass(frozen=True)
class DataElement:
    code: str
    name_vi: str
    name_en: str
    value_type: str
    reported_by: str
    period_type: str
    categories: tuple[str, ...]
    aggregation: str = "sum"
    over_time: str = "sum"


@dataclass(frozen=True)
class Term:
    element: str
    filter: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def matches(self, disaggregation: dict[str, str]) -> bool:
        return all(disaggregation.get(cat) in options for cat, options in self.filter)


@dataclass(frozen=True)
class Formula:
    indicator: str
    numerator: tuple[Term, ...]
    denominator: tuple[Term, ...]
    factor: float
    period_type: str
    source: str | None = None

    @property
    def is_ratio(self) -> bool:
        return bool(self.denominator)

    def elements(self) -> set[str]:
        return {t.element for t in (*self.numerator, *self.denominator)}


@dataclass(frozen=True)
class ElementCatalog:
    version: str
    categories: dict[str, Category]
    elements: dict[str, DataElement]
    formulas: dict[str, Formula]


def _terms(raw: list[dict]) -> tuple[Term, ...]:
    terms = []
    for item in raw:
        flt = tuple(
            (cat, tuple(v) if isinstance(v, list) else (v,)) for cat, v in sorted(item.get("filter", {}).items())
        )
        terms.append(Term(element=item["element"], filter=flt))
    return tuple(terms)


def parse_element_catalog(elements_text: str, formulas_text: str) -> ElementCatalog:
    data = tomllib.loads(elements_text)
    categories = {
        c["code"]: Category(
            code=c["code"], name_vi=c["name_vi"], name_en=c["name_en"],
            options=tuple(CategoryOption(o["code"], o["name_vi"], o["name_en"], o.get("valid_from"), o.get("valid_to"))
                          for o in c["options"]),
        )
        for c in data.get("category", [])
    }
    elements = {
        e["code"]: DataElement(
            code=e["code"], name_vi=e["name_vi"], name_en=e["name_en"], value_type=e["value_type"],
            reported_by=e["reported_by"], period_type=e["period_type"], categories=tuple(e.get("categories", [])),
            aggregation=e.get("aggregation", "sum"), over_time=e.get("over_time", "sum"),
        )
        for e in data.get("element", [])
    }
    fdata = tomllib.loads(formulas_text)
    formulas = {
        code: Formula(
            indicator=code, numerator=_terms(f["numerator"]), denominator=_terms(f.get("denominator", [])),
            factor=float(f.get("factor", 1)), period_type=f.get("period_type", "annual"), source=f.get("source"),
        )
        for code, f in fdata.get("formula", {}).items()
    }
    return ElementCatalog(version=f"{data.get('version')}/{fdata.get('version')}", categories=categories,
                          elements=elements, formulas=formulas)


@lru_cache(maxsize=1)
def load_element_catalog() -> ElementCatalog:
    pkg = resources.files("gdnn.indicators")
    return parse_element_catalog(
        pkg.joinpath("elements.toml").read_text(encoding="utf-8"),
        pkg.joinpath("formulas.toml").read_text(encoding="utf-8"),
    )


def load_ethnic_groups() -> dict:
    return tomllib.loads(resources.files("gdnn.indicators").joinpath("ethnic_groups.toml").read_text(encoding="utf-8"))
