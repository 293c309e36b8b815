"""Small text helpers shared by the extractors: sentences, clauses, numbers, matching keys."""

from __future__ import annotations

import re
from functools import lru_cache

from gdnn.parsing.vocab import phrases, vocab

_SENT_END = re.compile(r"[.!?…]+[\"”’)]*(?=\s|$)")
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
