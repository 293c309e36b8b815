"""Survey reminders as a background job: the wave page asks (`wave_remind_job_request`), the
worker sends (`wave_remind_task`), the officer watches the job page. `gdnn remind` sends the same
reminders for every open wave (`services.waves.waves_remind_all`)."""

from __future__ import annotations

from django.tasks import task

from gdnn.accounts.models import User
from gdnn.common.errors import DomainError
from gdnn.jobs.models import Job
from gdnn.jobs.services import job_create, job_done, job_run
from gdnn.labour.models import Wave
from gdnn.labour.permissions import ensure_wave_owner
from gdnn.labour.services.waves import wave_remind

KIND = "labour_remind"


def wave_remind_job_request(*, user: User, wave: Wave) -> Job:
    """Queue the reminders of `wave`; only its owners may ask (checked again by the task)."""
    ensure_wave_owner(user=user, wave=wave)
    return job_create(kind=KIND, title=f"Gửi thư nhắc: {wave.title}", by=user, org_unit=wave.province,
                      params={"wave": wave.pk, "by": user.pk},
                      enqueue=lambda job_id: wave_remind_task.enqueue(job_id))


@task()
def wave_remind_task(job_id: int) -> str:
    def work(job: Job) -> None:
        wave = Wave.objects.select_related("province").get(pk=job.params["wave"])
        by = User.objects.filter(pk=job.params.get("by")).first()
        if by is None:
            raise DomainError("Người yêu cầu không còn tài khoản; không gửi thư nhắc.")
        job_done(job=job, message=f"Đã gửi {wave_remind(wave=wave, by=by)} thư nhắc.")

    return job_run(job_id=job_id, what="gửi thư nhắc", work=work)
