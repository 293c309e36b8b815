"""Indicator values as SDMX-CSV 2.0 for statistics offices.

    STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE
    dataflow,GDNN:DF_GDNN_INDICATORS(1.0),I,GDNN.ADMISSIONS,20,2025,1234,persons

One row per indicator and period that has a value, for one unit (REF_AREA = its code, "VN" for
the whole country); TIME_PERIOD in SDMX's notation (2025, 2025-S1). Values come from the
analytics store (approved data only), as on the dashboard.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from gdnn.analytics.selectors import indicator_value
from gdnn.indicators.models import Indicator
from gdnn.orgunits.models import OrgUnit

STRUCTURE_ID = "GDNN:DF_GDNN_INDICATORS(1.0)"
HEADER = ["STRUCTURE", "STRUCTURE_ID", "ACTION", "INDICATOR", "REF_AREA", "TIME_PERIOD", "OBS_VALUE",
          "UNIT_MEASURE"]


def sdmx_period(code: str) -> str:
    return code.replace("S", "-S") if "S" in code else code


def _number(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def sdmx_csv(*, unit: OrgUnit | None, periods: list[str], indicators: list[str] | None = None) -> Iterator[str]:
    """Lines of the SDMX-CSV file (header first)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")

    def line(row: list[str]) -> str:
        out.seek(0)
        out.truncate()
        writer.writerow(row)
        return out.getvalue()

    yield line(HEADER)
    qs = Indicator.objects.order_by("code")
    if indicators:
        qs = qs.filter(code__in=indicators)
    area = unit.code if unit else "VN"
    for indicator in qs:
        wanted = [p for p in periods if ("S" in p) == (indicator.period_type == "semiannual")]
        for period in wanted:
            result = indicator_value(indicator=indicator, unit=unit, period=period)
            if result.value is None:
                continue
            yield line(["dataflow", STRUCTURE_ID, "I", indicator.code, area, sdmx_period(period),
                        _number(result.value), indicator.unit])
