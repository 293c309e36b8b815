"""Catalog pages: indicators with their formulas and data elements with their disaggregations.

A province officer edits their province's own rows; the system administrator the national ones.
Views parse, call one service or selector, and render.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from gdnn.common.errors import DomainError, NotFound, PermissionDenied
from gdnn.indicators.models import DataElement, Indicator
from gdnn.indicators.selectors import (
    catalog_can_edit,
    catalog_is_admin,
    catalog_provinces,
    categories_all,
    element_visible_get,
    elements_visible,
    indicator_visible_get,
    indicators_visible,
)
from gdnn.indicators.services import data_element_delete, data_element_save, indicator_delete, indicator_save
from gdnn.orgunits.models import OrgUnit

NATIONAL = ""


def owner_choices(user) -> list[tuple[str, str]]:
    """Whom a new row may belong to: the nation (system administrator) and the user's provinces."""
    choices = [(NATIONAL, _("Quốc gia (dùng chung)"))] if catalog_is_admin(user=user) else []
    return choices + [(str(p.pk), p.name) for p in catalog_provinces(user=user)]


def owner_from(user, raw: str) -> OrgUnit | None:
    if raw == NATIONAL:
        return None
    unit = next((p for p in catalog_provinces(user=user) if str(p.pk) == raw), None)
    if unit is None and catalog_is_admin(user=user) and raw.isdigit():
        unit = OrgUnit.objects.filter(pk=int(raw), level=OrgUnit.Level.PROVINCE).first()
    if unit is None:
        raise DjangoPermissionDenied(_("Bạn không quản lý danh mục của đơn vị này."))
    return unit


def ensure_catalog_user(request: HttpRequest) -> None:
    if not owner_choices(request.user):
        raise DjangoPermissionDenied(_("Chỉ quản trị hệ thống và cán bộ tỉnh sửa được danh mục."))


@login_required
def catalog_index(request: HttpRequest) -> HttpResponse:
    user = request.user
    indicators = list(indicators_visible(user=user))
    elements = list(elements_visible(user=user))
    return render(request, "catalog/index.html", {
        "indicators": [(i, catalog_can_edit(user=user, owner=i.owner)) for i in indicators],
        "elements": [(e, catalog_can_edit(user=user, owner=e.owner)) for e in elements],
        "can_add": bool(owner_choices(user)),
    })


class OwnedCatalogForm(forms.Form):
    """A catalog entry's form: the owner field offers the catalogs the user may add to (national, their
    province); when editing, the owner is shown and fixed."""

    owner = forms.ChoiceField(label=gettext_lazy("Thuộc danh mục"))

    def __init__(self, *args, user=None, editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        if editing is not None:
            label = editing.owner.name if editing.owner else _("Quốc gia (dùng chung)")
            self.fields["owner"].choices = [(str(editing.owner_id or NATIONAL), label)]
            self.fields["owner"].disabled = True
            self.fields["owner"].required = False  # the national catalog's value is "": fixed, not missing
        else:
            self.fields["owner"].choices = owner_choices(user)


class IndicatorForm(OwnedCatalogForm):
    code = forms.CharField(label=gettext_lazy("Mã (ví dụ TN.HOC_NGHE_NONG_THON)"), max_length=60)
    name_vi = forms.CharField(label=gettext_lazy("Tên chỉ số"), max_length=300)
    name_en = forms.CharField(label=gettext_lazy("Tên tiếng Anh"), max_length=300, required=False)
    unit = forms.ChoiceField(label=gettext_lazy("Đơn vị"), choices=Indicator.Unit.choices)
    direction = forms.ChoiceField(label=gettext_lazy("Chiều đánh giá"), choices=Indicator.Direction.choices)
    period_type = forms.ChoiceField(label=gettext_lazy("Kỳ đánh giá"), choices=DataElement.PeriodType.choices,
                                    initial=DataElement.PeriodType.ANNUAL)
    formula_text = forms.CharField(
        label=gettext_lazy("Công thức"), max_length=500, required=False,
        help_text=gettext_lazy("Tổng các phần tử dữ liệu, có thể chia và nhân hệ số: "
                               "(A + B) / C * 100; lọc phân tổ: ADMISSIONS[sex:female]. "
                               "Để trống: chỉ số hiện “chưa có số liệu”."),
        widget=forms.TextInput(attrs={"size": 80}))



def _indicator_initial(ind: Indicator) -> dict:
    return {"owner": str(ind.owner_id or NATIONAL), "code": ind.code, "name_vi": ind.name_vi, "name_en": ind.name_en,
            "unit": ind.unit, "direction": ind.direction, "period_type": ind.period_type,
            "formula_text": ind.formula_text}


def _get_or_404(getter, **kwargs):
    try:
        return getter(**kwargs)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


def _render_form(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    context.setdefault("elements", elements_visible(user=request.user))
    context.setdefault("categories", categories_all())
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    indicator = _get_or_404(indicator_visible_get, user=request.user, pk=pk) if pk else None
    if indicator is None:
        ensure_catalog_user(request)
    elif request.method == "POST" and not catalog_can_edit(user=request.user, owner=indicator.owner):
        raise DjangoPermissionDenied(_("Bạn không sửa được chỉ số này."))
    form = IndicatorForm(request.POST or None, user=request.user, editing=indicator,
                         initial=_indicator_initial(indicator) if indicator else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            saved = indicator_save(
                by=request.user, indicator=indicator, code=d["code"], name_vi=d["name_vi"], name_en=d["name_en"],
                unit=d["unit"], direction=d["direction"], formula_text=d["formula_text"],
                period_type=d["period_type"], owner=None if indicator else owner_from(request.user, d["owner"]))
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(str(exc)) from exc
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu chỉ số %(code)s.") % {"code": saved.code})
            return redirect("catalog:index")
    return _render_form(request, "catalog/indicator_form.html", {
        "form": form, "indicator": indicator,
        "can_edit": indicator is None or catalog_can_edit(user=request.user, owner=indicator.owner)})


def _remove(request: HttpRequest, delete: Callable[[], object], done: str) -> HttpResponse:
    """Run a catalog delete service, then back to the catalog: a scope refusal is a 403, a domain
    refusal (still in use, say) an error message, success the `done` message."""
    try:
        delete()
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("catalog:index")


@login_required
@require_POST
def indicator_remove(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _get_or_404(indicator_visible_get, user=request.user, pk=pk)
    return _remove(request, lambda: indicator_delete(by=request.user, indicator=indicator), _("Đã xóa chỉ số."))


class ElementForm(OwnedCatalogForm):
    code = forms.CharField(label=gettext_lazy("Mã (chữ in hoa, chữ số, _)"), max_length=60)
    name_vi = forms.CharField(label=gettext_lazy("Tên phần tử dữ liệu"), max_length=250)
    name_en = forms.CharField(label=gettext_lazy("Tên tiếng Anh"), max_length=250, required=False)
    value_type = forms.ChoiceField(label=gettext_lazy("Kiểu giá trị"), choices=DataElement.ValueType.choices)
    reported_by = forms.ChoiceField(label=gettext_lazy("Cấp báo cáo"), choices=DataElement.ReportedBy.choices)
    period_type = forms.ChoiceField(label=gettext_lazy("Kỳ báo cáo"), choices=DataElement.PeriodType.choices)
    over_time = forms.ChoiceField(label=gettext_lazy("Số của năm từ hai kỳ 6 tháng"), choices=[
        ("sum", gettext_lazy("Cộng hai kỳ (tuyển sinh, đào tạo)")),
        ("last", gettext_lazy("Lấy kỳ sau (số nhà giáo, số cơ sở)"))])
    categories = forms.MultipleChoiceField(label=gettext_lazy("Phân tổ"), required=False,
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = [(c.code, str(c)) for c in categories_all()]


@login_required
@require_http_methods(["GET", "POST"])
def element_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    element = _get_or_404(element_visible_get, user=request.user, pk=pk) if pk else None
    if element is None:
        ensure_catalog_user(request)
    elif request.method == "POST" and not catalog_can_edit(user=request.user, owner=element.owner):
        raise DjangoPermissionDenied(_("Bạn không sửa được phần tử này."))
    initial = None
    if element is not None:
        initial = {"owner": str(element.owner_id or NATIONAL), "code": element.code, "name_vi": element.name_vi,
                   "name_en": element.name_en, "value_type": element.value_type, "reported_by": element.reported_by,
                   "period_type": element.period_type, "over_time": element.over_time,
                   "categories": element.categories}
    form = ElementForm(request.POST or None, user=request.user, editing=element, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            saved = data_element_save(
                by=request.user, element=element, code=d["code"], name_vi=d["name_vi"], name_en=d["name_en"],
                value_type=d["value_type"], reported_by=d["reported_by"], period_type=d["period_type"],
                categories=d["categories"], over_time=d["over_time"],
                owner=None if element else owner_from(request.user, d["owner"]))
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(str(exc)) from exc
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu phần tử dữ liệu %(code)s.") % {"code": saved.code})
            return redirect("catalog:index")
    return _render_form(request, "catalog/element_form.html", {
        "form": form, "element": element,
        "can_edit": element is None or catalog_can_edit(user=request.user, owner=element.owner)})


@login_required
@require_POST
def element_remove(request: HttpRequest, pk: int) -> HttpResponse:
    element = _get_or_404(element_visible_get, user=request.user, pk=pk)
    return _remove(request, lambda: data_element_delete(by=request.user, element=element),
                   _("Đã xóa phần tử dữ liệu."))
