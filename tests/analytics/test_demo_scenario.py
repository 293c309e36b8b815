"""The demo's province as an officer sees it: partial reporting never moves the province's result,
and the report on a year that is over reads as a verdict, not a forecast."""

import datetime as dt
import io
from collections import Counter

import pytest
from docx import Document

from gdnn.analytics.progress import targets_progress
from gdnn.analytics.services import analytics_rebuild
from gdnn.collection.models import Submission
from gdnn.collection.services.workflow import submission_approve
from gdnn.demo.data import demo_data_generate
from gdnn.orgunits.selectors import orgunit_get
from gdnn.reports.docx_writer import write_docx
from gdnn.reports.generator import report_data
from tests.analytics.factories import approved_values

pytestmark = pytest.mark.django_db
AFTER_2026S1 = dt.date(2026, 7, 20)
ACCREDITED = "GDNN.INSTITUTIONS_ACCREDITED"


@pytest.fixture
def demo(national):
    """Plan 141/KH-UBND and the demo's Lạng Sơn history (2021S2-2026S1), written straight into the
    tables in the states the demo leaves them: the latest half-year's institution reports not yet
    approved, a fifth of the communes' 2025 reports awaiting approval."""
    from gdnn.demo.build import SEED_PLANS
    from gdnn.plans.services import plan_import_document
    from tests.seeds import seed

    _prefix, code, issued = SEED_PLANS[0]  # as the demo files it: on the province as it was in June 2022
    plan = plan_import_document(path=seed("000"), org_unit=orgunit_get(code=code, on=issued))
    demo_data_generate(report=lambda unit, period, values, state: approved_values(unit, period, values, state))
    analytics_rebuild()
    return plan, orgunit_get(code="20")


def _statuses(plan, on):
    return Counter(item.progress.status for item in targets_progress(plan=plan, as_of=on))


def test_approving_one_institution_of_twelve_changes_no_status_and_shows_a_provisional_1_of_12(demo):
    plan, _ = demo
    before = _statuses(plan, AFTER_2026S1)
    assert before["achieved"] + before["not_achieved"] + before["on_track"] + before["behind"] + before["at_risk"] > 0
    waiting = Submission.objects.filter(period="2026S1", state=Submission.State.SUBMITTED,
                                        data_set__code="INST_SEMIANNUAL").order_by("org_unit__code").first()
    submission_approve(submission=waiting, by=None)
    assert _statuses(plan, AFTER_2026S1) == before
    item = next(i for i in targets_progress(plan=plan, as_of=AFTER_2026S1)
                if i.target.indicator and i.target.indicator.code == ACCREDITED)
    assert item.provisional is not None and item.provisional.period == "2026S1"
    assert item.provisional.coverage.label == "1/12" and len(item.provisional.coverage.missing) == 11
    assert item.progress.actual_period == "2025S2" and item.coverage.label == "12/12"  # decided on the full half-year
    # The province's own annual report counts as the one report it owes, on the plan's pre-2025 province.
    grad = next(i for i in targets_progress(plan=plan, as_of=AFTER_2026S1)
                if i.target.indicator and i.target.indicator.code == "GDNN.GRAD_TO_VET")
    assert grad.coverage.label == "1/1" and grad.progress.status != "incomplete"


def _section(paragraphs: list[str], start: str, end: str) -> list[str]:
    first = next(i for i, p in enumerate(paragraphs) if p.startswith(start))
    last = next(i for i, p in enumerate(paragraphs) if p.startswith(end) and i > first)
    return paragraphs[first:last]


def test_the_2025_report_written_after_2025_gives_verdicts_and_aims_at_the_next_horizon(demo):
    plan, province = demo
    data = report_data(plan=plan, org_unit=province, period="2025", as_of=dt.date(2026, 11, 15))
    rows_2025 = [r for r in data.targets if r.target_year == 2025]
    assert rows_2025 and {r.status for r in rows_2025} <= {"achieved", "not_achieved", "incomplete", "no_data"}
    assert {"achieved", "not_achieved"} & {r.status for r in rows_2025}
    doc = Document(io.BytesIO(write_docx(data, render_chart=None)))
    paragraphs = [p.text for p in doc.paragraphs]
    for row in rows_2025:
        assert "có nguy cơ" not in row.sentence
        assert row.sentence in "\n".join(paragraphs) or row.status == "no_data"
    table_rows = [[c.text for c in r.cells] for r in doc.tables[1].rows[1:]]
    assert all("nguy cơ" not in cells[-1] for cells in table_rows if "(năm 2025)" in cells[3])
    direction = _section(paragraphs, "IV. PHƯƠNG HƯỚNG", "V. ĐỀ XUẤT")
    assert not [p for p in direction if "vào năm 2025" in p]
    assert any("vào năm 2030" in p for p in direction)  # the next horizon
    assert "triển khai Quyết định số 2239/QĐ-TTg" in data.header.basis
    assert data.file_stem == "bao-cao_141-KH-UBND_Lang-Son_2025"
