"""The pivot's XLSX: built in the request when small, by the worker as a job when large
(`pivot_export_request` queues, `pivot_export_task` builds; the job page shows progress and the link)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.tasks import task
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gdnn.accounts.models import User
from gdnn.analysis.selectors import PivotQuery, pivot_for_user, pivot_parent
from gdnn.analysis.xlsx import XLSX_TYPE, pivot_xlsx
from gdnn.common.errors import DomainError
from gdnn.jobs.models import Job
from gdnn.jobs.services import job_create, job_finish, job_run
from gdnn.orgunits.selectors import today

KIND = "pivot_xlsx"


def _h(text: str) -> str:
    """A sheet name or column header: its own context, so it never collides with a page's text."""
    return pgettext("spreadsheet", text)


def pivot_xlsx_for(*, user: User, query: PivotQuery, on: dt.date) -> tuple[bytes, str]:
    """(XLSX bytes, file name) of the pivot the user asked for."""
    pivot = pivot_for_user(user=user, query=query, on=on)
    if pivot is None:
        raise DomainError(_("Hãy chọn ít nhất một chỉ số trước khi xuất Excel."))
    where = pivot.parent.name if pivot.parent is not None else _h("Toàn quốc")
    title = _("Bảng tổng hợp chỉ số — %(where)s (số liệu đến %(on)s)") % {"where": where, "on": f"{on:%d/%m/%Y}"}
    return pivot_xlsx(pivot, title=title, whole_country=_h("Toàn quốc")), f"bang-tong-hop-{query.unit}.xlsx"


def pivot_export_request(*, user: User, query: PivotQuery) -> Job:
    """Queue the pivot's XLSX; the unit is checked against the user's scope before queueing."""
    on = query.as_of or today()
    parent = pivot_parent(user=user, query=query, on=on)
    where = parent.name if parent is not None else _("Toàn quốc")
    return job_create(kind=KIND, title=_("Bảng tổng hợp XLSX: %(where)s · %(indicators)s") % {
                          "where": where, "indicators": ", ".join(query.indicators)}, by=user,
                      org_unit=parent, params=query.params(), enqueue=lambda job_id: pivot_export_task.enqueue(job_id),
                      back=f"{reverse('analysis:pivot')}?{urlencode(query.params(), doseq=True)}")


@task()
def pivot_export_task(job_id: int) -> str:
    def work(job: Job) -> None:
        user = User.objects.filter(pk=job.requested_by_id).first()
        if user is None:
            raise DomainError(_("Người yêu cầu không còn tài khoản; không lập được bảng tổng hợp."))
        query = PivotQuery.from_params(job.params)
        with translation.override(job.language):  # the language of the page that asked
            content, file_name = pivot_xlsx_for(user=user, query=query, on=query.as_of or today())
        job_finish(job=job, content=content, file_name=file_name, content_type=XLSX_TYPE,
                   message=_("Đã tạo %(file)s (%(size)s KB).") % {"file": file_name, "size": len(content) // 1024 + 1})

    return job_run(job_id=job_id, what="lập bảng tổng hợp", work=work)
