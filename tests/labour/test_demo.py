"""The labour part of the demo: a register of a few hundred enterprises, a stratified employer wave
with answers, a tracer wave for two colleges, and a forecast the gap and forecast pages show."""

import io

import pytest

from gdnn.collection.models import Submission
from gdnn.collection.services.datasets import dataset_sync
from gdnn.labour.demo import ENTERPRISES, labour_demo_build
from gdnn.labour.models import Enterprise, ForecastRun, Wave
from gdnn.labour.selectors import gaps, tracer_rates, wave_estimates, wave_progress
from gdnn.orgunits.models import OrgUnit
from tests.labour.helpers import college

pytestmark = pytest.mark.django_db


def test_the_demo_builds_the_lang_son_surveys_and_forecast(client):
    commune = OrgUnit.objects.get(code="06385", level=OrgUnit.Level.COMMUNE, valid_to__isnull=True)
    college(commune, "LS-CD-01", "Trường Cao đẳng Lạng Sơn")
    college(commune, "LS-CD-02", "Trường Cao đẳng Y tế Lạng Sơn")
    dataset_sync()
    out = io.StringIO()
    labour_demo_build(out=out)
    province = OrgUnit.objects.get(code="20", level=OrgUnit.Level.PROVINCE, valid_to__isnull=True)
    assert Enterprise.objects.filter(province=province).count() == ENTERPRISES
    employer = Wave.objects.get(province=province, kind=Wave.Kind.EMPLOYER)
    progress = wave_progress(wave=employer)
    assert progress.sampled == 90 and 0.5 < progress.rate < 0.9
    assert employer.strata.count() > 10
    estimates = wave_estimates(wave=employer)
    assert estimates.staff_total.total > 0 and estimates.staff_total.se > 0 and estimates.rows
    tracer = Wave.objects.get(province=province, kind=Wave.Kind.TRACER)
    rates = tracer_rates(waves=[tracer])
    assert [r.key for r in rates.by_institution] == ["LS-CD-01", "LS-CD-02"]
    assert 0.6 < rates.overall.rate < 1
    _wave, rows = gaps(province=province, year=2025)
    assert any(r.supply and r.demand for r in rows)
    # 2025: LS-CD-01 by its approved supply report, LS-CD-02 by its graduate list; 2024 both by reports.
    assert Submission.objects.filter(data_set__code="INST_SUPPLY_OCCUPATION", state="approved").count() == 3
    assert {s for r in rows for s in r.sources} == {"report", "list"}
    assert {s for r in gaps(province=province, year=2024)[1] for s in r.sources} == {"report"}
    assert ForecastRun.objects.filter(assumption_set__province=province, assumption_version=2).exists()
    labour_demo_build(out=out)  # a second run adds nothing
    assert Wave.objects.filter(province=province).count() == 2
    assert "đã có từ lần chạy trước" in out.getvalue()
