"""Data sets (forms), submissions with their workflow events, data values with their audit trail.

`DataValue` keeps the shape the analytics engine reads: one row per (data element, org unit,
period, disaggregation), the disaggregation being a canonical string such as
"disability:no|ethnicity:kinh|sex:female|training_level:college" (category codes sorted; "" for
an element without categories). Rows change only through gdnn.collection.services.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gdnn.common.templatetags.localised import localised
from gdnn.indicators.models import CatalogItem, DataElement
from gdnn.orgunits.models import OrgUnit


class DataSet(CatalogItem):
    class PeriodType(models.TextChoices):
        SEMIANNUAL = "semiannual", _("Every 6 months")
        ANNUAL = "annual", _("Every year")

    code = models.CharField(max_length=40, unique=True)
    name_vi = models.CharField(max_length=250)
    name_en = models.CharField(max_length=250)
    org_unit_level = models.CharField(max_length=16, choices=OrgUnit.Level.choices)
    period_type = models.CharField(max_length=12, choices=PeriodType.choices)
    # Days after the period's cut-off end (ND 09/2019) the form stays open for entry.
    close_after_days = models.PositiveSmallIntegerField(default=15)
    # The share (%) of the expected units whose approved report a figure needs before it may decide a
    # target's status; below it the figure is shown as provisional. A setting of each installation,
    # not of datasets.toml (dataset_sync leaves it alone).
    completeness_threshold = models.PositiveSmallIntegerField(
        _("completeness threshold (%)"), default=100, validators=[MaxValueValidator(100)])
    version = models.CharField(max_length=40)
    elements = models.ManyToManyField(DataElement, through="DataSetElement", related_name="data_sets")

    class Meta:
        ordering = ("code",)
        verbose_name = _("data set")
        verbose_name_plural = _("data sets")

    def __str__(self) -> str:
        return localised(self, "name")  # the English name on an English page, where there is one


class DataSetElement(models.Model):
    data_set = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="members")
    data_element = models.ForeignKey(DataElement, on_delete=models.PROTECT, related_name="+")
    sort_order = models.PositiveSmallIntegerField(default=0)
    # The heading the element sits under on the form ("" = the data set's single section).
    section = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ("data_set", "sort_order")
        constraints = (models.UniqueConstraint(fields=["data_set", "data_element"], name="dataset_element_unique"),)

    def __str__(self) -> str:
        return f"{self.data_set_id}:{self.data_element_id}"


class DataSetWindow(models.Model):
    """An explicit open/close date for one data set and period (otherwise the default applies)."""

    data_set = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="windows")
    period = models.CharField(max_length=8)
    opens_on = models.DateField()
    closes_on = models.DateField()

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["data_set", "period"], name="dataset_window_unique"),
            models.CheckConstraint(condition=models.Q(closes_on__gte=models.F("opens_on")), name="dataset_window_range"),
        )

    def __str__(self) -> str:
        return f"{self.period}: {self.opens_on:%d/%m/%Y}–{self.closes_on:%d/%m/%Y}"


class ValidationRule(CatalogItem):
    """A declarative rule over one submission's values (see gdnn.collection.validation).

    A national rule (owner NULL) applies everywhere; a province's rule to the units under it.
    """

    class Severity(models.TextChoices):
        ERROR = "error", _("Lỗi (chặn gửi báo cáo)")
        WARNING = "warning", _("Cảnh báo (cần giải thích)")

    code = models.CharField(max_length=60, unique=True)
    left = models.CharField(max_length=500)
    operator = models.CharField(max_length=2)
    right = models.CharField(max_length=500)
    for_each = models.JSONField(default=list, blank=True)
    severity = models.CharField(max_length=8, choices=Severity.choices, default=Severity.ERROR)
    message_vi = models.CharField(max_length=500)
    active = models.BooleanField(default=True)
    version = models.CharField(max_length=40, blank=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("code",)
        verbose_name = _("quy tắc kiểm tra")
        verbose_name_plural = _("quy tắc kiểm tra")

    def __str__(self) -> str:
        return self.code


class Submission(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")

    data_set = models.ForeignKey(DataSet, on_delete=models.PROTECT, related_name="submissions")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="submissions")
    period = models.CharField(max_length=8)
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    state_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["data_set", "org_unit", "period"], name="submission_unique"),
        )
        indexes = (models.Index(fields=["data_set", "period", "state"], name="submission_ds_period_state"),)

    def __str__(self) -> str:
        return f"{self.data_set.code} · {self.org_unit.code} · {self.period}"


class SubmissionEvent(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=12, choices=Submission.State.choices)
    to_state = models.CharField(max_length=12, choices=Submission.State.choices)
    action = models.CharField(max_length=12)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)  # of the request (common/clientaddr.py)

    class Meta:
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class SubmissionChange(models.Model):
    """The analytics outbox: one row per move into or out of `approved`, written in the same
    transaction as the move. The worker takes every unpublished row (ids are not commit-ordered, so
    never "rows after the last id"), publishes the store, then marks the rows published. A plain id,
    not a foreign key: a deleted submission must still leave the store."""

    submission_id = models.BigIntegerField()
    to_state = models.CharField(max_length=12, choices=Submission.State.choices)
    at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = (models.Index(fields=["id"], condition=models.Q(published_at__isnull=True),
                                name="submissionchange_pending"),)

    def __str__(self) -> str:
        return f"#{self.pk} submission {self.submission_id} → {self.to_state}"


class DataValue(models.Model):
    data_element = models.ForeignKey(DataElement, on_delete=models.PROTECT, related_name="values")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="data_values")
    period = models.CharField(max_length=8)
    disaggregation = models.CharField(max_length=200, blank=True, default="")
    value = models.DecimalField(max_digits=20, decimal_places=4)
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="values")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["data_element", "org_unit", "period", "disaggregation"], name="datavalue_unique"
            ),
        )
        indexes = (models.Index(fields=["period", "data_element"], name="datavalue_period_element"),)

    def __str__(self) -> str:
        return f"{self.period} {self.disaggregation or '-'} = {self.value}"


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    EXCEL = "excel", _("Excel template")
    CSV = "csv", _("CSV (DHIS2)")
    API = "api", _("API")
    ADX = "adx", _("ADX (DHIS2)")
    DXF2 = "dxf2", _("DXF2 JSON (DHIS2)")


class DataValueAudit(models.Model):
    """One row per changed value; a cleared cell has new_value NULL."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="audits")
    data_element = models.ForeignKey(DataElement, on_delete=models.PROTECT, related_name="+")
    disaggregation = models.CharField(max_length=200, blank=True, default="")
    old_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    new_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)  # of the request (common/clientaddr.py)

    class Meta:
        ordering = ("at", "pk")
        indexes = (models.Index(fields=["submission", "data_element", "disaggregation"], name="audit_cell"),)

    def __str__(self) -> str:
        return f"{self.old_value} → {self.new_value} ({self.channel})"
