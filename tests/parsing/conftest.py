from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"


def shared_dir() -> Path:
    return Path(os.environ.get("GDNN_SHARED_DIR", REPO.parent / "shared"))


@pytest.fixture
def seeds_dir() -> Path:
    d = shared_dir() / "seeds"
    if not d.is_dir():
        pytest.skip("seed plans not available (set GDNN_SHARED_DIR)")
    return d
