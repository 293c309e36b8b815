import pytest

from gdnn.indicators.catalog import load_catalog
from gdnn.indicators.formulas import load_element_catalog
from gdnn.indicators.models import DataElement, EthnicGroup, Indicator
from gdnn.indicators.services import indicator_catalog_sync


def test_every_catalog_indicator_has_a_formula_over_known_elements_and_options():
    elements, catalog = load_element_catalog(), load_catalog()
    assert {i.code for i in catalog.indicators} == set(elements.formulas)
    for formula in elements.formulas.values():
        for term in (*formula.numerator, *formula.denominator):
            element = elements.elements[term.element]
            for category, options in term.filter:
                assert category in element.categories, (formula.indicator, term)
                known = {o.code for o in elements.categories[category].options}
                assert set(options) <= known, (formula.indicator, term)


def test_element_categories_exist_and_units_agree_with_formulas():
    elements, catalog = load_element_catalog(), load_catalog()
    for element in elements.elements.values():
        assert set(element.categories) <= set(elements.categories), element.code
    for indicator in catalog.indicators:
        formula = elements.formulas[indicator.code]
        assert (indicator.unit == "percent") == (formula.factor == 100 and formula.is_ratio), indicator.code


def test_the_2239_coverage_is_in_the_catalog():
    codes = {i.code for i in load_catalog().indicators}
    for needed in ("GDNN.GRAD_TO_VET", "GDNN.FEMALE_ADMISSION_SHARE", "GDNN.TRAINED_WORKERS_CERT", "GDNN.IT_SKILLS",
                   "GDNN.HIGH_QUALITY_INSTITUTIONS", "GDNN.KEY_OCCUPATIONS", "GDNN.ETHNIC_MINORITY_TRAINED"):
        assert needed in codes


@pytest.mark.django_db
def test_sync_loads_the_catalog_once_and_keeps_code_lists_apart():
    first = indicator_catalog_sync()
    second = indicator_catalog_sync()
    assert first == second
    assert first["indicators"] == len(load_catalog().indicators)
    assert EthnicGroup.objects.get(codelist="TCTK-1979", code="04").name == "Hoa"
    assert EthnicGroup.objects.get(codelist="TCTK-2008", code="04").name == "Mường"
    assert EthnicGroup.objects.filter(codelist="TCTK-1979").count() == 54
    admissions = DataElement.objects.get(code="ADMISSIONS")
    assert admissions.categories == ["training_level", "sex", "ethnicity", "disability"]
    female = Indicator.objects.get(code="GDNN.FEMALE_ADMISSION_SHARE")
    assert female.numerator == [{"element": "ADMISSIONS", "filter": {"sex": ["female"]}}]
