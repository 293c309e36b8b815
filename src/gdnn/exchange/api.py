"""The exchange API as a django-ninja Router: ADX and DXF2 import/export, catalog metadata,
SDMX-CSV, whole-dataset export jobs. Reference: docs/exchange.md.

`gdnn.web.api_urls` mounts it at /api/v1/exchange/ on the one API (gdnn.api.core): its token auth,
scopes and rate limits, and its one error shape. Refusals are `ApiError`s with a Vietnamese msgid, or
the services' domain errors, which `gdnn.api.errors.refusal` maps to their status (as for every
router); the API renders them as `ErrorOut` in the caller's language. Every operation declares them
(`errors_for`) and the media types of what it answers, so the document describes every answer.
"""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from ninja import Query, Router, Schema
from ninja.responses import Status

from gdnn.accounts.models import User
from gdnn.api.auth import api_user, require_scope
from gdnn.api.errors import ApiError, errors_for
from gdnn.collection.uploads import ImportRejected, upload_check_announced, upload_max_bytes
from gdnn.exchange.exports import FORMATS, dataset_export_request, exchange_export
from gdnn.exchange.metadata import catalog_metadata
from gdnn.exchange.sdmx import HEADER, sdmx_csv
from gdnn.exchange.selectors import export_scope, periods_between
from gdnn.exchange.services import exchange_import
from gdnn.jobs.selectors import job_file, job_get
from gdnn.orgunits.selectors import orgunit_get

router = Router(tags=["exchange"])

TEXT = {"type": "string"}
ADX_TYPE = "application/adx+xml"
ADX_BODY = {"content": {ADX_TYPE: {"schema": {**TEXT, "description": "ADX 1.0 XML (DHIS2 `adx` namespace)"}}}}
DXF2_BODY = {"content": {"application/json": {"schema": {
    "type": "object", "description": "A DXF2 data value set: period, orgUnit, dataValues[]",
    "properties": {"dataValues": {"type": "array", "items": {"type": "object"}}}}}}}


def _answers(content: dict, description: str) -> dict:
    """`openapi_extra` for an operation whose 200 is not a ninja schema: its media types. Binary
    media types have no schema (OpenAPI 3.1: the bytes are the content as they are)."""
    return {"responses": {200: {"description": description, "content": content}}}


def _body_of(body: dict) -> dict:
    return {"requestBody": {"required": True, **body}}

class ScopeQuery(Schema):
    orgUnit: str = ""  # DHIS2's parameter names
    start: str
    end: str = ""
    dataSet: str = ""
    allStates: bool = False


class ExportQuery(ScopeQuery):
    system: str = ""
    includeAudit: bool = False


class ImportQuery(Schema):
    dryRun: bool = False
    system: str = ""


class ImportCount(Schema):
    imported: int
    updated: int
    ignored: int
    deleted: int


class Conflict(Schema):
    object: str
    value: str


class ImportSummaryOut(Schema):
    responseType: str
    status: str
    dryRun: bool
    description: str
    importCount: ImportCount
    conflicts: list[Conflict]


class ExportJobIn(Schema):
    orgUnit: str = ""
    start: str
    end: str = ""
    dataSet: str = ""
    allStates: bool = False
    format: str = "csv"


class ExportJobOut(Schema):
    id: int
    status: str
    title: str
    message: str
    fileName: str
    download: str | None


def _user(request: HttpRequest) -> User:
    return api_user(request)  # the token's user (the API's TokenAuth)


def _scope(request: HttpRequest, q: ScopeQuery):
    user = _user(request)
    return export_scope(user=user, root=orgunit_get(code=q.orgUnit) if q.orgUnit.strip() else None,
                        start=q.start, end=q.end, data_set=q.dataSet, all_states=q.allStates)


def _stream(request: HttpRequest, q: ExportQuery, fmt: str) -> StreamingHttpResponse:
    scope = _scope(request, q)
    pieces, name, content_type = exchange_export(user=_user(request), scope=scope, fmt=fmt, system=q.system,
                                                 audit_fields=q.includeAudit)
    response = StreamingHttpResponse(pieces, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response


def _body(request: HttpRequest) -> bytes:
    try:
        upload_check_announced(content_length=request.headers.get("Content-Length"))
    except ImportRejected as exc:
        raise ApiError(413, str(exc)) from exc
    if len(request.body) > upload_max_bytes():
        raise ApiError(413, gettext("Nội dung yêu cầu quá lớn; giới hạn là %(mb)s MB.")
                       % {"mb": upload_max_bytes() // 1024 // 1024})
    return request.body


@router.get("/datavalues.adx", summary="Xuất số liệu ADX · Export values as ADX XML", operation_id="exchange_adx_get",
            response=errors_for(400, 403, 404), openapi_extra=_answers({ADX_TYPE: {"schema": TEXT}}, "ADX XML"))
def adx_export(request: HttpRequest, q: Query[ExportQuery]):
    return _stream(request, q, "adx")


@router.get("/datavalues.json", summary="Xuất số liệu DXF2 · Export values as a DXF2 data value set (JSON)",
            operation_id="exchange_dxf2_get", response=errors_for(400, 403, 404),
            openapi_extra=_answers(DXF2_BODY["content"], "DXF2 data value set"))
def dxf2_export(request: HttpRequest, q: Query[ExportQuery]):
    return _stream(request, q, "dxf2")


def _import(request: HttpRequest, q: ImportQuery, fmt: str) -> Status:
    user = _user(request)
    if not q.dryRun:
        require_scope(request, "data:write")
    summary = exchange_import(data=_body(request), name="yêu cầu API", fmt=fmt, by=user, system=q.system,
                              dry_run=q.dryRun)
    return Status(200 if summary.status == "SUCCESS" else 409, summary.as_dict())


@router.post("/datavalues.adx", summary="Nhập số liệu ADX · Import an ADX XML body", operation_id="exchange_adx_post",
             response={200: ImportSummaryOut, 409: ImportSummaryOut, **errors_for(400, 403, 413)},
             openapi_extra=_body_of(ADX_BODY))
def adx_import(request: HttpRequest, q: Query[ImportQuery]):
    return _import(request, q, "adx")


@router.post("/datavalues.json", summary="Nhập số liệu DXF2 · Import a DXF2 data value set (JSON body)",
             operation_id="exchange_dxf2_post",
             response={200: ImportSummaryOut, 409: ImportSummaryOut, **errors_for(400, 403, 413)},
             openapi_extra=_body_of(DXF2_BODY))
def dxf2_import(request: HttpRequest, q: Query[ImportQuery]):
    return _import(request, q, "dxf2")


@router.get("/metadata", summary="Danh mục · The catalog as gdnn-metadata/1 JSON", operation_id="exchange_metadata",
            response={200: dict, **errors_for()})
def metadata(request: HttpRequest):
    _user(request)
    return catalog_metadata()


@router.get("/indicators.sdmx.csv", summary="Chỉ số SDMX-CSV · Indicator values as SDMX-CSV 2.0",
            operation_id="exchange_sdmx", response=errors_for(400, 403, 404),
            openapi_extra=_answers({"text/csv": {"schema": {**TEXT, "description": ",".join(HEADER)}}}, "SDMX-CSV"))
def sdmx(request: HttpRequest, q: Query[ScopeQuery]):
    scope = _scope(request, q)
    body = "".join(sdmx_csv(unit=scope.root, periods=periods_between(scope.start, scope.end)))
    return HttpResponse(body, content_type="text/csv; charset=utf-8")


def _job_out(request: HttpRequest, job) -> dict:
    done = job.status == "done"
    return {"id": job.pk, "status": job.status, "title": job.title, "message": job.message,
            "fileName": job.file_name,
            "download": request.build_absolute_uri(f"{_exports_base(request)}{job.pk}/file") if done else None}


def _exports_base(request: HttpRequest) -> str:
    """The path of /exports/ under wherever the router is mounted."""
    path = request.path
    return path[: path.index("/exports") + len("/exports/")]


@router.post("/exports", summary="Xuất cả bộ dữ liệu · Queue a whole-dataset export (CSV, XLSX, Parquet)",
             operation_id="exchange_export_create", response={202: ExportJobOut, **errors_for(400, 403, 404)})
def export_create(request: HttpRequest, body: ExportJobIn):
    user = _user(request)
    job = dataset_export_request(
        user=user, root=orgunit_get(code=body.orgUnit) if body.orgUnit.strip() else None, start=body.start,
        end=body.end, fmt=body.format, data_set=body.dataSet, all_states=body.allStates)
    return Status(202, _job_out(request, job))


@router.get("/exports/{job_id}", summary="Trạng thái công việc xuất · An export job's status",
            operation_id="exchange_export_status", response={200: ExportJobOut, **errors_for(404)})
def export_status(request: HttpRequest, job_id: int):
    user = _user(request)
    return _job_out(request, job_get(pk=job_id, user=user))


@router.get("/exports/{job_id}/file", summary="Tệp đã xuất · An export job's file", operation_id="exchange_export_file",
            response=errors_for(404),
            openapi_extra=_answers({t.split(";")[0]: {"schema": TEXT} if t.startswith("text/") else {}
                                    for t in FORMATS.values()}, "The file: CSV text, or XLSX/Parquet bytes"))
def export_file(request: HttpRequest, job_id: int):
    user = _user(request)
    job = job_get(pk=job_id, user=user)
    path = job_file(job=job)
    if path is None:
        raise ApiError(404, gettext("Tệp của công việc này chưa sẵn sàng hoặc không còn nữa."))
    response = FileResponse(path.open("rb"), content_type=job.content_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=job.file_name)
    return response
