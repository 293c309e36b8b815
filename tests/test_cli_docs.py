"""Every `gdnn` subcommand has --help text and an entry in docs/cli.md."""

import argparse
from pathlib import Path

from gdnn.cli import build_parser

DOC = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")


def commands(parser: argparse.ArgumentParser, prefix: str = "gdnn"):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield f"{prefix} {name}", sub
                yield from commands(sub, f"{prefix} {name}")


def test_every_command_is_documented_and_has_help():
    found = list(commands(build_parser()))
    assert len(found) >= 12
    for path, sub in found:
        top = " ".join(path.split()[:2])
        assert f"## {path}" in DOC or f"## {top}" in DOC, path
        assert (sub.description or "").strip(), f"{path} has no help text"


def test_help_exits_cleanly(capsys):
    import pytest

    with pytest.raises(SystemExit) as caught:
        build_parser().parse_args(["plan", "align", "--help"])
    assert caught.value.code == 0
    assert "cascade alignment" in capsys.readouterr().out
