"""Header: issuer, document number, place and date, level and title (ND 30/2020 cells 2, 3, 4, 5a)."""

from __future__ import annotations

import re

from gdnn.parsing.extract.agencies import starts_with_agency
from gdnn.parsing.extract.issuer_names import format_agency
from gdnn.parsing.extract.references import find_identifiers
from gdnn.parsing.model import Block, PlanDraft, SegmentedDocument
from gdnn.parsing.normalise import is_attachment_line
from gdnn.parsing.textutil import row_cells
from gdnn.parsing.vocab import phrases, vocab

_HEADER_BLOCKS = 14
_DATELINE = re.compile(
    r"(?:^|[,\s])ngày\s*(\d{1,2})?\s*(?:[/.-]|\s)\s*tháng\s*(\d{1,2})?\s*(?:[/.-]|\s)\s*năm\s*((?:19|20)\d\d)",
    re.IGNORECASE,
)
_NUMBER_LINE = re.compile(r"^\s*Số\s*:?\s*(.*)$", re.IGNORECASE)
_NATIONAL_MOTTO = re.compile(
    r"cộng hòa xã hội|cộng hoà xã hội|độc lập\s*-\s*tự do|đảng cộng sản việt nam", re.IGNORECASE
)


def _opens_with_type(text: str, name: str) -> bool:
    """'KẾ HOẠCH ...' (or 'Kế HOẠCH' from a legacy capitals font): the document type in capitals."""
    head = text[: len(name)]
    return head.upper() == name and head.split()[-1].isupper() and text[len(name) : len(name) + 1] in ("", " ", ":")


def _title_block(doc: SegmentedDocument) -> Block | None:
    names = vocab("doctypes")["names"]
    for b in doc.blocks[: _HEADER_BLOCKS + 6]:
        if b.kind == "none" and any(_opens_with_type(b.text, n) for n in names):
            return b
    return None


def _attached_title_block(doc: SegmentedDocument, tb: Block) -> Block | None:
    """A decision that issues a plan ("QUYẾT ĐỊNH Về việc ban hành Kế hoạch ...") carries the plan after
    its signature, under its own title and an attachment line: that title is the plan's."""
    names = vocab("doctypes")["names"]
    for b in doc.blocks[tb.index + 1 :]:
        if (
            b.kind == "none"
            and any(_opens_with_type(b.text, n) for n in names)
            and any(is_attachment_line(n.text) for n in doc.blocks[b.index + 1 : b.index + 5])
        ):
            return b
    return None


def _title(doc: SegmentedDocument, tb: Block) -> tuple[str, int]:
    parts = [tb.text]
    end = tb.end
    openers = phrases("doctypes", "preamble_openers")
    bare = tb.text.strip().rstrip(":") in vocab("doctypes")["names"]
    for i, b in enumerate(doc.blocks[tb.index + 1 : tb.index + 5]):
        t = b.text.casefold()
        if b.kind != "none" or _NUMBER_LINE.match(b.text) or b.text.endswith(":") or is_attachment_line(b.text):
            break
        if not (bare and i == 0) and (any(t.startswith(o + " ") for o in openers) or len(b.text) > 400):
            break
        parts.append(b.text)
        end = b.end
    return " ".join(parts), end


def _header_lines(doc: SegmentedDocument, limit: int) -> list[tuple[Block, str, int]]:
    """(block, text, start) of each header line. A header laid out as a table (DOCX converted to
    markdown: "| ỦY BAN NHÂN DÂN XÃ X | CỘNG HÒA ... |") gives one line per cell."""
    out = []
    for b in doc.blocks[:limit]:
        if not b.text.startswith("|"):
            out.append((b, b.text, b.text_start))
            continue
        for offset, cell in row_cells(b.text):
            text = re.sub(r"\s*[-–—_]{3,}\s*$", "", cell)  # the rule under a header cell
            if text:
                out.append((b, text, b.text_start + offset))
    return out


def _issuer_from_header(doc: SegmentedDocument, limit: int) -> tuple[str, Block] | None:
    openers = phrases("agencies", "name_openers")
    found = None
    for b, line, _ in _header_lines(doc, limit):
        if _NATIONAL_MOTTO.search(line) or _NUMBER_LINE.match(line):
            break
        letters = [c for c in line if c.isalpha()]
        if letters and all(c.isupper() for c in letters) and any(line.casefold().startswith(o) for o in openers):
            found = (line, b)
    if found:
        text = found[0]
        # parent body on the first line(s), issuing body last: keep the last agency phrase
        parts = re.split(
            r"(?<!ỦY)(?<!UỶ)\s(?=(?:SỞ|PHÒNG|BAN|TRƯỜNG|TRUNG TÂM|CỤC|CHI CỤC|VĂN PHÒNG)\s)|(?<!XÃ)(?<!BCH)(?<!HÀNH)(?<!VỤ)\s(?=HỘI\s)", text
        )
        name = parts[-1]
        # a mass organisation's national body ends with the country's or the Youth Union's name
        # ("HỘI NÔNG DÂN VIỆT NAM / BCH HỘI NÔNG DÂN TỈNH X"), unless the place follows ("... VIỆT NAM TỈNH X")
        tail = re.split(r"(?:(?<=VIỆT NAM)|(?<=HỒ CHÍ MINH))\s+(?=\w)", name)[-1]
        if starts_with_agency(tail):
            name = tail
        return _body_spelling(doc, format_agency(name)), found[1]
    return None


def _body_spelling(doc: SegmentedDocument, name: str) -> str:
    """A name rebuilt from capitals takes the spelling the body uses for it, when the body names it."""
    core = name[5:] if name.startswith("UBND ") else name
    if len(core) < 6:
        return name
    pos = doc.text.casefold().find(core.casefold())
    while pos != -1:
        found = doc.text[pos : pos + len(core)]
        if not found.isupper():
            return name[: len(name) - len(core)] + found
        pos = doc.text.casefold().find(core.casefold(), pos + 1)
    return name


def _issuer_from_sentence(doc: SegmentedDocument, start: int) -> tuple[str, Block] | None:
    adverbs = "|".join(re.escape(a) for a in phrases("doctypes", "issue_adverbs"))
    rx = re.compile(
        # after a sentence break, a parenthesis or a news source tag ("(BĐĐT) - UBND tỉnh X vừa ban hành ...")
        r"(?:^|[,.;:]\s*|\)\s*[,–—-]?\s*|\s[–—-]\s+)([^,.;:()]{3,90}?)\s+"
        rf"(?:(?:{adverbs})\s+){{0,2}}(?:ban hành|xây dựng|triển khai xây dựng)\s+(?:\S+\s+)?(?:kế hoạch|chương trình)",
        re.IGNORECASE,
    )
    openers = phrases("agencies", "name_openers")
    for b in doc.blocks[start : start + 6]:
        for m in rx.finditer(b.text):
            cand = m.group(1).strip()
            # a dateline before the body: "Quảng Ngãi - UBND tỉnh Quảng Ngãi vừa ban hành ..."
            for cut in [0, *(d.end() for d in re.finditer(r"\s[–—-]\s+", cand))]:
                name = cand[cut:]
                if any(name.casefold().startswith(o) for o in openers):
                    return format_agency(name), b
    return None


def _level(issuer: str | None, doc: SegmentedDocument) -> str | None:
    if issuer:
        low = " " + issuer.casefold().replace("ubnd", "ủy ban nhân dân") + " "
        m = re.search(r"thành phố ([^,()]+)", low)
        if m and any(m.group(1).strip().startswith(c) for c in phrases("agencies", "central_cities")):
            return "province"
        if m and not re.search(r"(?<!\w)(?:tỉnh|thành|huyện|quận|đảng)\s?ủy", low):
            return "district"
        body = re.sub(r"^\s*(?:ban chấp hành|ban thường vụ|bch|btv)\s+", " ", low)
        mass = any(body.startswith(" " + w + " ") for w in phrases("agencies", "mass_organisations"))
        for level, words in vocab("agencies")["levels"].items():
            if mass and level == "party":
                continue
            if any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", low) for w in words):
                return str(level)
    text = doc.text.casefold()
    scores = {
        level: sum(len(re.findall(rf"(?<!\w){re.escape(w)}(?!\w)", text)) for w in words)
        for level, words in vocab("agencies")["level_signals"].items()
    }
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] else None


def _own_number_in_body(doc: SegmentedDocument) -> str | None:
    own = phrases("doctypes", "own_number_phrases")
    cites = phrases("doctypes", "citation_phrases")
    for start, _, ident in find_identifiers(doc.text):
        before = doc.text[max(0, start - 40) : start].casefold().rstrip()
        line_start = max(doc.text.rfind("\n", 0, start) + 1, start - 200)
        for p in own:
            if before.endswith(p):
                lead = doc.text[line_start:start].casefold()[: -len(p) - 1].strip(" ,")
                own_plan = "/KH" in ident.upper() or "KH/" in ident.upper()
                cited = bool(lead) and any(lead.endswith(c) for c in cites)
                if own_plan and (p.startswith("ban hành") or not cited):
                    return ident
    return None


_ISSUED = re.compile(r"ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d\d)[^.;]{0,120}?\bban hành\s+(?:kế hoạch|chương trình)", re.I)


# The date right after the plan's own number: "Kế hoạch số 123/KH-UBND (ngày 28/3/2023)",
# "Kế hoạch số 84/KH-UBND ngày 12 tháng 4 năm 2024".
_DATED = re.compile(
    r"\s*[(,]?\s*(?:ban hành\s+)?ngày\s+(\d{1,2})\s*(?:[/.-]|\s+tháng\s+)\s*(\d{1,2})\s*(?:[/.-]|\s+năm\s+)\s*((?:19|20)\d\d)",
    re.I,
)


def _date_of_issue_in_body(doc: SegmentedDocument, draft: PlanDraft) -> None:
    """News style: "Ngày 12/4/2024, UBND tỉnh X ban hành Kế hoạch số ...", "... Kế hoạch số N (ngày d/m/y)"."""
    for b in doc.blocks[:6]:
        m = _ISSUED.search(b.text)
        if m:
            draft.date = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
            draft.header_spans["date"] = doc.span(b.text_start + m.start(), b.text_start + m.end())
            return
        pos = b.text.find(draft.doc_number) if draft.doc_number else -1
        m = _DATED.match(b.text, pos + len(draft.doc_number or "")) if pos != -1 else None
        if m:
            draft.date = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
            draft.header_spans["date"] = doc.span(b.text_start + pos, b.text_start + m.end())
            return


def extract_header(doc: SegmentedDocument, draft: PlanDraft) -> None:
    tb = _title_block(doc)
    limit = tb.index if tb else _HEADER_BLOCKS
    if tb:
        plan = _attached_title_block(doc, tb) or tb
        draft.title, end = _title(doc, plan)
        draft.header_spans["title"] = doc.span(plan.text_start, end)
    number_line = False
    for _, line, start in _header_lines(doc, max(limit, 1) + 2):
        m = _NUMBER_LINE.match(line)
        if m and not number_line:
            number_line = True
            ids = [i for i in find_identifiers(m.group(1)) if i[0] <= 2]
            if ids:
                draft.doc_number = ids[0][2]
                draft.header_spans["doc_number"] = doc.span(start, start + len(line))
        d = _DATELINE.search(line)
        if d and draft.date is None:
            day, month, year = d.group(1), d.group(2), d.group(3)
            draft.date = year + (f"-{int(month):02d}" if month else "") + (f"-{int(day):02d}" if month and day else "")
            place = line[: d.start()].strip(" ,")
            place = re.sub(r"^Số\s*:?\s*\S*(?:\s*-\s*\S+)?\s*", "", place, flags=re.IGNORECASE).strip(" ,")
            place = re.split(r"(?i)hạnh phúc|-{3,}", place)[-1].strip(" ,-")
            draft.place = place or None
            draft.header_spans["date"] = doc.span(start, start + len(line))
    if not number_line:
        draft.doc_number = _own_number_in_body(doc)
    if draft.date is None:
        _date_of_issue_in_body(doc, draft)
    found = _issuer_from_header(doc, limit) or _issuer_from_sentence(doc, tb.index + 1 if tb else 0)
    if found:
        draft.issuer = found[0]
        draft.header_spans["issuer"] = doc.span(found[1].text_start, found[1].end)
    draft.level = _level(draft.issuer, doc)
