"""Survey reminders as a background job: the wave page asks (`wave_remind_job_request`), the
worker sends (`wave_remind_task`), the officer watches the job page. `gdnn remind` sends the same
reminders for every open wave (`services.waves.waves_remind_all`)."""

from __future__ import annotations

from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext

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
    return job_create(kind=KIND, title=gettext("Gửi thư nhắc: %(wave)s") % {"wave": wave.title}, by=user,
                      org_unit=wave.province, params={"wave": wave.pk, "by": user.pk},
                      enqueue=lambda job_id: wave_remind_task.enqueue(job_id),
                      back=reverse("labour:wave", args=[wave.pk]))


@task()
def wave_remind_task(job_id: int) -> str:
    def work(job: Job) -> None:
        wave = Wave.objects.select_related("province").get(pk=job.params["wave"])
        by = User.objects.filter(pk=job.params.get("by")).first()
        if by is None:
            raise DomainError(gettext("Người yêu cầu không còn tài khoản; không gửi thư nhắc."))
        failed: list[str] = []
        sent = wave_remind(wave=wave, by=by, failed=failed)
        if failed and not sent:  # a mail server that refuses everything is a failure, not "0 sent"
            raise DomainError(gettext("Không gửi được thư nhắc nào: máy chủ thư không nhận thư đến %(n)s địa chỉ. "
                                      "Các đường dẫn cũ vẫn dùng được; hãy thử lại sau hoặc báo quản trị hệ thống.")
                              % {"n": len(failed)})
        message = gettext("Đã gửi %(n)s thư nhắc.") % {"n": sent}
        if failed:
            message += " " + gettext("%(n)s thư không gửi được (máy chủ thư không nhận); sẽ gửi lại ở lần nhắc sau.") \
                % {"n": len(failed)}
        job_done(job=job, message=message)

    return job_run(job_id=job_id, what="gửi thư nhắc", work=work)
