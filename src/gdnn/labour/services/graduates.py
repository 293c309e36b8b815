"""An institution's list of graduates, imported from CSV/XLSX for the tracer survey.

Columns: mã người học, họ và tên, mã nghề (a training occupation of the catalog), ngày tốt nghiệp
(dd/mm/yyyy or yyyy-mm-dd), e-mail and điện thoại (optional). A graduate already listed (same
code) is updated. Refused whole on any bad row, naming the row and the column.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.utils.translation import gettext

from gdnn.accounts.models import User
from gdnn.labour.models import Graduate, TrainingOccupation
from gdnn.labour.permissions import ensure_province_writer
from gdnn.labour.services.register import EMAIL
from gdnn.labour.services.uploads import UploadRejected, upload_rows, where
from gdnn.orgunits.models import OrgUnit

COLUMNS = {
    "code": ("mã người học", "mã học sinh", "mã sinh viên", "student code"),
    "name": ("họ và tên", "họ tên", "name"),
    "occupation": ("mã nghề", "mã ngành, nghề", "occupation"),
    "graduated_on": ("ngày tốt nghiệp", "graduated on"),
    "email": ("e-mail", "email"),
    "phone": ("điện thoại", "số điện thoại", "phone"),
}
REQUIRED = ("code", "name", "occupation", "graduated_on")
PHONE = re.compile(r"^\+?[0-9 .]{8,15}$")


def parse_date(text: str) -> dt.date | None:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


@transaction.atomic
def graduates_import(*, institution: OrgUnit, data: bytes, name: str, by: User | None) -> int:
    if institution.level != OrgUnit.Level.INSTITUTION:
        raise UploadRejected([gettext("%(unit)s không phải cơ sở GDNN.") % {"unit": institution.name}])
    ensure_province_writer(user=by, province=institution)
    rows = upload_rows(data=data, name=name, columns=COLUMNS, required=REQUIRED)
    occupations = {o.code: o for o in TrainingOccupation.objects.filter(active=True)}
    errors: list[str] = []
    seen: dict[str, int] = {}
    prepared = []
    for row in rows:
        c = row.cells
        code = c["code"]
        if not code or len(code) > 30:
            errors.append(gettext("%(where)s: trống hoặc dài quá 30 ký tự.") % {"where": where(name, row, "mã người học")})
        elif code in seen:
            errors.append(gettext("%(where)s: trùng với dòng %(line)d.")
                          % {"where": where(name, row, "mã người học"), "line": seen[code]})
        else:
            seen[code] = row.line
        if not c["name"]:
            errors.append(gettext("%(where)s: không được để trống.") % {"where": where(name, row, "họ và tên")})
        occupation = occupations.get(c["occupation"].upper())
        if occupation is None:
            errors.append(gettext("%(where)s: “%(value)s” không có trong danh mục nghề đào tạo.")
                          % {"where": where(name, row, "mã nghề"), "value": c["occupation"]})
        graduated = parse_date(c["graduated_on"])
        if graduated is None:
            errors.append(gettext("%(where)s: “%(value)s” không phải ngày (dd/mm/yyyy).")
                          % {"where": where(name, row, "ngày tốt nghiệp"), "value": c["graduated_on"]})
        email, phone = c.get("email", ""), c.get("phone", "")
        if email and not EMAIL.match(email):
            errors.append(gettext("%(where)s: “%(value)s” không phải địa chỉ thư điện tử.")
                          % {"where": where(name, row, "e-mail"), "value": email})
        if phone and not PHONE.match(phone):
            errors.append(gettext("%(where)s: “%(value)s” không phải số điện thoại.")
                          % {"where": where(name, row, "điện thoại"), "value": phone})
        prepared.append((code, dict(full_name=c["name"], occupation=occupation, graduated_on=graduated,
                                    email=email, phone=phone)))
    if errors:
        raise UploadRejected(errors)
    for code, fields in prepared:
        Graduate.objects.update_or_create(institution=institution, student_code=code, defaults=fields)
    return len(prepared)
