"""Catalog pages of collection: data sets (forms) with their sections and order, validation rules
(checked against last period's reports before saving), periods and entry windows."""

from __future__ import annotations

import hashlib

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from gdnn.collection import selectors as sel
from gdnn.collection.models import DataSet, DataSetElement, DataSetWindow, ValidationRule
from gdnn.collection.periods import period_parse, periods_recent
from gdnn.collection.services.datasets import (
    dataset_element_add,
    dataset_element_remove,
    dataset_element_update,
    dataset_save,
    dataset_window_close,
    dataset_window_set,
)
from gdnn.collection.services.rules import (
    rule_build,
    rule_preview,
    validation_rule_delete,
    validation_rule_save,
)
from gdnn.collection.validation import OPERATORS
from gdnn.common.errors import DomainError, PermissionDenied
from gdnn.indicators.models import DataElement
from gdnn.indicators.selectors import catalog_can_edit, catalog_visible_q, elements_visible
from gdnn.indicators.views import NATIONAL, OwnedCatalogForm, ensure_catalog_user, owner_choices, owner_from


def _datasets(request: HttpRequest):
    return DataSet.objects.filter(catalog_visible_q(user=request.user)).select_related("owner").order_by("code")


def _dataset_or_404(request: HttpRequest, pk: int) -> DataSet:
    data_set = _datasets(request).filter(pk=pk).first()
    if data_set is None:
        raise Http404(_("Không có bộ biểu này trong phạm vi của bạn."))
    return data_set


def _call(request: HttpRequest, fn, **kwargs):
    """Run a service; a scope refusal is a 403, a domain error a message. Returns (result, ok)."""
    try:
        return fn(**kwargs), True
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    except DomainError as exc:
        messages.error(request, str(exc))
        return None, False


@login_required
def dataset_list(request: HttpRequest) -> HttpResponse:
    rows = [(d, catalog_can_edit(user=request.user, owner=d.owner)) for d in _datasets(request)]
    return render(request, "collection/catalog/dataset_list.html",
                  {"rows": rows, "can_add": bool(owner_choices(request.user))})


class DataSetForm(OwnedCatalogForm):
    code = forms.CharField(label=gettext_lazy("Mã bộ biểu"), max_length=40)
    name_vi = forms.CharField(label=gettext_lazy("Tên bộ biểu"), max_length=250)
    name_en = forms.CharField(label=gettext_lazy("Tên tiếng Anh"), max_length=250, required=False)
    org_unit_level = forms.ChoiceField(label=gettext_lazy("Cấp nhập biểu"), choices=DataElement.ReportedBy.choices)
    period_type = forms.ChoiceField(label=gettext_lazy("Kỳ báo cáo"), choices=DataSet.PeriodType.choices)
    close_after_days = forms.IntegerField(label=gettext_lazy("Số ngày mở thêm sau kỳ"), min_value=0, max_value=365,
                                          initial=15)
    completeness_threshold = forms.IntegerField(
        label=gettext_lazy("Ngưỡng đầy đủ (%)"), min_value=0, max_value=100, initial=100,
        help_text=gettext_lazy("Tỷ lệ đơn vị phải có báo cáo đã duyệt trước khi số liệu của biểu được dùng để "
                               "đánh giá chỉ tiêu; dưới ngưỡng, số liệu chỉ là tạm tính."))



class MemberAddForm(forms.Form):
    element = forms.ModelChoiceField(label=gettext_lazy("Phần tử dữ liệu"), queryset=DataElement.objects.none())
    section = forms.CharField(label=gettext_lazy("Mục (tiêu đề nhóm trên biểu)"), max_length=120, required=False)

    def __init__(self, *args, data_set: DataSet | None = None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if data_set is not None:
            qs = elements_visible(user=user).filter(reported_by=data_set.org_unit_level,
                                                    period_type=data_set.period_type)
            mine = Q(owner__isnull=True) | Q(owner=data_set.owner_id) if data_set.owner_id else Q(owner__isnull=True)
            qs = qs.filter(mine)
            self.fields["element"].queryset = qs.exclude(data_sets=data_set)


@login_required
@require_http_methods(["GET", "POST"])
def dataset_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    data_set = _dataset_or_404(request, pk) if pk else None
    if data_set is None:
        ensure_catalog_user(request)
    can_edit = data_set is None or catalog_can_edit(user=request.user, owner=data_set.owner)
    if request.method == "POST" and not can_edit:
        raise DjangoPermissionDenied(_("Bạn không sửa được bộ biểu này."))
    initial = None
    if data_set is not None:
        initial = {"owner": str(data_set.owner_id or NATIONAL), "code": data_set.code, "name_vi": data_set.name_vi,
                   "name_en": data_set.name_en, "org_unit_level": data_set.org_unit_level,
                   "period_type": data_set.period_type, "close_after_days": data_set.close_after_days,
                   "completeness_threshold": data_set.completeness_threshold}
    form = DataSetForm(request.POST or None, user=request.user, editing=data_set, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        saved, ok = _call(request, dataset_save, by=request.user, data_set=data_set, code=d["code"],
                          name_vi=d["name_vi"], name_en=d["name_en"], org_unit_level=d["org_unit_level"],
                          period_type=d["period_type"], close_after_days=d["close_after_days"],
                          completeness_threshold=d["completeness_threshold"],
                          owner=None if data_set else owner_from(request.user, d["owner"]))
        if ok:
            messages.success(request, _("Đã lưu bộ biểu %(code)s.") % {"code": saved.code})
            return redirect("catalog:dataset-edit", pk=saved.pk)
    members = list(data_set.members.select_related("data_element").order_by("sort_order")) if data_set else []
    return render(request, "collection/catalog/dataset_form.html", {
        "form": form, "data_set": data_set, "members": members, "can_edit": can_edit,
        "add_form": MemberAddForm(data_set=data_set, user=request.user) if data_set else None,
    })


@login_required
@require_POST
def dataset_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    data_set = _dataset_or_404(request, pk)
    form = MemberAddForm(request.POST, data_set=data_set, user=request.user)
    if form.is_valid():
        _result, ok = _call(request, dataset_element_add, by=request.user, data_set=data_set,
                      element=form.cleaned_data["element"], section=form.cleaned_data["section"])
        if ok:
            messages.success(request, _("Đã thêm phần tử vào biểu."))
    else:
        messages.error(request, _("Chọn một phần tử dữ liệu hợp với cấp và kỳ của biểu."))
    return redirect("catalog:dataset-edit", pk=data_set.pk)


@login_required
@require_POST
def dataset_member_change(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    data_set = _dataset_or_404(request, pk)
    member = DataSetElement.objects.filter(pk=member_id, data_set=data_set).select_related("data_set").first()
    if member is None:
        raise Http404
    if request.POST.get("action") == "remove":
        _result, ok = _call(request, dataset_element_remove, by=request.user, member=member)
        if ok:
            messages.success(request, _("Đã bỏ phần tử khỏi biểu."))
    else:
        raw = (request.POST.get("sort_order") or "").strip()
        if not raw.isdigit():
            messages.error(request, _("Thứ tự phải là số nguyên không âm."))
        else:
            _result, ok = _call(request, dataset_element_update, by=request.user, member=member,
                          section=request.POST.get("section", ""), sort_order=int(raw))
            if ok:
                messages.success(request, _("Đã lưu mục và thứ tự."))
    return redirect("catalog:dataset-edit", pk=data_set.pk)


# --- validation rules ---------------------------------------------------------------------------

def _rules(request: HttpRequest):
    return ValidationRule.objects.filter(catalog_visible_q(user=request.user)).select_related("owner")


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    rows = [(r, catalog_can_edit(user=request.user, owner=r.owner)) for r in _rules(request)]
    return render(request, "collection/catalog/rule_list.html",
                  {"rows": rows, "can_add": bool(owner_choices(request.user))})


class RuleForm(OwnedCatalogForm):
    code = forms.CharField(label=gettext_lazy("Mã quy tắc"), max_length=60)
    left = forms.CharField(label=gettext_lazy("Vế trái"), max_length=500,
                           help_text=gettext_lazy("Ví dụ: ADMISSIONS[sex:female] hoặc A + B"))
    operator = forms.ChoiceField(label=gettext_lazy("Phép so sánh"), choices=[(o, o) for o in OPERATORS])
    right = forms.CharField(label=gettext_lazy("Vế phải"), max_length=500)
    for_each = forms.CharField(label=gettext_lazy("So sánh theo từng (nhóm phân tổ, cách nhau dấu phẩy)"),
                               max_length=200, required=False)
    severity = forms.ChoiceField(label=gettext_lazy("Mức độ"), choices=ValidationRule.Severity.choices)
    message_vi = forms.CharField(label=gettext_lazy("Thông báo cho người nhập ({left}, {right} là hai vế)"),
                                 max_length=500)
    active = forms.BooleanField(label=gettext_lazy("Đang áp dụng"), required=False, initial=True)
    checked = forms.CharField(required=False, widget=forms.HiddenInput)



def _rule_fingerprint(d: dict) -> str:
    raw = "|".join(str(d.get(k, "")) for k in ("owner", "left", "operator", "right", "for_each"))
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Saving needs a check first: the page shows how many of last period's reports would fail the
    rule, and only a second submit of the same rule saves it."""
    rule = _rules(request).filter(pk=pk).first() if pk else None
    if pk and rule is None:
        raise Http404
    if rule is None:
        ensure_catalog_user(request)
    can_edit = rule is None or catalog_can_edit(user=request.user, owner=rule.owner)
    if request.method == "POST" and not can_edit:
        raise DjangoPermissionDenied(_("Bạn không sửa được quy tắc này."))
    initial = None
    if rule is not None:
        initial = {"owner": str(rule.owner_id or NATIONAL), "code": rule.code, "left": rule.left,
                   "operator": rule.operator, "right": rule.right, "for_each": ", ".join(rule.for_each or []),
                   "severity": rule.severity, "message_vi": rule.message_vi, "active": rule.active}
    data = request.POST.copy() if request.method == "POST" else None
    form = RuleForm(data, user=request.user, editing=rule, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        owner = rule.owner if rule else owner_from(request.user, d["owner"])
        for_each = [c.strip() for c in d["for_each"].split(",") if c.strip()]
        fingerprint = _rule_fingerprint({**d, "owner": owner.pk if owner else ""})
        try:
            built = rule_build(code=d["code"].strip().upper(), left=d["left"], operator=d["operator"],
                               right=d["right"], for_each=for_each, severity=d["severity"],
                               message_vi=d["message_vi"], owner=owner)
            preview = rule_preview(rule=built, owner=owner)
            if d["checked"] == fingerprint:
                saved = validation_rule_save(
                    by=request.user, rule=rule, code=d["code"], left=d["left"], operator=d["operator"],
                    right=d["right"], for_each=for_each, severity=d["severity"], message_vi=d["message_vi"],
                    active=d["active"], owner=owner)
                messages.success(request, _("Đã lưu quy tắc %(code)s.") % {"code": saved.code})
                return redirect("catalog:rule-list")
            data["checked"] = fingerprint
            form = RuleForm(data, user=request.user, editing=rule, initial=initial)
            form.is_valid()
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(str(exc)) from exc
        except DomainError as exc:
            form.add_error(None, str(exc))
            preview = None
    return render(request, "collection/catalog/rule_form.html",
                  {"form": form, "rule": rule, "preview": preview, "can_edit": can_edit})


@login_required
@require_POST
def rule_remove(request: HttpRequest, pk: int) -> HttpResponse:
    rule = _rules(request).filter(pk=pk).first()
    if rule is None:
        raise Http404
    _result, ok = _call(request, validation_rule_delete, by=request.user, rule=rule)
    if ok:
        messages.success(request, _("Đã xóa quy tắc."))
    return redirect("catalog:rule-list")


# --- periods and entry windows ----------------------------------------------------------------

@login_required
def window_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = []
    for ds in _datasets(request):
        explicit = {w.period: w for w in DataSetWindow.objects.filter(data_set=ds)}
        for period in periods_recent(ds.period_type, today, 3):
            opens, closes = sel.dataset_window(data_set=ds, period=period)
            rows.append({"ds": ds, "period": period, "opens": opens, "closes": closes,
                         "explicit": period.code in explicit, "open_now": opens <= today <= closes,
                         "can_edit": catalog_can_edit(user=request.user, owner=ds.owner)})
    editable = [ds for ds in _datasets(request) if catalog_can_edit(user=request.user, owner=ds.owner)]
    return render(request, "collection/catalog/windows.html", {"rows": rows, "today": today, "editable": editable})


class WindowForm(forms.Form):
    period = forms.CharField(max_length=8)
    opens_on = forms.DateField(input_formats=["%d/%m/%Y", "%Y-%m-%d"], required=False)
    closes_on = forms.DateField(input_formats=["%d/%m/%Y", "%Y-%m-%d"], required=False)
    action = forms.ChoiceField(choices=[("open", "open"), ("close", "close")])


@login_required
@require_POST
def window_set(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Open or close one data set's period; the data set comes from the URL or the form's "ds"."""
    raw = pk if pk is not None else (request.POST.get("ds") or "")
    if not str(raw).isdigit():
        messages.error(request, _("Chọn bộ biểu."))
        return redirect("catalog:window-list")
    data_set = _dataset_or_404(request, int(raw))
    form = WindowForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ngày phải theo dạng dd/mm/yyyy."))
        return redirect("catalog:window-list")
    d = form.cleaned_data
    today = timezone.localdate()
    try:
        period = period_parse(d["period"])
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("catalog:window-list")
    if d["action"] == "close":
        _result, ok = _call(request, dataset_window_close, data_set=data_set, period=period.code, today=today,
                      by=request.user)
        if ok:
            messages.success(request, _("Đã đóng kỳ %(p)s của %(ds)s.") % {"p": period.code, "ds": data_set.name_vi})
    else:
        opens, closes = d["opens_on"] or today, d["closes_on"]
        if closes is None:
            messages.error(request, _("Chọn ngày đóng."))
            return redirect("catalog:window-list")
        _result, ok = _call(request, dataset_window_set, data_set=data_set, period=period.code, opens_on=opens,
                      closes_on=closes, by=request.user)
        if ok:
            messages.success(request, _("Đã mở kỳ %(p)s của %(ds)s đến %(d)s.") % {
                "p": period.code, "ds": data_set.name_vi, "d": closes.strftime("%d/%m/%Y")})
    return redirect("catalog:window-list")
