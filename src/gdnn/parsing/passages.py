"""Stage 3b — passages: what a sentence or headline says once for the sentences after it.

Officials and reporters set the period once and list targets after it: "Năm 2019, huyện ... Nguồn
kinh phí này nhằm đạt chỉ tiêu 320 lao động ...", "Cụ thể, từ nay đến năm 2021, phấn đấu ...
Đồng thời, ... giảm 10% ... so với năm 2015". A year stated before the first figure of its sentence
frames the passage that follows (until the next such year, within the same section); a year stated
after a figure is that figure's deadline only ("... 50% vào năm 2020. Quy mô ... đạt khoảng 10%": the
second figure has no year). A comparison year ("so với năm 2015") never frames.

A news item has no title block: its headline and photo captions (short lines without a full stop)
restate the body's figures and name the period of the whole item ("... năm 2023 đạt gần 2,3 triệu
người", "... giai đoạn 2019-2020"). They are marked so that the target reader skips their figures
and uses their year when nothing nearer gives one.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from gdnn.parsing.extract.header import title_block
from gdnn.parsing.extract.quantities import NUMBER_RE
from gdnn.parsing.extract.years import year_mentions
from gdnn.parsing.model import Block, Frame, SegmentedDocument
from gdnn.parsing.textutil import sentences

_HEADLINE_MAX = 200
_CAPTION_SCAN = 200_000  # a news item is short; a long text without a title is a plan, not an article
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_AND_YEAR = re.compile(r"^\s*(?:,\s*)?(?:và|,)\s*$", re.IGNORECASE)


def first_figure(sentence: str) -> int:
    for m in NUMBER_RE.finditer(sentence):
        value = m.group(1)
        if not (value.isdigit() and len(value) == 4 and 1900 <= int(value) <= 2100):
            return m.start()
    return len(sentence)


def frame_years(sentence: str) -> tuple[int, ...]:
    """The years a sentence sets before its first figure (none when it sets none)."""
    first = first_figure(sentence)
    leading = [(s, e, y) for s, e, y in year_mentions(sentence) if e <= first]
    if not leading:
        return ()
    # "Giai đoạn 2020 - 2025 và đến năm 2030, ...": two ends joined by "và" both frame
    years = [leading[-1][2]]
    for (_, e0, y0), (s1, _, _) in zip(reversed(leading[:-1]), reversed(leading[1:]), strict=True):
        if not _AND_YEAR.match(sentence[e0:s1]):
            break
        years.insert(0, y0)
    return tuple(sorted(set(years)))


def _is_headline(doc: SegmentedDocument, b: Block, has_title: bool) -> bool:
    text = b.text.strip()
    if has_title or b.kind != "none" or not text or len(text) > _HEADLINE_MAX:
        return False
    if text.endswith((".", ":", ";", "!", "?", "…")) or text.startswith("|"):
        return False
    if b.index == len(doc.blocks) - 1 and b.index >= 3:  # a copy cut off mid-sentence, not a headline
        return False
    if b.index < 3:  # the headline
        return True
    # a caption further down restates figures of the body; a list line that lost its bullet does not
    figures = [m.group(1) for m in NUMBER_RE.finditer(text) if not _YEAR.fullmatch(m.group(1))]
    return bool(figures) and len(doc.text) < _CAPTION_SCAN and all(doc.text.count(f) > 1 for f in figures)


EXCLUDED_SECTIONS = {"situation", "end", "purpose", "implementation", "funding", "reporting"}


def target_scope(doc: SegmentedDocument) -> list[Block]:
    """The blocks targets are read from: the objectives section, or else every section but those
    that report the past or organise the work. Table rows are read by the table reader."""
    objectives = [b for b in doc.blocks if b.section == "objectives"]
    if objectives:
        return [b for b in objectives if not b.text.startswith("|")]
    return [b for b in doc.blocks if b.section not in EXCLUDED_SECTIONS and not b.text.startswith("|")]


def passages(doc: SegmentedDocument) -> SegmentedDocument:
    has_title = title_block(doc) is not None
    frames: list[Frame] = []
    for b in target_scope(doc):
        if _is_headline(doc, b, has_title):
            doc.headlines.add(b.index)
            if doc.headline_year is None:
                ys = year_mentions(b.text)
                doc.headline_year = ys[-1][2] if ys else None
            continue
        if not _YEAR.search(b.text):
            continue
        for s, e in sentences(b.text):
            if not _YEAR.search(b.text, s, e):
                continue
            years = frame_years(b.text[s:e])
            if years:
                frames.append(Frame(b.text_start + s, b.section, years))
    doc.frames = frames
    doc.frame_starts = [f.start for f in frames]
    return doc


def frame_at(doc: SegmentedDocument, pos: int, section: str) -> tuple[int, ...]:
    """The years in force at character ``pos``: the last frame before it in the same section."""
    i = bisect_right(doc.frame_starts, pos)
    if i == 0:
        return ()
    f = doc.frames[i - 1]
    return f.years if f.section == section else ()
