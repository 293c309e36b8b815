"""Reads of the labour app: links as a respondent sees them, wave progress, weighted estimates,
tracer employment rates, supply from graduate lists, gaps and forecast inputs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gdnn.accounts.models import User
from gdnn.accounts.selectors import orgunits_visible
from gdnn.common.errors import DomainError, NotFound
from gdnn.labour.estimators import Estimate, StratumData, stratified_total
from gdnn.labour.models import (
    EmployerResponse,
    Enterprise,
    ForecastRun,
    Graduate,
    Industry,
    Link,
    TracerResponse,
    TrainingOccupation,
    Wave,
    token_hash,
)
from gdnn.orgunits.models import OrgUnit


class LinkRefused(DomainError):
    """A personal link that cannot be used; the message says why, in Vietnamese. `gone`: the link
    existed (revoked or expired) rather than never."""

    def __init__(self, message: str, *, gone: bool = True):
        self.gone = gone
        super().__init__(message)


def link_check(*, token: str, lock: bool = False) -> Link:
    """The usable link for a clear token, found by its SHA-256 (only the hash is stored)."""
    qs = Link.objects.select_related("wave", "enterprise", "graduate", "graduate__institution")
    if lock:
        qs = qs.select_for_update(of=("self",))
    link = qs.filter(token_hash=token_hash(token)).first() if token else None
    if link is None:
        raise LinkRefused(gettext("Đường dẫn khảo sát không đúng hoặc đã được thay bằng đường dẫn mới. "
                                  "Hãy dùng đường dẫn gửi cho bạn gần đây nhất."),
                          gone=False)
    if link.revoked_at is not None:
        raise LinkRefused(gettext("Đường dẫn khảo sát này đã bị thu hồi. Hãy liên hệ đơn vị tổ chức khảo sát."))
    if link.expires_at <= timezone.now():
        raise LinkRefused(gettext("Đường dẫn khảo sát đã hết hạn (ngày %(date)s).")
                          % {"date": f"{link.wave.closes_on:%d/%m/%Y}"})
    return link


def provinces_for(*, user: User) -> QuerySet[OrgUnit]:
    return orgunits_visible(user=user, qs=OrgUnit.objects.filter(level=OrgUnit.Level.PROVINCE,
                                                                 valid_to__isnull=True)).order_by("code")


def province_get(*, user: User, code: str) -> OrgUnit:
    unit = provinces_for(user=user).filter(code=code).first()
    if unit is None:
        raise NotFound(gettext("Không tìm thấy tỉnh trong phạm vi của bạn."))
    return unit


def wave_get(*, user: User, wave_id: int) -> Wave:
    wave = Wave.objects.select_related("province").filter(pk=wave_id).first()
    if wave is None or not provinces_for(user=user).filter(pk=wave.province_id).exists():
        raise NotFound(gettext("Không tìm thấy cuộc khảo sát trong phạm vi của bạn."))
    return wave


def waves_for(*, province: OrgUnit) -> list[Wave]:
    return list(Wave.objects.filter(province=province).annotate(
        n_links=Count("links", filter=Q(links__revoked_at__isnull=True)),
        n_answered=Count("links", filter=Q(links__answered_at__isnull=False, links__revoked_at__isnull=True))))


def register_for(*, province: OrgUnit) -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(province=province).select_related("industry", "commune")


def occupations_active() -> QuerySet[TrainingOccupation]:
    return TrainingOccupation.objects.filter(active=True).select_related("vsco")


def wave_links(*, wave: Wave) -> QuerySet[Link]:
    """Personal data: the caller shows it to owners only (permissions.wave_owner)."""
    return wave.links.select_related("enterprise", "graduate", "graduate__institution", "stratum__industry")


@dataclass(frozen=True)
class Progress:
    sampled: int
    answered: int
    revoked: int

    @property
    def rate(self) -> float | None:
        return self.answered / self.sampled if self.sampled else None


def wave_progress(*, wave: Wave) -> Progress:
    """The response rate: answers over links still in the sample (revoked links leave it)."""
    row = wave.links.aggregate(
        sampled=Count("pk", filter=Q(revoked_at__isnull=True)),
        answered=Count("pk", filter=Q(revoked_at__isnull=True, answered_at__isnull=False)),
        revoked=Count("pk", filter=Q(revoked_at__isnull=False)))
    return Progress(row["sampled"], row["answered"], row["revoked"])


# ---- employer wave estimates -------------------------------------------------------------------

@dataclass(frozen=True)
class EstimateRow:
    key: str
    label: str
    level: str
    staff: Estimate
    hard_to_fill: Estimate
    hire_1y: Estimate
    hire_3y: Estimate


@dataclass
class WaveEstimates:
    progress: Progress
    staff_total: Estimate | None
    rows: list[EstimateRow] = field(default_factory=list)
    by_industry: dict[str, Estimate] = field(default_factory=dict)
    # {occupation code: {industry code: estimated staff}}: the survey's occupation × industry matrix
    staff_matrix: dict[str, dict[str, float]] = field(default_factory=dict)
    # Willingness to train with institutions: weighted number of enterprises by answer
    willing: dict[str, Estimate] = field(default_factory=dict)


def _responses(wave: Wave) -> dict[int, list[EmployerResponse]]:
    """Submitted answers by stratum id (revoked links and drafts excluded)."""
    out: dict[int, list[EmployerResponse]] = defaultdict(list)
    for response in (EmployerResponse.objects.filter(link__wave=wave, link__revoked_at__isnull=True,
                                                     link__answered_at__isnull=False)
                     .select_related("link", "link__enterprise").prefetch_related("lines")):
        if response.link.stratum_id is not None:
            out[response.link.stratum_id].append(response)
    return out


def _total(strata: list, answers: dict[int, list[EmployerResponse]],
           y: Callable[[EmployerResponse], float], only: Callable[[object], bool] = lambda s: True) -> Estimate:
    return stratified_total([StratumData(s.population, [y(r) for r in answers.get(s.pk, [])])
                             for s in strata if only(s)])


def _staff_total(response: EmployerResponse) -> float:
    return float(response.staff_total)


def _answered_willing(value: str) -> Callable[[EmployerResponse], float]:
    return lambda response: float(response.willing_to_train == value)


def _in_industry(code: str) -> Callable[[Any], bool]:
    return lambda stratum: stratum.industry.code == code


def wave_estimates(*, wave: Wave) -> WaveEstimates:
    """Totals weighted to the register (stratified expansion estimator, estimators.py) by occupation,
    with standard errors; the occupation × industry matrix of current staff for the forecast."""
    progress = wave_progress(wave=wave)
    strata = list(wave.strata.select_related("industry"))
    answers = _responses(wave)
    if not any(answers.values()):
        return WaveEstimates(progress=progress, staff_total=None)
    # Each answer's lines summed by occupation once (the estimators ask every answer per occupation).
    figures = ("staff", "hard_to_fill", "hire_1y", "hire_3y")
    lines: dict[int, dict[int, dict[str, float]]] = {}
    for responses in answers.values():
        for r in responses:
            own = lines.setdefault(r.pk, {})
            for line in r.lines.all():
                sums = own.setdefault(line.occupation_id, dict.fromkeys(figures, 0.0))
                for attr in figures:
                    sums[attr] += float(getattr(line, attr))
    occupation_ids = {oid for own in lines.values() for oid in own}
    names = {o.pk: o for o in TrainingOccupation.objects.filter(pk__in=occupation_ids)}
    nothing = dict.fromkeys(figures, 0.0)

    def per(occupation_id: int, attr: str) -> Callable[[EmployerResponse], float]:
        return lambda r: lines[r.pk].get(occupation_id, nothing)[attr]

    rows = []
    for oid, occ in sorted(names.items(), key=lambda kv: (kv[1].level, kv[1].code)):
        rows.append(EstimateRow(key=occ.code, label=occ.name, level=occ.get_level_display(),
                                staff=_total(strata, answers, per(oid, "staff")),
                                hard_to_fill=_total(strata, answers, per(oid, "hard_to_fill")),
                                hire_1y=_total(strata, answers, per(oid, "hire_1y")),
                                hire_3y=_total(strata, answers, per(oid, "hire_3y"))))
    by_industry: dict[str, Estimate] = {}
    industries = sorted({s.industry.code for s in strata})
    for code in industries:
        by_industry[code] = _total(strata, answers, _staff_total, only=_in_industry(code))
    matrix: dict[str, dict[str, float]] = {}
    for oid, occ in names.items():
        for code in industries:
            est = _total(strata, answers, per(oid, "staff"), only=_in_industry(code))
            if est.total:
                matrix.setdefault(occ.code, {})[code] = est.total
    willing = {str(label): _total(strata, answers, _answered_willing(value))
               for value, label in EmployerResponse.Willing.choices}
    return WaveEstimates(progress=progress, staff_total=_total(strata, answers, _staff_total),
                         rows=rows, by_industry=by_industry, staff_matrix=matrix, willing=willing)


def wave_skills_lacking(*, wave: Wave) -> list[tuple[str, str]]:
    """(enterprise, skills it says its workers lack): individual answers, for the owners only."""
    return [(r.link.enterprise.name if r.link.enterprise else "", r.skills_lacking)
            for r in EmployerResponse.objects.filter(link__wave=wave, link__revoked_at__isnull=True,
                                                     link__answered_at__isnull=False)
            .exclude(skills_lacking="").select_related("link__enterprise").order_by("link__enterprise__name")]


def latest_employer_wave(*, province: OrgUnit) -> Wave | None:
    return Wave.objects.filter(province=province, kind=Wave.Kind.EMPLOYER).order_by("-reference_year",
                                                                                    "-created_at").first()


# ---- tracer --------------------------------------------------------------------------------

@dataclass(frozen=True)
class RateRow:
    key: str
    label: str
    responses: int
    employed: int
    unemployed: int
    studying: int

    @property
    def rate(self) -> float | None:
        """Tỷ lệ có việc làm sau đào tạo: employed over respondents in the labour force (those
        studying further are left out of the denominator)."""
        base = self.employed + self.unemployed
        return self.employed / base if base else None


def _rates(pairs: list[tuple[str, str, str]]) -> list[RateRow]:
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for key, label, status in pairs:
        counts[(key, label)][status] += 1
    return [RateRow(key, label, sum(c.values()), c[TracerResponse.Status.EMPLOYED],
                    c[TracerResponse.Status.UNEMPLOYED], c[TracerResponse.Status.STUDYING])
            for (key, label), c in sorted(counts.items())]


@dataclass(frozen=True)
class TracerRates:
    overall: RateRow | None
    by_institution: list[RateRow]
    by_occupation: list[RateRow]
    by_province: list[RateRow]
    relevance: dict[str, int]
    wages: dict[str, int]


def tracer_rates(*, waves: list[Wave]) -> TracerRates:
    responses = list(TracerResponse.objects.filter(link__wave__in=waves, link__revoked_at__isnull=True,
                                                   link__answered_at__isnull=False, link__graduate__isnull=False)
                     .select_related("link__graduate__institution", "link__graduate__occupation", "link__wave__province"))
    graduates = [(r, r.link.graduate) for r in responses if r.link.graduate is not None]
    inst = [(g.institution.code, g.institution.name, r.status) for r, g in graduates]
    occ = [(g.occupation.code, str(g.occupation), r.status) for r, g in graduates]
    prov = [(r.link.wave.province.code, r.link.wave.province.name, r.status) for r in responses]
    overall = _rates([("all", "", r.status) for r in responses])
    relevance: dict[str, int] = defaultdict(int)
    wages: dict[str, int] = defaultdict(int)
    for r in responses:
        if r.status == TracerResponse.Status.EMPLOYED:
            relevance[r.get_relevance_display()] += 1
            wages[r.get_wage_display()] += 1
    return TracerRates(overall[0] if overall else None, _rates(inst), _rates(occ), _rates(prov),
                       dict(relevance), dict(wages))


# ---- supply, gaps ------------------------------------------------------------------------------

SOURCE_REPORT = "report"  # approved INST_SUPPLY_OCCUPATION values
SOURCE_LIST = "list"  # the institution's graduate list
SOURCE_LABELS = {SOURCE_REPORT: _("báo cáo theo nghề"), SOURCE_LIST: _("danh sách tốt nghiệp")}


@dataclass(frozen=True)
class Supply:
    by_occupation: dict[str, int]
    sources: dict[str, set[str]]  # occupation code → the sources its figure adds up
    institutions: dict[str, str]  # institution name → the source its figures came from


def supply_by_occupation(*, province: OrgUnit, year: int) -> Supply:
    """Graduates in `year` by training occupation code. An institution with an approved supply report
    (INST_SUPPLY_OCCUPATION, period = the year) counts by its report's SUPPLY_GRADUATES; any other
    institution by its graduate list."""
    from gdnn.collection.selectors import approved_values_under
    from gdnn.labour.services.supply import DATA_SET, option_code

    codes = {option_code(c): c for c in TrainingOccupation.objects.values_list("code", flat=True)}
    out: dict[str, int] = defaultdict(int)
    sources: dict[str, set[str]] = defaultdict(set)
    reported: set[int] = set()
    for unit_id, _element, key, value in approved_values_under(
            data_set=DATA_SET, elements=["SUPPLY_GRADUATES"], period=str(year), area=province):
        reported.add(unit_id)
        code = codes.get(key.partition(":")[2])
        if code is not None and value:
            out[code] += int(value)
            sources[code].add(SOURCE_REPORT)
    rows = (Graduate.objects.filter(institution__path__startswith=province.path, graduated_on__year=year)
            .exclude(institution_id__in=reported).values("occupation__code", "institution__name")
            .annotate(n=Count("pk")))
    names: dict[str, str] = {u.name: SOURCE_REPORT for u in OrgUnit.objects.filter(pk__in=reported)}
    for r in rows:
        out[r["occupation__code"]] += r["n"]
        sources[r["occupation__code"]].add(SOURCE_LIST)
        names.setdefault(r["institution__name"], SOURCE_LIST)
    return Supply(dict(out), dict(sources), names)


@dataclass(frozen=True)
class GapRow:
    code: str
    name: str
    level: str
    supply: int
    demand: float
    demand_se: float
    sources: tuple[str, ...] = ()

    @property
    def gap(self) -> float:
        return self.demand - self.supply

    @property
    def source_label(self) -> str:
        return ", ".join(str(SOURCE_LABELS[s]) for s in self.sources) or "–"


def gaps(*, province: OrgUnit, year: int) -> tuple[Wave | None, list[GapRow]]:
    """Supply (graduates in `year`: approved supply reports, else graduate lists) against demand (the
    latest employer wave's estimated hiring in the coming year) by training occupation and level."""
    wave = latest_employer_wave(province=province)
    demand: dict[str, Estimate] = {}
    if wave is not None:
        demand = {row.key: row.hire_1y for row in wave_estimates(wave=wave).rows}
    found = supply_by_occupation(province=province, year=year)
    supply = found.by_occupation
    codes = set(demand) | set(supply)
    occupations = {o.code: o for o in TrainingOccupation.objects.filter(code__in=codes)}
    out = [GapRow(code, occupations[code].name, occupations[code].get_level_display(), supply.get(code, 0),
                  demand[code].total if code in demand else 0.0, demand[code].se if code in demand else 0.0,
                  tuple(sorted(found.sources.get(code, ()), reverse=True)))
           for code in codes if code in occupations]
    return wave, sorted(out, key=lambda r: -abs(r.gap))


def industries_all() -> list[Industry]:
    return list(Industry.objects.all())


def forecast_latest_run(*, province: OrgUnit) -> ForecastRun | None:
    """The most recent forecast run of the province's assumption sets (for the ND 30 report)."""
    return ForecastRun.objects.filter(assumption_set__province=province).select_related("assumption_set").first()


def institutions_for(*, user: User) -> QuerySet[OrgUnit]:
    """Current institutions in the user's scope (whose graduate lists they may see or send)."""
    return orgunits_visible(user=user, qs=OrgUnit.objects.filter(level=OrgUnit.Level.INSTITUTION,
                                                                 valid_to__isnull=True)).order_by("name")


def institution_get(*, user: User, code: str) -> OrgUnit:
    unit = institutions_for(user=user).filter(code=code).first()
    if unit is None:
        raise NotFound(gettext("Không tìm thấy cơ sở GDNN trong phạm vi của bạn."))
    return unit


def graduate_counts(*, institution: OrgUnit) -> list[dict]:
    """Graduates listed by the institution, by graduation year and occupation (no names)."""
    rows = (Graduate.objects.filter(institution=institution)
            .values("graduated_on__year", "occupation__code", "occupation__name")
            .annotate(n=Count("pk")).order_by("-graduated_on__year", "occupation__code"))
    return [dict(row) for row in rows]
