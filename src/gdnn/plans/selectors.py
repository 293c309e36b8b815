"""Reads of plans: lookup, scope, cascade alignment, reporting calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Length
from django.utils.translation import gettext, gettext_lazy

from gdnn.accounts.selectors import orgunit_above_user, orgunit_in_scope
from gdnn.common.errors import DomainError, NotFound
from gdnn.orgunits.models import OrgUnit
from gdnn.orgunits.selectors import orgunit_children, orgunit_descendants
from gdnn.plans.alignment import band, verdict
from gdnn.plans.calendar import DueReport, reports_due
from gdnn.plans.keys import doc_number_key
from gdnn.plans.models import Plan, ReportingDuty, Target


def plan_in_scope(*, user, plan: Plan) -> bool:
    """National plans for everyone signed in; a unit's plans for those whose scope holds the unit,
    and, read-only, for the units below it that report into it (a commune or an institution reads
    its province's plan) once the plan is no longer a draft. Editing stays with user_can_edit."""
    if plan.org_unit is None or orgunit_in_scope(user=user, unit=plan.org_unit):
        return True
    return plan.status != Plan.Status.DRAFT and orgunit_above_user(user=user, unit=plan.org_unit)


def plans_visible(*, user) -> QuerySet[Plan]:
    plans = Plan.objects.select_related("org_unit").order_by("-issued_on", "pk")
    allowed = [p.pk for p in plans if plan_in_scope(user=user, plan=p)]
    return Plan.objects.filter(pk__in=allowed).select_related("org_unit").order_by("-issued_on", "pk")


def plan_visible_get(*, user, plan_id: int) -> Plan:
    """The plan if the user may see it; NotFound alike for a missing plan and one outside the scope."""
    plan = Plan.objects.select_related("org_unit").filter(pk=plan_id).first()
    if plan is None or not plan_in_scope(user=user, plan=plan):
        raise NotFound(gettext("Không có kế hoạch #%(id)s trong phạm vi của bạn.") % {"id": plan_id})
    return plan


def plan_get(*, ref: str) -> Plan:
    """A plan by document number ("141/KH-UBND", spaces and case ignored) or by id ("#12" or "12")."""
    ref = ref.strip()
    if ref.lstrip("#").isdigit():
        plan = Plan.objects.filter(pk=int(ref.lstrip("#"))).first()
        if plan:
            return plan
    key = doc_number_key(ref)
    matches = [p for p in Plan.objects.exclude(doc_number__isnull=True) if doc_number_key(p.doc_number) == key]
    if not matches:
        raise NotFound(gettext("Không có kế hoạch số %(ref)s; xem `gdnn plan list`.") % {"ref": ref})
    if len(matches) > 1:
        listed = ", ".join(f"#{p.pk} {p.issuer}" for p in matches)
        raise DomainError(gettext("Có %(count)d kế hoạch số %(ref)s: %(plans)s; chọn theo mã #id.")
                          % {"count": len(matches), "ref": ref, "plans": listed})
    return matches[0]


def plan_with_items(*, plan_id: int) -> Plan:
    return (
        Plan.objects.select_related("org_unit")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.select_related("indicator", "org_unit")),
            "task_groups", "assignments__agency__gdnn_successor", "assignments__agency__successors", "reporting_duties__reports", "funding_sources",
            "references",
        )
        .get(pk=plan_id)
    )


def plan_parents(*, plan: Plan, user) -> list[tuple[Plan, str]]:
    """Plans this one implements: the cited ones found in the database, then the national
    strategy, which every GDNN plan implements whether or not it cites it.

    Only plans `user` may see (plan_in_scope, the rule of a plan's own page): a cited draft of
    another province stays hidden. `user=None` is the operator at the command line (all plans)."""
    keys = set(plan.references.values_list("identifier_key", flat=True))
    parents: list[tuple[Plan, str]] = []
    for candidate in Plan.objects.select_related("org_unit").exclude(pk=plan.pk).exclude(doc_number__isnull=True):
        if doc_number_key(candidate.doc_number) in keys:
            parents.append((candidate, "reference"))
    national = Plan.objects.filter(level=Plan.Level.CENTRAL, org_unit__isnull=True).exclude(pk=plan.pk)
    for candidate in national:
        if all(candidate.pk != p.pk for p, _ in parents):
            parents.append((candidate, "national_strategy"))
    return [(p, via) for p, via in parents if user is None or plan_in_scope(user=user, plan=p)]


def target_dict(target: Target) -> dict[str, Any]:
    return {
        "text": target.text,
        "indicator": target.indicator.code if target.indicator else None,
        "year": target.year,
        "comparator": target.comparator,
        "value_min": float(target.value_min) if target.value_min is not None else None,
        "value_max": float(target.value_max) if target.value_max is not None else None,
        "unit": target.unit,
        "label": target.value_label,
    }


def plan_period(plan: Plan) -> tuple[int, int] | None:
    """The years a plan covers: from its issue (or its first target) to its last target year."""
    years = [t.year for t in plan.targets.all() if t.year]
    first = plan.issued_on.year if plan.issued_on else (min(years) if years else None)
    if first is None:
        return None
    return first, max([*years, first])


def _area_name(plan: Plan) -> str:
    return plan.org_unit.name if plan.org_unit else "cả nước"


def _alignment_row(pt: Target, child: Target | None, plan: Plan, parent: Plan, period: tuple[int, int] | None,
                   same_indicator: list[Target]) -> dict[str, Any]:
    """One parent target against the child's: the verdict and the reason for it, like with like only."""
    assert pt.indicator is not None
    row: dict[str, Any] = {"indicator": pt.indicator.code, "indicator_name": pt.indicator.name_vi, "year": pt.year,
                           "parent": target_dict(pt), "child": target_dict(child) if child else None}
    parent_label, parent_area, child_area = pt.value_label, _area_name(parent), _area_name(plan)
    if child is None:
        other_unit = next((ct for ct in same_indicator if ct.year == pt.year and ct.unit != pt.unit), None)
        if other_unit is not None:
            row["child"] = target_dict(other_unit)
            row["verdict"], row["reason"] = "not_comparable", (
                f"Kế hoạch đặt chỉ tiêu này bằng đơn vị khác ({other_unit.value_label}), không so sánh trực tiếp "
                f"với {parent_label}.")
        elif period is not None and pt.year is not None and not period[0] <= pt.year <= period[1]:
            row["verdict"], row["reason"] = "out_of_period", (
                f"Năm {pt.year} nằm ngoài thời kỳ {period[0]}–{period[1]} của kế hoạch: không thuộc phạm vi so sánh.")
        else:
            span = f" (trong thời kỳ {period[0]}–{period[1]} của kế hoạch)" if period else ""
            row["verdict"], row["reason"] = "missing", (
                f"Kế hoạch không đặt chỉ tiêu này cho năm {pt.year}{span}; {parent.doc_number or 'văn bản cấp trên'} "
                f"đặt {parent_label}.")
        return row
    counts = pt.unit != "percent"
    if counts and (plan.org_unit_id != parent.org_unit_id):
        row["verdict"], row["reason"] = "not_comparable", (
            f"Số tuyệt đối của {child_area} ({child.value_label}) không so sánh trực tiếp với số của {parent_area} "
            f"({parent_label}): hai địa bàn khác nhau, danh mục chưa có tỷ trọng để quy đổi.")
        return row
    p_band = band(pt.comparator, pt.value_min, pt.value_max)
    c_band = band(child.comparator, child.value_min, child.value_max)
    if not (p_band and c_band):
        row["verdict"], row["reason"] = "not_comparable", "Một trong hai chỉ tiêu không có giá trị số để so sánh."
        return row
    row["verdict"] = verdict(parent=p_band, child=c_band, higher_is_better=pt.indicator.direction == "higher")
    lower_better = pt.indicator.direction != "higher"
    row["reason"] = {
        "less_ambitious": f"Mức của kế hoạch ({child.value_label}) {'cao' if lower_better else 'thấp'} hơn mức "
                          f"{parent_label} của {parent.doc_number or 'văn bản cấp trên'}.",
        "more_ambitious": f"Mức của kế hoạch ({child.value_label}) {'thấp' if lower_better else 'cao'} hơn mức "
                          f"{parent_label} của {parent.doc_number or 'văn bản cấp trên'}.",
        "equal": f"Mức của kế hoạch ({child.value_label}) nằm trong mức {parent_label} của "
                 f"{parent.doc_number or 'văn bản cấp trên'}.",
    }[row["verdict"]]
    return row


def plan_alignment(*, plan: Plan, as_of: dt.date | None = None, user=None) -> dict[str, Any]:
    """The plan's targets against each parent's, like with like: rates with rates, a count only with a
    count of the same area; a parent target can be missing only in a year the plan covers. Each row
    carries its reason and the child target's status (from the one progress computation). Only the
    parents `user` may see are compared (`None`: the operator, every parent)."""
    from gdnn.analytics.progress import targets_progress
    from gdnn.orgunits.selectors import today

    child_targets = list(plan.targets.select_related("indicator", "org_unit").order_by("order", "pk"))
    status = {item.target.pk: item.progress.status
              for item in targets_progress(plan=plan, as_of=as_of or today(), targets=child_targets)}
    period = plan_period(plan)
    result: dict[str, Any] = {"plan": plan.doc_number or f"#{plan.pk}", "parents": []}
    for parent, via in plan_parents(plan=plan, user=user):
        rows, matched = [], set()
        for pt in parent.targets.select_related("indicator").order_by("year", "order"):
            if pt.indicator is None:
                continue
            same_indicator = [ct for ct in child_targets if ct.indicator_id == pt.indicator_id]
            same = [ct for ct in same_indicator if ct.year == pt.year and ct.unit == pt.unit]
            child = same[0] if same else None
            row = _alignment_row(pt, child, plan, parent, period, same_indicator)
            if child is not None:
                matched.add(child.pk)
            row["child_status"] = status.get(child.pk) if child is not None else None
            rows.append(row)
        result["parents"].append({
            "plan": parent.doc_number or f"#{parent.pk}", "issuer": parent.issuer, "via": via,
            "secondary_source": parent.is_secondary_source, "rows": rows,
            "child_period": list(period) if period else None,
            "unmatched_child_targets": [target_dict(t) for t in child_targets if t.pk not in matched],
        })
    return result


@dataclass
class CalendarEntry:
    duty: ReportingDuty
    report: DueReport
    reporters: list[OrgUnit] | None
    delivered_on: dt.date | None
    status: str  # delivered | overdue | due_soon | upcoming

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


STATUS_LABELS = {
    "delivered": gettext_lazy("delivered"),
    "overdue": gettext_lazy("overdue"),
    "due_soon": gettext_lazy("due within 30 days"),
    "upcoming": gettext_lazy("upcoming"),
}


def _reporting_units(duty: ReportingDuty, plan: Plan, on: dt.date) -> list[OrgUnit] | None:
    """When the reporter is a whole level ("UBND các xã", "các cơ sở GDNN"), the units that owe it."""
    who = (duty.who or "").casefold()
    if plan.org_unit is None:
        return None
    if any(w in who for w in ("các xã", "cấp xã", "xã, phường", "các huyện", "cấp huyện")):
        return list(orgunit_children(unit=plan.org_unit, on=on).filter(level=OrgUnit.Level.COMMUNE))
    if "cơ sở giáo dục nghề nghiệp" in who or "cơ sở gdnn" in who:
        return list(orgunit_descendants(unit=plan.org_unit, on=on, level=OrgUnit.Level.INSTITUTION))
    return None


def plan_last_year(plan: Plan, horizon: int = 2030) -> int:
    return max([t.year for t in plan.targets.all() if t.year and t.review != Target.Review.NOT_A_TARGET]
               or [horizon])


def plan_follows_duties(*, plan: Plan, today: dt.date) -> bool:
    """Whether the plan's reporting duties belong on the calendar: not withdrawn or archived, and
    not expired (its last target year is over)."""
    if plan.status in (Plan.Status.WITHDRAWN, Plan.Status.ARCHIVED):
        return False
    return plan_last_year(plan) >= today.year


def reporting_calendar(*, plan: Plan, today: dt.date, horizon: int = 2030) -> list[CalendarEntry]:
    first_year = (plan.issued_on or today).year
    last_year = plan_last_year(plan, horizon)
    entries = []
    for duty in plan.reporting_duties.prefetch_related("reports"):
        delivered = {r.period: r.delivered_on for r in duty.reports.all()}
        reporters = _reporting_units(duty, plan, today)
        for report in reports_due(frequency=duty.frequency, first_year=first_year, last_year=last_year,
                                  deadline=duty.deadline):
            done = delivered.get(report.period)
            if done:
                status = "delivered"
            elif report.due < today:
                status = "overdue"
            elif (report.due - today).days <= 30:
                status = "due_soon"
            else:
                status = "upcoming"
            entries.append(CalendarEntry(duty, report, reporters, done, status))
    entries.sort(key=lambda e: (e.report.due, e.duty.order))
    return entries


def overdue_reports(*, plans: QuerySet[Plan], today: dt.date) -> list[tuple[Plan, CalendarEntry]]:
    out = []
    for plan in plans.filter(status=Plan.Status.PUBLISHED).prefetch_related("targets"):
        if not plan_follows_duties(plan=plan, today=today):
            continue
        out += [(plan, e) for e in reporting_calendar(plan=plan, today=today) if e.status == "overdue"]
    return out


# --- duplicates on content ------------------------------------------------------------------------

SIMILAR_AT = 0.8


def _shingles(text: str, n: int = 3) -> set[str]:
    words = [w for w in "".join(ch if ch.isalnum() else " " for ch in (text or "").casefold()).split() if w]
    return {" ".join(words[i:i + n]) for i in range(max(0, len(words) - n + 1))}


def plan_content(plan: Plan) -> str:
    """What a plan says: its text, or its title and targets when it has no source text."""
    if plan.source_text:
        return plan.source_text
    return " ".join([plan.title, *(t.text for t in plan.targets.all())])


def text_similarity(a: str, b: str) -> float:
    """Jaccard similarity of 3-word shingles (0 = nothing in common, 1 = the same words in order)."""
    sa, sb = _shingles(a), _shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def plans_similar(*, text: str, org_unit: OrgUnit | None, exclude: int | None = None,
                  threshold: float = SIMILAR_AT) -> list[tuple[Plan, float]]:
    """Plans of the same unit whose content is nearly the same (a second import of one document
    under another number or file name), most similar first."""
    candidates = Plan.objects.filter(org_unit=org_unit).exclude(pk=exclude or 0).exclude(
        status__in=[Plan.Status.WITHDRAWN, Plan.Status.ARCHIVED]).prefetch_related("targets")
    if len(text) > 2000:
        # Texts of very different length cannot reach the threshold: skip them without reading them.
        candidates = candidates.annotate(n=Length("source_text")).filter(
            Q(n=0) | Q(n__gte=len(text) * SIMILAR_AT / 2, n__lte=len(text) * 2 / SIMILAR_AT))
    out = [(p, text_similarity(text, plan_content(p))) for p in candidates]
    return sorted([(p, s) for p, s in out if s >= threshold], key=lambda ps: -ps[1])


def plan_events(*, plan: Plan):
    return plan.events.select_related("actor").order_by("-at", "-pk")
