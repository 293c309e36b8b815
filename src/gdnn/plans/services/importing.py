"""Parse a plan document and store it as a draft plan, every item linked to its source span."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

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
from gdnn.plans.services.review import unit_fits


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


_PER_YEAR = re.compile(r"(?:/\s*năm\b|\bmỗi năm\b|\bhằng năm\b|\bhàng năm\b)", re.IGNORECASE)
_STAGE = re.compile(r"giai đoạn\s*(\d{4})\s*[-–—]\s*(\d{4})", re.IGNORECASE)


def _kind(t: dict) -> str:
    """The parser's `kind` ("point" | "per_year" | "period_total") when it gives one; otherwise read
    from the sentence: "… người/năm", "mỗi năm", "hằng năm" → per_year; a count "trong giai đoạn
    2026–2030" → period_total; else point."""
    if "kind" in t:
        kind = t.get("kind") or Target.Kind.POINT
        return kind if kind in Target.Kind.values else Target.Kind.POINT
    text = t.get("text") or ""
    if _PER_YEAR.search(text):
        return Target.Kind.PER_YEAR
    if t.get("unit") not in (None, "percent") and re.search(r"\btrong\s+giai đoạn", text, re.IGNORECASE) \
            and _STAGE.search(text):
        return Target.Kind.PERIOD_TOTAL
    return Target.Kind.POINT


def _start_year(t: dict) -> int | None:
    if _kind(t) == Target.Kind.POINT:
        return None
    start = t.get("start_year") or t.get("year_from")
    if isinstance(start, int | str) and str(start).isdigit():
        return int(start)
    stage = _STAGE.search(t.get("text") or "")
    return int(stage.group(1)) if stage else t.get("year")


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
                if not issuer:
                    raise DomainError(gettext("Đã có kế hoạch số %(number)s của cùng cơ quan (#%(id)s).")
                                      % {"number": other.doc_number, "id": other.pk})
                raise DomainError(gettext("Đã có kế hoạch số %(number)s của %(issuer)s (#%(id)s).")
                                  % {"number": other.doc_number, "issuer": issuer, "id": other.pk})
    issued_on, date_text = _date(data.get("date"))
    warnings = list(data.get("warnings") or [])
    from gdnn.plans.selectors import plans_similar

    for other, similarity in plans_similar(text=source_text, org_unit=org_unit)[:3]:
        warnings.append(f"Nội dung giống {similarity:.0%} kế hoạch {other.label} (#{other.pk}): có thể là bản trùng; "
                        "nếu đúng, xóa dự thảo này hoặc thu hồi bản cũ.")
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
        if indicator is not None and not unit_fits(t.get("unit") or "", indicator):
            plan.warnings.append(
                f"Chỉ tiêu '{(t.get('subject') or t.get('text') or '')[:60]}': đơn vị {t.get('unit')} không khớp "
                f"chỉ số {indicator.code}; cần rà soát (unit does not fit the linked indicator; left unlinked)."
            )
            indicator = None
        Target.objects.create(
            plan=plan, order=order, indicator=indicator, link_confidence=t.get("confidence"), org_unit=org_unit,
            year=t.get("year"), kind=_kind(t), start_year=_start_year(t),
            comparator=t.get("comparator") or "eq", value_min=_decimal(t.get("value_min")),
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


def plan_parse_limits() -> dict[str, Any]:
    """The parse budget from the settings, for gdnn.parsing.limits.ParseBudget in the sandbox."""
    from django.conf import settings

    return {"max_bytes": settings.GDNN_UPLOAD_MAX_BYTES, "docx_paragraphs": settings.GDNN_DOCX_MAX_PARAGRAPHS,
            "docx_tables": settings.GDNN_DOCX_MAX_TABLES, "pdf_pages": settings.GDNN_PDF_MAX_PAGES,
            "ocr_pages": settings.GDNN_OCR_MAX_PAGES, "ocr_seconds": float(settings.GDNN_OCR_MAX_SECONDS)}


# The header fields a draft must show; the import page asks for those the document does not give.
HEADER_FIELDS = ("issuer", "doc_number", "date")


def header_missing(data: dict[str, Any]) -> list[str]:
    """The header fields the parser could not read (issuer, number, date), in that order."""
    return [f for f in HEADER_FIELDS if not data.get(f)]


def plan_read_document(*, path: Path, name: str = "") -> tuple[dict[str, Any], str]:
    """Parse a plan file in the sandbox without storing anything: (parser result, normalised text).

    `name` is what messages call the file (an upload's own name, never the server's temporary path).
    """
    from dataclasses import replace

    from django.conf import settings

    from gdnn.common.sandbox import Refused, limits_from_settings, sandbox_call

    name = name or Path(path).name
    try:
        size = Path(path).stat().st_size
    except OSError as exc:
        raise DomainError(gettext("%(file)s: không đọc được tệp.") % {"file": name}) from exc
    if size > settings.GDNN_UPLOAD_MAX_BYTES:
        raise DomainError(gettext("%(file)s: tệp quá lớn (%(size)s MB); giới hạn là %(limit)s MB.")
                          % {"file": name, "size": f"{size / 1024 / 1024:.1f}",
                             "limit": f"{settings.GDNN_UPLOAD_MAX_BYTES / 1024 / 1024:.0f}"})
    limits = limits_from_settings()
    # OCR runs in helpers under the same limits; the clock allows the OCR budget on top.
    limits = replace(limits, wall_seconds=limits.wall_seconds + float(settings.GDNN_OCR_MAX_SECONDS))
    try:
        parsed = sandbox_call("gdnn.parsing.limits:parse_limited", limits=limits, path=str(Path(path).resolve()),
                              name=name, caps=plan_parse_limits())
    except Refused as exc:
        raise DomainError(" ".join(f"{name}: {e}" if not e.startswith(name) else e for e in exc.errors)) from exc
    return parsed["data"], parsed["text"]


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


def plan_import_document(*, path: Path, org_unit: OrgUnit | None, by=None, name: str = "",
                         header: dict[str, str | None] | None = None) -> Plan:
    """Parse the file in the sandbox and store it as a draft; a file the parser refuses stores nothing.
    ``header`` fills the header fields the document does not give (the import page asks for them)."""
    name = name or Path(path).name
    data, text = plan_read_document(path=path, name=name)
    if header:
        data = _with_header(data, header)
    try:
        return plan_import_draft(data=data, source_text=text, org_unit=org_unit, source_file=name, by=by)
    except IntegrityError as exc:  # a concurrent import of the same number
        raise DomainError(gettext("%(file)s: kế hoạch này đã được nhập.") % {"file": name}) from exc
