"""Assumption sets and forecast runs (the manpower-requirements method of `labour/forecast.py`).

A new assumption set starts from the latest employer wave of the province: industry employment is
the survey's weighted estimate of staff by VSIC section, occupation shares by industry are the
survey's weighted staff in the occupation over the industry's staff; growth rates and the exit rate
start at the officer's figures. Every edit raises the set's version; every run stores the exact
assumptions it used beside its results, so a result always names what produced it.
"""

from __future__ import annotations

import math

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gdnn.accounts.models import User
from gdnn.common.errors import DomainError
from gdnn.labour.forecast import forecast_needs
from gdnn.labour.models import AssumptionSet, ForecastRun, TrainingOccupation
from gdnn.labour.permissions import ensure_province_writer
from gdnn.labour.selectors import latest_employer_wave, wave_estimates
from gdnn.orgunits.models import OrgUnit


def _check(industries: dict, shares: dict, exit_rate: float, horizon: int) -> None:
    if not 1 <= horizon <= 5:
        raise DomainError(gettext("Thời gian dự báo từ 1 đến 5 năm."))
    if not 0 <= exit_rate < 1:
        raise DomainError(gettext("Tỷ lệ rời nghề hằng năm phải từ 0 đến dưới 1 (ví dụ 0,03 là 3%)."))
    for code, spec in industries.items():
        employment, growth = spec.get("employment"), spec.get("growth")
        if not isinstance(employment, int | float) or employment < 0 or not math.isfinite(employment):
            raise DomainError(gettext("Ngành %(industry)s: số lao động phải là số không âm.") % {"industry": code})
        if not isinstance(growth, int | float) or not -0.5 <= growth <= 1:
            raise DomainError(gettext("Ngành %(industry)s: tốc độ tăng việc làm phải từ -50%% đến 100%%/năm.")
                              % {"industry": code})
    totals: dict[str, float] = {}
    for occupation, by_industry in shares.items():
        for code, share in by_industry.items():
            if code not in industries:
                raise DomainError(gettext("Nghề %(occupation)s: ngành %(industry)s không có trong giả định về ngành.")
                                  % {"occupation": occupation, "industry": code})
            if not isinstance(share, int | float) or not 0 <= share <= 1:
                raise DomainError(gettext("Nghề %(occupation)s, ngành %(industry)s: tỷ trọng phải từ 0 đến 1.")
                                  % {"occupation": occupation, "industry": code})
            totals[code] = totals.get(code, 0.0) + share
    for code, total in totals.items():
        if total > 1.000001:
            raise DomainError(gettext("Ngành %(industry)s: tổng tỷ trọng các nghề vượt quá 100%%.") % {"industry": code})


@transaction.atomic
def assumption_set_create(*, province: OrgUnit, name: str, base_year: int, by: User | None, horizon: int = 5,
                          growth: float = 0.05, exit_rate: float = 0.03) -> AssumptionSet:
    ensure_province_writer(user=by, province=province)
    wave = latest_employer_wave(province=province)
    if wave is None:
        raise DomainError(gettext("%(province)s chưa có khảo sát doanh nghiệp để lấy cơ cấu nghề theo ngành.")
                          % {"province": province.name})
    estimates = wave_estimates(wave=wave)
    if estimates.staff_total is None:
        raise DomainError(gettext("Khảo sát “%(wave)s” chưa có phiếu trả lời.") % {"wave": wave.title})
    industries = {code: {"employment": round(est.total, 1), "growth": growth}
                  for code, est in estimates.by_industry.items() if est.total > 0}
    shares = {occ: {code: round(staff / industries[code]["employment"], 4)
                    for code, staff in by_industry.items() if code in industries}
              for occ, by_industry in estimates.staff_matrix.items()}
    _check(industries, shares, exit_rate, horizon)
    return AssumptionSet.objects.create(province=province, name=name, base_year=base_year, horizon=horizon,
                                        industries=industries, shares=shares, exit_rate=exit_rate,
                                        updated_by=by)


@transaction.atomic
def assumption_set_update(*, assumption_set: AssumptionSet, by: User | None, industries: dict, shares: dict,
                          exit_rate: float, horizon: int) -> AssumptionSet:
    ensure_province_writer(user=by, province=assumption_set.province)
    _check(industries, shares, exit_rate, horizon)
    assumption_set.industries, assumption_set.shares = industries, shares
    assumption_set.exit_rate, assumption_set.horizon = exit_rate, horizon
    assumption_set.version += 1
    assumption_set.updated_by, assumption_set.updated_at = by, timezone.now()
    assumption_set.save()
    return assumption_set


@transaction.atomic
def forecast_run(*, assumption_set: AssumptionSet, by: User | None) -> ForecastRun:
    ensure_province_writer(user=by, province=assumption_set.province)
    a = assumption_set
    needs = forecast_needs(base_year=a.base_year, horizon=a.horizon, industries=a.industries, shares=a.shares,
                           exit_rate=a.exit_rate)
    occupations = {o.code: o for o in TrainingOccupation.objects.filter(code__in=needs)}
    results = []
    for code, years in sorted(needs.items()):
        occ = occupations.get(code)
        results.append({"occupation": code, "name": occ.name if occ else code,
                        "level": occ.level if occ else "",  # the code: shown by models.level_label
                        "years": [{"year": y.year, "employment": round(y.employment, 2),
                                   "expansion": round(y.expansion, 2), "replacement": round(y.replacement, 2),
                                   "need": round(y.need, 2)} for y in years]})
    snapshot = {"name": a.name, "version": a.version, "base_year": a.base_year, "horizon": a.horizon,
                "industries": a.industries, "shares": a.shares, "exit_rate": a.exit_rate}
    return ForecastRun.objects.create(assumption_set=a, assumption_version=a.version, assumptions=snapshot,
                                      results=results, created_by=by)
