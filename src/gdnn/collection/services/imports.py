"""Import a whole file of values (Excel template or DHIS2 CSV): validate everything, then write.

Nothing is written unless every row is valid: the whole file is checked first (values, scope,
every report still open for entry). With submit or a dry run, the writes and the submissions run
in one transaction, so a refusal part-way leaves the database as it was. A plain import writes in
short transactions of WRITE_CHUNK values, so that on SQLite (one writer at a time) a file of a
hundred thousand rows does not hold the write lock for minutes while others wait to save a cell
or log in.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gdnn.accounts.models import User
from gdnn.collection.excel import template_version
from gdnn.collection.keys import disagg_key, disagg_parse
from gdnn.collection.models import DataSet, Submission
from gdnn.collection.periods import Period, period_parse
from gdnn.collection.selectors import (
    dataset_applies,
    dataset_get,
    entry_refusal,
    form_structure,
    orgunit_for_period,
    submission_find,
)
from gdnn.collection.services.values import ValueChange, datavalues_save, submission_get_or_create
from gdnn.collection.services.workflow import submission_submit
from gdnn.collection.structure import FormStructure
from gdnn.collection.uploads import ImportBatch, ImportRejected
from gdnn.collection.validation import ValueInvalid, value_check
from gdnn.common.errors import DomainError
from gdnn.indicators.models import DataElement
from gdnn.orgunits.models import OrgUnit

WRITE_CHUNK = 500  # values per write transaction of a plain import


@dataclass
class ImportResult:
    values_changed: int = 0
    submissions: list[str] = field(default_factory=list)
    submitted: list[str] = field(default_factory=list)


@dataclass
class _Resolver:
    """Caches the lookups a file needs; each failure is a message for the row."""

    elements: dict[str, DataElement | None] = field(default_factory=dict)
    data_sets: dict[tuple[str, str], DataSet | None] = field(default_factory=dict)
    units: dict[tuple[str, str, str], OrgUnit | str] = field(default_factory=dict)
    forms: dict[tuple[str, str], FormStructure] = field(default_factory=dict)
    cell_sets: dict[tuple[str, str], set[tuple[str, str]]] = field(default_factory=dict)

    def element(self, code: str) -> DataElement | None:
        if code not in self.elements:
            self.elements[code] = DataElement.objects.filter(code=code).first()
        return self.elements[code]

    def data_set(self, element: DataElement, named: str) -> DataSet | None:
        key = (element.code, named)
        if key not in self.data_sets:
            qs = DataSet.objects.filter(elements=element, org_unit_level=element.reported_by)
            # A national form first: a province's own form holds national elements too.
            self.data_sets[key] = (qs.filter(code=named) if named else qs).order_by(
                F("owner").asc(nulls_first=True), "code").first()
        return self.data_sets[key]

    def unit(self, code: str, level: str, period: Period) -> OrgUnit | str:
        key = (code, level, period.code)
        if key not in self.units:
            try:
                self.units[key] = orgunit_for_period(code=code, level=level, period=period)
            except DomainError as exc:
                self.units[key] = str(exc)
        return self.units[key]

    def cells(self, data_set: DataSet, period: Period) -> set[tuple[str, str]]:
        key = (data_set.code, period.code)
        if key not in self.cell_sets:
            self.cell_sets[key] = set(self.form(data_set, period).cells())
        return self.cell_sets[key]

    def form(self, data_set: DataSet, period: Period) -> FormStructure:
        key = (data_set.code, period.code)
        if key not in self.forms:
            self.forms[key] = form_structure(data_set=data_set, period=period)
        return self.forms[key]


def _check_template(batch: ImportBatch, expected: tuple[str, str, str] | None, resolver: _Resolver) -> None:
    if batch.template is None:
        return
    ds_code, _, period_code = batch.template
    if expected is not None:
        labels = ("bộ biểu", "đơn vị", "kỳ")
        wrong = [f"{label} {got} (trang này là {want})"
                 for label, got, want in zip(labels, batch.template, expected, strict=True) if got != want]
        if wrong:
            raise ImportRejected([f"Tệp “{batch.source}” là mẫu của " + ", ".join(wrong) + "."])
    try:
        data_set = dataset_get(code=ds_code)
        form = resolver.form(data_set, period_parse(period_code))
    except DomainError as exc:
        raise ImportRejected([f"Tệp “{batch.source}”: {exc}"]) from exc
    cells = {(r.element, r.key) for r in batch.rows}
    if batch.template_version != template_version(form) or cells != set(form.cells()):
        raise ImportRejected([f"Tệp “{batch.source}” là mẫu cũ (phiên bản {batch.template_version}), biểu mẫu "
                              f"đã thay đổi; hãy tải mẫu mới (phiên bản {template_version(form)})."])


def _plan(batch: ImportBatch, by: User | None, expected: tuple[str, str, str] | None
          ) -> dict[tuple[int, int, str], list[ValueChange]]:
    resolver = _Resolver()
    _check_template(batch, expected, resolver)
    errors: list[str] = []
    seen: dict[tuple[str, str, str, str], str] = {}
    plan: dict[tuple[int, int, str], list[ValueChange]] = defaultdict(list)
    refused: dict[tuple[int, int, str], DomainError | None] = {}
    today = timezone.localdate()
    for row in batch.rows:
        try:
            period = period_parse(row.period)
        except DomainError as exc:
            errors.append(f"{row.where}: {exc}")
            continue
        element = resolver.element(row.element)
        if element is None:
            errors.append(f"{row.where}: không có phần tử dữ liệu mã “{row.element}”.")
            continue
        data_set = resolver.data_set(element, row.data_set)
        if data_set is None:
            errors.append(f"{row.where}: phần tử “{row.element}” không thuộc bộ biểu nào"
                          f"{f' mã {row.data_set}' if row.data_set else ''}.")
            continue
        if data_set.period_type != period.period_type:
            errors.append(f"{row.where}: kỳ {period.code} không phù hợp với {element.code} "
                          f"(báo cáo {'6 tháng' if data_set.period_type == 'semiannual' else 'năm'}).")
            continue
        unit = resolver.unit(row.org_unit, data_set.org_unit_level, period)
        if isinstance(unit, str):
            errors.append(f"{row.where}: {unit}")
            continue
        if not dataset_applies(data_set=data_set, org_unit=unit):
            errors.append(f"{row.where}: biểu {data_set.code} là biểu riêng của {data_set.owner}; "
                          f"{unit.name} không nhập biểu này.")
            continue
        if expected is not None and (data_set.code, unit.code, period.code) != expected:
            errors.append(f"{row.where}: số liệu của {data_set.code} · {unit.code} · {period.code}, "
                          f"không thuộc biểu đang mở ({' · '.join(expected)}).")
            continue
        try:
            key = disagg_key(disagg_parse(row.key))
        except ValueError:
            key = "\x00invalid"
        if (element.code, key) not in resolver.cells(data_set, period):
            errors.append(f"{row.where}: phân tổ “{row.key}” không hợp lệ cho {element.code} kỳ {period.code}.")
            continue
        ident = (element.code, unit.code, period.code, key)
        if ident in seen:
            errors.append(f"{row.where}: trùng với {seen[ident].lower()} ({element.code}, {unit.code}, "
                          f"{period.code}, “{key or 'default'}”).")
            continue
        seen[ident] = row.where
        group = (data_set.pk, unit.pk, period.code)
        if group not in refused:
            existing = submission_find(data_set=data_set, org_unit=unit, period=period.code)
            state = existing.state if existing else Submission.State.DRAFT
            refused[group] = entry_refusal(user=by, data_set=data_set, org_unit=unit, period=period,
                                           state=state, today=today)
            if refused[group] is not None:
                errors.append(f"{row.where}: {refused[group]}")
        if refused[group] is not None:
            continue
        raw = row.raw
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            plan[group].append(ValueChange(element.code, key, None))
            continue
        try:
            plan[group].append(ValueChange(element.code, key, value_check(element.value_type, raw)))
        except ValueInvalid as exc:
            errors.append(f"{row.where}: {exc}")
    if errors:
        raise ImportRejected(errors)
    return plan


def datavalues_import(*, batch: ImportBatch, by: User | None, expected: tuple[str, str, str] | None = None,
                      submit: bool = False, comment: str = "", dry_run: bool = False) -> ImportResult:
    """Validate the whole batch, then write it in one transaction; ImportRejected lists every problem.

    A dry run does everything, submitting included, and rolls the transaction back: the result says
    what would change and every refusal is raised as for a real import."""
    if not batch.rows:
        raise ImportRejected([f"Tệp “{batch.source}” không có số liệu nào."])
    plan = _plan(batch, by, expected)
    result = ImportResult()
    data_sets = DataSet.objects.in_bulk({g[0] for g in plan})
    units = OrgUnit.objects.in_bulk({g[1] for g in plan})
    if not submit and not dry_run:
        return _write_in_chunks(batch, by, plan, data_sets, units, result)
    try:
        with transaction.atomic():
            for (ds_id, unit_id, period_code), changes in plan.items():
                period = period_parse(period_code)
                submission = submission_get_or_create(data_set=data_sets[ds_id], org_unit=units[unit_id], period=period)
                result.values_changed += datavalues_save(submission=submission, period=period, changes=changes,
                                                         by=by, channel=batch.channel)
                label = f"{data_sets[ds_id].code} · {units[unit_id].code} · {period_code}"
                result.submissions.append(label)
                if submit:
                    submission_submit(submission=submission, by=by, comment=comment)
                    result.submitted.append(label)
            if dry_run:
                transaction.set_rollback(True)
    except ImportRejected:
        raise
    except DomainError as exc:
        raise ImportRejected([f"Tệp “{batch.source}”: {exc}"]) from exc
    return result


def _write_in_chunks(batch: ImportBatch, by: User | None, plan: dict[tuple[int, int, str], list[ValueChange]],
                     data_sets: dict, units: dict, result: ImportResult) -> ImportResult:
    """The validated plan written in short transactions (each chunk rechecks the report is open)."""
    try:
        for (ds_id, unit_id, period_code), changes in plan.items():
            period = period_parse(period_code)
            with transaction.atomic():
                submission = submission_get_or_create(data_set=data_sets[ds_id], org_unit=units[unit_id],
                                                      period=period)
            for start in range(0, len(changes), WRITE_CHUNK):
                result.values_changed += datavalues_save(submission=submission, period=period,
                                                         changes=changes[start:start + WRITE_CHUNK], by=by,
                                                         channel=batch.channel)
            result.submissions.append(f"{data_sets[ds_id].code} · {units[unit_id].code} · {period_code}")
    except ImportRejected:
        raise
    except DomainError as exc:  # a report closed or submitted meanwhile: the rest is not written
        raise ImportRejected([f"Tệp “{batch.source}”: {exc} Đã ghi {result.values_changed} giá trị trước "
                              "khi dừng; hãy kiểm tra rồi nhập lại tệp."]) from exc
    return result
