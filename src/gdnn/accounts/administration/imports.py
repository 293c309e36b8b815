"""Bulk accounts from an XLSX or CSV file: the template, the reader, the whole-file check.

The file is checked in full before anything is written; every problem is reported with its row and
column ("Dòng 7, cột D (Vai trò): …") and then nothing is created. A clean file is created in one
transaction. Units are given by code or by name, as in the pickers.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from gdnn.accounts.administration.selectors import role_check_grantable, roles_grantable
from gdnn.accounts.administration.services import NewAccount, user_create_managed
from gdnn.accounts.models import ROLE_LEVEL, Role, User
from gdnn.common.errors import DomainError
from gdnn.orgunits.models import OrgUnit
from gdnn.orgunits.selectors import orgunit_resolve, today
from gdnn.plans.models import Agency

MAX_BYTES = 2 * 1024 * 1024
MAX_UNZIPPED_BYTES = 40 * 1024 * 1024
MAX_ROWS = 2000
MAX_ERRORS = 200

# Column → the headers accepted for it (Vietnamese first; compared case- and accent-exactly after NFC).
COLUMNS: dict[str, tuple[str, ...]] = {
    "username": ("Tên đăng nhập", "username"),
    "full_name": ("Họ và tên", "full name", "full_name"),
    "email": ("Email", "e-mail", "thư điện tử"),
    "role": ("Vai trò", "role"),
    "org_unit": ("Đơn vị (mã hoặc tên)", "Đơn vị", "org unit", "org_unit", "unit"),
    # Optional: the agencies the account reports for at its unit (followup.AgencyMember), by register
    # code or name, several separated by ";".
    "agency": ("Cơ quan báo cáo (mã hoặc tên)", "Cơ quan báo cáo", "Cơ quan", "agency"),
}
REQUIRED = ("username", "role")
HEADER = [names[0] for names in COLUMNS.values()]


class UsersFileRejected(DomainError):
    def __init__(self, errors: list[str]):
        shown = errors[:MAX_ERRORS] + ([gettext("… và %(count)d lỗi khác.") % {"count": len(errors) - MAX_ERRORS}]
                                       if len(errors) > MAX_ERRORS else [])
        self.errors = shown
        super().__init__("\n".join(shown))


@dataclass
class UserRow:
    line: int
    cells: dict[str, str]
    columns: dict[str, str]  # field → column letter, for messages


def _norm(text: object) -> str:
    return unicodedata.normalize("NFC", "" if text is None else str(text)).replace("\x00", "").strip()


def template_xlsx() -> bytes:
    """The import template: the header, one example row, and a sheet listing the roles."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Tài khoản"
    ws.append(HEADER)
    ws.append(["nguyen.van.a", "Nguyễn Văn A", "nguyenvana@example.gov.vn", str(Role.INSTITUTION_REPORTER.label),
               "Trường Cao đẳng … (hoặc mã đơn vị)", ""])
    for i, width in enumerate((22, 28, 32, 26, 40, 32), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    roles = wb.create_sheet("Vai trò")
    roles.append(["Vai trò", "Mã", "Cấp đơn vị"])
    for role in Role:
        level = ROLE_LEVEL[role]
        roles.append([str(role.label), role.value, str(OrgUnit.Level(level).label) if level else "toàn quốc/bất kỳ"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _table_xlsx(name: str, data: bytes) -> list[list[str]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if sum(i.file_size for i in zf.infolist()) > MAX_UNZIPPED_BYTES:
                raise UsersFileRejected([gettext("Tệp “%(name)s” giải nén ra quá lớn; hãy chỉ giữ trang danh sách "
                                                 "tài khoản.") % {"name": name}])
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows: list[list[str]] = []
        for row in wb.worksheets[0].iter_rows(values_only=True):
            if len(rows) > MAX_ROWS + 1:
                break
            rows.append([_norm(v) for v in row[:20]])
        wb.close()
    except UsersFileRejected:
        raise
    except Exception as exc:  # not a workbook, damaged, encrypted, a chart first: one clear message
        raise UsersFileRejected([gettext("Không đọc được tệp “%(name)s” như một tệp Excel (.xlsx).") % {"name": name}]
                                ) from exc
    return rows


def _table_csv(name: str, data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UsersFileRejected([gettext("Tệp “%(name)s” không phải văn bản UTF-8.") % {"name": name}])
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            if len(rows) > MAX_ROWS + 1:
                break
            rows.append([_norm(v) for v in row[:20]])
    except csv.Error as exc:
        raise UsersFileRejected([gettext("Tệp “%(name)s”, dòng %(line)d: không đọc được (%(error)s).")
                                 % {"name": name, "line": len(rows) + 1, "error": exc}]) from exc
    return rows


def users_file_read(*, name: str, data: bytes) -> list[UserRow]:
    """The rows of an accounts file, by column; UsersFileRejected for a file that cannot be read."""
    if not data:
        raise UsersFileRejected([gettext("Tệp “%(name)s” rỗng.") % {"name": name}])
    if len(data) > MAX_BYTES:
        raise UsersFileRejected([gettext("Tệp “%(name)s” quá lớn (%(size)s MB; tối đa 2 MB).")
                                 % {"name": name, "size": f"{len(data) / 1024 / 1024:.1f}"}])
    lower = name.lower()
    if lower.endswith(".xlsx"):
        table = _table_xlsx(name, data)
    elif lower.endswith((".csv", ".txt")):
        table = _table_csv(name, data)
    else:
        raise UsersFileRejected([gettext("Tệp “%(name)s”: chỉ nhận tệp .xlsx hoặc .csv.") % {"name": name}])
    if not table:
        raise UsersFileRejected([gettext("Tệp “%(name)s” không có dòng nào.") % {"name": name}])
    header = [h.casefold() for h in table[0]]
    columns: dict[str, int] = {}
    for field, names in COLUMNS.items():
        for i, h in enumerate(header):
            if h in {n.casefold() for n in names}:
                columns[field] = i
                break
    missing = [COLUMNS[f][0] for f in REQUIRED if f not in columns]
    if missing:
        raise UsersFileRejected([gettext("Dòng 1 (tiêu đề): thiếu cột %(missing)s. Các cột của mẫu: %(columns)s.")
                                 % {"missing": ", ".join(missing), "columns": ", ".join(HEADER)}])
    if len(table) > MAX_ROWS + 1:
        raise UsersFileRejected([gettext("Tệp “%(name)s” có hơn %(count)d dòng; hãy chia thành nhiều tệp.")
                                 % {"name": name, "count": MAX_ROWS}])
    letters = {f: get_column_letter(i + 1) for f, i in columns.items()}
    rows: list[UserRow] = []
    for line, raw in enumerate(table[1:], start=2):
        cells = {f: (raw[i] if i < len(raw) else "") for f, i in columns.items()}
        if any(cells.values()):
            rows.append(UserRow(line, cells, letters))
    if not rows:
        raise UsersFileRejected([gettext("Tệp “%(name)s” chỉ có dòng tiêu đề, chưa có tài khoản nào.") % {"name": name}])
    return rows


def _role_of(text: str) -> str | None:
    folded = text.casefold()
    for role in Role:
        if folded in {role.value, str(role.label).casefold()}:
            return role.value
    return None


@transaction.atomic
def users_import(*, by: User, rows: list[UserRow]) -> list[NewAccount]:
    """Check every row, then create every account, in one transaction; UsersFileRejected lists all
    problems by row and column and leaves the database as it was."""
    errors: list[str] = []
    seen: dict[str, int] = {}
    plans: list[tuple[UserRow, str, OrgUnit | None, list[Agency]]] = []
    existing = {u.casefold() for u in User.objects.filter(
        username__in=[r.cells.get("username", "") for r in rows]).values_list("username", flat=True)}
    on = today()

    def err(row: UserRow, field: str, message: str) -> None:
        """The problem after its place: row, column letter and the template's (Vietnamese) header."""
        column = row.columns.get(field, "?")
        errors.append(gettext("Dòng %(line)d, cột %(column)s (%(header)s): %(problem)s")
                      % {"line": row.line, "column": column, "header": COLUMNS[field][0], "problem": message})

    for row in rows:
        c = row.cells
        username = c.get("username", "")
        ok = True
        if not username:
            err(row, "username", gettext("trống."))
            ok = False
        elif username.casefold() in seen:
            err(row, "username", gettext("“%(value)s” trùng với dòng %(line)d.")
                % {"value": username, "line": seen[username.casefold()]})
            ok = False
        elif username.casefold() in existing or User.objects.filter(username__iexact=username).exists():
            err(row, "username", gettext("“%(value)s” đã có người dùng.") % {"value": username})
            ok = False
        else:
            try:
                User.username_validator(username)
                if len(username) > 150:
                    raise ValidationError("quá dài")
            except ValidationError:
                err(row, "username", gettext("“%(value)s” chỉ được gồm chữ, số và các ký tự @ . + - _ (tối đa 150).")
                    % {"value": username})
                ok = False
        if username:
            seen.setdefault(username.casefold(), row.line)
        email = c.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                err(row, "email", gettext("“%(value)s” không phải địa chỉ e-mail.") % {"value": email})
                ok = False
        if len(c.get("full_name", "")) > 150:
            err(row, "full_name", gettext("dài quá 150 ký tự."))
            ok = False
        role = _role_of(c.get("role", ""))
        if role is None:
            err(row, "role", gettext("“%(value)s” không phải vai trò (xem trang “Vai trò” của tệp mẫu).")
                % {"value": c.get("role", "")})
            continue
        unit: OrgUnit | None = None
        level = ROLE_LEVEL[Role(role)]
        text = c.get("org_unit", "")
        if text:
            try:
                unit = orgunit_resolve(text=text, on=None, level=level)
            except DomainError as exc:
                err(row, "org_unit", str(exc))
                continue
            if unit.valid_to is not None or not unit.is_valid_on(on):
                err(row, "org_unit", gettext("%(unit)s (%(code)s) không còn hiệu lực; hãy ghi đơn vị hiện hành.")
                    % {"unit": unit.name, "code": unit.code})
                continue
        elif level is not None or (role != Role.SYSTEM_ADMIN and not _national_allowed(by, role)):
            err(row, "org_unit", gettext("trống; vai trò này cần một đơn vị."))
            continue
        try:
            role_check_grantable(actor=by, role=role, org_unit=unit)
        except DomainError as exc:
            # the role is at fault when the actor may not grant it at all (whatever the unit)
            err(row, "role" if unit is None or role not in roles_grantable(actor=by) else "org_unit", str(exc))
            continue
        agencies = _agencies_of(row, unit, err)
        if ok and agencies is not None:
            plans.append((row, role, unit, agencies))
    if errors:
        raise UsersFileRejected(errors)
    from gdnn.followup.services import agency_member_add

    created = []
    for row, role, unit, agencies in plans:
        try:
            account = user_create_managed(by=by, username=row.cells["username"], role=role, org_unit=unit,
                                          full_name=row.cells.get("full_name", ""),
                                          email=row.cells.get("email", ""))
        except DomainError as exc:  # a rule the row check does not know (e.g. a unit level): still by row
            errors.append(gettext("Dòng %(line)d: %(problem)s") % {"line": row.line, "problem": exc})
            continue
        created.append(account)
        for agency in agencies:
            try:
                agency_member_add(user=account.user, agency=agency, org_unit=unit, by=by)  # type: ignore[arg-type]
            except DomainError as exc:
                err(row, "agency", str(exc))
    if errors:
        raise UsersFileRejected(errors)
    return created


def _agencies_of(row: UserRow, unit: OrgUnit | None, err) -> list[Agency] | None:  # type: ignore[no-untyped-def]
    """The agencies named in the row's optional agency cell, checked against the row's unit; None
    (after reporting by row and column) when one cannot be reported for there."""
    from gdnn.followup.selectors import agency_resolve
    from gdnn.followup.services import agency_member_check

    names = [n.strip() for n in row.cells.get("agency", "").split(";") if n.strip()]
    agencies: list[Agency] = []
    for name in names:
        try:
            agency = agency_resolve(text=name)
            if unit is None:
                raise DomainError(gettext("cần một đơn vị (cột Đơn vị) để báo cáo cho cơ quan."))
            agency_member_check(agency=agency, org_unit=unit)
        except DomainError as exc:
            err(row, "agency", str(exc))
            return None
        agencies.append(agency)
    return agencies


def _national_allowed(by: User, role: str) -> bool:
    """A viewer without a unit sees the whole country: only a system administrator grants that."""
    try:
        role_check_grantable(actor=by, role=role, org_unit=None)
    except DomainError:
        return False
    return role == Role.VIEWER
