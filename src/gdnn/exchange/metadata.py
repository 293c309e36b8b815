"""The catalog as one JSON document (format "gdnn-metadata/1", described in docs/exchange.md):
categories with their options, data elements, indicators with their formulas, data sets with
their elements. Ordered by code, so two exports of the same catalog are identical."""

from __future__ import annotations

import datetime as dt

from gdnn.collection.models import DataSet
from gdnn.indicators.models import Category, DataElement, Indicator

FORMAT = "gdnn-metadata/1"


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _owner(item) -> str | None:
    return item.owner.code if item.owner_id else None


def catalog_metadata() -> dict:
    categories = [{
        "code": c.code, "name_vi": c.name_vi, "name_en": c.name_en,
        "options": [{"code": o.code, "name_vi": o.name_vi, "name_en": o.name_en, "sortOrder": o.sort_order,
                     "validFrom": _day(o.valid_from), "validTo": _day(o.valid_to)} for o in c.options.all()],
    } for c in Category.objects.prefetch_related("options").order_by("code")]
    elements = [{
        "code": e.code, "name_vi": e.name_vi, "name_en": e.name_en, "valueType": e.value_type,
        "reportedBy": e.reported_by, "periodType": e.period_type, "aggregation": e.aggregation,
        "overTime": e.over_time, "categories": list(e.categories), "owner": _owner(e),
    } for e in DataElement.objects.select_related("owner").order_by("code")]
    indicators = [{
        "code": i.code, "name_vi": i.name_vi, "name_en": i.name_en, "unit": i.unit,
        "acceptedUnits": list(i.accepted_units), "direction": i.direction, "periodType": i.period_type,
        "formula": i.formula_text, "numerator": i.numerator, "denominator": i.denominator, "factor": i.factor,
        "source": i.source, "owner": _owner(i),
    } for i in Indicator.objects.select_related("owner").order_by("code")]
    data_sets = [{
        "code": d.code, "name_vi": d.name_vi, "name_en": d.name_en, "orgUnitLevel": d.org_unit_level,
        "periodType": d.period_type, "version": d.version, "closeAfterDays": d.close_after_days, "owner": _owner(d),
        "elements": [{"dataElement": m.data_element.code, "section": m.section, "sortOrder": m.sort_order}
                     for m in d.members.select_related("data_element").order_by("sort_order", "data_element__code")],
    } for d in DataSet.objects.select_related("owner").order_by("code")]
    return {"format": FORMAT, "categories": categories, "dataElements": elements, "indicators": indicators,
            "dataSets": data_sets}
