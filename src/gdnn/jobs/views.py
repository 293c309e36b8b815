"""A job's page, its status fragment (polled by htmx every second while it runs) and its download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext

from gdnn.common.errors import NotFound
from gdnn.jobs.models import Job
from gdnn.jobs.selectors import job_file, job_get, worker_alive


def _job(request: HttpRequest, pk: int) -> Job:
    try:
        return job_get(pk=pk, user=request.user)  # type: ignore[arg-type]  # login_required
    except NotFound as exc:
        raise Http404(str(exc)) from exc


@login_required
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return render(request, "jobs/job_page.html", {"job": job, "worker_down": job.active and not worker_alive()})


@login_required
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return render(request, "jobs/_job_status.html",
                  {"job": job, "oob": True, "worker_down": job.active and not worker_alive()})


@login_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = _job(request, pk)
    path = job_file(job=job)
    if path is None:
        raise Http404(gettext("Tệp của công việc này chưa sẵn sàng hoặc không còn nữa."))
    response = FileResponse(path.open("rb"), content_type=job.content_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=job.file_name)
    return response
