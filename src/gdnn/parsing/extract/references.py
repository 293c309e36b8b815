"""References: identifiers of the documents a plan cites ("2239/QĐ-TTg", "21-CT/TW", "41/2019/QĐ-UBND")."""

from __future__ import annotations

import re
from functools import lru_cache

from gdnn.parsing.model import PlanDraft, Reference, SegmentedDocument
from gdnn.parsing.vocab import vocab

# A code is capitals (one lower-case letter allowed: "CTr", "QyĐ"); the National Assembly's carries
# its term ("74/2014/QH13", "1023/NQ-UBTVQH15").
_CODE = r"[A-ZĐ][A-ZĐ]*(?:[a-zđ][A-ZĐ]*)?(?:(?<=QH)\d{1,2})?(?![^\W\d_])"
REF_RE = re.compile(
    rf"(?<![\w/.])(\d{{1,5}}(?:\s?/\s?(?:19|20)\d\d)?\s?[/-]\s?{_CODE}(?:\s?[-/]\s?{_CODE}){{0,4}})"
)


@lru_cache(maxsize=1)
def _doc_types() -> frozenset[str]:
    return frozenset(vocab("doctypes")["abbreviations"])


def ref_key(identifier: str) -> str:
    return re.sub(r"\s+", "", identifier).casefold()


def find_identifiers(text: str) -> list[tuple[int, int, str]]:
    """(start, end, identifier without spaces) of each document number in ``text``."""
    out = []
    for m in REF_RE.finditer(text):
        ident = re.sub(r"\s+", "", m.group(1))
        if "/" not in ident or not re.search(r"[A-ZĐ]{2}|[A-ZĐ][a-z][A-ZĐ]?", ident):
            continue
        if re.match(r"\d+-", ident) and not set(re.split(r"[-/]", ident)[1:]) & _doc_types():
            continue  # party style "21-CT/TW" always names a document type
        out.append((m.start(1), m.end(1), ident))
    return out


def _caps_context(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def extract_references(doc: SegmentedDocument, draft: PlanDraft) -> None:
    own = ref_key(draft.doc_number) if draft.doc_number else None
    first: dict[str, tuple[int, int, str, bool]] = {}
    order: list[str] = []
    caps_lines: dict[int, bool] = {}
    for start, end, ident in find_identifiers(doc.text):
        key = ref_key(ident)
        if key == own:
            continue
        line_start = doc.text.rfind("\n", 0, start) + 1
        if line_start not in caps_lines:
            line_end = doc.text.find("\n", end)
            line = doc.text[line_start : line_end if line_end != -1 else len(doc.text)]
            caps_lines[line_start] = _caps_context(line[:2000])
        caps = caps_lines[line_start]
        if key not in first:
            first[key] = (start, end, ident, caps)
            order.append(key)
        elif first[key][3] and not caps:
            s0, e0, _, _ = first[key]
            first[key] = (s0, e0, ident, False)
    for key in order:
        start, end, ident, _ = first[key]
        draft.references.append(Reference(ident, doc.span(start, end)))
