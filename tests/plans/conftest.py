import pytest

from gdnn.orgunits.selectors import orgunit_get
from gdnn.plans.services import agency_register_sync, plan_import_document, strategy_plans_load
from tests.seeds import seed


@pytest.fixture
def national(db):
    agency_register_sync()
    return {p.doc_number: p for p in strategy_plans_load()}


@pytest.fixture
def import_seed(db, national):
    def _import(prefix: str, unit_code: str | None = "20"):
        unit = orgunit_get(code=unit_code) if unit_code else None
        return plan_import_document(path=seed(prefix), org_unit=unit)

    return _import
