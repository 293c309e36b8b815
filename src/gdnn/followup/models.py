"""Task follow-up: who must do what of a published plan, and what each agency reports it did.

A `TaskAssignment` is one task (a task group of the plan, or the duties the plan gives an agency)
given to one agency at one unit as lead (chủ trì) or cooperating (phối hợp). Each reporting period
the agency's officers fill one `TaskReport` per assignment, which moves through the same workflow as
a data report (collection's states and actions, one `TaskReportEvent` per move or edit). The lead
agency's accepted reports compile into the ND 30 report (`CompiledText` keeps an officer's edit).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gdnn.collection.models import Submission
from gdnn.orgunits.models import OrgUnit
from gdnn.plans.models import Agency, Plan, TaskGroup
from gdnn.plans.models import Assignment as PlanAssignment


class AgencyMember(models.Model):
    """A user who reports for one agency (a kind of the register) at one unit: a Sở's officer."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agency_memberships")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="members")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("cán bộ của cơ quan")
        verbose_name_plural = _("cán bộ của cơ quan")
        constraints = [models.UniqueConstraint(fields=["user", "agency", "org_unit"], name="agencymember_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.org_unit}"


class TaskAssignment(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Chủ trì")
        COOPERATE = "cooperate", _("Phối hợp")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="task_assignments")
    # What is assigned: a task group of the plan, or an agency's duties (`source`), or typed by hand.
    task_group = models.ForeignKey(TaskGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(PlanAssignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    task = models.TextField(_("nhiệm vụ"))
    # The agency as the plan writes it, and the register kind that reports today (through 2025).
    agency_name = models.CharField(_("cơ quan"), max_length=300)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices)
    order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ("plan", "order", "pk")
        verbose_name = _("phân công nhiệm vụ")
        verbose_name_plural = _("phân công nhiệm vụ")

    def __str__(self) -> str:
        return f"{self.agency_name}: {self.task[:60]}"

    @property
    def reporter_name(self) -> str:
        """The agency that reports today: "Sở LĐTBXH (nay là Sở Giáo dục và Đào tạo)"."""
        source = self.source
        if self.agency is not None and source is not None and source.agency_id not in (None, self.agency_id):
            return f"{self.agency_name} (nay là {self.agency.name})"
        return self.agency_name


class TaskReport(models.Model):
    State = Submission.State

    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa triển khai")
        IN_PROGRESS = "in_progress", _("Đang triển khai")
        DONE = "done", _("Hoàn thành")
        LATE = "late", _("Chậm")

    assignment = models.ForeignKey(TaskAssignment, on_delete=models.CASCADE, related_name="reports")
    period = models.CharField(max_length=8)  # "2025S1" | "2025"
    state = models.CharField(max_length=12, choices=Submission.State.choices, default=Submission.State.DRAFT)
    progress = models.CharField(_("tình hình"), max_length=12, choices=Progress.choices,
                                default=Progress.IN_PROGRESS)
    done_html = models.TextField(_("kết quả thực hiện"), blank=True)  # sanitised by nh3 (followup/richtext.py)
    figures = models.TextField(_("số liệu"), blank=True)
    # [{"number": "12/KH-SGDĐT", "date": "2025-03-03", "excerpt": "..."}]
    documents = models.JSONField(_("văn bản đã ban hành"), default=list, blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    state_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("assignment__order", "period")
        verbose_name = _("báo cáo nhiệm vụ")
        verbose_name_plural = _("báo cáo nhiệm vụ")
        constraints = [models.UniqueConstraint(fields=["assignment", "period"], name="taskreport_unique_period")]
        indexes = [models.Index(fields=["period", "state"], name="taskreport_period_state")]

    def __str__(self) -> str:
        return f"{self.assignment.agency_name} · {self.period}"


class TaskReportEvent(models.Model):
    """One workflow move (submit, approve, return, reopen) or one edit ("edit": what changed)."""

    report = models.ForeignKey(TaskReport, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=12, choices=Submission.State.choices)
    to_state = models.CharField(max_length=12, choices=Submission.State.choices)
    action = models.CharField(max_length=12)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"


class TaskEvidence(models.Model):
    """A file that shows the work (a decision, minutes, photos), kept under MEDIA_ROOT/followup/."""

    report = models.ForeignKey(TaskReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="followup/%Y/")
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("uploaded_at", "pk")

    def __str__(self) -> str:
        return self.name


class CompiledText(models.Model):
    """The lead's edit of one accepted report's paragraph in the compiled ND 30 report.

    An edit counts while the report stays accepted as it was: a report accepted again after the
    edit (returned, fixed, accepted) brings its own new text back."""

    class Section(models.TextChoices):
        TASKS = "tasks", _("II.2. Kết quả thực hiện nhiệm vụ")
        DIFFICULTIES = "difficulties", _("III. Khó khăn, hạn chế")
        PROPOSALS = "proposals", _("V. Đề xuất, kiến nghị")

    report = models.ForeignKey(TaskReport, on_delete=models.CASCADE, related_name="compiled")
    section = models.CharField(max_length=12, choices=Section.choices)
    text = models.TextField()
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    edited_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "section"], name="compiledtext_unique")]

    def __str__(self) -> str:
        return f"{self.report} · {self.section}"
