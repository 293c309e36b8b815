"""The org-unit picker: a text box that suggests units by name as you type (htmx fills a datalist
from `/orgunits/pick/`) and accepts a code, a name ("Lạng Sơn") or the suggestion's label.

Forms use `OrgUnitField`; the view narrows it to the user's scope, a level and an era before
validating (`field.configure(...)`). Resolution is `orgunit_resolve`, so a typed name that matches
several units is refused with the candidates listed, never guessed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext

from gdnn.common.errors import DomainError
from gdnn.orgunits.models import OrgUnit
from gdnn.orgunits.selectors import orgunit_picker_label, orgunit_resolve


class OrgUnitPicker(forms.TextInput):
    template_name = "orgunits/picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None, level: str | None = None, era: str = "current"):
        super().__init__(attrs)
        self.level, self.era = level, era

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, OrgUnit):
            return orgunit_picker_label(value)
        return super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        list_id = f"{widget['attrs'].get('id') or name}-options"
        query = {"field": name, **({"level": self.level} if self.level else {}),
                 **({"era": "all"} if self.era == "all" else {})}
        widget["attrs"].update({
            "list": list_id, "autocomplete": "off", "hx-get": f"{reverse('orgunit-pick')}?{urlencode(query)}",
            "hx-trigger": "input changed delay:250ms, focus once", "hx-target": f"#{list_id}", "hx-swap": "innerHTML",
            "placeholder": widget["attrs"].get("placeholder", gettext("Gõ tên hoặc mã, ví dụ: Lạng Sơn")),
        })
        widget["list_id"] = list_id
        return context


class OrgUnitField(forms.CharField):
    """A unit typed or picked by name or code; cleans to an OrgUnit."""

    widget = OrgUnitPicker

    def __init__(self, *, level: str | None = None, era: str = "current", **kwargs: Any):
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("maxlength", "250")
        self.within: QuerySet[OrgUnit] | None = None
        self.on: dt.date | None = None
        self.configure(level=level, era=era)

    def configure(self, *, level: str | None = None, era: str | None = None, within: QuerySet[OrgUnit] | None = None,
                  on: dt.date | None = None) -> None:
        picker = self.widget
        assert isinstance(picker, OrgUnitPicker)
        if level is not None:
            picker.level = level
        if era is not None:
            picker.era = era
        if within is not None:
            self.within = within
        self.on = on

    def prepare_value(self, value: Any) -> Any:
        return orgunit_picker_label(value) if isinstance(value, OrgUnit) else value

    def to_python(self, value: Any) -> OrgUnit | None:  # type: ignore[override]
        if isinstance(value, OrgUnit):
            return value
        text = super().to_python(value)
        if not text:
            return None
        picker = self.widget
        assert isinstance(picker, OrgUnitPicker)
        on = self.on
        if on is None and picker.era != "all":
            from gdnn.orgunits.selectors import today

            on = today()
        try:
            return orgunit_resolve(text=text, on=on, level=picker.level or None, within=self.within)
        except DomainError as exc:
            raise forms.ValidationError(str(exc), code="unit") from exc
