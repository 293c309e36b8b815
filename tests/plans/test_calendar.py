import datetime as dt

import pytest

from gdnn.plans.calendar import annual, reports_due, semiannual
from gdnn.plans.selectors import reporting_calendar
from gdnn.plans.services import duty_report_record

D = dt.date


def test_half_year_cut_offs_follow_nd_09_2019():
    first, second = semiannual(2025, 1), semiannual(2025, 2)
    assert (first.data_from, first.data_to, first.due) == (D(2024, 12, 15), D(2025, 6, 14), D(2025, 6, 20))
    assert (second.data_from, second.data_to) == (D(2025, 6, 15), D(2025, 12, 14))
    year = annual(2025)
    assert (year.period, year.data_from, year.data_to) == ("2025", D(2024, 12, 15), D(2025, 12, 14))


def test_a_stated_deadline_replaces_the_default():
    assert semiannual(2025, 1, "trước ngày 10/6").due == D(2025, 6, 10)
    assert annual(2025, "trước ngày 05 tháng 12").due == D(2025, 12, 5)


def test_frequencies_yield_their_periods():
    assert [r.period for r in reports_due(frequency="6-monthly", first_year=2025, last_year=2026)] == [
        "2025S1", "2025S2", "2026S1", "2026S2"]
    assert [r.period for r in reports_due(frequency="5-year", first_year=2022, last_year=2030)] == [
        "2021-2025", "2026-2030"]
    assert [r.period for r in reports_due(frequency="10-year", first_year=2022, last_year=2030)] == ["2021-2030"]
    assert reports_due(frequency="ad hoc", first_year=2022, last_year=2030) == []


@pytest.mark.django_db
def test_overdue_reports_clear_when_delivered(import_seed):
    plan = import_seed("001")
    today = D(2026, 11, 22)
    entries = reporting_calendar(plan=plan, today=today)
    overdue = [e for e in entries if e.status == "overdue"]
    assert overdue and all(e.report.due < today for e in overdue)
    first = overdue[0]
    duty_report_record(duty=first.duty, period=first.report.period, delivered_on=first.report.due)
    again = {(e.duty.pk, e.report.period): e.status for e in reporting_calendar(plan=plan, today=today)}
    assert again[(first.duty.pk, first.report.period)] == "delivered"


@pytest.mark.django_db
def test_a_duty_owed_by_every_commune_lists_the_communes(import_seed):
    plan = import_seed("000")
    entries = reporting_calendar(plan=plan, today=D(2026, 1, 1))
    by_communes = [e for e in entries if e.reporters and all(u.level == "commune" for u in e.reporters)]
    assert by_communes and len(by_communes[0].reporters) == 65
