"""Loader of the GDNN indicator catalog (catalog.toml) — pure Python, no Django.

The parser links targets to these codes; the indicators app loads the same file into its tables.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class IndicatorMatch:
    require: tuple[tuple[str, ...], ...]
    boost: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class Indicator:
    code: str
    name_vi: str
    name_en: str
    unit: str
    units: tuple[str, ...]
    direction: str
    source: str
    match: IndicatorMatch = field(default_factory=lambda: IndicatorMatch(()))


@dataclass(frozen=True)
class Catalog:
    version: str
    indicators: tuple[Indicator, ...]

    def get(self, code: str) -> Indicator | None:
        return next((i for i in self.indicators if i.code == code), None)


def parse_catalog(text: str) -> Catalog:
    data = tomllib.loads(text)
    items = []
    for raw in data.get("indicator", []):
        m = raw.get("match", {})
        items.append(
            Indicator(
                code=raw["code"],
                name_vi=raw["name_vi"],
                name_en=raw["name_en"],
                unit=raw["unit"],
                units=tuple(raw.get("units", [raw["unit"]])),
                direction=raw.get("direction", "higher"),
                source=raw.get("source", ""),
                match=IndicatorMatch(
                    require=tuple(tuple(str(p).casefold() for p in g) for g in m.get("require", [])),
                    boost=tuple(str(p).casefold() for p in m.get("boost", [])),
                    exclude=tuple(str(p).casefold() for p in m.get("exclude", [])),
                ),
            )
        )
    codes = [i.code for i in items]
    if len(codes) != len(set(codes)):
        raise ValueError("duplicate indicator code in catalog")
    return Catalog(version=str(data["version"]), indicators=tuple(items))


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    """The catalog shipped with the package."""
    text = resources.files("gdnn.indicators").joinpath("catalog.toml").read_text(encoding="utf-8")
    return parse_catalog(text)
