"""Property tests: no input crashes the number parser, the cell checks, the rules or the key parser."""

import contextlib
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdnn.collection.keys import disagg_key, disagg_parse
from gdnn.collection.periods import period_parse
from gdnn.collection.validation import (
    ValueInvalid,
    change_warnings,
    expression_parse,
    rules_load,
    rules_run,
    value_check,
)
from gdnn.common.errors import DomainError
from gdnn.common.vnformat import format_number, parse_number

TYPES = ["count", "number", "percent", "boolean"]
numberish = st.text(alphabet="0123456789.,-+eE \u00a0NaInfity", max_size=30)
anything = st.one_of(st.text(max_size=40), numberish, st.integers(), st.floats(), st.decimals(),
                     st.booleans(), st.none(), st.lists(st.integers(), max_size=2))


@given(st.one_of(st.text(max_size=40), numberish))
def test_parse_number_only_ever_raises_value_error(text):
    try:
        result = parse_number(text)
    except ValueError:
        return
    assert isinstance(result, Decimal)


@given(st.sampled_from(TYPES), anything)
@settings(max_examples=400)
def test_value_check_accepts_or_explains(value_type, raw):
    try:
        value = value_check(value_type, raw)
    except ValueInvalid as exc:
        assert str(exc)  # always a message for the user
        return
    assert value.is_finite()
    if value_type == "count":
        assert value >= 0 and value == value.to_integral_value()
    if value_type == "percent":
        assert 0 <= value <= 100
    if value_type == "boolean":
        assert value in (0, 1)


@given(st.integers(min_value=0, max_value=10**12))
def test_a_formatted_count_reads_back(n):
    assert value_check("count", format_number(n)) == n


@given(st.decimals(min_value=0, max_value=100, places=1, allow_nan=False))
def test_a_formatted_share_reads_back(d):
    assert value_check("percent", format_number(d, 1)) == d


keys = st.dictionaries(st.sampled_from(["sex", "ethnicity", "disability", "training_level"]),
                       st.sampled_from(["male", "female", "kinh", "minority", "yes", "no", "college"]), max_size=4)
values = st.dictionaries(
    st.tuples(st.sampled_from(["ENROLMENT", "GRADUATES", "TEACHERS", "TEACHERS_STANDARD", "LFS_TRAINED_SHARE",
                               "GRADUATES_EMPLOYED_6M", "GRADUATES_SURVEYED_6M", "X"]),
              st.one_of(keys.map(disagg_key), st.text(max_size=12))),
    st.decimals(min_value=-10**6, max_value=10**6, allow_nan=False, places=2), max_size=20,
)


@given(values, values)
@settings(max_examples=200)
def test_rules_and_warnings_never_crash(current, previous):
    for finding in rules_run(current) + change_warnings(current, previous, {}):
        assert finding.severity in ("error", "warning") and finding.message


@given(st.text(max_size=60))
def test_expression_and_key_parsers_only_raise_value_error(text):
    for parse in (expression_parse, disagg_parse):
        with contextlib.suppress(ValueError):
            parse(text)


@given(keys)
def test_a_key_reads_back_whatever_the_order(options):
    assert disagg_parse(disagg_key(options)) == options


@given(st.text(max_size=12))
def test_period_parse_only_raises_domain_errors(text):
    with contextlib.suppress(DomainError):
        period_parse(text)


def test_the_shipped_rules_load():
    codes = {r.code for r in rules_load()}
    assert {"GRADUATES_LE_ENROLMENT", "EMPLOYED_LE_SURVEYED", "TEACHERS_STANDARD_LE_TEACHERS",
            "MANAGERS_TRAINED_LE_MANAGERS", "ENROLMENT_FEMALE_LE_TOTAL", "LFS_SHARE_MAX"} <= codes


@pytest.mark.parametrize(("values", "fails"), [
    ({("TEACHERS", "sex:male"): Decimal(10), ("TEACHERS_STANDARD", "sex:male"): Decimal(11)}, True),
    ({("TEACHERS", "sex:male"): Decimal(10), ("TEACHERS_STANDARD", "sex:female"): Decimal(11)}, False),
    ({("TEACHERS", "sex:male"): Decimal(10), ("TEACHERS_STANDARD", "sex:male"): Decimal(10)}, False),
    ({("MANAGERS", ""): Decimal(2), ("MANAGERS_TRAINED", ""): Decimal(3)}, True),
])
def test_rules_compare_option_by_option(values, fails):
    assert bool([f for f in rules_run(values) if f.severity == "error"]) is fails


def test_a_warning_when_a_total_triples_or_falls_below_a_third():
    prev = {("ENROLMENT", "sex:male"): Decimal(100)}
    assert change_warnings({("ENROLMENT", "sex:male"): Decimal(301)}, prev, {})
    assert change_warnings({("ENROLMENT", "sex:male"): Decimal(33)}, prev, {})
    assert not change_warnings({("ENROLMENT", "sex:male"): Decimal(300)}, prev, {})
    assert not change_warnings({("ENROLMENT", "sex:male"): Decimal(34)}, prev, {})
