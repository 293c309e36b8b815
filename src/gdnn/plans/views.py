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
from gdnn.plans.selectors import (
    plan_alignment,
    plan_content,
    plan_events,
    plan_follows_duties,
    plan_with_items,
    plans_similar,
    plans_visible,
    reporting_calendar,
)
from gdnn.plans.services import plan_import_document, plan_publish, target_review
from gdnn.plans.services.editing import (
    duty_delivered,
    plan_archive,
    plan_delete_draft,
    plan_update_header,
    plan_withdraw,
    target_add,
    target_delete,
    target_kind_set,
    target_mark_not_a_target,
)

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
    can_edit = _can_edit(request, plan)
    return render(request, "plans/plan_detail.html", {
        "plan": plan, "can_edit": can_edit,
        "calendar": reporting_calendar(plan=plan, today=today())[:12],
        "events": plan_events(plan=plan)[:30],
        "similar": plans_similar(text=plan_content(plan), org_unit=plan.org_unit, exclude=plan.pk)[:3],
        "duty_form": DutyDeliveredForm(duties=plan.reporting_duties.all(), initial={"delivered_on": today()}),
        "kinds": Target.Kind.choices,
    })


def _edit_or_403(request: HttpRequest, plan: Plan) -> None:
    if not _can_edit(request, plan):
        raise PermissionDenied(_("Bạn không có quyền sửa kế hoạch này."))


def _form_page(request: HttpRequest, plan: Plan, form: forms.Form, title: str, submit: str) -> HttpResponse:
    return render(request, "plans/form.html", {"plan": plan, "form": form, "heading": title, "submit": submit})


class PlanHeaderForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Trích yếu (tên kế hoạch)"), widget=forms.Textarea(attrs={"rows": 3}))
    issuer = forms.CharField(label=gettext_lazy("Cơ quan ban hành"), max_length=250)
    doc_number = forms.CharField(label=gettext_lazy("Số, ký hiệu"), max_length=60, required=False)
    issued_on = forms.DateField(label=gettext_lazy("Ngày ban hành (dd/mm/yyyy)"), required=False,
                                input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    place = forms.CharField(label=gettext_lazy("Địa danh"), max_length=100, required=False)
    org_unit = forms.CharField(label=gettext_lazy("Mã đơn vị của kế hoạch"), max_length=12, required=False)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_for(request, plan_id)
    _edit_or_403(request, plan)
    title = "" if (plan.title or "").strip().casefold() == "none" else plan.title
    form = PlanHeaderForm(request.POST or None, initial={
        "title": title, "issuer": plan.issuer, "doc_number": plan.doc_number, "place": plan.place,
        "issued_on": plan.issued_on.strftime("%d/%m/%Y") if plan.issued_on else "",
        "org_unit": plan.org_unit.code if plan.org_unit else ""})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = orgunit_get(code=data["org_unit"]) if data["org_unit"] else None
            plan_update_header(plan=plan, by=request.user, issuer=data["issuer"], doc_number=data["doc_number"],
                               issued_on=data["issued_on"], title=data["title"], place=data["place"], org_unit=unit)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu phần đầu kế hoạch."))
            return redirect("plan-detail", plan_id=plan.pk)
    return _form_page(request, plan, form, _("Sửa phần đầu kế hoạch"), _("Lưu"))


class TargetAddForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Câu chỉ tiêu như trong văn bản"), widget=forms.Textarea(attrs={"rows": 2}))
    indicator = forms.ModelChoiceField(label=gettext_lazy("Chỉ số"), queryset=Indicator.objects.none())
    kind = forms.ChoiceField(label=gettext_lazy("Loại chỉ tiêu"), choices=Target.Kind.choices)
    start_year = forms.IntegerField(label=gettext_lazy("Từ năm (chỉ tiêu hằng năm hoặc cả giai đoạn)"),
                                    min_value=2000, max_value=2100, required=False)
    year = forms.IntegerField(label=gettext_lazy("Năm (năm cuối)"), min_value=2000, max_value=2100)
    comparator = forms.ChoiceField(label=gettext_lazy("Phép so sánh"), choices=Target.Comparator.choices)
    value_min = forms.DecimalField(label=gettext_lazy("Giá trị (nhỏ nhất)"), max_digits=14, decimal_places=4)
    value_max = forms.DecimalField(label=gettext_lazy("Giá trị lớn nhất (khoảng)"), required=False, max_digits=14,
                                   decimal_places=4)
    unit = forms.ChoiceField(label=gettext_lazy("Đơn vị"), choices=Indicator.Unit.choices)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from gdnn.indicators.selectors import indicators_visible

        self.fields["indicator"].queryset = indicators_visible(user=user)


@login_required
@require_http_methods(["GET", "POST"])
def target_new(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_for(request, plan_id)
    _edit_or_403(request, plan)
    form = TargetAddForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            target_add(plan=plan, by=request.user, indicator=d["indicator"], year=d["year"], kind=d["kind"],
                       start_year=d["start_year"], comparator=d["comparator"], value_min=d["value_min"],
                       value_max=d["value_max"], unit=d["unit"], text=d["text"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã thêm chỉ tiêu."))
            return redirect("plan-detail", plan_id=plan.pk)
    return _form_page(request, plan, form, _("Thêm chỉ tiêu"), _("Thêm"))


def _target_of(plan: Plan, target_id: int) -> Target:
    target = next((t for t in plan.targets.all() if t.pk == target_id), None)
    if target is None:
        raise Http404
    return target


@login_required
@require_POST
def target_remove(request: HttpRequest, plan_id: int, target_id: int) -> HttpResponse:
    """Delete a target of a draft, or mark it "not a target" (action=not_target)."""
    plan = _plan_for(request, plan_id)
    _edit_or_403(request, plan)
    target = _target_of(plan, target_id)
    try:
        if request.POST.get("action") == "not_target":
            target_mark_not_a_target(target=target, by=request.user, note=request.POST.get("note", ""))
            messages.success(request, _("Đã đánh dấu “không phải chỉ tiêu”."))
        else:
            target_delete(target=target, by=request.user, note=request.POST.get("note", ""))
            messages.success(request, _("Đã xóa chỉ tiêu."))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("plan-detail", plan_id=plan.pk)


@login_required
@require_POST
def target_kind(request: HttpRequest, plan_id: int, target_id: int) -> HttpResponse:
    plan = _plan_for(request, plan_id)
    _edit_or_403(request, plan)
    target = _target_of(plan, target_id)
    raw_start = (request.POST.get("start_year") or "").strip()
    try:
        target_kind_set(target=target, by=request.user, kind=request.POST.get("kind", ""),
                        start_year=int(raw_start) if raw_start.isdigit() else None)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã đổi loại chỉ tiêu."))
    return redirect("plan-detail", plan_id=plan.pk)


@login_required
@require_POST
def plan_status(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Withdraw, archive or delete (a draft) a plan."""
    plan = _plan_for(request, plan_id)
    _edit_or_403(request, plan)
    action, note = request.POST.get("action"), request.POST.get("note", "")
    try:
        if action == "withdraw":
            plan_withdraw(plan=plan, by=request.user, note=note)
            messages.success(request, _("Đã thu hồi kế hoạch."))
        elif action == "archive":
            plan_archive(plan=plan, by=request.user, note=note)
            messages.success(request, _("Đã lưu trữ kế hoạch."))
        elif action == "delete":
            plan_delete_draft(plan=plan, by=request.user)
            messages.success(request, _("Đã xóa dự thảo."))
            return redirect("plan-list")
        else:
            messages.error(request, _("Thao tác không hợp lệ."))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("plan-detail", plan_id=plan.pk)


class DutyDeliveredForm(forms.Form):
    duty = forms.ModelChoiceField(label=gettext_lazy("Nhiệm vụ báo cáo"), queryset=None)  # type: ignore[arg-type]
    period = forms.CharField(label=gettext_lazy("Kỳ (ví dụ 2025S1, 2025)"), max_length=9)
    delivered_on = forms.DateField(label=gettext_lazy("Ngày gửi (dd/mm/yyyy)"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    reference = forms.CharField(label=gettext_lazy("Số văn bản báo cáo"), max_length=120, required=False)
    link = forms.URLField(label=gettext_lazy("Đường dẫn"), max_length=500, required=False)
    file = forms.FileField(label=gettext_lazy("Tệp báo cáo"), required=False)

    def __init__(self, *args, duties=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duty"].queryset = duties


@login_required
@require_POST
def duty_delivered_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_for(request, plan_id)
    _edit_or_403(request, plan)
    form = DutyDeliveredForm(request.POST, request.FILES, duties=plan.reporting_duties.all())
    if form.is_valid():
        d = form.cleaned_data
        try:
            duty_delivered(duty=d["duty"], by=request.user, period=d["period"], delivered_on=d["delivered_on"],
                           reference=d["reference"], link=d["link"], file=d["file"])
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã ghi nhận báo cáo đã gửi."))
    else:
        messages.error(request, "; ".join(f"{form.fields[k].label if k in form.fields else ''}: {' '.join(v)}"
                                          for k, v in form.errors.items()))
    return redirect("plan-detail", plan_id=plan.pk)


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
    return render(request, "plans/plan_align.html", {"plan": plan, "alignment": plan_alignment(plan=plan)})


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    on = today()
    rows = []
    for plan in plans_visible(user=request.user).filter(org_unit__isnull=False).prefetch_related("targets"):
        if not plan_follows_duties(plan=plan, today=on):
            continue
        rows += [(plan, e) for e in reporting_calendar(plan=plan, today=on) if e.status in ("overdue", "due_soon")
                 or (e.report.due - on).days <= 200]
    rows.sort(key=lambda pe: pe[1].report.due)
    return render(request, "plans/calendar.html", {"rows": rows, "on": on, "national": user_is_national(user=request.user)})
