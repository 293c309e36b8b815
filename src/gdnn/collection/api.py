"""The data-collection API (v1): data sets, data values in DHIS2's layout, the submission workflow.

Machine clients — an institution's management system, a province's data warehouse — use the same
services as the web grid and the Excel upload: the same scope, the same validation, the whole batch
or nothing, an audit row per value with the channel "api". Writing values needs the token scope
`data:write`; moving a report through the workflow needs `workflow`. Reference: docs/api.md and the
generated document /api/v1/openapi.json.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, Literal

from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema

from gdnn.accounts.selectors import orgunit_for_user
from gdnn.api.auth import api_user, require_scope
from gdnn.api.errors import ApiError, api_json, errors_for
from gdnn.collection import selectors as sel
from gdnn.collection.dhis2_csv import EXPORT_COLUMNS, csv_read
from gdnn.collection.exports import completeness, datavalue_row, datavalues_filtered
from gdnn.collection.periods import period_parse
from gdnn.collection.services.imports import datavalues_import
from gdnn.collection.services.workflow import ACTIONS, submission_transition
from gdnn.collection.uploads import (
    ImportBatch,
    ImportRejected,
    ImportRow,
    upload_check_announced,
    upload_max_bytes,
)
from gdnn.common.cells import cell_safe
from gdnn.orgunits.selectors import orgunit_get

router = Router()
SOURCE = "yêu cầu API"
# A JSON string value is read as a machine number (dot for decimals), not in the Vietnamese style.
MACHINE_NUMBER = re.compile(r"-?\d+(\.\d+)?")
TRUE = {"1", "true", "yes"}
MAX_PAGE_SIZE = 10000


# --- schemas ---------------------------------------------------------------------------------------

class DataSetOut(Schema):
    code: str
    name: str
    orgUnitLevel: str
    periodType: str


class DataSetsOut(Schema):
    status: Literal["OK"] = "OK"
    dataSets: list[DataSetOut]


class CellOut(Schema):
    dataElement: str
    categoryOptionCombo: str
    valueType: str


class DataSetDetailOut(DataSetOut):
    status: Literal["OK"] = "OK"
    period: str
    opens: dt.date
    closes: dt.date
    cells: list[CellOut]


class DataValueOut(Schema):
    dataElement: str
    period: str
    orgUnit: str
    categoryOptionCombo: str
    value: str
    storedBy: str
    lastUpdated: str


class PagerOut(Schema):
    page: int
    pageSize: int
    total: int
    pageCount: int


class DataValuesOut(Schema):
    status: Literal["OK"] = "OK"
    period: str | None = Field(None, description="The period asked for with `period` (one period only).")
    pager: PagerOut | None = Field(None, description="Present when `page` or `pageSize` was given.")
    dataValues: list[DataValueOut]


class DataValueIn(Schema):
    dataElement: str
    period: str | None = None
    orgUnit: str | None = None
    categoryOptionCombo: str | None = Field(None, description="Disaggregation key; \"\" or \"default\" for none.")
    value: Decimal | str | bool | None = Field(description="A JSON number, a numeric string (dot for decimals), "
                                                            "true/false for yes-or-no elements, or null to clear.")


class DataValueSetIn(Schema):
    dataSet: str | None = None
    period: str | None = Field(None, description="Default for every value.")
    orgUnit: str | None = Field(None, description="Default for every value.")
    submit: bool = False
    comment: str = ""
    dataValues: list[DataValueIn]


class ImportOut(Schema):
    status: Literal["OK"] = "OK"
    dryRun: bool
    valuesChanged: int
    submissions: list[str]
    submitted: list[str]


class FindingOut(Schema):
    rule: str
    message: str


class EventOut(Schema):
    action: str
    from_: str = Field(alias="from")
    to: str
    by: str | None
    at: str
    comment: str

    model_config = {"populate_by_name": True}


class SubmissionOut(Schema):
    status: Literal["OK"] = "OK"
    dataSet: str
    orgUnit: str
    period: str
    state: str
    errors: list[FindingOut]
    warnings: list[FindingOut]
    events: list[EventOut]


class SubmissionStateOut(Schema):
    status: Literal["OK"] = "OK"
    dataSet: str
    orgUnit: str
    period: str
    state: str


class CommentIn(Schema):
    comment: str = ""


class UnitStateOut(Schema):
    orgUnit: str
    name: str
    state: str
    overdue: bool


class CompletenessOut(Schema):
    status: Literal["OK"] = "OK"
    dataSet: str
    period: str
    opens: dt.date
    closes: dt.date
    expected: int
    submitted: int
    approved: int
    overdue: int
    units: list[UnitStateOut]


def _inline(schema: dict) -> dict:
    """A pydantic JSON schema with its `$defs` written in place (for a hand-declared request body)."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return walk(dict(defs[node["$ref"].rsplit("/", 1)[1]]))
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(schema)


CSV_ROWS = {"type": "string", "description": "dataelement,period,orgunit,categoryoptioncombo,value"}
DATAVALUES_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": _inline(DataValueSetIn.model_json_schema())},
    "text/csv": {"schema": CSV_ROWS}}}}
CSV_ANSWER = {"responses": {200: {"content": {"text/csv": {"schema": {
    "type": "string", "description": ",".join(EXPORT_COLUMNS)}}}}}}


# --- helpers ---------------------------------------------------------------------------------------

def _flag(value: object) -> bool:
    return value is True or str(value).strip().casefold() in TRUE


def _body(request: HttpRequest) -> bytes:
    try:
        upload_check_announced(content_length=request.headers.get("Content-Length"))
    except ImportRejected as exc:
        raise ApiError(413, str(exc)) from exc
    body = request.body
    if len(body) > upload_max_bytes():
        raise ApiError(413, gettext("Nội dung yêu cầu quá lớn; giới hạn là %(mb)s MB.")
                       % {"mb": upload_max_bytes() // 1024 // 1024})
    if not body.strip():
        raise ApiError(400, gettext("Nội dung yêu cầu rỗng."))
    return body


def _json_value(raw: object, where: str, errors: list[str]) -> object:
    if raw is None or isinstance(raw, int | Decimal):  # true/false too: only yes-or-no elements take them
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        if not text:
            return None
        if MACHINE_NUMBER.fullmatch(text):
            return Decimal(text)
    errors.append(gettext("%(where)s: “value” phải là một số JSON (ví dụ 1234 hoặc 32.5), một chuỗi số như "
                          "“32.5”, hoặc null để xóa.") % {"where": where})
    return None


def _json_batch(body: bytes) -> tuple[ImportBatch, dict]:
    """A DHIS2-style data value set (DataValueSetIn): top-level dataSet/period/orgUnit are defaults
    for every value. Checked row by row so that every problem is named with its row."""
    payload = api_json(body)
    if not isinstance(payload, dict) or not isinstance(payload.get("dataValues"), list):
        raise ApiError(400, gettext("Cần một đối tượng JSON có danh sách “dataValues”."))
    defaults = {k: payload.get(k) for k in ("dataSet", "period", "orgUnit")}
    for key, value in defaults.items():
        if value is not None and not isinstance(value, str):
            raise ApiError(400, gettext("“%(key)s” phải là một chuỗi.") % {"key": key})
    rows, errors = [], []
    for i, item in enumerate(payload["dataValues"]):
        where = f"dataValues[{i}]"
        if not isinstance(item, dict):
            errors.append(gettext("%(where)s: phải là một đối tượng JSON.") % {"where": where})
            continue
        fields = {}
        for key in ("dataElement", "period", "orgUnit", "categoryOptionCombo"):
            value = item.get(key, defaults.get(key))
            if value is not None and not isinstance(value, str):
                errors.append(gettext("%(where)s: “%(key)s” phải là một chuỗi.") % {"where": where, "key": key})
                value = None
            fields[key] = (value or "").strip()
        missing = [k for k in ("dataElement", "period", "orgUnit") if not fields[k]]
        if missing:
            errors.append(gettext("%(where)s: thiếu %(fields)s.")
                          % {"where": where, "fields": ", ".join(f"“{k}”" for k in missing)})
            continue
        if "value" not in item:
            errors.append(gettext("%(where)s: thiếu “value” (dùng null để xóa một giá trị).") % {"where": where})
            continue
        value = _json_value(item["value"], where, errors)
        key = "" if fields["categoryOptionCombo"].casefold() == "default" else fields["categoryOptionCombo"]
        rows.append(ImportRow(where, fields["orgUnit"], fields["period"], fields["dataElement"], key, value,
                              data_set=(defaults["dataSet"] or "").strip().upper()))
    if errors:
        raise ApiError(400, "Số liệu bị từ chối; không có gì được ghi.", errors)
    if not rows:
        raise ApiError(400, gettext("“dataValues” rỗng: không có số liệu nào."))
    options = {"submit": _flag(payload.get("submit", False)), "comment": str(payload.get("comment") or "")}
    return ImportBatch("api", SOURCE, rows), options


def _since(text: str) -> dt.datetime:
    """`lastUpdated`: a date (from its start) or a date and time, in the server's time zone if naive."""
    try:
        value = (dt.datetime.fromisoformat(text) if "T" in text or " " in text.strip()
                 else dt.datetime.combine(dt.date.fromisoformat(text), dt.time()))
    except ValueError as exc:
        raise ApiError(400, gettext("“lastUpdated” phải là một ngày (2026-06-30) hoặc ngày giờ "
                                    "(2026-06-30T08:00:00+07:00).")) from exc
    return timezone.make_aware(value) if timezone.is_naive(value) else value


# --- operations ------------------------------------------------------------------------------------

@router.get("/datasets", response={200: DataSetsOut, **errors_for()}, operation_id="datasets",
            summary="Các biểu báo cáo · Data sets")
def datasets(request: HttpRequest) -> DataSetsOut:
    return DataSetsOut(dataSets=[DataSetOut(code=d.code, name=d.name_vi, orgUnitLevel=d.org_unit_level,
                                            periodType=d.period_type) for d in sel.dataset_list()])


@router.get("/datasets/{code}", response={200: DataSetDetailOut, **errors_for(400, 404)}, operation_id="dataset",
            summary="Các ô của một biểu · A data set's cells")
def dataset_detail(request: HttpRequest, code: str, period: str | None = None) -> DataSetDetailOut:
    """A data set's cells for a period (`?period=`, default the current one): what a client may send."""
    from gdnn.collection.periods import period_for_date

    data_set = sel.dataset_get(code=code)
    p = (sel.dataset_period(data_set=data_set, period=period) if period
         else period_for_date(timezone.localdate(), data_set.period_type))
    form = sel.form_structure(data_set=data_set, period=p)
    opens, closes = sel.dataset_window(data_set=data_set, period=p)
    cells = [CellOut(dataElement=c.element, categoryOptionCombo=c.key, valueType=c.value_type)
             for c in form.cells().values()]
    return DataSetDetailOut(code=data_set.code, name=data_set.name_vi, orgUnitLevel=data_set.org_unit_level,
                            periodType=data_set.period_type, period=p.code, opens=opens, closes=closes, cells=cells)


class DataValuesQuery(Schema):
    period: str | None = Field(None, description="One period (2026S1, 2026); or use startPeriod/endPeriod.")
    startPeriod: str | None = Field(None, description="Periods whose span starts on or after this period's.")
    endPeriod: str | None = Field(None, description="Periods whose span ends on or before this period's.")
    orgUnit: str | None = Field(None, description="Only this unit and the units under it.")
    dataSet: str | None = Field(None, description="Only the values reported on this data set.")
    lastUpdated: str | None = Field(None, description="Only values changed since (2026-06-30 or ISO date-time).")
    page: int | None = Field(None, ge=1)
    pageSize: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)
    format: Literal["json", "csv"] | None = Field(None, description="csv: DHIS2 CSV (also Accept: text/csv).")


@router.get("/datavalues", response={200: DataValuesOut, **errors_for(400, 404)}, operation_id="datavalues_get",
            summary="Đọc số liệu · Read data values", openapi_extra=CSV_ANSWER)
def datavalues_get(request: HttpRequest, q: Query[DataValuesQuery]) -> Any:
    """Every value within the caller's scope, filtered; JSON (paged with `page`/`pageSize`) or CSV
    (streamed, every matching row)."""
    if not (q.period or q.startPeriod or q.endPeriod):
        raise ApiError(400, gettext("Thiếu tham số “period” (ví dụ 2025S1 hoặc 2025), hoặc “startPeriod”/“endPeriod”."))
    user = api_user(request)
    unit = orgunit_for_user(user=user, unit=orgunit_get(code=q.orgUnit.strip())) if q.orgUnit else None
    qs = datavalues_filtered(
        user=user, periods=[period_parse(q.period)] if q.period else None,
        start=period_parse(q.startPeriod) if q.startPeriod else None,
        end=period_parse(q.endPeriod) if q.endPeriod else None, org_unit=unit,
        data_set=sel.dataset_get(code=q.dataSet) if q.dataSet else None,
        updated_since=_since(q.lastUpdated) if q.lastUpdated else None)
    if q.format == "csv" or "text/csv" in request.headers.get("Accept", ""):
        name = q.period or f"{q.startPeriod or ''}-{q.endPeriod or ''}"
        response = StreamingHttpResponse(_csv_lines(qs), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="gdnn-{re.sub(r"[^0-9A-Za-z-]", "", name)}.csv"'
        return response
    pager = None
    if q.page or q.pageSize:
        size, page = q.pageSize or 1000, q.page or 1
        total = qs.count()
        pager = PagerOut(page=page, pageSize=size, total=total, pageCount=max(1, math.ceil(total / size)))
        qs = qs[(page - 1) * size:page * size]
    values = [DataValueOut(dataElement=r["dataelement"], period=r["period"], orgUnit=r["orgunit"],
                           categoryOptionCombo=r["categoryoptioncombo"], value=r["value"], storedBy=r["storedby"],
                           lastUpdated=r["lastupdated"]) for r in map(datavalue_row, qs)]
    return DataValuesOut(period=period_parse(q.period).code if q.period else None, pager=pager, dataValues=values)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(qs) -> Iterator[str]:
    writer = csv.DictWriter(_Echo(), fieldnames=EXPORT_COLUMNS, extrasaction="ignore", lineterminator="\n")
    yield writer.writeheader() or ",".join(EXPORT_COLUMNS) + "\n"
    for v in qs.iterator(chunk_size=2000):
        yield writer.writerow({k: cell_safe(val) for k, val in datavalue_row(v).items()})


@router.post("/datavalues", response={200: ImportOut, **errors_for(400, 403, 404, 409, 413, 415)},
             operation_id="datavalues_post", summary="Gửi số liệu · Send data values", openapi_extra=DATAVALUES_BODY)
def datavalues_post(request: HttpRequest, dryRun: bool = False, submit: bool = False, comment: str = "") -> ImportOut:
    """A data value set as JSON (DataValueSetIn) or CSV: checked whole, written in one transaction or
    refused with every problem listed. `dryRun` checks and rolls back. Needs the scope `data:write`
    (and `workflow` to submit). `submit` and `comment` in the query apply to a CSV body."""
    require_scope(request, "data:write")
    content_type = request.content_type or ""
    body = _body(request)
    if content_type == "application/json":
        batch, options = _json_batch(body)
    elif content_type in ("text/csv", "application/csv"):
        batch = csv_read(data=body, name=SOURCE)
        batch.channel = "api"
        options = {"submit": submit, "comment": comment}
    else:
        raise ApiError(415, gettext("Kiểu nội dung “%(type)s” không được hỗ trợ: gửi application/json hoặc "
                                    "text/csv.") % {"type": content_type or gettext("(không có)")})
    if options["submit"]:
        require_scope(request, "workflow")
    result = datavalues_import(batch=batch, by=api_user(request), submit=options["submit"],
                               comment=options["comment"], dry_run=dryRun)
    return ImportOut(dryRun=dryRun, valuesChanged=result.values_changed, submissions=result.submissions,
                     submitted=result.submitted)


def _submission_target(request: HttpRequest, ds: str, unit: str, period: str):
    data_set = sel.dataset_get(code=ds)
    p = sel.dataset_period(data_set=data_set, period=period)
    org_unit = orgunit_for_user(user=api_user(request),
                                unit=sel.orgunit_for_period(code=unit, level=data_set.org_unit_level, period=p))
    if not sel.dataset_applies(data_set=data_set, org_unit=org_unit):
        raise Http404(gettext("Biểu %(code)s là biểu riêng của tỉnh khác.") % {"code": data_set.code})
    return data_set, p, org_unit


SUBMISSION = "/submissions/{ds}/{unit}/{period}"


@router.get(SUBMISSION, response={200: SubmissionOut, **errors_for(400, 404)}, operation_id="submission",
            summary="Một báo cáo · A report's state")
def submission_detail(request: HttpRequest, ds: str, unit: str, period: str) -> SubmissionOut:
    """A report's state, its validation findings and its history of transitions."""
    data_set, p, org_unit = _submission_target(request, ds, unit, period)
    submission = sel.submission_find(data_set=data_set, org_unit=org_unit, period=p.code)
    check = sel.submission_check(submission=submission, period=p) if submission else None
    events = [EventOut.model_validate({"action": e.action, "from": e.from_state, "to": e.to_state,
                                       "by": e.by.username if e.by else None,
                                       "at": e.at.isoformat(timespec="seconds"), "comment": e.comment})
              for e in sel.submission_events(submission=submission)]
    findings = {kind: [FindingOut(rule=f.rule, message=f.message) for f in getattr(check, kind)] if check else []
                for kind in ("errors", "warnings")}
    return SubmissionOut(dataSet=data_set.code, orgUnit=org_unit.code, period=p.code,
                         state=submission.state if submission else "draft", errors=findings["errors"],
                         warnings=findings["warnings"], events=events)


@router.post(f"{SUBMISSION}/{{action}}", response={200: SubmissionStateOut, **errors_for(400, 403, 404, 409, 413)},
             operation_id="submission_action", summary="Nộp, duyệt, trả lại, mở lại · Move a report",
             openapi_extra={"requestBody": {"required": False, "content": {
                 "application/json": {"schema": CommentIn.model_json_schema()}}}})
def submission_action(request: HttpRequest, ds: str, unit: str, period: str, action: str) -> SubmissionStateOut:
    """`action` is submit, approve, return or reopen; the body may carry {"comment": "…"} (needed to
    return, and to submit over warnings). Needs the token scope `workflow`."""
    if action not in ACTIONS:
        raise ApiError(404, gettext("Không có thao tác “%(action)s”; dùng một trong: %(actions)s.")
                       % {"action": action, "actions": ", ".join(ACTIONS)})
    require_scope(request, "workflow")
    data_set, p, org_unit = _submission_target(request, ds, unit, period)
    comment = ""
    if request.body.strip():
        payload = api_json(_body(request))
        comment = str(payload.get("comment") or "") if isinstance(payload, dict) else ""
    submission = sel.submission_find(data_set=data_set, org_unit=org_unit, period=p.code)
    if submission is None:
        raise ApiError(409, gettext("%(report)s chưa có số liệu nào.")
                       % {"report": f"{data_set.code} · {org_unit.code} · {p.code}"})
    done = submission_transition(submission=submission, action=action, by=api_user(request), comment=comment)
    return SubmissionStateOut(dataSet=data_set.code, orgUnit=org_unit.code, period=p.code, state=done.state)


class CompletenessQuery(Schema):
    dataSet: str | None = Field(None, description="Required, e.g. INST_SEMIANNUAL.")
    period: str | None = Field(None, description="Required, e.g. 2026S1.")


@router.get("/completeness", response={200: CompletenessOut, **errors_for(400, 404)},
            operation_id="completeness", summary="Tình hình nộp báo cáo · Completeness")
def completeness_report(request: HttpRequest, q: Query[CompletenessQuery]) -> CompletenessOut:
    """Expected units in the caller's scope, who submitted, approved, is overdue."""
    missing = [k for k in ("dataSet", "period") if not getattr(q, k)]
    if missing:
        raise ApiError(400, gettext("Thiếu tham số %(names)s (ví dụ dataSet=INST_SEMIANNUAL&period=2025S1).")
                       % {"names": ", ".join(f"“{k}”" for k in missing)})
    data_set = sel.dataset_get(code=q.dataSet or "")
    p = sel.dataset_period(data_set=data_set, period=q.period or "")
    report = completeness(data_set=data_set, period=p, user=api_user(request), today=timezone.localdate())
    units = [UnitStateOut(orgUnit=u.unit.code, name=u.unit.name, state=u.state or "not_started", overdue=u.overdue)
             for u in report.units]
    return CompletenessOut(dataSet=data_set.code, period=p.code, opens=report.opens, closes=report.closes,
                           expected=report.expected, submitted=report.submitted, approved=report.approved,
                           overdue=len(report.overdue), units=units)
