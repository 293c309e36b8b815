"""Forms of the exchange pages (parsing only)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gdnn.exchange.exports import FORMATS


class ScopeForm(forms.Form):
    org_unit = forms.CharField(label=_("Mã đơn vị (để trống: cả nước)"), max_length=40, required=False)
    start = forms.CharField(label=_("Từ kỳ"), max_length=8, help_text=_("Ví dụ 2024S1 hoặc 2024"))
    end = forms.CharField(label=_("Đến kỳ"), max_length=8, required=False)
    data_set = forms.CharField(label=_("Bộ biểu (để trống: tất cả)"), max_length=40, required=False)
    all_states = forms.BooleanField(label=_("Mọi giá trị kèm trạng thái (không chỉ số liệu đã phê duyệt)"),
                                    required=False)


class DatasetExportForm(ScopeForm):
    format = forms.ChoiceField(label=_("Định dạng"), choices=[(f, f.upper()) for f in FORMATS])


class ExchangeExportForm(ScopeForm):
    format = forms.ChoiceField(label=_("Định dạng"), choices=[("adx", "ADX (XML)"), ("dxf2", "DXF2 (JSON)")])
    system = forms.SlugField(label=_("Ánh xạ mã theo hệ thống (để trống: mã GDNN)"), max_length=40, required=False)


class ExchangeImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp ADX (.xml) hoặc DXF2 (.json)"))
    system = forms.SlugField(label=_("Hệ thống nguồn (để trống: mã GDNN)"), max_length=40, required=False)
    dry_run = forms.BooleanField(label=_("Chạy thử (không ghi gì)"), required=False, initial=True)


class MappingUploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp CSV ánh xạ mã"))


class SdmxForm(forms.Form):
    org_unit = forms.CharField(label=_("Mã đơn vị (để trống: cả nước)"), max_length=40, required=False)
    start = forms.CharField(label=_("Từ kỳ"), max_length=8)
    end = forms.CharField(label=_("Đến kỳ"), max_length=8, required=False)
