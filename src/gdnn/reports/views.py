"""The report page: pick a plan, a unit in scope, a period and a format; the worker makes the file
(a job), the page shows its status and the download when it is done."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gdnn.collection.forms import PeriodInput
from gdnn.common.errors import DomainError, NotFound, PermissionDenied
from gdnn.jobs.selectors import job_get, jobs_of, worker_alive
from gdnn.orgunits.picker import OrgUnitField
from gdnn.plans.selectors import plans_visible
from gdnn.reports.generator import report_unit
from gdnn.reports.jobs import KIND, report_job_request


class ReportForm(forms.Form):
    plan = forms.TypedChoiceField(label=_("Plan"), coerce=int)
    org_unit = OrgUnitField(label=_("Reporting unit (name or code)"), required=False, era="all",
                            help_text=_("Leave empty for the plan's own unit."))
    period = forms.CharField(label=_("Period"), max_length=12, widget=PeriodInput,
                             help_text=_("2025S1 (first half), 2025S2, 2025 (year) or 2021-2025 (five years)"))
    format = forms.ChoiceField(label=_("Format"), choices=[("docx", "DOCX (Word)"), ("pdf", "PDF"),
                                                          ("xlsx", "XLSX (Excel)")])

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        plan_field = cast(forms.TypedChoiceField, self.fields["plan"])
        plan_field.choices = [(p.pk, f"{p.label} — {p.title[:90]}") for p in plans]


def _default_period() -> str:
    today = timezone.localdate()
    return f"{today.year}S1" if today.month >= 7 else str(today.year - 1)


def _page(request: HttpRequest, form: ReportForm, plans: list, status: int = 200) -> HttpResponse:
    """The page with the user's recent report jobs; the button is disabled while one of them runs."""
    recent = list(jobs_of(user=request.user, kind=KIND, limit=5))  # type: ignore[arg-type]  # login_required
    job, worker_down = None, False
    if request.GET.get("job", "").isdigit():
        try:
            job = job_get(pk=int(request.GET["job"]), user=request.user)  # type: ignore[arg-type]
        except NotFound:
            job = None
        worker_down = job is not None and job.active and not worker_alive()
    # A job a dead worker left "running" does not hold the button for ever.
    fresh_since = timezone.now() - dt.timedelta(minutes=15)
    busy = any(j.active and j.created_at > fresh_since for j in [*recent, *([job] if job else [])])
    return render(request, "reports/report_page.html",
                  {"form": form, "plans": plans, "job": job, "recent": recent, "busy": busy,
                   "worker_down": worker_down}, status=status)


@login_required
def report_page(request: HttpRequest) -> HttpResponse:
    plans = list(plans_visible(user=request.user))
    if request.method != "POST":
        chosen = next((p for p in plans if str(p.pk) == request.GET.get("plan")), plans[0] if plans else None)
        initial = {"plan": chosen.pk if chosen else None, "period": _default_period(), "format": "docx",
                   "org_unit": chosen.org_unit if chosen and chosen.org_unit else ""}
        return _page(request, ReportForm(plans=plans, initial=initial), plans)
    form = ReportForm(request.POST, plans=plans)
    if not form.is_valid():
        return _page(request, form, plans, status=400)
    plan = next(p for p in plans if p.pk == form.cleaned_data["plan"])
    try:
        picked = form.cleaned_data["org_unit"]
        code = picked.code if picked else (plan.org_unit.code if plan.org_unit else "")
        if not code:
            raise DomainError(str(_("Give the code of the reporting unit.")))
        unit = report_unit(code=code, period=form.cleaned_data["period"])
        job = report_job_request(user=request.user, plan=plan, org_unit=unit,  # type: ignore[arg-type]
                                 period=form.cleaned_data["period"], fmt=form.cleaned_data["format"])
    except PermissionDenied as exc:
        raise Http404(str(exc)) from exc
    except DomainError as exc:
        form.add_error(None, str(exc))
        return _page(request, form, plans, status=400)
    return redirect(f"{reverse('reports')}?job={job.pk}&plan={plan.pk}")
