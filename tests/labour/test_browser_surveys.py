"""In real Chromium: an enterprise answers through its personal link without logging in, a graduate
answers through theirs, and the officer sees the response rate move and the estimate update."""

import re

import pytest
from playwright.sync_api import expect

from gdnn.labour.services.graduates import graduates_import
from gdnn.labour.services.waves import employer_wave_create, tracer_wave_create
from tests.browser import login, screenshot
from tests.labour.helpers import closes, college, world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def surveys():
    w = world(enterprises=12)
    employer = employer_wave_create(province=w["province"], title="Khảo sát doanh nghiệp thử", reference_year=2026,
                                    sample_size=6, closes_on=closes(), by=w["officer"], seed=3)
    school = college(w["commune"])
    graduates_import(institution=school, by=w["officer"], name="tn.csv", data=(
        "mã người học,họ và tên,mã nghề,ngày tốt nghiệp\nSV01,Nguyễn Văn An,6520227,30/06/2025\n"
        "SV02,Lương Thị Bình,6520227,30/06/2025\n").encode())
    tracer = tracer_wave_create(province=w["province"], title="Người tốt nghiệp sau 6 tháng", cohort_year=2025,
                                months_after=6, institutions=[school], closes_on=closes(), by=w["officer"])
    return w, employer, tracer


def test_respondents_answer_through_links_and_the_officer_sees_it(live_server, page, surveys):
    w, employer, tracer = surveys
    base = live_server.url
    login(page, base, w["officer"].username)
    page.goto(f"{base}/labour/waves/{employer.pk}/")
    expect(page.locator("#response-rate")).to_have_text("0,0%")
    expect(page.locator("#estimate-staff")).to_have_text("Chưa có phiếu trả lời.")
    link = employer.links.select_related("stratum").first()

    # The enterprise: no account, only its link.
    page.context.clear_cookies()
    page.goto(f"{base}/s/{employer.issued[link.pk]}/")
    expect(page.get_by_role("heading", name="Khảo sát doanh nghiệp thử")).to_be_visible()
    page.get_by_label("Tổng số lao động hiện có của doanh nghiệp").fill("40")
    page.get_by_label("Nghề dòng 1").select_option("6520227")
    page.get_by_label("Số lao động dòng 1").fill("8")
    page.get_by_label("Cần tuyển 1 năm dòng 1").fill("3")
    page.get_by_label("Có", exact=True).check()
    page.get_by_role("button", name="Gửi phiếu").click()
    expect(page.locator("#thanks")).to_be_visible()
    screenshot(page, "labour-employer-answer")

    # The graduate.
    grad = tracer.links.first()
    page.goto(f"{base}/s/{tracer.issued[grad.pk]}/")
    page.get_by_label("Có việc làm", exact=True).check()
    page.get_by_label("Nghề đang làm (nếu có việc làm)").select_option("74")
    page.get_by_label("Công việc so với nghề được đào tạo").select_option("same")
    page.get_by_label("Thu nhập bình quân").select_option("5to8")
    page.get_by_role("button", name="Gửi phiếu").click()
    expect(page.locator("#thanks")).to_be_visible()
    screenshot(page, "labour-tracer-answer")

    # The officer sees the rate move and the estimate: 40 staff × N_h / 1 respondent.
    login(page, base, w["officer"].username)
    page.goto(f"{base}/labour/waves/{employer.pk}/")
    sampled = employer.links.count()  # 6 strata with a floor of 2 each: all 12 enterprises
    expect(page.locator("#response-rate")).to_have_text(f"{100 / sampled:.1f}%".replace(".", ","))
    expect(page.locator("#estimate-staff")).to_have_text(f"{40 * link.stratum.population}")
    expect(page.get_by_role("row", name=re.compile("6520227 Điện công nghiệp"))).to_contain_text(
        f"{3 * link.stratum.population}")
    screenshot(page, "labour-employer-wave")
    page.goto(f"{base}/labour/waves/{tracer.pk}/")
    expect(page.locator("#response-rate")).to_have_text("50,0%")
    expect(page.locator("#employment-rate")).to_have_text("100,0%")
    screenshot(page, "labour-tracer-wave")
