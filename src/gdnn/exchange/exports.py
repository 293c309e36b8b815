"""Whole-dataset exports as a background job: CSV, XLSX or Parquet of the values in a scope.

The page (or the API) asks with `dataset_export_request`: the scope is checked, an audit row says
who exported what, and a job is queued. The worker streams the values from a server-side cursor
into the file in batches (csv.writer; openpyxl write-only; a pyarrow ParquetWriter per BATCH rows),
so memory stays bounded whatever the size. The file is downloaded from the job's page by the
requester or anyone whose scope covers the unit (gdnn.jobs).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext

from gdnn.accounts.models import User
from gdnn.common import events
from gdnn.common.errors import DomainError
from gdnn.common.numbers import display_number
from gdnn.exchange.selectors import ExportScope, ValueRow, export_scope, export_values, number_text
from gdnn.jobs.models import Job
from gdnn.jobs.services import job_create, job_finish_written, job_output_path, job_run
from gdnn.orgunits.models import OrgUnit

KIND = "dataset_export"
FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "parquet": "application/vnd.apache.parquet"}
COLUMNS = ["dataelement", "period", "orgunit", "categoryoptioncombo", "value", "dataset", "state", "storedby",
           "lastupdated"]
BATCH = 50_000
XLSX_MAX_ROWS = 1_048_575  # one sheet's rows after the header; more go on the next sheet


def _cells(row: ValueRow) -> list[str]:
    return [row.element, row.period, row.org_unit, row.key, number_text(row.value), row.data_set, row.state,
            row.stored_by, row.last_updated.isoformat(timespec="seconds")]


def write_csv(rows: Iterable[ValueRow], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow(_cells(row))
            count += 1
    return count


def write_xlsx(rows: Iterable[ValueRow], path: Path) -> int:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    sheet, in_sheet, count = None, XLSX_MAX_ROWS, 0
    for row in rows:
        if in_sheet >= XLSX_MAX_ROWS:
            sheet = wb.create_sheet(f"Số liệu {len(wb.worksheets) + 1}")
            sheet.append(COLUMNS)
            in_sheet = 0
        cells: list[object] = list(_cells(row))
        cells[4] = float(row.value) if row.value != row.value.to_integral_value() else int(row.value)
        assert sheet is not None
        sheet.append(cells)
        in_sheet += 1
        count += 1
    if sheet is None:
        wb.create_sheet("Số liệu 1").append(COLUMNS)
    wb.save(path)
    return count


SCHEMA = pa.schema([("dataelement", pa.string()), ("period", pa.string()), ("orgunit", pa.string()),
                    ("categoryoptioncombo", pa.string()), ("value", pa.decimal128(20, 4)), ("dataset", pa.string()),
                    ("state", pa.string()), ("storedby", pa.string()),
                    ("lastupdated", pa.timestamp("s", tz="UTC"))])


def write_parquet(rows: Iterable[ValueRow], path: Path) -> int:
    count = 0
    with pq.ParquetWriter(path, SCHEMA, compression="zstd") as writer:
        batch: list[ValueRow] = []

        def flush() -> None:
            columns = list(zip(*batch, strict=True))
            writer.write_batch(pa.record_batch([
                pa.array(columns[3], pa.string()), pa.array(columns[1], pa.string()), pa.array(columns[0], pa.string()),
                pa.array(columns[4], pa.string()), pa.array(columns[5], pa.decimal128(20, 4)),
                pa.array(columns[2], pa.string()), pa.array(columns[6], pa.string()),
                pa.array(columns[7], pa.string()), pa.array(columns[8], pa.timestamp("s", tz="UTC")),
            ], schema=SCHEMA))
            batch.clear()

        for row in rows:
            batch.append(row)
            count += 1
            if len(batch) >= BATCH:
                flush()
        if batch:
            flush()
    return count


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "parquet": write_parquet}


def export_file_name(scope: ExportScope, fmt: str) -> str:
    where = scope.root.code if scope.root else "VN"
    span = scope.start.code if scope.start == scope.end else f"{scope.start.code}-{scope.end.code}"
    states = "tat-ca" if scope.all_states else "da-duyet"
    return f"gdnn-{where}-{span}{'-' + scope.data_set if scope.data_set else ''}-{states}.{fmt}"


def dataset_export_request(*, user: User, root: OrgUnit | None, start: str, end: str, fmt: str,
                           data_set: str = "", all_states: bool = False) -> Job:
    """Check the scope, record who exports what, and queue the export."""
    if fmt not in FORMATS:
        raise DomainError(gettext("Định dạng không hỗ trợ: %(format)s (csv, xlsx hoặc parquet).") % {"format": fmt})
    scope = export_scope(user=user, root=root, start=start, end=end, data_set=data_set, all_states=all_states)
    where = root.name if root else gettext("cả nước")
    title = gettext("Xuất số liệu %(format)s: %(where)s · %(start)s–%(end)s") % {
        "format": fmt.upper(), "where": where, "start": scope.start.code, "end": scope.end.code}
    if scope.data_set:
        title += f" · {scope.data_set}"
    title += " · " + (gettext("mọi trạng thái") if all_states else gettext("đã phê duyệt"))
    job = job_create(kind=KIND, title=title, by=user, org_unit=root,
                     params={**scope.describe(), "format": fmt, "root": root.pk if root else None},
                     enqueue=lambda job_id: dataset_export_task.enqueue(job_id), back=reverse("exchange:index"))
    events.data_exported(export=job, by=user, what={**scope.describe(), "format": fmt})
    return job


def dataset_export_run(job: Job) -> Job:
    """Write the job's file (the worker's part; also called directly by the benchmark)."""
    params = job.params
    user = job.requested_by
    if user is None:
        raise DomainError(gettext("Người yêu cầu không còn trong hệ thống."))
    root = OrgUnit.objects.get(pk=params["root"]) if params.get("root") else None
    scope = export_scope(user=user, root=root, start=params["start"], end=params["end"],
                         data_set=params.get("data_set") or "", all_states=params.get("states") == "all")
    fmt = params["format"]
    name = export_file_name(scope, fmt)
    path = job_output_path(job=job, file_name=name)
    tmp = path.with_name(f".{path.name}.tmp")
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))  # private before a byte is written
    count = WRITERS[fmt](export_values(user=user, scope=scope), tmp)
    tmp.replace(path)
    return job_finish_written(job=job, file_name=name, content_type=FORMATS[fmt],
                              message=gettext("Đã xuất %(count)s giá trị (%(size)s KB).") % {
                                  "count": display_number(count), "size": display_number(path.stat().st_size // 1024 + 1)})


@task()
def dataset_export_task(job_id: int) -> str:
    return job_run(job_id=job_id, what="xuất số liệu", work=dataset_export_run)


EXCHANGE_TYPES = {"adx": ("application/adx+xml; charset=utf-8", "xml"),
                  "dxf2": ("application/json; charset=utf-8", "json")}


class _Export:
    """What an audit row of a direct (streamed) export points at."""

    pk = ""

    def __init__(self, label: str):
        self.label = label

    def __str__(self) -> str:
        return self.label


def exchange_export(*, user: User, scope: ExportScope, fmt: str, system: str = "", audit_fields: bool = False
                    ) -> tuple[Iterable[str], str, str]:
    """An ADX or DXF2 export streamed straight to the caller: (pieces, file name, content type).
    The audit row is written before the first value leaves."""
    from gdnn.exchange.adx import adx_write
    from gdnn.exchange.dxf2 import dxf2_write
    from gdnn.exchange.mappings import mapping_for

    if fmt not in EXCHANGE_TYPES:
        raise DomainError(gettext("Định dạng không hỗ trợ: %(format)s (adx hoặc dxf2).") % {"format": fmt})
    mapping = mapping_for(system=system)
    content_type, suffix = EXCHANGE_TYPES[fmt]
    name = export_file_name(scope, suffix)
    events.data_exported(export=_Export(name), by=user, what={**scope.describe(), "format": fmt,
                                                              "system": system or None})
    rows = export_values(user=user, scope=scope)
    pieces = adx_write(rows, mapping) if fmt == "adx" else dxf2_write(rows, mapping, audit=audit_fields)
    return _blocks(pieces), name, content_type


def _blocks(pieces: Iterable[str], size: int = 64 * 1024) -> Iterator[str]:
    """Small pieces joined into blocks of about `size` characters (fewer writes to the socket)."""
    buffer: list[str] = []
    held = 0
    for piece in pieces:
        buffer.append(piece)
        held += len(piece)
        if held >= size:
            yield "".join(buffer)
            buffer, held = [], 0
    if buffer:
        yield "".join(buffer)
