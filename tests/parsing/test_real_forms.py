"""Forms in which officials and the press actually publish plans, one rule each (issue 19).

Every case is an invented text in the style of its class (legal-portal copy, decision opening,
news item), not a copy of a corpus document: the rules are about Vietnamese administrative and
press writing, so they must hold for wording no one has seen yet.
"""

from __future__ import annotations

import pytest

from gdnn.parsing import parse_text

# --- header: legal-portal copies and decisions -------------------------------------------------

PORTAL = """Quyết định 415/QĐ-UBND năm 2024 về Kế hoạch đào tạo nghề tỉnh Sơn La
Số hiệu: 415/QĐ-UBND Loại văn bản: Quyết định
Nơi ban hành: Tỉnh Sơn La Người ký: Nguyễn Văn A
Ngày ban hành: 11/03/2024 Ngày hiệu lực: Đang cập nhật
Tình trạng: Đã biết

ỦY BAN NHÂN DÂN
TỈNH SƠN LA

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 415/QĐ-UBND

Sơn La, ngày 11 tháng 3 năm 2024

QUYẾT ĐỊNH

BAN HÀNH KẾ HOẠCH ĐÀO TẠO NGHỀ CHO LAO ĐỘNG NÔNG THÔN NĂM 2024

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH

Căn cứ Quyết định số 46/2015/QĐ-TTg ngày 28/9/2015 của Thủ tướng Chính phủ;
"""


def test_a_portal_metadata_table_is_not_the_header_and_not_a_reference() -> None:
    draft = parse_text(PORTAL)
    assert (draft.doc_number, draft.date) == ("415/QĐ-UBND", "2024-03-11")
    assert [r.identifier for r in draft.references] == ["46/2015/QĐ-TTg"]


def test_a_decision_signed_by_the_chairman_is_issued_by_the_chairman_of_the_header_body() -> None:
    draft = parse_text(PORTAL)
    assert (draft.issuer, draft.level) == ("Chủ tịch UBND tỉnh Sơn La", "province")
    assert draft.title == "QUYẾT ĐỊNH BAN HÀNH KẾ HOẠCH ĐÀO TẠO NGHỀ CHO LAO ĐỘNG NÔNG THÔN NĂM 2024"


def test_a_portal_table_alone_gives_the_header_fields() -> None:
    text = (
        "Số hiệu: 88/KH-UBND Loại văn bản: Kế hoạch\n"
        "Cơ quan ban hành: UBND tỉnh Phú Thọ Người ký: Trần Văn B\n"
        "Ngày ban hành: 02/05/2023 Tình trạng: Còn hiệu lực\n\n"
        "Thực hiện chương trình đào tạo nghề, tỉnh phấn đấu năm 2023 tuyển sinh 9.000 người.\n"
    )
    draft = parse_text(text)
    assert (draft.issuer, draft.doc_number, draft.date) == ("UBND tỉnh Phú Thọ", "88/KH-UBND", "2023-05-02")


def test_a_two_column_header_flattened_with_pipes_takes_the_issuer_from_the_authority_line() -> None:
    text = (
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "Số: 210/QĐ-UBND | Yên Bái, ngày 05 tháng 6 năm 2021 |\n"
        "VỀ VIỆC PHÊ DUYỆT ĐỀ ÁN ĐÀO TẠO NGHỀ\n"
        "ỦY BAN NHÂN DÂN TỈNH YÊN BÁI\n"
        "Căn cứ Luật Giáo dục nghề nghiệp ngày 27/11/2014;\n"
    )
    draft = parse_text(text + "QUYẾT ĐỊNH:\nĐiều 1. Phê duyệt Đề án.\n")
    assert (draft.issuer, draft.doc_number, draft.date) == ("UBND tỉnh Yên Bái", "210/QĐ-UBND", "2021-06-05")
    assert draft.title is None  # "QUYẾT ĐỊNH:" after the preamble opens the articles, it is no title


def test_a_body_that_shares_its_line_with_the_national_motto_is_still_the_issuer() -> None:
    text = (
        "ỦY BAN NHÂN DÂN TỈNH TRÀ VINH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n"
        "Số: 31/KH-UBND\n"
        "Trà Vinh, ngày 09 tháng 02 năm 2022\n"
        "KẾ HOẠCH\n"
        "Đào tạo nghề năm 2022\n"
    )
    assert parse_text(text).issuer == "UBND tỉnh Trà Vinh"


def test_a_two_column_header_read_line_by_line_keeps_the_body_and_its_place_together() -> None:
    text = (
        "ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH QUẢNG TRỊ                      Độc lập - Tự do - Hạnh phúc\n"
        "Số: 12/KH-UBND                      Quảng Trị, ngày 5 tháng 3 năm 2024\n"
        "KẾ HOẠCH\nĐào tạo nghề năm 2024\n"
    )
    assert parse_text(text).issuer == "UBND tỉnh Quảng Trị"


def test_a_minister_and_the_prime_minister_issue_at_central_level() -> None:
    minister = (
        "BỘ LAO ĐỘNG |\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 77/QĐ-BLĐTBXH |\nHà Nội, ngày 3 tháng 1 năm 2020 |\n"
        "QUYẾT ĐỊNH\nVỀ VIỆC BAN HÀNH KẾ HOẠCH TUYỂN SINH\nBỘ TRƯỞNG BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\n"
        "Căn cứ Nghị định số 14/2017/NĐ-CP ngày 17/02/2017 của Chính phủ;\n"
    )
    draft = parse_text(minister)
    assert draft.issuer is not None and draft.issuer.startswith("Bộ trưởng Bộ Lao động")
    assert draft.level == "central"


def test_a_portal_headline_repeating_type_and_number_is_not_the_title() -> None:
    text = (
        "QUYẾT ĐỊNH 19/QĐ-UBND NGÀY 04/01/2022 PHÊ DUYỆT KẾ HOẠCH ĐÀO TẠO NGHỀ\n"
        "ỦY BAN NHÂN DÂN TỈNH BẮC NINH |\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 19/QĐ-UBND |\n"
        "Bắc Ninh, ngày 04 tháng 01 năm 2022 |\nQUYẾT ĐỊNH\nVỀ VIỆC PHÊ DUYỆT KẾ HOẠCH ĐÀO TẠO NGHỀ NĂM 2022\n"
    )
    draft = parse_text(text)
    assert draft.title is not None and draft.title.startswith("QUYẾT ĐỊNH VỀ VIỆC")
    assert (draft.issuer, draft.doc_number) == ("UBND tỉnh Bắc Ninh", "19/QĐ-UBND")


# --- header: news and portal summaries -----------------------------------------------------------


@pytest.mark.parametrize(
    ("lead", "issuer", "number", "date"),
    [
        (
            "Theo Kế hoạch số 52/KH-UBND, ngày 14/5/2024 của UBND tỉnh Hà Nam, tỉnh phấn đấu tuyển sinh 12.000 người.",
            "UBND tỉnh Hà Nam",
            "52/KH-UBND",
            "2024-05-14",
        ),
        (
            "Ngày 02/3/2021, Thủ tướng ban hành Quyết định 330/QĐ-TTg phê duyệt đề án đào tạo nghề.",
            "Thủ tướng Chính phủ",
            "330/QĐ-TTg",
            "2021-03-02",
        ),
        ("Huyện ủy Mai Sơn vừa ban hành Kế hoạch số 41 về đào tạo nghề cho thanh niên.", "Huyện ủy Mai Sơn", "41", None),
    ],
)
def test_a_news_lead_names_issuer_number_and_date(lead: str, issuer: str, number: str, date: str | None) -> None:
    draft = parse_text(lead + "\n")
    assert (draft.issuer, draft.doc_number, draft.date) == (issuer, number, date)


def test_a_province_that_sets_targets_issues_them_one_that_only_strives_does_not() -> None:
    assert parse_text("Thái Bình đặt chỉ tiêu đào tạo nghề cho 8.000 lao động năm 2024.\n").issuer == "tỉnh Thái Bình"
    assert parse_text("Năm 2024, Thái Bình phấn đấu đào tạo nghề cho 8.000 lao động.\n").issuer is None


def test_a_headline_place_is_the_issuer_when_the_body_names_its_unit() -> None:
    text = "Mường Lát: 200 lao động được học nghề\nNăm 2025, huyện Mường Lát mở 10 lớp dạy nghề cho 200 lao động.\n"
    draft = parse_text(text)
    assert (draft.issuer, draft.level) == ("huyện Mường Lát", "district")


def test_an_issuer_without_its_place_is_completed_from_the_text_or_flagged() -> None:
    named = parse_text("Bến Tre tăng cường đào tạo nghề\nUBND tỉnh ban hành Kế hoạch đào tạo nghề năm 2024 trên địa bàn Bến Tre.\n")
    assert named.issuer == "UBND tỉnh Bến Tre"
    unnamed = parse_text("Đào tạo nghề năm 2024\nUBND tỉnh ban hành Kế hoạch đào tạo nghề năm 2024.\n")
    assert unnamed.issuer == "UBND tỉnh"
    assert any("thiếu tên địa phương" in w for w in unnamed.warnings)


# --- page furniture ----------------------------------------------------------------------------


def test_site_chrome_and_sidebars_do_not_leak() -> None:
    text = (
        "Cao Bằng tuyển sinh 5.000 người học nghề\n"
        "Thứ Ba, 12/03/2024 - 08:15\n"
        "UBND tỉnh Cao Bằng vừa ban hành Kế hoạch số 600/KH-UBND, phấn đấu năm 2024 tuyển sinh 5.000 người.\n"
        "Chia sẻ bài viết 1,204\n"
        "TIN LIÊN QUAN\n"
        "• 09:00 | 11/03/2024 Nghị định 12/2024/NĐ-CP về tiền lương\n"
    )
    draft = parse_text(text)
    assert draft.date is None
    assert [r.identifier for r in draft.references] == []
    assert "TIN LIÊN QUAN" not in draft.text and "08:15" not in draft.text


# --- years from the passage ---------------------------------------------------------------------


def test_a_year_set_before_the_first_figure_dates_the_sentences_after_it() -> None:
    text = (
        "Năm 2026, xã Tân Lập dành 200 triệu đồng cho đào tạo nghề. Kinh phí này nhằm đạt chỉ tiêu 150 lao động "
        "được học nghề. Ngoài ra, tỷ lệ lao động qua đào tạo đạt 55%.\n"
    )
    assert sorted((t.value_min, t.year) for t in parse_text(text).targets) == [(55, 2026), (150, 2026)]


def test_a_deadline_after_a_figure_dates_that_figure_only() -> None:
    text = "Nâng tỷ lệ đào tạo chất lượng cao lên 40% vào năm 2027. Quy mô đào tạo liên kết đạt khoảng 15%.\n"
    draft = parse_text(text)
    assert sorted((t.value_min, t.year) for t in draft.targets) == [(15, None), (40, 2027)]
    assert [w for w in draft.warnings if w.startswith("chỉ tiêu chưa rõ năm")] == [
        "chỉ tiêu chưa rõ năm (dòng 1): Quy mô đào tạo liên kết"
    ]


def test_a_year_a_figure_is_compared_with_is_not_its_year_even_after_a_noun() -> None:
    text = "Năm 2025, tuyển sinh 30.000 người, tăng 8% so với kế hoạch năm 2024.\n"
    assert sorted((t.value_min, t.year) for t in parse_text(text).targets) == [(8, 2025), (30000, 2025)]


def test_a_headline_names_the_period_and_restates_a_figure_once() -> None:
    text = (
        "Phấn đấu năm 2025 tuyển sinh gần 1,3 triệu người\n"
        "Bộ đặt mục tiêu tuyển sinh 1.280.000 người, trong đó trình độ cao đẳng 300.000 người.\n"
    )
    got = sorted((t.value_min, t.year) for t in parse_text(text).targets)
    assert got == [(300000, 2025), (1280000, 2025)]


def test_a_caption_restating_the_body_is_counted_once_but_a_list_line_without_bullet_is_read() -> None:
    text = (
        "Trong đó, hỗ trợ học nghề cho 4.300 lao động nông thôn.\n"
        "Đắk Nông hỗ trợ học nghề cho 4.300 lao động giai đoạn 2024-2025\n"
        "Tỷ lệ lao động qua đào tạo đạt 66%\n"
    )
    got = sorted((t.value_min, t.year) for t in parse_text("Tuyển sinh học nghề\nPhấn đấu như sau.\n" + text).targets)
    assert got == [(66, 2025), (4300, 2025)]


def test_a_period_with_two_ends_dates_a_yearly_figure_for_both() -> None:
    text = "Giai đoạn 2021 - 2025 và đến năm 2030, huyện đặt mục tiêu đào tạo bình quân hằng năm 300 người.\n"
    got = sorted((t.value_min, t.year, t.kind) for t in parse_text(text).targets)
    assert got == [(300, 2025, "per_year"), (300, 2030, "per_year")]


def test_a_lost_space_after_a_full_stop_still_ends_the_sentence() -> None:
    text = "Đến năm 2025, tỷ lệ lao động qua đào tạo đạt 70%.Đến năm 2030, tỷ lệ này đạt 80%.\n"
    assert sorted((t.value_min, t.year) for t in parse_text(text).targets) == [(70, 2025), (80, 2030)]


# --- what is not a target -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Theo báo cáo, năm 2023 toàn tỉnh có 40 cơ sở, trong đó 5 trường cao đẳng, 11 trường trung cấp, 24 trung tâm.",
        "Đến nay, toàn tỉnh có 31 cơ sở giáo dục nghề nghiệp, gồm 4 trường cao đẳng và 27 trung tâm.",
        "Trong 9 tháng năm 2024, toàn tỉnh tuyển sinh 7.200 người, đạt 80% kế hoạch.",
        "Trong quý II, toàn tỉnh tuyển sinh hơn 3.000 người.",
        "Theo thống kê, dân số tăng bình quân 1,2%/năm.",
    ],
)
def test_results_reports_and_forecasts_are_not_targets(sentence: str) -> None:
    assert parse_text("Phấn đấu năm 2025 tuyển sinh 20.000 người.\n" + sentence + "\n").targets[1:] == []


@pytest.mark.parametrize(
    "sentence",
    ["Kế hoạch đề ra 15 chỉ tiêu và 6 nhóm nhiệm vụ, giải pháp.", "Đề án gồm 4 mục tiêu cụ thể, 18 chỉ tiêu."],
)
def test_a_plan_counting_its_own_parts_states_no_target(sentence: str) -> None:
    draft = parse_text("Năm 2025 giao 700 chỉ tiêu đào tạo cao đẳng.\n" + sentence + "\n")
    assert [(t.value_min, t.unit) for t in draft.targets] == [(700, "persons")]


def test_a_share_of_a_plan_is_a_ratio_not_a_target() -> None:
    draft = parse_text("Năm 2025 phấn đấu tuyển sinh 40.000 người, đạt 108% so với kế hoạch năm 2024.\n")
    assert [(t.value_min, t.unit) for t in draft.targets] == [(40000, "persons")]


def test_in_an_undated_item_a_result_for_an_earlier_year_is_not_a_target() -> None:
    text = "Phấn đấu đến cuối năm 2026, tỷ lệ lao động qua đào tạo đạt 60%. Năm 2025, tỉnh đào tạo nghề cho 3.100 người.\n"
    assert [(t.value_min, t.year) for t in parse_text(text).targets] == [(60, 2026)]


def test_trained_workers_are_not_a_past_result() -> None:
    text = "Đến năm 2025, tỷ lệ lao động đã qua đào tạo có việc làm đạt 82%.\n"
    assert [(t.value_min, t.year) for t in parse_text(text).targets] == [(82, 2025)]


# --- values -------------------------------------------------------------------------------------


def test_number_words_fractions_abbreviations_and_labels() -> None:
    text = (
        "Đến năm 2030, tuyển sinh đạt 1,2 triệu người mỗi năm; giảm hơn 1/2 số trung tâm; "
        "tuyển mới CĐN 900 học viên, TCN 2.100 học viên; có 45 cơ sở, trong đó cơ sở công lập 30, cơ sở tư thục 15. "
        "Kinh phí dự kiến 300 triệu đồng.\n"
    )
    got = {(t.value_min, t.unit, t.comparator) for t in parse_text(text).targets}
    assert {(1200000, "persons", "eq"), (0.5, "other", "gt"), (900, "persons", "eq"), (2100, "persons", "eq")} <= got
    assert {(30, "institutions", "eq"), (15, "institutions", "eq")} <= got
    assert not any(v == 300 for v, _, _ in got)


@pytest.mark.parametrize(
    ("sentence", "comparator"),
    [
        ("Đến năm 2027, tối thiểu bình quân toàn tỉnh giảm 12% số trung tâm.", "ge"),
        ("Đến năm 2027, giảm tối thiểu bình quân toàn tỉnh 12% số trung tâm.", "ge"),
        ("Đến năm 2027, tối đa mỗi huyện giữ 12% số lớp ghép.", "le"),
        ("Đến năm 2027, từ nay giảm 12% số trung tâm.", "eq"),
    ],
)
def test_a_bound_a_few_words_before_its_figure_still_bounds_it(sentence: str, comparator: str) -> None:
    assert [t.comparator for t in parse_text(sentence + "\n").targets] == [comparator]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Năm 2026 giải quyết việc làm cho 1.500 lao động/năm.", "per_year"),
        ("Hằng năm tuyển sinh, đào tạo cho 2.000 người.", "per_year"),
        ("Đào tạo nghề cho 6.000 người trong giai đoạn 2026 - 2030.", "period_total"),
        ("Đến năm 2030, tỷ lệ lao động qua đào tạo đạt 75%.", "point"),
    ],
)
def test_each_target_records_what_it_measures_over_time(sentence: str, kind: str) -> None:
    assert [t.kind for t in parse_text(sentence + "\n").targets] == [kind]
