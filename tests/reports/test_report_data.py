import pytest
from django.db.models import F

from gdnn.common.errors import DomainError
from gdnn.orgunits.selectors import orgunit_get
from gdnn.reports.generator import report_data
from tests.reports.conftest import ON

pytestmark = pytest.mark.django_db
CERT = "GDNN.TRAINED_WORKERS_CERT"


def _cert_rows(data):
    return [r for r in data.targets if r.indicator_code == CERT]


def test_year_report_gives_the_actual_the_vietnamese_way_and_the_assessment(seeded):
    plan, province, _ = seeded
    data = report_data(plan=plan, org_unit=province, period="2025", as_of=ON)
    assert len(data.targets) == plan.targets.count()
    row_2025, row_2030 = _cert_rows(data)
    assert (row_2025.actual, row_2025.actual_period) == (pytest.approx(37.2), "2025")
    assert row_2025.status == "achieved" and row_2025.assessment == "Đạt"
    assert row_2025.percent_of_target == pytest.approx(124.0)
    assert row_2025.previous == pytest.approx(25.0) and row_2025.previous_period == "2024"
    # the year is over: told in the past, with the period first, and the verdict is final
    assert row_2025.sentence == ("Năm 2025, tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ đạt 37,2%, "
                                 "tăng 12,2 điểm % so với năm 2024, bằng 124,0% chỉ tiêu năm 2025 (≥ 30%); "
                                 "hoàn thành chỉ tiêu.")
    assert row_2030.status == "achieved"
    # the targets without data say so instead of inventing a figure
    no_data = [r for r in data.targets if r.indicator_code != CERT]
    assert {r.assessment for r in no_data} == {"Chưa có số liệu"}
    assert all("chưa có số liệu" in r.sentence for r in no_data)


def test_a_target_behind_its_trajectory_names_the_projected_year_and_the_lagging_communes(seeded):
    plan, province, communes = seeded
    data = report_data(plan=plan, org_unit=province, period="2024", as_of=ON)
    row = _cert_rows(data)[0]
    assert [p for p, _ in row.series] == ["2022", "2023", "2024"]  # cut at the report period
    assert row.status == "behind" and row.assessment == "Chậm tiến độ"
    assert row.sentence.endswith("chậm so với tiến độ; nếu giữ tốc độ hiện nay, dự kiến đạt chỉ tiêu vào năm 2026.")
    ranking = data.rankings[0]
    assert [u.code for u in ranking.units] == [communes[0].code, communes[1].code]  # 24 % before 26 %
    assert any(communes[0].name in f.text for f in data.shortcomings)


def test_half_year_report_of_a_yearly_indicator_uses_the_last_year_and_says_so(seeded):
    plan, province, _ = seeded
    data = report_data(plan=plan, org_unit=province, period="2025S1", as_of=ON)
    row = _cert_rows(data)[0]
    assert row.actual_period == "2024" and row.actual == pytest.approx(25.0)
    assert "(số liệu năm 2024)" in row.sentence
    assert data.header.subject == ["Kết quả thực hiện Kế hoạch số 141/KH-UBND ngày 15/6/2022",
                                   "của UBND tỉnh Lạng Sơn 6 tháng đầu năm 2025"]


def test_five_year_report_compares_with_the_year_before_the_period_and_uses_the_plans_recipients(seeded):
    plan, province, _ = seeded
    data = report_data(plan=plan, org_unit=province, period="2021-2025", as_of=ON)
    row = _cert_rows(data)[0]
    assert row.actual == pytest.approx(37.2) and row.previous_period == "2020" and row.previous is None
    assert data.period.label == "giai đoạn 2021 - 2025"
    # the plan: "Sở LĐTBXH ... báo cáo Thủ tướng Chính phủ, Bộ LĐTBXH"; GDNN went to the Ministry of Education
    assert data.recipients == ["Thủ tướng Chính phủ", "Bộ Giáo dục và Đào tạo", "Lưu: VT"]


def test_header_of_a_provincial_report(seeded):
    plan, province, _ = seeded
    h = report_data(plan=plan, org_unit=province, period="2025S1", as_of=ON).header
    assert h.agency_lines == ["ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN"] and h.parent_agency == ""
    assert h.number_line.endswith("/BC-UBND")
    assert h.date_line == "Lạng Sơn, ngày 05 tháng 02 năm 2026"
    assert (h.signer_authority, h.signer_title) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert h.basis.startswith("Thực hiện Kế hoạch số 141/KH-UBND ngày 15/6/2022 của UBND tỉnh Lạng Sơn "
                              "triển khai Quyết định số 2239/QĐ-TTg")


def test_commune_report_reads_the_communes_own_figures(seeded):
    plan, _, communes = seeded
    data = report_data(plan=plan, org_unit=communes[1], period="2025", as_of=ON)
    assert _cert_rows(data)[0].actual == pytest.approx(34.4)
    assert data.header.agency_lines[0] == "ỦY BAN NHÂN DÂN" and data.rankings == []
    assert data.recipients[-1] == "Lưu: VT"
    assert {v.unit_code for v in data.raw_values} == {communes[1].code}


def test_raw_values_are_the_approved_values_of_the_subtree_and_period(seeded):
    from tests.analytics.factories import approved_values

    plan, province, communes = seeded
    other = orgunit_get(code="01", on=ON)  # Hà Nội: outside the subtree
    approved_values(other, "2025", {("LABOUR_FORCE", "ethnicity:kinh|sex:male"): 7})
    approved_values(communes[0], "2025S1", {("LABOUR_FORCE", "ethnicity:kinh|sex:female"): 9}, state="submitted")
    data = report_data(plan=plan, org_unit=province, period="2025", as_of=ON)
    assert len(data.raw_values) == 4  # two elements × two communes, approved, 2025 only
    assert data.direction[1].text.endswith("có 3 biểu số liệu của các đơn vị, trong đó 2 đã được phê duyệt, "
                                           "1 đang chờ phê duyệt.")
    assert {v.period for v in data.raw_values} == {"2025"}
    assert {v.unit_code for v in data.raw_values} == {c.code for c in communes}


@pytest.mark.parametrize("period", ["2025S3", "25", "2025-2021", "abc", "", "2025S1x"])
def test_a_bad_period_is_one_clear_domain_error(lang_son, period):
    plan, province = lang_son
    with pytest.raises(DomainError, match="Kỳ báo cáo không hợp lệ"):
        report_data(plan=plan, org_unit=province, period=period, as_of=ON)


def test_a_unit_outside_the_plans_area_is_refused(lang_son):
    plan, _ = lang_son
    hanoi = orgunit_get(code="01", on=ON)
    with pytest.raises(DomainError, match="không thuộc địa bàn"):
        report_data(plan=plan, org_unit=hanoi, period="2025", as_of=ON)


def test_a_target_set_for_one_commune_is_measured_on_that_commune(seeded):
    plan, province, communes = seeded
    target = plan.targets.get(indicator__code=CERT, year=2030)
    target.org_unit = communes[0]
    target.save(update_fields=["org_unit"])
    rows = _cert_rows(report_data(plan=plan, org_unit=province, period="2025", as_of=ON))
    assert [r.actual for r in rows] == [pytest.approx(37.2), pytest.approx(40.0)]


def test_the_parent_document_is_the_plan_implemented_not_a_merger_resolution(seeded):
    from gdnn.plans.keys import doc_number_key
    from gdnn.plans.models import PlanReference

    plan, province, _ = seeded
    plan.references.update(order=F("order") + 1)
    PlanReference.objects.create(plan=plan, identifier="202/2025/QH15", identifier_key=doc_number_key("202/2025/QH15"),
                                 order=0)
    basis = report_data(plan=plan, org_unit=province, period="2025", as_of=ON).header.basis
    assert "triển khai Quyết định số 2239/QĐ-TTg" in basis and "202/2025/QH15" not in basis


def test_the_commune_ranking_draws_no_province_target_as_each_communes(seeded):
    plan, province, _ = seeded
    data = report_data(plan=plan, org_unit=province, period="2024", as_of=ON)
    assert data.rankings and all(r.threshold is None for r in data.rankings)  # 141 sets no commune-level target
    from gdnn.reports.charts import ranking_chart

    spec = ranking_chart(data.rankings[0])
    assert not [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert "không có chỉ tiêu cấp xã" in " ".join(spec["title"]["text"])
