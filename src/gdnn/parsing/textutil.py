"""Small text helpers shared by the extractors: sentences, clauses, numbers, matching keys."""

from __future__ import annotations

import re
from functools import lru_cache

from gdnn.parsing.vocab import phrases, vocab

# A full stop, or one a copy lost the space after ("thị trường.Đến năm 2035": a lower-case word, a full
# stop and a capitalised word).
_SENT_END = re.compile(r"[.!?…]+[\"”’)]*(?=\s|$)|(?<=[^\W\d_]{2}|\d%)\.(?=[^\W\d_]{2})")
_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)$")


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[str, ...]:
    return tuple(phrases("text", "abbreviations"))


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of one paragraph; each end includes its full stop."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.end()
        if end < len(text) and not text[end].isspace() and not ((text[m.start() - 1].islower() or text[m.start() - 1] == "%") and text[end].isupper()):
            continue
        nxt = text[end:].lstrip()[:2].lstrip("\"“(")
        if nxt and not (nxt[:1].isupper() or nxt[:1].isdigit()):
            continue
        before = text[start:end].casefold()
        word = before.rsplit(" ", 1)[-1]
        if word in _abbreviations() or re.search(r"(?<![\d])\d\.$", before):
            continue
        if text[start:end].strip():
            out.append((start, end))
        start = end
        while start < len(text) and text[start] == " ":
            start += 1
    if start < len(text) and text[start:].strip():
        out.append((start, len(text.rstrip())))
    return out


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a sentence at semicolons (the separator of coordinated duties and targets)."""
    out = []
    s = start
    for m in re.finditer(";", text[start:end]):
        e = start + m.start()
        if text[s:e].strip():
            out.append((s, e))
        s = start + m.end()
    if text[s:end].strip():
        out.append((s, end))
    return out


def row_cells(row: str) -> list[tuple[int, str]]:
    """(offset, text) of each non-empty cell of a markdown table row "| a | b |", text stripped."""
    out, pos = [], 0
    for cell in row.split("|"):
        text = cell.strip()
        if text:
            out.append((row.find(text, pos), text))
        pos += len(cell) + 1
    return out


def parse_number(raw: str) -> float | None:
    """A Vietnamese-written number: "03" → 3, "1.234" → 1234, "32,5" → 32.5, "1.234,5" → 1234.5."""
    s = raw.strip()
    if not _NUMBER.match(s):
        return None
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        s = s.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", s):
        s = s.replace(",", "")
    else:
        s = s.replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def match_key(text: str) -> str:
    """Case-folded text with common abbreviations expanded, single-spaced, for vocabulary matching."""
    t = " " + re.sub(r"[\s\u00a0]+", " ", text.casefold()) + " "
    for short, long in vocab("text")["expansions"].items():
        t = re.sub(rf"(?<!\w){re.escape(short)}(?!\w)", long, t)
    t = re.sub(r"[“”\"'()\[\]]", " ", t)
    return re.sub(r"\s+", " ", t)


def tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" ,;:-–")


_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    import unicodedata

    base = unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", ch) if c not in _TONE_MARKS))
    # One character for one: a letter that NFC does not recompose (U+FB2A, excluded from
    # composition) stays as it was.
    return base if len(base) == 1 else ch


def fold_tones(text: str) -> str:
    """The text with Vietnamese tone marks removed, one character for one, so offsets still hold.

    Vowel shapes (â, ê, ô, ơ, ư, ă) and đ are kept: "phấn đấu", "phân đầu" and "phần đấu" (typing
    slips common in published plans) all fold to "phân đâu". Use it only to find set phrases,
    never to change the text a user sees.
    """
    return "".join(_fold_char(ch) if ord(ch) > 127 else ch for ch in text)
