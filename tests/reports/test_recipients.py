import datetime as dt
from types import SimpleNamespace

import pytest

from gdnn.plans.agency_register import recipients_parse
from gdnn.reports.recipients import duty_for, recipient_list


@pytest.mark.parametrize(("text", "names"), [
    ("Thủ tướng Chính phủ, Bộ Lao động - Thương binh và Xã hội",
     ["Thủ tướng Chính phủ", "Bộ Lao động - Thương binh và Xã hội"]),
    ("Sở Lao động - Thương binh và Xã hội tổng hợp, báo cáo Ủy ban nhân dân tỉnh",
     ["Sở Lao động - Thương binh và Xã hội", "Ủy ban nhân dân tỉnh"]),
    ("UBND tỉnh (qua Sở Lao động - Thương binh và Xã hội)", ["UBND tỉnh"]),
    ("Phòng Lao động, Thương binh, Xã hội – Dân tộc huyện", ["Phòng Lao động, Thương binh, Xã hội – Dân tộc huyện"]),
    ("", []),
])
def test_recipients_are_cut_where_agency_names_begin(text, names):
    assert recipients_parse(text) == names


def test_recipients_get_todays_names_and_never_the_issuer():
    duty = SimpleNamespace(who="Các cơ sở giáo dục nghề nghiệp", frequency="annual",
                           to="Sở Lao động - Thương binh và Xã hội tổng hợp, báo cáo UBND tỉnh")
    assert recipient_list(duty, fallback=["X"], on=dt.date(2026, 1, 5), issuer="Trường Cao đẳng A") == [
        "Sở Giáo dục và Đào tạo", "UBND tỉnh", "Lưu: VT"]
    assert recipient_list(duty, fallback=["X"], on=dt.date(2024, 1, 5), issuer="Ủy ban nhân dân tỉnh Lạng Sơn") == [
        "Sở Lao động - Thương binh và Xã hội", "Lưu: VT"]
    assert recipient_list(None, fallback=["Bộ Giáo dục và Đào tạo"], on=dt.date(2026, 1, 5), issuer="x") == [
        "Bộ Giáo dục và Đào tạo", "Lưu: VT"]


def test_the_duty_a_unit_owes_depends_on_its_level():
    duties = [SimpleNamespace(who="Sở Lao động - Thương binh và Xã hội", frequency="5-year", to="Thủ tướng Chính phủ"),
              SimpleNamespace(who="UBND các huyện, thành phố", frequency="5-year", to="Sở Lao động"),
              SimpleNamespace(who="UBND các xã", frequency="annual", to="UBND huyện"),
              SimpleNamespace(who="Các cơ sở giáo dục nghề nghiệp", frequency="annual", to="Sở Lao động")]
    assert duty_for(duties, kind="5-year", level="province") is duties[0]
    assert duty_for(duties, kind="annual", level="commune") is duties[2]
    assert duty_for(duties, kind="annual", level="institution") is duties[3]
    assert duty_for(duties, kind="6-monthly", level="province") is None
