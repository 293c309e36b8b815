"""Funding sources: the items of "Kinh phí thực hiện" (or its sentences when it has no list)."""

from __future__ import annotations

import re

from gdnn.parsing.extract.items import section_items
from gdnn.parsing.model import Block, PlanDraft, SegmentedDocument, TextItem
from gdnn.parsing.textutil import row_cells, sentences
from gdnn.parsing.vocab import phrase_regex


def _listed_sources(sentence: str) -> list[tuple[int, int]]:
    """"Tổng kinh phí ..., trong đó: A: 8.000 triệu đồng; B: ...; C: ...": the spans of A, B, C
    (the total before the list is not a source). Empty unless two or more parts name a source."""
    opener = re.search(rf"(?:{phrase_regex('funding', 'list_openers').pattern})\s*:", sentence, re.IGNORECASE)
    if not opener:
        return []
    spans, pos = [], opener.end()
    for part in re.finditer(r"[^;]+", sentence[pos:]):
        text = part.group().strip()
        if text:
            start = pos + part.start() + part.group().find(text)
            spans.append((start, start + len(text)))
    source = phrase_regex("funding", "source_words")
    return spans if len(spans) >= 2 and all(source.search(sentence[s:e]) for s, e in spans) else []


def _table_source(b: Block, header: bool) -> tuple[int, int] | None:
    """A row of a table of sources: the cell that names the source (the header row names none)."""
    if header:
        return None
    source = phrase_regex("funding", "source_words")
    return next(((start, start + len(text)) for start, text in row_cells(b.text) if source.search(text)), None)


def extract_funding(doc: SegmentedDocument, draft: PlanDraft) -> None:
    heading, items = section_items(doc, "funding")
    if heading is None:
        return
    if items:
        for item in items:
            draft.funding_sources.append(TextItem(item.text.strip(), doc.span(item.text_start, item.end)))
        return
    source = phrase_regex("funding", "source_words")
    previous = heading
    for b in doc.blocks[heading.index + 1 :]:
        if b.section != "funding":
            break
        is_row, header = b.text.startswith("|"), not previous.text.startswith("|")
        previous = b
        if is_row:
            cell = _table_source(b, header)
            if cell:
                draft.funding_sources.append(TextItem(b.text[cell[0] : cell[1]], doc.span(b.text_start + cell[0], b.text_start + cell[1])))
            continue
        if b.text.endswith(":"):
            continue
        for s, e in sentences(b.text):
            sentence = b.text[s:e]
            parts = _listed_sources(sentence) or ([(0, e - s)] if source.search(sentence) else [])
            for ps, pe in parts:
                text = sentence[ps:pe].strip()
                draft.funding_sources.append(TextItem(text, doc.span(b.text_start + s + ps, b.text_start + s + ps + len(text))))
