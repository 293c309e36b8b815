"""Periods in DHIS2 notation with the ND 09/2019 cut-offs and the default entry windows."""

import datetime as dt

import pytest

from gdnn.collection.periods import period_for_date, period_parse
from gdnn.common.errors import DomainError


@pytest.mark.parametrize(("code", "start", "end", "closes"), [
    ("2025S1", dt.date(2024, 12, 15), dt.date(2025, 6, 14), dt.date(2025, 6, 29)),
    ("2025S2", dt.date(2025, 6, 15), dt.date(2025, 12, 14), dt.date(2025, 12, 29)),
    ("2025", dt.date(2024, 12, 15), dt.date(2025, 12, 14), dt.date(2025, 12, 29)),
])
def test_cut_offs_follow_nd_09_2019(code, start, end, closes):
    p = period_parse(code)
    assert (p.start, p.end) == (start, end)
    assert p.default_window() == (start, closes)


@pytest.mark.parametrize(("on", "kind", "code"), [
    (dt.date(2025, 12, 14), "semiannual", "2025S2"), (dt.date(2025, 12, 15), "semiannual", "2026S1"),
    (dt.date(2026, 6, 14), "semiannual", "2026S1"), (dt.date(2026, 6, 15), "semiannual", "2026S2"),
    (dt.date(2025, 12, 15), "annual", "2026"), (dt.date(2025, 1, 1), "annual", "2025"),
])
def test_the_period_of_a_date(on, kind, code):
    assert period_for_date(on, kind).code == code


def test_previous_periods():
    assert period_parse("2025S1").previous().code == "2024S2"
    assert period_parse("2025S2").previous().code == "2025S1"
    assert period_parse("2025").previous().code == "2024"


@pytest.mark.parametrize("bad", ["", "2025S3", "25S1", "2025Q1", "abcd", "2025-S1", "99999"])
def test_a_bad_period_is_a_vietnamese_domain_error(bad):
    with pytest.raises(DomainError, match="Kỳ báo cáo không hợp lệ"):
        period_parse(bad)
