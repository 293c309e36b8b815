"""Code mappings as data: the CSV that loads them (all or nothing), and the translation tables
imports and exports use.

CSV columns (header line required; UTF-8; "," or ";"):

    system, kind, external_code, code[, note]

`kind` is one of orgunit, dataelement, coc, option, period, dataset (CodeMapping.Kind). `code` is
the GDNN code: an org-unit code, an element code, a disaggregation key ("sex:female|training_level:
college", "" or "default" for none), one "category:option" pair (kind option), a period in DHIS2
notation (2025S1, 2025) or a data-set code.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext

from gdnn.accounts.models import Role, User
from gdnn.accounts.selectors import user_assignments
from gdnn.collection.keys import disagg_key, disagg_parse
from gdnn.collection.models import DataSet
from gdnn.collection.periods import period_parse
from gdnn.collection.uploads import ImportRejected, upload_check_size
from gdnn.common.errors import DomainError, PermissionDenied
from gdnn.exchange.models import CodeMapping
from gdnn.indicators.models import CategoryOption, DataElement
from gdnn.orgunits.models import OrgUnit

Kind = CodeMapping.Kind
COLUMNS = ("system", "kind", "external_code", "code")


def user_may_map(*, user: User) -> bool:
    """Mappings are read by every import of the installation: only a national system administrator edits them."""
    return bool(user.is_authenticated and (user.is_superuser or any(
        a.role == Role.SYSTEM_ADMIN and a.org_unit is None for a in user_assignments(user=user))))


def _check_code(kind: str, code: str) -> str | None:
    """The canonical GDNN code, or raise ValueError with the reason."""
    if kind == Kind.ORG_UNIT:
        if not OrgUnit.objects.filter(code=code).exists():
            raise ValueError(gettext("không có đơn vị mã “%(code)s”") % {"code": code})
    elif kind == Kind.DATA_ELEMENT:
        if not DataElement.objects.filter(code=code).exists():
            raise ValueError(gettext("không có phần tử dữ liệu mã “%(code)s”") % {"code": code})
    elif kind == Kind.DATA_SET:
        if not DataSet.objects.filter(code=code).exists():
            raise ValueError(gettext("không có bộ biểu mã “%(code)s”") % {"code": code})
    elif kind == Kind.PERIOD:
        try:
            return period_parse(code).code
        except DomainError as exc:
            raise ValueError(str(exc).rstrip(".")) from exc
    elif kind == Kind.CATEGORY_OPTION_COMBO:
        try:
            options = disagg_parse(code)
        except ValueError as exc:
            raise ValueError(gettext("“%(code)s” không phải khóa phân tổ (dạng sex:female|training_level:college)")
                             % {"code": code}) from exc
        for cat, opt in options.items():
            if not CategoryOption.objects.filter(category__code=cat, code=opt).exists():
                raise ValueError(gettext("không có phương án “%(option)s” của phân tổ “%(category)s”")
                                 % {"option": opt, "category": cat})
        return disagg_key(options)
    elif kind == Kind.CATEGORY_OPTION:
        cat, sep, opt = code.partition(":")
        if not sep or not CategoryOption.objects.filter(category__code=cat, code=opt).exists():
            raise ValueError(gettext("“%(code)s” không phải một cặp phân tổ:phương án có trong danh mục") % {"code": code})
    else:
        raise ValueError(gettext("loại “%(kind)s” không hợp lệ (dùng %(kinds)s)") % {"kind": kind, "kinds": ", ".join(Kind.values)})
    return code


@transaction.atomic
def codemappings_import(*, data: bytes, name: str, by: User) -> int:
    """Load a mapping CSV: every row checked first, then each (system, kind, external code) created
    or replaced. ImportRejected naming each bad line; the number of rows written."""
    if not user_may_map(user=by):
        raise PermissionDenied(gettext("Chỉ quản trị hệ thống cấp quốc gia được sửa ánh xạ mã."))
    upload_check_size(name=name, size=len(data))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected([gettext("Tệp “%(name)s” không phải văn bản UTF-8.") % {"name": name}]) from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise ImportRejected([gettext("Tệp “%(name)s” không đọc được như CSV: %(error)s.") % {"name": name, "error": exc}]
                             ) from exc
    if not lines:
        raise ImportRejected([gettext("Tệp “%(name)s” rỗng.") % {"name": name}])
    header = [c.strip().casefold() for c in lines[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ImportRejected([gettext("Tệp “%(name)s”, dòng 1: thiếu cột %(columns)s.")
                              % {"name": name, "columns": ", ".join(missing)}])
    at = {c: header.index(c) for c in (*COLUMNS, "note") if c in header}
    errors: list[str] = []
    rows: dict[tuple[str, str, str], tuple[str, str, int]] = {}
    for number, line in enumerate(lines[1:], start=2):
        if not any(c.strip() for c in line):
            continue
        cell = {c: (line[i].strip() if i < len(line) else "") for c, i in at.items()}
        where = gettext("Dòng %(line)d") % {"line": number}
        system, kind, external = cell["system"].casefold(), cell["kind"].casefold(), cell["external_code"]
        if not system or not external:
            errors.append(gettext("%(where)s: thiếu “system” hoặc “external_code”.") % {"where": where})
            continue
        try:
            code = _check_code(kind, cell["code"]) or ""
        except ValueError as exc:
            errors.append(gettext("%(where)s (%(external)s): %(problem)s.")
                          % {"where": where, "external": external, "problem": exc})
            continue
        key = (system[:40], kind, external)
        if key in rows:
            errors.append(gettext("%(where)s: mã “%(external)s” (%(kind)s) đã có ở dòng %(line)d.")
                          % {"where": where, "external": external, "kind": kind, "line": rows[key][2]})
            continue
        rows[key] = (code, cell.get("note", ""), number)
    if errors:
        raise ImportRejected(errors)
    if not rows:
        raise ImportRejected([gettext("Tệp “%(name)s” chỉ có dòng tiêu đề.") % {"name": name}])
    for (system, kind, external), (code, note, _number) in rows.items():
        CodeMapping.objects.update_or_create(system=system, kind=kind, external_code=external,
                                             defaults={"code": code, "note": note[:300], "updated_by": by})
    return len(rows)


@transaction.atomic
def codemappings_delete(*, system: str, by: User) -> int:
    if not user_may_map(user=by):
        raise PermissionDenied(gettext("Chỉ quản trị hệ thống cấp quốc gia được sửa ánh xạ mã."))
    return CodeMapping.objects.filter(system=system).delete()[0]


@dataclass
class Mapping:
    """One system's tables: external → GDNN (imports) and GDNN → external (exports)."""

    system: str = ""
    inbound: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    outbound: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))

    def to_gdnn(self, kind: str, external: str) -> str:
        return self.inbound[kind].get(external, external)

    def to_external(self, kind: str, code: str) -> str:
        return self.outbound[kind].get(code, code)

    def has(self, kind: str, external: str) -> bool:
        return external in self.inbound[kind]


def mapping_for(*, system: str | None) -> Mapping:
    """The tables of a system (an empty mapping — codes as they are — for none)."""
    mapping = Mapping(system or "")
    if not system:
        return mapping
    rows = CodeMapping.objects.filter(system=system).order_by("kind", "external_code")
    if not rows.exists():
        raise DomainError(gettext("Chưa có ánh xạ mã nào cho hệ thống “%(system)s”.") % {"system": system})
    for kind, external, code in rows.values_list("kind", "external_code", "code"):
        mapping.inbound[kind][external] = code
        mapping.outbound[kind].setdefault(code, external)  # the first external code by order
    return mapping


def mapping_systems() -> list[tuple[str, int]]:
    from django.db.models import Count

    return list(CodeMapping.objects.values("system").annotate(n=Count("pk")).order_by("system")
                .values_list("system", "n"))
