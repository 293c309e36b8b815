import pytest
from hypothesis import given
from hypothesis import strategies as st

from gdnn.analytics.trajectory import Progress
from gdnn.reports.sentences import ASSESSMENT, change_sentence, target_sentence, value_text

CERT = "Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ"


def sentence(status, actual=37.2, percent=93.0, projected=None, year_met=None, unit="percent", label="≥ 40%",
             name=CERT, year=2025):
    progress = Progress(actual, "2025", 40.0, percent, None, projected, year_met, status)
    return target_sentence(name=name, unit=unit, target_year=year, plan_label=label, progress=progress)


def test_the_example_sentence_of_a_target_behind_its_trajectory():
    assert sentence("behind", year_met=2027) == (
        "Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ đạt 37,2%, bằng 93,0% chỉ tiêu năm 2025 (≥ 40%); "
        "chậm so với tiến độ; nếu giữ tốc độ hiện nay, dự kiến đạt chỉ tiêu vào năm 2027.")


@pytest.mark.parametrize(("status", "kwargs", "ending"), [
    ("achieved", {"percent": 124.0}, "bằng 124,0% chỉ tiêu năm 2025 (≥ 40%); đã đạt chỉ tiêu."),
    ("on_track", {"year_met": 2025}, "; đúng tiến độ, nếu giữ tốc độ hiện nay, dự kiến đạt chỉ tiêu vào năm 2025."),
    ("on_track", {}, "; đúng tiến độ, chưa đủ số liệu để dự báo thời điểm đạt chỉ tiêu."),
    ("at_risk", {"projected": 31.44, "year_met": 2029},
     "; có nguy cơ không đạt chỉ tiêu: nếu giữ tốc độ hiện nay, dự kiến chỉ đạt 31,4% vào năm 2025 và đạt chỉ "
     "tiêu vào năm 2029."),
    ("at_risk", {"projected": 20.0}, ": nếu giữ tốc độ hiện nay, dự kiến chỉ đạt 20,0% vào năm 2025."),
    ("at_risk", {}, "; có nguy cơ không đạt chỉ tiêu (chưa đủ số liệu để dự báo xu hướng)."),
])
def test_every_status_reads_as_a_vietnamese_sentence(status, kwargs, ending):
    assert sentence(status, **kwargs).endswith(ending)


def test_no_data_says_so_with_the_target():
    text = sentence("no_data", actual=None, percent=None, label="35 – 40%")
    assert text == f"{CERT} (chỉ tiêu năm 2025: 35 – 40%): chưa có số liệu."
    assert ASSESSMENT["no_data"] == "Chưa có số liệu"


def test_counts_carry_their_unit_word():
    text = sentence("achieved", actual=2, percent=100.0, unit="institutions", label="≥ 2 cơ sở",
                    name="Số trường chất lượng cao")
    assert text.startswith("Số trường chất lượng cao đạt 2 cơ sở, bằng 100,0% chỉ tiêu năm 2025 (≥ 2 cơ sở)")
    assert value_text(12345, "persons") == "12.345 người"
    assert value_text(None, "persons") == "–"


def test_change_against_the_same_period():
    assert change_sentence(37.2, 35.0, "percent", "cùng kỳ năm 2024") == ", tăng 2,2 điểm % so với cùng kỳ năm 2024"
    assert change_sentence(90, 100, "persons", "năm 2024") == ", giảm 10 người so với năm 2024"
    assert change_sentence(37.2, None, "percent", "năm 2024") == ""


@given(status=st.sampled_from(list(ASSESSMENT)), actual=st.none() | st.floats(-1e9, 1e9),
       percent=st.none() | st.floats(0, 1e6), projected=st.none() | st.floats(-1e9, 1e9),
       year_met=st.none() | st.integers(2000, 2060), unit=st.sampled_from(["percent", "persons", "institutions", "other"]))
def test_no_combination_of_figures_breaks_a_sentence(status, actual, percent, projected, year_met, unit):
    text = sentence(status, actual=actual, percent=percent, projected=projected, year_met=year_met, unit=unit)
    assert text.startswith(CERT) and text.endswith(".") and "None" not in text
