"""The analysis pages: a target's map by province, the pivot table and its XLSX. Each view parses
the request, calls one selector, and renders."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gdnn.accounts.selectors import orgunit_in_scope, orgunits_visible
from gdnn.analysis.boundaries import ShapesMissing
from gdnn.analysis.selectors import (
    ERAS,
    LEVELS,
    PivotQuery,
    pivot_for_user,
    pivot_parent,
    pivot_size,
    target_map,
)
from gdnn.analysis.xlsx import XLSX_TYPE
from gdnn.common.errors import DomainError, NotFound
from gdnn.indicators.models import Indicator
from gdnn.orgunits.picker import OrgUnitPicker
from gdnn.orgunits.selectors import orgunit_picker_label, orgunit_resolve, today
from gdnn.web.dashboard import number


def _as_of(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("as_of", "")) if request.GET.get("as_of") else today()
    except ValueError:
        return today()


def _plan(request: HttpRequest, plan_id: int):
    from gdnn.plans.selectors import plan_visible_get

    try:
        return plan_visible_get(user=request.user, plan_id=plan_id)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


def _scope(request: HttpRequest):
    return lambda unit: orgunit_in_scope(user=request.user, unit=unit)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Pick a plan's target to map, or open the pivot."""
    from gdnn.plans.selectors import plans_visible

    plans = list(plans_visible(user=request.user).select_related("org_unit").order_by("-pk")[:200])
    plan = next((p for p in plans if str(p.pk) == request.GET.get("plan")), None)
    targets = []
    if plan is not None:
        targets = list(plan.targets.filter(indicator__isnull=False).select_related("indicator").order_by("order", "pk"))
    return render(request, "analysis/index.html", {"plans": plans, "plan": plan, "targets": targets})


@login_required
def target_map_page(request: HttpRequest, plan_id: int, target_id: int) -> HttpResponse:
    plan = _plan(request, plan_id)
    target = plan.targets.select_related("indicator", "org_unit").filter(pk=target_id, indicator__isnull=False).first()
    if target is None:
        raise Http404(_("Không tìm thấy chỉ tiêu có chỉ số đo được trong kế hoạch này."))
    era = request.GET.get("era") if request.GET.get("era") in ERAS else "new"
    on = _as_of(request)
    context = {"plan": plan, "target": target, "era": era, "on": on}
    try:
        the_map = target_map(plan=plan, target=target, era=era, as_of=on, period=request.GET.get("period") or None,
                             in_scope=_scope(request))
    except ShapesMissing:
        context["missing"] = True
        return render(request, "analysis/map.html", context, status=503)
    unit = target.unit
    cells = []
    for c in the_map.cells:
        shown = number(c.value, unit)
        coverage = c.coverage.label if c.coverage is not None else None
        if not c.in_scope:
            tip = _("%(name)s: ngoài phạm vi của bạn") % {"name": c.shape.name}
        elif c.value is None:
            tip = _("%(name)s: chưa có số liệu") % {"name": c.shape.name}
        elif coverage:
            tip = _("%(name)s: %(value)s (đủ số liệu %(coverage)s đơn vị)") % {
                "name": c.shape.name, "value": shown, "coverage": coverage}
        else:
            tip = f"{c.shape.name}: {shown}"
        cells.append({"cell": c, "shown": shown, "coverage": coverage, "tip": tip,
                      "provisional": c.coverage is not None and not c.coverage.complete})
    context.update({
        "map": the_map, "cells": cells, "eras": ERAS,
        "legend": [(b.colour, number(b.low, unit), number(b.high, unit)) for b in the_map.breaks],
        "table": sorted(cells, key=lambda x: (x["cell"].value is None, -(x["cell"].value or 0))),
    })
    return render(request, "analysis/map.html", context)


JOB_ROWS = 300  # a pivot with more rows than this is exported by the worker


def _pivot_unit(request: HttpRequest, on: dt.date) -> tuple[str, str, str]:
    """(unit code, the text to show in the box, a refusal): the box takes a code, a name or the
    picker's label; a unit not found, or not in the user's scope, is said on the page."""
    text = (request.GET.get("unit") or "VN").strip()[:250] or "VN"
    if text.upper() in ("VN", _("Toàn quốc").upper()):
        return "VN", "VN", ""
    try:
        unit = orgunit_resolve(text=text, on=on, within=orgunits_visible(user=request.user))
    except (NotFound, DomainError) as exc:
        return "", text, str(exc)
    return unit.code, orgunit_picker_label(unit), ""


def _pivot_args(request: HttpRequest) -> dict:
    on = _as_of(request)
    code, shown, unit_error = _pivot_unit(request, on)
    if unit_error:  # the page says why and keeps the other choices; nothing is computed
        code = "VN"
    era = request.GET.get("era") if request.GET.get("era") in ERAS else "new"
    levels = list(LEVELS) if code.upper() == "VN" else [lv for lv in LEVELS if lv != "province"]
    level = request.GET.get("level") if request.GET.get("level") in levels else levels[0]
    query = PivotQuery(tuple(request.GET.getlist("indicator")), code, level, era,
                       request.GET.get("from", "").strip()[:4], request.GET.get("to", "").strip()[:4], on)
    try:
        parent = pivot_parent(user=request.user, query=query, on=on)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    if parent is not None:
        era = "old" if parent.is_pre_reform else "new"
    indicators_all = list(Indicator.objects.order_by("code"))
    picker = OrgUnitPicker(attrs={"id": "unit", "size": "30"}).render("unit", shown)
    return {"on": on, "query": query, "indicators_all": indicators_all, "parent": parent, "code": code,
            "unit_error": unit_error, "unit_picker": picker,
            "era": era, "levels": levels, "level": level, "first": query.first, "last": query.last,
            "chosen": set(query.indicators)}


@login_required
def pivot_page(request: HttpRequest) -> HttpResponse:
    args = _pivot_args(request)
    if args["unit_error"]:
        return render(request, "analysis/pivot.html", {**args, "pivot": None, "rows": []}, status=400)
    pivot = pivot_for_user(user=request.user, query=args["query"], on=args["on"])
    rows = []
    if pivot is not None:
        for r in pivot.rows:
            rows.append({"row": r, "cells": [
                {"shown": number(c.value, r.indicator.unit), "coverage": c.coverage.label if c.coverage else "",
                 "provisional": c.coverage is not None and not c.coverage.complete} for c in r.cells]})
    return render(request, "analysis/pivot.html", {**args, "pivot": pivot, "rows": rows,
                                                   "querystring": request.GET.urlencode()})


@login_required
def pivot_export(request: HttpRequest) -> HttpResponse:
    """The pivot as XLSX: at once when small, as a job (its page shows progress and the link) when large."""
    from gdnn.analysis.jobs import pivot_export_request, pivot_xlsx_for

    args = _pivot_args(request)
    query = args["query"]
    if args["unit_error"]:
        return render(request, "analysis/pivot.html", {**args, "pivot": None, "rows": []}, status=400)
    if not Indicator.objects.filter(code__in=query.indicators).exists():
        return render(request, "analysis/pivot.html", {**args, "pivot": None, "rows": [], "no_indicator": True},
                      status=400)
    if pivot_size(user=request.user, query=query, on=args["on"]) > JOB_ROWS:
        job = pivot_export_request(user=request.user, query=query)  # type: ignore[arg-type]
        return redirect("job", pk=job.pk)
    body, file_name = pivot_xlsx_for(user=request.user, query=query, on=args["on"])
    response = HttpResponse(body, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
