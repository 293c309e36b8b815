"""Numbered items of a section (task groups, funding sources, implementation duties)."""

from __future__ import annotations

import re

from gdnn.parsing.model import Block, SegmentedDocument
from gdnn.parsing.vocab import phrase_regex, phrases


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


def is_closing(text: str) -> bool:
    """A paragraph addressed to every body of the plan ("Trong quá trình thực hiện, nếu có khó khăn ...",
    "UBND tỉnh yêu cầu các cơ quan ..."), which ends the list of items rather than continuing the last."""
    t = text.casefold()
    if t.startswith(tuple(phrases("sections", "closing"))):
        return True
    if not t.startswith(tuple(o + " " for o in phrases("agencies", "name_openers"))):
        return False
    m = phrase_regex("sections", "closing_address").search(t[:80])
    return m is not None and re.match(r"\s+(?:các|toàn thể|thủ trưởng)\b", t[m.end() :]) is not None


def item_body(doc: SegmentedDocument, item: Block) -> list[Block]:
    """The blocks under an item, up to the next item of the same or higher rank or a closing paragraph."""
    out = []
    for b in doc.blocks[item.index + 1 :]:
        if b.section != item.section or (b.kind != "none" and b.rank <= item.rank):
            break
        if b.kind == "none" and is_closing(b.text):
            break
        out.append(b)
    return out
