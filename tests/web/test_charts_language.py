"""The web charts speak the page's language; the ND 30/2020 report's charts stay Vietnamese."""

import json

import pytest

from gdnn.accounts.models import Role
from gdnn.orgunits.selectors import orgunit_get
from tests.factories import PASSWORD, user_with_role
from tests.web.language import VI_WORD
from tests.web.test_dashboard import plan_with_data  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def _words(spec: dict) -> str:
    """Every text a reader sees in a spec: titles, axis and legend titles, and the data's words."""
    return json.dumps({k: v for k, v in spec.items() if k not in ("$schema", "config", "description")},
                      ensure_ascii=False)


def _charts(client, plan, language: str) -> list[dict]:
    user_with_role("tinh", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    client.login(username="tinh", password=PASSWORD)
    client.cookies["django_language"] = language
    return client.get(f"/dashboard/plans/{plan.pk}/charts.json", {"as_of": "2025-03-01"}).json()["specs"]


def test_a_plan_dashboards_charts_are_english_on_an_english_page(client, plan_with_data):  # noqa: F811
    plan, _ = plan_with_data
    specs = _charts(client, plan, "en")
    text = " ".join(_words(s) for s in specs)
    assert specs and VI_WORD.findall(text) == []
    assert '"title": "Period"' in text and "complete data" in text and "Target for" in text


def test_a_plan_dashboards_charts_stay_vietnamese_on_a_vietnamese_page(client, plan_with_data):  # noqa: F811
    plan, _ = plan_with_data
    text = " ".join(_words(s) for s in _charts(client, plan, "vi"))
    assert '"title": "Kỳ"' in text and "đủ số liệu" in text and "Chỉ tiêu năm" in text
    assert "Period" not in text and "Target for" not in text

