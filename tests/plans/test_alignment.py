import json
from decimal import Decimal

import pytest

from gdnn.cli import main
from gdnn.plans.alignment import band, verdict
from gdnn.plans.selectors import plan_alignment

D = Decimal


@pytest.mark.parametrize(("parent", "child", "expected"), [
    (("range", 40, 45), ("range", 35, 40), "less_ambitious"),
    (("range", 40, 45), ("eq", 42, 42), "equal"),
    (("range", 40, 45), ("range", 40, 45), "equal"),
    (("eq", 30, 30), ("ge", 30, None), "equal"),
    (("eq", 30, 30), ("gt", 30, None), "more_ambitious"),
    (("eq", 80, 80), ("ge", 95, None), "more_ambitious"),
    (("approx", 70, 70), ("ge", 2, None), "less_ambitious"),
])
def test_verdicts_for_a_higher_is_better_indicator(parent, child, expected):
    p, c = band(parent[0], D(parent[1]), parent[2] and D(parent[2])), band(child[0], D(child[1]), child[2] and D(child[2]))
    assert verdict(parent=p, child=c) == expected


def test_lower_is_better_mirrors_the_verdict():
    assert verdict(parent=(D(10), D(10)), child=(D(8), D(8)), higher_is_better=False) == "more_ambitious"
    assert verdict(parent=(D(10), D(10)), child=(D(12), D(12)), higher_is_better=False) == "less_ambitious"


@pytest.mark.django_db
def test_lang_son_141_is_less_ambitious_than_2239_on_graduates_into_vet(import_seed):
    plan = import_seed("000")
    result = plan_alignment(plan=plan)
    parent = next(p for p in result["parents"] if p["plan"] == "2239/QĐ-TTg")
    assert parent["via"] == "reference"
    row = next(r for r in parent["rows"] if r["indicator"] == "GDNN.GRAD_TO_VET" and r["year"] == 2025)
    assert (row["parent"]["value_min"], row["parent"]["value_max"]) == (40, 45)
    assert (row["child"]["value_min"], row["child"]["value_max"]) == (35, 40)
    assert row["verdict"] == "less_ambitious"
    assert row["reason"] == "Mức của kế hoạch (35 – 40%) thấp hơn mức 40 – 45% của 2239/QĐ-TTg."
    assert {r["verdict"] for r in parent["rows"]} <= {"more_ambitious", "equal", "less_ambitious", "missing",
                                                      "not_comparable", "out_of_period"}
    assert all(r["reason"] for r in parent["rows"])
    # A province's count of schools is not the country's count: no "less ambitious" between them.
    counts = [r for r in parent["rows"] if r["child"] and r["parent"]["unit"] != "percent"]
    assert counts and {r["verdict"] for r in counts} == {"not_comparable"}
    assert all("không so sánh trực tiếp" in r["reason"] for r in counts)


@pytest.mark.django_db
def test_tp_bac_kan_is_aligned_with_the_national_strategy_it_implements(import_seed):
    plan = import_seed("003", unit_code="19")
    result = plan_alignment(plan=plan)
    by_plan = {p["plan"]: p for p in result["parents"]}
    assert by_plan["21-CT/TW"]["via"] == "reference"
    national = by_plan["2239/QĐ-TTg"]
    assert national["via"] == "national_strategy"
    it_2025 = next(r for r in national["rows"] if r["indicator"] == "GDNN.IT_SKILLS" and r["year"] == 2025)
    assert it_2025["child"]["value_min"] == 95 and it_2025["verdict"] == "more_ambitious"
    missing = [r for r in national["rows"] if r["verdict"] == "missing"]
    assert missing and all(r["child"] is None for r in missing)
    # Only a year inside the plan's own period can be missing; the others are outside it.
    first, last = national["child_period"]
    assert all(first <= r["year"] <= last for r in missing)
    outside = [r for r in national["rows"] if r["verdict"] == "out_of_period"]
    assert all(not first <= r["year"] <= last for r in outside)
    # Its separate THCS/THPT targets have no counterpart in 2239's combined figure.
    unmatched = {t["indicator"] for t in national["unmatched_child_targets"]}
    assert "GDNN.GRAD_THCS_TO_VET" in unmatched


@pytest.mark.django_db
def test_plan_align_json_has_the_contract_shape(import_seed, capsys):
    import_seed("000")
    assert main(["plan", "align", "141/kh-ubnd", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"plan", "parents"} and out["plan"] == "141/KH-UBND"
    for parent in out["parents"]:
        assert {"plan", "rows", "unmatched_child_targets"} <= set(parent)
        for row in parent["rows"]:
            assert {"indicator", "year", "parent", "child", "verdict"} <= set(row)
