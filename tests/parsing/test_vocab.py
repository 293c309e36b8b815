"""Every vocabulary entry the TOML data files define is read by the parser code.

The vocabulary tables record the keys the code reads; parsing every golden document, the seeds (when
present) and the shipped sample must read every key of every file.
"""

from __future__ import annotations

from pathlib import Path

import gdnn.parsing.vocab
from gdnn.parsing import parse_document, parse_text
from gdnn.parsing.legacy import tcvn3_to_unicode, vni_to_unicode
from gdnn.parsing.samples import sample_text
from gdnn.parsing.vocab import USED, VOCAB_FILES, vocab

from .conftest import GOLDEN

# Tables whose entries are data read as a whole (.items()), not keys the code names one by one.
DATA_TABLES = {("text", "expansions"), ("text", "ocr_letters"), ("legacy_encodings", "tcvn3", "chars")}


def _defined(name: str) -> set[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()

    def walk(path: tuple[str, ...], data: dict) -> None:
        for k, v in data.items():
            out.add((*path, k))
            if isinstance(v, dict) and (*path, k) not in DATA_TABLES and len(path) < 2:
                walk((*path, k), v)

    walk((name,), dict(vocab(name)))
    return out


def test_every_vocabulary_entry_is_read_by_the_code() -> None:
    for path in sorted(GOLDEN.iterdir()):
        if path.suffix != ".json":
            parse_document(path)
    parse_text(sample_text(), filename="sample.txt")
    tcvn3_to_unicode("KÕ ho¹ch")
    vni_to_unicode("Keá hoaïch")
    defined = set().union(*(_defined(n) for n in VOCAB_FILES))
    unused = sorted(defined - USED)
    assert not unused, f"vocabulary entries no code reads: {unused}"


def test_vocabulary_entries_are_not_empty() -> None:
    for name in VOCAB_FILES:
        for key, value in vocab(name).items():
            assert value not in ([], {}, ""), f"{name}.{key} is empty"


def test_vocabulary_lives_beside_the_code() -> None:
    here = Path(gdnn.parsing.vocab.__file__).parent / "vocab"
    assert sorted(p.stem for p in here.glob("*.toml")) == sorted(VOCAB_FILES)
