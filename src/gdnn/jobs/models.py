"""Background jobs as a user sees them, and the worker's heartbeat.

django-tasks-db keeps the queue (`DBTaskResult`); a `Job` is the user's side of one task: who asked,
for which unit (the scope that may see it), its status with a Vietnamese message, and the file
it produced under GDNN_DATA_DIR/jobs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gdnn.orgunits.models import OrgUnit


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi")

    kind = models.CharField(max_length=32)
    title = models.CharField(max_length=300)
    params = models.JSONField(default=dict)
    # The page's language when it was asked: a file for reading (pivot, report XLSX) is written in it.
    language = models.CharField(max_length=8, default="vi")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    message = models.TextField(blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    file_path = models.CharField(max_length=500, blank=True)  # relative to GDNN_DATA_DIR
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = (models.Index(fields=["requested_by", "status"], name="job_user_status"),)

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.status}"

    @property
    def active(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}


class WorkerHeartbeat(models.Model):
    """One row per worker name, stamped every few seconds by `gdnn worker`."""

    name = models.CharField(max_length=64, primary_key=True)
    last_seen = models.DateTimeField()
    pid = models.IntegerField(default=0)
    host = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return f"{self.name} {self.last_seen:%Y-%m-%d %H:%M:%S}"
