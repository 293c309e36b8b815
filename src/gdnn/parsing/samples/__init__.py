"""A built-in sample plan (synthetic, written for this project) for the benchmark and tests."""

from __future__ import annotations

from importlib import resources


def sample_text() -> str:
    return resources.files("gdnn.parsing.samples").joinpath("sample_plan.txt").read_text(encoding="utf-8")
