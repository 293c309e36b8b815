import datetime as dt

import pytest

ON = dt.date(2026, 2, 5)
# Share of trained workers with a certificate in two communes of Lạng Sơn (labour force 100 each):
# 20, 23, 25 then 37,2 % for the province as a whole.
CERT = {2022: (19, 21), 2023: (22, 24), 2024: (24, 26), 2025: (40, 34.4)}
KEY = "ethnicity:kinh|sex:male"


@pytest.fixture(autouse=True)
def analytics_dir(settings, tmp_path):
    """Each test gets its own analytics store (as in tests/analytics)."""
    settings.GDNN_ANALYTICS_DIR = str(tmp_path / "analytics")
    settings.DATA_DIR = tmp_path  # report jobs write their files under GDNN_DATA_DIR/jobs
    return tmp_path / "analytics"


@pytest.fixture
def lang_son(import_seed):
    """Plan 141/KH-UBND of Lạng Sơn (code 20) and its province, no data yet."""
    from gdnn.orgunits.selectors import orgunit_get

    return import_seed("000"), orgunit_get(code="20", on=ON)


@pytest.fixture
def seeded(lang_son):
    """The plan with approved certificate data for two communes, 2022-2025; returns (plan, province, communes)."""
    from gdnn.analytics.services import analytics_rebuild
    from gdnn.orgunits.selectors import orgunit_children
    from tests.analytics.factories import accept_any_coverage, approved_values

    plan, province = lang_son
    communes = list(orgunit_children(unit=province, on=ON))[:2]
    for year, values in CERT.items():
        for commune, cert in zip(communes, values, strict=True):
            approved_values(commune, str(year), {("WORKERS_TRAINED_CERT", KEY): cert, ("LABOUR_FORCE", KEY): 100})
    accept_any_coverage()  # two communes of 65: these tests are about values and sentences
    analytics_rebuild()
    return plan, province, communes
