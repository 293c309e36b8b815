"""Validation: cell checks by value type, declarative rules (rules.toml), period-on-period warnings.

Pure Python over plain dicts, so it is fast and property-tested; no database access here.
Values are keyed by (data element code, disaggregation key).
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources

from django.utils.translation import gettext

from gdnn.collection.keys import disagg_parse
from gdnn.common.numbers import NumberAmbiguous, display_number, parse_number

Values = dict[tuple[str, str], Decimal]


class ValueInvalid(ValueError):
    """A cell value that cannot be stored; the message is Vietnamese and says why."""


def not_number_message(*, language: str | None = None) -> str:
    """ "“%(v)s” is not a number (for example 1,234 or 32.5)" with examples in the page's convention."""
    return gettext("“%(v)s” không phải là số (ví dụ đúng: %(count)s hoặc %(decimal)s).") % {
        "v": "%(v)s", "count": display_number(1234, language=language),
        "decimal": display_number(32.5, 1, language=language)}


def value_check(value_type: str, raw: object, *, language: str = "vi") -> Decimal:
    """The value as a Decimal if it suits the element's value type; ValueInvalid otherwise.
    Text is read in `language`'s convention: Vietnamese (files, API) unless a page says English."""
    if isinstance(raw, bool):
        if value_type != "boolean":
            raise ValueInvalid("true/false chỉ dùng cho chỉ tiêu có/không; ở đây hãy nhập một số.")
        raw = int(raw)
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(repr(raw)) if raw == raw and abs(raw) != float("inf") else Decimal("NaN")
    elif isinstance(raw, str):
        try:
            value = parse_number(raw, language=language)
        except NumberAmbiguous as exc:  # `language` says which mark is which, whatever the page's language
            text = (gettext("“%(v)s” không rõ là số nào: trên trang tiếng Anh, dấu phẩy phân cách hàng nghìn, dấu "
                            "chấm ghi phần thập phân (ví dụ %(example)s).") if language.startswith("en") else
                    gettext("“%(v)s” không rõ là số nào: dấu chấm phân cách hàng nghìn, dấu phẩy ghi phần thập "
                            "phân (ví dụ %(example)s)."))
            raise ValueInvalid(text % {"v": raw[:40], "example": display_number(1234.5, 1, language=language)}) from exc
        except (ValueError, ArithmeticError) as exc:
            raise ValueInvalid(not_number_message(language=language) % {"v": raw[:40]}) from exc
    else:
        raise ValueInvalid("Giá trị phải là một số.")
    if not value.is_finite():
        raise ValueInvalid("Giá trị phải là một số hữu hạn.")
    if value and value.adjusted() >= 15:
        raise ValueInvalid("Giá trị quá lớn.")
    try:
        exact = value
        value = value.quantize(Decimal("0.0001")) if value != value.to_integral_value() else value.quantize(Decimal(1))
    except InvalidOperation as exc:
        raise ValueInvalid("Giá trị quá lớn.") from exc
    # More than 4 decimals is refused, never silently rounded (1e-30 is not 0); a float from Excel
    # may carry binary noise far below that (0.30000000000000004), which rounding removes.
    noise = Decimal("1e-9") * max(Decimal(1), abs(exact)) if isinstance(raw, float) else Decimal(0)
    if abs(exact - value) > noise:
        raise ValueInvalid(f"“{exact:f}”"[:60] + " có quá 4 chữ số thập phân; hãy làm tròn (tối đa 4 chữ số).")
    value += Decimal(0)  # no negative zero
    if value_type in ("count", "boolean") and value != value.to_integral_value():
        raise ValueInvalid(gettext("Giá trị phải là số nguyên (không có phần thập phân)."))
    if value_type == "count" and value < 0:
        raise ValueInvalid(gettext("Số lượng không được âm."))
    if value_type == "percent" and not Decimal(0) <= value <= Decimal(100):
        raise ValueInvalid(gettext("Tỷ lệ phải từ 0 đến 100."))
    if value_type == "boolean" and value not in (Decimal(0), Decimal(1)):
        raise ValueInvalid(gettext("Chỉ nhập 1 (có) hoặc 0 (không)."))
    return value


# --- declarative rules ---------------------------------------------------------------------------

_TERM = re.compile(r"\s*([+-])?\s*(?:(\d+(?:[.,]\d+)?)|([A-Z][A-Z0-9_]*)(?:\[([a-z0-9_:, ]*)\])?)\s*")
OPERATORS = {
    "<=": lambda a, b: a <= b, "<": lambda a, b: a < b, ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
}


@dataclass(frozen=True)
class Term:
    sign: int
    constant: Decimal | None = None
    element: str = ""
    filter: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Rule:
    code: str
    left: tuple[Term, ...]
    operator: str
    right: tuple[Term, ...]
    for_each: tuple[str, ...]
    severity: str
    message_vi: str

    @property
    def elements(self) -> set[str]:
        return {t.element for t in (*self.left, *self.right) if t.element}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str  # "error" | "warning"
    message: str
    elements: tuple[str, ...] = ()


def expression_parse(text: str) -> tuple[Term, ...]:
    """'A[sex:female] + B - 3' → terms; ValueError on anything else."""
    terms: list[Term] = []
    pos, text = 0, text.strip()
    if not text:
        raise ValueError("empty expression")
    while pos < len(text):
        match = _TERM.match(text, pos)
        if not match or match.end() == pos or (terms and not match.group(1)):
            raise ValueError(f"cannot read expression at {pos}: {text!r}")
        sign = -1 if match.group(1) == "-" else 1
        if match.group(2):
            terms.append(Term(sign, constant=Decimal(match.group(2).replace(",", "."))))
        else:
            flt = tuple(sorted(disagg_parse((match.group(4) or "").replace(",", "|").replace(" ", "")).items()))
            terms.append(Term(sign, element=match.group(3), filter=flt))
        pos = match.end()
    return tuple(terms)


def rules_parse(text: str) -> tuple[Rule, ...]:
    data = tomllib.loads(text)
    rules = []
    for raw in data.get("rule", []):
        if raw["operator"] not in OPERATORS:
            raise ValueError(f"rule {raw['code']}: unknown operator {raw['operator']}")
        rules.append(Rule(
            code=raw["code"], left=expression_parse(raw["left"]), operator=raw["operator"],
            right=expression_parse(raw["right"]), for_each=tuple(raw.get("for_each", [])),
            severity=raw.get("severity", "error"), message_vi=raw["message_vi"],
        ))
    return tuple(rules)


@lru_cache(maxsize=1)
def rules_load() -> tuple[Rule, ...]:
    return rules_parse(resources.files("gdnn.collection").joinpath("rules.toml").read_text(encoding="utf-8"))


def _evaluate(terms: tuple[Term, ...], index: dict[str, list[tuple[dict[str, str], Decimal]]],
              group: dict[str, str]) -> Decimal | None:
    total, seen = Decimal(0), False
    for term in terms:
        if term.constant is not None:
            total += term.sign * term.constant
            continue
        want = {**dict(term.filter), **group}
        rows = index.get(term.element)
        if not rows:
            return None
        for options, value in rows:
            if all(options.get(c) == o for c, o in want.items()):
                total += term.sign * value
                seen = True
    has_elements = any(t.element for t in terms)
    return total if seen or not has_elements else None


def rules_run(values: Values, rules: tuple[Rule, ...] | None = None) -> list[Finding]:
    """The findings of the rules over one submission's values (a rule needs values on both sides)."""
    rules = rules_load() if rules is None else rules
    index: dict[str, list[tuple[dict[str, str], Decimal]]] = defaultdict(list)
    for (element, key), value in values.items():
        try:
            index[element].append((disagg_parse(key), value))
        except ValueError:
            continue
    findings = []
    for rule in rules:
        groups: set[tuple[tuple[str, str], ...]] = {()}
        if rule.for_each:
            groups = {
                tuple((c, opts[c]) for c in rule.for_each)
                for e in rule.elements for opts, _ in index.get(e, []) if all(c in opts for c in rule.for_each)
            }
        for group in sorted(groups):
            left = _evaluate(rule.left, index, dict(group))
            right = _evaluate(rule.right, index, dict(group))
            if left is None or right is None or OPERATORS[rule.operator](left, right):
                continue
            where = ", ".join(o for _, o in group)
            message = rule.message_vi.format(left=display_number(left, _decimals(left)),
                                             right=display_number(right, _decimals(right)))
            findings.append(Finding(rule.code, rule.severity, f"{message}{f' ({where})' if where else ''}",
                                    tuple(sorted(rule.elements))))
    return findings


def _decimals(value: Decimal) -> int:
    return 0 if value == value.to_integral_value() else 2


def change_warnings(current: Values, previous: Values, names: dict[str, str]) -> list[Finding]:
    """A warning per element whose total is over 3× or under a third of the previous period's."""
    def totals(values: Values) -> dict[str, Decimal]:
        out: dict[str, Decimal] = defaultdict(Decimal)
        for (element, _), value in values.items():
            out[element] += value
        return out

    now, before = totals(current), totals(previous)
    findings = []
    for element, total in sorted(now.items()):
        prev = before.get(element)
        if not prev or prev <= 0:
            continue
        if total > 3 * prev or total * 3 < prev:
            findings.append(Finding(
                "CHANGE_VS_PREVIOUS", "warning",
                gettext("%(name)s: %(now)s so với %(before)s kỳ trước (chênh lệch quá 3 lần) — cần giải thích.") % {
                    "name": names.get(element, element), "now": display_number(total, _decimals(total)),
                    "before": display_number(prev, _decimals(prev))},
                (element,),
            ))
    return findings
