"""Phrasings of Vietnamese plans that the golden documents do not all show, one rule each.

Each case is a short plan in the usual layout with one sentence or heading varied; the rule it
checks is a general one about administrative language, not the wording of one document.
"""

from __future__ import annotations

import pytest

from gdnn.parsing import parse_text
from gdnn.parsing.markers import split_marker

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
