"""The year a target is due: from its sentence, its headings, or the plan's title."""

from __future__ import annotations

import re
from functools import lru_cache

from gdnn.parsing.model import Block, SegmentedDocument
from gdnn.parsing.vocab import phrases


@lru_cache(maxsize=1)
def _year_re() -> re.Pattern[str]:
    alts = "|".join(re.escape(p) for p in phrases("dates", "year_phrases"))
    return re.compile(rf"(?<!\w)(?:{alts})\s+((?:19|20|21)\d\d)(?!\d)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _period_re() -> re.Pattern[str]:
    alts = "|".join(re.escape(p) for p in phrases("dates", "period_phrases"))
    return re.compile(rf"(?<!\w)(?:{alts})\s+((?:19|20)\d\d)\s*[-–—]\s*((?:19|20|21)\d\d)(?!\d)", re.IGNORECASE)


def year_mentions(text: str, visions: bool = False) -> list[tuple[int, int, int]]:
    """(start, end, year) of every due-year phrase in ``text``, visions ("tầm nhìn đến năm 2045") left
    out unless ``visions``."""
    found: list[tuple[int, int, int]] = []
    for m in _period_re().finditer(text):
        found.append((m.start(), m.end(), int(m.group(2))))
    for m in _year_re().finditer(text):
        if any(s <= m.start() < e for s, e, _ in found):
            continue
        found.append((m.start(), m.end(), int(m.group(1))))
    vision_words = [] if visions else phrases("dates", "vision_phrases")
    bases = phrases("dates", "base_phrases")
    out = []
    for s, e, y in found:
        before = text[max(0, s - 14) : s].casefold()
        if any(v in before for v in vision_words) or before.rstrip().endswith(tuple(bases)):
            continue
        # "so với kế hoạch năm 2022", "so với cùng kỳ năm 2022": compared with, two words between
        if any(re.search(rf"(?<!\w){re.escape(b)}(?:\s+[^\s\d]+){{1,2}}\s*$", text[max(0, s - 40) : s].casefold()) for b in bases):
            continue
        out.append((s, e, y))
    return sorted(out)


_PART_BREAK = re.compile(r",|\s(?:và|còn)\s", re.IGNORECASE)


def year_for(
    mentions: list[tuple[int, int, int]], start: int, end: int, clause: tuple[int, int], text: str = ""
) -> int | None:
    """The year for a figure at [start, end) of a sentence, given the sentence's year mentions."""
    # "năm 2024: 30%", "năm 2023 là 1.200 người, năm 2024 là ...", "năm 2025 tỷ lệ ... đạt 70% và năm
    # 2030 đạt 75%": a year before the figure in its own own part (after a comma or "và") of the clause is its year
    cuts = [m.end() for m in _PART_BREAK.finditer(text, clause[0], start)] if text else [start]
    part = max([clause[0], *cuts])
    own = [y for s, e, y in mentions if part <= s and e <= start]
    if own:
        return own[-1]
    for s, _, y in mentions:  # "60% năm 2025", "đạt 60% vào năm 2025"
        if end <= s <= end + 12 and s < clause[1]:
            return y
    before = [(s, y) for s, e, y in mentions if e <= start]
    if before:
        return before[-1][1]
    after = [y for s, _, y in mentions if s >= end and s < clause[1]]
    return after[0] if after else None


_YEAR_LIST = re.compile(r"(?<!\w)(?:các\s+)?năm\s+((?:19|20)\d\d(?:\s*(?:,|và|;)\s*(?:năm\s+)?(?:19|20)\d\d)+)(?!\d)", re.I)


def respective_years(sentence: str) -> list[int]:
    """The years of "lần lượt 68%, 69% và 70% vào các năm 2023, 2024 và 2025" (or "năm 2024, năm 2025
    tương ứng là 68% và 70%"), in order; [] when the sentence does not pair figures with years."""
    low = sentence.casefold()
    if not any(p in low for p in phrases("dates", "respective_phrases")):
        return []
    m = _YEAR_LIST.search(sentence)
    return [int(y) for y in re.findall(r"\d{4}", m.group(1))] if m else []


def heading_year(doc: SegmentedDocument, block: Block) -> int | None:
    """The year named by the nearest enclosing heading or an introducing line ending with ':'."""
    parent = block.parents[-1] if block.parents else -1
    for b in reversed(doc.blocks[parent + 1 : block.index]):
        if b.kind == "none" and b.text.endswith(":") and (b.parents[-1:] == block.parents[-1:]):
            ys = year_mentions(b.text)
            if ys:
                return ys[-1][2]
    for p in reversed(block.parents):
        # a heading that names only a horizon ("2.2. Định hướng đến năm 2030") dates the targets under it
        ys = year_mentions(doc.blocks[p].text) or year_mentions(doc.blocks[p].text, visions=True)
        if ys:
            return ys[-1][2]
    return None


def title_year(title: str | None) -> int | None:
    if not title:
        return None
    ys = year_mentions(title)
    return ys[-1][2] if ys else None
