"""Reads of jobs: one job for a user (in scope or not found), a user's recent jobs, the worker's heartbeat."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.db.models import Max, QuerySet

from gdnn.accounts.models import User
from gdnn.accounts.selectors import orgunit_in_scope
from gdnn.common.errors import NotFound
from gdnn.jobs.models import Job, WorkerHeartbeat


def user_can_see_job(*, user: User, job: Job) -> bool:
    """The user who asked, or anyone whose scope covers the job's unit."""
    if not user.is_authenticated:
        return False
    if job.requested_by_id == user.pk:
        return True
    return job.org_unit is not None and orgunit_in_scope(user=user, unit=job.org_unit)


def job_get(*, pk: int, user: User) -> Job:
    job = Job.objects.select_related("org_unit").filter(pk=pk).first()
    if job is None or not user_can_see_job(user=user, job=job):
        raise NotFound("Không tìm thấy công việc này trong phạm vi của bạn.")
    return job


def jobs_of(*, user: User, kind: str | None = None, limit: int = 10) -> QuerySet[Job]:
    jobs = Job.objects.filter(requested_by=user)
    if kind:
        jobs = jobs.filter(kind=kind)
    return jobs.select_related("org_unit")[:limit]


def job_file(*, job: Job) -> Path | None:
    """The job's output file on disk, if it is done and the file is still there."""
    if job.status != Job.Status.DONE or not job.file_path:
        return None
    path = (settings.DATA_DIR / job.file_path).resolve()
    if settings.DATA_DIR.resolve() not in path.parents or not path.is_file():
        return None
    return path


def worker_last_seen() -> dt.datetime | None:
    """When a worker last stamped its heartbeat (None: no worker has ever run)."""
    return WorkerHeartbeat.objects.aggregate(at=Max("last_seen"))["at"]


WORKER_STALE_SECONDS = 60


def worker_alive(*, now: dt.datetime | None = None) -> bool:
    """A worker stamped its heartbeat within the last minute."""
    seen = worker_last_seen()
    now = now or dt.datetime.now(dt.UTC)
    return seen is not None and (now - seen).total_seconds() <= WORKER_STALE_SECONDS
