"""Endpoints behind the pickers: org units by name or code (HTML options for htmx, or JSON), and the
periods of a data set. Both only read, within the user's scope, and answer 200 to any input."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from gdnn.accounts.selectors import orgunits_visible
from gdnn.orgunits.models import OrgUnit
from gdnn.orgunits.selectors import orgunit_picker_label, orgunit_search

PICK_LIMIT = 20


def _detail(unit: OrgUnit) -> str:
    parts = [str(unit.get_level_display())]
    if unit.parent_id and unit.parent is not None:
        parts.append(unit.parent.name)
    if unit.valid_to is not None:
        parts.append(f"đến {unit.valid_to:%d/%m/%Y}")
    return " · ".join(parts)


@login_required
@require_GET
def orgunit_pick(request: HttpRequest) -> HttpResponse:
    """?q= (or the parameter named by ?field=, as htmx sends the box's own name), ?level= or
    ?dataset= (the level of its reporting units), ?era=all, ?format=json."""
    field = request.GET.get("field", "q")[:40]
    query = (request.GET.get(field) or request.GET.get("q") or "")[:100].strip()
    raw_level = request.GET.get("level", "")
    level = raw_level if raw_level in OrgUnit.Level.values else None
    if request.GET.get("dataset"):  # a form's data set, sent along by the picker: its level wins
        from gdnn.collection.selectors import dataset_level

        level = dataset_level(code=request.GET["dataset"]) or level
    on: dt.date | None = None if request.GET.get("era") == "all" else timezone.localdate()
    units = []
    if len(query) >= 2 or query.isdigit():
        units = list(orgunit_search(query=query, on=on, limit=PICK_LIMIT, level=level,
                                    within=orgunits_visible(user=request.user)))  # type: ignore[arg-type]
    rows = [{"code": u.code, "name": u.name, "level": u.level, "label": orgunit_picker_label(u),
             "detail": _detail(u), "valid_to": u.valid_to.isoformat() if u.valid_to else None} for u in units]
    if request.GET.get("format") == "json" or "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"results": rows})
    return render(request, "orgunits/_options.html", {"units": rows})


@login_required
@require_GET
def period_options(request: HttpRequest) -> HttpResponse:
    """The recent periods of a data set as <option>s (the newest first), for the period list."""
    from gdnn.collection.selectors import dataset_choice_periods

    periods = dataset_choice_periods(code=request.GET.get("dataset", ""), today=timezone.localdate())
    return render(request, "web/_period_options.html",
                  {"periods": periods, "selected": request.GET.get("period", "")})
