"""Writes of jobs: create (and enqueue on commit), start, finish with a file, fail; the heartbeat."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import socket
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from gdnn.accounts.models import User
from gdnn.common.errors import DomainError
from gdnn.jobs.models import Job, WorkerHeartbeat
from gdnn.orgunits.models import OrgUnit

JOBS_SUBDIR = "jobs"
logger = logging.getLogger(__name__)


@transaction.atomic
def job_create(*, kind: str, title: str, by: User | None, org_unit: OrgUnit | None, params: dict,
               enqueue: Callable[[int], object], back: str = "") -> Job:
    """A queued job; `enqueue(job id)` puts its task on the queue once this transaction commits,
    so the worker never picks up a job whose row it cannot see yet. The job keeps the active language,
    so a file the user reads, and the job's messages, come in the language of the page that asked
    for it. `back`: the page (a path on this site) the job page leads back to."""
    language = "en" if (translation.get_language() or "vi").startswith("en") else "vi"
    if back.startswith("/") and not back.startswith("//"):
        params = {**params, "back": back[:500]}
    job = Job.objects.create(kind=kind, title=title[:300], params=params, org_unit=org_unit, language=language,
                             requested_by=by if by is not None and by.is_authenticated else None)
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


def job_run(*, job_id: int, what: str, work: Callable[[Job], object]) -> str:
    """A task's body: start the job, let `work(job)` do it and finish it (job_finish, job_done),
    and turn a failure into the job's message: a DomainError as written, anything else logged
    and told as an internal error naming `what` was being done ("tạo báo cáo") and the job's number.
    Returns the task's result, "done" or "failed"."""
    job = job_start(job_id=job_id)
    with translation.override(job.language):  # messages in the language of the page that asked
        try:
            work(job)
        except DomainError as exc:
            job_fail(job=job, message=str(exc))
            return "failed"
        except Exception:
            logger.exception("job %s (%s) failed", job_id, job.kind)
            job_fail(job=job, message=gettext("Lỗi nội bộ khi %(what)s. Hãy thử lại; nếu vẫn lỗi, báo quản trị hệ "
                                              "thống (công việc số %(job)s).") % {"what": gettext(what), "job": job_id})
            return "failed"
    return "done"


@transaction.atomic
def job_start(*, job_id: int) -> Job:
    job = Job.objects.select_for_update().get(pk=job_id)
    job.status, job.started_at, job.message = Job.Status.RUNNING, timezone.now(), ""
    job.save(update_fields=["status", "started_at", "message"])
    return job


def _write_private(path, content: bytes) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
    os.replace(tmp, path)


@transaction.atomic
def job_finish(*, job: Job, content: bytes, file_name: str, content_type: str, message: str = "") -> Job:
    """Store the output (0600, under GDNN_DATA_DIR/jobs/<id>/) and mark the job done."""
    relative = f"{JOBS_SUBDIR}/{job.pk}/{os.path.basename(file_name)}"
    _write_private(settings.DATA_DIR / relative, content)
    job.status, job.finished_at = Job.Status.DONE, timezone.now()
    job.file_name, job.content_type, job.file_path, job.message = file_name, content_type, relative, message
    job.save(update_fields=["status", "finished_at", "file_name", "content_type", "file_path", "message"])
    return job


@transaction.atomic
def job_done(*, job: Job, message: str) -> Job:
    """Mark a job that produces no file (e.g. sending e-mails) done, with what it did."""
    job.status, job.finished_at, job.message = Job.Status.DONE, timezone.now(), message
    job.save(update_fields=["status", "finished_at", "message"])
    return job


@transaction.atomic
def job_fail(*, job: Job, message: str) -> Job:
    job.status, job.finished_at, job.message = Job.Status.FAILED, timezone.now(), message
    job.save(update_fields=["status", "finished_at", "message"])
    return job


def worker_heartbeat_beat(*, name: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        name=name, defaults={"last_seen": timezone.now(), "pid": os.getpid(), "host": socket.gethostname()[:255]})


def job_output_path(*, job: Job, file_name: str):
    """Where a job that streams its output writes it (the directory made private); pass the same
    name to `job_finish_written` once the file is complete."""
    path = settings.DATA_DIR / JOBS_SUBDIR / str(job.pk) / os.path.basename(file_name)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


@transaction.atomic
def job_finish_written(*, job: Job, file_name: str, content_type: str, message: str = "") -> Job:
    """Mark done a job whose file was written in place by `job_output_path` (too large to hold in memory)."""
    job.status, job.finished_at = Job.Status.DONE, timezone.now()
    job.file_name, job.content_type, job.message = file_name, content_type, message
    job.file_path = f"{JOBS_SUBDIR}/{job.pk}/{os.path.basename(file_name)}"
    job.save(update_fields=["status", "finished_at", "file_name", "content_type", "file_path", "message"])
    return job


def jobs_prune(*, now: dt.datetime | None = None, keep_days: int | None = None) -> int:
    """Delete the jobs that finished more than `keep_days` ago (GDNN_JOB_KEEP_DAYS) with their files,
    and the task queue's finished rows of the same age; queued and running jobs stay. Returns how
    many jobs went. The audit trail (exports, approvals) is kept apart and is not touched."""
    from django_tasks_db.models import DBTaskResult

    keep = settings.GDNN_JOB_KEEP_DAYS if keep_days is None else keep_days
    cutoff = (now or timezone.now()) - dt.timedelta(days=max(keep, 0))
    old = Job.objects.filter(status__in=[Job.Status.DONE, Job.Status.FAILED], finished_at__lt=cutoff)
    root = (settings.DATA_DIR / JOBS_SUBDIR).resolve()
    pks = list(old.values_list("pk", flat=True))
    for pk in pks:
        folder = (root / str(pk)).resolve()
        if folder.parent == root and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
    Job.objects.filter(pk__in=pks).delete()
    DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return len(pks)
