"""The 24 real excerpts in tests/fixtures/corpus/real against their hand-made gold.

Each excerpt opens with "# source: <url>" and a blank line (dropped, as scripts/score_corpus.sh
does); the rest is parsed and scored with scripts/score_parse.py, the scorer the issue's figures
come from. The floors are the scores the parser reached when these tests were written; a change
that lowers one is a regression to look at, not a number to edit.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
from types import ModuleType

import pytest

from gdnn.parsing import parse_text

from .conftest import REPO

CORPUS = REPO / "tests" / "fixtures" / "corpus" / "real"

FLOORS_F1 = {"targets": 1.0, "references": 1.0}
FLOORS_ACCURACY = {"issuer": 1.0, "doc_number": 1.0, "date": 1.0, "level": 1.0, "comparator": 0.98}


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_parse", REPO / "scripts" / "score_parse.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict:
    pred = tmp_path_factory.mktemp("pred")
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8").split("\n", 2)[2]
        draft = parse_text(text, filename=path.name)
        (pred / f"{path.stem}.json").write_text(json.dumps(draft.to_dict(), ensure_ascii=False), encoding="utf-8")
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert _scorer().main([str(CORPUS), str(pred), "--json"]) == 0
    return json.loads(buf.getvalue())


def test_the_corpus_has_its_24_documents_and_gold() -> None:
    texts = sorted(p.stem for p in CORPUS.glob("*.txt"))
    golds = sorted(p.name.removesuffix(".gold.json") for p in CORPUS.glob("*.gold.json"))
    assert len(texts) == 24
    assert texts == golds


@pytest.mark.parametrize(("field", "floor"), sorted(FLOORS_F1.items()))
def test_list_fields_stay_at_their_floor(scores: dict, field: str, floor: float) -> None:
    assert scores[field]["f1"] >= floor, scores[field]


@pytest.mark.parametrize(("field", "floor"), sorted(FLOORS_ACCURACY.items()))
def test_header_fields_stay_at_their_floor(scores: dict, field: str, floor: float) -> None:
    assert scores[field]["accuracy"] >= floor, scores[field]


def test_every_real_excerpt_keeps_its_targets(scores: dict) -> None:
    weak = {name: f1 for name, f1 in scores["per_document_target_f1"].items() if f1 < 1.0}
    assert not weak


def test_every_target_records_its_kind() -> None:
    kinds = set()
    for path in sorted(CORPUS.glob("*.txt")):
        draft = parse_text(path.read_text(encoding="utf-8").split("\n", 2)[2], filename=path.name)
        kinds |= {t.kind for t in draft.targets}
    assert kinds <= {"point", "per_year", "period_total"}
    assert {"point", "per_year"} <= kinds
