"""A province officer configures their own catalog and corrects an imported plan in real Chromium,
without opening a Django admin page: a data element on the province's own form, an indicator with
its formula, a validation rule (checked against last period first), an entry window, the plan's
header, a junk target deleted, a target added by hand, the plan published."""

import datetime as dt

import pytest
from django.utils import timezone

from gdnn.accounts.models import Role
from gdnn.collection.models import DataSet, DataSetWindow, ValidationRule
from gdnn.collection.services.datasets import dataset_sync
from gdnn.indicators.models import Indicator
from gdnn.indicators.services import indicator_catalog_sync
from gdnn.orgunits.models import OrgUnit
from gdnn.plans.models import Plan, PlanEvent
from gdnn.plans.services import agency_register_sync, plan_import_draft
from tests.browser import login, screenshot
from tests.factories import unit_ensure, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(live_server, settings, tmp_path):
    settings.GDNN_ANALYTICS_DIR = str(tmp_path / "analytics")
    indicator_catalog_sync()
    dataset_sync()
    agency_register_sync()
    province = unit_ensure(code="20", name="Tỉnh Lạng Sơn", level=OrgUnit.Level.PROVINCE)
    unit_ensure(code="06385", name="Xã Hữu Lũng", level=OrgUnit.Level.COMMUNE, parent=province)
    plan = plan_import_draft(org_unit=province, source_text="", data={
        "doc_number": "88/KH-UBND", "issuer": "UBND tỉnh Lạng Sơn", "level": "province", "title": "None",
        "date": "2026-01-10",
        "targets": [{"text": "Phụ lục 3 kèm theo", "value_min": 3, "unit": "other", "comparator": "eq"},
                    {"text": "Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ đạt từ 35% trở lên.",
                     "value_min": 35, "unit": "percent", "comparator": "ge", "year": 2030,
                     "indicator": "GDNN.TRAINED_WORKERS_CERT"}],
    })
    user_with_role("tinh", Role.PROVINCE_OFFICER, province)
    return {"plan": plan, "province": province, "base": live_server.url}


def test_an_officer_configures_the_catalog_and_corrects_a_plan_without_the_admin(page, world):
    base, plan = world["base"], world["plan"]
    visited: list[str] = []
    page.on("framenavigated", lambda frame: visited.append(frame.url))
    login(page, base, "tinh")

    page.goto(f"{base}/")
    page.get_by_role("link", name="Danh mục").first.click()
    page.get_by_role("link", name="Thêm phần tử dữ liệu").click()
    page.get_by_label("Mã (chữ in hoa, chữ số, _)").fill("LS_RURAL_TRAINED")
    page.get_by_label("Tên phần tử dữ liệu").fill("Lao động nông thôn được đào tạo nghề")
    page.get_by_label("Cấp báo cáo").select_option("commune")
    page.get_by_label("Kỳ báo cáo").select_option("annual")
    page.get_by_label("Giới tính").check()
    page.get_by_role("button", name="Lưu phần tử").click()
    page.wait_for_selector("text=Đã lưu phần tử dữ liệu LS_RURAL_TRAINED")

    page.get_by_role("link", name="Bộ biểu (biểu mẫu)").click()
    page.get_by_role("link", name="Thêm bộ biểu").click()
    page.get_by_label("Mã bộ biểu").fill("LS_EXTRA")
    page.get_by_label("Tên bộ biểu").fill("Biểu bổ sung của tỉnh Lạng Sơn")
    page.get_by_label("Cấp nhập biểu").select_option("commune")
    page.get_by_label("Kỳ báo cáo").select_option("annual")
    page.get_by_role("button", name="Lưu bộ biểu").click()
    page.wait_for_selector("text=Đã lưu bộ biểu LS_EXTRA")
    page.get_by_label("Phần tử dữ liệu").select_option(label="Lao động nông thôn được đào tạo nghề")
    page.get_by_label("Mục (tiêu đề nhóm trên biểu)").fill("Phần A. Đào tạo nghề nông thôn")
    page.get_by_role("button", name="Thêm vào biểu").click()
    page.wait_for_selector("text=Đã thêm phần tử vào biểu")
    screenshot(page, "catalog-dataset")

    page.goto(f"{base}/catalog/")
    page.get_by_role("link", name="Thêm chỉ số").click()
    page.get_by_label("Mã (ví dụ TN.HOC_NGHE_NONG_THON)").fill("LS.RURAL_TRAINED_FEMALE")
    page.get_by_label("Tên chỉ số").fill("Lao động nữ nông thôn được đào tạo nghề")
    page.get_by_label("Đơn vị").select_option("persons")
    page.get_by_label("Công thức").fill("LS_RURAL_TRAINED[sex:female] / LABOUR_FORCE * 100")
    page.get_by_role("button", name="Lưu chỉ số").click()
    assert "không có phép chia" in page.locator("[role=alert]").first.inner_text()  # a count is not a ratio
    page.get_by_label("Công thức").fill("LS_RURAL_TRAINED[sex:female]")
    page.get_by_role("button", name="Lưu chỉ số").click()
    page.wait_for_selector("text=Đã lưu chỉ số LS.RURAL_TRAINED_FEMALE")

    page.get_by_role("link", name="Quy tắc kiểm tra").click()
    page.get_by_role("link", name="Thêm quy tắc").click()
    page.get_by_label("Mã quy tắc").fill("LS_FEMALE_LE_TOTAL")
    page.get_by_label("Vế trái").fill("LS_RURAL_TRAINED[sex:female]")
    page.get_by_label("Phép so sánh").select_option("<=")
    page.get_by_label("Vế phải").fill("LS_RURAL_TRAINED")
    page.get_by_label("Thông báo cho người nhập").fill("Số nữ ({left}) không được lớn hơn tổng ({right}).")
    page.get_by_role("button", name="Kiểm tra quy tắc").click()
    page.wait_for_selector("text=Kiểm tra với số liệu kỳ trước")
    assert not ValidationRule.objects.filter(code="LS_FEMALE_LE_TOTAL").exists()
    page.get_by_role("button", name="Lưu quy tắc").click()
    page.wait_for_selector("text=Đã lưu quy tắc LS_FEMALE_LE_TOTAL")

    page.goto(f"{base}/catalog/")
    page.get_by_role("link", name="Kỳ báo cáo và thời hạn nhập").click()
    year = str(timezone.localdate().year)
    closes = timezone.localdate() + dt.timedelta(days=30)
    page.get_by_label(f"Đóng ngày LS_EXTRA {year}").fill(closes.strftime("%d/%m/%Y"))
    page.get_by_label(f"Đóng ngày LS_EXTRA {year}").press("Enter")
    page.wait_for_selector(f"text=Đã mở kỳ {year} của Biểu bổ sung của tỉnh Lạng Sơn")
    screenshot(page, "catalog-windows")

    page.goto(f"{base}/plans/{plan.pk}/")
    page.get_by_role("link", name="Sửa phần đầu").click()
    page.get_by_label("Trích yếu (tên kế hoạch)").fill("Kế hoạch phát triển giáo dục nghề nghiệp giai đoạn 2026–2030")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_selector("h1:has-text('Kế hoạch phát triển giáo dục nghề nghiệp giai đoạn 2026–2030')")
    page.get_by_role("button", name="Xóa chỉ tiêu 1").click()
    page.wait_for_selector("text=Đã xóa chỉ tiêu")
    page.get_by_role("link", name="Thêm chỉ tiêu").click()
    page.get_by_label("Câu chỉ tiêu như trong văn bản").fill("Mỗi năm đào tạo nghề cho 500 lao động nữ nông thôn")
    page.get_by_label("Chỉ số").select_option(label="Lao động nữ nông thôn được đào tạo nghề")
    page.get_by_label("Loại chỉ tiêu").select_option("per_year")
    page.get_by_label("Từ năm").fill("2026")
    page.get_by_label("Năm (năm cuối)").fill("2030")
    page.get_by_label("Phép so sánh").select_option("ge")
    page.get_by_label("Giá trị (nhỏ nhất)").fill("500")
    page.get_by_label("Đơn vị").select_option("persons")
    page.get_by_role("button", name="Thêm").click()
    page.wait_for_selector("text=Đã thêm chỉ tiêu")
    page.get_by_role("button", name="Publish").or_(page.get_by_role("button", name="Ban hành")).first.click()
    page.wait_for_selector("text=Lịch sử thay đổi")
    screenshot(page, "catalog-plan-published")

    stored = Plan.objects.get(pk=plan.pk)
    assert stored.status == Plan.Status.PUBLISHED and stored.title.startswith("Kế hoạch phát triển")
    assert [t.indicator.code for t in stored.targets.order_by("order")] == [
        "GDNN.TRAINED_WORKERS_CERT", "LS.RURAL_TRAINED_FEMALE"]
    assert set(PlanEvent.objects.filter(plan=stored).values_list("action", flat=True)) >= {
        "edit", "target_delete", "target_add", "published"}
    assert Indicator.objects.get(code="LS.RURAL_TRAINED_FEMALE").owner == world["province"]
    assert DataSet.objects.get(code="LS_EXTRA").members.get().section == "Phần A. Đào tạo nghề nông thôn"
    assert DataSetWindow.objects.get(data_set__code="LS_EXTRA", period=year).closes_on == closes
    assert not [u for u in visited if "/admin/" in u]
