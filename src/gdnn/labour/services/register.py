"""The enterprise register of a province, imported from CSV/XLSX.

Columns: mã số thuế, tên doanh nghiệp, mã VSIC (section letter or 2–5 digits), quy mô (siêu nhỏ /
nhỏ / vừa / lớn, or left empty when "số lao động" is given: the size then follows Nghị định
80/2021/NĐ-CP's employee bounds), mã xã (a current commune of the province), e-mail (optional).
An enterprise already registered (same tax code) is updated; the upload is refused whole on any
bad row, each problem naming the row and the column.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from gdnn.accounts.models import User
from gdnn.labour.models import Enterprise, Industry, RegisterImport, Size
from gdnn.labour.permissions import ensure_province_writer
from gdnn.labour.services.uploads import UploadRejected, upload_rows, where
from gdnn.orgunits.models import REFORM_DATE, OrgUnit, valid_on_q

COLUMNS = {
    "tax_code": ("mã số thuế", "mst", "tax code"),
    "name": ("tên doanh nghiệp", "tên", "name"),
    "vsic": ("mã vsic", "ngành vsic", "vsic"),
    "size": ("quy mô", "size"),
    "employees": ("số lao động", "employees"),
    "commune": ("mã xã", "mã xã/phường", "commune"),
    "email": ("e-mail", "email", "thư điện tử"),
}
REQUIRED = ("tax_code", "name", "vsic", "commune")
TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SIZE_WORDS = {"siêu nhỏ": Size.MICRO, "nhỏ": Size.SMALL, "vừa": Size.MEDIUM, "lớn": Size.LARGE,
              **{s.value: s for s in Size}}
# Trade and services (G–U) have lower bounds than industry, construction and agriculture.
SERVICE_SECTIONS = set("GHIJKLMNOPQRSTU")


def size_from_employees(employees: int, section: str) -> str:
    small, medium = (50, 100) if section in SERVICE_SECTIONS else (100, 200)
    if employees <= 10:
        return Size.MICRO
    if employees <= small:
        return Size.SMALL
    if employees <= medium:
        return Size.MEDIUM
    return Size.LARGE


def industry_for_vsic(code: str, industries: list[Industry]) -> Industry | None:
    code = code.strip().upper()
    if len(code) == 1:
        return next((i for i in industries if i.code == code), None)
    if code.isdigit() and 2 <= len(code) <= 5:
        return next((i for i in industries if code[:2] in i.divisions), None)
    return None


@transaction.atomic
def register_import(*, province: OrgUnit, data: bytes, name: str, by: User | None) -> RegisterImport:
    ensure_province_writer(user=by, province=province)
    rows = upload_rows(data=data, name=name, columns=COLUMNS, required=REQUIRED)
    industries = list(Industry.objects.all())
    communes = {u.code: u for u in OrgUnit.objects.filter(
        valid_on_q(REFORM_DATE), level=OrgUnit.Level.COMMUNE, path__startswith=province.path)}
    errors: list[str] = []
    seen: dict[str, int] = {}
    prepared: list[dict[str, Any]] = []
    for row in rows:
        c = row.cells
        tax = c["tax_code"].replace(" ", "")
        if not TAX_CODE.match(tax):
            errors.append(gettext("%(where)s: “%(value)s” không phải mã số thuế (10 chữ số, hoặc 10 chữ số - 3 chữ số).")
                          % {"where": where(name, row, "mã số thuế"), "value": c["tax_code"]})
        elif tax in seen:
            errors.append(gettext("%(where)s: trùng với dòng %(line)d.")
                          % {"where": where(name, row, "mã số thuế"), "line": seen[tax]})
        else:
            seen[tax] = row.line
        if not c["name"]:
            errors.append(gettext("%(where)s: không được để trống.") % {"where": where(name, row, "tên doanh nghiệp")})
        industry = industry_for_vsic(c["vsic"], industries)
        if industry is None:
            errors.append(gettext("%(where)s: “%(value)s” không phải mã ngành VSIC 2018 (chữ cái A–U hoặc 2–5 chữ số).")
                          % {"where": where(name, row, "mã VSIC"), "value": c["vsic"]})
        size: str | None = SIZE_WORDS.get(c.get("size", "").casefold())
        if size is None:
            employees = c.get("employees", "")
            if c.get("size"):
                errors.append(gettext("%(where)s: “%(value)s” không phải siêu nhỏ, nhỏ, vừa hay lớn.")
                              % {"where": where(name, row, "quy mô"), "value": c["size"]})
            elif employees.isdigit() and industry is not None:
                size = size_from_employees(int(employees), industry.code)
            else:
                errors.append(gettext("%(where)s: để trống thì cột “số lao động” phải là một số nguyên.")
                              % {"where": where(name, row, "quy mô")})
        commune = communes.get(c["commune"].zfill(5)) if c["commune"].isdigit() else None
        if commune is None:
            errors.append(gettext("%(where)s: “%(value)s” không phải xã/phường hiện hành của %(province)s.")
                          % {"where": where(name, row, "mã xã"), "value": c["commune"], "province": province.name})
        email = c.get("email", "")
        if email and not EMAIL.match(email):
            errors.append(gettext("%(where)s: “%(value)s” không phải địa chỉ thư điện tử.")
                          % {"where": where(name, row, "e-mail"), "value": email})
        prepared.append(dict(tax_code=tax, name=c["name"], vsic=c["vsic"].strip().upper()[:5], industry=industry,
                             size=size, commune=commune, email=email))
    if errors:
        raise UploadRejected(errors)
    batch = RegisterImport.objects.create(province=province, file_name=name[:200], rows=len(prepared), by=by)
    for item in prepared:
        Enterprise.objects.update_or_create(province=province, tax_code=item.pop("tax_code"),
                                            defaults={**item, "imported": batch})
    return batch
