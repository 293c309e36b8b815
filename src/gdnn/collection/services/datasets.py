"""Data sets (forms): the seed merge from datasets.toml, edits made in the product, entry windows.

The seed merge adds national data sets new in the seed and brings untouched seed data sets to it;
a data set a user edited (`locally_edited`) or a province's own one (origin "local") is left alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tomllib
from importlib import resources

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gdnn.collection.models import DataSet, DataSetElement, DataSetWindow
from gdnn.collection.periods import period_parse
from gdnn.collection.selectors import form_cache_clear
from gdnn.common.errors import DomainError
from gdnn.indicators.models import CatalogSeed, CategoryOption, DataElement, Origin
from gdnn.indicators.selectors import catalog_ensure_can_edit
from gdnn.orgunits.models import OrgUnit


def datasets_definition() -> dict:
    return tomllib.loads(resources.files("gdnn.collection").joinpath("datasets.toml").read_text(encoding="utf-8"))


def _element_fits(element: DataElement, data_set_level: str, period_type: str) -> bool:
    return element.reported_by == data_set_level and element.period_type == period_type


@transaction.atomic
def dataset_sync(*, definition: dict | None = None) -> dict[str, int]:
    """Merge the seed's data sets with their elements; elements dropped from an untouched seed set leave it."""
    data = definition or datasets_definition()
    version = data["version"]
    elements = {e.code: e for e in DataElement.objects.all()}
    if not elements:
        raise DomainError(gettext("Chưa có danh mục chỉ tiêu: chạy indicator_catalog_sync trước."))
    for raw in data["dataset"]:
        unknown = [c for c in raw["elements"] if c not in elements]
        if unknown:
            raise DomainError(gettext("Bộ biểu %(code)s: không có phần tử dữ liệu %(elements)s.")
                              % {"code": raw["code"], "elements": ", ".join(unknown)})
        wrong = [c for c in raw["elements"] if not _element_fits(elements[c], raw["org_unit_level"], raw["period_type"])]
        if wrong:
            raise DomainError(gettext("Bộ biểu %(code)s: %(elements)s không do cấp %(level)s báo cáo theo kỳ %(period_type)s.")
                              % {"code": raw["code"], "elements": ", ".join(wrong), "level": raw["org_unit_level"],
                                 "period_type": raw["period_type"]})
        existing = DataSet.objects.filter(code=raw["code"]).first()
        if existing is not None and (existing.origin != Origin.SEED or existing.locally_edited):
            continue  # a user's data set: the seed never overwrites it
        data_set, _ = DataSet.objects.update_or_create(
            code=raw["code"],
            defaults={
                "name_vi": raw["name_vi"], "name_en": raw["name_en"], "org_unit_level": raw["org_unit_level"],
                "period_type": raw["period_type"], "close_after_days": raw.get("close_after_days", 15),
                # keep a stamp dataset_layout_sync added for the same seed version (options synced elsewhere)
                "version": existing.version if existing and existing.version.split("+", 1)[0] == version else version,
                "origin": Origin.SEED, "owner": None,
            },
        )
        for order, code in enumerate(raw["elements"]):
            DataSetElement.objects.update_or_create(
                data_set=data_set, data_element=elements[code], defaults={"sort_order": order}
            )
        DataSetElement.objects.filter(data_set=data_set).exclude(data_element__code__in=raw["elements"]).delete()
    CatalogSeed.objects.update_or_create(name="datasets", defaults={"version": version})
    transaction.on_commit(form_cache_clear)
    form_cache_clear()
    from gdnn.collection.services.rules import validation_rule_sync

    validation_rule_sync()  # a form and its checks ship together
    return {"data_sets": DataSet.objects.count(), "members": DataSetElement.objects.count()}


def dataset_layout_sync(*, category: str) -> list[str]:
    """Stamp the version of every form whose elements use `category` with its current options, after
    another app changed them: an Excel template of the older option list is then refused, and the
    stamp is the same on every run while the options are (no locally_edited flag: not a user's edit).
    Returns the codes of the forms whose version changed."""
    codes = CategoryOption.objects.filter(category__code=category).order_by("sort_order", "code")
    digest = hashlib.sha1("|".join(codes.values_list("code", flat=True)).encode()).hexdigest()[:8]
    changed = []
    for data_set in DataSet.objects.prefetch_related("members__data_element"):
        if not any(category in m.data_element.categories for m in data_set.members.all()):
            continue
        version = f"{data_set.version.split('+', 1)[0] or 'local'}+{category[:3]}{digest}"[:40]
        if version != data_set.version:
            data_set.version = version
            data_set.save(update_fields=["version"])
            changed.append(data_set.code)
    if changed:
        transaction.on_commit(form_cache_clear)
        form_cache_clear()
    return changed


def _touch(data_set: DataSet) -> None:
    """A changed form gets a new version: Excel templates of the old layout are then refused."""
    base = data_set.version.split("+", 1)[0] or "local"
    data_set.version = f"{base}+{timezone.now():%Y%m%d%H%M%S%f}"[:40]
    if data_set.origin == Origin.SEED:
        data_set.locally_edited = True
    data_set.save(update_fields=["version", "locally_edited"])
    transaction.on_commit(form_cache_clear)
    form_cache_clear()


@transaction.atomic
def dataset_save(*, by, data_set: DataSet | None = None, code: str, name_vi: str, name_en: str = "",
                 org_unit_level: str, period_type: str, close_after_days: int = 15,
                 owner: OrgUnit | None = None, completeness_threshold: int | None = None) -> DataSet:
    """Create or change a data set's header. Its level and period type stay fixed once it has elements.
    The completeness threshold is this installation's setting, not the catalog's: changing only it
    leaves a national data set merged by upgrades."""
    if data_set is not None:
        owner = data_set.owner
    catalog_ensure_can_edit(user=by, owner=owner)
    code = (code or "").strip().upper()
    if not code or len(code) > 40 or not all(ch.isalnum() or ch in "._" for ch in code):
        raise DomainError(gettext("Mã bộ biểu chỉ gồm chữ cái không dấu, chữ số, “.” và “_” (tối đa 40 ký tự)."))
    if DataSet.objects.filter(code=code).exclude(pk=data_set.pk if data_set else None).exists():
        raise DomainError(gettext("Mã bộ biểu %(code)s đã được dùng.") % {"code": code})
    if org_unit_level not in DataElement.ReportedBy.values:
        raise DomainError(gettext("Cấp báo cáo phải là tỉnh, xã hoặc cơ sở GDNN."))
    if period_type not in DataSet.PeriodType.values:
        raise DomainError(gettext("Kỳ báo cáo phải là năm hoặc 6 tháng."))
    if not (name_vi or "").strip():
        raise DomainError(gettext("Cần tên bộ biểu."))
    if not 0 <= int(close_after_days) <= 365:
        raise DomainError(gettext("Số ngày mở thêm sau kỳ phải từ 0 đến 365."))
    if data_set is not None and data_set.members.exists() and (
            data_set.org_unit_level != org_unit_level or data_set.period_type != period_type):
        raise DomainError(gettext("Bộ biểu đã có phần tử: không đổi cấp hay kỳ báo cáo được."))
    if completeness_threshold is not None and not 0 <= int(completeness_threshold) <= 100:
        raise DomainError(gettext("Ngưỡng đầy đủ phải từ 0 đến 100 (%%), không phải %(value)s.")
                          % {"value": completeness_threshold})
    row = data_set or DataSet(owner=owner, origin=Origin.LOCAL, version="local")
    header = (row.code, row.name_vi, row.name_en, row.org_unit_level, row.period_type, row.close_after_days)
    row.code, row.name_vi, row.name_en = code, name_vi.strip(), (name_en or name_vi).strip()
    row.org_unit_level, row.period_type, row.close_after_days = org_unit_level, period_type, int(close_after_days)
    if completeness_threshold is not None:
        row.completeness_threshold = int(completeness_threshold)
    changed = header != (row.code, row.name_vi, row.name_en, row.org_unit_level, row.period_type, row.close_after_days)
    if row.pk and row.origin == Origin.SEED and changed:
        row.locally_edited = True
    row.save()
    form_cache_clear()
    return row


@transaction.atomic
def dataset_element_add(*, by, data_set: DataSet, element: DataElement, section: str = "",
                        sort_order: int | None = None) -> DataSetElement:
    catalog_ensure_can_edit(user=by, owner=data_set.owner)
    if element.owner_id is not None and element.owner_id != data_set.owner_id:
        raise DomainError(gettext("%(code)s là phần tử riêng của %(owner)s; chỉ dùng trên biểu của tỉnh đó.")
                          % {"code": element.code, "owner": element.owner.name if element.owner else ""})
    if not _element_fits(element, data_set.org_unit_level, data_set.period_type):
        raise DomainError(gettext("%(code)s do cấp %(level)s báo cáo %(period_type)s; không hợp với biểu %(data_set)s.")
                          % {"code": element.code, "level": element.get_reported_by_display(),
                             "period_type": element.get_period_type_display().lower(), "data_set": data_set.code})
    if data_set.members.filter(data_element=element).exists():
        raise DomainError(gettext("%(code)s đã có trên biểu %(data_set)s.") % {"code": element.code, "data_set": data_set.code})
    if sort_order is None:
        last = data_set.members.order_by("-sort_order").first()
        sort_order = last.sort_order + 1 if last else 0
    member = DataSetElement.objects.create(data_set=data_set, data_element=element, sort_order=sort_order,
                                           section=(section or "").strip()[:120])
    _touch(data_set)
    return member


@transaction.atomic
def dataset_element_update(*, by, member: DataSetElement, section: str, sort_order: int) -> DataSetElement:
    catalog_ensure_can_edit(user=by, owner=member.data_set.owner)
    if not 0 <= sort_order <= 10000:
        raise DomainError(gettext("Thứ tự phải từ 0 đến 10000."))
    member.section, member.sort_order = (section or "").strip()[:120], sort_order
    member.save(update_fields=["section", "sort_order"])
    _touch(member.data_set)
    return member


@transaction.atomic
def dataset_element_remove(*, by, member: DataSetElement) -> None:
    """Take an element off a form; its values already reported stay (they belong to the element)."""
    catalog_ensure_can_edit(user=by, owner=member.data_set.owner)
    data_set = member.data_set
    member.delete()
    _touch(data_set)


def _window_permission(by, data_set: DataSet) -> None:
    if by is not None:  # None: the command line, run by whoever runs the server
        catalog_ensure_can_edit(user=by, owner=data_set.owner)


@transaction.atomic
def dataset_window_set(*, data_set: DataSet, period: str, opens_on: dt.date, closes_on: dt.date,
                       by=None) -> DataSetWindow:
    _window_permission(by, data_set)
    p = period_parse(period)
    if p.period_type != data_set.period_type:
        raise DomainError(gettext("Kỳ %(period)s không phù hợp với bộ biểu %(data_set)s.")
                          % {"period": p.code, "data_set": data_set.code})
    if closes_on < opens_on:
        raise DomainError(gettext("Ngày đóng phải sau ngày mở."))
    window, _ = DataSetWindow.objects.update_or_create(
        data_set=data_set, period=p.code, defaults={"opens_on": opens_on, "closes_on": closes_on}
    )
    return window


@transaction.atomic
def dataset_threshold_set(*, data_set: DataSet, percent: int) -> DataSet:
    """How complete (% of the expected units with an approved report) a figure from this data set must
    be before it may decide a target's status; below it the figure is shown as provisional."""
    if not 0 <= percent <= 100:
        raise DomainError(gettext("Ngưỡng đầy đủ phải từ 0 đến 100 (%%), không phải %(value)s.") % {"value": percent})
    data_set.completeness_threshold = percent
    data_set.save(update_fields=["completeness_threshold"])
    return data_set


@transaction.atomic
def dataset_window_close(*, data_set: DataSet, period: str, today: dt.date, by=None) -> DataSetWindow:
    """Close entry now: the window ends yesterday (approvers may still enter on a unit's behalf)."""
    _window_permission(by, data_set)
    p = period_parse(period)
    existing = DataSetWindow.objects.filter(data_set=data_set, period=p.code).first()
    yesterday = today - dt.timedelta(days=1)
    opens = min(existing.opens_on if existing else p.start, yesterday)
    return dataset_window_set(data_set=data_set, period=p.code, opens_on=opens, closes_on=yesterday, by=by)
