"""The report generator: picks every figure, sentence and name a report needs into ReportData.

The only module of the reports app that reads the database and the analytics store.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext

from gdnn.collection.models import DataValue, Submission
from gdnn.common.errors import DomainError, NotFound
from gdnn.indicators.models import CategoryOption
from gdnn.orgunits.models import OrgUnit
from gdnn.orgunits.selectors import orgunit_ancestors, orgunit_current_units, orgunit_get
from gdnn.plans.keys import doc_number_key
from gdnn.plans.models import Assignment, Plan
from gdnn.reports import findings
from gdnn.reports.data import AgencyTasks, Header, RawValue, ReportData, TrainingNeed
from gdnn.reports.figures import laggard_rankings, target_rows
from gdnn.reports.periods import ReportPeriod, report_period_parse
from gdnn.reports.recipients import duty_for, recipient_list

MAX_RAW_VALUES = 50_000
_PREFIXES = ("Thành phố ", "Tỉnh ", "Xã ", "Phường ", "Thị trấn ", "Đặc khu ", "Huyện ", "Quận ", "Thị xã ")
_DOC_TYPES = {"QĐ": "Quyết định", "KH": "Kế hoạch", "CT": "Chỉ thị", "NQ": "Nghị quyết", "TB": "Thông báo",
              "HD": "Hướng dẫn", "CTr": "Chương trình", "ĐA": "Đề án"}


@translation.override("vi")
def report_data(*, plan: Plan, org_unit: OrgUnit, period: str | ReportPeriod,
                as_of: dt.date | None = None) -> ReportData:
    """Everything a report on `plan` for `org_unit` and `period` says; DomainError on bad input.
    Vietnamese whatever the page's language: an ND 30/2020 report is a Vietnamese document, and its
    figures read 1.234,5 (targets' labels and catalogue names, which follow the active language, too)."""
    rperiod = period if isinstance(period, ReportPeriod) else report_period_parse(period)
    _check_area(plan, org_unit)
    on = as_of or timezone.localdate()
    targets = list(plan.targets.select_related("indicator", "org_unit").exclude(review="not_target")
                   .order_by("order", "pk"))
    rows = target_rows(plan=plan, targets=targets, unit=org_unit, period=rperiod, area=plan.org_unit, as_of=on)
    rankings = laggard_rankings(rows=rows, targets=targets, unit=org_unit)
    assignments = list(plan.assignments.select_related("agency__gdnn_successor").order_by("order"))
    followed = _followup(plan, org_unit, rperiod)
    results = followed.by_plan_assignment if followed else {}
    agencies = [_agency_tasks(a, on, results.get(a.pk, [])) for a in assignments
                if a.role in (Assignment.Role.LEAD, Assignment.Role.MIXED)]
    cooperating = [a.agency_name for a in assignments if a.role == Assignment.Role.COOPERATE]
    groups = list(plan.task_groups.order_by("order"))
    task_groups = [g.heading for g in groups]
    header = _header(plan, org_unit, rperiod, on)
    plan_text = _plan_citation(plan)
    duty = duty_for(list(plan.reporting_duties.order_by("order")), kind=rperiod.kind, level=org_unit.level)
    return ReportData(
        plan_id=plan.pk, plan_label=plan.label, org_unit_code=org_unit.code, org_unit_name=org_unit.name,
        period=rperiod, header=header, targets=rows, agencies=agencies, cooperating=cooperating,
        task_groups=task_groups,
        direction=findings.direction(plan_text=plan_text, agencies=agencies, period=rperiod,
                                     submissions=_submission_counts(org_unit, rperiod)),
        advantages=findings.advantages(rows),
        shortcomings=findings.shortcomings(rows, rankings,
                                           [_attributed(p) for p in followed.difficulties] if followed else []),
        causes=findings.causes(rows), next_steps=findings.next_steps(rows, task_groups, rperiod),
        proposals=findings.proposals(rows, [_attributed(p) for p in followed.proposals] if followed else []),
        recipients=recipient_list(duty, fallback=_superiors(org_unit), on=on, issuer=header.agency_name),
        rankings=rankings, raw_values=_raw_values(org_unit, rperiod),
        task_group_results=[tuple(_attributed(p) for p in followed.by_task_group.get(g.pk, [])) for g in groups]
        if followed else [],
        other_task_results=[_attributed(p) for p in followed.other_tasks] if followed else [],
        not_reported=followed.not_reported if followed else None,
        training_need=_training_need(org_unit),
    )


def _followup(plan: Plan, unit: OrgUnit, period: ReportPeriod):
    """The agencies' accepted task reports, for a report of the plan's own unit (None otherwise)."""
    from gdnn.followup.selectors import report_section_items

    return report_section_items(plan=plan, unit=unit, period=period.code)


def _attributed(paragraph) -> str:
    return f"{paragraph.agency}: {paragraph.text}"


def _training_need(unit: OrgUnit) -> TrainingNeed | None:
    """The province's latest forecast run (gdnn.labour), for "Dự báo nhu cầu đào tạo"."""
    from gdnn.labour.models import level_label
    from gdnn.labour.selectors import forecast_latest_run

    run = forecast_latest_run(province=unit) if unit.level == OrgUnit.Level.PROVINCE else None
    if run is None or not run.results:
        return None
    a = run.assumptions
    years = [y["year"] for y in run.results[0]["years"]]
    rows = sorted(((f"{o['name']} ({level_label(o['level'])})" if o["level"] else o["name"], [y["need"] for y in o["years"]])
                   for o in run.results), key=lambda r: -sum(r[1]))
    totals = [sum(r[1][i] for r in rows) for i in range(len(years))]
    basis = (f"Bộ giả định “{a['name']}” phiên bản {run.assumption_version}, năm gốc {a['base_year']}, "
             f"chạy ngày {timezone.localtime(run.created_at):%d/%m/%Y}")
    return TrainingNeed(basis=basis, years=years, rows=rows, totals=totals)


def report_unit(*, code: str, period: str | ReportPeriod, on: dt.date | None = None) -> OrgUnit:
    """The unit with this code today, or else at the end of the report period (a pre-2025 district)."""
    rperiod = period if isinstance(period, ReportPeriod) else report_period_parse(period)
    try:
        return orgunit_get(code=code, on=on)
    except NotFound:
        return orgunit_get(code=code, on=rperiod.end)


def report_request_check(*, plan: Plan, org_unit: OrgUnit, period: str) -> None:
    """What can be refused before a report is queued: the period's form and the unit's area."""
    report_period_parse(period)
    _check_area(plan, org_unit)


def _check_area(plan: Plan, unit: OrgUnit) -> None:
    """The reporting unit must lie in the plan's area (a national plan's area is the country)."""
    area = plan.org_unit
    if area is None or unit.path.startswith(area.path):
        return
    if unit.is_pre_reform and any(u.path.startswith(area.path) for u in orgunit_current_units(unit=unit)):
        return
    if area.is_pre_reform and any(unit.path.startswith(u.path) for u in orgunit_current_units(unit=area)):
        return
    raise DomainError(gettext("Đơn vị %(code)s %(unit)s không thuộc địa bàn của kế hoạch %(plan)s (%(area)s).")
                      % {"code": unit.code, "unit": unit.name, "plan": plan.label, "area": area.name})


def _place(unit: OrgUnit) -> str:
    name = unit.name
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _province(unit: OrgUnit) -> OrgUnit | None:
    return next((u for u in orgunit_ancestors(unit=unit) if u.level == OrgUnit.Level.PROVINCE), None)


def _abbreviation(name: str) -> str:
    return "".join(w[0].upper() for w in name.split() if w[:1].isalpha()) or "DV"


def _plan_citation(plan: Plan, *, issuer: bool = True) -> str:
    """"Kế hoạch số 141/KH-UBND ngày 15/6/2022 của UBND tỉnh Lạng Sơn" (first citation, in full)."""
    text = f"Kế hoạch số {plan.doc_number}" if plan.doc_number else "Kế hoạch"
    if plan.issued_on:
        d = plan.issued_on
        text += f" ngày {d.day}/{d.month}/{d.year}"
    return f"{text} của {plan.issuer}" if plan.issuer and issuer else text


def _reference(identifier: str) -> str:
    match = re.search(r"/(?:\d{4}/)?([^-/\s]+)-", identifier)
    kind = _DOC_TYPES.get(match.group(1), "văn bản") if match else "văn bản"
    return f"{kind} số {identifier}"


# Documents a plan cites that are not plans it implements: the 2025 resolutions on merging provinces
# and communes (of the National Assembly and its Standing Committee), and laws.
_NOT_A_PARENT = re.compile(r"(/QH\d+|UBTVQH|/\d{4}/NQ-QH|Luật|/L-CTN)", re.IGNORECASE)


def parent_document(plan: Plan) -> str | None:
    """The document the plan implements, from its own references: a cited plan that is in the system
    (the national strategy first), else the first cited decision, plan or programme — never a
    resolution on administrative units or a law."""
    from gdnn.plans.selectors import plan_parents

    references = list(plan.references.order_by("order"))
    usable = [r for r in references if not _NOT_A_PARENT.search(r.identifier)]
    parents = [p for p, via in plan_parents(plan=plan, user=None) if via == "reference"]
    known = {doc_number_key(p.doc_number) for p in parents if p.doc_number}
    for ref in usable:
        if ref.identifier_key in known:
            return ref.identifier
    return usable[0].identifier if usable else None


def _header(plan: Plan, unit: OrgUnit, period: ReportPeriod, on: dt.date) -> Header:
    province = _province(unit) if unit.level != OrgUnit.Level.PROVINCE else unit
    if unit.level == OrgUnit.Level.INSTITUTION:
        parent = f"UBND {province.name.upper()}" if province else ""
        lines, abbreviation, agency_name = [unit.name.upper()], _abbreviation(unit.name), unit.name
        head = "HIỆU TRƯỞNG" if unit.name.casefold().startswith("trường") else "GIÁM ĐỐC"
        authority, title = f"KT. {head}", f"PHÓ {head}"
        place = _place(province) if province else _place(unit)
    else:
        parent, lines, abbreviation = "", ["ỦY BAN NHÂN DÂN", unit.name.upper()], "UBND"
        agency_name = f"Ủy ban nhân dân {_lower_first(unit.name)}"
        authority, title, place = "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", _place(unit)
    citation = _plan_citation(plan)
    implemented = parent_document(plan)
    implementing = f" triển khai {_reference(implemented)}" if implemented else ""
    basis = (f"Thực hiện {citation}{implementing}, {agency_name} báo cáo kết quả thực hiện {period.label} "
             "như sau:")
    return Header(
        parent_agency=parent, agency_lines=lines, abbreviation=abbreviation, place=place, date=on,
        agency_name=agency_name, subject=[f"Kết quả thực hiện {_plan_citation(plan, issuer=False)}",
                 f"của {plan.issuer} {period.label}" if plan.issuer else period.label], basis=basis,
        signer_authority=authority, signer_title=title,
    )


def _agency_tasks(assignment: Assignment, on: dt.date, reported: list | None = None) -> AgencyTasks:
    name = re.sub(r"^Đề nghị\s+", "", assignment.agency_name)  # "Đề nghị Hội Khuyến học tỉnh"
    agency = assignment.agency
    if agency and agency.valid_to and agency.valid_to < on and agency.gdnn_successor:
        name = f"{name} (nay là {agency.gdnn_successor.name})"
    role = "chủ trì" if assignment.role == Assignment.Role.LEAD else "chủ trì, phối hợp"
    return AgencyTasks(name=name, role=role, duties=" ".join(assignment.duties.split()),
                       results=tuple(_attributed(p) for p in reported or []))


def _superiors(unit: OrgUnit) -> list[str]:
    """Who a unit reports to when the plan names no one for this period."""
    if unit.level == OrgUnit.Level.PROVINCE:
        return ["Bộ Giáo dục và Đào tạo"]
    province = _province(unit)
    if unit.level == OrgUnit.Level.INSTITUTION:
        return ["Sở Giáo dục và Đào tạo"]
    return [f"UBND {_lower_first(province.name)}" if province else "UBND tỉnh", "Sở Giáo dục và Đào tạo"]


def _submission_counts(unit: OrgUnit, period: ReportPeriod) -> dict[str, int]:
    """How many data submissions of the period under the unit are in each workflow state."""
    rows = (Submission.objects.filter(period__in=period.data_periods, org_unit__path__startswith=unit.path)
            .values("state").annotate(n=Count("pk")).order_by("state"))
    return {r["state"]: r["n"] for r in rows}


def _raw_values(unit: OrgUnit, period: ReportPeriod) -> list[RawValue]:
    """Approved values of the period(s) reported by the unit and every unit under it (plain rows:
    a national report reads tens of thousands, and model instances cost a second of CPU)."""
    rows = (
        DataValue.objects.filter(period__in=period.data_periods, org_unit__path__startswith=unit.path,
                                 submission__state=Submission.State.APPROVED)
        .order_by("org_unit__code", "period", "data_element__sort_order", "disaggregation")
        .values_list("org_unit__code", "org_unit__name", "period", "data_element__code", "data_element__name_vi",
                     "disaggregation", "value")[:MAX_RAW_VALUES]
    )
    names = {(o.category.code, o.code): (o.category.name_vi, o.name_vi)
             for o in CategoryOption.objects.select_related("category")}
    labels: dict[str, str] = {}
    out = []
    for code, name, value_period, element, element_name, key, value in rows:
        if key not in labels:
            labels[key] = _disaggregation_label(key, names)
        out.append(RawValue(code, name, value_period, element, element_name, key, float(value), labels[key]))
    return out


def _disaggregation_label(key: str, names: dict[tuple[str, str], tuple[str, str]]) -> str:
    parts = []
    for part in key.split("|"):
        category, _, option = part.partition(":")
        if category and option:
            cat_name, opt_name = names.get((category, option), (category, option))
            parts.append(f"{cat_name}: {opt_name}")
    return "; ".join(parts)
