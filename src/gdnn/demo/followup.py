"""The demo's task follow-up on 141/KH-UBND of Lạng Sơn, 2025: the tasks assigned as the plan gives
them, one account per reporting agency, and their year reports (on their duties and, for the
lead, on the first task group) — some accepted, one returned, one
submitted and awaiting review, one agency (Sở Khoa học và Công nghệ) that has not reported."""

from __future__ import annotations

import secrets
from typing import TextIO

from gdnn.accounts.models import Role, User
from gdnn.accounts.services import user_create
from gdnn.followup.models import AgencyMember, TaskAssignment, TaskReport
from gdnn.followup.services import (
    ReportContent,
    agency_member_add,
    assignments_sync,
    taskreport_approve,
    taskreport_get_or_create,
    taskreport_return,
    taskreport_save,
    taskreport_submit,
)
from gdnn.orgunits.selectors import orgunit_get
from gdnn.plans.models import Agency, Plan

PERIOD = "2025"
# username, agency code, full name
DEMO_AGENCY_USERS = (
    ("sogddt.langson", "so-gddt", "Cán bộ Sở Giáo dục và Đào tạo Lạng Sơn"),
    ("sotc.langson", "so-tai-chinh", "Cán bộ Sở Tài chính Lạng Sơn"),
    ("sonnmt.langson", "so-nn-mt", "Cán bộ Sở Nông nghiệp và Môi trường Lạng Sơn"),
    ("dantoc.langson", "dan-toc", "Cán bộ Sở Dân tộc và Tôn giáo Lạng Sơn"),
    ("sokhcn.langson", "so-khcn", "Cán bộ Sở Khoa học và Công nghệ Lạng Sơn"),
)

# agency code → (state, content) of its 2025 report on its first assignment; so-khcn has none.
DEMO_REPORTS: dict[str, tuple[str, ReportContent]] = {
    "so-gddt": ("approved", ReportContent(
        progress="in_progress",
        done="Tham mưu UBND tỉnh ban hành Kế hoạch tuyển sinh giáo dục nghề nghiệp năm 2025; tổ chức 02 đoàn "
             "kiểm tra tại 06 cơ sở giáo dục nghề nghiệp.\nPhối hợp với các trường cao đẳng tổ chức tư vấn "
             "hướng nghiệp cho 4.200 học sinh lớp 9 và lớp 12.",
        figures="Tuyển sinh 15.300 người; tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ đạt 30,5%.",
        documents=({"number": "215/KH-SGDĐT", "date": "2025-03-12",
                    "excerpt": "tuyển sinh giáo dục nghề nghiệp năm 2025"},),
        difficulties="Việc sắp xếp, chuyển giao nhiệm vụ giáo dục nghề nghiệp từ Sở Lao động - Thương binh và "
                     "Xã hội sang Sở Giáo dục và Đào tạo làm gián đoạn công tác thống kê số liệu.",
        proposals="Đề nghị Bộ Giáo dục và Đào tạo sớm ban hành hướng dẫn chế độ báo cáo thống kê giáo dục "
                  "nghề nghiệp sau sắp xếp.")),
    "so-tai-chinh": ("approved", ReportContent(
        progress="done",
        done="Tham mưu bố trí 18,5 tỷ đồng từ ngân sách tỉnh cho các cơ sở giáo dục nghề nghiệp công lập và "
             "hướng dẫn quản lý, sử dụng kinh phí đào tạo nghề cho lao động nông thôn.",
        documents=({"number": "1020/STC-QLNS", "date": "2025-05-20",
                    "excerpt": "hướng dẫn sử dụng kinh phí đào tạo nghề năm 2025"},),
        proposals="Đề nghị Trung ương bổ sung vốn đầu tư công cho Trường Cao đẳng nghề tỉnh.")),
    "so-nn-mt": ("returned", ReportContent(
        progress="late",
        done="Lồng ghép đào tạo nghề cho lao động nông thôn vào Chương trình xây dựng nông thôn mới.",
        difficulties="Thiếu giáo viên dạy nghề nông nghiệp.")),
    "dan-toc": ("submitted", ReportContent(
        progress="in_progress",
        done="Tuyên truyền về giáo dục nghề nghiệp tại 35 xã vùng đồng bào dân tộc thiểu số.")),
}
# The lead's own report on the plan's first task group ("Hoàn thiện thể chế …").
GROUP_REPORT = ReportContent(
    progress="in_progress",
    done="Tham mưu UBND tỉnh ban hành Quyết định quy định chức năng, nhiệm vụ của Sở Giáo dục và Đào tạo về "
         "giáo dục nghề nghiệp sau sắp xếp; rà soát, sắp xếp lại mạng lưới cơ sở giáo dục nghề nghiệp công lập.",
    documents=({"number": "1285/QĐ-UBND", "date": "2025-07-08",
                "excerpt": "chức năng, nhiệm vụ của Sở Giáo dục và Đào tạo"},))
RETURN_COMMENT = "Đề nghị bổ sung số người được đào tạo và văn bản chỉ đạo đã ban hành."


def followup_demo_build(*, out: TextIO, plan: Plan) -> None:
    """Build (once) the demo's assignments, agency accounts and 2025 task reports on the plan."""
    province = orgunit_get(code="20")
    if not TaskAssignment.objects.filter(plan=plan).exists():
        added = assignments_sync(plan=plan, by=None)
        out.write(f"Theo dõi nhiệm vụ {plan.label}: {added} nhiệm vụ được phân công.\n")
    for username, code, full_name in DEMO_AGENCY_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(9)
            user = user_create(username=username, password=password, role=Role.PROVINCE_OFFICER, org_unit=province,
                               full_name=full_name)
            out.write(f"  {username:16} {password:14} {full_name}\n")
        if not AgencyMember.objects.filter(user=user).exists():
            agency_member_add(user=user, agency=Agency.objects.get(code=code), org_unit=province, by=None)
    for code, (state, content) in DEMO_REPORTS.items():
        assignment = (TaskAssignment.objects.filter(plan=plan, agency__code=code, source__isnull=False)
                      .order_by("order").first())
        if assignment is None or TaskReport.objects.filter(assignment=assignment, period=PERIOD).exists():
            continue
        report = taskreport_get_or_create(assignment=assignment, period=PERIOD, by=None)
        report = taskreport_save(report=report, by=None, content=content)
        report = taskreport_submit(report=report, by=None)
        if state == "approved":
            taskreport_approve(report=report, by=None)
        elif state == "returned":
            taskreport_return(report=report, by=None, comment=RETURN_COMMENT)
    group = (TaskAssignment.objects.filter(plan=plan, task_group__isnull=False).order_by("task_group__order")
             .first())
    if group is not None and not TaskReport.objects.filter(assignment=group, period=PERIOD).exists():
        report = taskreport_get_or_create(assignment=group, period=PERIOD, by=None)
        report = taskreport_submit(report=taskreport_save(report=report, by=None, content=GROUP_REPORT), by=None)
        taskreport_approve(report=report, by=None)
    out.write(f"  Báo cáo nhiệm vụ năm {PERIOD}: {TaskReport.objects.filter(assignment__plan=plan).count()}.\n")
