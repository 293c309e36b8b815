"""Validation rules as data: the seed merge from rules.toml, edits in the product, and the check of
a rule against last period's reports before it is saved."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources

from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from gdnn.collection.models import DataValue, Submission, ValidationRule
from gdnn.collection.selectors import rules_cache_clear
from gdnn.collection.validation import OPERATORS, Rule, expression_parse, rules_run
from gdnn.common.errors import DomainError
from gdnn.indicators.models import CatalogSeed, CategoryOption, DataElement, Origin
from gdnn.indicators.selectors import catalog_ensure_can_edit
from gdnn.orgunits.models import OrgUnit

# Whole sentences per side (not the side's name slotted into one sentence), so each language words them itself.
_UNREADABLE_SIDE = {
    "Vế trái": gettext_noop("Vế trái: không đọc được “%(text)s” (ví dụ đúng: ADMISSIONS[sex:female] + 5)."),
    "Vế phải": gettext_noop("Vế phải: không đọc được “%(text)s” (ví dụ đúng: ADMISSIONS[sex:female] + 5)."),
}


@transaction.atomic
def validation_rule_sync() -> dict[str, int]:
    """Merge rules.toml: new seed rules are added, untouched seed rules updated, others kept."""
    data = tomllib.loads(resources.files("gdnn.collection").joinpath("rules.toml").read_text(encoding="utf-8"))
    version = str(data.get("version", "1"))
    counts = {"added": 0, "updated": 0, "kept": 0}
    for raw in data.get("rule", []):
        values = {"left": raw["left"], "operator": raw["operator"], "right": raw["right"],
                  "for_each": list(raw.get("for_each", [])), "severity": raw.get("severity", "error"),
                  "message_vi": raw["message_vi"], "version": version}
        row = ValidationRule.objects.filter(code=raw["code"]).first()
        if row is None:
            ValidationRule.objects.create(code=raw["code"], origin=Origin.SEED, owner=None, **values)
            counts["added"] += 1
        elif row.origin == Origin.SEED and not row.locally_edited:
            for k, v in values.items():
                setattr(row, k, v)
            row.save()
            counts["updated"] += 1
        else:
            counts["kept"] += 1
    CatalogSeed.objects.update_or_create(name="rules", defaults={"version": version})
    transaction.on_commit(rules_cache_clear)
    rules_cache_clear()
    return counts


def rule_build(*, code: str, left: str, operator: str, right: str, for_each: list[str], severity: str,
               message_vi: str, owner: OrgUnit | None) -> Rule:
    """The rule as the validator runs it, after checking every reference against the catalog."""
    if operator not in OPERATORS:
        raise DomainError(gettext("Phép so sánh phải là một trong %(operators)s.") % {"operators": " ".join(OPERATORS)})
    if severity not in ValidationRule.Severity.values:
        raise DomainError(gettext("Mức độ phải là lỗi hoặc cảnh báo."))
    sides = {}
    for label, text in (("Vế trái", left), ("Vế phải", right)):
        try:
            sides[label] = expression_parse(_upper_codes(text or ""))
        except ValueError as exc:
            raise DomainError(gettext(_UNREADABLE_SIDE[label]) % {"text": text}) from exc
    terms = [*sides["Vế trái"], *sides["Vế phải"]]
    codes = {t.element for t in terms if t.element}
    if not codes:
        raise DomainError(gettext("Quy tắc cần ít nhất một phần tử dữ liệu."))
    rows = {e.code: e for e in DataElement.objects.filter(code__in=codes)}
    missing = sorted(codes - set(rows))
    if missing:
        raise DomainError(gettext("Không có phần tử dữ liệu %(elements)s.") % {"elements": ", ".join(missing)})
    foreign = sorted(c for c, e in rows.items() if e.owner_id is not None and e.owner_id != (owner.pk if owner else None))
    if foreign:
        raise DomainError(gettext("Quy tắc dùng phần tử riêng của tỉnh khác: %(elements)s.")
                          % {"elements": ", ".join(foreign)})
    options = {(o.category.code, o.code) for o in CategoryOption.objects.select_related("category")}
    for term in terms:
        for category, option in term.filter:
            if category not in rows[term.element].categories or (category, option) not in options:
                raise DomainError(gettext("%(element)s không có phân tổ %(category)s:%(option)s.")
                                  % {"element": term.element, "category": category, "option": option})
    for category in for_each:
        lacking = sorted(c for c in codes if category not in rows[c].categories)
        if lacking:
            raise DomainError(gettext("So sánh theo từng “%(category)s” cần mọi phần tử phân tổ theo nó; thiếu ở %(elements)s.")
                              % {"category": category, "elements": ", ".join(lacking)})
    if not (message_vi or "").strip():
        raise DomainError(gettext("Cần thông báo cho người nhập (có thể dùng {left} và {right})."))
    try:
        message_vi.format(left="1", right="2")
    except (KeyError, IndexError, ValueError) as exc:
        raise DomainError(gettext("Thông báo chỉ dùng {left} và {right} trong ngoặc nhọn.")) from exc
    return Rule(code=code, left=sides["Vế trái"], operator=operator, right=sides["Vế phải"],
                for_each=tuple(for_each), severity=severity, message_vi=message_vi)


def _upper_codes(text: str) -> str:
    """Element codes upper case, filters (category:option) as written in lower case."""
    out, depth = [], 0
    for ch in text.strip():
        depth += ch == "["
        depth -= ch == "]"
        out.append(ch.lower() if depth else ch.upper())
    return "".join(out)


@dataclass(frozen=True)
class RulePreview:
    period: str | None
    reports: int
    failing: int
    examples: list[str]


def rule_preview(*, rule: Rule, owner: OrgUnit | None) -> RulePreview:
    """How many reports of the latest period with data for the rule's elements would fail it
    (within the owner province for a province's rule)."""
    elements = DataElement.objects.filter(code__in=rule.elements)
    values = DataValue.objects.filter(data_element__in=elements)
    if owner is not None:
        values = values.filter(org_unit__path__startswith=owner.path)
    periods = sorted(set(values.values_list("period", flat=True)), key=lambda p: (p[:4], p[4:]))
    if not periods:
        return RulePreview(None, 0, 0, [])
    last = periods[-1]
    by_submission: dict[int, dict[tuple[str, str], object]] = defaultdict(dict)
    for sub_id, code, key, value in values.filter(period=last).values_list(
            "submission_id", "data_element__code", "disaggregation", "value"):
        by_submission[sub_id][(code, key)] = value
    subs = Submission.objects.in_bulk(list(by_submission))
    failing, examples = 0, []
    for sub_id, vals in by_submission.items():
        findings = rules_run(vals, (rule,))  # type: ignore[arg-type]
        if findings:
            failing += 1
            if len(examples) < 5 and sub_id in subs:
                examples.append(f"{subs[sub_id].org_unit.name}: {findings[0].message}")
    return RulePreview(last, len(by_submission), failing, examples)


@transaction.atomic
def validation_rule_save(*, by, rule: ValidationRule | None = None, code: str, left: str, operator: str,
                         right: str, for_each: list[str] | None = None, severity: str = "error",
                         message_vi: str, active: bool = True, owner: OrgUnit | None = None) -> ValidationRule:
    if rule is not None:
        owner = rule.owner
    catalog_ensure_can_edit(user=by, owner=owner)
    code = (code or "").strip().upper()
    if not code or len(code) > 60 or not all(ch.isalnum() or ch in "._" for ch in code):
        raise DomainError(gettext("Mã quy tắc chỉ gồm chữ cái không dấu, chữ số, “.” và “_”."))
    if ValidationRule.objects.filter(code=code).exclude(pk=rule.pk if rule else None).exists():
        raise DomainError(gettext("Mã quy tắc %(code)s đã được dùng.") % {"code": code})
    built = rule_build(code=code, left=left, operator=operator, right=right, for_each=list(for_each or []),
                       severity=severity, message_vi=message_vi, owner=owner)
    row = rule or ValidationRule(owner=owner, origin=Origin.LOCAL)
    row.code, row.left, row.operator, row.right = code, _upper_codes(left), operator, _upper_codes(right)
    row.for_each, row.severity, row.message_vi, row.active = list(built.for_each), severity, message_vi.strip(), active
    if row.pk and row.origin == Origin.SEED:
        row.locally_edited = True
    row.save()
    transaction.on_commit(rules_cache_clear)
    rules_cache_clear()
    return row


@transaction.atomic
def validation_rule_delete(*, by, rule: ValidationRule) -> None:
    catalog_ensure_can_edit(user=by, owner=rule.owner)
    if rule.origin == Origin.SEED:
        raise DomainError(gettext("Quy tắc quốc gia từ dữ liệu gốc không xóa được; có thể tắt."))
    rule.delete()
    transaction.on_commit(rules_cache_clear)
    rules_cache_clear()
