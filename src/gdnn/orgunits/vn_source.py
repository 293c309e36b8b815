"""Reads Vietnam's admin units and their 2025 successions from the `vietnam-provinces` package.

Pure data: no database. Codes are zero-padded the NSO way (2-digit province, 3-digit district,
5-digit commune). Successions are derived from the package's ward conversion table; a province or
district follows its communes, and each unit's own parent comes from the legacy tables, not from
the conversion rows (which carry a known mis-tag: old ward 27691 of Long An tagged as Tiền Giang).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass(frozen=True)
class UnitRecord:
    code: str
    name: str
    level: str  # province | district | commune
    division_type: str
    parent_code: str | None
    era: str  # "old" (until 2025-06-30) | "new" (from 2025-07-01)


@dataclass(frozen=True)
class SuccessionRecord:
    old_level: str
    old_code: str
    new_level: str
    new_code: str
    kind: str  # continuation | merge | split | dissolved
    partial: bool


@dataclass
class VietnamAdminData:
    data_version: str
    units: list[UnitRecord] = field(default_factory=list)
    successions: list[SuccessionRecord] = field(default_factory=list)
    unmapped_old_communes: list[str] = field(default_factory=list)


# How GDNN reads the package; a new reading makes `gdnn upgrade` load the units again (the stamp
# changes) so that an installed list gets the same names as a new one. r2: names start with a capital.
READING = "r2"


def _name(name: str) -> str:
    """A unit's name as it is written at the start of a line: "Xã Bắc Sơn". The package writes one
    of the 3,321 current communes (06325) "xã Bắc Sơn"; every other name starts with a capital."""
    return name[:1].upper() + name[1:]


def _p(code: int) -> str:
    return f"{int(code):02d}"


def _d(code: int) -> str:
    return f"{int(code):03d}"


def _w(code: int) -> str:
    return f"{int(code):05d}"


def vietnam_data_version() -> str:
    """The version of the national admin-unit data this install ships (cheap: no data is read)."""
    import vietnam_provinces

    stamp = f"vn-provinces {vietnam_provinces.__version__} ({vietnam_provinces.__data_version__}) {READING}"
    return stamp[:40]  # AdminDataLoad.data_version


def read_vietnam_admin_data() -> VietnamAdminData:
    from vietnam_provinces._lookup import PROVINCE_MAPPING, WARD_MAPPING
    from vietnam_provinces._ward_conversion_2025 import OLD_TO_NEW
    from vietnam_provinces.legacy._lookup import DISTRICT_MAPPING
    from vietnam_provinces.legacy._lookup import PROVINCE_MAPPING as OLD_PROVINCE_MAPPING
    from vietnam_provinces.legacy._lookup import WARD_MAPPING as OLD_WARD_MAPPING

    data = VietnamAdminData(data_version=vietnam_data_version())
    add = data.units.append
    for p in OLD_PROVINCE_MAPPING.values():
        add(UnitRecord(_p(p.code), _name(p.name), "province", str(p.division_type), None, "old"))
    for d in DISTRICT_MAPPING.values():
        add(UnitRecord(_d(d.code), _name(d.name), "district", str(d.division_type), _p(d.province_code), "old"))
    old_ward_district: dict[int, int] = {}
    for w in OLD_WARD_MAPPING.values():
        old_ward_district[int(w.code)] = int(w.district_code)
        add(UnitRecord(_w(w.code), _name(w.name), "commune", str(w.division_type), _d(w.district_code), "old"))
    for p in PROVINCE_MAPPING.values():
        add(UnitRecord(_p(p.code), _name(p.name), "province", str(p.division_type), None, "new"))
    new_ward_province: dict[int, int] = {}
    for w in WARD_MAPPING.values():
        new_ward_province[int(w.code)] = int(w.province_code)
        add(UnitRecord(_w(w.code), _name(w.name), "commune", str(w.division_type), _p(w.province_code), "new"))

    district_province = {int(d.code): int(d.province_code) for d in DISTRICT_MAPPING.values()}
    province_pairs: dict[tuple[int, int], bool] = {}
    district_pairs: dict[tuple[int, int], bool] = {}
    new_preds: dict[int, int] = defaultdict(int)
    for entry in OLD_TO_NEW.values():
        new_codes = [int(n.code) for n in entry.new_wards if int(n.code) in new_ward_province]
        for n in new_codes:
            new_preds[n] += 1
    for old_code, entry in OLD_TO_NEW.items():
        old_code = int(old_code)
        if old_code not in old_ward_district:
            continue
        new_codes = [int(n.code) for n in entry.new_wards if int(n.code) in new_ward_province]
        if not new_codes:
            continue
        split = len(new_codes) > 1
        partial = bool(entry.old_ward.is_partly_merged)
        for n in new_codes:
            if split:
                kind = "split"
            elif new_preds[n] > 1:
                kind = "merge"
            else:
                kind = "continuation"
            data.successions.append(SuccessionRecord("commune", _w(old_code), "commune", _w(n), kind, partial or split))
            district = old_ward_district[old_code]
            district_pairs[(district, n)] = True
            province_pairs[(district_province[district], new_ward_province[n])] = True
    data.unmapped_old_communes = sorted(_w(c) for c in old_ward_district if c not in OLD_TO_NEW)

    # An old province goes to the new province that holds its communes; a border commune moved to a
    # neighbour (a handful) makes that link partial.
    by_old: dict[int, set[int]] = defaultdict(set)
    by_new: dict[int, set[int]] = defaultdict(set)
    for old_p, new_p in province_pairs:
        by_old[old_p].add(new_p)
        by_new[new_p].add(old_p)
    for old_p, new_p in sorted(province_pairs):
        if len(by_old[old_p]) > 1:
            kind = "split"
        elif len(by_new[new_p]) > 1:
            kind = "merge"
        else:
            kind = "continuation"
        data.successions.append(
            SuccessionRecord("province", _p(old_p), "province", _p(new_p), kind, len(by_old[old_p]) > 1)
        )
    for old_d, new_w in sorted(district_pairs):
        data.successions.append(SuccessionRecord("district", _d(old_d), "commune", _w(new_w), "dissolved", True))
    return data
