"""Data sets come from datasets.toml; the sync is idempotent and checks element levels."""

import pytest

from gdnn.collection.models import DataSet, DataSetElement
from gdnn.collection.periods import period_parse
from gdnn.collection.selectors import dataset_get, form_structure
from gdnn.collection.services.datasets import dataset_sync, datasets_definition
from gdnn.common.errors import DomainError

pytestmark = pytest.mark.django_db


def test_sync_is_idempotent_and_ships_the_three_reports():
    first = dataset_sync()
    assert dataset_sync() == first
    assert set(DataSet.objects.values_list("code", flat=True)) >= {"INST_SEMIANNUAL", "COMMUNE_ANNUAL", "PROVINCE_ANNUAL"}
    inst = dataset_get(code="INST_SEMIANNUAL")
    assert {"ADMISSIONS", "ENROLMENT", "GRADUATES", "GRADUATES_EMPLOYED_6M", "TEACHERS_STANDARD", "MANAGERS_TRAINED",
            "KEY_PROGRAMMES_ACCREDITED", "INSTITUTION_ACCREDITED"} <= set(inst.elements.values_list("code", flat=True))


def test_an_element_dropped_from_the_file_leaves_the_set():
    data = datasets_definition()
    dataset_sync(definition=data)
    data["dataset"][2]["elements"] = ["GRAD_THCS"]
    dataset_sync(definition=data)
    assert DataSetElement.objects.filter(data_set__code="PROVINCE_ANNUAL").count() == 1


def test_an_element_of_another_level_is_refused():
    data = datasets_definition()
    data["dataset"][0]["elements"] = ["GRAD_THCS"]
    with pytest.raises(DomainError, match="GRAD_THCS"):
        dataset_sync(definition=data)


def test_the_grid_has_a_row_per_training_level_valid_in_the_period():
    dataset_sync()
    inst = dataset_get(code="INST_SEMIANNUAL")
    before = form_structure(data_set=inst, period=period_parse("2025S2"))
    after = form_structure(data_set=inst, period=period_parse("2026S1"))
    enrol_before = next(s for s in before.sections if s.code == "ENROLMENT")
    enrol_after = next(s for s in after.sections if s.code == "ENROLMENT")
    assert len(enrol_before.rows) == 4 and len(enrol_after.rows) == 5  # trung học nghề from 2026
    assert enrol_after.width == 8  # sex × ethnicity × disability
    assert len(after.cells()) > len(before.cells())
