"""Code mappings: how a partner system (a ministry's DHIS2, a province's warehouse) names what GDNN
names otherwise. One row maps one external code of one kind to one GDNN code; imports translate
external codes through them and exports may translate back. Kept as data, edited by CSV upload.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CodeMapping(models.Model):
    class Kind(models.TextChoices):
        ORG_UNIT = "orgunit", _("Đơn vị")
        DATA_ELEMENT = "dataelement", _("Phần tử dữ liệu")
        CATEGORY_OPTION_COMBO = "coc", _("Tổ hợp phân tổ")
        CATEGORY_OPTION = "option", _("Phương án phân tổ")
        PERIOD = "period", _("Kỳ báo cáo")
        DATA_SET = "dataset", _("Bộ biểu")

    # The partner system the codes belong to ("dhis2-bo", "kho-tinh-20"): a file names it on import.
    system = models.SlugField(_("hệ thống"), max_length=40)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    external_code = models.CharField(_("mã bên ngoài"), max_length=200)
    # The GDNN code: an org-unit code, an element code, a disaggregation key ("sex:female|…"),
    # one "category:option" pair, a period (2025S1) or a data-set code.
    code = models.CharField(_("mã GDNN"), max_length=200)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ("system", "kind", "external_code")
        verbose_name = _("ánh xạ mã")
        verbose_name_plural = _("ánh xạ mã")
        constraints = (models.UniqueConstraint(fields=["system", "kind", "external_code"],
                                               name="codemapping_unique_external"),)
        indexes = (models.Index(fields=["system", "kind", "code"], name="codemapping_reverse"),)

    def __str__(self) -> str:
        return f"{self.system} {self.kind} {self.external_code} → {self.code}"
