"""Django forms of the collection pages (parsing only; the rules live in services and validation)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _


class CellForm(forms.Form):
    element = forms.CharField(max_length=60)
    key = forms.CharField(max_length=200, required=False)
    value = forms.CharField(max_length=60, required=False, strip=True)


class TransitionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("submit", "approve", "return", "reopen")])
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Excel template (.xlsx) or CSV (DHIS2)"))
    submit = forms.BooleanField(label=_("Submit the report after importing"), required=False)
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False)


class OpenForm(forms.Form):
    dataset = forms.ChoiceField(label=_("Data set"))
    org_unit = forms.CharField(label=_("Org-unit code"), max_length=24)
    period = forms.CharField(label=_("Period (2025S1, 2025S2, 2025)"), max_length=8)

    def __init__(self, *args, data_sets=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["dataset"])
        field.choices = [(d.code, f"{d.code} — {d.name_vi}") for d in data_sets]
