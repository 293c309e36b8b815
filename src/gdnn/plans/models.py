"""Plans and what they promise: targets, task groups, assignments, reporting duties, funding.

Every item imported from a document keeps its source span (offsets into `Plan.source_text`), so a
reviewer can go from a record to the sentence that stated it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gdnn.indicators.models import Indicator
from gdnn.orgunits.models import OrgUnit


class Spanned(models.Model):
    """Line and character offsets of the item in its plan's source text (1-based lines)."""

    start_line = models.PositiveIntegerField(null=True, blank=True)
    end_line = models.PositiveIntegerField(null=True, blank=True)
    start_char = models.PositiveIntegerField(null=True, blank=True)
    end_char = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def source_excerpt(self) -> str:
        plan = self.plan  # type: ignore[attr-defined]
        if self.start_char is None or self.end_char is None or not plan.source_text:
            return ""
        return plan.source_text[self.start_char : self.end_char]


class Plan(models.Model):
    class Level(models.TextChoices):
        CENTRAL = "central", _("Central")
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune")
        INSTITUTION = "institution", _("Institution")
        PARTY = "party", _("Party committee")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft, under review")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Đã thu hồi")
        ARCHIVED = "archived", _("Đã lưu trữ")

    # NULL, not "", for a blank "Số: /KH-UBND", so the uniqueness constraint skips it.
    doc_number = models.CharField(_("document number"), max_length=60, null=True, blank=True)  # noqa: DJ001
    # The issuer as written, and a normalised key used to refuse a second plan with the same number.
    issuer = models.CharField(_("issuer"), max_length=250, blank=True)
    issuer_key = models.CharField(max_length=250, blank=True, editable=False)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    title = models.TextField(_("title"), blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    # As the document gives it: "2022-06-15", "2022-01" (day left blank) or "".
    date_text = models.CharField(max_length=10, blank=True)
    place = models.CharField(max_length=100, blank=True)
    # The unit whose plan it is (null for a national plan).
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="plans")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    source_file = models.CharField(max_length=250, blank=True)
    source_text = models.TextField(blank=True)
    # Where the content comes from when it is not the document itself (press quotes of a decision).
    source_note = models.TextField(blank=True)
    is_secondary_source = models.BooleanField(default=False)
    warnings = models.JSONField(default=list, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_on", "doc_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["doc_number", "issuer_key"], condition=Q(doc_number__isnull=False),
                name="plan_unique_number_per_issuer",
            )
        ]

    def __str__(self) -> str:
        return self.doc_number or self.title[:80] or f"#{self.pk}"

    @property
    def number_label(self) -> str:
        """The plan's number, or "(chưa có số)" in the active language: every page says it alike."""
        from django.utils.translation import gettext

        return self.doc_number or gettext("(no number)")

    @property
    def label(self) -> str:
        return f"{self.number_label} · {self.issuer}" if self.issuer else self.number_label


class PlanReference(Spanned):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="references")
    identifier = models.CharField(max_length=80)
    identifier_key = models.CharField(max_length=80, db_index=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.identifier


class Target(Spanned):
    class Comparator(models.TextChoices):
        GE = "ge", "≥"
        GT = "gt", ">"
        LE = "le", "≤"
        EQ = "eq", "="
        RANGE = "range", _("range")
        APPROX = "approx", "≈"

    class Review(models.TextChoices):
        UNREVIEWED = "unreviewed", _("Not reviewed")
        CONFIRMED = "confirmed", _("Confirmed")
        CORRECTED = "corrected", _("Corrected")
        NOT_A_TARGET = "not_target", _("Không phải chỉ tiêu")

    class Kind(models.TextChoices):
        # One value for one year ("đến năm 2030 đạt 85 %").
        POINT = "point", _("Giá trị trong một năm")
        # The same value every year ("30.000 người/năm", "mỗi năm", "hằng năm"): tracked year by year.
        PER_YEAR = "per_year", _("Hằng năm")
        # A total over a stage ("1.500 người trong giai đoạn 2026–2030"): tracked cumulatively.
        PERIOD_TOTAL = "period_total", _("Tổng cả giai đoạn")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField(default=0)
    indicator = models.ForeignKey(Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="targets")
    link_confidence = models.FloatField(null=True, blank=True)
    # The area the target is for; the plan's own unit unless the text names another.
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.POINT)
    # First year of a per-year or period-total target ("giai đoạn 2026–2030" → 2026); year is the last.
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    comparator = models.CharField(max_length=8, choices=Comparator.choices)
    value_min = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    value_max = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    unit = models.CharField(max_length=16, choices=Indicator.Unit.choices)
    baseline_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    subject = models.CharField(max_length=400, blank=True)
    review = models.CharField(max_length=12, choices=Review.choices, default=Review.UNREVIEWED)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    is_secondary_source = models.BooleanField(default=False)

    class Meta:
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return f"{self.subject or self.text[:60]} ({self.year})"

    @property
    def value_label(self) -> str:
        from gdnn.plans.presentation import target_value_label

        return target_value_label(self)


class PlanEvent(models.Model):
    """One change to a plan by a person: header edits, targets added or removed, status changes."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=24)  # edit | target_add | target_delete | not_target | withdraw | ...
    field = models.CharField(max_length=40, blank=True)
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField(null=True, blank=True)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.action} {self.field}".strip()


class TaskGroup(Spanned):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="task_groups")
    order = models.PositiveSmallIntegerField(default=0)
    heading = models.TextField()

    class Meta:
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return self.heading[:80]


class Agency(models.Model):
    """A kind of agency in the register (Sở GD&ĐT, UBND cấp xã, ...), with the 2025 reorganisation."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=12)
    valid_to = models.DateField(null=True, blank=True)
    # Where its work went when it was dissolved; `gdnn_successor` is the one that holds GDNN.
    successors = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="predecessors")
    gdnn_successor = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name

    @property
    def successor_now(self) -> Agency | None:
        """The agency that took over a dissolved one's work: the one holding GDNN when the register
        names it, else the first of its successors (Sở KH&ĐT → Sở Tài chính); None while it exists."""
        if self.valid_to is None:
            return None
        return self.gdnn_successor or min(self.successors.all(), key=lambda a: a.name, default=None)


class Assignment(Spanned):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead (chủ trì)")
        COOPERATE = "cooperate", _("Cooperate (phối hợp)")
        MIXED = "mixed", _("Lead and cooperate")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assignments")
    order = models.PositiveSmallIntegerField(default=0)
    agency_name = models.CharField(max_length=300)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="assignments")
    role = models.CharField(max_length=12, choices=Role.choices)
    duties = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return self.agency_name


class ReportingDuty(Spanned):
    class Frequency(models.TextChoices):
        SEMIANNUAL = "6-monthly", _("Every 6 months")
        ANNUAL = "annual", _("Every year")
        FIVE_YEAR = "5-year", _("Every 5 years (sơ kết)")
        TEN_YEAR = "10-year", _("After 10 years (tổng kết)")
        PERIODIC = "periodic", _("Periodically")
        AD_HOC = "ad hoc", _("When needed")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reporting_duties")
    order = models.PositiveSmallIntegerField(default=0)
    who = models.CharField(max_length=300, blank=True)
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    to = models.CharField(max_length=300, blank=True)
    deadline = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["plan", "order"]
        verbose_name_plural = _("reporting duties")

    def __str__(self) -> str:
        return f"{self.who} → {self.to} ({self.frequency})"

    def recipients_now(self, on: dt.date) -> list[str]:
        """The agencies the duty names, as they are called on the date (a dissolved one by the one
        that holds vocational education now); empty when the text names none."""
        from gdnn.plans.agency_register import current_name, recipients_parse

        return [current_name(name, on) for name in recipients_parse(self.to)]


class DutyReport(models.Model):
    """A report delivered for a reporting duty and period: what clears the duty from overdue."""

    duty = models.ForeignKey(ReportingDuty, on_delete=models.CASCADE, related_name="reports")
    period = models.CharField(max_length=8)
    delivered_on = models.DateField()
    reference = models.CharField(max_length=120, blank=True)
    # Where the delivered report is: an uploaded file or a link to the document system.
    link = models.URLField(max_length=500, blank=True)
    file = models.FileField(upload_to="duty-reports/%Y/", blank=True)
    recorded_at = models.DateTimeField(auto_now=True, null=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["duty", "period"], name="duty_report_unique_period")]

    def __str__(self) -> str:
        return f"{self.duty} · {self.period}"


class FundingSource(Spanned):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="funding_sources")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()

    class Meta:
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return self.text[:80]
