from __future__ import annotations

from pathlib import Path

import pytest

from gdnn.demo.seeds import SEEDS_DIR

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS_DIR
