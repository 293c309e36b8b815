"""Imports of ADX and DXF2 files: read, translate codes, then the one write path of data values
(gdnn.collection.services.imports.datavalues_import: same scope, validation, audit, all or nothing),
answered with a summary shaped like DHIS2's import summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext

from gdnn.accounts.models import User
from gdnn.collection.keys import disagg_key, disagg_parse
from gdnn.collection.models import DataValue
from gdnn.collection.services.imports import datavalues_import
from gdnn.collection.uploads import ImportBatch, ImportRejected, upload_check_size
from gdnn.common.errors import DomainError, NotFound
from gdnn.exchange.adx import adx_read
from gdnn.exchange.dxf2 import dxf2_read
from gdnn.exchange.mappings import mapping_for

FORMATS = ("adx", "dxf2")


@dataclass
class ImportSummary:
    """DHIS2's ImportSummary: status SUCCESS or ERROR (nothing written), counts, conflicts."""

    status: str = "SUCCESS"
    dry_run: bool = False
    imported: int = 0
    updated: int = 0
    deleted: int = 0
    ignored: int = 0
    conflicts: list[dict[str, str]] = field(default_factory=list)
    description: str = ""

    def as_dict(self) -> dict:
        return {"responseType": "ImportSummary", "status": self.status, "dryRun": self.dry_run,
                "description": self.description,
                "importCount": {"imported": self.imported, "updated": self.updated, "ignored": self.ignored,
                                "deleted": self.deleted},
                "conflicts": self.conflicts}


def _conflict(message: str) -> dict[str, str]:
    where, sep, reason = message.partition(": ")
    return {"object": where, "value": reason} if sep else {"object": "", "value": message}


def _classify(batch: ImportBatch, summary: ImportSummary) -> None:
    """Count what the (already validated) batch does to the values as they are now."""
    idents = []
    for row in batch.rows:
        try:
            key = disagg_key(disagg_parse(row.key))
        except ValueError:
            key = row.key
        idents.append((row.element, row.org_unit, row.period.upper(), key, row.raw))
    existing = {
        (e, u, p, k): v for e, u, p, k, v in DataValue.objects.filter(
            period__in={i[2] for i in idents}, data_element__code__in={i[0] for i in idents},
            org_unit__code__in={i[1] for i in idents},
        ).values_list("data_element__code", "org_unit__code", "period", "disaggregation", "value").iterator()
    }
    for element, unit, period, key, raw in idents:
        old = existing.get((element, unit, period, key))
        empty = raw is None or (isinstance(raw, str) and not raw.strip())
        if empty:
            if old is None:
                summary.ignored += 1
            else:
                summary.deleted += 1
            continue
        try:
            new = Decimal(int(raw)) if isinstance(raw, bool) else Decimal(str(raw).strip())
        except InvalidOperation:
            new = None
        if old is None:
            summary.imported += 1
        elif new is not None and old == new:
            summary.ignored += 1
        else:
            summary.updated += 1


def exchange_import(*, data: bytes, name: str, fmt: str, by: User, system: str = "",
                    dry_run: bool = False) -> ImportSummary:
    """Read an ADX or DXF2 file (codes translated through `system`'s mappings) and import it through
    the data-value write service. A refused file writes nothing and comes back as status ERROR with one
    conflict per problem, naming its line or dataValues index and the element."""
    summary = ImportSummary(dry_run=dry_run)
    if fmt not in FORMATS:
        raise DomainError(gettext("Định dạng “%(format)s” không được hỗ trợ (adx hoặc dxf2).") % {"format": fmt})
    try:
        upload_check_size(name=name, size=len(data))
        try:
            mapping = mapping_for(system=system)
        except DomainError as exc:
            raise ImportRejected([str(exc)]) from exc
        batch = (adx_read if fmt == "adx" else dxf2_read)(data=data, name=name, mapping=mapping)
        if not batch.rows:
            raise ImportRejected([gettext("Tệp “%(name)s” không có số liệu nào.") % {"name": name}])
        _classify(batch, summary)  # before the write: what is there now
        datavalues_import(batch=batch, by=by, dry_run=dry_run)
    except ImportRejected as exc:
        return _refused(summary, exc.errors, len(batch.rows) if "batch" in locals() else 0)
    except NotFound as exc:
        return _refused(summary, [str(exc)], 0)
    summary.description = (gettext("Chạy thử: không có gì được ghi.") if dry_run else
                           gettext("Đã nhập tệp “%(name)s”.") % {"name": name})
    return summary


def _refused(summary: ImportSummary, errors: list[str], rows: int) -> ImportSummary:
    summary.status = "ERROR"
    summary.imported = summary.updated = summary.deleted = 0
    summary.ignored = rows
    summary.conflicts = [_conflict(e) for e in errors]
    summary.description = gettext("Tệp bị từ chối; không có gì được ghi.")
    return summary
