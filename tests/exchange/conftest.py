"""The collection tests' small world, with values entered through the import service as demo data
would be: every cell of the school's half-year form and of the commune's annual form."""

from __future__ import annotations

import pytest

from gdnn.collection.selectors import form_structure
from gdnn.collection.services.imports import datavalues_import
from gdnn.collection.uploads import ImportBatch, ImportRow
from tests.collection.conftest import World, world  # noqa: F401  # the shared world fixture


def _value(value_type: str, i: int) -> str:
    return "1" if value_type == "boolean" else str(i % 90 + 1) if value_type != "number" else f"{i % 90}.25"


def fill(data_set, unit, period, by, *, limit: int | None = None) -> int:
    cells = list(form_structure(data_set=data_set, period=period).cells().values())[:limit]
    rows = [ImportRow(f"ô {i}", unit.code, period.code, c.element, c.key, _value(c.value_type, i))
            for i, c in enumerate(cells)]
    datavalues_import(batch=ImportBatch("api", "test", rows), by=by)
    return len(rows)


@pytest.fixture
def filled(world) -> World:  # noqa: F811
    w = world
    w["cells"] = fill(w.inst, w.school, w.half, w.admin) + fill(w.comm, w.commune, w.year, w.admin)
    return w


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path
