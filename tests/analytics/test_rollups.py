"""Roll-ups over the hierarchy equal brute-force sums over leaf data, in both hierarchies."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdnn.analytics.selectors import breakdown, child_ranking, element_value, indicator_value
from gdnn.analytics.services import analytics_rebuild
from gdnn.collection.models import DataValue, Submission
from gdnn.indicators.models import DataElement, Indicator
from gdnn.orgunits.models import Institution, OrgUnitSuccession
from gdnn.orgunits.selectors import orgunit_children, orgunit_get
from gdnn.orgunits.services import institution_create
from tests.analytics.factories import approved_values

pytestmark = pytest.mark.django_db
NOW, THEN = dt.date(2026, 1, 1), dt.date(2023, 6, 30)


def lang_son_communes():
    return list(orgunit_children(unit=orgunit_get(code="20", on=NOW), on=NOW))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 64), st.integers(0, 5000)), min_size=1, max_size=25, unique_by=lambda x: x[0]))
def test_commune_figures_roll_up_to_their_province_in_both_hierarchies(data):
    DataValue.objects.all().delete()  # hypothesis runs every example in one test transaction
    Submission.objects.all().delete()
    communes = lang_son_communes()
    for index, value in data:
        approved_values(communes[index], "2024", {("LABOUR_FORCE", "ethnicity:kinh|sex:male"): value})
    analytics_rebuild()
    element = DataElement.objects.get(code="LABOUR_FORCE")
    expected = sum(v for _, v in data)
    assert element_value(element=element, unit=orgunit_get(code="20", on=NOW), period="2024") == pytest.approx(expected)
    # Lạng Sơn was not merged: the same leaf data over its pre-2025 units agrees.
    assert element_value(element=element, unit=orgunit_get(code="20", on=THEN), period="2024") == pytest.approx(expected)
    districts = list(orgunit_children(unit=orgunit_get(code="20", on=THEN), on=THEN))
    by_district = sum(element_value(element=element, unit=d, period="2024") or 0 for d in districts)
    assert by_district == pytest.approx(expected)


def test_old_commune_data_lands_in_the_successors_of_a_split_commune():
    split = OrgUnitSuccession.objects.filter(kind="split").select_related("predecessor").first().predecessor
    approved_values(split, "2022", {("LABOUR_FORCE", "ethnicity:kinh|sex:female"): 900})
    analytics_rebuild()
    element = DataElement.objects.get(code="LABOUR_FORCE")
    successors = [s.successor for s in OrgUnitSuccession.objects.filter(predecessor=split)]
    parts = [element_value(element=element, unit=u, period="2022") for u in successors]
    assert all(p and p > 0 for p in parts)
    assert sum(parts) == pytest.approx(900)
    assert element_value(element=element, unit=split, period="2022") == pytest.approx(900)


def test_bac_kan_figures_roll_up_into_thai_nguyen():
    bac_kan_commune = orgunit_children(unit=orgunit_get(code="058", on=THEN), on=THEN).first()
    approved_values(bac_kan_commune, "2023", {("WORKERS_TRAINED", "ethnicity:minority|sex:male"): 120})
    analytics_rebuild()
    element = DataElement.objects.get(code="WORKERS_TRAINED")
    assert element_value(element=element, unit=orgunit_get(code="19", on=NOW), period="2023") == pytest.approx(120)
    assert element_value(element=element, unit=orgunit_get(code="06", on=THEN), period="2023") == pytest.approx(120)


def test_an_indicator_is_numerator_over_denominator_and_no_denominator_is_no_data():
    commune = lang_son_communes()[0]
    approved_values(commune, "2024", {("WORKERS_TRAINED_CERT", "ethnicity:kinh|sex:male"): 30,
                                      ("WORKERS_TRAINED_CERT", "ethnicity:minority|sex:female"): 45,
                                      ("LABOUR_FORCE", "ethnicity:kinh|sex:male"): 100,
                                      ("LABOUR_FORCE", "ethnicity:minority|sex:female"): 150})
    other = lang_son_communes()[1]
    approved_values(other, "2024", {("WORKERS_TRAINED_CERT", "ethnicity:kinh|sex:male"): 10})
    analytics_rebuild()
    cert = Indicator.objects.get(code="GDNN.TRAINED_WORKERS_CERT")
    minority = Indicator.objects.get(code="GDNN.ETHNIC_MINORITY_TRAINED")
    assert indicator_value(indicator=cert, unit=commune, period="2024").value == pytest.approx(75 / 250 * 100)
    assert indicator_value(indicator=cert, unit=other, period="2024").value is None
    assert indicator_value(indicator=minority, unit=commune, period="2024").value is None  # no WORKERS_TRAINED
    province = indicator_value(indicator=cert, unit=orgunit_get(code="20", on=NOW), period="2024")
    assert (province.numerator, province.denominator) == (85, 250)


def test_halves_make_a_year_as_flows_or_stocks():
    college = institution_create(code="CD-TEST", name="Trường CĐ thử", commune=lang_son_communes()[0],
                                 institution_type=Institution.Type.COLLEGE, ownership=Institution.Ownership.PUBLIC)
    key = "disability:no|ethnicity:kinh|sex:female|training_level:college"
    approved_values(college, "2025S1", {("ADMISSIONS", key): 100, ("TEACHERS", "sex:female"): 40})
    approved_values(college, "2025S2", {("ADMISSIONS", key): 60, ("TEACHERS", "sex:female"): 44})
    analytics_rebuild()
    adm, teachers = DataElement.objects.get(code="ADMISSIONS"), DataElement.objects.get(code="TEACHERS")
    assert element_value(element=adm, unit=college, period="2025") == 160
    assert element_value(element=teachers, unit=college, period="2025") == 44
    assert element_value(element=adm, unit=college, period="2025S1") == 100
    assert breakdown(element=adm, unit=college, period="2025", category="sex") == {"female": 160}
    assert element_value(element=adm, unit=college, period="2025", filter={"sex": "male"}) is None


def test_child_ranking_puts_laggards_first():
    communes = lang_son_communes()[:3]
    for commune, (cert, labour) in zip(communes, [(50, 100), (10, 100), (30, 100)], strict=True):
        approved_values(commune, "2024", {("WORKERS_TRAINED_CERT", "ethnicity:kinh|sex:male"): cert,
                                          ("LABOUR_FORCE", "ethnicity:kinh|sex:male"): labour})
    analytics_rebuild()
    ranking = child_ranking(indicator=Indicator.objects.get(code="GDNN.TRAINED_WORKERS_CERT"),
                            unit=orgunit_get(code="20", on=NOW), period="2024")
    assert [v for _, v in ranking] == [10, 30, 50]
    assert ranking[0][0] == communes[1]
