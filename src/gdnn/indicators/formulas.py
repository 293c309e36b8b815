"""Data elements, categories and indicator formulas from the catalog's TOML files — pure Python.

The indicators app loads these into tables; analytics and the collection forms read the same
definitions, so the TOML files are the one place a formula is written.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from django.utils.translation import gettext


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


# --- formulas written by users -------------------------------------------------------------------
#
#   formula  := sum [ "/" sum ] [ "*" number ]
#   sum      := term { "+" term }  |  "(" sum ")"
#   term     := ELEMENT_CODE [ "[" category ":" option { "|" option } { "," category ":" ... } "]" ]
# e.g. "(GRAD_THCS_INTO_VET + GRAD_THPT_INTO_VET) / (GRAD_THCS + GRAD_THPT) * 100",
#      "ADMISSIONS[sex:female] / ADMISSIONS * 100", "TRAINED_PERSONS".

class FormulaSyntaxError(ValueError):
    """A formula that cannot be read; the message, in the active language, names the position."""


_TOKEN = re.compile(r"\s*(?:(?P<code>[A-Za-z][A-Za-z0-9_.]*)(?:\[(?P<filter>[^\]]*)\])?|(?P<num>\d+(?:[.,]\d+)?)"
                    r"|(?P<op>[-+/*()]))")


def _tokens(text: str) -> list[tuple[str, str, str | None, int]]:
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise FormulaSyntaxError(gettext("Không đọc được công thức tại ký tự %(position)d: “%(text)s”.")
                                     % {"position": pos + 1, "text": text[pos:pos + 20]})
        if m.group("code"):
            out.append(("code", m.group("code").upper(), m.group("filter"), m.start("code")))
        elif m.group("num"):
            out.append(("num", m.group("num").replace(",", "."), None, m.start("num")))
        else:
            out.append(("op", m.group("op"), None, m.start("op")))
        pos = m.end()
    return out


def _filter_parse(raw: str | None, code: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if raw is None:
        return ()
    pairs: dict[str, tuple[str, ...]] = {}
    for part in filter(None, (p.strip() for p in raw.split(","))):
        if ":" not in part:
            raise FormulaSyntaxError(gettext("%(code)s[%(filter)s]: lọc theo dạng nhóm:lựa chọn, ví dụ %(code)s[sex:female].")
                                     % {"code": code, "filter": raw})
        cat, opts = part.split(":", 1)
        options = tuple(o.strip() for o in opts.split("|") if o.strip())
        if not cat.strip() or not options:
            raise FormulaSyntaxError(gettext("%(code)s[%(filter)s]: thiếu nhóm hoặc lựa chọn.") % {"code": code, "filter": raw})
        pairs[cat.strip()] = options
    return tuple(sorted(pairs.items()))


def formula_parse(text: str) -> tuple[tuple[Term, ...], tuple[Term, ...], float]:
    """(numerator, denominator, factor) of a formula text; FormulaSyntaxError on anything else."""
    tokens = _tokens(text or "")
    if not tokens:
        raise FormulaSyntaxError(gettext("Công thức trống."))
    pos = 0

    def peek(kind: str, value: str | None = None) -> bool:
        return pos < len(tokens) and tokens[pos][0] == kind and (value is None or tokens[pos][1] == value)

    def parse_sum() -> tuple[Term, ...]:
        nonlocal pos
        wrapped = peek("op", "(")
        if wrapped:
            pos += 1
        terms = []
        while True:
            if not peek("code"):
                where = tokens[pos][3] + 1 if pos < len(tokens) else len(text)
                raise FormulaSyntaxError(gettext("Cần mã phần tử dữ liệu tại ký tự %(position)d.") % {"position": where})
            _, code, flt, _ = tokens[pos]
            terms.append(Term(element=code, filter=_filter_parse(flt, code)))
            pos += 1
            if peek("op", "+"):
                pos += 1
                continue
            if peek("op", "-"):
                raise FormulaSyntaxError(gettext("Công thức chỉ cộng các phần tử (không trừ); "
                                                 "dùng bộ lọc để lấy một phần."))
            break
        if wrapped:
            if not peek("op", ")"):
                raise FormulaSyntaxError(gettext("Thiếu dấu “)”."))
            pos += 1
        return tuple(terms)

    numerator = parse_sum()
    denominator: tuple[Term, ...] = ()
    factor = 1.0
    if peek("op", "/"):
        pos += 1
        denominator = parse_sum()
    if peek("op", "*"):
        pos += 1
        if not peek("num"):
            raise FormulaSyntaxError(gettext("Sau dấu “*” cần một hệ số, ví dụ * 100."))
        factor = float(tokens[pos][1])
        pos += 1
    if pos != len(tokens):
        raise FormulaSyntaxError(gettext("Thừa “%(token)s” ở ký tự %(position)d.")
                                 % {"token": tokens[pos][1], "position": tokens[pos][3] + 1})
    return numerator, denominator, factor


def formula_render(numerator: tuple[Term, ...], denominator: tuple[Term, ...], factor: float) -> str:
    """The text `formula_parse` reads back to the same terms."""
    def term(t: Term) -> str:
        if not t.filter:
            return t.element
        return f"{t.element}[{','.join(f'{c}:{'|'.join(o)}' for c, o in t.filter)}]"

    def side(terms: tuple[Term, ...], wrap: bool) -> str:
        body = " + ".join(term(t) for t in terms)
        return f"({body})" if wrap and len(terms) > 1 else body

    text = side(numerator, bool(denominator))
    if denominator:
        text += f" / {side(denominator, True)}"
    if factor != 1:
        text += f" * {int(factor) if factor == int(factor) else factor}"
    return text


def terms_from_json(raw: list | None) -> tuple[Term, ...]:
    """Terms stored as JSON ({"element", "filter": {cat: [options]}}); malformed items are skipped."""
    out = []
    for item in raw or []:
        if not isinstance(item, dict) or not isinstance(item.get("element"), str):
            continue
        flt = item.get("filter") or {}
        if not isinstance(flt, dict):
            flt = {}
        out.append(Term(element=item["element"], filter=tuple(
            (str(c), tuple(str(o) for o in (v if isinstance(v, list) else [v]))) for c, v in sorted(flt.items()))))
    return tuple(out)


def terms_json(terms: tuple[Term, ...]) -> list[dict]:
    return [{"element": t.element, "filter": {cat: list(opts) for cat, opts in t.filter}} for t in terms]
