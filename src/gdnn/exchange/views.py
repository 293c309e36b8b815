"""Pages of /exchange/: whole-dataset exports (a job), ADX/DXF2 exports and imports, code mappings,
catalog metadata and SDMX-CSV downloads. Views parse, call the services and selectors, render."""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from gdnn.accounts.models import User
from gdnn.collection.uploads import ImportRejected, upload_check_announced
from gdnn.common.errors import DomainError, NotFound, PermissionDenied
from gdnn.exchange.exports import KIND, dataset_export_request, exchange_export
from gdnn.exchange.forms import (
    DatasetExportForm,
    ExchangeExportForm,
    ExchangeImportForm,
    MappingUploadForm,
    SdmxForm,
)
from gdnn.exchange.mappings import codemappings_import, mapping_systems, user_may_map
from gdnn.exchange.metadata import catalog_metadata
from gdnn.exchange.models import CodeMapping
from gdnn.exchange.sdmx import sdmx_csv
from gdnn.exchange.selectors import export_scope, periods_between
from gdnn.exchange.services import exchange_import
from gdnn.jobs.selectors import jobs_of
from gdnn.orgunits.models import OrgUnit
from gdnn.orgunits.selectors import orgunit_get


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # login_required


def _unit(code: str) -> OrgUnit | None:
    return orgunit_get(code=code) if code.strip() else None


def _attachment(response: HttpResponse | StreamingHttpResponse, name: str):
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    """The whole-dataset export form (queues a job) and the user's recent exports."""
    user = _user(request)
    form = DatasetExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = dataset_export_request(user=user, root=_unit(data["org_unit"]), start=data["start"],
                                         end=data["end"], fmt=data["format"], data_set=data["data_set"],
                                         all_states=data["all_states"])
        except (DomainError, NotFound) as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("job", job.pk)
    return render(request, "exchange/index.html", {
        "form": form, "exchange_form": ExchangeExportForm(), "sdmx_form": SdmxForm(),
        "jobs": jobs_of(user=user, kind=KIND), "may_map": user_may_map(user=user)})


@login_required
@require_GET
def exchange_download(request: HttpRequest) -> StreamingHttpResponse | HttpResponse:
    """ADX or DXF2 of a scope, streamed."""
    form = ExchangeExportForm(request.GET)
    if not form.is_valid():
        raise Http404(gettext("Tham số xuất không hợp lệ."))
    data = form.cleaned_data
    try:
        scope = export_scope(user=_user(request), root=_unit(data["org_unit"]), start=data["start"], end=data["end"],
                             data_set=data["data_set"], all_states=data["all_states"])
        pieces, name, content_type = exchange_export(user=_user(request), scope=scope, fmt=data["format"],
                                                     system=data["system"])
    except PermissionDenied as exc:
        raise Http404(str(exc)) from exc
    except (DomainError, NotFound) as exc:
        messages.error(request, str(exc))
        return redirect("exchange:index")
    return _attachment(StreamingHttpResponse(pieces, content_type=content_type), name)


def _format_of(name: str, head: bytes) -> str:
    suffix = Path(name).suffix.lower()
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if suffix in (".xml", ".adx") and text.startswith(b"<"):
        return "adx"
    if suffix == ".json" and text.startswith(b"{"):
        return "dxf2"
    raise ImportRejected([gettext("Tệp “%(name)s”: chỉ nhận tệp ADX (.xml) hoặc DXF2 (.json) đúng định dạng.")
                          % {"name": name}])


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    form = ExchangeImportForm(request.POST or None, request.FILES or None)
    summary, errors = None, []
    if request.method == "POST":
        try:
            upload_check_announced(content_length=request.META.get("CONTENT_LENGTH"))
            if not form.is_valid():
                raise ImportRejected([gettext("Hãy chọn một tệp để tải lên.")])
            f = form.cleaned_data["file"]
            data = f.read()
            summary = exchange_import(data=data, name=f.name, fmt=_format_of(f.name, data[:64]), by=_user(request),
                                      system=form.cleaned_data["system"], dry_run=form.cleaned_data["dry_run"])
        except ImportRejected as exc:
            errors = exc.errors
        except DomainError as exc:
            errors = [str(exc)]
    return render(request, "exchange/import.html", {"form": form, "summary": summary, "errors": errors})


@login_required
@require_http_methods(["GET", "POST"])
def mappings_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = MappingUploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise ImportRejected([gettext("Hãy chọn một tệp CSV.")])
            f = form.cleaned_data["file"]
            count = codemappings_import(data=f.read(), name=f.name, by=user)
        except PermissionDenied as exc:
            raise Http404(str(exc)) from exc
        except ImportRejected as exc:
            errors = exc.errors
        else:
            messages.success(request, gettext("Đã lưu %(count)d ánh xạ mã.") % {"count": count})
            return redirect("exchange:mappings")
    system = request.GET.get("system", "")
    rows = CodeMapping.objects.filter(system=system)[:500] if system else []
    return render(request, "exchange/mappings.html", {
        "form": form, "errors": errors, "systems": mapping_systems(), "system": system, "rows": rows,
        "may_map": user_may_map(user=user)})


@login_required
@require_GET
def metadata_download(request: HttpRequest) -> HttpResponse:
    body = json.dumps(catalog_metadata(), ensure_ascii=False, indent=1)
    return _attachment(HttpResponse(body, content_type="application/json; charset=utf-8"), "gdnn-metadata.json")


@login_required
@require_GET
def sdmx_download(request: HttpRequest) -> HttpResponse:
    form = SdmxForm(request.GET)
    if not form.is_valid():
        raise Http404(gettext("Tham số không hợp lệ."))
    data = form.cleaned_data
    try:
        scope = export_scope(user=_user(request), root=_unit(data["org_unit"]), start=data["start"], end=data["end"])
    except PermissionDenied as exc:
        raise Http404(str(exc)) from exc
    except (DomainError, NotFound) as exc:
        messages.error(request, str(exc))
        return redirect("exchange:index")
    body = "".join(sdmx_csv(unit=scope.root, periods=periods_between(scope.start, scope.end)))
    return _attachment(HttpResponse(body, content_type="text/csv; charset=utf-8"),
                       f"gdnn-sdmx-{scope.root.code if scope.root else 'VN'}.csv")
