"""Turn approved data values into fact rows with their places in the current hierarchy."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from decimal import Decimal

import pyarrow as pa

from gdnn.analytics.hierarchy import UnitIndex, current_places
from gdnn.analytics.store import FACT_SCHEMA

BATCH = 200_000


def disagg_id(key: str) -> int:
    """A stable small id for a disaggregation key (the same in every build and delta)."""
    return zlib.crc32(key.encode("utf-8")) & 0x7FFFFFFF


def split_period(period: str) -> tuple[int, int]:
    if "S" in period:
        year, half = period.split("S")
        return int(year), int(half)
    return int(period), 0


def fact_batches(
    rows: Iterable[tuple[int, int, int, str, str, Decimal | float]], index: UnitIndex
) -> Iterator[pa.RecordBatch]:
    """rows: (submission_id, element_id, org_unit_id, period, disaggregation, value)."""
    places_cache: dict[int, list] = {}
    columns: dict[str, list] = {name: [] for name in FACT_SCHEMA.names}
    count = 0
    for submission_id, element_id, unit_id, period, key, value in rows:
        places = places_cache.get(unit_id)
        if places is None:
            places = places_cache[unit_id] = current_places(index, unit_id)
        year, half = split_period(period)
        did = disagg_id(key)
        for place in places:
            columns["submission_id"].append(submission_id)
            columns["element_id"].append(element_id)
            columns["leaf_id"].append(unit_id)
            columns["period"].append(period)
            columns["year"].append(year)
            columns["half"].append(half)
            columns["disagg_id"].append(did)
            columns["value"].append(float(value))
            columns["share"].append(place.share)
            columns["cur_unit_id"].append(place.unit_id)
            columns["cur_commune_id"].append(place.commune_id)
            columns["cur_province_id"].append(place.province_id)
            count += 1
        if count >= BATCH:
            yield pa.RecordBatch.from_pydict(columns, schema=FACT_SCHEMA)
            columns = {name: [] for name in FACT_SCHEMA.names}
            count = 0
    if count:
        yield pa.RecordBatch.from_pydict(columns, schema=FACT_SCHEMA)
