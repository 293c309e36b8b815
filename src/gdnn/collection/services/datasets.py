"""Bring the data-set tables to datasets.toml (idempotent), and set a period's entry window."""

from __future__ import annotations

import datetime as dt
import tomllib
from importlib import resources

from django.db import transaction

from gdnn.collection.models import DataSet, DataSetElement, DataSetWindow
from gdnn.collection.periods import period_parse
from gdnn.collection.selectors import form_cache_clear
from gdnn.common.errors import DomainError
from gdnn.indicators.models import DataElement


def datasets_definition() -> dict:
    return tomllib.loads(resources.files("gdnn.collection").joinpath("datasets.toml").read_text(encoding="utf-8"))


@transaction.atomic
def dataset_sync(*, definition: dict | None = None) -> dict[str, int]:
    """Create or update every data set of the file with its elements; elements dropped from a set leave it."""
    data = definition or datasets_definition()
    version = data["version"]
    elements = {e.code: e for e in DataElement.objects.all()}
    if not elements:
        raise DomainError("Chưa có danh mục chỉ tiêu: chạy indicator_catalog_sync trước.")
    for raw in data["dataset"]:
        unknown = [c for c in raw["elements"] if c not in elements]
        if unknown:
            raise DomainError(f"Bộ biểu {raw['code']}: không có phần tử dữ liệu {', '.join(unknown)}.")
        wrong = [c for c in raw["elements"] if elements[c].reported_by != raw["org_unit_level"]
                 or elements[c].period_type != raw["period_type"]]
        if wrong:
            raise DomainError(f"Bộ biểu {raw['code']}: {', '.join(wrong)} không do cấp {raw['org_unit_level']} "
                              f"báo cáo theo kỳ {raw['period_type']}.")
        data_set, _ = DataSet.objects.update_or_create(
            code=raw["code"],
            defaults={
                "name_vi": raw["name_vi"], "name_en": raw["name_en"], "org_unit_level": raw["org_unit_level"],
                "period_type": raw["period_type"], "close_after_days": raw.get("close_after_days", 15),
                "version": version,
            },
        )
        for order, code in enumerate(raw["elements"]):
            DataSetElement.objects.update_or_create(
                data_set=data_set, data_element=elements[code], defaults={"sort_order": order}
            )
        DataSetElement.objects.filter(data_set=data_set).exclude(data_element__code__in=raw["elements"]).delete()
    transaction.on_commit(form_cache_clear)
    form_cache_clear()
    return {"data_sets": DataSet.objects.count(), "members": DataSetElement.objects.count()}


@transaction.atomic
def dataset_window_set(*, data_set: DataSet, period: str, opens_on: dt.date, closes_on: dt.date) -> DataSetWindow:
    p = period_parse(period)
    if p.period_type != data_set.period_type:
        raise DomainError(f"Kỳ {p.code} không phù hợp với bộ biểu {data_set.code}.")
    if closes_on < opens_on:
        raise DomainError("Ngày đóng phải sau ngày mở.")
    window, _ = DataSetWindow.objects.update_or_create(
        data_set=data_set, period=p.code, defaults={"opens_on": opens_on, "closes_on": closes_on}
    )
    return window


@transaction.atomic
def dataset_threshold_set(*, data_set: DataSet, percent: int) -> DataSet:
    """How complete (% of the expected units with an approved report) a figure from this data set must
    be before it may decide a target's status; below it the figure is shown as provisional."""
    if not 0 <= percent <= 100:
        raise DomainError(f"Ngưỡng đầy đủ phải từ 0 đến 100 (%), không phải {percent}.")
    data_set.completeness_threshold = percent
    data_set.save(update_fields=["completeness_threshold"])
    return data_set
