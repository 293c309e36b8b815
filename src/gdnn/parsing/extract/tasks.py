"""Task groups: the numbered headings under "Nhiệm vụ, giải pháp"."""

from __future__ import annotations

from gdnn.parsing.extract.items import section_items
from gdnn.parsing.model import PlanDraft, SegmentedDocument, TextItem
from gdnn.parsing.textutil import sentences


def extract_task_groups(doc: SegmentedDocument, draft: PlanDraft) -> None:
    _, items = section_items(doc, "tasks")
    for item in items:
        sents = sentences(item.text)
        if not sents:
            continue
        start, end = sents[0]
        text = item.text[start:end].rstrip()
        if text.endswith(".") and not text.endswith(".."):
            text = text[:-1].rstrip()
        text = text.rstrip(":").rstrip()
        draft.task_groups.append(TextItem(text, doc.span(item.text_start + start, item.text_start + end)))
