"""The report page: pick a plan, a unit in scope, a period and a format; download the file."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from gdnn.accounts.selectors import orgunit_in_scope
from gdnn.collection.forms import PeriodInput
from gdnn.common.errors import DomainError
from gdnn.orgunits.picker import OrgUnitField
from gdnn.plans.selectors import plans_visible
from gdnn.reports.generator import report_data, report_unit
from gdnn.reports.render import report_render


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


@login_required
def report_page(request: HttpRequest) -> HttpResponse:
    plans = list(plans_visible(user=request.user))
    if request.method != "POST":
        chosen = next((p for p in plans if str(p.pk) == request.GET.get("plan")), plans[0] if plans else None)
        initial = {"plan": chosen.pk if chosen else None, "period": _default_period(), "format": "docx",
                   "org_unit": chosen.org_unit if chosen and chosen.org_unit else ""}
        form = ReportForm(plans=plans, initial=initial)
        return render(request, "reports/report_page.html", {"form": form, "plans": plans})
    form = ReportForm(request.POST, plans=plans)
    if not form.is_valid():
        return render(request, "reports/report_page.html", {"form": form, "plans": plans}, status=400)
    plan = next(p for p in plans if p.pk == form.cleaned_data["plan"])
    try:
        picked = form.cleaned_data["org_unit"]
        code = picked.code if picked else (plan.org_unit.code if plan.org_unit else "")
        if not code:
            raise DomainError(str(_("Give the code of the reporting unit.")))
        unit = report_unit(code=code, period=form.cleaned_data["period"])
        if not orgunit_in_scope(user=request.user, unit=unit):  # type: ignore[arg-type]  # login_required
            raise Http404("Không tìm thấy đơn vị trong phạm vi của bạn.")
        data = report_data(plan=plan, org_unit=unit, period=form.cleaned_data["period"])
        content, filename, content_type = report_render(data=data, fmt=form.cleaned_data["format"])
    except DomainError as exc:
        form.add_error(None, str(exc))
        return render(request, "reports/report_page.html", {"form": form, "plans": plans}, status=400)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
