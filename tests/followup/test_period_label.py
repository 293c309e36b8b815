"""A task report page's heading names its period whole, in the page's language."""

import pytest
from django.utils import translation

from gdnn.followup.selectors import period_label


@pytest.mark.parametrize(("period", "vietnamese", "english"), [
    ("2025S1", "6 tháng đầu năm 2025", "for the first half of 2025"),
    ("2025S2", "6 tháng cuối năm 2025", "for the second half of 2025"),
    ("2025", "năm 2025", "for 2025"),
    ("2021-2025", "giai đoạn 2021 - 2025", "for 2021–2025"),
])
def test_the_period_label_is_in_the_pages_language(period, vietnamese, english):
    with translation.override("vi"):
        assert period_label(period) == vietnamese
    with translation.override("en"):
        assert period_label(period) == english
