"""The seed plans (shipped in gdnn.demo.seeds) and their gold annotations (tests/fixtures/gold)."""

from __future__ import annotations

import json
from pathlib import Path

from gdnn.demo.seeds import SEEDS_DIR, seed_paths

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLD_DIR = FIXTURES / "gold"
CORPUS_DIR = FIXTURES / "corpus" / "real"
SEEDS = seed_paths()


def seed(prefix: str) -> Path:
    assert SEEDS, f"seed documents not found under {SEEDS_DIR}"
    return SEEDS[prefix]


def gold(prefix: str) -> dict:
    path = GOLD_DIR / f"{seed(prefix).stem}.gold.json"
    return json.loads(path.read_text(encoding="utf-8"))


def target_key(year, unit, value_min, value_max, comparator) -> tuple:
    hi = float(value_max) if comparator == "range" and value_max is not None else None
    return (year, unit, float(value_min) if value_min is not None else None, hi)


def expected_indicator(prefix: str, target) -> str:
    """The catalog code a seed target should link to, from the gold annotation of the same target."""
    from tests.parsing.test_seeds import SUBJECT_TO_INDICATOR

    key = target_key(target.year, target.unit, target.value_min, target.value_max, target.comparator)
    same_key = [t for t in gold(prefix)["targets"]
                if target_key(t["year"], t["unit"], t["value_min"], t["value_max"], t["comparator"]) == key]
    # Several targets of one sentence can share year, unit and value: the sentence decides then.
    codes = {SUBJECT_TO_INDICATOR[t["subject"]] for t in same_key}
    if len(codes) > 1:
        same_text = [t for t in same_key if t["text"] == target.text]
        codes = {SUBJECT_TO_INDICATOR[t["subject"]] for t in same_text} or codes
    if len(codes) == 1:
        return codes.pop()
    if codes and target.indicator is not None and target.indicator.code in codes:
        return target.indicator.code  # same year, value and sentence: any of them is right
    raise AssertionError(f"{prefix}: no single gold target for {key}")
