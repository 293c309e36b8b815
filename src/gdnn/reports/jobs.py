"""Reports as background jobs: the page asks (`report_job_request`), the worker renders
(`report_render_task`), the user watches the job and downloads the file when it is done."""

from __future__ import annotations

from django.tasks import task
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from gdnn.accounts.models import User
from gdnn.accounts.selectors import orgunit_in_scope
from gdnn.common.errors import DomainError, PermissionDenied
from gdnn.jobs.models import Job
from gdnn.jobs.services import job_create, job_finish, job_run
from gdnn.orgunits.models import OrgUnit
from gdnn.plans.models import Plan
from gdnn.reports.generator import report_data, report_request_check
from gdnn.reports.render import FORMATS, report_render

KIND = "report"


def report_job_request(*, user: User, plan: Plan, org_unit: OrgUnit, period: str, fmt: str) -> Job:
    """Queue a report on `plan` for `org_unit` and `period`; the file is made by the worker.
    Bad input (unit out of scope, unknown format or period) is refused here, before queueing."""
    if not orgunit_in_scope(user=user, unit=org_unit):
        raise PermissionDenied(gettext("Không tìm thấy đơn vị trong phạm vi của bạn."))
    if fmt not in FORMATS:
        raise DomainError(gettext("Định dạng không hỗ trợ: %(format)s (docx, xlsx hoặc pdf).") % {"format": fmt})
    report_request_check(plan=plan, org_unit=org_unit, period=period)
    title = gettext("Báo cáo %(format)s: %(plan)s · %(unit)s · kỳ %(period)s") % {
        "format": fmt.upper(), "plan": plan.label, "unit": org_unit.name, "period": period}
    return job_create(kind=KIND, title=title, by=user, org_unit=org_unit,
                      params={"plan": plan.pk, "org_unit": org_unit.pk, "period": period, "format": fmt},
                      enqueue=lambda job_id: report_render_task.enqueue(job_id), back=reverse("reports"))


@task()
def report_render_task(job_id: int) -> str:
    """Render the job's report and store the file; a domain error becomes the job's message."""
    def work(job: Job) -> None:
        params = job.params
        plan = Plan.objects.get(pk=params["plan"])
        unit = OrgUnit.objects.get(pk=params["org_unit"])
        data = report_data(plan=plan, org_unit=unit, period=params["period"])
        with translation.override(job.language):  # an XLSX's headers in the asker's language; a DOCX is Vietnamese
            content, file_name, content_type = report_render(data=data, fmt=params["format"])
        job_finish(job=job, content=content, file_name=file_name, content_type=content_type,
                   message=gettext("Đã tạo %(file)s (%(size)s KB).") % {"file": file_name,
                                                                          "size": len(content) // 1024 + 1})

    return job_run(job_id=job_id, what="tạo báo cáo", work=work)
