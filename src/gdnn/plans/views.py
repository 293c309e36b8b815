"""Plan pages: list and import, detail, target review side by side, alignment, calendar."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from gdnn.accounts.selectors import orgunit_in_scope, user_can_edit, user_is_national
from gdnn.common.errors import DomainError, NotFound
from gdnn.indicators.models import Indicator
from gdnn.orgunits.selectors import orgunit_get, today
from gdnn.plans.models import Plan, Target
from gdnn.plans.selectors import plan_alignment, plan_with_items, plans_visible, reporting_calendar
from gdnn.plans.services import plan_import_document, plan_publish, target_review

CONTEXT_CHARS = 400


def _plan_for(request: HttpRequest, plan_id: int) -> Plan:
    try:
        plan = plan_with_items(plan_id=plan_id)
    except Plan.DoesNotExist as exc:
        raise Http404 from exc
    if plan.org_unit is not None and not orgunit_in_scope(user=request.user, unit=plan.org_unit):
        raise Http404
    return plan


def _can_edit(request: HttpRequest, plan: Plan) -> bool:
    if plan.org_unit is None:
        return request.user.is_superuser
    return user_can_edit(user=request.user, unit=plan.org_unit)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Plan document (.txt, .md, .docx, .pdf)"))
    org_unit = forms.CharField(label=gettext_lazy("Code of the unit whose plan it is"), max_length=12)


@login_required
@require_http_methods(["GET", "POST"])
def plan_list(request: HttpRequest) -> HttpResponse:
    from gdnn.collection.uploads import ImportRejected, upload_check_announced, upload_check_size

    try:  # refuse by the announced size before Django reads the body
        upload_check_announced(content_length=request.META.get("CONTENT_LENGTH"))
    except ImportRejected as exc:
        form = ImportForm()
        form.cleaned_data = {}  # an unbound form carrying only this error
        form.add_error(None, str(exc))
        return render(request, "plans/plan_list.html", {
            "plans": plans_visible(user=request.user).prefetch_related("targets"), "form": form}, status=413)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = orgunit_get(code=form.cleaned_data["org_unit"])
        except NotFound as exc:
            form.add_error("org_unit", str(exc))
        else:
            if not user_can_edit(user=request.user, unit=unit):
                raise PermissionDenied(_("You cannot import plans for this unit."))
            upload = form.cleaned_data["file"]
            name = Path(upload.name).name
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / ("upload" + Path(name).suffix.lower()[:10])
                try:
                    upload_check_size(name=name, size=upload.size)
                    with path.open("wb") as out:
                        for chunk in upload.chunks():
                            out.write(chunk)
                    plan = plan_import_document(path=path, org_unit=unit, by=request.user, name=name)
                except DomainError as exc:
                    form.add_error("file", str(exc))
                else:
                    messages.success(request, _("Imported as a draft: review its targets, then publish."))
                    return redirect("plan-detail", plan_id=plan.pk)
    plans = plans_visible(user=request.user).prefetch_related("targets")
    return render(request, "plans/plan_list.html", {"plans": plans, "form": form})


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_for(request, plan_id)
    return render(request, "plans/plan_detail.html", {
        "plan": plan, "can_edit": _can_edit(request, plan),
        "calendar": reporting_calendar(plan=plan, today=today())[:12],
    })


class TargetReviewForm(forms.Form):
    indicator = forms.ModelChoiceField(label=gettext_lazy("Indicator"), queryset=Indicator.objects.all())
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    comparator = forms.ChoiceField(label=gettext_lazy("Comparator"), choices=Target.Comparator.choices)
    value_min = forms.DecimalField(label=gettext_lazy("Value (minimum)"), required=False, max_digits=14, decimal_places=4)
    value_max = forms.DecimalField(label=gettext_lazy("Value (maximum)"), required=False, max_digits=14, decimal_places=4)
    unit = forms.ChoiceField(label=gettext_lazy("Unit"), choices=Indicator.Unit.choices)


@login_required
@require_http_methods(["GET", "POST"])
def target_review_page(request: HttpRequest, plan_id: int, target_id: int) -> HttpResponse:
    plan = _plan_for(request, plan_id)
    target = next((t for t in plan.targets.all() if t.pk == target_id), None)
    if target is None:
        raise Http404
    if request.method == "POST" and not _can_edit(request, plan):
        raise PermissionDenied(_("You cannot review this plan."))
    initial = {"indicator": target.indicator, "year": target.year, "comparator": target.comparator,
               "value_min": target.value_min, "value_max": target.value_max, "unit": target.unit}
    form = TargetReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            target_review(target=target, by=request.user, indicator=data["indicator"], year=data["year"],
                          comparator=data["comparator"], value_min=data["value_min"], value_max=data["value_max"],
                          unit=data["unit"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            following = next((t for t in plan.targets.all() if t.order > target.order and t.review == "unreviewed"), None)
            if following is not None:
                return redirect("target-review", plan_id=plan.pk, target_id=following.pk)
            return redirect("plan-detail", plan_id=plan.pk)
    start, end = target.start_char or 0, target.end_char or 0
    text = plan.source_text
    context = {
        "plan": plan, "target": target, "form": form, "can_edit": _can_edit(request, plan),
        "before": text[max(0, start - CONTEXT_CHARS):start], "sentence": text[start:end],
        "after": text[end:end + CONTEXT_CHARS],
    }
    return render(request, "plans/target_review.html", context)


@login_required
@require_POST
def plan_publish_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_for(request, plan_id)
    if not _can_edit(request, plan):
        raise PermissionDenied(_("You cannot publish this plan."))
    try:
        plan_publish(plan=plan, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The plan is published."))
    return redirect("plan-detail", plan_id=plan.pk)


@login_required
def plan_align_page(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_for(request, plan_id)
    return render(request, "plans/plan_align.html", {"plan": plan, "alignment": plan_alignment(plan=plan, user=request.user)})


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    on = today()
    rows = []
    for plan in plans_visible(user=request.user).filter(org_unit__isnull=False):
        rows += [(plan, e) for e in reporting_calendar(plan=plan, today=on) if e.status in ("overdue", "due_soon")
                 or (e.report.due - on).days <= 200]
    rows.sort(key=lambda pe: pe[1].report.due)
    return render(request, "plans/calendar.html", {"rows": rows, "on": on, "national": user_is_national(user=request.user)})
