"""Django forms of the collection pages (parsing only; the rules live in services and validation)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import cast

from django import forms
from django.urls import reverse, reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from gdnn.collection.services.values import Base
from gdnn.common.templatetags.localised import localised
from gdnn.orgunits.picker import OrgUnitField, OrgUnitPicker


class CellForm(forms.Form):
    element = forms.CharField(max_length=60)
    key = forms.CharField(max_length=200, required=False)
    value = forms.CharField(max_length=60, required=False, strip=True)
    # The stored value the edit started from (grid.base_text; "" = empty). Absent: no check.
    base = forms.CharField(max_length=60, required=False, strip=True)
    # The language of the page the value was typed on ("1.234" is 1234 in Vietnamese, 1.234 in
    # English): an edit queued offline may be sent from a page in the other language.
    language = forms.ChoiceField(choices=[("vi", "vi"), ("en", "en")], required=False)

    def clean_base(self) -> Base | None:
        if "base" not in self.data:
            return None
        text = self.cleaned_data["base"]
        if not text:
            return Base(None)
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            raise forms.ValidationError("base", code="base")
        return Base(value)


class TransitionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("submit", "approve", "return", "reopen")])
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    state = forms.CharField(max_length=12, required=False)  # the state the page showed (a second click does nothing)
    # Set by the confirmation dialog of approve, return and reopen: without it these are refused.
    confirmed = forms.BooleanField(required=False)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Excel template (.xlsx) or CSV (DHIS2)"))
    submit = forms.BooleanField(label=_("Submit the report after importing"), required=False)
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False)


class FormUnitPicker(OrgUnitPicker):
    """The unit box of the entry page: its suggestions come from `collection:unit-options`, each with
    the state of its form for the data set and period chosen beside it (asked again on each focus,
    so a changed data set or period shows its own states)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update({
            "hx-get": f"{reverse('collection:unit-options')}?{urlencode({'field': name})}",
            "hx-include": "#id_dataset, #id_period", "hx-trigger": "input changed delay:250ms, focus"})
        return context


class OpenForm(forms.Form):
    """The data-entry choice: a data set by name, a unit by name or code, a period from a list."""

    dataset = forms.ChoiceField(label=_("Data set"))
    org_unit = OrgUnitField(label=_("Unit"), widget=FormUnitPicker,
                            help_text=_("Mỗi gợi ý ghi trạng thái biểu của đơn vị cho bộ biểu và kỳ đã chọn."))
    period = forms.CharField(label=_("Period"), max_length=8)

    def __init__(self, *args, data_sets=(), periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["dataset"])
        field.choices = [(d.code, localised(d, "name")) for d in data_sets]
        field.widget.attrs.update({"hx-get": reverse_lazy("period-options"), "hx-target": "#id_period",
                                   "hx-trigger": "change"})
        self.fields["period"].widget = forms.Select(choices=[(p.code, f"{localised(p, 'label')} ({p.code})") for p in periods])


class CompletenessForm(forms.Form):
    """Which data set and period to show completeness for, both picked from lists."""

    dataset = forms.ChoiceField(label=_("Data set"))
    period = forms.ChoiceField(label=_("Period"))

    def __init__(self, *args, data_sets=(), periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["dataset"])
        field.choices = [(d.code, localised(d, "name")) for d in data_sets]
        field.widget.attrs.update({"hx-get": reverse_lazy("period-options"), "hx-target": "#id_period",
                                   "hx-trigger": "change"})
        cast(forms.ChoiceField, self.fields["period"]).choices = [(p.code, f"{localised(p, 'label')} ({p.code})") for p in periods]


class ApprovalFilterForm(forms.Form):
    dataset = forms.ChoiceField(label=_("Data set"), required=False)
    period = forms.ChoiceField(label=_("Period"), required=False)

    def __init__(self, *args, data_sets=(), periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["dataset"])
        field.choices = [("", _("All data sets")), *[(d.code, localised(d, "name")) for d in data_sets]]
        field.widget.attrs.update({"hx-get": reverse_lazy("period-options"), "hx-target": "#id_period",
                                   "hx-trigger": "change"})
        cast(forms.ChoiceField, self.fields["period"]).choices = [
            ("", _("All periods")), *[(p.code, f"{localised(p, 'label')} ({p.code})") for p in periods]]


class BulkForm(forms.Form):
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=True)
    action = forms.ChoiceField(choices=[("approve", "approve"), ("return", "return")])
    comment = forms.CharField(label=_("Comment (required to return)"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any ids: the service checks each one (existence, scope, state); the form only parses.
        raw = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        cast(forms.TypedMultipleChoiceField, self.fields["ids"]).choices = [
            (v, v) for v in raw if str(v).isdigit() and len(str(v)) < 19]


class PeriodInput(forms.TextInput):
    """A period box that offers the recent periods as a list (still accepts any typed code,
    e.g. a five-year "2021-2025")."""

    template_name = "collection/period_input.html"

    def get_context(self, name, value, attrs):
        from django.utils import timezone

        from gdnn.collection.selectors import dataset_choice_periods

        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id') or name}-periods"
        context["widget"]["attrs"]["list"] = list_id
        context["widget"]["list_id"] = list_id
        context["widget"]["periods"] = [(p.code, f"{localised(p, 'label')} ({p.code})")
                                        for p in dataset_choice_periods(code="", today=timezone.localdate())]
        return context
