"""Stage 3 — segment: logical lines → blocks with markers, the heading tree and section kinds."""

from __future__ import annotations

from gdnn.parsing.markers import split_marker
from gdnn.parsing.model import KIND_RANK, Block, NormalisedDocument, SegmentedDocument
from gdnn.parsing.vocab import phrases

SECTION_KINDS = (
    "objectives",
    "tasks",
    "funding",
    "implementation",
    "purpose",
    "situation",
    "reporting",
    "appendix",
)


def section_kind(text: str) -> str:
    """The section kind a heading names ("" when it names none)."""
    t = text.casefold().strip(" .:*")
    if len(t.split()) > 14:
        return ""
    best, best_pos = "", 10**6
    for kind in SECTION_KINDS:
        for p in phrases("sections", kind):
            pos = t.find(p)
            if pos != -1 and pos < best_pos and (pos == 0 or t[pos - 1] in " ,-"):
                best, best_pos = kind, pos
    return best if best_pos <= 12 else ""


def is_end_matter(text: str) -> bool:
    t = text.casefold()
    if any(t.startswith(p) for p in phrases("sections", "end")):
        return True
    return any(t.startswith(p) for p in phrases("sections", "signature")) and len(t) < 80


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    offset = 0
    for i, line in enumerate(text.split("\n")):
        kind, marker, rest = split_marker(line)
        rest_start = offset + (len(line) - len(rest))
        blocks.append(Block(len(blocks), i + 1, offset, marker, kind, rest, rest_start))
        offset += len(line) + 1
    return blocks


def _top_rank(blocks: list[Block]) -> int:
    ranks = [b.rank for b in blocks if b.kind != "none" and b.rank <= 3 and section_kind(b.text)]
    return min(ranks) if ranks else KIND_RANK["roman"]


def segment(doc: NormalisedDocument) -> SegmentedDocument:
    blocks = _blocks(doc.text)
    top = _top_rank(blocks)
    stack: list[Block] = []
    current = ""
    for b in blocks:
        kind = section_kind(b.text)
        heading_like = b.rank <= top or (b.kind == "none" and _is_caps(b.text) and kind != "")
        if is_end_matter(b.text) and b.kind in {"none", "roman"}:
            current = "end"
            stack = []
        elif (heading_like and b.kind != "none") or (b.kind == "none" and heading_like):
            current = kind or ("other" if b.kind != "none" else current)
            stack = []
        if b.kind != "none":
            while stack and stack[-1].rank >= b.rank:
                stack.pop()
        b.parents = [p.index for p in stack]
        b.section = current
        if b.kind != "none" or (heading_like and kind):
            stack.append(b)
    return SegmentedDocument(doc.filename, doc.text, blocks, list(doc.warnings), dict(doc.metadata))


def children(doc: SegmentedDocument, parent: Block) -> list[Block]:
    """Blocks whose nearest enclosing heading is ``parent``."""
    return [b for b in doc.blocks if b.parents and b.parents[-1] == parent.index]


def descendants(doc: SegmentedDocument, parent: Block) -> list[Block]:
    out = []
    for b in doc.blocks[parent.index + 1 :]:
        if parent.index in b.parents:
            out.append(b)
        elif (b.kind != "none" and b.rank <= parent.rank) or b.section != parent.section:
            break
    return out


def section_blocks(doc: SegmentedDocument, kind: str) -> list[Block]:
    return [b for b in doc.blocks if b.section == kind]


def section_heading(doc: SegmentedDocument, kind: str) -> Block | None:
    for b in doc.blocks:
        if b.section == kind:
            return b
    return None
