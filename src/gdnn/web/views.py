"""Pages. Each view parses the request, calls one selector or service, and renders."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_http_methods

from gdnn.accounts.models import Role
from gdnn.accounts.selectors import (
    ensure_can_edit,
    orgunit_for_user,
    orgunit_in_scope,
    orgunits_visible,
    user_assignments,
    user_can_edit,
    user_home_units,
)
from gdnn.common.csp import CHARTS_CSP
from gdnn.common.errors import DomainError, NotFound, PermissionDenied
from gdnn.orgunits.institution_import import ImportRejected, institutions_import
from gdnn.orgunits.models import Institution, OrgUnit
from gdnn.orgunits.picker import OrgUnitField
from gdnn.orgunits.selectors import (
    orgunit_ancestors,
    orgunit_children,
    orgunit_get,
    orgunit_institution_get,
    orgunit_institutions_closed,
    orgunit_predecessors,
    orgunit_search,
    orgunit_successors,
    today,
)
from gdnn.orgunits.services import institution_create, institution_update


def _as_of(request: HttpRequest) -> dt.date:
    raw = request.GET.get("as_of", "")
    try:
        return dt.date.fromisoformat(raw) if raw else today()
    except ValueError:
        return today()


def _unit_or_404(request: HttpRequest, code: str, on: dt.date) -> OrgUnit:
    try:
        unit = orgunit_get(code=code, on=on)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    return orgunit_for_user(user=request.user, unit=unit)


def _plan_or_404(request: HttpRequest, plan_id: int):
    from gdnn.plans.selectors import plan_visible_get

    try:
        return plan_visible_get(user=request.user, plan_id=plan_id)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers and the analytics store is readable, 503 otherwise; no secrets."""
    from gdnn.ops.checks import health

    healthy, body = health()
    response = JsonResponse(body, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def home(request: HttpRequest) -> HttpResponse:
    from gdnn.plans.selectors import plans_visible
    from gdnn.web.worklist import worklist_for

    on = today()
    plans = plans_visible(user=request.user).prefetch_related("targets")[:20]
    return render(
        request,
        "web/home.html",
        {"units": user_home_units(user=request.user, on=on), "assignments": user_assignments(user=request.user),
         "on": on, "plans": plans, "work": worklist_for(user=request.user, today=on)},  # type: ignore[arg-type]
    )


@login_required
def orgunit_detail(request: HttpRequest, code: str) -> HttpResponse:
    on = _as_of(request)
    unit = _unit_or_404(request, code, on)
    children = orgunits_visible(user=request.user, qs=orgunit_children(unit=unit, on=on))
    ancestors, successors, predecessors = (
        orgunit_ancestors(unit=unit), list(orgunit_successors(unit=unit)), list(orgunit_predecessors(unit=unit)))
    related = ancestors + [s.successor for s in successors] + [s.predecessor for s in predecessors]
    return render(
        request,
        "web/orgunit_detail.html",
        {
            "unit": unit,
            "on": on,
            # Each ancestor linked as of a day it existed (a closing date may precede its commune).
            "ancestors": [(a, a.day_within(on)) for a in ancestors],
            # Units outside the user's scope are named but not linked (their page would be a 404).
            "linkable": {u.pk for u in related if orgunit_in_scope(user=request.user, unit=u)},
            "children": children,
            "successors": successors,
            "predecessors": predecessors,
            # Institutions are added to current communes only, not to one that was merged away.
            "can_edit": ((not unit.is_pre_reform or unit.level == OrgUnit.Level.INSTITUTION)
                         and user_can_edit(user=request.user, unit=unit)),
            "closed_institution": (unit.level == OrgUnit.Level.INSTITUTION and unit.valid_to is not None
                                   and unit.valid_to < today()),
            # A commune's closed institutions, to open one's page and correct or reopen it.
            "closed": (orgunits_visible(user=request.user, qs=orgunit_institutions_closed(unit=unit, on=on))
                       if unit.level == OrgUnit.Level.COMMUNE else []),
        },
    )


@login_required
def orgunit_search_page(request: HttpRequest) -> HttpResponse:
    on = _as_of(request)
    query = request.GET.get("q", "").strip()
    results = orgunit_search(query=query, on=on, limit=50, within=orgunits_visible(user=request.user)) if query else []
    return render(request, "web/orgunit_search.html", {"query": query, "results": results, "on": on})


class InstitutionFields(forms.Form):
    """What adding and editing an institution both ask."""

    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    institution_type = forms.ChoiceField(label=gettext_lazy("Institution type"), choices=Institution.Type.choices)
    ownership = forms.ChoiceField(label=gettext_lazy("Ownership"), choices=Institution.Ownership.choices)
    managing_agency = forms.CharField(label=gettext_lazy("Managing agency"), max_length=200, required=False)


class InstitutionForm(InstitutionFields):
    code = forms.RegexField(label=gettext_lazy("Code"), regex=r"^[A-Z][A-Z0-9-]{2,23}$", max_length=24)
    field_order = ["code"]


@login_required
@require_http_methods(["GET", "POST"])
def institution_new(request: HttpRequest, code: str) -> HttpResponse:
    commune = _unit_or_404(request, code, today())
    try:
        ensure_can_edit(user=request.user, unit=commune)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    if commune.level != OrgUnit.Level.COMMUNE:
        raise Http404(_("Institutions are attached to a commune."))
    form = InstitutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = institution_create(commune=commune, valid_from=today(), by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Institution %(name)s was added.") % {"name": unit.name})
            return redirect("orgunit-detail", code=commune.code)
    return render(request, "web/institution_form.html", {"form": form, "commune": commune})


class InstitutionEditForm(InstitutionFields):
    commune = OrgUnitField(label=gettext_lazy("Commune"), level=OrgUnit.Level.COMMUNE)
    closed_on = forms.DateField(label=gettext_lazy("Closed on"), required=False,
                                input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                                widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
                                help_text=gettext_lazy("Only when the institution has stopped operating "
                                                       "(dd/mm/yyyy): it then owes no report for later periods."))


@login_required
@require_http_methods(["GET", "POST"])
def institution_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Rename an institution, change its type, ownership or managing agency, attach it to another
    commune of the user's scope, or record that it closed (or, emptying the date, reopen it)."""
    try:
        unit = orgunit_for_user(user=request.user, unit=orgunit_institution_get(code=code))
    except NotFound as exc:
        raise Http404(_("Only a vocational institution is edited here.")) from exc
    if not user_can_edit(user=request.user, unit=unit):
        raise DjangoPermissionDenied(_("You may read this unit but not change it."))
    institution = Institution.objects.get(org_unit=unit)
    form = InstitutionEditForm(request.POST or None, initial={
        "name": unit.name, "institution_type": institution.institution_type, "ownership": institution.ownership,
        "managing_agency": institution.managing_agency, "commune": unit.parent, "closed_on": unit.valid_to})
    form.fields["commune"].configure(level=OrgUnit.Level.COMMUNE,  # type: ignore[attr-defined]
                                     within=orgunits_visible(user=request.user), on=today())
    if request.method == "POST" and form.is_valid():
        try:
            unit = institution_update(unit=unit, by=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, _("Institution %(name)s was saved.") % {"name": unit.name})
            page = reverse("orgunit-detail", args=[unit.code])
            if unit.valid_to is not None and unit.valid_to < today():  # its page as of its last open day
                page += f"?as_of={unit.valid_to:%Y-%m-%d}"
            return redirect(page)
    return render(request, "web/institution_edit.html", {"form": form, "unit": unit})


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV or XLSX file"))


@login_required
@require_http_methods(["GET", "POST"])
def institutions_import_page(request: HttpRequest) -> HttpResponse:
    allowed = {Role.SYSTEM_ADMIN, Role.PROVINCE_OFFICER}
    if not request.user.is_superuser and not any(a.role in allowed for a in user_assignments(user=request.user)):
        raise DjangoPermissionDenied(_("Only province officers import institutions."))
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / (Path(upload.name).name or f"upload{suffix}")
            path.write_bytes(upload.read())
            try:
                created = _import_in_scope(request, path, upload.name)
            except ImportRejected as exc:
                errors = exc.errors
            except DomainError as exc:
                errors = [str(exc)]
            else:
                messages.success(request, _("%(n)d institutions imported.") % {"n": len(created)})
                return redirect("institutions-import")
    return render(request, "web/institutions_import.html", {"form": form, "errors": errors})


def _import_in_scope(request: HttpRequest, path: Path, display_name: str) -> list[OrgUnit]:
    from django.db import transaction

    with transaction.atomic():
        created = institutions_import(path=path, by=request.user)
        outside = [u for u in created if not user_can_edit(user=request.user, unit=u)]
        if outside:
            transaction.set_rollback(True)
            raise ImportRejected(
                [f"{display_name}: {u.code} thuộc xã/phường ngoài phạm vi của bạn ({u.parent})." for u in outside]
            )
        return created


@login_required
@csp_override(CHARTS_CSP)
def plan_dashboard(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A plan's targets with actual value, coverage, percent of target, status, sparkline and projection."""
    from gdnn.analytics.progress import targets_progress
    from gdnn.web.dashboard import STATUS, number, sparkline

    plan = _plan_or_404(request, plan_id)
    on = _as_of(request)
    rows = []
    counts: dict[str, int] = {}
    for item in targets_progress(plan=plan, as_of=on):
        p, t = item.progress, item.target
        label, colour = STATUS[p.status]
        counts[p.status] = counts.get(p.status, 0) + 1
        provisional = item.provisional
        rows.append({
            "target": t, "status": p.status, "status_label": label, "colour": colour,
            "actual": number(p.actual, t.unit), "actual_period": p.actual_period,
            "coverage": item.coverage,
            "provisional": provisional and {"value": number(provisional.value, t.unit), "period": provisional.period,
                                            "coverage": provisional.coverage},
            "percent": number(p.percent_of_target, "percent") if p.percent_of_target is not None else "–",
            "projected": number(p.projected, t.unit), "year_met": p.year_met, "horizon": p.horizon,
            "gap": number(p.gap, t.unit) if p.gap is not None else None, "decided": p.decided,
            "spark": sparkline(item.series, p.threshold,
                               provisional={provisional.period} if provisional else None),
        })
    summary = [(STATUS[k][0], STATUS[k][1], counts.get(k, 0)) for k in STATUS]
    return render(request, "web/plan_dashboard.html", {"plan": plan, "rows": rows, "summary": summary, "on": on})


@login_required
def drilldown(request: HttpRequest, code: str) -> HttpResponse:
    """An indicator across the units under a province, a commune or a pre-reform unit (the current
    communes and institutions on its ground), or across the provinces ("VN"), laggards first."""
    from gdnn.analytics.selectors import child_ranking
    from gdnn.indicators.models import Indicator
    from gdnn.web.dashboard import number

    on = _as_of(request)
    unit = None if code.upper() == "VN" else _unit_or_404(request, code, on)
    levels = ["province", "commune", "institution"] if unit is None else ["commune", "institution"]
    indicators = list(Indicator.objects.all())
    indicator = next((i for i in indicators if i.code == request.GET.get("indicator")), None) or next(
        i for i in indicators if i.code == "GDNN.TRAINED_WORKERS_CERT")
    level = request.GET.get("level") if request.GET.get("level") in levels else levels[0]
    period = request.GET.get("period") or str(min(on, today()).year - 1)
    ranking = child_ranking(indicator=indicator, unit=unit, period=period, level=level)
    rows = [(u, v, number(v, indicator.unit)) for u, v in ranking if orgunit_in_scope(user=request.user, unit=u)]
    return render(request, "web/drilldown.html", {
        "unit": unit, "indicator": indicator, "indicators": indicators, "levels": levels,
        "level": level, "period": period, "rows": rows, "on": on,
    })


@login_required
def plan_charts(request: HttpRequest, plan_id: int) -> JsonResponse:
    """The plan's Vega-Lite chart specs, for vega-embed: the figures of its progress page (the same
    computation the DOCX report draws), or its targets by year while it has no figure yet; a plan with
    no measurable target shows the rate targets of the plan it implements, on its own area."""
    from gdnn.analytics.progress import chart_progress
    from gdnn.reports.charts import progress_chart_specs

    plan = _plan_or_404(request, plan_id)
    items, borrowed = chart_progress(plan=plan, as_of=_as_of(request))
    return JsonResponse({"specs": progress_chart_specs(items, source=borrowed.doc_number if borrowed else None)})


def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico for pages without our <link rel="icon"> (the admin, files): the static icon.
    Resolved per request, not at import: the static manifest may not exist yet when URLs load."""
    from django.templatetags.static import static

    return redirect(static("gdnn/favicon.png"), permanent=True)
