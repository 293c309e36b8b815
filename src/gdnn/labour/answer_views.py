"""The respondent's page behind a personal link: no account. It shows only this link's own answer;
a revoked, expired or unknown link gets a plain Vietnamese refusal (410 or 404), never the form.
"Lưu tạm" saves a draft to resume later through the same link; "Gửi phiếu" submits, after which
the link shows a read-only thank-you summary (no editing unless an owner reopens the link)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from gdnn.common.errors import DomainError
from gdnn.labour.models import EmployerResponse, Link, OccupationGroup, TracerResponse, Wave
from gdnn.labour.selectors import LinkRefused, link_check, occupations_active
from gdnn.labour.services.answers import AnswerSubmitted, DemandInput, employer_answer, tracer_answer

LINE_ROWS = 6


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"  # "no-referrer" makes the form post Origin: null (CSRF)
    response["X-Robots-Tag"] = "noindex"
    return response


def _count(request: HttpRequest, name: str) -> int:
    text = (request.POST.get(name) or "").strip()
    if not text:
        return 0
    if not text.isdigit() or len(text) > 7:
        raise DomainError(_("“%(value)s” không phải một số nguyên không âm.") % {"value": text[:20]})
    return int(text)


def answer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = link_check(token=token)
    except LinkRefused as exc:
        status = 410 if exc.gone else 404
        return _private(render(request, "labour/answer_refused.html", {"reason": str(exc)}, status=status))
    error, saved, status = "", "", 200
    if request.method == "POST":
        final = request.POST.get("action") != "draft"
        try:
            if link.wave.kind == Wave.Kind.EMPLOYER:
                _employer_post(request, token, final)
            else:
                _tracer_post(request, token, final)
            saved = "final" if final else "draft"
            link = link_check(token=token)
        except LinkRefused as exc:
            return _private(render(request, "labour/answer_refused.html", {"reason": str(exc)}, status=410))
        except AnswerSubmitted as exc:
            error, status = str(exc), 409
        except DomainError as exc:
            error, status = str(exc), 400
    return _private(render(request, "labour/answer.html", {**_context(link), "error": error, "saved": saved},
                           status=status))


def _employer_post(request: HttpRequest, token: str, final: bool) -> None:
    occupations = {o.code: o for o in occupations_active()}
    lines = []
    for i in range(LINE_ROWS):
        code = request.POST.get(f"occ-{i}", "")
        if not code:
            continue
        if code not in occupations:
            raise DomainError(_("Dòng %(n)s: nghề không có trong danh mục.") % {"n": i + 1})
        lines.append(DemandInput(occupations[code], _count(request, f"staff-{i}"), _count(request, f"hard-{i}"),
                                 _count(request, f"hire1-{i}"), _count(request, f"hire3-{i}")))
    employer_answer(token=token, staff_total=_count(request, "staff_total"), willing_to_train=request.POST.get(
        "willing", ""), lines=lines, skills_lacking=request.POST.get("skills", "").strip(), final=final)


def _tracer_post(request: HttpRequest, token: str, final: bool) -> None:
    status = request.POST.get("status", "")
    relevance, wage = request.POST.get("relevance", ""), request.POST.get("wage", "")
    if (relevance and relevance not in TracerResponse.Relevance.values) or (wage and wage not in TracerResponse.Wage.values):
        raise DomainError(_("Lựa chọn không hợp lệ."))
    occupation = OccupationGroup.objects.filter(code=request.POST.get("occupation", "")).first()
    tracer_answer(token=token, status=status, occupation=occupation, relevance=relevance, wage=wage, final=final)


def _context(link: Link) -> dict:
    context: dict = {"link": link, "wave": link.wave}
    if link.wave.kind == Wave.Kind.EMPLOYER:
        previous = EmployerResponse.objects.filter(link=link).prefetch_related("lines__occupation").first()
        lines = list(previous.lines.all()) if previous else []
        context.update(previous=previous, lines=lines, respondent=link.enterprise.name if link.enterprise else "",
                       occupations=occupations_active(), willing=EmployerResponse.Willing.choices,
                       rows=[(i, lines[i] if i < len(lines) else None) for i in range(LINE_ROWS)])
    else:
        context.update(previous=TracerResponse.objects.filter(link=link).first(),
                       respondent=link.graduate.full_name if link.graduate else "",
                       institution=link.graduate.institution.name if link.graduate else "",
                       statuses=TracerResponse.Status.choices, relevances=TracerResponse.Relevance.choices,
                       wages=TracerResponse.Wage.choices, groups=OccupationGroup.objects.all())
    return context
