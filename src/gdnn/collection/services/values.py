"""Writes of data values: every change leaves an audit row (old, new, who, when, channel).

A change may carry its `Base`, the stored value the person started from (the entry form sends it
with every cell save, including edits queued offline). When the stored value has changed since,
the save is refused with `ValueConflict`, which names the current value and who stored it when:
nobody's edit is overwritten unseen. A change to the value already stored is never a conflict
(a resend stays idempotent); a change without a base (files, the API) writes as before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gdnn.accounts.models import User
from gdnn.collection.grid import display
from gdnn.collection.models import Channel, DataSet, DataValue, DataValueAudit, Submission
from gdnn.collection.periods import Period
from gdnn.collection.selectors import entry_refusal, form_structure
from gdnn.collection.validation import ValueInvalid, value_check
from gdnn.common.clientaddr import current_client_address
from gdnn.common.errors import Conflict, DomainError
from gdnn.indicators.models import DataElement
from gdnn.orgunits.models import OrgUnit


@dataclass(frozen=True)
class Base:
    """The stored value an edit started from (None: the cell was empty)."""

    value: Decimal | None


@dataclass(frozen=True)
class ValueChange:
    element: str
    key: str
    value: Decimal | None  # None clears the cell
    base: Base | None = None  # None: no check, the change overwrites whatever is stored


class ValueConflict(Conflict):
    """The cell changed after the person started editing it; the edit was not saved."""

    def __init__(self, message: str, *, element: str, key: str, current: Decimal | None, by: str,
                 at: dt.datetime | None, channel: str):
        super().__init__(message)
        self.element, self.key, self.current, self.by, self.at, self.channel = element, key, current, by, at, channel


def _conflict(*, submission: Submission, element: str, key: str, current: DataValue | None,
              mine: Decimal | None) -> ValueConflict:
    """The refusal of a stale edit, naming who last changed the cell and when (its latest audit row)."""
    last = (DataValueAudit.objects.filter(submission__org_unit=submission.org_unit, submission__period=submission.period,
                                          data_element__code=element, disaggregation=key)
            .select_related("by").order_by("-at", "-pk").first())
    who = last.by if last is not None else (current.updated_by if current is not None else None)
    at = last.at if last is not None else (current.updated_at if current is not None else None)
    channel = Channel(last.channel).label if last is not None else ""
    by = str(who) if who is not None else gettext("một người dùng khác")
    value = current.value if current is not None else None
    args = {"by": by, "at": f"{timezone.localtime(at):%H:%M %d/%m/%Y}" if at else "—", "channel": channel,
            "value": display(value), "mine": display(mine) or gettext("(để trống)")}
    if value is None:
        message = gettext("Ô này đã bị %(by)s xóa lúc %(at)s (%(channel)s) trong khi bạn sửa. Giá trị “%(mine)s” "
                          "của bạn chưa được lưu: hãy chọn giữ giá trị của bạn hay giá trị đã lưu.") % args
    else:
        message = gettext("Ô này đã được %(by)s đổi thành “%(value)s” lúc %(at)s (%(channel)s) trong khi bạn sửa. "
                          "Giá trị “%(mine)s” của bạn chưa được lưu: hãy chọn giữ giá trị của bạn hay giá trị "
                          "đã lưu.") % args
    return ValueConflict(message, element=element, key=key, current=value, by=by, at=at, channel=channel)


def submission_get_or_create(*, data_set: DataSet, org_unit: OrgUnit, period: Period) -> Submission:
    if org_unit.level != data_set.org_unit_level:
        raise DomainError(f"Bộ biểu {data_set.code} dành cho cấp {OrgUnit.Level(data_set.org_unit_level).label}, "
                          f"không dành cho {org_unit.name}.")
    submission, _ = Submission.objects.get_or_create(data_set=data_set, org_unit=org_unit, period=period.code)
    return submission


def _lock(submission: Submission) -> Submission:
    return Submission.objects.select_for_update().select_related("data_set", "org_unit").get(pk=submission.pk)


@transaction.atomic
def datavalues_save(*, submission: Submission, period: Period, changes: list[ValueChange], by: User | None,
                    channel: str) -> int:
    """Apply already-validated changes to one submission; the number of values that changed."""
    submission = _lock(submission)
    refusal = entry_refusal(user=by, data_set=submission.data_set, org_unit=submission.org_unit, period=period,
                            state=submission.state, today=timezone.localdate())
    if refusal is not None:
        raise refusal
    codes = {c.element for c in changes}
    elements = {e.code: e for e in DataElement.objects.filter(code__in=codes)}
    existing = {
        (v.data_element.code, v.disaggregation): v
        for v in DataValue.objects.filter(org_unit=submission.org_unit, period=submission.period,
                                          data_element__code__in=codes).select_related("data_element")
    }
    user = by if by is not None and by.is_authenticated else None
    client_address = current_client_address()
    created: list[DataValue] = []
    audits: list[DataValueAudit] = []
    for change in changes:
        current = existing.get((change.element, change.key))
        old = current.value if current else None
        if old == change.value:
            continue
        if change.base is not None and change.base.value != old:
            raise _conflict(submission=submission, element=change.element, key=change.key, current=current,
                            mine=change.value)
        if change.value is None:
            if current is not None:
                current.delete()
        elif current is None:
            created.append(DataValue(
                data_element=elements[change.element], org_unit=submission.org_unit, period=submission.period,
                disaggregation=change.key, value=change.value, submission=submission, updated_by=user,
            ))
        else:
            current.value, current.updated_by, current.submission = change.value, user, submission
            current.save(update_fields=["value", "updated_by", "submission", "updated_at"])
        audits.append(DataValueAudit(
            submission=submission, data_element=elements[change.element], disaggregation=change.key,
            old_value=old, new_value=change.value, channel=channel, by=user, client_address=client_address,
        ))
    # New values and the audit rows in bulk: an import of thousands of cells holds the lock briefly.
    DataValue.objects.bulk_create(created, batch_size=500)
    DataValueAudit.objects.bulk_create(audits, batch_size=500)
    return len(audits)


@transaction.atomic
def datavalue_set(*, data_set: DataSet, org_unit: OrgUnit, period: Period, element: str, key: str, raw: str,
                  by: User, channel: str, language: str = "vi", base: Base | None = None) -> Decimal | None:
    """Save one cell typed by a user ("" clears it); ValueInvalid with a message when wrong. The text is
    read in `language`'s convention (the page's: "1,234.5" on an English page, "1.234,5" on a Vietnamese one).
    With `base` (the value the person started from), ValueConflict when someone changed it since."""
    cell = form_structure(data_set=data_set, period=period).cells().get((element, key))
    if cell is None:
        raise DomainError("Ô này không thuộc biểu mẫu.")
    value = value_check(cell.value_type, raw, language=language) if raw.strip() else None
    submission = submission_get_or_create(data_set=data_set, org_unit=org_unit, period=period)
    datavalues_save(submission=submission, period=period, changes=[ValueChange(element, key, value, base)], by=by,
                    channel=channel)
    return value


__all__ = ["Base", "ValueChange", "ValueConflict", "ValueInvalid", "datavalue_set", "datavalues_save", "submission_get_or_create"]
