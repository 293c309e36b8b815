"""Plausible synthetic data for Lạng Sơn, 2021S2–2026S1: a dozen institutions' 6-month reports,
65 communes' and the province's annual reports, entered, submitted and approved through the
collection services. The trends are chosen so the demo shows every status: some targets of
141/KH-UBND achieved or on track, some behind or at risk, and recent reports awaiting approval.
Deterministic (a fixed random seed), so every demo is the same.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Callable
from decimal import Decimal

from gdnn.indicators.formulas import load_element_catalog
from gdnn.orgunits.models import Institution, OrgUnit
from gdnn.orgunits.selectors import orgunit_children, orgunit_get
from gdnn.orgunits.services import institution_create

ON = dt.date(2026, 1, 1)
HALVES = ("2021S2", "2022S1", "2022S2", "2023S1", "2023S2", "2024S1", "2024S2", "2025S1", "2025S2", "2026S1")
YEARS = ("2021", "2022", "2023", "2024", "2025")

# (code, name, type, ownership, is accredited from year, high quality from year)
INSTITUTIONS = (
    ("LS-CD-01", "Trường Cao đẳng Lạng Sơn", Institution.Type.COLLEGE, Institution.Ownership.PUBLIC, 2022, 2024),
    ("LS-CD-02", "Trường Cao đẳng Y tế Lạng Sơn", Institution.Type.COLLEGE, Institution.Ownership.PUBLIC, 2023, None),
    ("LS-TC-01", "Trường Trung cấp Kỹ thuật Lạng Sơn", Institution.Type.SECONDARY, Institution.Ownership.PRIVATE, 2025, None),
    ("LS-TC-02", "Trường Trung cấp Đông Bắc", Institution.Type.SECONDARY, Institution.Ownership.PRIVATE, None, None),
    *(
        (f"LS-TT-{i:02d}", f"Trung tâm GDNN-GDTX khu vực {name}", Institution.Type.CENTRE_GDTX,
         Institution.Ownership.PUBLIC, 2024 if i % 3 == 0 else None, None)
        for i, name in enumerate(("Hữu Lũng", "Chi Lăng", "Cao Lộc", "Lộc Bình", "Đình Lập", "Bắc Sơn", "Bình Gia",
                                  "Văn Quan"), start=1)
    ),
)

# Province-wide rates by year index (0 = 2021 ... 4 = 2025), chosen to show every status.
RATES = {
    "cert": (0.245, 0.258, 0.268, 0.278, 0.286),  # 30% by 2025: behind
    "trained": (0.60, 0.625, 0.645, 0.665, 0.68),
    "it": (0.52, 0.56, 0.60, 0.635, 0.665),  # ≥ 65% by 2025: achieved
    "retrained": (0.17, 0.19, 0.21, 0.225, 0.24),  # ≈ 25%: on track
    "disabled_trained": (0.14, 0.155, 0.17, 0.18, 0.19),  # 25%: at risk
    "thcs_vet": (0.30, 0.32, 0.335, 0.35, 0.362),  # 35–40%: achieved in 2025
    "thpt_vet": (0.33, 0.34, 0.355, 0.365, 0.375),
}


def _split(total: float, shares: dict[str, float]) -> dict[str, int]:
    return {k: round(total * v) for k, v in shares.items()}


def _keys(element: str) -> list[tuple[str, dict[str, str]]]:
    catalog = load_element_catalog()
    cats = catalog.elements[element].categories
    options = [[(c, o.code) for o in catalog.categories[c].options if o.valid_from is None or o.valid_from <= ON]
               for c in cats]
    out = []
    for combo in itertools.product(*options):
        parts = dict(combo)
        out.append(("|".join(f"{c}:{o}" for c, o in sorted(parts.items())), parts))
    return out or [("", {})]


SEX = {"male": 0.52, "female": 0.48}


def _by_categories(element: str, total: float, weights: dict[str, dict[str, float]], rng: random.Random) -> dict[str, int]:
    """Spread a total over the element's disaggregations by per-category weights."""
    out = {}
    for key, parts in _keys(element):
        w = 1.0
        for cat, option in parts.items():
            w *= weights.get(cat, {}).get(option, 1.0 / max(1, len(weights.get(cat, {})) or 1))
        out[key] = max(0, round(total * w * rng.uniform(0.9, 1.1)))
    return out


def institutions_ensure(province: OrgUnit) -> list[OrgUnit]:
    communes = list(orgunit_children(unit=province, on=ON))
    by_name = {c.name: c for c in communes}
    units = []
    for i, (code, name, itype, ownership, _acc, _hq) in enumerate(INSTITUTIONS):
        unit = OrgUnit.objects.filter(level=OrgUnit.Level.INSTITUTION, code=code).first()
        if unit is None:
            place = next((c for n, c in by_name.items() if n.endswith(name.rsplit(" ", 2)[-1])), communes[i % len(communes)])
            unit = institution_create(code=code, name=name, commune=place, institution_type=itype, ownership=ownership,
                                      managing_agency="UBND tỉnh Lạng Sơn" if ownership == "cong_lap" else "")
        units.append(unit)
    return units


def institution_values(index: int, half: str, rng: random.Random) -> dict[tuple[str, str], Decimal]:
    _code, _name, itype, _own, accredited_from, hq_from = INSTITUTIONS[index]
    year, h = int(half[:4]), int(half[-1])
    t = HALVES.index(half)
    size = {"cao_dang": 1.0, "trung_cap": 0.45}.get(itype, 0.25)
    levels = ({"college": 0.45, "intermediate": 0.35, "elementary": 0.12, "short": 0.08} if itype == "cao_dang" else
              {"college": 0.0, "intermediate": 0.55, "elementary": 0.25, "short": 0.20} if itype == "trung_cap" else
              {"college": 0.0, "intermediate": 0.0, "elementary": 0.45, "short": 0.55})
    weights = {"training_level": levels, "sex": {"male": 0.67, "female": 0.33 + 0.004 * t},
               "ethnicity": {"kinh": 0.38, "minority": 0.62}, "disability": {"no": 0.992, "yes": 0.008}}
    values: dict[tuple[str, str], float] = {}
    seasonal = 1.5 if h == 2 else 0.7  # most admissions in the autumn intake
    for element, base in (("ADMISSIONS", 520 * seasonal), ("ENROLMENT", 1900), ("GRADUATES", 430 * (2 - seasonal / 1.5))):
        for key, v in _by_categories(element, base * size * (1 + 0.03 * t), weights, rng).items():
            values[(element, key)] = v
    grads = {k: v for (e, k), v in values.items() if e == "GRADUATES"}
    for key, parts in _keys("GRADUATES_SURVEYED_6M"):
        graduated = sum(v for k, v in grads.items() if f"sex:{parts['sex']}" in k and f"training_level:{parts['training_level']}" in k)
        surveyed = round(graduated * 0.85)
        values[("GRADUATES_SURVEYED_6M", key)] = surveyed
        values[("GRADUATES_EMPLOYED_6M", key)] = round(surveyed * min(0.95, 0.78 + 0.012 * t))
    teachers = round(90 * size) + 6
    for key, parts in _keys("TEACHERS"):
        share = 0.45 if parts["sex"] == "female" else 0.55
        values[("TEACHERS", key)] = round(teachers * share)
        values[("TEACHERS_STANDARD", key)] = round(teachers * share * min(1.0, 0.9 + 0.008 * t))
    managers = round(14 * size) + 3
    values[("MANAGERS", "")] = managers
    values[("MANAGERS_TRAINED", "")] = round(managers * min(1.0, 0.6 + 0.02 * t))
    programmes = round(24 * size) + 4
    values[("PROGRAMMES", "")] = programmes
    values[("PROGRAMMES_QF_OUTCOMES", "")] = round(programmes * min(1.0, 0.38 + 0.022 * t))
    key_programmes = max(1, round(4 * size))
    values[("KEY_PROGRAMMES", "")] = key_programmes
    values[("KEY_PROGRAMMES_ACCREDITED", "")] = min(key_programmes, round(key_programmes * (0.25 + 0.03 * t)))
    for key, parts in _keys("KEY_OCCUPATIONS"):
        level_count = {"national": 2, "asean": 1 if year >= 2024 else 0, "international": 0}
        values[("KEY_OCCUPATIONS", key)] = level_count[parts["occupation_level"]] if itype == "cao_dang" else 0
    values[("MANAGEMENT_PROCESSES", "")] = 20
    values[("MANAGEMENT_PROCESSES_DIGITAL", "")] = min(20, round(20 * (0.2 + 0.035 * t)))
    values[("INSTITUTION_ACTIVE", "")] = 1
    values[("INSTITUTION_ACCREDITED", "")] = int(accredited_from is not None and year >= accredited_from)
    values[("INSTITUTION_HIGH_QUALITY", "")] = int(hq_from is not None and year >= hq_from)
    return {k: Decimal(int(v)) for k, v in values.items()}


def commune_values(commune_index: int, year: str, rng: random.Random) -> dict[tuple[str, str], Decimal]:
    y = YEARS.index(year)
    local = random.Random(commune_index)  # each commune keeps its own size and lag
    labour = local.randint(3500, 12000)
    lag = local.uniform(-0.06, 0.04)
    minority = local.uniform(0.55, 0.95)
    values: dict[tuple[str, str], float] = {}
    for key, parts in _keys("LABOUR_FORCE"):
        eth = minority if parts["ethnicity"] == "minority" else 1 - minority
        lf = labour * SEX[parts["sex"]] * eth * (1 + 0.005 * y)
        values[("LABOUR_FORCE", key)] = lf
        eth_gap = -0.02 if parts["ethnicity"] == "minority" else 0.03
        values[("WORKERS_TRAINED", key)] = lf * (RATES["trained"][y] + eth_gap + lag)
        values[("WORKERS_TRAINED_CERT", key)] = lf * max(0.05, RATES["cert"][y] + eth_gap + lag)
    for key, parts in _keys("WORKERS_IT_SKILLS"):
        lf_sex = labour * SEX[parts["sex"]]
        values[("WORKERS_IT_SKILLS", key)] = lf_sex * (RATES["it"][y] + lag)
        values[("RETRAINED_WORKERS", key)] = lf_sex * (RATES["retrained"][y] + lag / 2)
        values[("JOBS_CREATED", key)] = lf_sex * (0.018 + 0.001 * y)
        values[("UNEMPLOYED", key)] = lf_sex * (0.024 - 0.001 * y + lag / 10)
        disabled = lf_sex * 0.015
        values[("DISABLED_WORKING_AGE", key)] = disabled
        values[("DISABLED_TRAINED", key)] = disabled * RATES["disabled_trained"][y]
    weights = {"training_level": {"college": 0.05, "intermediate": 0.12, "elementary": 0.33, "short": 0.5},
               "sex": {"male": 0.55, "female": 0.45}, "ethnicity": {"kinh": 1 - minority, "minority": minority},
               "disability": {"no": 0.99, "yes": 0.01}}
    for key, v in _by_categories("TRAINED_PERSONS", labour * 0.025, weights, rng).items():
        values[("TRAINED_PERSONS", key)] = v
    return {k: Decimal(max(0, round(v))) for k, v in values.items()}


def province_values(year: str, rng: random.Random) -> dict[tuple[str, str], Decimal]:
    y = YEARS.index(year)
    values: dict[tuple[str, str], Decimal] = {}
    for key, parts in _keys("GRAD_THCS"):
        thcs = 10900 * SEX[parts["sex"]] * (1 + 0.01 * y)
        thpt = 8200 * SEX[parts["sex"]] * (1 + 0.012 * y)
        values[("GRAD_THCS", key)] = Decimal(round(thcs))
        values[("GRAD_THCS_INTO_VET", key)] = Decimal(round(thcs * RATES["thcs_vet"][y]))
        values[("GRAD_THPT", key)] = Decimal(round(thpt))
        values[("GRAD_THPT_INTO_VET", key)] = Decimal(round(thpt * RATES["thpt_vet"][y]))
    values[("LFS_TRAINED_SHARE", "")] = Decimal(str(round(RATES["trained"][y] * 100, 1)))
    values[("LFS_TRAINED_CERT_SHARE", "")] = Decimal(str(round(RATES["cert"][y] * 100, 1)))
    return values


Reporter = Callable[[OrgUnit, str, dict[tuple[str, str], Decimal], str], None]


def demo_data_generate(*, report: Reporter) -> int:
    """Feed every report through `report(unit, period, values, final_state)`; returns the count."""
    rng = random.Random(2026)
    province = orgunit_get(code="20", on=ON)
    count = 0
    for i, unit in enumerate(institutions_ensure(province)):
        for half in HALVES:
            state = "approved"
            if half == HALVES[-1]:
                state = "submitted" if i % 3 else "draft"  # the latest half-year: waiting for approval
            report(unit, half, institution_values(i, half, rng), state)
            count += 1
    communes = list(orgunit_children(unit=province, on=ON))
    for i, commune in enumerate(communes):
        for year in YEARS:
            state = "submitted" if year == YEARS[-1] and i % 5 == 0 else "approved"
            report(commune, year, commune_values(i, year, rng), state)
            count += 1
    for year in YEARS:
        report(province, year, province_values(year, rng), "approved")
        count += 1
    return count
