"""Parse a plan document and store it as a draft plan, every item linked to its source span."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction

from gdnn.common.errors import DomainError
from gdnn.indicators.models import Indicator
from gdnn.orgunits.models import OrgUnit
from gdnn.plans.agency_register import match_agency
from gdnn.plans.keys import doc_number_key, issuer_key
from gdnn.plans.models import (
    Agency,
    Assignment,
    FundingSource,
    Plan,
    PlanReference,
    ReportingDuty,
    Target,
    TaskGroup,
)


def _span(span: dict | None) -> dict[str, Any]:
    span = span or {}
    return {k: span.get(k) for k in ("start_line", "end_line", "start_char", "end_char")}


def _date(text: str | None) -> tuple[dt.date | None, str]:
    if not text:
        return None, ""
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text), text
        if len(text) == 7:
            return dt.date.fromisoformat(f"{text}-01"), text
    except ValueError:
        pass
    return None, text[:10]


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _spans(data: dict, key: str, count: int) -> list[dict | None]:
    spans = list(data.get(key) or [])
    return spans + [None] * (count - len(spans))


@transaction.atomic
def plan_import_draft(*, data: dict[str, Any], source_text: str, org_unit: OrgUnit | None, source_file: str = "",
                      by=None) -> Plan:
    """Store a parser result (gold schema + spans) as a draft plan; refuse a duplicate number."""
    doc_number = data.get("doc_number") or None
    issuer = data.get("issuer") or ""
    key = issuer_key(issuer)
    if doc_number and Plan.objects.filter(issuer_key=key).exists():
        for other in Plan.objects.filter(issuer_key=key).exclude(doc_number__isnull=True):
            if doc_number_key(other.doc_number) == doc_number_key(doc_number):
                raise DomainError(
                    f"Đã có kế hoạch số {other.doc_number} của {issuer or 'cùng cơ quan'} "
                    f"(plan {other.doc_number} of this issuer already exists, #{other.pk})."
                )
    issued_on, date_text = _date(data.get("date"))
    warnings = list(data.get("warnings") or [])
    if not issuer:
        warnings.append("Văn bản không nêu cơ quan ban hành (the document names no issuer).")
    plan = Plan.objects.create(
        doc_number=doc_number, issuer=issuer, issuer_key=key, level=data.get("level") or Plan.Level.PROVINCE,
        title=data.get("title") or "", issued_on=issued_on, date_text=date_text, place=data.get("place") or "",
        org_unit=org_unit, source_file=source_file, source_text=source_text, warnings=warnings, imported_by=by,
    )
    own = doc_number_key(doc_number)
    for order, (ref, span) in enumerate(zip(data.get("references") or [], _spans(data, "reference_spans", len(data.get("references") or [])), strict=False)):
        if doc_number_key(ref) == own:
            continue
        PlanReference.objects.create(plan=plan, identifier=ref, identifier_key=doc_number_key(ref), order=order,
                                     **_span(span))
    indicators = {i.code: i for i in Indicator.objects.all()}
    for order, t in enumerate(data.get("targets") or []):
        indicator = indicators.get(t.get("indicator") or "")
        if indicator is not None and t.get("unit") not in indicator.accepted_units:
            plan.warnings.append(
                f"Chỉ tiêu '{(t.get('subject') or t.get('text') or '')[:60]}': đơn vị {t.get('unit')} không khớp "
                f"chỉ số {indicator.code}; cần rà soát (unit does not fit the linked indicator; left unlinked)."
            )
            indicator = None
        Target.objects.create(
            plan=plan, order=order, indicator=indicator, link_confidence=t.get("confidence"), org_unit=org_unit,
            year=t.get("year"), comparator=t.get("comparator") or "eq", value_min=_decimal(t.get("value_min")),
            value_max=_decimal(t.get("value_max")), unit=t.get("unit") or "other", text=t.get("text") or "",
            subject=(t.get("subject") or "")[:400], **_span(t.get("span")),
        )
    for order, (heading, span) in enumerate(
        zip(data.get("task_groups") or [], _spans(data, "task_group_spans", len(data.get("task_groups") or [])), strict=False)
    ):
        TaskGroup.objects.create(plan=plan, order=order, heading=heading, **_span(span))
    agencies = {a.code: a for a in Agency.objects.all()}
    for order, a in enumerate(data.get("agencies") or []):
        kind = match_agency(a.get("name") or "")
        Assignment.objects.create(
            plan=plan, order=order, agency_name=(a.get("name") or "")[:300], role=a.get("role") or "mixed",
            agency=agencies.get(kind.code) if kind else None, duties=a.get("duties") or "", **_span(a.get("span")),
        )
    for order, r in enumerate(data.get("reporting") or []):
        ReportingDuty.objects.create(
            plan=plan, order=order, who=(r.get("who") or "")[:300], frequency=r.get("frequency") or "periodic",
            to=(r.get("to") or "")[:300], deadline=(r.get("deadline") or "")[:120], **_span(r.get("span")),
        )
    for order, (text, span) in enumerate(
        zip(data.get("funding_sources") or [], _spans(data, "funding_source_spans", len(data.get("funding_sources") or [])),
            strict=False)
    ):
        FundingSource.objects.create(plan=plan, order=order, text=text, **_span(span))
    plan.save(update_fields=["warnings"])
    return plan


# The header fields a draft must show; the import page asks for those the document does not give.
HEADER_FIELDS = ("issuer", "doc_number", "date")


def header_missing(data: dict[str, Any]) -> list[str]:
    """The header fields the parser could not read (issuer, number, date), in that order."""
    return [f for f in HEADER_FIELDS if not data.get(f)]


def plan_read_document(*, path: Path) -> tuple[dict[str, Any], str]:
    """Parse a plan file without storing anything: (parser result, normalised text)."""
    from gdnn.parsing import DocumentError, parse_document

    try:
        draft = parse_document(path)
    except DocumentError as exc:
        raise DomainError(str(exc)) from exc
    return draft.to_dict(), draft.text


def _with_header(data: dict[str, Any], header: dict[str, str | None]) -> dict[str, Any]:
    """The parser result with the header fields a person supplied; each one is noted in the warnings.
    An empty string records that the document states none (a plan not yet numbered)."""
    data = dict(data)
    warnings = list(data.get("warnings") or [])
    for field in HEADER_FIELDS:
        if field in header and not data.get(field):
            value = header[field] or None
            data[field] = value
            label = {"issuer": "cơ quan ban hành", "doc_number": "số hiệu", "date": "ngày ban hành"}[field]
            warnings.append(f"{label} do người nhập bổ sung: {value or 'văn bản không ghi'}")
    data["warnings"] = warnings
    return data


def plan_import_document(*, path: Path, org_unit: OrgUnit | None, by=None,
                         header: dict[str, str | None] | None = None) -> Plan:
    """Parse the file and store it as a draft; a file the parser refuses stores nothing. ``header``
    fills the header fields the document does not give (the import page asks for them)."""
    data, text = plan_read_document(path=path)
    if header:
        data = _with_header(data, header)
    try:
        return plan_import_draft(data=data, source_text=text, org_unit=org_unit,
                                 source_file=Path(path).name, by=by)
    except IntegrityError as exc:  # a concurrent import of the same number
        raise DomainError(f"{Path(path).name}: kế hoạch này đã được nhập (already imported).") from exc
