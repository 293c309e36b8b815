"""Writes of task follow-up. Every write checks who may do it, and runs in one transaction.

The workflow is the data reports' own (gdnn.collection.services.workflow's ACTIONS and TRANSITIONS):
draft → submitted → approved (accepted) or returned → submitted …; a system administrator may reopen
an accepted report. Each move and each edit writes a TaskReportEvent; moves notify as data reports do.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO

from django.core.files.base import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from gdnn.accounts.administration.selectors import admin_roots, user_manageable_get
from gdnn.accounts.models import RoleAssignment, User
from gdnn.collection.models import Submission
from gdnn.collection.services.workflow import ACTIONS, TRANSITIONS
from gdnn.collection.uploads import upload_check_size
from gdnn.common import events
from gdnn.common.clientaddr import current_client_address
from gdnn.common.errors import DomainError, NotFound, PermissionDenied
from gdnn.followup import selectors as sel
from gdnn.followup.models import (
    AgencyMember,
    CompiledText,
    TaskAssignment,
    TaskEvidence,
    TaskReport,
    TaskReportEvent,
)
from gdnn.followup.richtext import richtext_clean
from gdnn.notifications.messages import both
from gdnn.notifications.models import Notification
from gdnn.notifications.services import notification_send, notifications_send
from gdnn.orgunits.models import OrgUnit
from gdnn.plans.agency_register import match_agency
from gdnn.plans.models import Agency, Plan

State = Submission.State
PERIOD = re.compile(r"^\d{4}(S[12])?$")
MAX_DOCUMENTS = 20
REMIND_BEFORE_DAYS = 7
OVERDUE_DAYS = 30
# Whole sentences per action (not the verb slotted into one sentence), so each language words them itself.
_NOT_FROM_STATE = {
    "submit": gettext_noop("Không thể gửi báo cáo đang ở trạng thái “%(state)s”."),
    "approve": gettext_noop("Không thể chấp nhận báo cáo đang ở trạng thái “%(state)s”."),
    "return": gettext_noop("Không thể trả lại báo cáo đang ở trạng thái “%(state)s”."),
    "reopen": gettext_noop("Không thể mở lại báo cáo đang ở trạng thái “%(state)s”."),
}


def _actor(by: User | None) -> User | None:
    return by if by is not None and by.is_authenticated else None


# --- assignments --------------------------------------------------------------------------------------

@transaction.atomic
def assignments_sync(*, plan: Plan, by: User | None, on: dt.date | None = None) -> int:
    """Assign the plan's tasks as the document gives them: each agency of "Tổ chức thực
    hiện" its duties (lead or cooperating), each task group to the coordinating agency. Idempotent:
    only what is not assigned yet is added; edits (removed, added by hand) stay. Returns how many."""
    if by is not None and not sel.user_leads(user=by, plan=plan):
        raise PermissionDenied(gettext("Chỉ cơ quan chủ trì kế hoạch mới được phân công nhiệm vụ."))
    home = sel.plan_unit(plan=plan)
    if plan.status not in sel.FOLLOWED_STATUSES or home is None:
        raise DomainError(gettext("Kế hoạch %(plan)s đã thu hồi, lưu trữ hoặc không gắn với địa phương; "
                                  "không phân công được.") % {"plan": plan.label})
    on = on or timezone.localdate()
    existing = TaskAssignment.objects.filter(plan=plan)
    have_sources = set(existing.values_list("source_id", flat=True))
    have_groups = set(existing.values_list("task_group_id", flat=True))
    order = (existing.order_by("-order").values_list("order", flat=True).first() or 0)
    coordinator = sel.plan_coordinator(plan=plan, on=on)
    added = 0
    for group in plan.task_groups.order_by("order"):
        if group.pk in have_groups or coordinator is None:
            continue
        order += 1
        TaskAssignment.objects.create(plan=plan, task_group=group, task=group.heading, agency=coordinator,
                                      agency_name=coordinator.name, org_unit=home,
                                      role=TaskAssignment.Role.LEAD, order=order)
        added += 1
    for a in plan.assignments.select_related("agency__gdnn_successor").order_by("order"):
        if a.pk in have_sources:
            continue
        order += 1
        role = TaskAssignment.Role.COOPERATE if a.role == "cooperate" else TaskAssignment.Role.LEAD
        TaskAssignment.objects.create(plan=plan, source=a, task=" ".join(a.duties.split()) or a.agency_name,
                                      agency=sel.reporting_agency(agency=a.agency, on=on),
                                      agency_name=re.sub(r"^Đề nghị\s+", "", a.agency_name),
                                      org_unit=home, role=role, order=order)
        added += 1
    return added


@transaction.atomic
def assignment_create(*, plan: Plan, by: User | None, agency_name: str, org_unit: OrgUnit | None, role: str,
                      task: str) -> TaskAssignment:
    """Give a task by hand, to an agency named as people write it (mapped to the register and through
    the 2025 reorganisation) at the plan's unit, or at one commune or institution of its area."""
    if by is not None and not sel.user_leads(user=by, plan=plan):
        raise PermissionDenied(gettext("Chỉ cơ quan chủ trì kế hoạch mới được phân công nhiệm vụ."))
    home = sel.plan_unit(plan=plan)
    org_unit = org_unit or home
    if home is None or org_unit is None:
        raise DomainError(gettext("Kế hoạch không gắn với địa phương; hãy ghi mã đơn vị được giao."))
    if not org_unit.path.startswith(home.path):
        raise DomainError(gettext("Đơn vị %(unit)s không thuộc địa bàn của kế hoạch %(plan)s.")
                          % {"unit": org_unit.name, "plan": plan.label})
    if role not in TaskAssignment.Role.values:
        raise DomainError(gettext("Vai trò phải là chủ trì hoặc phối hợp."))
    task, agency_name = " ".join(task.split()), " ".join(agency_name.split())
    if not task or not agency_name:
        raise DomainError(gettext("Cần ghi rõ nhiệm vụ và cơ quan được giao."))
    kind = match_agency(agency_name)
    agency = sel.reporting_agency(agency=Agency.objects.filter(code=kind.code).first() if kind else None,
                                  on=timezone.localdate())
    order = (TaskAssignment.objects.filter(plan=plan).order_by("-order").values_list("order", flat=True).first()
             or 0) + 1
    return TaskAssignment.objects.create(plan=plan, task=task[:4000], agency=agency, agency_name=agency_name[:300],
                                         org_unit=org_unit, role=role, order=order)


@transaction.atomic
def assignment_deactivate(*, assignment: TaskAssignment, by: User | None) -> TaskAssignment:
    """Take a task off an agency; its reports stay (they are history)."""
    if by is not None and not sel.user_leads(user=by, plan=assignment.plan):
        raise PermissionDenied(gettext("Chỉ cơ quan chủ trì kế hoạch mới được sửa phân công."))
    assignment.active = False
    assignment.save(update_fields=["active"])
    return assignment


def _member_scope_check(*, by: User | None, user: User, org_unit: OrgUnit, adding: bool) -> None:
    """`by` None is the command line (the server's operator). A system administrator manages every
    membership; a province officer those at units of their province, of accounts they manage."""
    if by is None:
        return
    roots = admin_roots(actor=by)
    if roots is None:
        return
    if not roots:
        raise PermissionDenied(gettext("Chỉ quản trị hệ thống và cán bộ cấp tỉnh được gán cán bộ cho cơ quan."))
    if not any(org_unit.path.startswith(root.path) for root in roots):
        raise PermissionDenied(gettext("%(unit)s nằm ngoài phạm vi quản lý của bạn.") % {"unit": org_unit.name})
    if adding:
        try:
            user_manageable_get(actor=by, user_id=user.pk)
        except NotFound as exc:
            raise PermissionDenied(gettext("Tài khoản %(username)s nằm ngoài phạm vi quản lý của bạn.")
                                   % {"username": user.username}) from exc


def agency_member_check(*, agency: Agency, org_unit: OrgUnit, on: dt.date | None = None) -> None:
    """DomainError unless officers can report for this agency at this unit today: a current agency,
    a current unit, and the unit's level the agency's (a Sở at a province, UBND cấp xã at a commune)."""
    on = on or timezone.localdate()
    if agency.valid_to is not None and agency.valid_to < on:
        now = sel.reporting_agency(agency=agency, on=on)
        args = {"agency": agency.name, "date": f"{agency.valid_to:%d/%m/%Y}"}
        if now is not None and now.pk != agency.pk:
            raise DomainError(gettext("%(agency)s đã giải thể từ %(date)s; nay là %(successor)s.")
                              % {**args, "successor": now.name})
        raise DomainError(gettext("%(agency)s đã giải thể từ %(date)s.") % args)
    if org_unit.valid_to is not None and org_unit.valid_to < on:
        raise DomainError(gettext("%(unit)s (%(code)s) không còn hiệu lực; hãy chọn đơn vị hiện hành.")
                          % {"unit": org_unit.name, "code": org_unit.code})
    level = sel.AGENCY_UNIT_LEVEL.get(agency.level)
    if level is None or org_unit.level != level:
        if level is None:
            raise DomainError(gettext("%(agency)s là cơ quan cấp hiện hành; %(unit)s không phải đơn vị cấp đó.")
                              % {"agency": agency.name, "unit": org_unit.name})
        raise DomainError(gettext("%(agency)s là cơ quan cấp %(level)s; %(unit)s không phải đơn vị cấp đó.")
                          % {"agency": agency.name, "level": str(OrgUnit.Level(level).label).lower(),
                             "unit": org_unit.name})


@transaction.atomic
def agency_member_add(*, user: User, agency: Agency, org_unit: OrgUnit, by: User | None) -> AgencyMember:
    """Let a user report for an agency at a unit (an officer of Sở Tài chính of Lạng Sơn)."""
    _member_scope_check(by=by, user=user, org_unit=org_unit, adding=True)
    agency_member_check(agency=agency, org_unit=org_unit)
    if not user.is_active:
        raise DomainError(gettext("Tài khoản %(username)s đang bị khóa.") % {"username": user.username})
    member, created = AgencyMember.objects.get_or_create(user=user, agency=agency, org_unit=org_unit)
    if not created:
        raise DomainError(gettext("%(username)s đã báo cáo cho %(agency)s (%(unit)s).")
                          % {"username": user.username, "agency": agency.name, "unit": org_unit.name})
    events.agency_member_added(member=member, by=_actor(by))
    return member


@transaction.atomic
def agency_member_remove(*, member: AgencyMember, by: User | None) -> None:
    """Stop a user reporting for an agency; the reports they wrote stay (they are history)."""
    member = AgencyMember.objects.select_for_update().select_related("user", "agency", "org_unit").get(pk=member.pk)
    _member_scope_check(by=by, user=member.user, org_unit=member.org_unit, adding=False)
    events.agency_member_removed(member=member, by=_actor(by))
    member.delete()


# --- reports ------------------------------------------------------------------------------------------

@transaction.atomic
def taskreport_get_or_create(*, assignment: TaskAssignment, period: str, by: User | None) -> TaskReport:
    if not PERIOD.match(period or ""):
        raise DomainError(gettext("Kỳ báo cáo “%(period)s” không hợp lệ (ví dụ 2025 hoặc 2025S1).") % {"period": period})
    if by is not None and not sel.user_reports_for(user=by, assignment=assignment) and not (
            assignment.agency_id is None and sel.user_leads(user=by, plan=assignment.plan)):
        raise PermissionDenied(gettext("Bạn không báo cáo nhiệm vụ này."))
    report, _ = TaskReport.objects.get_or_create(assignment=assignment, period=period)
    return report


@dataclass(frozen=True)
class ReportContent:
    progress: str
    done: str
    figures: str = ""
    documents: tuple[dict, ...] = ()
    difficulties: str = ""
    proposals: str = ""


def _documents(items: tuple[dict, ...]) -> list[dict]:
    out = []
    for index, d in enumerate(items[:MAX_DOCUMENTS], start=1):
        number, date, excerpt = (str(d.get(k) or "").strip() for k in ("number", "date", "excerpt"))
        if not (number or date or excerpt):
            continue
        if not number:
            raise DomainError(gettext("Văn bản dòng %(row)d: cần ghi số, ký hiệu văn bản.") % {"row": index})
        if date:
            try:
                dt.date.fromisoformat(date)
            except ValueError:
                raise DomainError(gettext("Văn bản dòng %(row)d: ngày “%(date)s” không hợp lệ.")
                                  % {"row": index, "date": date}) from None
        out.append({"number": number[:60], "date": date, "excerpt": excerpt[:500]})
    return out


@transaction.atomic
def taskreport_save(*, report: TaskReport, by: User | None, content: ReportContent) -> TaskReport:
    """Save the agency's text while the report is a draft or returned; an "edit" event names the fields."""
    report = TaskReport.objects.select_for_update().select_related("assignment__plan").get(pk=report.pk)
    if by is not None and not sel.user_may_edit(user=by, report=report):
        raise PermissionDenied(gettext("Bạn không được sửa báo cáo nhiệm vụ này."))
    if report.state not in (State.DRAFT, State.RETURNED):
        raise DomainError(gettext("Báo cáo đang ở trạng thái “%(state)s”, không sửa được.")
                          % {"state": State(report.state).label})
    if content.progress not in TaskReport.Progress.values:
        raise DomainError(gettext("Hãy chọn tình hình thực hiện."))
    new = {"progress": content.progress, "done_html": richtext_clean(content.done),
           "figures": content.figures.strip()[:4000], "documents": _documents(content.documents),
           "difficulties": content.difficulties.strip()[:8000], "proposals": content.proposals.strip()[:8000]}
    changed = [k for k, v in new.items() if getattr(report, k) != v]
    for k, v in new.items():
        setattr(report, k, v)
    report.updated_by = _actor(by)
    report.save()
    if changed:
        TaskReportEvent.objects.create(report=report, from_state=report.state, to_state=report.state, action="edit",
                                       by=_actor(by), comment=", ".join(changed),
                                       client_address=current_client_address())
    return report


def _move(*, report: TaskReport, action: str, by: User | None, comment: str) -> TaskReport:
    report = TaskReport.objects.select_for_update().select_related("assignment__plan").get(pk=report.pk)
    target = ACTIONS[action].get(report.state)
    if target is None or target not in TRANSITIONS[report.state]:
        raise DomainError(gettext(_NOT_FROM_STATE[action]) % {"state": State(report.state).label})
    event = TaskReportEvent(report=report, from_state=report.state, to_state=target, action=action, by=_actor(by),
                            comment=comment.strip(), client_address=current_client_address())
    report.state = target
    report.state_changed_at = timezone.now()
    report.save(update_fields=["state", "state_changed_at"])
    event.save()
    return report


def _what(report: TaskReport) -> dict[str, str]:
    """The task report a notice is about, as the message's parameters."""
    a = report.assignment
    return {"agency": a.agency_name, "period": report.period, **both("plan", partial(getattr, a.plan, "label"))}


def _link(report: TaskReport) -> str:
    return reverse("followup:report", args=[report.pk])


def _reporters(report: TaskReport) -> list[User]:
    a = report.assignment
    users = [m.user for m in AgencyMember.objects.filter(agency_id=a.agency_id, org_unit_id=a.org_unit_id,
                                                         user__is_active=True).select_related("user")] \
        if a.agency_id else []
    if a.org_unit.level in sel.FILLER_LEVELS:
        users += [r.user for r in RoleAssignment.objects.filter(org_unit=a.org_unit, role__in=sel.FILLER_ROLES,
                                                                user__is_active=True).select_related("user")]
    return users


def _leads(plan: Plan) -> list[User]:
    coordinator = sel.plan_coordinator(plan=plan, on=timezone.localdate())
    home = sel.plan_unit(plan=plan)
    if coordinator is None or home is None:
        return []
    return [m.user for m in AgencyMember.objects.filter(agency=coordinator, org_unit=home,
                                                        user__is_active=True).select_related("user")]


@transaction.atomic
def taskreport_submit(*, report: TaskReport, by: User | None, comment: str = "") -> TaskReport:
    if by is not None and not sel.user_may_edit(user=by, report=report):
        raise PermissionDenied(gettext("Bạn không được gửi báo cáo nhiệm vụ này."))
    if not report.done_html.strip() and report.progress != TaskReport.Progress.NOT_STARTED:
        raise DomainError(gettext("Chưa thể gửi: hãy ghi kết quả thực hiện nhiệm vụ."))
    moved = _move(report=report, action="submit", by=by, comment=comment)
    notifications_send(users=_leads(moved.assignment.plan), kind=Notification.Kind.AWAITING,
                       message="task_report_submitted", params=_what(moved), link=_link(moved), email=False)
    return moved


@transaction.atomic
def taskreport_approve(*, report: TaskReport, by: User | None, comment: str = "") -> TaskReport:
    if by is not None and not sel.user_leads(user=by, plan=report.assignment.plan):
        raise PermissionDenied(gettext("Chỉ cơ quan chủ trì kế hoạch mới được chấp nhận báo cáo nhiệm vụ."))
    moved = _move(report=report, action="approve", by=by, comment=comment)
    notifications_send(users=_reporters(moved), kind=Notification.Kind.APPROVED,
                       message="task_report_approved", params=_what(moved), link=_link(moved))
    return moved


@transaction.atomic
def taskreport_return(*, report: TaskReport, by: User | None, comment: str = "") -> TaskReport:
    if by is not None and not sel.user_leads(user=by, plan=report.assignment.plan):
        raise PermissionDenied(gettext("Chỉ cơ quan chủ trì kế hoạch mới được trả lại báo cáo nhiệm vụ."))
    if not comment.strip():
        raise DomainError(gettext("Khi trả lại báo cáo cần ghi rõ lý do."))
    moved = _move(report=report, action="return", by=by, comment=comment)
    notifications_send(users=_reporters(moved), kind=Notification.Kind.RETURNED,
                       message="task_report_returned", params={**_what(moved), "reason": comment.strip()},
                       link=_link(moved))
    return moved


@transaction.atomic
def taskreport_reopen(*, report: TaskReport, by: User | None, comment: str = "") -> TaskReport:
    if by is not None and not sel.user_is_admin(user=by):
        raise PermissionDenied(gettext("Chỉ quản trị hệ thống mới được mở lại báo cáo đã chấp nhận."))
    return _move(report=report, action="reopen", by=by, comment=comment)


def taskreport_transition(*, report: TaskReport, action: str, by: User | None, comment: str = "") -> TaskReport:
    services = {"submit": taskreport_submit, "approve": taskreport_approve, "return": taskreport_return,
                "reopen": taskreport_reopen}
    if action not in services:
        raise DomainError(gettext("Thao tác không hợp lệ: %(action)s") % {"action": action})
    return services[action](report=report, by=by, comment=comment)


# --- evidence -----------------------------------------------------------------------------------------

# suffix → (content type, the first bytes a real file of that kind starts with)
EVIDENCE_KINDS: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}
MAX_EVIDENCE_FILES = 10


def evidence_kind(*, name: str, head: bytes) -> str:
    """The content type of an allowed evidence file; DomainError naming the file otherwise."""
    suffix = Path(name).suffix.lower()
    kind = EVIDENCE_KINDS.get(suffix)
    if kind is None:
        if not suffix:
            raise DomainError(gettext("Tệp “%(name)s”: loại tệp “(không có phần mở rộng)” không được nhận; "
                                      "chỉ nhận PDF, Word (.docx), Excel (.xlsx), ảnh JPG hoặc PNG.") % {"name": name})
        raise DomainError(gettext("Tệp “%(name)s”: loại tệp “%(suffix)s” không được nhận; "
                                  "chỉ nhận PDF, Word (.docx), Excel (.xlsx), ảnh JPG hoặc PNG.")
                          % {"name": name, "suffix": suffix})
    if not head.startswith(kind[1]):
        raise DomainError(gettext("Tệp “%(name)s” không đúng định dạng %(suffix)s (nội dung tệp không khớp phần mở rộng).")
                          % {"name": name, "suffix": suffix})
    return kind[0]


@transaction.atomic
def evidence_add(*, report: TaskReport, by: User | None, name: str, size: int, stream: IO[bytes]) -> TaskEvidence:
    """Attach an evidence file: its size within GDNN_UPLOAD_MAX_MB, its kind one of EVIDENCE_KINDS by
    both name and content."""
    if by is not None and not sel.user_may_edit(user=by, report=report):
        raise PermissionDenied(gettext("Bạn không được thêm tệp vào báo cáo nhiệm vụ này."))
    if report.state not in (State.DRAFT, State.RETURNED):
        raise DomainError(gettext("Báo cáo đã gửi; không thêm tệp được."))
    name = Path(name or "tep").name[:200]
    upload_check_size(name=name, size=size)
    head = stream.read(16)
    stream.seek(0)
    content_type = evidence_kind(name=name, head=head)
    if report.evidence.count() >= MAX_EVIDENCE_FILES:
        raise DomainError(gettext("Mỗi báo cáo nhận tối đa %(count)d tệp minh chứng.") % {"count": MAX_EVIDENCE_FILES})
    evidence = TaskEvidence(report=report, name=name, size=size, content_type=content_type, uploaded_by=_actor(by))
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name)[-80:] or "tep"
    evidence.file.save(f"{report.pk}-{safe}", File(stream), save=False)
    evidence.save()
    TaskReportEvent.objects.create(report=report, from_state=report.state, to_state=report.state, action="edit",
                                   by=_actor(by), comment=f"thêm tệp {name}", client_address=current_client_address())
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: TaskEvidence, by: User | None) -> None:
    report = evidence.report
    if by is not None and not sel.user_may_edit(user=by, report=report):
        raise PermissionDenied(gettext("Bạn không được xóa tệp của báo cáo nhiệm vụ này."))
    if report.state not in (State.DRAFT, State.RETURNED):
        raise DomainError(gettext("Báo cáo đã gửi; không xóa tệp được."))
    TaskReportEvent.objects.create(report=report, from_state=report.state, to_state=report.state, action="edit",
                                   by=_actor(by), comment=f"xóa tệp {evidence.name}",
                                   client_address=current_client_address())
    evidence.file.delete(save=False)
    evidence.delete()


# --- compilation --------------------------------------------------------------------------------------

@transaction.atomic
def compilation_save(*, plan: Plan, period: str, by: User | None, texts: dict[tuple[int, str], str]) -> int:
    """Keep the lead's edits of compiled paragraphs ((report id, section) → text); an emptied or
    unchanged text drops the edit. Returns how many edits are kept."""
    if by is not None and not sel.user_leads(user=by, plan=plan):
        raise PermissionDenied(gettext("Chỉ cơ quan chủ trì kế hoạch mới được sửa báo cáo tổng hợp."))
    compiled = sel.compilation_for(plan=plan, period=period)
    current = {(p.report_id, p.section): p for p in compiled.tasks + compiled.difficulties + compiled.proposals}
    kept = 0
    for key, text in texts.items():
        paragraph = current.get(key)
        if paragraph is None:
            raise DomainError(gettext("Báo cáo tổng hợp đã thay đổi (có báo cáo vừa được chấp nhận hoặc mở lại); "
                                      "hãy tải lại trang."))
        text = " ".join(text.split())[:8000]
        if not text or text == paragraph.generated:
            CompiledText.objects.filter(report_id=key[0], section=key[1]).delete()
            continue
        CompiledText.objects.update_or_create(report_id=key[0], section=key[1],
                                              defaults={"text": text, "edited_by": _actor(by)})
        kept += 1
    return kept


# --- reminders ----------------------------------------------------------------------------------------

@dataclass
class RemindResult:
    due_soon: int = 0
    overdue: int = 0


def followup_reminders_send(*, on: dt.date) -> RemindResult:
    """Due-soon and overdue notices to the agencies whose task report is not yet sent, once each."""
    result = RemindResult()
    assignments = (TaskAssignment.objects.filter(active=True, plan__status__in=sel.FOLLOWED_STATUSES)
                   .select_related("plan", "org_unit", "agency"))
    done = set(TaskReport.objects.filter(state__in=sel.DONE).values_list("assignment_id", "period"))
    periods: dict[int, list] = {}
    for a in assignments:
        if a.plan_id not in periods:
            periods[a.plan_id] = sel.plan_periods(plan=a.plan, first_year=on.year - 1, last_year=on.year)
        for due in periods[a.plan_id]:
            if (a.pk, due.period) in done:
                continue
            if 0 <= (due.due - on).days <= REMIND_BEFORE_DAYS:
                kind, message = Notification.Kind.DUE_SOON, "task_due_soon"
            elif 0 < (on - due.due).days <= OVERDUE_DAYS:
                kind, message = Notification.Kind.OVERDUE, "task_overdue"
            else:
                continue
            params = {"task": a.task[:120], "period": due.period, "due": f"{due.due:%d/%m/%Y}",
                      **both("plan", partial(getattr, a.plan, "label"))}
            link = reverse("followup:fill", args=[a.pk, due.period])
            fake = TaskReport(assignment=a, period=due.period)
            for user in _reporters(fake):
                sent = notification_send(user=user, kind=kind, message=message, params=params, link=link,
                                         key=f"followup:{kind}:{a.pk}:{due.period}")
                if sent is not None:
                    if kind == Notification.Kind.DUE_SOON:
                        result.due_soon += 1
                    else:
                        result.overdue += 1
    return result

