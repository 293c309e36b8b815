"""The parser as a chain of named stages: load → normalise → strip furniture → segment → passages → extract → link →
merge restated."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gdnn.parsing.extract.agencies import extract_agencies
from gdnn.parsing.extract.funding import extract_funding
from gdnn.parsing.extract.header import extract_header
from gdnn.parsing.extract.references import extract_references
from gdnn.parsing.extract.reporting import extract_reporting
from gdnn.parsing.extract.table_targets import extract_table_targets
from gdnn.parsing.extract.targets import extract_targets
from gdnn.parsing.extract.tasks import extract_task_groups
from gdnn.parsing.furniture import strip_furniture
from gdnn.parsing.link import link
from gdnn.parsing.load import load
from gdnn.parsing.model import PlanDraft, RawDocument, SegmentedDocument
from gdnn.parsing.normalise import normalise
from gdnn.parsing.passages import passages
from gdnn.parsing.restated import merge_restated
from gdnn.parsing.segment import segment

Extractor = Callable[[SegmentedDocument, PlanDraft], None]


def extractors() -> list[Extractor]:
    """The extractors, in the order they run (later ones may use what earlier ones found)."""
    return [
        extract_header,
        extract_references,
        extract_targets,
        extract_table_targets,
        extract_task_groups,
        extract_agencies,
        extract_reporting,
        extract_funding,
    ]


def extract(doc: SegmentedDocument) -> PlanDraft:
    draft = PlanDraft(file=doc.filename, text=doc.text, warnings=list(doc.warnings))
    for extractor in extractors():
        extractor(doc, draft)
    return draft


def run(raw: RawDocument) -> PlanDraft:
    draft = merge_restated(link(extract(passages(segment(strip_furniture(normalise(raw)))))))
    if not draft.text.strip():
        draft.warnings.append("văn bản không có nội dung chữ")
    else:
        if _looks_cut_off(draft):
            draft.warnings.append("văn bản có thể bị cắt giữa chừng: không có phần kết, câu cuối chưa hết")
        first = draft.text.lstrip()[:1]
        if first.isalpha() and first.islower():
            draft.warnings.append("văn bản bắt đầu giữa câu: có thể thiếu phần đầu")
        if not (draft.issuer or draft.doc_number or draft.date):
            draft.warnings.append("không xác định được cơ quan ban hành, số hiệu và ngày ban hành")
    return draft


def _looks_cut_off(draft: PlanDraft) -> bool:
    """A full plan ends with "./.", the recipients list or a signature; a copy cut short ends mid-sentence."""
    last = draft.text.rstrip().rsplit("\n", 1)[-1].strip()
    has_end = any(w in draft.text for w in ("Nơi nhận", "./.", "TM.", "KT.", "T/M", "K/T"))
    signature = len(last) < 40 and all(w[:1].isupper() for w in last.split())
    return bool(draft.title) and not has_end and not signature and not last.endswith((".", "!", "?", ":", ";", "”", '"', ")"))
    return draft


def parse_text(text: str, filename: str = "<text>") -> PlanDraft:
    """Parse plan text that is already in memory."""
    return run(RawDocument(filename, text))


def parse_document(path: str | Path) -> PlanDraft:
    """Parse a plan file (.txt .md .docx .pdf, legacy encodings, scans through OCR)."""
    return run(load(Path(path)))
