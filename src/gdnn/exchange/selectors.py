"""Reads for exports: which values a user may take out (scope, periods, data set, state), streamed.

Values come through a server-side cursor (`iterator(chunk_size=…)`), so an export of millions of
values never holds them all in memory; the order is fixed, so two exports of the same data are
byte for byte the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext

from gdnn.accounts.models import User
from gdnn.accounts.selectors import orgunit_in_scope, orgunits_visible, user_is_national
from gdnn.collection.models import DataValue, Submission
from gdnn.collection.periods import Period, period_parse
from gdnn.common.errors import DomainError, PermissionDenied
from gdnn.orgunits.models import OrgUnit

CHUNK = 5000
MAX_PERIOD_YEARS = 50


class ValueRow(NamedTuple):
    org_unit: str
    period: str
    data_set: str
    element: str
    key: str
    value: Decimal
    state: str
    stored_by: str
    last_updated: dt.datetime


@dataclass(frozen=True)
class ExportScope:
    """What to export: under `root` (None: the whole country, for a national user), periods from
    `start` to `end` inclusive (by their dates), one data set or all, approved values or all."""

    root: OrgUnit | None
    start: Period
    end: Period
    data_set: str = ""
    all_states: bool = False

    @property
    def periods(self) -> list[str]:
        return periods_between(self.start, self.end)

    def describe(self) -> dict:
        return {"org_unit": self.root.code if self.root else None, "start": self.start.code, "end": self.end.code,
                "data_set": self.data_set or None, "states": "all" if self.all_states else "approved"}


def periods_between(start: Period, end: Period) -> list[str]:
    """Every half-year and year whose dates lie within start..end."""
    if end.end < start.start:
        raise DomainError(gettext("Kỳ cuối %(end)s đứng trước kỳ đầu %(start)s.") % {"end": end.code, "start": start.code})
    if end.year - start.year > MAX_PERIOD_YEARS:
        raise DomainError(gettext("Khoảng kỳ quá dài (tối đa %(years)s năm).") % {"years": MAX_PERIOD_YEARS})
    out = []
    for year in range(start.year, end.year + 1):
        for code in (f"{year}S1", f"{year}S2", str(year)):
            p = period_parse(code)
            if start.start <= p.start and p.end <= end.end:
                out.append(p.code)
    return out


def export_scope(*, user: User, root: OrgUnit | None, start: str, end: str, data_set: str = "",
                 all_states: bool = False) -> ExportScope:
    """The scope if the user may read it: PermissionDenied outside it, DomainError for bad periods."""
    if root is None and not user_is_national(user=user):
        raise PermissionDenied(gettext("Chỉ người dùng cấp quốc gia được xuất dữ liệu cả nước; hãy chọn một đơn vị."))
    if root is not None and not orgunit_in_scope(user=user, unit=root):
        raise PermissionDenied(gettext("Không tìm thấy đơn vị trong phạm vi của bạn."))
    scope = ExportScope(root, period_parse(start), period_parse(end or start), (data_set or "").strip().upper(),
                        all_states)
    scope.periods  # noqa: B018  # checks the range now, before a job is queued
    return scope


def export_values(*, user: User, scope: ExportScope) -> Iterator[ValueRow]:
    """The scope's values in a fixed order, streamed from the database."""
    qs = DataValue.objects.filter(period__in=scope.periods)
    if scope.root is not None:
        qs = qs.filter(org_unit__path__startswith=scope.root.path)
    if not user_is_national(user=user):
        qs = qs.filter(org_unit__in=orgunits_visible(user=user))
    if scope.data_set:
        qs = qs.filter(submission__data_set__code=scope.data_set)
    if not scope.all_states:
        qs = qs.filter(submission__state=Submission.State.APPROVED)
    rows = qs.order_by("org_unit__code", "period", "submission__data_set__code", "data_element__code",
                       "disaggregation").values_list(
        "org_unit__code", "period", "submission__data_set__code", "data_element__code", "disaggregation", "value",
        "submission__state", "updated_by__username", "updated_at")
    for row in rows.iterator(chunk_size=CHUNK):
        yield ValueRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7] or "", row[8])


def number_text(value: Decimal) -> str:
    """A value as a machine number: 1234, 32.5 (no exponent, no trailing zeros)."""
    return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")
