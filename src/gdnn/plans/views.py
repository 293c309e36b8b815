"""Plan pages: list and import, detail, target review side by side, alignment, calendar."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import tempfile
from pathlib import Path
from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_http_methods, require_POST

from gdnn.accounts.selectors import orgunits_visible, user_can_edit, user_is_national
from gdnn.common.csp import CHARTS_CSP
from gdnn.common.errors import DomainError, NotFound
from gdnn.indicators.models import Indicator
from gdnn.orgunits.picker import OrgUnitField
from gdnn.orgunits.selectors import orgunit_get, today
from gdnn.plans.agency_register import current_name
from gdnn.plans.models import Plan, Target
from gdnn.plans.selectors import (
    plan_alignment,
    plan_content,
    plan_events,
    plan_follows_duties,
    plan_in_scope,
    plan_visible_get,
    plan_with_items,
    plans_similar,
    plans_visible,
    reporting_calendar,
)
from gdnn.plans.services import (
    header_missing,
    plan_import_document,
    plan_import_draft,
    plan_publish,
    plan_read_document,
    target_review,
)
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
    if not plan_in_scope(user=request.user, plan=plan):
        raise Http404
    return plan


def _can_edit(request: HttpRequest, plan: Plan) -> bool:
    if plan.org_unit is None:
        return request.user.is_superuser
    return user_can_edit(user=request.user, unit=plan.org_unit)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Plan document (.txt, .md, .docx, .pdf)"))
    org_unit = OrgUnitField(label=gettext_lazy("Unit whose plan it is (name or code)"))


class HeaderForm(forms.Form):
    """The header fields a document does not give, asked before its draft is saved."""

    pending = forms.CharField(widget=forms.HiddenInput)
    issuer = forms.CharField(label=gettext_lazy("Cơ quan ban hành"), max_length=300, required=False)
    doc_number = forms.CharField(label=gettext_lazy("Số hiệu"), max_length=60, required=False)
    no_number = forms.BooleanField(label=gettext_lazy("Văn bản chưa có số"), required=False)
    date = forms.CharField(label=gettext_lazy("Ngày ban hành (ngày/tháng/năm hoặc tháng/năm)"), max_length=10, required=False)
    no_date = forms.BooleanField(label=gettext_lazy("Văn bản không ghi ngày"), required=False)

    def __init__(self, *args, missing: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.missing = missing
        for field, extra in (("issuer", None), ("doc_number", "no_number"), ("date", "no_date")):
            if field not in missing:
                del self.fields[field]
                if extra:
                    del self.fields[extra]

    def clean_date(self) -> str:
        text = (self.cleaned_data.get("date") or "").strip()
        if not text:
            return ""
        m = re.fullmatch(r"(?:(\d{1,2})\s*[/.-]\s*)?(\d{1,2})\s*[/.-]\s*(\d{4})", text)
        if m:
            day, month, year = int(m.group(1) or 1), int(m.group(2)), int(m.group(3))
            try:
                parsed = dt.date(year, month, day)
            except ValueError:
                parsed = None
            if parsed is not None:
                return parsed.isoformat() if m.group(1) else parsed.isoformat()[:7]
        raise forms.ValidationError(_("Ngày không hợp lệ: hãy ghi ngày/tháng/năm (30/03/2024) hoặc tháng/năm (03/2024)."))

    def clean(self) -> dict:
        data = super().clean() or {}
        if "issuer" in self.fields and not (data.get("issuer") or "").strip():
            self.add_error("issuer", _("Hãy ghi cơ quan ban hành: văn bản không nêu."))
        if "doc_number" in self.fields and not (data.get("doc_number") or "").strip() and not data.get("no_number"):
            self.add_error("doc_number", _("Hãy ghi số hiệu, hoặc đánh dấu văn bản chưa có số."))
        if "date" in self.fields and not data.get("date") and not data.get("no_date") and "date" not in self.errors:
            self.add_error("date", _("Hãy ghi ngày ban hành, hoặc đánh dấu văn bản không ghi ngày."))
        return data

    def header(self) -> dict[str, str | None]:
        data = self.cleaned_data
        return {f: ((data.get(f) or "").strip() or "") for f in self.missing}


_PENDING_SALT = "gdnn.plans.import.pending"
_PENDING_MAX_AGE = 3600


def _pending_dir() -> Path:
    path = Path(tempfile.gettempdir()) / "gdnn-plan-imports"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def _pending_save(request: HttpRequest, upload_name: str, content: bytes, unit_code: str) -> str:
    """Keep an upload whose header is incomplete until the missing fields are given; a signed token names it."""
    token = secrets.token_hex(16)
    (_pending_dir() / token).write_bytes(content)
    return signing.dumps({"t": token, "u": request.user.pk, "n": Path(upload_name).name, "o": unit_code}, salt=_PENDING_SALT)


def _pending_load(request: HttpRequest, value: str) -> tuple[Path, str, str] | None:
    try:
        data = signing.loads(value, salt=_PENDING_SALT, max_age=_PENDING_MAX_AGE)
    except signing.BadSignature:
        return None
    path = _pending_dir() / str(data.get("t", ""))
    if data.get("u") != request.user.pk or not re.fullmatch(r"[0-9a-f]{32}", str(data.get("t"))) or not path.exists():
        return None
    return path, str(data["n"]), str(data["o"])


def _import_with_header(
    request: HttpRequest, value: str, form_data
) -> tuple[Plan | None, HeaderForm | None, str, dict]:
    """Second step: the missing header fields for a kept upload. Returns the plan, or the form again
    with what the document does give."""
    pending = _pending_load(request, value)
    if pending is None:
        return None, None, _("Tệp tải lên đã hết hạn hoặc không hợp lệ: hãy tải lên lại."), {}
    kept, name, unit_code = pending
    unit = orgunit_get(code=unit_code)
    if not user_can_edit(user=request.user, unit=unit):
        raise PermissionDenied(_("You cannot import plans for this unit."))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("upload" + Path(name).suffix.lower()[:10])
        path.write_bytes(kept.read_bytes())
        data, _text = plan_read_document(path=path, name=name)
        form = HeaderForm(form_data, missing=header_missing(data))
        if not form.is_valid():
            return None, form, "", data
        plan = plan_import_document(path=path, org_unit=unit, by=request.user, name=name, header=form.header())
    kept.unlink(missing_ok=True)
    return plan, None, "", data


@login_required
@require_http_methods(["GET", "POST"])
def plan_list(request: HttpRequest) -> HttpResponse:
    """The plans in scope and the import form. A document whose header lacks the issuer, number or
    date is not saved at once: the page asks for the missing fields first (a draft never shows an
    empty heading)."""
    from gdnn.collection.uploads import ImportRejected, upload_check_announced, upload_check_size

    try:  # refuse by the announced size before Django reads the body
        upload_check_announced(content_length=request.META.get("CONTENT_LENGTH"))
    except ImportRejected as exc:
        form = ImportForm()
        form.cleaned_data = {}  # an unbound form carrying only this error
        form.add_error(None, str(exc))
        return render(request, "plans/plan_list.html", {
            "plans": plans_visible(user=request.user).prefetch_related("targets"), "form": form}, status=413)
    form = ImportForm(None if "pending" in request.POST else (request.POST or None), request.FILES or None)
    cast(OrgUnitField, form.fields["org_unit"]).configure(within=orgunits_visible(user=request.user))
    header_form: HeaderForm | None = None
    found: dict = {}
    import_error = ""
    if request.method == "POST" and "pending" in request.POST:
        try:
            plan, header_form, error, data = _import_with_header(request, request.POST["pending"], request.POST)
            found = {k: data.get(k) for k in ("issuer", "doc_number", "date", "title")}
        except DomainError as exc:
            plan, error = None, str(exc)
        if plan is not None:
            messages.success(request, _("Imported as a draft: review its targets, then publish."))
            return redirect("plan-detail", plan_id=plan.pk)
        import_error = error
    elif request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["org_unit"]
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
                data, text = plan_read_document(path=path, name=name)
                missing = header_missing(data)
                plan = None
                if not missing:
                    plan = plan_import_draft(data=data, source_text=text, org_unit=unit, source_file=name,
                                             by=request.user)
            except DomainError as exc:
                form.add_error("file", str(exc))
            else:
                if plan is not None:
                    messages.success(request, _("Imported as a draft: review its targets, then publish."))
                    return redirect("plan-detail", plan_id=plan.pk)
                token = _pending_save(request, name, path.read_bytes(), unit.code)
                header_form = HeaderForm(initial={"pending": token}, missing=missing)
                found = {k: data.get(k) for k in ("issuer", "doc_number", "date", "title")}
    plans = plans_visible(user=request.user).prefetch_related("targets")
    return render(request, "plans/plan_list.html", {
        "plans": plans, "form": form, "header_form": header_form, "found": found, "import_error": import_error,
    })


@login_required
@csp_override(CHARTS_CSP)  # the plan page draws the plan's charts too
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    from gdnn.web.contribution import plan_contributions

    plan = _plan_for(request, plan_id)
    can_edit = _can_edit(request, plan)
    return render(request, "plans/plan_detail.html", {
        "plan": plan, "can_edit": can_edit,
        "contributions": plan_contributions(plan=plan, user=request.user, as_of=today()),
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
            subject = Truncator(target.subject or target.text).chars(120)
            target_delete(target=target, by=request.user, note=request.POST.get("note", ""))
            messages.success(request, _("Đã xóa chỉ tiêu “%(subject)s”.") % {"subject": subject})
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
    from gdnn.web.dashboard import STATUS

    try:  # the plan alone: the comparison reads its targets itself, so none of plan_with_items' lists
        plan = plan_visible_get(user=request.user, plan_id=plan_id)
    except NotFound as exc:
        raise Http404 from exc
    alignment = plan_alignment(plan=plan, user=request.user)
    for parent in alignment["parents"]:
        for row in parent["rows"]:  # the child target's status, from the one progress computation
            row["child_badge"] = STATUS.get(row["child_status"]) if row["child_status"] else None
    return render(request, "plans/plan_align.html", {"plan": plan, "alignment": alignment})


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
    # Where each report goes today: the plan may name an agency dissolved since (Sở LĐTBXH).
    rows = [(plan, e, _recipients_today(e.duty, on), _reporter_today(e.duty, on)) for plan, e in rows]
    return render(request, "plans/calendar.html", {"rows": rows, "on": on, "national": user_is_national(user=request.user)})


def _reporter_today(duty, on: dt.date) -> str:
    """Who reports, as called on the date, when a dissolved agency's work has moved."""
    if duty is None or not duty.who:
        return ""
    now = current_name(duty.who, on)
    return now if now != duty.who else ""


def _recipients_today(duty, on: dt.date) -> str:
    """The duty's recipients as called on the date, when that differs from the plan's wording."""
    if duty is None or not duty.to:
        return ""
    names = duty.recipients_now(on)
    return ", ".join(names) if names and any(name not in duty.to for name in names) else ""
