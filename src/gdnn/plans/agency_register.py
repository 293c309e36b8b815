"""Map an agency as a plan writes it to a kind in the register (agencies.toml). Pure Python."""

from __future__ import annotations

import datetime as dt
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class AgencyKind:
    code: str
    name: str
    level: str
    patterns: tuple[str, ...]
    valid_to: dt.date | None = None
    successors: tuple[str, ...] = ()
    gdnn_successor: str | None = None


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().replace("–", "-").split())


@lru_cache(maxsize=1)
def agency_kinds() -> tuple[AgencyKind, ...]:
    raw = tomllib.loads(resources.files("gdnn.plans").joinpath("agencies.toml").read_text(encoding="utf-8"))
    return tuple(
        AgencyKind(
            code=a["code"], name=a["name"], level=a["level"], patterns=tuple(_fold(p) for p in a["patterns"]),
            valid_to=a.get("valid_to"), successors=tuple(a.get("successors", [])), gdnn_successor=a.get("gdnn_successor"),
        )
        for a in raw["agency"]
    )


def match_agency(name: str) -> AgencyKind | None:
    """The first register kind whose pattern occurs in the name (word-bounded at the start)."""
    folded = f" {_fold(name)}"
    for kind in agency_kinds():
        if any(f" {p}" in folded for p in kind.patterns):
            return kind
    return None
