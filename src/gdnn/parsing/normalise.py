"""Stage 2 — normalise: NFC, markup removed, wrapped lines joined into one paragraph a line.

Plans come hard-wrapped (text copied from PDF or web pages, a break every ~80 characters) or one
paragraph a line (markdown, DOCX). A break is kept when the next line opens with a numbering or
bullet marker, when the previous line ends a sentence, or at a blank line; it is removed when the
next line starts in lower case (a Vietnamese sentence never does) or, in hard-wrapped text, when the
previous line runs to the wrap width.
"""

from __future__ import annotations

import itertools
import re
import statistics
import unicodedata
from functools import lru_cache

from gdnn.parsing.layout import unlayout
from gdnn.parsing.markers import is_marker_only, split_marker
from gdnn.parsing.model import NormalisedDocument, RawDocument
from gdnn.parsing.ocr import repair_ocr
from gdnn.parsing.vocab import phrases, vocab

_SEPARATOR = re.compile(r"^\s*(?:\|\s*|[-–—_=*.~]{3,}\s*)?$")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")
_BOLD_BEFORE_MARKER = re.compile(r"(?<=\S)\*\*(?=\s*(?:[IVX]{1,5}|\d{1,2}(?:\.\d{1,2})*)[.\-)]\s)")
# "2", "- 2 -", and a footer's "Trang 2", "Trang 2/5", "2/5"
_PAGE_NUMBER = re.compile(r"^\s*(?:(?:-\s*)?\d{1,3}(?:\s*-)?|(?:trang\s+)?\d{1,3}\s*/\s*\d{1,3}|trang\s+\d{1,3})\s*$", re.I)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ufff9-\ufffb\ud800-\udfff\ue000-\uf8ff]")
_PRIVATE_BULLET = re.compile(r"(?m)^[ \t]*[\ue000-\uf8ff][ \t]*")
_TERMINAL = (".", ":", "!", "?", "./.")


def _clean_line(line: str) -> str:
    line = _BOLD_BEFORE_MARKER.sub("\n", line)
    out = []
    for part in line.split("\n"):
        part = _MD_HEADING.sub("", part)
        if part.lstrip().startswith("|"):
            cells = [c.strip() for c in part.strip().strip("|").split("|")]
            part = " | ".join(cells) if any(cells) else ""
            part = ("| " + part + " |") if part else ""
        part = _EMPHASIS.sub("", part)
        part = _SPACES.sub(" ", part).strip()
        out.append(part)
    return "\n".join(out)


def _is_lower_start(line: str) -> bool:
    ch = line[:1]
    return ch.isalpha() and ch.islower()


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _physical_lines(text: str) -> list[str]:
    lines: list[str] = []
    for raw in text.split("\n"):
        if _MD_TABLE_RULE.match(raw) and "-" in raw:
            lines.append("")
            continue
        cleaned = _clean_line(raw)
        for line in cleaned.split("\n"):
            if _SEPARATOR.match(line) or _PAGE_NUMBER.match(line):
                lines.append("")
            else:
                lines.append(line)
    return lines


def _wrap_width(lines: list[str]) -> int | None:
    """The wrap width of hard-wrapped text, or None when paragraphs sit on one line each."""
    nonblank = [i for i, s in enumerate(lines) if s]
    if len(nonblank) < 10:
        return None
    widths = [
        len(lines[i]) for i, j in itertools.pairwise(nonblank) if j == i + 1 and _is_lower_start(lines[j])
    ]
    if len(widths) < 0.2 * len(nonblank):
        return None
    return int(statistics.median(widths))


def _pair_marker_columns(lines: list[str]) -> list[str]:
    """PDF text often puts a list's bullets in a column of their own: k marker-only lines, then the k
    items. Give each item its marker back."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j] and is_marker_only(lines[j]):
            j += 1
        k = j - i
        if k >= 2:
            m = j
            while m < len(lines) and not lines[m]:
                m += 1
            items = lines[m : m + k]
            if len(items) == k and all(s and split_marker(s)[0] == "none" for s in items):
                out.extend(f"{marker} {item}" for marker, item in zip(lines[i:j], items, strict=True))
                i = m + k
                continue
        out.append(lines[i])
        i += 1
    return out


def join_lines(lines: list[str]) -> list[str]:
    """Join physical lines into logical lines (one heading, bullet or paragraph each)."""
    lines = _pair_marker_columns(lines)
    width = _wrap_width(lines)
    out: list[list[str]] = []  # each logical line as its physical parts (joined once, at the end)
    last_physical = ""
    blank_before = True
    for line in lines:
        if not line:
            blank_before = True
            continue
        if out and _continues(out[-1], last_physical, line, blank_before, width):
            out[-1].append(line)
        else:
            out.append([line])
        last_physical = line
        blank_before = False
    return [" ".join(parts) for parts in out]


def _continues(parts: list[str], prev: str, line: str, blank_before: bool, width: int | None) -> bool:
    if len(parts) == 1 and is_marker_only(parts[0]):
        return True
    logical = parts[-1]
    if line.startswith("|") or parts[0].startswith("|"):
        return False
    if split_marker(line)[0] != "none" or is_attachment_line(line):
        return False
    ends_sentence = logical.endswith(_TERMINAL)
    if _is_lower_start(line):
        return not ends_sentence
    if ends_sentence or logical.endswith(";") or blank_before:
        return False
    if line[:1].isdigit() or prev.rsplit(" ", 1)[-1].casefold() in _dangling_words():
        return True
    if _is_caps(prev) and _is_caps(line):
        return not line.casefold().startswith(_block_openers())
    if _is_caps(prev) != _is_caps(line):
        return False
    if any(line.casefold().startswith(o + " ") for o in _openers()):
        return False
    # a wrap breaks a line because its next word did not fit: a break with room left for it is a real one
    fits = width is not None and len(prev) + 1 + len(line.split(" ", 1)[0]) < 0.8 * width
    return width is not None and len(prev) >= 0.7 * width and not fits


@lru_cache(maxsize=1)
def _block_openers() -> tuple[str, ...]:
    """Capitalised lines that start a block of their own: the document type, a signature, an appendix."""
    names = tuple(n.casefold() for n in vocab("doctypes")["names"])
    authorities = (*phrases("doctypes", "office_holders"), "ủy ban nhân dân", "uỷ ban nhân dân", "thủ tướng chính phủ")
    return names + tuple(phrases("sections", "signature")) + tuple(phrases("sections", "appendix")) + authorities


def is_attachment_line(line: str) -> bool:
    """"(Ban hành kèm theo Quyết định số 1234/QĐ-UBND ngày ...)": the line under an attached document's
    title; it opens a line of its own, and ends the title above it."""
    return line.startswith("(") and line[1:2].isupper() and any(p in line[:40].casefold() for p in _attachment())


@lru_cache(maxsize=1)
def _attachment() -> tuple[str, ...]:
    return tuple(phrases("doctypes", "attachment_phrases"))


@lru_cache(maxsize=1)
def _openers() -> tuple[str, ...]:
    return tuple(phrases("doctypes", "preamble_openers"))


@lru_cache(maxsize=1)
def _dangling_words() -> frozenset[str]:
    return frozenset(phrases("text", "dangling_words"))


def normalise(doc: RawDocument) -> NormalisedDocument:
    text = unicodedata.normalize("NFC", doc.text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").replace("\x0c", "\n")
    text = repair_ocr(_PRIVATE_BULLET.sub("- ", text))  # Symbol-font bullets (U+F0B7 ...) that PDF and Word text keep
    text = _CONTROL.sub("", unlayout(text.expandtabs()))
    logical = join_lines(_physical_lines(text))
    return NormalisedDocument(doc.filename, "\n".join(logical), list(doc.warnings))
