import json

import pytest

from gdnn.cli import main

pytestmark = pytest.mark.django_db


def test_tree_json_has_the_contract_shape(capsys):
    assert main(["orgunits", "tree", "20", "--as-of", "2023-06-30", "--depth", "2", "--format", "json"]) == 0
    tree = json.loads(capsys.readouterr().out)
    assert set(tree) == {"code", "name", "level", "valid_from", "valid_to", "children"}
    assert (tree["code"], tree["level"], tree["valid_to"]) == ("20", "province", "2025-06-30")
    assert len(tree["children"]) == 11
    huu_lung = next(c for c in tree["children"] if c["name"] == "Huyện Hữu Lũng")
    assert huu_lung["children"] and all(c["level"] == "commune" for c in huu_lung["children"])


def test_tree_text_lists_current_communes(capsys):
    assert main(["orgunits", "tree", "20", "--as-of", "2026-01-01"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "# 01/01/2026"
    assert len(lines) == 2 + 65


def test_unknown_unit_exits_2_with_one_line(capsys):
    assert main(["orgunits", "tree", "77777", "--as-of", "2026-01-01"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "77777" in err[0]
