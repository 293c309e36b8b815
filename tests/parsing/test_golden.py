"""Golden files: tests/parsing/golden/NAME.<ext> → NAME.json (the parser's full JSON output).

Regenerate after a deliberate change with GDNN_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from gdnn.parsing import parse_document

from .conftest import GOLDEN

INPUTS = sorted(p for p in GOLDEN.iterdir() if p.suffix != ".json")


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_golden(path: Path) -> None:
    if path.suffix == ".pdf" and shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed: pypdf text differs in line breaks")
    got = parse_document(path).to_dict()
    expected_path = path.with_suffix(".json")
    if os.environ.get("GDNN_UPDATE_GOLDEN") or not expected_path.exists():
        expected_path.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert json.dumps(got, ensure_ascii=False, indent=2) == json.dumps(expected, ensure_ascii=False, indent=2)


def test_every_golden_input_has_its_json() -> None:
    missing = [p.name for p in INPUTS if not p.with_suffix(".json").exists()]
    assert not missing
