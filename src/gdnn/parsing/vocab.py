"""Vocabulary as data: the TOML files in ``vocab/`` beside this module.

Every key those files define is read by the code (``tests/parsing/test_vocab.py`` checks it), so a
reader can grep a key to find the rule that uses it.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any

VOCAB_FILES = (
    "sections",
    "agencies",
    "units",
    "comparators",
    "dates",
    "doctypes",
    "funding",
    "reporting",
    "targets",
    "legacy_encodings",
    "text",
    "furniture",
)


USED: set[tuple[str, ...]] = set()


class _Tracked(dict[str, Any]):
    """A vocabulary table that records which keys the code reads (for the every-entry-is-used test)."""

    def __init__(self, path: tuple[str, ...], data: dict[str, Any]) -> None:
        super().__init__({k: _Tracked((*path, k), v) if isinstance(v, dict) else v for k, v in data.items()})
        self.path = path

    def __getitem__(self, key: str) -> Any:
        USED.add((*self.path, key))
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        USED.add((*self.path, key))
        return super().get(key, default)

    def items(self) -> Any:
        USED.update((*self.path, k) for k in self.keys())
        return super().items()


@cache
def vocab(name: str) -> dict[str, Any]:
    """The parsed TOML file ``vocab/<name>.toml``."""
    if name not in VOCAB_FILES:
        raise KeyError(name)
    data = resources.files("gdnn.parsing").joinpath("vocab", f"{name}.toml").read_bytes()
    return _Tracked((name,), tomllib.loads(data.decode("utf-8")))


def phrases(name: str, key: str) -> list[str]:
    """A list of phrases from a vocabulary file, case-folded, longest first."""
    vocab(name)[key]  # record the use even when the list comes from the cache
    return list(_phrases(name, key))


@cache
def _phrases(name: str, key: str) -> tuple[str, ...]:
    value = vocab(name)[key]
    items = value["phrases"] if isinstance(value, dict) else value
    return tuple(sorted((str(p).casefold() for p in items), key=len, reverse=True))


@cache
def phrase_regex(name: str, key: str, whole_words: bool = True) -> re.Pattern[str]:
    """One alternation regex (case-insensitive) for the phrases of ``name``/``key``."""
    alts = "|".join(re.escape(p) for p in phrases(name, key))
    if whole_words:
        return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)
    return re.compile(rf"(?:{alts})", re.IGNORECASE)
