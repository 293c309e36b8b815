"""The officer's labour pages: province overview, occupations, register, waves, gaps, forecasts.

Each view parses, calls one service or selector, and renders. Respondents' personal data is put
in the context only for the wave's owners (`permissions.wave_owner`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_POST

from gdnn.common.csp import CHARTS_CSP
from gdnn.common.errors import DomainError, NotFound, PermissionDenied
from gdnn.common.numbers import parse_number
from gdnn.labour import charts, exports, selectors
from gdnn.labour.jobs import wave_remind_job_request
from gdnn.labour.models import AssumptionSet, ForecastRun, Link, Wave, level_label
from gdnn.labour.permissions import ensure_wave_owner, national_writer, province_owner, wave_owner
from gdnn.labour.services.forecasts import assumption_set_create, assumption_set_update, forecast_run
from gdnn.labour.services.graduates import graduates_import
from gdnn.labour.services.register import register_import
from gdnn.labour.services.seed import occupations_import
from gdnn.labour.services.uploads import UploadRejected
from gdnn.labour.services.waves import (
    employer_wave_create,
    link_reissue,
    link_reopen,
    link_revoke,
    link_url,
    tracer_wave_create,
)
from gdnn.orgunits.models import OrgUnit

MAX_UPLOAD = 20 * 1024 * 1024


def _domain(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """NotFound → 404, PermissionDenied → 403 (both with the service's Vietnamese message)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(str(exc)) from exc
        except PermissionDenied as exc:
            raise HttpForbidden(str(exc)) from exc

    return login_required(wrapped)


def _upload(request: HttpRequest) -> tuple[bytes, str]:
    file = request.FILES.get("file")
    if file is None:
        raise UploadRejected([_("Hãy chọn một tệp .csv hoặc .xlsx.")])
    if file.size and file.size > MAX_UPLOAD:
        raise UploadRejected([_("Tệp lớn quá 20 MB.")])
    return file.read(), file.name or "tep"


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _int(text: str | None, default: int | None = None) -> int | None:
    try:
        return int(str(text).strip())
    except (TypeError, ValueError):
        return default


def _float(text: str | None) -> float | None:
    """A number typed the page's way ("1.234,5" or "1,234.5"); None when it is not one, or is one only
    the other way ("12,5" on an English page), never a guess."""
    try:
        return float(parse_number(str(text), language=get_language() or "vi"))
    except (TypeError, ValueError):
        return None


@_domain
def index(request: HttpRequest) -> HttpResponse:
    provinces = list(selectors.provinces_for(user=request.user))
    if len(provinces) == 1:
        return redirect("labour:province", code=provinces[0].code)
    institutions = [] if provinces else list(selectors.institutions_for(user=request.user))
    return render(request, "labour/index.html", {"provinces": provinces, "institutions": institutions})


@_domain
def institution_graduates(request: HttpRequest, code: str) -> HttpResponse:
    """An institution's own page: send its graduate list for the tracer survey."""
    unit = selectors.institution_get(user=request.user, code=code)
    errors: list[str] = []
    if request.method == "POST":
        try:
            data, name = _upload(request)
            n = graduates_import(institution=unit, data=data, name=name, by=request.user)
            messages.success(request, _("Đã nhập %(n)s người tốt nghiệp của %(inst)s.") % {"n": n, "inst": unit.name})
            return redirect("labour:graduates", code=unit.code)
        except UploadRejected as exc:
            errors = exc.errors
    return render(request, "labour/graduates.html", {"unit": unit, "counts": selectors.graduate_counts(institution=unit),
                                                     "upload_errors": errors}, status=400 if errors else 200)


@_domain
def province(request: HttpRequest, code: str) -> HttpResponse:
    unit = selectors.province_get(user=request.user, code=code)
    owner = province_owner(user=request.user, province=unit)
    if request.method == "POST" and owner:
        action = request.POST.get("action", "")
        try:
            if action == "register":
                data, name = _upload(request)
                batch = register_import(province=unit, data=data, name=name, by=request.user)
                messages.success(request, _("Đã nhập %(n)s doanh nghiệp từ %(file)s.") % {"n": batch.rows,
                                                                                        "file": batch.file_name})
            elif action == "graduates":
                institution = get_object_or_404(OrgUnit, pk=_int(request.POST.get("institution"), 0),
                                                level=OrgUnit.Level.INSTITUTION, path__startswith=unit.path)
                data, name = _upload(request)
                n = graduates_import(institution=institution, data=data, name=name, by=request.user)
                messages.success(request, _("Đã nhập %(n)s người tốt nghiệp của %(inst)s.") % {
                    "n": n, "inst": institution.name})
            elif action == "employer":
                closes = _date(request.POST.get("closes_on", "")) or timezone.localdate() + dt.timedelta(days=30)
                wave = employer_wave_create(
                    province=unit, title=request.POST.get("title", "").strip() or _("Khảo sát doanh nghiệp"),
                    reference_year=_int(request.POST.get("year"), timezone.localdate().year) or 0,
                    sample_size=_int(request.POST.get("sample_size"), 0) or 0, closes_on=closes, by=request.user)
                return _wave_page(request, wave, issued=wave.issued)
            elif action == "tracer":
                closes = _date(request.POST.get("closes_on", "")) or timezone.localdate() + dt.timedelta(days=30)
                institutions = list(OrgUnit.objects.filter(pk__in=request.POST.getlist("institutions"),
                                                           level=OrgUnit.Level.INSTITUTION))
                wave = tracer_wave_create(
                    province=unit, title=request.POST.get("title", "").strip() or _("Khảo sát người tốt nghiệp"),
                    cohort_year=_int(request.POST.get("year"), 0) or 0,
                    months_after=_int(request.POST.get("months_after"), 6) or 6, institutions=institutions,
                    closes_on=closes, by=request.user)
                return _wave_page(request, wave, issued=wave.issued)
        except UploadRejected as exc:
            return render(request, "labour/province.html", {**_province_context(unit, owner),
                                                             "upload_errors": exc.errors}, status=400)
        except DomainError as exc:
            messages.error(request, str(exc))
        return redirect("labour:province", code=unit.code)
    return render(request, "labour/province.html", _province_context(unit, owner))


def _province_context(unit: OrgUnit, owner: bool) -> dict[str, Any]:
    register = selectors.register_for(province=unit)
    waves = selectors.waves_for(province=unit)
    tracer_waves = [w for w in waves if w.kind == Wave.Kind.TRACER]
    return {"unit": unit, "owner": owner, "waves": waves,
            "tracer": selectors.tracer_rates(waves=tracer_waves) if tracer_waves else None,
            "register_count": register.count(), "register": register[:50],
            "institutions": OrgUnit.objects.filter(level=OrgUnit.Level.INSTITUTION, path__startswith=unit.path,
                                                   valid_to__isnull=True).order_by("name"),
            "this_year": timezone.localdate().year,
            "default_close": timezone.localdate() + dt.timedelta(days=30)}


@_domain
def occupations(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            data, name = _upload(request)
            n = occupations_import(data=data, name=name, by=request.user)
            messages.success(request, _("Đã nhập %(n)s nghề đào tạo từ %(file)s.") % {"n": n, "file": name})
            return redirect("labour:occupations")
        except UploadRejected as exc:
            return render(request, "labour/occupations.html",
                          {"occupations": selectors.occupations_active(), "upload_errors": exc.errors,
                           "may_import": True}, status=400)
    return render(request, "labour/occupations.html", {"occupations": selectors.occupations_active(),
                                                       "may_import": national_writer(user=request.user)})


@_domain
def wave(request: HttpRequest, wave_id: int) -> HttpResponse:
    return _wave_page(request, selectors.wave_get(user=request.user, wave_id=wave_id))


def _wave_page(request: HttpRequest, w: Wave, issued: dict[int, str] | None = None) -> HttpResponse:
    """The wave page; `issued` (link pk → clear token) only right after the tokens were issued:
    only their hashes are stored, so the full links are shown this once."""
    owner = wave_owner(user=request.user, wave=w)
    context: dict[str, Any] = {"wave": w, "owner": owner, "progress": selectors.wave_progress(wave=w)}
    if w.kind == Wave.Kind.EMPLOYER:
        context["estimates"] = selectors.wave_estimates(wave=w)
        context["strata"] = w.strata.select_related("industry")
    else:
        context["rates"] = selectors.tracer_rates(waves=[w])
    if owner:
        issued = issued or {}
        context["links"] = [(link, link_url(issued[link.pk]) if link.pk in issued else "")
                            for link in selectors.wave_links(wave=w)]
        context["issued"] = bool(issued)
        if w.kind == Wave.Kind.EMPLOYER:
            context["skills"] = selectors.wave_skills_lacking(wave=w)
    return render(request, "labour/wave.html", context)


@_domain
@require_POST
def link_revoke_view(request: HttpRequest, wave_id: int, link_id: int) -> HttpResponse:
    w = selectors.wave_get(user=request.user, wave_id=wave_id)
    ensure_wave_owner(user=request.user, wave=w)
    link_revoke(link=get_object_or_404(Link, pk=link_id, wave=w), by=request.user)
    messages.success(request, _("Đã thu hồi đường dẫn."))
    return redirect("labour:wave", wave_id=w.pk)


@_domain
@require_POST
def link_reissue_view(request: HttpRequest, wave_id: int, link_id: int) -> HttpResponse:
    w = selectors.wave_get(user=request.user, wave_id=wave_id)
    ensure_wave_owner(user=request.user, wave=w)
    link = get_object_or_404(Link, pk=link_id, wave=w)
    try:
        token = link_reissue(link=link, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("labour:wave", wave_id=w.pk)
    messages.success(request, _("Đã cấp đường dẫn mới (đường dẫn cũ không còn dùng được). Hãy sao chép ngay: "
                                "đường dẫn chỉ hiện lần này."))
    return _wave_page(request, w, issued={link.pk: token})


@_domain
@require_POST
def link_reopen_view(request: HttpRequest, wave_id: int, link_id: int) -> HttpResponse:
    w = selectors.wave_get(user=request.user, wave_id=wave_id)
    ensure_wave_owner(user=request.user, wave=w)
    try:
        link_reopen(link=get_object_or_404(Link, pk=link_id, wave=w), by=request.user)
        messages.success(request, _("Đã mở lại phiếu: người trả lời sửa được qua đường dẫn hiện có."))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("labour:wave", wave_id=w.pk)


@_domain
@require_POST
def remind(request: HttpRequest, wave_id: int) -> HttpResponse:
    """Queue the reminders as a job and show its status page (the worker sends the e-mails)."""
    w = selectors.wave_get(user=request.user, wave_id=wave_id)
    job = wave_remind_job_request(user=request.user, wave=w)
    return redirect("job", pk=job.pk)


@csp_override(CHARTS_CSP)  # the page draws Vega charts (gdnn.common.csp)
@_domain
def gaps(request: HttpRequest, code: str) -> HttpResponse:
    unit = selectors.province_get(user=request.user, code=code)
    year = _int(request.GET.get("year"), timezone.localdate().year - 1) or timezone.localdate().year - 1
    wave, rows = selectors.gaps(province=unit, year=year)
    return render(request, "labour/gaps.html", {"unit": unit, "year": year, "wave": wave, "rows": rows})


@_domain
def gaps_charts(request: HttpRequest, code: str) -> JsonResponse:
    unit = selectors.province_get(user=request.user, code=code)
    year = _int(request.GET.get("year"), timezone.localdate().year - 1) or timezone.localdate().year - 1
    _wave, rows = selectors.gaps(province=unit, year=year)
    return JsonResponse({"specs": charts.gap_specs(rows)})


def _assumption_set(unit: OrgUnit, set_id: int | None) -> AssumptionSet | None:
    qs = AssumptionSet.objects.filter(province=unit)
    return qs.filter(pk=set_id).first() if set_id else qs.first()


@csp_override(CHARTS_CSP)
@_domain
def forecast(request: HttpRequest, code: str) -> HttpResponse:
    unit = selectors.province_get(user=request.user, code=code)
    owner = province_owner(user=request.user, province=unit)
    aset = _assumption_set(unit, _int(request.GET.get("set") or request.POST.get("set")))
    if request.method == "POST" and owner:
        action = request.POST.get("action")
        try:
            if action == "create":
                aset = assumption_set_create(
                    province=unit, name=request.POST.get("name", "").strip() or _("Giả định cơ sở"),
                    base_year=_int(request.POST.get("base_year"), timezone.localdate().year) or 0,
                    horizon=_int(request.POST.get("horizon"), 5) or 5, by=request.user)
                forecast_run(assumption_set=aset, by=request.user)
            elif action == "update" and aset is not None:
                industries, shares, exit_rate, horizon = _parse_assumptions(request, aset)
                assumption_set_update(assumption_set=aset, by=request.user, industries=industries, shares=shares,
                                      exit_rate=exit_rate, horizon=horizon)
                forecast_run(assumption_set=aset, by=request.user)
                messages.success(request, _("Đã lưu giả định (phiên bản %(v)s) và chạy lại dự báo.") % {
                    "v": aset.version})
        except DomainError as exc:
            messages.error(request, str(exc))
        return redirect(f"{request.path}?set={aset.pk}" if aset else request.path)
    run = aset.runs.first() if aset else None
    industries = {i.code: i for i in selectors.industries_all()}
    return render(request, "labour/forecast.html", {
        "unit": unit, "owner": owner, "aset": aset, "run": run,
        "sets": AssumptionSet.objects.filter(province=unit),
        "industry_rows": [(code, industries.get(code), spec["employment"], round(100 * spec["growth"], 2))
                          for code, spec in sorted(aset.industries.items())] if aset else [],
        "exit_pct": round(100 * aset.exit_rate, 2) if aset else None,
        "share_rows": _share_rows(aset, {o.code: o.name for o in selectors.occupations_active()}) if aset else [], "this_year": timezone.localdate().year,
        "totals": exports.run_totals(run) if run else [],
        "results": [{**o, "level": level_label(o["level"])} for o in run.results] if run else []})


def _share_rows(aset: AssumptionSet, names: dict[str, str]) -> list[tuple[str, str, list[tuple[str, float]]]]:
    codes = sorted(aset.industries)
    return [(occ, names.get(occ, ""), [(code, round(100 * float(by.get(code, 0.0)), 2)) for code in codes])
            for occ, by in sorted(aset.shares.items())]


def _parse_assumptions(request: HttpRequest, aset: AssumptionSet) -> tuple[dict, dict, float, int]:
    industries = {}
    for code in aset.industries:
        employment, growth = _float(request.POST.get(f"emp-{code}")), _float(request.POST.get(f"growth-{code}"))
        if employment is None or growth is None:
            raise DomainError(_("Ngành %(code)s: số lao động và tốc độ tăng phải là số.") % {"code": code})
        industries[code] = {"employment": employment, "growth": growth / 100}
    shares: dict[str, dict[str, float]] = {}
    for occ in aset.shares:
        for code in aset.industries:
            value = _float(request.POST.get(f"share-{occ}-{code}"))
            if value is None:
                raise DomainError(_("Nghề %(occ)s, ngành %(code)s: tỷ trọng phải là số.") % {"occ": occ, "code": code})
            if value:
                shares.setdefault(occ, {})[code] = value / 100
    exit_rate = _float(request.POST.get("exit_rate"))
    if exit_rate is None:
        raise DomainError(_("Tỷ lệ rời nghề phải là số."))
    return industries, shares, exit_rate / 100, _int(request.POST.get("horizon"), 0) or 0


@_domain
def forecast_charts(request: HttpRequest, code: str, run_id: int) -> JsonResponse:
    unit = selectors.province_get(user=request.user, code=code)
    run = get_object_or_404(ForecastRun, pk=run_id, assumption_set__province=unit)
    return JsonResponse({"specs": charts.forecast_specs(run)})


@_domain
def forecast_export(request: HttpRequest, code: str, run_id: int) -> HttpResponse:
    unit = selectors.province_get(user=request.user, code=code)
    run = get_object_or_404(ForecastRun, pk=run_id, assumption_set__province=unit)
    _wave, gap_rows = selectors.gaps(province=unit, year=run.assumptions["base_year"])
    content = exports.forecast_xlsx(run=run, unit=unit, gaps=gap_rows)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="du-bao-nhu-cau-dao-tao_{unit.code}_{run.pk}.xlsx"'
    return response
