"""The analysis pages: a target's map by province, the pivot table and its XLSX. Each view parses
the request, calls one selector, and renders."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from gdnn.accounts.selectors import orgunit_for_user, orgunit_in_scope, user_is_national
from gdnn.analysis.boundaries import ShapesMissing
from gdnn.analysis.selectors import ERAS, LEVELS, pivot_table, target_map
from gdnn.common.errors import NotFound
from gdnn.indicators.models import Indicator
from gdnn.orgunits.models import OrgUnit
from gdnn.orgunits.selectors import orgunit_get, today
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


def _pivot_args(request: HttpRequest):
    on = _as_of(request)
    indicators_all = list(Indicator.objects.order_by("code"))
    wanted = request.GET.getlist("indicator")
    indicators = [i for i in indicators_all if i.code in wanted][:10]
    code = (request.GET.get("unit") or "VN").strip()
    parent: OrgUnit | None = None
    if code.upper() != "VN":
        try:
            parent = orgunit_for_user(user=request.user, unit=orgunit_get(code=code, on=on))
        except NotFound as exc:
            raise Http404(str(exc)) from exc
    era = request.GET.get("era") if request.GET.get("era") in ERAS else "new"
    if parent is not None:
        era = "old" if parent.is_pre_reform else "new"
    levels = list(LEVELS) if parent is None else [lv for lv in LEVELS if lv != "province"]
    level = request.GET.get("level") if request.GET.get("level") in levels else levels[0]
    first, last = request.GET.get("from", "").strip(), request.GET.get("to", "").strip()
    return {"on": on, "indicators_all": indicators_all, "indicators": indicators, "parent": parent, "code": code,
            "era": era, "levels": levels, "level": level, "first": first, "last": last}


def _pivot(request: HttpRequest, args: dict):
    if not args["indicators"]:
        return None
    pivot = pivot_table(indicators=args["indicators"], parent=args["parent"], level=args["level"], era=args["era"],
                        as_of=args["on"], in_scope=_scope(request))
    first, last = args["first"], args["last"]
    if first or last:
        keep = [p for p in pivot.periods if (not first or p[:4] >= first[:4]) and (not last or p[:4] <= last[:4])]
        index = [pivot.periods.index(p) for p in keep]
        pivot.periods = keep
        pivot.rows = [type(r)(r.indicator, r.unit, [r.cells[i] for i in index], r.total) for r in pivot.rows]
    if args["parent"] is None and not user_is_national(user=request.user):
        # the country's own figure is for national users; others see the units of their scope
        pivot.rows = [r for r in pivot.rows if not r.total]
    return pivot


@login_required
def pivot_page(request: HttpRequest) -> HttpResponse:
    args = _pivot_args(request)
    pivot = _pivot(request, args)
    rows = []
    if pivot is not None:
        for r in pivot.rows:
            rows.append({"row": r, "cells": [
                {"shown": number(c.value, r.indicator.unit), "coverage": c.coverage.label if c.coverage else "",
                 "provisional": c.coverage is not None and not c.coverage.complete} for c in r.cells]})
    return render(request, "analysis/pivot.html", {**args, "pivot": pivot, "rows": rows,
                                                   "query": request.GET.urlencode()})


@login_required
def pivot_export(request: HttpRequest) -> HttpResponse:
    from gdnn.analysis.xlsx import pivot_xlsx

    args = _pivot_args(request)
    pivot = _pivot(request, args)
    if pivot is None:
        return render(request, "analysis/pivot.html", {**args, "pivot": None, "rows": [], "no_indicator": True},
                      status=400)
    where = args["parent"].name if args["parent"] else "Toàn quốc"
    title = f"Bảng tổng hợp chỉ số — {where} (số liệu đến {args['on']:%d/%m/%Y})"
    body = pivot_xlsx(pivot, title=title, whole_country="Toàn quốc")
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="bang-tong-hop-{args["code"]}.xlsx"'
    return response
