import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from gdnn.common.errors import DomainError
from gdnn.reports.periods import report_period_parse


@pytest.mark.parametrize(("code", "label", "data", "comparison", "next_label", "end"), [
    ("2025S1", "6 tháng đầu năm 2025", "2025S1", "2024S1", "6 tháng cuối năm 2025", dt.date(2025, 6, 14)),
    ("2025s2", "6 tháng cuối năm 2025", "2025S2", "2024S2", "6 tháng đầu năm 2026", dt.date(2025, 12, 14)),
    ("2025", "năm 2025", "2025", "2024", "năm 2026", dt.date(2025, 12, 14)),
    ("2021-2025", "giai đoạn 2021 - 2025", "2025", "2020", "giai đoạn 2026 - 2030", dt.date(2025, 12, 14)),
    ("2021 – 2025", "giai đoạn 2021 - 2025", "2025", "2020", "giai đoạn 2026 - 2030", dt.date(2025, 12, 14)),
])
def test_report_periods(code, label, data, comparison, next_label, end):
    period = report_period_parse(code)
    assert (period.label, period.data_period, period.comparison_period, period.next_label, period.end) == (
        label, data, comparison, next_label, end)


@given(st.text(max_size=20))
def test_any_text_is_a_period_or_one_domain_error(text):
    try:
        report_period_parse(text)
    except DomainError as exc:
        assert "Kỳ báo cáo không hợp lệ" in str(exc)


def test_a_period_refusal_speaks_the_language_of_the_reader():
    with translation.override("en"), pytest.raises(DomainError) as refused:
        report_period_parse("2025S3")
    assert str(refused.value) == "Invalid reporting period: “2025S3” (use 2025S1, 2025S2, 2025 or 2021-2025)."
