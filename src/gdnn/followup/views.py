"""Follow-up pages: my task reports, the fill form, the lead's review list, the plan matrix, the
compilation. Views parse, call one selector or service, and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from gdnn.accounts.administration.selectors import admin_roots, user_may_administer, users_manageable
from gdnn.accounts.models import User
from gdnn.accounts.selectors import orgunits_visible
from gdnn.common.errors import DomainError, NotFound, PermissionDenied
from gdnn.followup import selectors as sel
from gdnn.followup import services
from gdnn.followup.forms import DOCUMENT_ROWS, AssignForm, MemberAddForm, TaskReportForm, TransitionForm
from gdnn.followup.models import CompiledText, TaskReport
from gdnn.orgunits.selectors import orgunit_get, today
from gdnn.plans.selectors import plan_visible_get


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _plan(request: HttpRequest, plan_id: int):
    try:
        return plan_visible_get(user=_user(request), plan_id=plan_id)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(request, "followup/mine.html", {
        "rows": sel.my_task_reports(user=user, today=today()), "led": sel.plans_led(user=user),
        "awaiting": len(sel.reports_to_review(user=user)), "plans": sel.plans_with_assignments(user=user)})


@login_required
def review(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(request, "followup/review.html", {"rows": sel.reports_to_review(user=user)})


def _form_rows(request: HttpRequest) -> int:
    try:
        return max(1, min(20, int(request.POST.get("doc_rows", DOCUMENT_ROWS))))
    except ValueError:
        return DOCUMENT_ROWS


def _save(request: HttpRequest, report: TaskReport | None, assignment, period: str) -> HttpResponse | None:
    """Save the posted form (creating the report on the first save); None when the form is shown again."""
    form = TaskReportForm(request.POST, rows=_form_rows(request))
    if not form.is_valid():
        messages.error(request, gettext("Biểu mẫu còn lỗi; hãy xem các ô được đánh dấu."))
        return None
    user = _user(request)
    try:
        if report is None:
            report = services.taskreport_get_or_create(assignment=assignment, period=period, by=user)
        report = services.taskreport_save(report=report, by=user, content=form.content())
        if request.POST.get("action") == "submit":
            services.taskreport_submit(report=report, by=user)
            messages.success(request, gettext("Đã gửi báo cáo nhiệm vụ đến cơ quan chủ trì."))
        else:
            messages.success(request, gettext("Đã lưu báo cáo nhiệm vụ."))
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    except DomainError as exc:
        messages.error(request, str(exc))
        if report is None:
            return None
    return redirect("followup:report", report.pk)


@login_required
@require_http_methods(["GET", "POST"])
def fill(request: HttpRequest, assignment_id: int, period: str) -> HttpResponse:
    try:
        assignment = sel.assignment_get(user=_user(request), assignment_id=assignment_id)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    report = TaskReport.objects.filter(assignment=assignment, period=period).first()
    if report is not None:
        return redirect("followup:report", report.pk)
    if not sel.PERIOD_CODE.match(period):
        raise Http404(gettext("Kỳ báo cáo không hợp lệ."))
    form = TaskReportForm.for_report(None)
    if request.method == "POST":
        done = _save(request, None, assignment, period)
        if done is not None:
            return done
        form = TaskReportForm(request.POST, rows=_form_rows(request))
    return render(request, "followup/report.html", {
        "assignment": assignment, "period": period, "period_label": sel.period_label(period), "report": None,
        "form": form, "editable": sel.user_reports_for(user=_user(request), assignment=assignment),
        "due": sel.period_due(plan=assignment.plan, period=period)})


def _report(request: HttpRequest, report_id: int) -> TaskReport:
    try:
        return sel.taskreport_get(user=_user(request), report_id=report_id)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


@login_required
@require_http_methods(["GET", "POST"])
def report_page(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(request, report_id)
    user = _user(request)
    editable = sel.user_may_edit(user=user, report=report) and report.state in (TaskReport.State.DRAFT,
                                                                                    TaskReport.State.RETURNED)
    form = TaskReportForm.for_report(report)
    if request.method == "POST":
        done = _save(request, report, report.assignment, report.period)
        if done is not None:
            return done
        form = TaskReportForm(request.POST, rows=_form_rows(request))
    leads = sel.user_leads(user=user, plan=report.assignment.plan)
    return render(request, "followup/report.html", {
        "assignment": report.assignment, "period": report.period, "period_label": sel.period_label(report.period),
        "report": report, "form": form, "editable": editable, "leads": leads,
        "may_submit": sel.user_may_edit(user=user, report=report),
        "events": report.events.select_related("by"), "evidence": report.evidence.all(),
        "returned_comment": sel.last_return(report=report) if report.state == TaskReport.State.RETURNED else "",
        "due": sel.period_due(plan=report.assignment.plan, period=report.period)})


def _next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@login_required
@require_POST
def transition(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(request, report_id)
    form = TransitionForm(request.POST)
    back = _next(request, reverse("followup:report", args=[report.pk]))
    if not form.is_valid():
        messages.error(request, gettext("Thao tác không hợp lệ."))
        return redirect(back)
    try:
        done = services.taskreport_transition(report=report, action=form.cleaned_data["action"], by=_user(request),
                                              comment=form.cleaned_data["comment"])
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("Báo cáo của %(agency)s đã chuyển sang trạng thái “%(state)s”.")
                         % {"agency": done.assignment.agency_name, "state": done.get_state_display()})
    return redirect(back)


@login_required
@require_POST
def evidence_upload(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(request, report_id)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, gettext("Hãy chọn một tệp minh chứng."))
        return redirect("followup:report", report.pk)
    try:
        services.evidence_add(report=report, by=_user(request), name=upload.name or "", size=upload.size or 0,
                              stream=upload)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("Đã thêm tệp “%(name)s”.") % {"name": upload.name})
    return redirect("followup:report", report.pk)


@login_required
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    try:
        evidence = sel.evidence_get(user=_user(request), evidence_id=evidence_id)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(gettext("Tệp minh chứng không còn trên máy chủ.")) from exc
    response = FileResponse(handle, as_attachment=True, filename=evidence.name, content_type=evidence.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def evidence_remove(request: HttpRequest, evidence_id: int) -> HttpResponse:
    try:
        evidence = sel.evidence_get(user=_user(request), evidence_id=evidence_id)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    report_id = evidence.report_id
    try:
        services.evidence_delete(evidence=evidence, by=_user(request))
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("followup:report", report_id)


def _period(request: HttpRequest, plan) -> str:
    period = request.GET.get("period", "")
    if sel.PERIOD_CODE.match(period):
        return period
    return str(today().year - (1 if today().month < 7 else 0))


@login_required
def plan_matrix_page(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id)
    user = _user(request)
    period = _period(request, plan)
    periods = [d.period for d in sel.plan_periods(plan=plan, last_year=today().year)][::-1]
    matrix = sel.plan_matrix(plan=plan, period=period)
    return render(request, "followup/matrix.html", {
        "plan": plan, "period": period, "periods": periods, "matrix": matrix,
        "openable": sel.reports_openable(user=user, matrix=matrix),
        "leads": sel.user_leads(user=user, plan=plan), "assign_form": AssignForm(), "home": sel.plan_unit(plan=plan),
        "manages_members": user_may_administer(actor=user),
        "assignments": plan.task_assignments.filter(active=True).select_related("org_unit", "task_group")})


@login_required
@require_POST
def assign(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id)
    user = _user(request)
    action = request.POST.get("action", "")
    try:
        if action == "sync":
            added = services.assignments_sync(plan=plan, by=user)
            messages.success(request, gettext("Đã phân công %(count)d nhiệm vụ theo kế hoạch.") % {"count": added})
        elif action == "remove":
            assignment = plan.task_assignments.filter(pk=request.POST.get("assignment", "0") or 0).first()
            if assignment is None:
                raise DomainError(gettext("Không tìm thấy phân công cần bỏ; hãy tải lại trang."))
            services.assignment_deactivate(assignment=assignment, by=user)
            messages.success(request, gettext("Đã bỏ phân công cho %(agency)s.") % {"agency": assignment.agency_name})
        else:
            form = AssignForm(request.POST)
            if not form.is_valid():
                raise DomainError(gettext("Cần ghi cơ quan, vai trò và nhiệm vụ."))
            c = form.cleaned_data
            unit = orgunit_get(code=c["unit_code"]) if c["unit_code"] else None
            services.assignment_create(plan=plan, by=user, agency_name=c["agency_name"], org_unit=unit,
                                       role=c["role"], task=c["task"])
            messages.success(request, gettext("Đã giao nhiệm vụ cho %(agency)s.") % {"agency": c["agency_name"]})
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("followup:matrix", plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def compile_page(request: HttpRequest, plan_id: int, period: str) -> HttpResponse:
    plan = _plan(request, plan_id)
    user = _user(request)
    try:
        compilation = sel.compilation_get(user=user, plan=plan, period=period)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    if request.method == "POST":
        texts = {}
        for key, value in request.POST.items():
            parts = key.split(":")
            if len(parts) == 3 and parts[0] == "text" and parts[1].isdigit() and \
                    parts[2] in CompiledText.Section.values:
                texts[(int(parts[1]), parts[2])] = value
        try:
            kept = services.compilation_save(plan=plan, period=period, by=user, texts=texts)
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(str(exc)) from exc
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, gettext("Đã lưu báo cáo tổng hợp (%(count)d đoạn đã sửa).") % {"count": kept})
        return redirect("followup:compile", plan.pk, period)
    return render(request, "followup/compile.html", {
        "plan": plan, "period": period, "period_label": sel.period_label(period), "home": sel.plan_unit(plan=plan),
        "compilation": compilation})


# --- agency members -----------------------------------------------------------------------------------

def _administrator(request: HttpRequest) -> User:
    user = _user(request)
    if not user_may_administer(actor=user):
        raise DjangoPermissionDenied(gettext("Chỉ quản trị hệ thống và cán bộ cấp tỉnh được gán cán bộ cho cơ quan."))
    return user


def _members_root(request: HttpRequest, user: User, code: str):
    """The province whose agencies are shown: one the officer administers (the first by default), or
    for a system administrator the one asked for (none until chosen)."""
    roots = admin_roots(actor=user)
    code = code.strip()[:40]
    if roots is not None:
        return next((r for r in roots if r.code == code), roots[0]), roots
    provinces = list(sel.provinces_current())
    return next((p for p in provinces if p.code == code), None), provinces


def _members_page(request: HttpRequest, user: User, root, roots, form: MemberAddForm | None = None,
                  status: int = 200) -> HttpResponse:
    return render(request, "followup/members.html", {
        "root": root, "roots": roots, "rows": sel.agency_members_in(root=root) if root is not None else [],
        "form": form or _member_form(user, None)}, status=status)


def _member_form(user: User, data) -> MemberAddForm:  # type: ignore[no-untyped-def]
    return MemberAddForm(data, users=users_manageable(actor=user), agencies=sel.agencies_current(),
                         within=orgunits_visible(user=user))


@login_required
@require_http_methods(["GET"])
def members(request: HttpRequest) -> HttpResponse:
    user = _administrator(request)
    root, roots = _members_root(request, user, request.GET.get("unit", ""))
    return _members_page(request, user, root, roots)


def _back(root) -> HttpResponse:  # type: ignore[no-untyped-def]
    return redirect(f"{reverse('followup:members')}?unit={root.code}")


@login_required
@require_POST
def member_add(request: HttpRequest) -> HttpResponse:
    user = _administrator(request)
    root, roots = _members_root(request, user, request.POST.get("unit", ""))
    form = _member_form(user, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        unit = d["org_unit"] or root
        try:
            if unit is None:
                raise DomainError(gettext("Hãy chọn tỉnh trước, hoặc ghi đơn vị."))
            member = services.agency_member_add(user=d["user"], agency=d["agency"], org_unit=unit, by=user)
        except DomainError as exc:
            form.add_error("org_unit" if isinstance(exc, PermissionDenied) else None, str(exc))
        else:
            messages.success(request, gettext("%(username)s đã được gán báo cáo cho %(agency)s (%(unit)s).")
                             % {"username": member.user.username, "agency": member.agency.name,
                                "unit": member.org_unit.name})
            return _back(root or unit)
    return _members_page(request, user, root, roots, form=form, status=400)


@login_required
@require_POST
def member_remove(request: HttpRequest, member_id: int) -> HttpResponse:
    user = _administrator(request)
    try:
        member = sel.agency_member_get(member_id=member_id)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    root, _roots = _members_root(request, user, request.POST.get("unit", ""))
    try:
        services.agency_member_remove(member=member, by=user)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("Đã bỏ %(username)s khỏi %(agency)s (%(unit)s).")
                         % {"username": member.user.username, "agency": member.agency.name,
                            "unit": member.org_unit.name})
    return _back(root or member.org_unit)
