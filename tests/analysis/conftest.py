import datetime as dt

import pytest

from gdnn.accounts.models import Role
from gdnn.analytics.services import analytics_rebuild
from gdnn.orgunits.selectors import orgunit_children, orgunit_get
from tests.analytics.factories import accept_any_coverage, approved_values
from tests.factories import PASSWORD, user_with_role

NOW = dt.date(2026, 1, 1)
CERT = "GDNN.TRAINED_WORKERS_CERT"


@pytest.fixture(autouse=True)
def analytics_dir(settings, tmp_path):
    settings.GDNN_ANALYTICS_DIR = str(tmp_path / "analytics")


def values(cert: float, labour: float) -> dict:
    return {("WORKERS_TRAINED_CERT", "ethnicity:kinh|sex:male"): cert,
            ("LABOUR_FORCE", "ethnicity:kinh|sex:male"): labour}


@pytest.fixture
def two_provinces(import_seed):
    """Lạng Sơn's plan (seed 000); approved figures in two communes of Lạng Sơn (20) and one of
    Thái Nguyên (19, which took the former Bắc Kạn)."""
    plan = import_seed("000")
    lang_son = list(orgunit_children(unit=orgunit_get(code="20", on=NOW), on=NOW))
    thai_nguyen = list(orgunit_children(unit=orgunit_get(code="19", on=NOW), on=NOW))
    for year, cert in {2023: 330, 2024: 372}.items():
        approved_values(lang_son[0], str(year), values(cert, 1000))
    approved_values(lang_son[1], "2024", values(10, 100))
    approved_values(thai_nguyen[0], "2024", values(150, 300))
    accept_any_coverage()
    analytics_rebuild()
    target = next(t for t in plan.targets.select_related("indicator").order_by("order", "pk")
                  if t.indicator and t.indicator.code == CERT)
    return plan, target, lang_son, thai_nguyen


@pytest.fixture
def national_client(client):
    user_with_role("quocgia", Role.VIEWER, None)
    client.login(username="quocgia", password=PASSWORD)
    return client
