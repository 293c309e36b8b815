"""The ND 30 report of 141/KH-UBND for 2025 carries the agencies' accepted task reports (DOCX)."""

import io

import pytest
from docx import Document

from gdnn.followup.models import CompiledText
from gdnn.followup.selectors import compilation_for
from gdnn.followup.services import compilation_save
from gdnn.reports.docx_writer import write_docx
from gdnn.reports.generator import report_data
from tests.followup.conftest import ON, report_of, user

pytestmark = pytest.mark.django_db
PLACEHOLDER = "[Đề nghị bổ sung: kết quả thực hiện nhiệm vụ được giao]"


def _sections(plan, province) -> dict[str, list[str]]:
    data = report_data(plan=plan, org_unit=province, period="2025", as_of=ON)
    doc = Document(io.BytesIO(write_docx(data, render_chart=None)))
    texts = [p.text for p in doc.paragraphs]
    marks = {"II.2": "2. Kết quả thực hiện các nhiệm vụ, giải pháp", "III": "III. ĐÁNH GIÁ CHUNG",
             "IV": "IV. PHƯƠNG HƯỚNG", "V": "V. ĐỀ XUẤT, KIẾN NGHỊ", "end": "Trên đây là báo cáo"}
    at = {k: next(i for i, t in enumerate(texts) if t.startswith(m)) for k, m in marks.items()}
    return {"II.2": texts[at["II.2"]:at["III"]], "III": texts[at["III"]:at["IV"]], "V": texts[at["V"]:at["end"]]}


def test_the_report_carries_accepted_task_reports_in_ii2_iii_and_v_and_lists_who_did_not_report(followed):
    plan, province = followed
    s = _sections(plan, province)
    tasks, general, proposals = "\n".join(s["II.2"]), "\n".join(s["III"]), "\n".join(s["V"])
    # II.2: the accepted reports' text, attributed to the agency that reports today
    assert "Kế hoạch tuyển sinh giáo dục nghề nghiệp năm 2025" in tasks
    assert "215/KH-SGDĐT ngày 12/03/2025" in tasks
    assert "Sở Lao động - Thương binh và Xã hội (nay là Sở Giáo dục và Đào tạo): Tình hình: đang triển khai." in tasks
    assert "bố trí 18,5 tỷ đồng" in tasks
    # III and V: difficulties and proposals, each with its agency
    assert "(nay là Sở Giáo dục và Đào tạo): Việc sắp xếp, chuyển giao nhiệm vụ" in general
    assert "Đề nghị Bộ Giáo dục và Đào tạo sớm ban hành hướng dẫn" in proposals
    assert "Đề nghị Trung ương bổ sung vốn đầu tư công" in proposals
    # what the agencies reported stands in for the officer's placeholder of III and V
    assert "[Đề nghị bổ sung: tồn tại, hạn chế khác" not in general
    assert "[Đề nghị bổ sung: đề xuất, kiến nghị" not in proposals
    # a returned or merely submitted report is not compiled; its agency is listed as not reported
    assert "Lồng ghép đào tạo nghề cho lao động nông thôn" not in tasks
    assert "Thiếu giáo viên dạy nghề nông nghiệp" not in general
    missing = next(t for t in s["II.2"] if t.startswith("Các cơ quan chưa có báo cáo"))
    assert "Sở Khoa học và Công nghệ;" in missing
    assert "Sở Nông nghiệp và Môi trường (bị trả lại, chưa gửi lại)" in missing
    assert "Sở Dân tộc và Tôn giáo (trước đây Ban Dân tộc) (đã gửi, chưa được chấp nhận)" in missing
    # agencies dissolved in 2025 answer through their successor, which reported for them
    assert "Sở Giáo dục và Đào tạo" not in missing and "Sở Tài chính" not in missing
    assert "Sở Kế hoạch và Đầu tư" not in missing and "Sở Lao động" not in missing
    # no placeholder under an agency that reported; still one under an agency that did not
    lines = s["II.2"]
    reported = [i for i, t in enumerate(lines) if t.startswith(("a) Sở Lao động", "c) Sở Kế hoạch"))]
    assert reported and all(PLACEHOLDER not in lines[i] for i in reported)
    assert all(lines[i + 1].startswith("- ") for i in reported)
    khcn = next(t for t in lines if "Sở Khoa học và Công nghệ (chủ trì)" in t)
    assert PLACEHOLDER in khcn
    # a task group the lead reported on: its result instead of the placeholder; the others keep theirs
    group = next(i for i, t in enumerate(lines) if t.startswith("1) Hoàn thiện thể chế"))
    assert "Đề nghị bổ sung" not in lines[group]
    assert lines[group + 1].startswith("- Sở Giáo dục và Đào tạo: Tình hình: đang triển khai. Tham mưu UBND tỉnh")
    assert "1285/QĐ-UBND ngày 08/07/2025" in lines[group + 1]
    assert "[Đề nghị bổ sung: kết quả thực hiện trong kỳ]" in next(t for t in lines if t.startswith("2) "))


def test_the_leads_edit_is_what_the_report_says_until_the_report_is_accepted_again(followed):
    plan, province = followed
    gddt = report_of(plan, "so-gddt")
    compiled = compilation_for(plan=plan, period="2025")
    paragraph = next(p for p in compiled.tasks if p.report_id == gddt.pk)
    lead = user("sogddt.langson")
    kept = compilation_save(plan=plan, period="2025", by=lead,
                            texts={(gddt.pk, "tasks"): "Đã tham mưu tuyển sinh 15.300 người (đoạn đã biên tập)."})
    assert kept == 1
    tasks = "\n".join(_sections(plan, province)["II.2"])
    assert "Đã tham mưu tuyển sinh 15.300 người (đoạn đã biên tập)." in tasks
    assert paragraph.text not in tasks
    # the edit gives way to the report once it is reopened, fixed and accepted again
    from gdnn.followup.services import taskreport_approve, taskreport_reopen, taskreport_submit

    admin = user("sogddt.langson")
    with pytest.raises(Exception, match="quản trị hệ thống"):
        taskreport_reopen(report=gddt, by=admin)
    taskreport_reopen(report=gddt, by=None)
    taskreport_submit(report=gddt, by=user("sogddt.langson"))
    taskreport_approve(report=gddt, by=lead)
    assert CompiledText.objects.filter(report=gddt).exists()
    tasks = "\n".join(_sections(plan, province)["II.2"])
    assert "(đoạn đã biên tập)" not in tasks and "Kế hoạch tuyển sinh giáo dục nghề nghiệp năm 2025" in tasks


def test_a_report_of_a_unit_other_than_the_plans_own_is_left_as_before(followed):
    plan, province = followed
    from gdnn.orgunits.selectors import orgunit_children

    commune = next(iter(orgunit_children(unit=province, on=ON)))
    data = report_data(plan=plan, org_unit=commune, period="2025", as_of=ON)
    assert data.not_reported is None and not any(a.results for a in data.agencies)


def test_a_plan_of_the_pre_2025_province_is_followed_up_by_todays_province(import_seed):
    """The demo files 141/KH-UBND under Lạng Sơn as of 2022 (the pre-reform row): its agencies sit at
    today's Lạng Sơn, and today's province's report carries their text."""
    import datetime as dt

    from gdnn.demo.followup import followup_demo_build
    from gdnn.followup.selectors import user_leads
    from gdnn.orgunits.selectors import orgunit_get
    from gdnn.plans.models import Plan

    plan = import_seed("000")
    before = orgunit_get(code="20", on=dt.date(2022, 6, 15))
    assert before.is_pre_reform
    Plan.objects.filter(pk=plan.pk).update(org_unit=before)
    plan.refresh_from_db()
    followup_demo_build(out=io.StringIO(), plan=plan)
    today = orgunit_get(code="20", on=ON)
    assert {a.org_unit for a in plan.task_assignments.all()} == {today}
    assert user_leads(user=user("sogddt.langson"), plan=plan)
    assert "Kế hoạch tuyển sinh giáo dục nghề nghiệp năm 2025" in "\n".join(_sections(plan, today)["II.2"])
