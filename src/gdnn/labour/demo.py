"""The labour part of `gdnn demo` for Lạng Sơn: a simulated register of 320 enterprises, an employer
wave with a stratified sample and answers, a 6-month tracer wave for two colleges, and a forecast.

Everything goes through the services an officer's uploads and the respondents' links use (the
register and the graduate lists are CSV files read in the sandbox). Deterministic (fixed seeds).
The figures are invented; they only have to look like a mountain province's economy.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import TextIO

from django.utils import timezone

from gdnn.labour.models import OccupationGroup, TrainingOccupation, Wave
from gdnn.labour.selectors import wave_estimates, wave_progress
from gdnn.labour.services.answers import DemandInput, employer_answer, tracer_answer
from gdnn.labour.services.forecasts import assumption_set_create, assumption_set_update, forecast_run
from gdnn.labour.services.graduates import graduates_import
from gdnn.labour.services.register import register_import
from gdnn.labour.services.seed import labour_catalog_sync
from gdnn.labour.services.waves import employer_wave_create, tracer_wave_create
from gdnn.orgunits.models import REFORM_DATE, OrgUnit
from gdnn.orgunits.selectors import orgunit_children, orgunit_get

PROVINCE = "20"
ENTERPRISES = 320
EMPLOYER_TITLE = "Khảo sát nhu cầu lao động của doanh nghiệp năm 2026"
TRACER_TITLE = "Khảo sát người tốt nghiệp năm 2025 sau 6 tháng"
# VSIC section → (share of the register, occupations its enterprises employ)
SECTIONS = {
    "A": (0.05, ("5620116", "5640201", "SC-KTNN")),
    "C": (0.20, ("6520227", "5520123", "5540204", "5540103")),
    "F": (0.18, ("5580201", "5520225", "5510320")),
    "G": (0.30, ("6340301", "5340113", "6510216")),
    "H": (0.08, ("5840101", "SC-LAIXE-C")),
    "I": (0.10, ("5810207", "6810201", "5810101")),
    "J": (0.03, ("6480201", "6480209")),
    "Q": (0.03, ("6720301", "6720201")),
    "S": (0.03, ("5810404", "SC-SCXEMAY")),
}
SIZES = (("siêu nhỏ", 0.58, (2, 9)), ("nhỏ", 0.29, (12, 60)), ("vừa", 0.09, (70, 180)), ("lớn", 0.04, (220, 600)))
GROWTH = {"A": 0.01, "C": 0.08, "F": 0.06, "G": 0.05, "H": 0.05, "I": 0.07, "J": 0.09, "Q": 0.04, "S": 0.03}
# (institution code, graduates, occupations)
COLLEGES = (("LS-CD-01", 70, ("6520227", "6510216", "6480201", "6340301", "6810201")),
            ("LS-CD-02", 45, ("6720301", "6720201")))
WORDS = ("Hoàng Văn", "Kỳ Lừa", "Mẫu Sơn", "Đồng Đăng", "Tân Thanh", "Chi Lăng", "Hữu Nghị", "Bắc Sơn", "Xứ Lạng",
         "Na Sầm", "Lộc Bình", "Tam Thanh", "Nhị Thanh", "Phai Vệ", "Đông Kinh", "Văn Lang")


def _register_csv(rng: random.Random, communes: list[OrgUnit]) -> bytes:
    lines = ["mã số thuế,tên doanh nghiệp,mã VSIC,quy mô,mã xã,e-mail"]
    sections = list(SECTIONS)
    weights = [SECTIONS[s][0] for s in sections]
    for i in range(ENTERPRISES):
        section = rng.choices(sections, weights)[0]
        size = rng.choices([s[0] for s in SIZES], [s[1] for s in SIZES])[0]
        name = f"Công ty TNHH {rng.choice(WORDS)} {i + 1:03d}"
        lines.append(f"{4900100000 + i * 7},{name},{section},{size},{rng.choice(communes).code},"
                     f"lienhe{i + 1:03d}@dn-langson.example.vn")
    return ("\n".join(lines) + "\n").encode()


def _employer_answers(rng: random.Random, wave: Wave) -> None:
    occupations = {o.code: o for o in TrainingOccupation.objects.all()}
    staff_range = {"micro": (2, 9), "small": (12, 60), "medium": (70, 180), "large": (220, 600)}
    for link in wave.links.select_related("enterprise__industry").order_by("pk"):
        if rng.random() > 0.72:
            continue  # about seven in ten answer
        e = link.enterprise
        assert e is not None
        low, high = staff_range[e.size]
        staff_total = rng.randint(low, high)
        codes = [c for c in SECTIONS[e.industry.code][1] if c in occupations]
        lines, left = [], staff_total
        for code in rng.sample(codes, k=min(len(codes), rng.randint(1, 2))):
            staff = rng.randint(0, max(1, left // 2))
            left -= staff
            hire_1y = rng.randint(0, max(1, staff // 4))
            lines.append(DemandInput(occupations[code], staff, rng.randint(0, hire_1y), hire_1y,
                                     hire_1y + rng.randint(0, max(1, staff // 3))))
        employer_answer(token=wave.issued[link.pk], staff_total=staff_total, lines=lines,
                        willing_to_train=rng.choice(["yes", "yes", "maybe", "no"]),
                        skills_lacking=rng.choice(["", "Kỹ năng số, ngoại ngữ", "An toàn lao động",
                                                   "Vận hành thiết bị mới", "Kỹ năng giao tiếp với khách"]))


def _graduates_csv(rng: random.Random, code: str, count: int, occupations: tuple[str, ...]) -> bytes:
    lines = ["mã người học,họ và tên,mã nghề,ngày tốt nghiệp,e-mail"]
    family = ("Nguyễn", "Hoàng", "Lương", "Vi", "Nông", "Lăng", "Triệu", "Hà", "Lộc", "Chu")
    given = ("Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Đức Hải", "Thị Hoa", "Văn Khánh", "Thị Lan",
             "Minh Quân", "Thị Thu")
    for i in range(count):
        lines.append(f"{code}-25-{i + 1:03d},{rng.choice(family)} {rng.choice(given)},{occupations[i % len(occupations)]},"
                     f"30/06/2025,tn{i + 1:03d}.{code.lower()}@hocvien.example.vn")
    return ("\n".join(lines) + "\n").encode()


def _tracer_answers(rng: random.Random, wave: Wave) -> None:
    groups = {g.code: g for g in OccupationGroup.objects.all()}
    for link in wave.links.select_related("graduate__occupation__vsco").order_by("pk"):
        if rng.random() > 0.78:
            continue
        status = rng.choices(["employed", "unemployed", "studying"], [0.82, 0.12, 0.06])[0]
        if status != "employed":
            tracer_answer(token=wave.issued[link.pk], status=status)
            continue
        g = link.graduate
        assert g is not None
        own = g.occupation.vsco.code if g.occupation.vsco else "93"
        tracer_answer(token=wave.issued[link.pk], status=status, occupation=groups[own if rng.random() < 0.75 else "52"],
                      relevance=rng.choices(["same", "related", "unrelated"], [0.6, 0.25, 0.15])[0],
                      wage=rng.choices(["lt5", "5to8", "8to12", "ge12"], [0.2, 0.5, 0.22, 0.08])[0])


# Which years each college's approved supply report covers: LS-CD-02 has none for 2025, so the gap
# page of 2025 shows both sources (the report of LS-CD-01, the graduate list of LS-CD-02).
SUPPLY_YEARS = {"LS-CD-01": ("2024", "2025"), "LS-CD-02": ("2024",)}


def _supply_reports(rng: random.Random, colleges: list[OrgUnit]) -> int:
    """A few approved INST_SUPPLY_OCCUPATION reports, through the collection services like a file."""
    from gdnn.collection.models import Channel, DataSet, Submission
    from gdnn.collection.periods import period_parse
    from gdnn.collection.services.values import ValueChange, datavalues_save, submission_get_or_create
    from gdnn.collection.services.workflow import submission_approve, submission_submit
    from gdnn.labour.services.supply import CATEGORY, DATA_SET, option_code

    data_set = DataSet.objects.filter(code=DATA_SET).first()
    if data_set is None:
        return 0
    count = 0
    plan = {code: occupations for code, _n, occupations in COLLEGES}
    for school in colleges:
        for year in SUPPLY_YEARS.get(school.code, ()):
            period = period_parse(year)
            submission = submission_get_or_create(data_set=data_set, org_unit=school, period=period)
            if submission.state != Submission.State.DRAFT:
                continue
            changes = []
            for occ in plan[school.code]:
                key = f"{CATEGORY}:{option_code(occ)}"
                graduates = rng.randint(8, 20)
                changes += [ValueChange("SUPPLY_ADMISSIONS", key, Decimal(graduates + rng.randint(0, 10))),
                            ValueChange("SUPPLY_ENROLMENT", key, Decimal(graduates * 3 + rng.randint(0, 15))),
                            ValueChange("SUPPLY_GRADUATES", key, Decimal(graduates))]
            datavalues_save(submission=submission, period=period, changes=changes, by=None, channel=Channel.CSV)
            submission_submit(submission=submission, by=None, comment="Số liệu nhập từ báo cáo của trường.")
            submission_approve(submission=submission, by=None)
            count += 1
    return count


def labour_demo_build(*, out: TextIO) -> None:
    labour_catalog_sync()
    province = orgunit_get(code=PROVINCE)
    if Wave.objects.filter(province=province, title=EMPLOYER_TITLE).exists():
        out.write("Cung cầu lao động: đã có từ lần chạy trước.\n")
        return
    rng = random.Random(2026)
    communes = list(orgunit_children(unit=province, on=REFORM_DATE))
    register_import(province=province, data=_register_csv(rng, communes), name="dn-lang-son.csv", by=None)
    closes = timezone.localdate() + dt.timedelta(days=60)
    wave = employer_wave_create(province=province, title=EMPLOYER_TITLE, reference_year=2026, sample_size=90,
                                closes_on=closes, by=None, seed=2026)
    _employer_answers(rng, wave)
    progress, estimates = wave_progress(wave=wave), wave_estimates(wave=wave)
    staff = estimates.staff_total
    out.write(f"Khảo sát doanh nghiệp Lạng Sơn: {ENTERPRISES} doanh nghiệp, mẫu {progress.sampled}, "
              f"{progress.answered} phiếu; lao động ước tính {staff.total if staff else 0:.0f} "
              f"(SE {staff.se if staff else 0:.0f}).\n")
    colleges = []
    for code, count, occupations in COLLEGES:
        school = OrgUnit.objects.filter(code=code, level=OrgUnit.Level.INSTITUTION).first()
        if school is None:
            continue
        graduates_import(institution=school, data=_graduates_csv(rng, code, count, occupations),
                         name=f"tot-nghiep-{code}.csv", by=None)
        colleges.append(school)
    reports = _supply_reports(random.Random(2025), colleges)  # own seed: the other figures stay as they were
    if reports:
        out.write(f"Báo cáo tuyển sinh, quy mô, tốt nghiệp theo nghề: {reports} báo cáo đã duyệt.\n")
    if colleges:
        tracer = tracer_wave_create(province=province, title=TRACER_TITLE, cohort_year=2025, months_after=6,
                                    institutions=colleges, closes_on=closes, by=None)
        _tracer_answers(rng, tracer)
        p = wave_progress(wave=tracer)
        out.write(f"Khảo sát người tốt nghiệp: {len(colleges)} trường, {p.answered}/{p.sampled} phiếu.\n")
    aset = assumption_set_create(province=province, name="Kịch bản cơ sở 2026–2030", base_year=2026, horizon=5,
                                 by=None, exit_rate=0.03)
    industries = {code: {**spec, "growth": GROWTH.get(code, 0.04)} for code, spec in aset.industries.items()}
    assumption_set_update(assumption_set=aset, by=None, industries=industries, shares=aset.shares,
                          exit_rate=aset.exit_rate, horizon=aset.horizon)
    run = forecast_run(assumption_set=aset, by=None)
    total = sum(y["need"] for o in run.results for y in o["years"])
    out.write(f"Dự báo nhu cầu đào tạo 2027–2031: {total:.0f} người ({len(run.results)} nghề).\n")
