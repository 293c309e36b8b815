"""The packaged occupation and industry lists, merged into the tables, and the officer's import of
the ministry's published list of training occupations.

The TOML files in `labour/data/` are the national seed (decision 0007): `labour_catalog_sync`
adds a missing row and updates a seed row; a row imported from the ministry's file
(origin "import") is never overwritten by the seed. Each merge records the file's version in
`indicators.CatalogSeed` ("labour-vsic", "labour-vsco", "labour-occupations").
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gdnn.accounts.models import User
from gdnn.indicators.models import CatalogSeed
from gdnn.labour.models import Industry, Level, OccupationGroup, Origin, TrainingOccupation
from gdnn.labour.permissions import ensure_national_writer
from gdnn.labour.services.supply import supply_catalog_sync
from gdnn.labour.services.uploads import UploadRejected, upload_rows, where

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class SyncResult:
    industries: int
    groups: int
    occupations: int


def _load(name: str) -> dict:
    with (DATA / name).open("rb") as f:
        return tomllib.load(f)


@transaction.atomic
def labour_catalog_sync() -> SyncResult:
    vsic, vsco, occ = _load("vsic_sections.toml"), _load("vsco_groups.toml"), _load("training_occupations.toml")
    for s in vsic["section"]:
        Industry.objects.update_or_create(code=s["code"], defaults={"name": s["name"], "divisions": s["divisions"]})
    for g in vsco["group"]:
        OccupationGroup.objects.update_or_create(code=g["code"], defaults={"name": g["name"]})
    groups = {g.code: g for g in OccupationGroup.objects.all()}
    imported = set(TrainingOccupation.objects.filter(origin=Origin.IMPORT).values_list("code", flat=True))
    for o in occ["occupation"]:
        if o["code"] in imported:
            continue
        TrainingOccupation.objects.update_or_create(code=o["code"], defaults={
            "name": o["name"], "level": o["level"], "vsco": groups.get(o.get("vsco", "")),
            "origin": Origin.SEED, "version": f"seed {occ['version']}", "active": True})
    for name, doc in (("labour-vsic", vsic), ("labour-vsco", vsco), ("labour-occupations", occ)):
        CatalogSeed.objects.update_or_create(name=name, defaults={"version": doc["version"]})
    supply_catalog_sync()  # the supply form's occupation options follow the catalog
    return SyncResult(len(vsic["section"]), len(vsco["group"]), len(occ["occupation"]))


OCCUPATION_COLUMNS = {
    "code": ("mã ngành, nghề", "mã", "mã nghề", "code"),
    "name": ("tên ngành, nghề", "tên", "tên nghề", "name"),
    "level": ("trình độ", "level"),
    "vsco": ("mã vsco", "vsco"),
}
LEVEL_WORDS = {"sơ cấp": Level.SO_CAP, "trung cấp": Level.TRUNG_CAP, "cao đẳng": Level.CAO_DANG,
               **{v.value: v for v in Level}}


@transaction.atomic
def occupations_import(*, data: bytes, name: str, by: User | None) -> int:
    """Add or replace training occupations from the ministry's published list (CSV/XLSX); the rows
    become origin "import" and keep the file's stamp as their version. Refused whole on a bad row."""
    ensure_national_writer(user=by)
    rows = upload_rows(data=data, name=name, columns=OCCUPATION_COLUMNS, required=("code", "name", "level"))
    groups = {g.code: g for g in OccupationGroup.objects.all()}
    errors: list[str] = []
    seen: dict[str, int] = {}
    prepared = []
    for row in rows:
        code, title = row.cells["code"].upper(), row.cells["name"]
        if not code or len(code) > 24:
            errors.append(gettext("%(where)s: mã trống hoặc dài quá 24 ký tự.") % {"where": where(name, row, "mã")})
        elif code in seen:
            errors.append(gettext("%(where)s: mã %(code)s trùng với dòng %(line)d.")
                          % {"where": where(name, row, "mã"), "code": code, "line": seen[code]})
        else:
            seen[code] = row.line
        if not title:
            errors.append(gettext("%(where)s: không được để trống.") % {"where": where(name, row, "tên")})
        level = LEVEL_WORDS.get(row.cells["level"].casefold())
        if level is None:
            errors.append(gettext("%(where)s: “%(value)s” không phải sơ cấp, trung cấp hay cao đẳng.")
                          % {"where": where(name, row, "trình độ"), "value": row.cells["level"]})
        vsco_code = row.cells.get("vsco", "")
        if vsco_code and vsco_code not in groups:
            errors.append(gettext("%(where)s: “%(value)s” không có trong danh mục VSCO cấp 2.")
                          % {"where": where(name, row, "mã VSCO"), "value": vsco_code})
        prepared.append((code, title, str(level or ""), groups.get(vsco_code)))
    if errors:
        raise UploadRejected(errors)
    stamp = f"import {name} {timezone.localdate():%d/%m/%Y}"
    for code, title, level_code, group in prepared:
        TrainingOccupation.objects.update_or_create(code=code, defaults={
            "name": title, "level": level_code, "vsco": group, "origin": Origin.IMPORT, "version": stamp[:80],
            "active": True})
    supply_catalog_sync()
    return len(prepared)
