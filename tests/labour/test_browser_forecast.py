"""In real Chromium: the officer builds a forecast from the survey, edits an assumption and sees the
result restamped; the gap page shows its table and chart."""

import pytest
from playwright.sync_api import expect

from gdnn.labour.models import TrainingOccupation
from gdnn.labour.services.answers import DemandInput, employer_answer
from gdnn.labour.services.graduates import graduates_import
from gdnn.labour.services.waves import employer_wave_create
from tests.browser import login, screenshot
from tests.labour.helpers import closes, college, world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def surveyed():
    w = world(enterprises=12)
    wave = employer_wave_create(province=w["province"], title="Khảo sát", reference_year=2026, sample_size=12,
                                closes_on=closes(), by=w["officer"], seed=5)
    electricians = TrainingOccupation.objects.get(code="6520227")
    for link in wave.links.all():
        employer_answer(token=wave.issued[link.pk], staff_total=30, willing_to_train="yes",
                        lines=[DemandInput(electricians, 6, 1, 2, 4)])
    graduates_import(institution=college(w["commune"]), by=w["officer"], name="tn.csv", data=(
        "mã người học,họ và tên,mã nghề,ngày tốt nghiệp\nSV01,Nông Văn Dũng,6520227,30/06/2025\n").encode())
    return w


def test_forecast_edit_restamps_the_result_and_the_gap_page_draws(live_server, page, surveyed):
    base = live_server.url
    login(page, base, surveyed["officer"].username)
    page.goto(f"{base}/labour/20/forecast/")
    page.get_by_label("Tên bộ giả định").fill("Kịch bản thử")
    page.get_by_label("Năm gốc").fill("2026")
    page.get_by_role("button", name="Tạo và chạy dự báo").click()
    expect(page.locator("#forecast-stamp")).to_contain_text("“Kịch bản thử” phiên bản 1")
    first_total = page.locator("#forecast-totals tbody tr").first.inner_text()
    expect(page.locator("#charts svg").first).to_be_visible()
    page.get_by_label("Tăng việc làm ngành C").fill("25")
    page.get_by_role("button", name="Lưu giả định và chạy lại dự báo").click()
    expect(page.locator("#forecast-stamp")).to_contain_text("“Kịch bản thử” phiên bản 2")
    expect(page.locator("#forecast-totals tbody tr").first).not_to_have_text(first_total)
    screenshot(page, "labour-forecast")
    page.goto(f"{base}/labour/20/gaps/?year=2025")
    expect(page.locator("#gap-table")).to_contain_text("6520227")
    expect(page.locator("#charts svg").first).to_be_visible()
    screenshot(page, "labour-gaps")
