"""Numbered items of a section (task groups, funding sources, implementation duties)."""

from __future__ import annotations

from gdnn.parsing.model import Block, SegmentedDocument


def section_items(doc: SegmentedDocument, kind: str) -> tuple[Block | None, list[Block]]:
    """The heading of the first section of ``kind`` and its top-level numbered items."""
    heading = next((b for b in doc.blocks if b.section == kind), None)
    if heading is None:
        return None, []
    body = [b for b in doc.blocks[heading.index + 1 :] if b.section == kind]
    stop = next((i for i, b in enumerate(body) if b.section != kind), len(body))
    body = body[:stop]
    direct = [b for b in body if b.kind != "none" and b.parents[-1:] == [heading.index]]
    numbered = [b for b in direct if b.kind not in {"bullet", "plus"}]
    if numbered:
        kind0 = numbered[0].kind
        return heading, [b for b in numbered if b.kind == kind0]
    return heading, direct


def item_body(doc: SegmentedDocument, item: Block) -> list[Block]:
    """The blocks under an item, up to the next item of the same or higher rank."""
    out = []
    for b in doc.blocks[item.index + 1 :]:
        if b.section != item.section or (b.kind != "none" and b.rank <= item.rank):
            break
        out.append(b)
    return out
