"""The data-collection API (v1): data sets, data values in DHIS2's layout, the submission workflow.

Machine clients — an institution's management system, a province's data warehouse — use the same
services as the web grid and the Excel upload: the same scope, the same validation, the whole batch
or nothing, an audit row per value with the channel "api". Reference: docs/api.md.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse

from gdnn.accounts.api import ApiError, api_json, api_ok, api_user, api_view
from gdnn.accounts.selectors import orgunit_for_user
from gdnn.collection import selectors as sel
from gdnn.collection.dhis2_csv import csv_read, csv_write
from gdnn.collection.exports import completeness, datavalues_export
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
from gdnn.orgunits.selectors import orgunit_get

SOURCE = "yêu cầu API"
# A JSON string value is read as a machine number (dot for decimals), not in the Vietnamese style.
MACHINE_NUMBER = re.compile(r"-?\d+(\.\d+)?")
TRUE = {"1", "true", "yes"}


def _flag(value: object) -> bool:
    return value is True or str(value).strip().casefold() in TRUE


def _body(request: HttpRequest) -> bytes:
    try:
        upload_check_announced(content_length=request.headers.get("Content-Length"))
    except ImportRejected as exc:
        raise ApiError(413, str(exc)) from exc
    body = request.body
    if len(body) > upload_max_bytes():
        raise ApiError(413, f"Nội dung yêu cầu quá lớn; giới hạn là {upload_max_bytes() // 1024 // 1024} MB.")
    if not body.strip():
        raise ApiError(400, "Nội dung yêu cầu rỗng.")
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
    errors.append(f"{where}: “value” phải là một số JSON (ví dụ 1234 hoặc 32.5), một chuỗi số như “32.5”, "
                  f"hoặc null để xóa.")
    return None


def _json_batch(body: bytes) -> tuple[ImportBatch, dict]:
    """A DHIS2-style data value set: top-level dataSet/period/orgUnit are defaults for every value."""
    payload = api_json(body)
    if not isinstance(payload, dict) or not isinstance(payload.get("dataValues"), list):
        raise ApiError(400, "Cần một đối tượng JSON có danh sách “dataValues”.")
    defaults = {k: payload.get(k) for k in ("dataSet", "period", "orgUnit")}
    for key, value in defaults.items():
        if value is not None and not isinstance(value, str):
            raise ApiError(400, f"“{key}” phải là một chuỗi.")
    rows, errors = [], []
    for i, item in enumerate(payload["dataValues"]):
        where = f"dataValues[{i}]"
        if not isinstance(item, dict):
            errors.append(f"{where}: phải là một đối tượng JSON.")
            continue
        fields = {}
        for key in ("dataElement", "period", "orgUnit", "categoryOptionCombo"):
            value = item.get(key, defaults.get(key))
            if value is not None and not isinstance(value, str):
                errors.append(f"{where}: “{key}” phải là một chuỗi.")
                value = None
            fields[key] = (value or "").strip()
        missing = [k for k in ("dataElement", "period", "orgUnit") if not fields[k]]
        if missing:
            errors.append(f"{where}: thiếu {', '.join(f'“{k}”' for k in missing)}.")
            continue
        if "value" not in item:
            errors.append(f"{where}: thiếu “value” (dùng null để xóa một giá trị).")
            continue
        value = _json_value(item["value"], where, errors)
        key = "" if fields["categoryOptionCombo"].casefold() == "default" else fields["categoryOptionCombo"]
        rows.append(ImportRow(where, fields["orgUnit"], fields["period"], fields["dataElement"], key, value,
                              data_set=(defaults["dataSet"] or "").strip().upper()))
    if errors:
        raise ApiError(400, "Số liệu bị từ chối; không có gì được ghi.", errors)
    if not rows:
        raise ApiError(400, "“dataValues” rỗng: không có số liệu nào.")
    options = {"submit": _flag(payload.get("submit", False)), "comment": str(payload.get("comment") or "")}
    return ImportBatch("api", SOURCE, rows), options


@api_view("GET")
def datasets(request: HttpRequest) -> HttpResponse:
    rows = [{"code": d.code, "name": d.name_vi, "orgUnitLevel": d.org_unit_level, "periodType": d.period_type}
            for d in sel.dataset_list()]
    return api_ok({"dataSets": rows})


@api_view("GET")
def dataset_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A data set's cells for a period (`?period=`, default the current one): what a client may send."""
    from django.utils import timezone

    from gdnn.collection.periods import period_for_date

    data_set = sel.dataset_get(code=code)
    period = (sel.dataset_period(data_set=data_set, period=request.GET["period"]) if request.GET.get("period")
              else period_for_date(timezone.localdate(), data_set.period_type))
    form = sel.form_structure(data_set=data_set, period=period)
    opens, closes = sel.dataset_window(data_set=data_set, period=period)
    cells = [{"dataElement": c.element, "categoryOptionCombo": c.key, "valueType": c.value_type}
             for c in form.cells().values()]
    return api_ok({"code": data_set.code, "name": data_set.name_vi, "orgUnitLevel": data_set.org_unit_level,
                   "periodType": data_set.period_type, "period": period.code, "opens": opens.isoformat(),
                   "closes": closes.isoformat(), "cells": cells})


@api_view("GET", "POST")
def datavalues(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _datavalues_get(request)
    user = api_user(request)
    dry_run = _flag(request.GET.get("dryRun", ""))
    content_type = request.content_type or ""
    body = _body(request)
    if content_type == "application/json":
        batch, options = _json_batch(body)
    elif content_type in ("text/csv", "application/csv"):
        batch = csv_read(data=body, name=SOURCE)
        batch.channel = "api"
        options = {"submit": _flag(request.GET.get("submit", "")), "comment": request.GET.get("comment", "")}
    else:
        raise ApiError(415, f"Kiểu nội dung “{content_type or '(không có)'}” không được hỗ trợ: "
                            "gửi application/json hoặc text/csv.")
    result = datavalues_import(batch=batch, by=user, submit=options["submit"], comment=options["comment"],
                               dry_run=dry_run)
    return api_ok({"dryRun": dry_run, "valuesChanged": result.values_changed, "submissions": result.submissions,
                   "submitted": result.submitted})


def _datavalues_get(request: HttpRequest) -> HttpResponse:
    """Every value of a period within the caller's scope (optionally under `orgUnit`), JSON or CSV."""
    if not request.GET.get("period"):
        raise ApiError(400, "Thiếu tham số “period” (ví dụ 2025S1 hoặc 2025).")
    period = period_parse(request.GET["period"])
    user = api_user(request)
    unit = None
    if request.GET.get("orgUnit"):
        unit = orgunit_for_user(user=user, unit=orgunit_get(code=request.GET["orgUnit"].strip()))
    rows = datavalues_export(period=period, org_unit=unit, user=user)
    if request.GET.get("format") == "csv" or "text/csv" in request.headers.get("Accept", ""):
        response = HttpResponse(csv_write(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="gdnn-{period.code}.csv"'
        return response
    values = [{"dataElement": r["dataelement"], "period": r["period"], "orgUnit": r["orgunit"],
               "categoryOptionCombo": r["categoryoptioncombo"], "value": r["value"], "storedBy": r["storedby"],
               "lastUpdated": r["lastupdated"]} for r in rows]
    return api_ok({"period": period.code, "dataValues": values})


def _submission_target(request: HttpRequest, ds: str, unit: str, period: str):
    data_set = sel.dataset_get(code=ds)
    p = sel.dataset_period(data_set=data_set, period=period)
    org_unit = orgunit_for_user(user=api_user(request),
                                unit=sel.orgunit_for_period(code=unit, level=data_set.org_unit_level, period=p))
    if not sel.dataset_applies(data_set=data_set, org_unit=org_unit):
        raise Http404(f"Biểu {data_set.code} là biểu riêng của tỉnh khác.")
    return data_set, p, org_unit


@api_view("GET")
def submission_detail(request: HttpRequest, ds: str, unit: str, period: str) -> HttpResponse:
    """A report's state, its validation findings and its history of transitions."""
    data_set, p, org_unit = _submission_target(request, ds, unit, period)
    submission = sel.submission_find(data_set=data_set, org_unit=org_unit, period=p.code)
    check = sel.submission_check(submission=submission, period=p) if submission else None
    events = [{"action": e.action, "from": e.from_state, "to": e.to_state, "by": e.by.username if e.by else None,
               "at": e.at.isoformat(timespec="seconds"), "comment": e.comment}
              for e in sel.submission_events(submission=submission)]
    findings = {kind: [{"rule": f.rule, "message": f.message} for f in getattr(check, kind)] if check else []
                for kind in ("errors", "warnings")}
    return api_ok({"dataSet": data_set.code, "orgUnit": org_unit.code, "period": p.code,
                   "state": submission.state if submission else "draft", **findings, "events": events})


@api_view("POST")
def submission_action(request: HttpRequest, ds: str, unit: str, period: str, action: str) -> HttpResponse:
    """submit, approve, return or reopen; the body may carry {"comment": "…"}."""
    if action not in ACTIONS:
        raise ApiError(404, f"Không có thao tác “{action}”; dùng một trong: {', '.join(ACTIONS)}.")
    data_set, p, org_unit = _submission_target(request, ds, unit, period)
    comment = ""
    if request.body.strip():
        payload = api_json(_body(request))
        comment = str(payload.get("comment") or "") if isinstance(payload, dict) else ""
    submission = sel.submission_find(data_set=data_set, org_unit=org_unit, period=p.code)
    if submission is None:
        raise ApiError(409, f"{data_set.code} · {org_unit.code} · {p.code} chưa có số liệu nào.")
    done = submission_transition(submission=submission, action=action, by=api_user(request), comment=comment)
    return api_ok({"dataSet": data_set.code, "orgUnit": org_unit.code, "period": p.code, "state": done.state})


@api_view("GET")
def completeness_report(request: HttpRequest) -> HttpResponse:
    """`?dataSet=&period=`: expected units in the caller's scope, who submitted, approved, is overdue."""
    from django.utils import timezone

    missing = [k for k in ("dataSet", "period") if not request.GET.get(k)]
    if missing:
        raise ApiError(400, f"Thiếu tham số {', '.join(f'“{k}”' for k in missing)} (ví dụ dataSet=INST_SEMIANNUAL&period=2025S1).")
    data_set = sel.dataset_get(code=request.GET["dataSet"])
    p = sel.dataset_period(data_set=data_set, period=request.GET["period"])
    report = completeness(data_set=data_set, period=p, user=api_user(request), today=timezone.localdate())
    units = [{"orgUnit": u.unit.code, "name": u.unit.name, "state": u.state or "not_started", "overdue": u.overdue}
             for u in report.units]
    return api_ok({"dataSet": data_set.code, "period": p.code, "opens": report.opens.isoformat(),
                   "closes": report.closes.isoformat(), "expected": report.expected, "submitted": report.submitted,
                   "approved": report.approved, "overdue": len(report.overdue), "units": units})
