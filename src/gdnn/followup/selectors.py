"""Reads of task follow-up: who may report or review, the periods a plan's duties set, each
person's task reports, the lead's review list, the plan matrix, and the compiled ND 30 sections."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext, pgettext

from gdnn.accounts.models import Role, User
from gdnn.accounts.selectors import orgunit_in_scope, user_assignments
from gdnn.collection.models import Submission
from gdnn.common.errors import NotFound
from gdnn.common.vnformat import format_date
from gdnn.followup.models import AgencyMember, CompiledText, TaskAssignment, TaskEvidence, TaskReport
from gdnn.followup.richtext import richtext_paragraphs
from gdnn.orgunits.models import OrgUnit
from gdnn.orgunits.selectors import orgunit_ancestors, orgunit_current_units, today
from gdnn.plans.calendar import DueReport, annual, semiannual
from gdnn.plans.models import Agency, Plan, ReportingDuty

State = Submission.State
FILLER_LEVELS = {OrgUnit.Level.COMMUNE, OrgUnit.Level.INSTITUTION}
FILLER_ROLES = {Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER, Role.INSTITUTION_REPORTER}
SHOWN_BEFORE_DUE_DAYS = 200  # a period appears on the agency's list this long before its deadline
OVERDUE_SHOWN_DAYS = 120
DONE = {State.SUBMITTED, State.APPROVED}
# Plans whose tasks are followed: in force, or still a draft under review (the demo's plans are).
FOLLOWED_STATUSES = (Plan.Status.PUBLISHED, Plan.Status.DRAFT)
# The unit an agency's officers sit at, by the register's level (agencies.toml); district: dissolved.
AGENCY_UNIT_LEVEL = {"province": OrgUnit.Level.PROVINCE, "party": OrgUnit.Level.PROVINCE,
                     "commune": OrgUnit.Level.COMMUNE, "institution": OrgUnit.Level.INSTITUTION}


# --- who ------------------------------------------------------------------------------------------

def user_is_admin(*, user: User) -> bool:
    return bool(user.is_superuser) or any(a.role == Role.SYSTEM_ADMIN for a in user_assignments(user=user))


def reporting_agency(*, agency: Agency | None, on: dt.date) -> Agency | None:
    """The register kind that answers for an agency today: a dissolved one's GDNN successor, or its
    only successor (Sở Kế hoạch và Đầu tư → Sở Tài chính)."""
    if agency is None or not agency.valid_to or agency.valid_to >= on:
        return agency
    if agency.gdnn_successor_id:
        return agency.gdnn_successor
    successors = list(agency.successors.all()[:2])
    return successors[0] if len(successors) == 1 else agency


def plan_unit(*, plan: Plan) -> OrgUnit | None:
    """The unit whose agencies follow the plan up today: the plan's own unit, or for a plan of a
    pre-2025 province or district the (one) current province its ground now lies in."""
    unit = plan.org_unit
    if unit is None or not unit.is_pre_reform:
        return unit
    provinces: dict[int, OrgUnit] = {}
    for current in orgunit_current_units(unit=unit):
        province = current if current.level == OrgUnit.Level.PROVINCE else next(
            (a for a in orgunit_ancestors(unit=current) if a.level == OrgUnit.Level.PROVINCE), None)
        if province is not None:
            provinces[province.pk] = province
    return next(iter(provinces.values())) if len(provinces) == 1 else unit


def plan_coordinator(*, plan: Plan, on: dt.date) -> Agency | None:
    """The lead agency that compiles the plan's report: the first lead of "Tổ chức thực hiện"."""
    for a in plan.assignments.select_related("agency__gdnn_successor").order_by("order"):
        if a.role in ("lead", "mixed") and a.agency is not None:
            return reporting_agency(agency=a.agency, on=on)
    return Agency.objects.filter(code="so-gddt").first()


def _memberships(user: User) -> list[AgencyMember]:
    cached = getattr(user, "_gdnn_agencies", None)
    if cached is None:
        cached = list(AgencyMember.objects.filter(user=user).select_related("agency", "org_unit")) \
            if user.is_authenticated else []
        user._gdnn_agencies = cached  # type: ignore[attr-defined]
    return cached


def user_reports_for(*, user: User, assignment: TaskAssignment) -> bool:
    """Whether the user fills this assignment's reports: an officer of its agency at its unit, or a
    commune's or institution's own officer when the task is given to that unit itself."""
    if not user.is_authenticated:
        return False
    if any(m.agency_id == assignment.agency_id and m.org_unit_id == assignment.org_unit_id
           for m in _memberships(user)) and assignment.agency_id is not None:
        return True
    unit = assignment.org_unit
    return unit.level in FILLER_LEVELS and any(
        a.role in FILLER_ROLES and a.org_unit_id == unit.pk for a in user_assignments(user=user))


def user_leads(*, user: User, plan: Plan, on: dt.date | None = None) -> bool:
    """Whether the user reviews and compiles the plan's task reports: an officer of its coordinating
    agency at the plan's unit, or a system administrator."""
    if not user.is_authenticated:
        return False
    if user_is_admin(user=user):
        return True
    coordinator = plan_coordinator(plan=plan, on=on or today())
    home = plan_unit(plan=plan)
    return coordinator is not None and home is not None and any(
        m.agency_id == coordinator.pk and m.org_unit_id == home.pk for m in _memberships(user))


def user_may_edit(*, user: User, report: TaskReport) -> bool:
    """The agency edits its own reports; the lead only those of an agency with no register kind
    (a body without accounts, reported on its behalf)."""
    if user_reports_for(user=user, assignment=report.assignment):
        return True
    return report.assignment.agency_id is None and user_leads(user=user, plan=report.assignment.plan)


def user_may_see(*, user: User, report: TaskReport) -> bool:
    """The agency and the lead see a report from its first draft. Once it is sent, the officers whose
    scope holds the plan's unit (the province's own officers, national readers) read it too, as the
    matrix shows it; an officer acting for another agency there does not (agencies report to the
    lead, not to each other)."""
    plan = report.assignment.plan
    if user_may_edit(user=user, report=report) or user_leads(user=user, plan=plan):
        return True
    if report.state == TaskReport.State.DRAFT or not user.is_authenticated:
        return False
    home = plan.org_unit
    return home is None or (orgunit_in_scope(user=user, unit=home)
                            and all(m.org_unit_id != home.pk for m in _memberships(user)))


def reports_openable(*, user: User, matrix: Matrix) -> set[int]:
    """The reports of a matrix the user may open (the others show their state without a link)."""
    return {r.pk for row in matrix.rows for cell in row.cells if cell and (r := cell[1]) is not None
            and user_may_see(user=user, report=r)}


# --- periods ----------------------------------------------------------------------------------------

def plan_periods(*, plan: Plan, first_year: int | None = None, last_year: int) -> list[DueReport]:
    """The task-report periods the plan's reporting duties set: a 6-month report (S1) when a duty is
    six-monthly, and a year report every year; deadlines as the duty states them (plans.calendar)."""
    duties = list(plan.reporting_duties.order_by("order"))
    semi = next((d for d in duties if d.frequency == ReportingDuty.Frequency.SEMIANNUAL), None)
    year_duty = next((d for d in duties if d.frequency == ReportingDuty.Frequency.ANNUAL), None)
    start = first_year or (plan.issued_on.year if plan.issued_on else last_year)
    out: list[DueReport] = []
    for year in range(start, last_year + 1):
        if semi is not None:
            out.append(semiannual(year, 1, semi.deadline))
        duty = year_duty or semi
        out.append(annual(year, duty.deadline if duty is not None else ""))
    return out


def period_due(*, plan: Plan, period: str) -> DueReport:
    year = int(period[:4])
    for due in plan_periods(plan=plan, first_year=year, last_year=year):
        if due.period == period:
            return due
    if "S" in period:
        return semiannual(year, int(period[-1]))
    return annual(year)


def period_label(period: str) -> str:
    """The period as a page heading words it ("Báo cáo nhiệm vụ 6 tháng đầu năm 2025"), in the page's language."""
    if "S" in period:
        year, half = period.split("S")
        if half == "1":
            return pgettext("task report heading", "6 tháng đầu năm %(year)s") % {"year": year}
        return pgettext("task report heading", "6 tháng cuối năm %(year)s") % {"year": year}
    if "-" in period:
        first, last = period.split("-", 1)
        return pgettext("task report heading", "giai đoạn %(first)s - %(last)s") % {"first": first, "last": last}
    return pgettext("task report heading", "năm %(year)s") % {"year": period}


# --- lists ------------------------------------------------------------------------------------------

@dataclass
class ReportRow:
    assignment: TaskAssignment
    period: str
    due: dt.date
    report: TaskReport | None
    overdue: bool

    @property
    def state(self) -> str:
        return self.report.state if self.report else ""


def assignments_of(*, user: User, plan: Plan | None = None) -> list[TaskAssignment]:
    """The active assignments the user reports on (across published plans, or one plan)."""
    qs = TaskAssignment.objects.filter(active=True, plan__status__in=FOLLOWED_STATUSES)
    if plan is not None:
        qs = qs.filter(plan=plan)
    units = {m.org_unit_id for m in _memberships(user)} | {a.org_unit_id for a in user_assignments(user=user)
                                                           if a.org_unit_id}
    qs = qs.filter(org_unit_id__in=units).select_related("plan", "org_unit", "agency", "task_group", "source")
    return [a for a in qs.order_by("plan", "order", "pk") if user_reports_for(user=user, assignment=a)]


def my_task_reports(*, user: User, today: dt.date) -> list[ReportRow]:
    """The user's task reports of the periods now open or lately overdue, overdue first."""
    assignments = assignments_of(user=user)
    reports = {(r.assignment_id, r.period): r for r in
               TaskReport.objects.filter(assignment__in=assignments)}
    rows = []
    periods: dict[int, list[DueReport]] = {}
    for a in assignments:
        if a.plan_id not in periods:
            periods[a.plan_id] = plan_periods(plan=a.plan, first_year=today.year - 1, last_year=today.year)
        for due in periods[a.plan_id]:
            report = reports.get((a.pk, due.period))
            shown = (due.due - today).days <= SHOWN_BEFORE_DUE_DAYS and (today - due.due).days <= OVERDUE_SHOWN_DAYS
            if not shown and report is None:
                continue
            overdue = due.due < today and (report is None or report.state not in DONE)
            rows.append(ReportRow(a, due.period, due.due, report, overdue))
    rows.sort(key=lambda r: (not r.overdue, r.state == State.APPROVED, r.due, r.assignment.order))
    return rows


def overdue_task_reports(*, user: User, today: dt.date) -> list[ReportRow]:
    """For the worklist and the calendar: the user's own task reports past their deadline."""
    return [r for r in my_task_reports(user=user, today=today) if r.overdue]


def plans_led(*, user: User) -> list[Plan]:
    plans = Plan.objects.filter(status__in=FOLLOWED_STATUSES, task_assignments__isnull=False).distinct()
    return [p for p in plans.select_related("org_unit") if user_leads(user=user, plan=p)]


def reports_to_review(*, user: User, plan: Plan | None = None, state: str = State.SUBMITTED) -> list[TaskReport]:
    """Task reports of the plans the user leads, in one state (submitted: awaiting review)."""
    plans = [plan] if plan is not None and user_leads(user=user, plan=plan) else \
        ([] if plan is not None else plans_led(user=user))
    if not plans:
        return []
    return list(TaskReport.objects.filter(assignment__plan__in=plans, state=state)
                .select_related("assignment__plan", "assignment__org_unit", "assignment__agency", "assignment__source")
                .order_by("state_changed_at", "pk"))


def taskreport_get(*, user: User, report_id: int) -> TaskReport:
    """A task report the user may see; NotFound alike for a missing one and one out of scope."""
    report = (TaskReport.objects.select_related("assignment__plan__org_unit", "assignment__org_unit",
                                                "assignment__agency", "assignment__task_group", "assignment__source")
              .filter(pk=report_id).first())
    if report is None or not user_may_see(user=user, report=report):
        raise NotFound(gettext("Không tìm thấy báo cáo nhiệm vụ trong phạm vi của bạn."))
    return report


def assignment_get(*, user: User, assignment_id: int) -> TaskAssignment:
    a = (TaskAssignment.objects.select_related("plan__org_unit", "org_unit", "agency", "task_group", "source")
         .filter(pk=assignment_id, active=True).first())
    if a is None or not (user_reports_for(user=user, assignment=a) or user_leads(user=user, plan=a.plan)):
        raise NotFound(gettext("Không tìm thấy nhiệm vụ được giao trong phạm vi của bạn."))
    return a


def evidence_get(*, user: User, evidence_id: int) -> TaskEvidence:
    """An evidence file for those who may see its report; NotFound for anyone else."""
    evidence = TaskEvidence.objects.select_related("report__assignment__plan").filter(pk=evidence_id).first()
    if evidence is None or not user_may_see(user=user, report=evidence.report):
        raise NotFound(gettext("Không tìm thấy tệp minh chứng trong phạm vi của bạn."))
    return evidence


def last_return(*, report: TaskReport) -> str:
    event = report.events.filter(action="return").order_by("-at", "-pk").first()
    return event.comment if event else ""


# --- matrix -----------------------------------------------------------------------------------------

@dataclass
class MatrixRow:
    task: str
    cells: list[tuple[TaskAssignment, TaskReport | None] | None]


@dataclass
class Matrix:
    agencies: list[str]
    rows: list[MatrixRow]


def plan_matrix(*, plan: Plan, period: str) -> Matrix:
    """Tasks × agencies × status for one period: a cell per assignment, with its report if any."""
    assignments = list(plan.task_assignments.filter(active=True).select_related("task_group", "agency"))
    reports = {r.assignment_id: r for r in TaskReport.objects.filter(assignment__in=assignments, period=period)}
    agencies = list(dict.fromkeys(a.agency_name for a in assignments))
    tasks: dict[str, dict[str, TaskAssignment]] = {}
    for a in assignments:
        key = a.task_group.heading if a.task_group else a.task
        tasks.setdefault(key, {})[a.agency_name] = a
    rows = []
    for task, by_agency in tasks.items():
        cells: list[tuple[TaskAssignment, TaskReport | None] | None] = []
        for name in agencies:
            found = by_agency.get(name)
            cells.append((found, reports.get(found.pk)) if found else None)
        rows.append(MatrixRow(task, cells))
    return Matrix(agencies, rows)


# --- compilation ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Paragraph:
    report_id: int
    section: str  # CompiledText.Section
    agency: str
    text: str
    generated: str  # the text as compiled from the report, before any edit
    edited: bool = False


@dataclass
class Compilation:
    """What the accepted task reports say, for the ND 30 report's II.2, III and V."""

    period: str
    by_plan_assignment: dict[int, list[Paragraph]] = field(default_factory=dict)  # plans.Assignment pk
    by_task_group: dict[int, list[Paragraph]] = field(default_factory=dict)  # TaskGroup pk
    other_tasks: list[Paragraph] = field(default_factory=list)
    difficulties: list[Paragraph] = field(default_factory=list)
    proposals: list[Paragraph] = field(default_factory=list)
    not_reported: list[str] = field(default_factory=list)  # "Sở Tài chính (đã trả lại, chưa báo cáo lại)"

    @property
    def tasks(self) -> list[Paragraph]:
        return [p for ps in self.by_task_group.values() for p in ps] + \
            [p for ps in self.by_plan_assignment.values() for p in ps] + self.other_tasks

    @property
    def empty(self) -> bool:
        return not (self.tasks or self.difficulties or self.proposals or self.not_reported)


def _documents_text(documents: list[dict]) -> str:
    items = []
    for d in documents:
        number = (d.get("number") or "").strip()
        if not number:
            continue
        when = ""
        if d.get("date"):
            try:
                when = f" ngày {format_date(dt.date.fromisoformat(d['date']))}"
            except ValueError:
                when = ""
        excerpt = (d.get("excerpt") or "").strip()
        items.append(f"văn bản số {number}{when}{f' về {excerpt}' if excerpt else ''}")
    return f"Đã ban hành {'; '.join(items)}." if items else ""


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if not text or text[-1] in ".!?;:" else f"{text}."


def _task_text(report: TaskReport) -> str:
    parts = [f"Tình hình: {report.get_progress_display().lower()}."]
    parts += [_sentence(p) for p in richtext_paragraphs(report.done_html)]
    if report.figures.strip():
        parts.append(_sentence(f"Số liệu: {report.figures.strip()}"))
    documents = _documents_text(report.documents or [])
    if documents:
        parts.append(documents)
    return " ".join(parts)


def _plain(text: str) -> str:
    return " ".join(_sentence(line) for line in text.splitlines() if line.strip())


def _periods_for(period: str) -> list[str]:
    """The task-report periods a report period draws on: "2021-2025" → the five year reports."""
    if "-" in period:
        first, last = period.split("-")
        return [str(y) for y in range(int(last), int(first) - 1, -1)]
    return [period]


_STATE_NOTE = {State.DRAFT: "đang soạn", State.SUBMITTED: "đã gửi, chưa được chấp nhận",
               State.RETURNED: "bị trả lại, chưa gửi lại"}


def compilation_for(*, plan: Plan, period: str) -> Compilation:
    """The accepted task reports of the period as attributed paragraphs (the lead's edits applied,
    unless the report was accepted again since), and the agencies with no accepted report."""
    periods = _periods_for(period)
    assignments = list(plan.task_assignments.filter(active=True).select_related("agency", "task_group", "source")
                       .order_by("order", "pk"))
    reports: dict[int, TaskReport] = {}
    other: dict[int, TaskReport] = {}
    for r in TaskReport.objects.filter(assignment__in=assignments, period__in=periods).order_by("-period"):
        if r.state == State.APPROVED:
            reports.setdefault(r.assignment_id, r)
        else:
            other.setdefault(r.assignment_id, r)
    edits = {(c.report_id, c.section): c for c in CompiledText.objects.filter(report__in=list(reports.values()))}
    out = Compilation(period=period)

    def paragraph(report: TaskReport, section: str, agency: str, generated: str) -> Paragraph:
        edit = edits.get((report.pk, section))
        fresh = edit is not None and (report.state_changed_at is None or edit.edited_at >= report.state_changed_at)
        return Paragraph(report.pk, section, agency, edit.text if fresh and edit else generated, generated,
                         edited=bool(fresh))

    def who(a: TaskAssignment) -> tuple[object, str]:
        """An agency by its register kind when it has one (its tasks under several names are one)."""
        return (a.agency_id, a.agency.name) if a.agency is not None else (a.agency_name, a.agency_name)

    reported: set[object] = set()
    for a in assignments:
        accepted = reports.get(a.pk)
        if accepted is None:
            continue
        r = accepted
        reported.add(who(a)[0])
        p = paragraph(r, CompiledText.Section.TASKS, a.reporter_name, _task_text(r))
        if a.task_group_id:
            out.by_task_group.setdefault(a.task_group_id, []).append(p)
        elif a.source_id:
            out.by_plan_assignment.setdefault(a.source_id, []).append(p)
        else:
            out.other_tasks.append(p)
        if r.difficulties.strip():
            out.difficulties.append(paragraph(r, CompiledText.Section.DIFFICULTIES, a.reporter_name,
                                              _plain(r.difficulties)))
        if r.proposals.strip():
            out.proposals.append(paragraph(r, CompiledText.Section.PROPOSALS, a.reporter_name, _plain(r.proposals)))
    missing: dict[object, str] = {}
    for a in assignments:
        key, name = who(a)
        pending = other.get(a.pk)
        if key in reported or (key in missing and pending is None):
            continue
        missing[key] = f"{name} ({_STATE_NOTE[State(pending.state)]})" if pending is not None else name
    out.not_reported = list(missing.values())
    return out


def compilation_get(*, user: User, plan: Plan, period: str) -> Compilation:
    """The compilation page's content: for the plan's lead only (NotFound for anyone else)."""
    if not user_leads(user=user, plan=plan):
        raise NotFound(gettext("Chỉ cơ quan chủ trì kế hoạch mới xem được báo cáo tổng hợp."))
    if not REPORT_PERIOD.match(period or ""):
        raise NotFound(gettext("Kỳ báo cáo “%(period)s” không hợp lệ.") % {"period": period})
    return compilation_for(plan=plan, period=period)


def report_section_items(*, plan: Plan, unit: OrgUnit, period: str) -> Compilation | None:
    """The compilation for the ND 30 generator's report of `unit`: None unless the unit is the one
    that follows the plan up and the plan has task assignments."""
    home = plan_unit(plan=plan)
    if home is None or unit.pk not in (home.pk, plan.org_unit_id):
        return None
    if not plan.task_assignments.filter(active=True).exists():
        return None
    return compilation_for(plan=plan, period=period)


def plans_with_assignments(*, user: User) -> QuerySet[Plan]:
    from gdnn.plans.selectors import plans_visible

    return plans_visible(user=user).filter(Q(task_assignments__isnull=False)).distinct()


PERIOD_CODE = re.compile(r"^\d{4}(S[12])?$")
REPORT_PERIOD = re.compile(r"^\d{4}(S[12]|-\d{4})?$")


# --- agency members -----------------------------------------------------------------------------------

@dataclass
class AgencyMembers:
    agency: Agency
    members: list[AgencyMember]


def agencies_current(*, on: dt.date | None = None) -> QuerySet[Agency]:
    """The register kinds officers can report for today (not dissolved, not a district's)."""
    on = on or today()
    return Agency.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on),
                                 level__in=list(AGENCY_UNIT_LEVEL)).order_by("name")


def agency_resolve(*, text: str) -> Agency:
    """An agency by its register code ("so-tai-chinh"), its name, or as a plan writes it."""
    from gdnn.plans.agency_register import match_agency

    text = " ".join((text or "").split())
    if not text:
        raise NotFound(gettext("Chưa ghi cơ quan."))
    agency = (Agency.objects.filter(code__iexact=text).first()
              or Agency.objects.filter(name__iexact=text).first())
    if agency is None:
        kind = match_agency(text)
        agency = Agency.objects.filter(code=kind.code).first() if kind else None
    if agency is None:
        raise NotFound(gettext("Không có cơ quan “%(text)s” trong danh mục (ghi mã như so-tai-chinh hoặc tên "
                               "như Sở Tài chính).") % {"text": text[:100]})
    return agency


def agency_members_in(*, root: OrgUnit, on: dt.date | None = None) -> list[AgencyMembers]:
    """Each current agency with its officers at units of `root`'s subtree (and any dissolved agency
    that still has some, so they can be taken off)."""
    members = list(AgencyMember.objects.filter(org_unit__path__startswith=root.path)
                   .select_related("user", "agency", "org_unit").order_by("user__username", "org_unit__name"))
    by_agency: dict[int, list[AgencyMember]] = {}
    for m in members:
        by_agency.setdefault(m.agency_id, []).append(m)
    agencies = list(agencies_current(on=on))
    shown = {a.pk for a in agencies}
    for m in members:
        if m.agency_id not in shown:
            shown.add(m.agency_id)
            agencies.append(m.agency)
    return [AgencyMembers(a, by_agency.get(a.pk, [])) for a in agencies]


def agency_member_get(*, member_id: int) -> AgencyMember:
    member = AgencyMember.objects.select_related("user", "agency", "org_unit").filter(pk=member_id).first()
    if member is None:
        raise NotFound(gettext("Không có cán bộ này của cơ quan."))
    return member


def agency_members_list(*, unit: OrgUnit | None = None, agency: Agency | None = None) -> QuerySet[AgencyMember]:
    members = AgencyMember.objects.select_related("user", "agency", "org_unit")
    if unit is not None:
        members = members.filter(org_unit__path__startswith=unit.path)
    if agency is not None:
        members = members.filter(agency=agency)
    return members.order_by("org_unit__path", "agency__name", "user__username")


def provinces_current() -> QuerySet[OrgUnit]:
    """The provinces a system administrator chooses among on the agency members page."""
    return OrgUnit.objects.filter(level=OrgUnit.Level.PROVINCE, valid_to__isnull=True).order_by("name")
