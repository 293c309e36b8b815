"""The five seed plans against their gold annotations (tests/fixtures/gold), and indicator linking.

The expected indicator of every gold target is derived from the gold ``subject`` (an English
description written by the annotators), through SUBJECT_TO_INDICATOR below.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from gdnn.indicators.catalog import load_catalog
from gdnn.parsing import parse_document
from tests.seeds import GOLD_DIR

SUBJECT_TO_INDICATOR = {
    "VET institutions approaching high-quality school criteria": "GDNN.HIGH_QUALITY_INSTITUTIONS",
    "trained workers holding degrees/certificates (share of workforce)": "GDNN.TRAINED_WORKERS_CERT",
    "lower/upper secondary graduates enrolling in VET": "GDNN.GRAD_TO_VET",
    "female share of new VET enrolment": "GDNN.FEMALE_ADMISSION_SHARE",
    "workforce receiving retraining/continuous training": "GDNN.RETRAINING",
    "ethnic-minority workers with vocational training": "GDNN.ETHNIC_MINORITY_TRAINED",
    "workers with disabilities given suitable vocational training": "GDNN.DISABLED_TRAINED",
    "workers with IT skills": "GDNN.IT_SKILLS",
    "VET institutions meeting quality-accreditation standards": "GDNN.INSTITUTIONS_ACCREDITED",
    "key-occupation training programmes meeting quality-accreditation standards": "GDNN.KEY_PROGRAMMES_ACCREDITED",
    "VET teachers meeting standards": "GDNN.TEACHERS_STANDARD",
    "VET managers trained in modern management/governance": "GDNN.MANAGERS_TRAINED",
    "occupations with learning outcomes built/updated per National Qualifications Framework": "GDNN.QF_OUTCOMES",
    "workers trained in vocational courses under 3 months": "GDNN.ADMISSIONS_UNDER_3M",
    "share of workforce with training": "GDNN.TRAINED_WORKERS",
    "trained workers employed after training": "GDNN.EMPLOYMENT_AFTER_TRAINING",
    "lower-secondary graduates continuing to intermediate (trung cấp) VET": "GDNN.GRAD_THCS_TO_VET",
    "upper-secondary graduates entering college (cao đẳng) level": "GDNN.GRAD_THPT_TO_VET",
    "trained workers with basic IT skills": "GDNN.IT_SKILLS",
    "key occupations trained": "GDNN.KEY_OCCUPATIONS",
    "digital transformation rate in VET management/governance": "GDNN.DIGITAL_TRANSFORMATION",
    "lower-secondary graduates enrolling in VET": "GDNN.GRAD_THCS_TO_VET",
    "upper-secondary graduates enrolling in VET": "GDNN.GRAD_THPT_TO_VET",
    "secondary-school students enrolling in VET": "GDNN.GRAD_TO_VET",
    "colleges reaching high-quality school status": "GDNN.HIGH_QUALITY_INSTITUTIONS",
    "key occupations at national, ASEAN and international level": "GDNN.KEY_OCCUPATIONS",
    "key occupations at ASEAN level": "GDNN.KEY_OCC_ASEAN",
    "key occupations at international level": "GDNN.KEY_OCC_INTL",
}


def _key(t: dict) -> tuple:
    hi = t.get("value_max") if t.get("comparator") == "range" else None
    return (t.get("year"), t.get("unit"), float(t["value_min"]) if t.get("value_min") is not None else None, hi)


def _cases() -> list[Path]:
    cases = sorted(GOLD_DIR.glob("*.gold.json"))
    assert len(cases) == 5, f"expected the five seed gold files in {GOLD_DIR}"
    return cases


def test_every_expected_code_is_in_the_catalog() -> None:
    codes = {i.code for i in load_catalog().indicators}
    assert set(SUBJECT_TO_INDICATOR.values()) <= codes


@pytest.mark.parametrize("gold_path", _cases(), ids=lambda p: p.name.split("_")[0])
def test_seed_matches_gold(gold_path: Path, seeds_dir: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    got = parse_document(seeds_dir / gold["file"]).to_dict()
    assert got["doc_number"] == gold["doc_number"]
    assert got["date"] == gold["date"]
    assert got["level"] == gold["level"]
    assert Counter(_key(t) for t in got["targets"]) == Counter(_key(t) for t in gold["targets"])
    assert [t["comparator"] for t in got["targets"]] == [t["comparator"] for t in gold["targets"]]
    assert {r.replace(" ", "").casefold() for r in got["references"]} == {
        r.replace(" ", "").casefold() for r in gold["references"]
    }
    assert got["task_groups"] == gold["task_groups"]
    assert [(a["name"], a["role"]) for a in got["agencies"]] == [(a["name"], a["role"]) for a in gold["agencies"]]
    assert got["funding_sources"] == gold["funding_sources"]


def test_seed_targets_link_to_the_right_indicator(seeds_dir: Path) -> None:
    right = total = 0
    for gold_path in _cases():
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        got = parse_document(seeds_dir / gold["file"]).to_dict()
        expected: dict[tuple, list[str]] = {}
        for t in gold["targets"]:
            expected.setdefault(_key(t), []).append(SUBJECT_TO_INDICATOR[t["subject"]])
        for t in got["targets"]:
            codes = expected.get(_key(t), [])
            total += 1
            if t["indicator"] in codes:
                codes.remove(t["indicator"])
                right += 1
    assert total >= 46
    assert right / total >= 0.8, f"{right}/{total} linked to the expected indicator"


def test_spans_point_at_the_stated_text(seeds_dir: Path) -> None:
    draft = parse_document(seeds_dir / "000_c4626eb79c8f9c38.txt")
    for t in draft.targets:
        assert draft.text[t.span.start_char : t.span.end_char].strip() in t.text or t.text in draft.text
        line = draft.text.split("\n")[t.span.start_line - 1]
        assert t.text[:20] in line
