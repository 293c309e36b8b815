"""The shared seed plans and gold annotations (../shared beside the repository, or GDNN_SHARED_DIR)."""

from __future__ import annotations

import json
import os
from pathlib import Path

SHARED = Path(os.environ.get("GDNN_SHARED_DIR") or Path(__file__).resolve().parents[1].parent / "shared")
SEEDS = {path.name[:3]: path for path in sorted((SHARED / "seeds").glob("*.txt"))}


def seed(prefix: str) -> Path:
    assert SEEDS, f"seed documents not found under {SHARED}/seeds (set GDNN_SHARED_DIR)"
    return SEEDS[prefix]


def gold(prefix: str) -> dict:
    path = SHARED / "gold" / f"{seed(prefix).stem}.gold.json"
    return json.loads(path.read_text(encoding="utf-8"))


def target_key(year, unit, value_min, value_max, comparator) -> tuple:
    hi = float(value_max) if comparator == "range" and value_max is not None else None
    return (year, unit, float(value_min) if value_min is not None else None, hi)


def expected_indicator(prefix: str, target) -> str:
    """The catalog code a seed target should link to, from the gold annotation of the same target."""
    from tests.parsing.test_seeds import SUBJECT_TO_INDICATOR

    key = target_key(target.year, target.unit, target.value_min, target.value_max, target.comparator)
    for t in gold(prefix)["targets"]:
        if target_key(t["year"], t["unit"], t["value_min"], t["value_max"], t["comparator"]) == key:
            return SUBJECT_TO_INDICATOR[t["subject"]]
    raise AssertionError(f"{prefix}: no gold target for {key}")
