"""Phrasings of Vietnamese plans that the golden documents do not all show, one rule each.

Each case is a short plan in the usual layout with one sentence or heading varied; the rule it
checks is a general one about administrative language, not the wording of one document.
"""

from __future__ import annotations

import pytest

from gdnn.parsing import parse_text
from gdnn.parsing.markers import split_marker
from gdnn.parsing.model import RawDocument
from gdnn.parsing.normalise import join_lines, normalise
from gdnn.parsing.ocr import repair_ocr

PLAN = """ỦY BAN NHÂN DÂN
TỈNH HÀ TĨNH
Số: 77/KH-UBND
Hà Tĩnh, ngày 03 tháng 4 năm 2024
KẾ HOẠCH
Phát triển giáo dục nghề nghiệp năm 2024
Thực hiện Quyết định số 2239/QĐ-TTg ngày 30/12/2021 của Thủ tướng Chính phủ, UBND tỉnh ban hành Kế hoạch như sau:
I. MỤC TIÊU
{targets}
II. TỔ CHỨC THỰC HIỆN
{items}
{end}
"""


def _plan(targets: str = "- Tỷ lệ lao động qua đào tạo đạt 70%.", items: str = "", end: str = "Nơi nhận:\n- Như trên;") -> str:
    return PLAN.format(targets=targets, items=items, end=end)


@pytest.mark.parametrize(
    ("line", "kind", "rest"),
    [
        ("1- Mục tiêu chung", "arabic", "Mục tiêu chung"),
        ("2.1- Đến năm 2025", "decimal", "Đến năm 2025"),
        ("a- Đến năm 2030", "letter", "Đến năm 2030"),
        ("10 - 15% lao động nông thôn", "none", "10 - 15% lao động nông thôn"),
        ("21-CT/TW ngày 04/5/2023", "none", "21-CT/TW ngày 04/5/2023"),
    ],
)
def test_party_numbering_closes_with_a_hyphen_but_a_range_does_not(line: str, kind: str, rest: str) -> None:
    got_kind, _, got_rest = split_marker(line)
    assert (got_kind, got_rest) == (kind, rest)


def test_a_year_compared_with_is_not_the_year_a_target_is_due() -> None:
    draft = parse_text(_plan(targets="- Tuyển sinh giáo dục nghề nghiệp tăng 5% so với năm 2023."))
    assert [(t.value_min, t.year) for t in draft.targets] == [(5, 2024)]


def test_an_average_growth_rate_is_a_target() -> None:
    draft = parse_text(_plan(targets="- Quy mô tuyển sinh tăng bình quân 4%/năm."))
    assert [(t.value_min, t.unit, t.subject) for t in draft.targets] == [(4, "percent", "Quy mô tuyển sinh tăng bình quân")]


@pytest.mark.parametrize("dates", ["15/6 và 15/12", "ngày 15 tháng 6 và ngày 15 tháng 12"])
def test_two_deadlines_six_months_apart_are_a_six_month_and_a_yearly_report(dates: str) -> None:
    items = f"1. Sở Giáo dục và Đào tạo: Chủ trì tổng hợp, báo cáo UBND tỉnh trước {dates} hằng năm."
    draft = parse_text(_plan(items=items))
    assert [(r.frequency, r.to) for r in draft.reporting] == [("6-monthly", "UBND tỉnh"), ("annual", "UBND tỉnh")]
    assert draft.reporting[1].deadline is not None and draft.reporting[1].deadline.endswith("12")


def test_a_party_style_signature_ends_the_last_item() -> None:
    items = "1. Sở Tài chính phối hợp bố trí kinh phí thực hiện Kế hoạch."
    draft = parse_text(_plan(items=items, end="K/T CHỦ TỊCH\nPHÓ CHỦ TỊCH\nLê Văn An"))
    assert [(a.name, a.role) for a in draft.agencies] == [("Sở Tài chính", "cooperate")]


def test_a_closing_paragraph_addressed_to_every_body_is_not_a_duty_of_the_last_item() -> None:
    items = (
        "1. Sở Tài chính: Phối hợp bố trí kinh phí thực hiện Kế hoạch.\n"
        "UBND tỉnh yêu cầu các sở, ngành nghiêm túc triển khai thực hiện; trong quá trình thực hiện, nếu có "
        "khó khăn, vướng mắc kịp thời báo cáo UBND tỉnh (qua Sở Giáo dục và Đào tạo) để xem xét, giải quyết./."
    )
    draft = parse_text(_plan(items=items))
    assert [(a.name, a.role) for a in draft.agencies] == [("Sở Tài chính", "cooperate")]
    assert [(r.who, r.frequency) for r in draft.reporting] == [("các sở, ngành", "ad hoc")]


def test_a_report_sent_to_a_body_names_the_body_not_the_report() -> None:
    items = "1. Các cơ sở giáo dục nghề nghiệp: Định kỳ hằng năm gửi báo cáo kết quả thực hiện về Sở Giáo dục và Đào tạo."
    draft = parse_text(_plan(items=items))
    assert [r.to for r in draft.reporting] == ["Sở Giáo dục và Đào tạo"]


def test_a_capitalised_verb_after_a_body_word_belongs_to_the_name() -> None:
    items = "1. Ủy ban Kiểm tra Tỉnh ủy phối hợp kiểm tra, giám sát việc thực hiện Kế hoạch."
    draft = parse_text(_plan(items=items))
    assert [(a.name, a.role) for a in draft.agencies] == [("Ủy ban Kiểm tra Tỉnh ủy", "cooperate")]


# pdftotext -layout of an official header: the two cells of the header table side by side.
LAYOUT_HEADER = (
    "       ỦY BAN NHÂN DÂN                          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "       HUYỆN ĐÔNG TRIỀU                                Độc lập - Tự do - Hạnh phúc\n"
    "\n"
    "     Số: 12/KH-UBND                             Đông Triều, ngày 02 tháng 02 năm 2023\n"
    "\n"
    "                                    KẾ HOẠCH\n"
    "                   Đào tạo nghề cho lao động nông thôn năm 2023\n"
    "\n"
)


def test_a_header_laid_out_in_two_columns_is_read_column_by_column() -> None:
    body = "        I. MỤC TIÊU\n        - Tỷ lệ lao động qua đào tạo đạt 70%.\n" * 3
    draft = parse_text(LAYOUT_HEADER + body)
    assert (draft.issuer, draft.doc_number, draft.date, draft.place) == (
        "UBND huyện Đông Triều",
        "12/KH-UBND",
        "2023-02-02",
        "Đông Triều",
    )


def test_in_laid_out_text_a_line_at_the_paragraph_indent_starts_a_paragraph() -> None:
    body = (
        "        II. NHIỆM VỤ, GIẢI PHÁP\n"
        "        1. Đẩy mạnh công tác tuyên truyền, nâng cao nhận thức về giáo dục nghề nghiệp\n"
        "        Tổ chức quán triệt sâu rộng nội dung Kế hoạch đến cán bộ, đảng viên, người lao\n"
        "động và Nhân dân; đa dạng hóa hình thức truyền thông về học nghề, lập nghiệp.\n"
        "        2.      Nâng cao chất lượng đội ngũ nhà giáo và cán bộ quản lý giáo dục nghề\n"
        "nghiệp\n"
        "        Bồi dưỡng nhà giáo về kỹ năng nghề, nghiệp vụ sư phạm và kỹ năng số; thu hút\n"
        "chuyên gia tham gia giảng dạy.\n"
        "                                                                    Trang 2/5\n"
        "        III. TỔ CHỨC THỰC HIỆN\n"
    )
    draft = parse_text(LAYOUT_HEADER + body)
    assert [g.text for g in draft.task_groups] == [
        "Đẩy mạnh công tác tuyên truyền, nâng cao nhận thức về giáo dục nghề nghiệp",
        "Nâng cao chất lượng đội ngũ nhà giáo và cán bộ quản lý giáo dục nghề nghiệp",
    ]


def test_a_law_number_keeps_the_national_assembly_term() -> None:
    draft = parse_text(_plan().replace("Thực hiện", "Căn cứ Luật Giáo dục nghề nghiệp số 74/2014/QH13; thực hiện"))
    assert [r.identifier for r in draft.references] == ["74/2014/QH13", "2239/QĐ-TTg"]


@pytest.mark.parametrize(
    "lead",
    [
        "(BĐĐT) - UBND tỉnh Bình Định vừa ban hành Kế hoạch số 123/KH-UBND (ngày 28/3/2023) về phát triển GDNN.",
        "Bình Định - UBND tỉnh Bình Định đã ký ban hành Kế hoạch 123/KH-UBND ngày 28 tháng 3 năm 2023 về GDNN.",
    ],
)
def test_a_news_lead_gives_the_plans_issuer_number_and_date_not_the_articles(lead: str) -> None:
    text = f"Bình Định đào tạo nghề cho lao động\nThứ Tư, 05/04/2023 - 09:12\n{lead}\nMục tiêu đến năm 2025, tỷ lệ lao động qua đào tạo đạt 70%."
    draft = parse_text(text)
    assert (draft.issuer, draft.doc_number, draft.date) == ("UBND tỉnh Bình Định", "123/KH-UBND", "2023-03-28")


def test_a_body_given_a_duty_by_the_issuer_is_the_agency_and_the_reporter() -> None:
    text = (
        "UBND tỉnh Bình Định vừa ban hành Kế hoạch số 123/KH-UBND (ngày 28/3/2023) về phát triển GDNN.\n"
        "UBND tỉnh giao Sở Lao động - Thương binh và Xã hội chủ trì, phối hợp với các sở, ngành triển khai Kế hoạch; "
        "định kỳ hằng năm tổng hợp, báo cáo UBND tỉnh kết quả thực hiện."
    )
    draft = parse_text(text)
    assert [(a.name, a.role) for a in draft.agencies] == [("Sở Lao động - Thương binh và Xã hội", "lead")]
    assert [(r.who, r.frequency, r.to) for r in draft.reporting] == [
        ("Sở Lao động - Thương binh và Xã hội", "annual", "UBND tỉnh")
    ]


def test_a_heading_naming_only_a_horizon_dates_the_targets_under_it() -> None:
    targets = "1. Đến năm 2025\n- Tỷ lệ lao động qua đào tạo đạt 70%.\n2. Định hướng đến năm 2030\n- Tỷ lệ lao động qua đào tạo đạt 75 - 80%."
    draft = parse_text(_plan(targets=targets))
    assert [(t.value_min, t.year) for t in draft.targets] == [(70, 2025), (75, 2030)]


def test_a_figure_for_a_year_before_the_plan_is_a_result_not_a_target() -> None:
    targets = (
        "- Năm 2023, toàn tỉnh đã tuyển sinh 11.500 người; tỷ lệ lao động qua đào tạo đạt 63,2%.\n"
        "- Đến năm 2025, tỷ lệ lao động qua đào tạo đạt 70%."
    )
    draft = parse_text(_plan(targets=targets))
    assert [(t.value_min, t.year) for t in draft.targets] == [(70, 2025)]


def test_a_target_restated_in_the_appendix_table_is_one_target() -> None:
    targets = (
        "- Đến năm 2025, tỷ lệ lao động qua đào tạo đạt 68% (trong đó có bằng cấp, chứng chỉ đạt 28%).\n"
        "PHỤ LỤC\n| TT | Chỉ tiêu | ĐVT | Năm 2024 | Năm 2025 |\n|---|---|---|---|---|\n"
        "| 1 | Tỷ lệ lao động qua đào tạo | % | 66 | 68 |\n"
        "| 2 | Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ | % | 27 | 28 |"
    )
    draft = parse_text(_plan(targets=targets))
    assert sorted((t.year, t.value_min, " | " in t.text) for t in draft.targets) == [
        (2024, 27, True),
        (2024, 66, True),
        (2025, 28, False),
        (2025, 68, False),
    ]
    assert [t.subject for t in draft.targets if t.year == 2025] == [
        "tỷ lệ lao động qua đào tạo",
        "tỷ lệ lao động qua đào tạo bằng cấp, chứng chỉ",
    ]


def test_a_part_that_names_itself_in_full_is_not_prefixed_with_the_whole() -> None:
    targets = "- Tỷ lệ lao động qua đào tạo đạt 80%, trong đó tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ đạt 40%."
    draft = parse_text(_plan(targets=targets))
    assert [t.subject for t in draft.targets] == [
        "Tỷ lệ lao động qua đào tạo",
        "tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ",
    ]


def test_each_period_takes_the_deadline_written_after_it() -> None:
    items = "1. UBND các huyện: Định kỳ 6 tháng (trước ngày 15/6) và hằng năm (trước ngày 15/12) báo cáo kết quả về UBND tỉnh."
    draft = parse_text(_plan(items=items))
    assert [(r.frequency, r.deadline) for r in draft.reporting] == [("6-monthly", "15/6"), ("annual", "15/12")]


@pytest.mark.parametrize("phrase", ["xuống dưới 3%", "không quá 3%"])
def test_an_upper_bound_carries_its_number_like_every_one_sided_target(phrase: str) -> None:
    draft = parse_text(_plan(targets=f"- Tỷ lệ thất nghiệp ở khu vực thành thị giảm {phrase}."))
    assert [(t.comparator, t.value_min, t.value_max) for t in draft.targets] == [("le", 3, 3)]


@pytest.mark.parametrize(
    ("scanned", "repaired"),
    [
        ("Ðào tạo nghề", "Đào tạo nghề"),  # Icelandic Ð (U+00D0) for Đ (U+0110)
        ("định hướng đến nǎm 2030", "định hướng đến năm 2030"),  # caron for breve
        ("Tǎ\u0309ng", "Tẳng"),  # a tone mark on the repaired letter composes with it
        ("chiếm 25 %.", "chiếm 25%."),
        ("- l00% cơ sở", "- 100% cơ sở"),
        ("đạt l0 nghề trong năm 2O25", "đạt 10 nghề trong năm 2025"),
        ("| - Tỷ lệ lao động", "- Tỷ lệ lao động"),
        ("| TT | Chỉ tiêu |", "| TT | Chỉ tiêu |"),  # a table row keeps its rules
        ("giáo dục nghề nghiệ-\np của tỉnh", "giáo dục nghề nghiệp của tỉnh"),
        ("phát triển kinh tế-\nxã hội", "phát triển kinh tế-\nxã hội"),  # two syllables: a real hyphen
        ("Lao động -\nThương binh", "Lao động -\nThương binh"),
        ("Ủy ban nhân dân", "Ủy ban nhân dân"),  # a word with l or I beside no digit is left alone
    ],
)
def test_ocr_noise_that_has_one_reading_is_repaired(scanned: str, repaired: str) -> None:
    assert repair_ocr(scanned) == repaired


def test_a_scanned_plan_reads_like_the_clean_one() -> None:
    scanned = _plan(targets="b) Ðến nǎm 2030\n| - Tỷ lệ lao động qua đào tạo đạt 75 % trở lên.")
    draft = parse_text(scanned)
    assert [(t.value_min, t.comparator, t.year) for t in draft.targets] == [(75, "ge", 2030)]


@pytest.mark.parametrize(
    "targets",
    [
        "- Tỷ lệ lao động qua đào tạo đạt 68% năm 2024 và 70% năm 2025.",
        "- Tỷ lệ lao động qua đào tạo: năm 2024: 68%; năm 2025: 70%.",
        "- Tỷ lệ lao động qua đào tạo năm 2024 là 68%, năm 2025 là 70%.",
        "- Phấn đấu năm 2024 tỷ lệ lao động qua đào tạo đạt 68% và năm 2025 đạt 70%.",
    ],
)
def test_figures_for_several_years_in_one_sentence_each_take_their_own_year(targets: str) -> None:
    draft = parse_text(_plan(targets=targets))
    assert [(t.value_min, t.year) for t in draft.targets] == [(68, 2024), (70, 2025)]


def test_a_year_that_opens_a_figure_is_its_year_not_the_next_figures() -> None:
    targets = "- Đào tạo nghề: năm 2024 tuyển sinh 1.200 người, năm 2025 tuyển sinh 1.300 người."
    draft = parse_text(_plan(targets=targets))
    assert [(t.value_min, t.year) for t in draft.targets] == [(1200, 2024), (1300, 2025)]


def test_a_count_written_with_a_thousands_dot_is_not_a_year() -> None:
    targets = "| TT | Chỉ tiêu | Đơn vị tính | Năm 2025 |\n| 1 | Nhà giáo được bồi dưỡng | người | 2.000 |"
    draft = parse_text(_plan(targets=targets))
    assert [(t.value_min, t.unit, t.year) for t in draft.targets] == [(2000, "persons", 2025)]


DECISION = """ỦY BAN NHÂN DÂN
TỈNH HÀ TĨNH
Số: 1234/QĐ-UBND
Hà Tĩnh, ngày 03 tháng 4 năm 2024
QUYẾT ĐỊNH
Về việc ban hành Kế hoạch phát triển giáo dục nghề nghiệp năm 2024
ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH
Căn cứ Quyết định số 2239/QĐ-TTg ngày 30/12/2021 của Thủ tướng Chính phủ;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch phát triển giáo dục nghề nghiệp năm 2024.
Điều 2. Chánh Văn phòng UBND tỉnh, Giám đốc các Sở: Lao động - Thương binh và Xã hội, Tài chính chịu trách nhiệm thi hành Quyết định này./.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
KẾ HOẠCH
Phát triển giáo dục nghề nghiệp năm 2024
(Ban hành kèm theo Quyết định số 1234/QĐ-UBND ngày 03/4/2024 của UBND tỉnh)
I. MỤC TIÊU
- Tỷ lệ lao động qua đào tạo đạt 70%.
II. TỔ CHỨC THỰC HIỆN
1. Sở Tài chính: Chủ trì bố trí kinh phí thực hiện Kế hoạch.
"""


def test_a_decision_that_issues_a_plan_is_read_as_the_plan_it_carries() -> None:
    draft = parse_text(DECISION)
    assert (draft.title, draft.doc_number) == ("KẾ HOẠCH Phát triển giáo dục nghề nghiệp năm 2024", "1234/QĐ-UBND")
    assert [r.identifier for r in draft.references] == ["2239/QĐ-TTg"]
    assert [(a.name, a.role) for a in draft.agencies] == [("Sở Tài chính", "lead")]


def test_a_hard_wrapped_heading_with_room_left_on_its_line_ends_there() -> None:
    body = "\n".join(
        ["Phát triển giáo dục nghề nghiệp theo hướng mở, linh hoạt, đáp ứng nhu", "cầu của thị trường lao động và doanh nghiệp trên địa bàn tỉnh."] * 6
    )
    text = f"III. NHIỆM VỤ, GIẢI PHÁP\n1. Phát triển đội ngũ nhà giáo và cán bộ quản lý\nBồi dưỡng đội ngũ nhà giáo.\n{body}"
    assert "1. Phát triển đội ngũ nhà giáo và cán bộ quản lý" in normalise(RawDocument("x", text)).text.split("\n")


@pytest.mark.parametrize(
    "targets",
    [
        "- Tỷ lệ lao động qua đào tạo đạt lần lượt 68%, 69% và 70% vào các năm 2024, 2025 và 2026.",
        "- Tỷ lệ lao động qua đào tạo các năm 2024, 2025, 2026 tương ứng là 68%, 69%, 70%.",
    ],
)
def test_figures_listed_respectively_take_the_listed_years_in_order(targets: str) -> None:
    draft = parse_text(_plan(targets=targets))
    assert [(t.value_min, t.year) for t in draft.targets] == [(68, 2024), (69, 2025), (70, 2026)]


def test_a_two_row_table_header_names_its_years_on_the_second_row() -> None:
    targets = (
        "| TT | Chỉ tiêu | ĐVT | Mục tiêu |\n"
        "| TT | Chỉ tiêu | ĐVT | Năm 2025 | Năm 2030 |\n"
        "| 1 | Tỷ lệ lao động qua đào tạo | % | 70 | 75 |"
    )
    draft = parse_text(_plan(targets=targets))
    assert [(t.value_min, t.year) for t in draft.targets] == [(70, 2025), (75, 2030)]


def test_the_attachment_line_under_a_hard_wrapped_title_stays_its_own_line() -> None:
    body = ["Phát triển giáo dục nghề nghiệp theo hướng mở, linh hoạt, đáp ứng nhu", "cầu của thị trường lao động và doanh nghiệp trên địa bàn tỉnh."] * 6
    title = "Thực hiện Chiến lược phát triển giáo dục nghề nghiệp giai đoạn 2021-2030 trên"
    lines = ["KẾ HOẠCH", title, "địa bàn tỉnh Tuyên Quang, tầm nhìn đến năm 2045 trên toàn bộ các huyện", "(Ban hành kèm theo Quyết định số 1234/QĐ-UBND", "ngày 18/8/2022 của UBND tỉnh)", *body]
    joined = join_lines(lines)
    assert joined[1:3] == [f"{title} địa bàn tỉnh Tuyên Quang, tầm nhìn đến năm 2045 trên toàn bộ các huyện", "(Ban hành kèm theo Quyết định số 1234/QĐ-UBND ngày 18/8/2022 của UBND tỉnh)"]


@pytest.mark.parametrize(
    ("header", "issuer", "level"),
    [
        ("HỘI NÔNG DÂN VIỆT NAM\nBCH HỘI NÔNG DÂN TỈNH QUẢNG TRỊ", "BCH Hội nông dân tỉnh Quảng Trị", "province"),
        ("ĐOÀN TNCS HỒ CHÍ MINH\nBCH TỈNH ĐOÀN QUẢNG NGÃI", "BCH Tỉnh đoàn Quảng Ngãi", "province"),
        ("HỘI LIÊN HIỆP PHỤ NỮ VIỆT NAM\nHỘI LHPN TỈNH GIA LAI", "Hội LHPN tỉnh Gia Lai", "province"),
        ("ĐOÀN TNCS HỒ CHÍ MINH\nBAN CHẤP HÀNH ĐOÀN HUYỆN ĐỨC PHỔ", "Ban chấp hành đoàn huyện Đức Phổ", "district"),
        ("ỦY BAN MTTQ VIỆT NAM\nTỈNH QUẢNG NGÃI", "Ủy ban MTTQ Việt Nam tỉnh Quảng Ngãi", "province"),
    ],
)
def test_a_mass_organisation_issues_under_its_national_body_at_the_level_of_its_place(header: str, issuer: str, level: str) -> None:
    draft = parse_text(header + "\n" + _plan().split("\n", 2)[2])
    assert (draft.issuer, draft.level) == (issuer, level)


def test_figures_listed_under_labels_share_the_unit_written_after_the_last() -> None:
    draft = parse_text(_plan(targets="1. Chỉ tiêu tuyển sinh năm 2024: cao đẳng 600, trung cấp 400, sơ cấp 1.000 người."))
    got = [(t.value_min, t.unit, t.subject) for t in draft.targets]
    assert got == [
        (600, "persons", "Chỉ tiêu tuyển sinh cao đẳng"),
        (400, "persons", "Chỉ tiêu tuyển sinh trung cấp"),
        (1000, "persons", "Chỉ tiêu tuyển sinh sơ cấp"),
    ]


def test_an_item_grouping_bodies_gives_one_agency_per_sub_item() -> None:
    items = (
        "1. Các sở, ban, ngành:\n"
        "a) Sở Giáo dục và Đào tạo: Chủ trì triển khai Kế hoạch. Định kỳ hằng năm báo cáo UBND tỉnh.\n"
        "b) Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh: Phối hợp tư vấn học nghề cho người hoàn thành nghĩa vụ.\n"
        "2. UBND các huyện\nTổ chức thực hiện Kế hoạch trên địa bàn."
    )
    draft = parse_text(_plan(items=items))
    assert [(a.name, a.role) for a in draft.agencies] == [
        ("Sở Giáo dục và Đào tạo", "lead"),
        ("Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh", "cooperate"),
        ("UBND các huyện", "mixed"),
    ]
    assert [(r.who, r.frequency) for r in draft.reporting] == [("Sở Giáo dục và Đào tạo", "annual")]


@pytest.mark.parametrize(
    "funding",
    [
        "Tổng kinh phí dự kiến: 12.500 triệu đồng, trong đó: Ngân sách trung ương: 8.000 triệu đồng; "
        "Ngân sách tỉnh: 3.000 triệu đồng; Nguồn xã hội hóa và huy động hợp pháp khác: 1.500 triệu đồng.",
        "Tổng kinh phí dự kiến: 12.500 triệu đồng, cụ thể:\n| TT | Nguồn kinh phí | Số tiền (triệu đồng) |\n|---|---|---|\n"
        "| 1 | Ngân sách trung ương | 8.000 |\n| 2 | Ngân sách tỉnh | 3.000 |\n| 3 | Nguồn xã hội hóa và huy động hợp pháp khác | 1.500 |",
    ],
)
def test_sources_listed_with_their_amounts_are_one_item_each_and_no_target(funding: str) -> None:
    draft = parse_text(_plan(end=f"III. KINH PHÍ THỰC HIỆN\n{funding}\nNơi nhận:\n- Như trên;"))
    assert [f.text.split(":")[0] for f in draft.funding_sources] == [
        "Ngân sách trung ương", "Ngân sách tỉnh", "Nguồn xã hội hóa và huy động hợp pháp khác"
    ]
    assert [t.value_min for t in draft.targets] == [70]


@pytest.mark.parametrize(("due", "frequencies"), [("31/12/2024", ["annual"]), ("31/12/2025", []), ("31/12", [])])
def test_a_report_due_by_a_date_in_the_year_of_issue_is_that_years_report(due: str, frequencies: list[str]) -> None:
    draft = parse_text(_plan(items=f"1. Sở Tài chính\nTổng hợp kết quả, báo cáo UBND tỉnh trước ngày {due}."))
    assert [r.frequency for r in draft.reporting] == frequencies
