"""Funding sources: the items of "Kinh phí thực hiện" (or its sentences when it has no list)."""

from __future__ import annotations

from gdnn.parsing.extract.items import section_items
from gdnn.parsing.model import PlanDraft, SegmentedDocument, TextItem
from gdnn.parsing.textutil import sentences
from gdnn.parsing.vocab import phrase_regex


def extract_funding(doc: SegmentedDocument, draft: PlanDraft) -> None:
    heading, items = section_items(doc, "funding")
    if heading is None:
        return
    if items:
        for item in items:
            draft.funding_sources.append(TextItem(item.text.strip(), doc.span(item.text_start, item.end)))
        return
    source = phrase_regex("funding", "source_words")
    for b in doc.blocks[heading.index + 1 :]:
        if b.section != "funding":
            break
        if b.text.endswith(":"):
            continue
        for s, e in sentences(b.text):
            if source.search(b.text[s:e]):
                draft.funding_sources.append(TextItem(b.text[s:e].strip(), doc.span(b.text_start + s, b.text_start + e)))
