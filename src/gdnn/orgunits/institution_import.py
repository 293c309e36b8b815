"""Import vocational institutions from CSV or XLSX: validate every row first, then write all in one
transaction, or nothing. Errors name the file, the row and the column, in Vietnamese."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext

from gdnn.common.errors import DomainError
from gdnn.orgunits.models import REFORM_DATE, Institution, OrgUnit, valid_on_q
from gdnn.orgunits.services import institution_create

# column -> accepted header spellings (casefolded)
COLUMNS = {
    "code": ("ma", "mã", "mã cơ sở", "code"),
    "name": ("ten", "tên", "tên cơ sở", "name"),
    "institution_type": ("loai_hinh", "loại hình", "loại", "type"),
    "ownership": ("so_huu", "sở hữu", "loại hình sở hữu", "ownership"),
    "managing_agency": ("co_quan_chu_quan", "cơ quan chủ quản", "cơ quan quản lý", "managing agency"),
    "commune_code": ("ma_xa", "mã xã", "mã xã/phường", "commune", "commune code"),
    "valid_from": ("hieu_luc_tu", "hiệu lực từ", "ngày thành lập", "valid from"),
    "valid_to": ("hieu_luc_den", "hiệu lực đến", "ngày giải thể", "valid to"),
}
REQUIRED = ("code", "name", "institution_type", "ownership", "commune_code")
TYPE_WORDS = {
    "cao đẳng": Institution.Type.COLLEGE,
    "trung cấp": Institution.Type.SECONDARY,
    "gdnn-gdtx": Institution.Type.CENTRE_GDTX,
    "gdnn - gdtx": Institution.Type.CENTRE_GDTX,
    "trung tâm": Institution.Type.CENTRE,
    "khác": Institution.Type.OTHER,
}
OWNERSHIP_WORDS = {
    "công lập": Institution.Ownership.PUBLIC,
    "tư thục": Institution.Ownership.PRIVATE,
    "ngoài công lập": Institution.Ownership.PRIVATE,
    "nước ngoài": Institution.Ownership.FOREIGN,
}
CODE_RE = re.compile(r"^[A-Z][A-Z0-9-]{2,23}$")


class ImportRejected(DomainError):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class ImportRow:
    line: int
    values: dict[str, str]


def _read_rows(path: Path) -> list[list[str]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "utf-16"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportRejected([gettext("%(file)s: tệp CSV không phải UTF-8.") % {"file": path.name}])
        return [row for row in csv.reader(io.StringIO(text))]
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:
            raise ImportRejected([gettext("%(file)s: không đọc được tệp Excel (%(error)s).")
                                  % {"file": path.name, "error": exc.__class__.__name__}]) from exc
        ws = wb.worksheets[0]
        return [["" if v is None else (v.isoformat()[:10] if isinstance(v, dt.date) else str(v)) for v in row]
                for row in ws.iter_rows(values_only=True)]
    raise ImportRejected([gettext("%(file)s: chỉ nhận tệp .csv hoặc .xlsx.") % {"file": path.name}])


def _match(value: str, words: dict[str, str], choices: type) -> str | None:
    v = value.strip().casefold()
    if v in {c.value for c in choices}:
        return v
    for word, code in words.items():
        if word in v:
            return code
    return None


def _parse_date(value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise ValueError(value)


@transaction.atomic
def institutions_import(*, path: Path, by=None) -> list[OrgUnit]:
    rows = _read_rows(path)
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ImportRejected([gettext("%(file)s: tệp rỗng hoặc thiếu dòng tiêu đề.") % {"file": path.name}])
    header = [cell.strip().casefold() for cell in rows[0]]
    index: dict[str, int] = {}
    for column, names in COLUMNS.items():
        for i, h in enumerate(header):
            if h in names:
                index[column] = i
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        raise ImportRejected([gettext("%(file)s, dòng 1: thiếu cột %(columns)s.")
                              % {"file": path.name, "columns": ", ".join(COLUMNS[c][1] for c in missing)}])
    errors: list[str] = []
    prepared: list[dict] = []
    seen_codes: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        def get(column: str, row: list[str] = row) -> str:
            i = index.get(column)
            return row[i].strip() if i is not None and i < len(row) else ""

        where = gettext("%(file)s, dòng %(row)d") % {"file": path.name, "row": line}
        code, name = get("code").upper(), get("name")
        if not CODE_RE.match(code):
            errors.append(gettext("%(where)s, cột mã: '%(code)s' không hợp lệ (bắt đầu bằng chữ, 3–24 ký tự A-Z, 0-9, -).")
                          % {"where": where, "code": code})
        elif code in seen_codes:
            errors.append(gettext("%(where)s, cột mã: mã %(code)s trùng với dòng %(line)d.")
                          % {"where": where, "code": code, "line": seen_codes[code]})
        else:
            seen_codes[code] = line
        if not name:
            errors.append(gettext("%(where)s, cột tên: không được để trống.") % {"where": where})
        itype = _match(get("institution_type"), TYPE_WORDS, Institution.Type)
        if itype is None:
            errors.append(gettext("%(where)s, cột loại hình: '%(value)s' không thuộc danh mục.")
                          % {"where": where, "value": get("institution_type")})
        owner = _match(get("ownership"), OWNERSHIP_WORDS, Institution.Ownership)
        if owner is None:
            errors.append(gettext("%(where)s, cột sở hữu: '%(value)s' không thuộc danh mục.")
                          % {"where": where, "value": get("ownership")})
        try:
            valid_from, valid_to = _parse_date(get("valid_from")), _parse_date(get("valid_to"))
        except ValueError as exc:
            errors.append(gettext("%(where)s: ngày '%(value)s' không hợp lệ (dd/mm/yyyy).") % {"where": where, "value": exc})
            valid_from = valid_to = None
        if valid_from and valid_to and valid_to < valid_from:
            errors.append(gettext("%(where)s: ngày hết hiệu lực trước ngày có hiệu lực.") % {"where": where})
        on = max(valid_from or REFORM_DATE, REFORM_DATE)
        commune = OrgUnit.objects.filter(
            valid_on_q(on), code=get("commune_code").zfill(5), level=OrgUnit.Level.COMMUNE
        ).first()
        if commune is None:
            errors.append(gettext("%(where)s, cột mã xã: không có xã/phường mã '%(value)s' hiện hành.")
                          % {"where": where, "value": get("commune_code")})
        if OrgUnit.objects.filter(level=OrgUnit.Level.INSTITUTION, code=code).exists():
            errors.append(gettext("%(where)s, cột mã: cơ sở mã %(code)s đã có trong hệ thống.") % {"where": where, "code": code})
        prepared.append(dict(code=code, name=name, commune=commune, institution_type=itype, ownership=owner,
                             managing_agency=get("managing_agency"), valid_from=valid_from, valid_to=valid_to))
    if errors:
        raise ImportRejected(errors)
    if not prepared:
        raise ImportRejected([gettext("%(file)s: không có dòng dữ liệu nào.") % {"file": path.name}])
    return [institution_create(**item, by=by) for item in prepared]
