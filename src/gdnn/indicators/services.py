"""Writes to the catalog: the seed merge (`gdnn upgrade`) and the edits made in the product.

The seed merge adds national rows that are new in the seed and updates seed rows nobody edited;
it never touches a row a user edited (`locally_edited`) or a province's own row (origin "local").
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from gdnn.common.errors import DomainError
from gdnn.indicators.catalog import load_catalog
from gdnn.indicators.formulas import (
    FormulaSyntaxError,
    Term,
    formula_parse,
    formula_render,
    load_element_catalog,
    load_ethnic_groups,
    terms_json,
)
from gdnn.indicators.models import (
    CatalogSeed,
    Category,
    CategoryOption,
    DataElement,
    EthnicGroup,
    Indicator,
    Origin,
)
from gdnn.indicators.selectors import catalog_ensure_can_edit
from gdnn.orgunits.models import OrgUnit


def _terms_json(terms: tuple[Term, ...]) -> list[dict]:
    return terms_json(terms)


def _merge(model, code: str, values: dict, counts: dict[str, int]) -> None:
    row = model.objects.filter(code=code).first()
    if row is None:
        model.objects.create(code=code, origin=Origin.SEED, owner=None, **values)
        counts["added"] += 1
    elif row.origin == Origin.SEED and not row.locally_edited:
        changed = [k for k, v in values.items() if getattr(row, k) != v]
        if changed:
            for k in changed:
                setattr(row, k, values[k])
            row.save(update_fields=changed)
            counts["updated"] += 1
    else:
        counts["kept"] += 1


@transaction.atomic
def indicator_catalog_sync() -> dict[str, int]:
    """Merge the national seed (catalog.toml, elements.toml, formulas.toml) into the tables."""
    elements = load_element_catalog()
    catalog = load_catalog()
    counts = {"added": 0, "updated": 0, "kept": 0}
    for c in elements.categories.values():
        category, _ = Category.objects.update_or_create(code=c.code, defaults={"name_vi": c.name_vi, "name_en": c.name_en})
        for order, o in enumerate(c.options):
            CategoryOption.objects.update_or_create(
                category=category, code=o.code,
                defaults={"name_vi": o.name_vi, "name_en": o.name_en, "sort_order": order,
                          "valid_from": o.valid_from, "valid_to": o.valid_to},
            )
    for order, e in enumerate(elements.elements.values()):
        fields = asdict(e)
        fields.pop("code")
        fields["categories"] = list(e.categories)
        _merge(DataElement, e.code, {**fields, "sort_order": order}, counts)
    for order, ind in enumerate(catalog.indicators):
        formula = elements.formulas[ind.code]
        _merge(Indicator, ind.code, {
            "name_vi": ind.name_vi, "name_en": ind.name_en, "unit": ind.unit, "accepted_units": list(ind.units),
            "direction": ind.direction, "source": ind.source, "numerator": _terms_json(formula.numerator),
            "denominator": _terms_json(formula.denominator), "factor": formula.factor,
            "formula_text": formula_render(formula.numerator, formula.denominator, formula.factor),
            "period_type": formula.period_type, "catalog_version": catalog.version, "sort_order": order,
        }, counts)
    groups = load_ethnic_groups()
    aliases = groups.get("aliases", {})
    for codelist, spec in groups["codelist"].items():
        for code, name in spec["groups"]:
            EthnicGroup.objects.update_or_create(
                codelist=codelist, code=code, defaults={"name": name, "aliases": aliases.get(name, [])}
            )
    CatalogSeed.objects.update_or_create(name="indicators", defaults={"version": elements.version})
    return {
        "categories": Category.objects.count(), "data_elements": DataElement.objects.count(),
        "indicators": Indicator.objects.count(), "ethnic_groups": EthnicGroup.objects.count(),
    }


@dataclass(frozen=True)
class OptionSpec:
    code: str
    name_vi: str
    name_en: str


@transaction.atomic
def category_options_sync(*, category: str, name_vi: str, name_en: str, options: list[OptionSpec]) -> int:
    """Make a category's options follow a list kept by another app (the labour occupation catalog):
    add new options, rename and reorder existing ones; options no longer listed stay (values may use
    them). Returns how many options were added or changed."""
    row, _ = Category.objects.get_or_create(code=category, defaults={"name_vi": name_vi, "name_en": name_en})
    existing = {o.code: o for o in row.options.all()}
    changed = 0
    for order, spec in enumerate(options):
        fields = {"name_vi": spec.name_vi[:120], "name_en": spec.name_en[:120], "sort_order": order}
        current = existing.get(spec.code)
        if current is None:
            CategoryOption.objects.create(category=row, code=spec.code, **fields)
            changed += 1
        elif any(getattr(current, k) != v for k, v in fields.items()):
            CategoryOption.objects.filter(pk=current.pk).update(**fields)
            changed += 1
    return changed


# --- edits made in the product --------------------------------------------------------------------

UNIT_OF_COUNT = {"persons", "institutions", "occupations", "programs", "other"}
# Whole sentences per field (not the field's name slotted into one sentence), so each language words them itself.
_INVALID_FIELD = {
    "value_type": gettext_noop("Kiểu giá trị không hợp lệ: %(value)s."),
    "reported_by": gettext_noop("Cấp báo cáo không hợp lệ: %(value)s."),
    "period_type": gettext_noop("Kỳ báo cáo không hợp lệ: %(value)s."),
    "over_time": gettext_noop("Cách cộng theo thời gian không hợp lệ: %(value)s."),
}


def _code_check(code: str, model, pk: int | None) -> str:
    code = (code or "").strip().upper()
    if not code or len(code) > 60 or not all(ch.isalnum() or ch in "._" for ch in code) or not code[0].isalpha():
        raise DomainError(gettext("Mã chỉ gồm chữ cái không dấu, chữ số, “.” và “_”, bắt đầu bằng chữ cái (tối đa 60 ký tự)."))
    if model.objects.filter(code=code).exclude(pk=pk).exists():
        raise DomainError(gettext("Mã %(code)s đã được dùng; chọn mã khác.") % {"code": code})
    return code


def formula_check(*, text: str, owner: OrgUnit | None, unit: str, period_type: str
                  ) -> tuple[tuple[Term, ...], tuple[Term, ...], float]:
    """Parse a formula and check it against the catalog: every element exists and is visible to
    the owner, filters name categories and options of that element, the unit fits the shape
    (a percentage is a ratio × 100; a count is a sum), the period type fits the elements.
    Formulas are over data elements only, so no formula can refer to itself or form a cycle."""
    try:
        numerator, denominator, factor = formula_parse(text)
    except FormulaSyntaxError as exc:
        raise DomainError(gettext("Công thức: %(problem)s") % {"problem": exc}) from exc
    codes = {t.element for t in (*numerator, *denominator)}
    rows = {e.code: e for e in DataElement.objects.filter(code__in=codes)}
    indicators = set(Indicator.objects.filter(code__in=codes - set(rows)).values_list("code", flat=True))
    if indicators:
        raise DomainError(gettext("Công thức chỉ dùng phần tử dữ liệu, không dùng chỉ số khác: %(indicators)s.")
                          % {"indicators": ", ".join(sorted(indicators))})
    missing = sorted(codes - set(rows))
    if missing:
        raise DomainError(gettext("Công thức: không có phần tử dữ liệu %(elements)s.") % {"elements": ", ".join(missing)})
    foreign = sorted(c for c, e in rows.items() if e.owner_id is not None and e.owner_id != (owner.pk if owner else None))
    if foreign:
        raise DomainError(gettext("Công thức dùng phần tử riêng của tỉnh khác: %(elements)s.")
                          % {"elements": ", ".join(foreign)})
    options = {(o.category.code, o.code) for o in CategoryOption.objects.select_related("category")}
    for term in (*numerator, *denominator):
        element = rows[term.element]
        for category, opts in term.filter:
            if category not in element.categories:
                if not element.categories:
                    raise DomainError(gettext("Công thức: %(element)s không phân tổ theo “%(category)s” "
                                              "(phân tổ: không có).") % {"element": term.element, "category": category})
                raise DomainError(gettext("Công thức: %(element)s không phân tổ theo “%(category)s” "
                                          "(phân tổ: %(categories)s).")
                                  % {"element": term.element, "category": category,
                                     "categories": ", ".join(element.categories)})
            unknown = [o for o in opts if (category, o) not in options]
            if unknown:
                raise DomainError(gettext("Công thức: nhóm “%(category)s” không có lựa chọn %(options)s.")
                                  % {"category": category, "options": ", ".join(unknown)})
    if unit == "percent" and (not denominator or factor != 100):
        raise DomainError(gettext("Chỉ số đơn vị % phải là tỷ số nhân 100, ví dụ: A / B * 100."))
    if unit in UNIT_OF_COUNT and denominator:
        raise DomainError(gettext("Chỉ số đếm (người, cơ sở, ...) là tổng các phần tử, không có phép chia; "
                                  "chọn đơn vị % cho một tỷ lệ."))
    shares = sorted(c for c, e in rows.items() if e.value_type == DataElement.ValueType.PERCENT)
    if shares and (denominator or unit != "percent"):
        raise DomainError(gettext("%(elements)s đã là tỷ lệ (%%): không cộng hay chia tiếp; dùng riêng nó với đơn vị %%.")
                          % {"elements": ", ".join(shares)})
    if period_type == "semiannual":
        annual = sorted(c for c, e in rows.items() if e.period_type != "semiannual")
        if annual:
            raise DomainError(gettext("Chỉ số 6 tháng không tính được từ phần tử báo cáo theo năm: %(elements)s.")
                              % {"elements": ", ".join(annual)})
    return numerator, denominator, factor


@transaction.atomic
def indicator_save(*, by, indicator: Indicator | None = None, code: str, name_vi: str, name_en: str = "",
                   unit: str, direction: str = "higher", formula_text: str = "", period_type: str = "annual",
                   owner: OrgUnit | None = None) -> Indicator:
    """Create or change an indicator; its formula is parsed and checked. An empty formula is allowed:
    the indicator then shows "chưa có số liệu" until one is written."""
    if indicator is not None:
        catalog_ensure_can_edit(user=by, owner=indicator.owner)
        owner = indicator.owner
    catalog_ensure_can_edit(user=by, owner=owner)
    if owner is not None and owner.level != OrgUnit.Level.PROVINCE:
        raise DomainError(gettext("Danh mục riêng thuộc về một tỉnh."))
    code = _code_check(code, Indicator, indicator.pk if indicator else None)
    if unit not in Indicator.Unit.values:
        raise DomainError(gettext("Đơn vị không hợp lệ: %(unit)s.") % {"unit": unit})
    if direction not in Indicator.Direction.values:
        raise DomainError(gettext("Chiều đánh giá phải là “cao hơn là tốt” hoặc “thấp hơn là tốt”."))
    if period_type not in DataElement.PeriodType.values:
        raise DomainError(gettext("Kỳ đánh giá phải là năm hoặc 6 tháng."))
    if not (name_vi or "").strip():
        raise DomainError(gettext("Cần tên chỉ số (tiếng Việt)."))
    numerator: tuple[Term, ...] = ()
    denominator: tuple[Term, ...] = ()
    factor = 1.0
    text = (formula_text or "").strip()
    if text:
        numerator, denominator, factor = formula_check(text=text, owner=owner, unit=unit, period_type=period_type)
        text = formula_render(numerator, denominator, factor)
    if indicator is not None and indicator.unit != unit and indicator.targets.exists():
        raise DomainError(gettext("Chỉ số %(code)s đã có chỉ tiêu gắn với đơn vị %(unit)s; "
                                  "không đổi đơn vị được (tạo chỉ số mới).")
                          % {"code": indicator.code, "unit": indicator.unit})
    row = indicator or Indicator(owner=owner, origin=Origin.LOCAL, sort_order=1000)
    accepted = list(row.accepted_units or [])
    if unit not in accepted:
        accepted = [unit, *[u for u in accepted if u != row.unit]]
    row.code, row.name_vi, row.name_en = code, name_vi.strip(), (name_en or name_vi).strip()
    row.unit, row.accepted_units, row.direction, row.period_type = unit, accepted, direction, period_type
    row.numerator, row.denominator, row.factor = terms_json(numerator), terms_json(denominator), factor
    row.formula_text = text
    if row.pk and row.origin == Origin.SEED:
        row.locally_edited = True
    row.save()
    return row


@transaction.atomic
def data_element_save(*, by, element: DataElement | None = None, code: str, name_vi: str, name_en: str = "",
                      value_type: str, reported_by: str, period_type: str, categories: list[str] | None = None,
                      over_time: str = "sum", owner: OrgUnit | None = None) -> DataElement:
    """Create or change a data element with its disaggregations (category codes, in form order)."""
    if element is not None:
        catalog_ensure_can_edit(user=by, owner=element.owner)
        owner = element.owner
    catalog_ensure_can_edit(user=by, owner=owner)
    if owner is not None and owner.level != OrgUnit.Level.PROVINCE:
        raise DomainError(gettext("Danh mục riêng thuộc về một tỉnh."))
    code = _code_check(code, DataElement, element.pk if element else None)
    if "." in code:
        raise DomainError(gettext("Mã phần tử dữ liệu không có dấu “.” (chỉ chữ cái không dấu, chữ số và “_”)."))
    for value, choices, field in ((value_type, DataElement.ValueType.values, "value_type"),
                                  (reported_by, DataElement.ReportedBy.values, "reported_by"),
                                  (period_type, DataElement.PeriodType.values, "period_type"),
                                  (over_time, ["sum", "last"], "over_time")):
        if value not in choices:
            raise DomainError(gettext(_INVALID_FIELD[field]) % {"value": value})
    if not (name_vi or "").strip():
        raise DomainError(gettext("Cần tên phần tử dữ liệu (tiếng Việt)."))
    categories = list(dict.fromkeys(categories or []))
    unknown = sorted(set(categories) - set(Category.objects.values_list("code", flat=True)))
    if unknown:
        raise DomainError(gettext("Không có nhóm phân tổ %(categories)s.") % {"categories": ", ".join(unknown)})
    if element is not None and element.values.exists() and (
            element.categories != categories or element.value_type != value_type
            or element.reported_by != reported_by or element.period_type != period_type):
        raise DomainError(gettext("%(code)s đã có số liệu: không đổi phân tổ, kiểu giá trị, cấp hay kỳ báo cáo được.")
                          % {"code": element.code})
    row = element or DataElement(owner=owner, origin=Origin.LOCAL, sort_order=1000)
    row.code, row.name_vi, row.name_en = code, name_vi.strip(), (name_en or name_vi).strip()
    row.value_type, row.reported_by, row.period_type = value_type, reported_by, period_type
    row.categories, row.over_time = categories, over_time
    row.aggregation = "none" if value_type == DataElement.ValueType.PERCENT else "sum"
    if row.pk and row.origin == Origin.SEED:
        row.locally_edited = True
    row.save()
    return row


@transaction.atomic
def data_element_delete(*, by, element: DataElement) -> None:
    """Delete an element nobody uses: no values, on no form, in no formula."""
    catalog_ensure_can_edit(user=by, owner=element.owner)
    if element.values.exists():
        raise DomainError(gettext("%(code)s đã có số liệu; không xóa được.") % {"code": element.code})
    if element.data_sets.exists():
        raise DomainError(gettext("%(code)s đang nằm trên biểu %(data_sets)s; bỏ khỏi biểu trước.")
                          % {"code": element.code, "data_sets": ", ".join(element.data_sets.values_list("code", flat=True))})
    users = [i.code for i in Indicator.objects.all()
             if any(t.get("element") == element.code for t in [*(i.numerator or []), *(i.denominator or [])]
                    if isinstance(t, dict))]
    if users:
        raise DomainError(gettext("%(code)s được dùng trong công thức của %(indicators)s.")
                          % {"code": element.code, "indicators": ", ".join(users)})
    element.delete()


@transaction.atomic
def indicator_delete(*, by, indicator: Indicator) -> None:
    catalog_ensure_can_edit(user=by, owner=indicator.owner)
    if indicator.origin == Origin.SEED:
        raise DomainError(gettext("Chỉ số quốc gia từ dữ liệu gốc không xóa được; có thể sửa."))
    if indicator.targets.exists():
        raise DomainError(gettext("Chỉ số %(code)s đang gắn với chỉ tiêu của kế hoạch; không xóa được.")
                          % {"code": indicator.code})
    indicator.delete()
