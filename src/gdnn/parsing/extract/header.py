"""Header: issuer, document number, place and date, level and title (ND 30/2020 cells 2, 3, 4, 5a)."""

from __future__ import annotations

import re
from functools import lru_cache

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
_NUMBER_LINE = re.compile(r"^\s*Số\s*(?::|(?=\d))\s*(.*)$", re.IGNORECASE)
_NATIONAL_MOTTO = re.compile(
    r"cộng hòa xã hội|cộng hoà xã hội|độc lập\s*-\s*tự do|đảng cộng sản việt nam", re.IGNORECASE
)


def _opens_with_type(text: str, name: str) -> bool:
    """'KẾ HOẠCH ...' (or 'Kế HOẠCH' from a legacy capitals font): the document type in capitals."""
    head = text[: len(name)]
    return head.upper() == name and head.split()[-1].isupper() and text[len(name) : len(name) + 1] in ("", " ", ":")


def title_block(doc: SegmentedDocument) -> Block | None:
    names = vocab("doctypes")["names"]
    for b in doc.blocks[: _HEADER_BLOCKS + 6]:
        if b.kind == "none" and any(_opens_with_type(b.text, n) and not _names_number(b.text[len(n) :]) for n in names):
            if b.text.endswith(":") and b.index and _after_preamble(doc.blocks[b.index - 1].text):
                return None  # "QUYẾT ĐỊNH:" after the "Căn cứ ..." lines opens the articles: no title above
            return b
    return None


def _after_preamble(text: str) -> bool:
    low = text.casefold()
    return text.endswith((";", ",")) or low.startswith(("căn cứ", "xét", "theo đề nghị"))


def _names_number(rest: str) -> bool:
    """A portal's headline repeats the document's type and number ("QUYẾT ĐỊNH 3685/QĐ-BNN NGÀY ..."):
    a title never starts with its own number."""
    m = re.match(r"\s*(?:SỐ\s*:?\s*)?(\S+)", rest, re.IGNORECASE)
    return bool(m and find_identifiers(m.group(1)))


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


def _is_authority_line(doc: SegmentedDocument, b: Block) -> bool:
    """An office holder ("CHỦ TỊCH ...", "BỘ TRƯỞNG ..."), or a body right before "Căn cứ ..."."""
    t = b.text.casefold()
    if any(t.startswith(h + " ") for h in phrases("doctypes", "office_holders")):
        return True
    nxt = doc.blocks[b.index + 1].text.casefold() if b.index + 1 < len(doc.blocks) else ""
    return any(t.startswith(w) for w in phrases("doctypes", "authority_bodies")) and nxt.startswith("căn cứ")


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
        if not (bare and i == 0) and b.text.isupper() and _is_authority_line(doc, b):
            break  # the decision's authority line ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH") follows its title
        parts.append(b.text)
        end = b.end
    return " ".join(parts), end


def _header_lines(doc: SegmentedDocument, limit: int) -> list[tuple[Block, str, int]]:
    """(block, text, start) of each header line. A header laid out as a table (DOCX converted to
    markdown: "| ỦY BAN NHÂN DÂN XÃ X | CỘNG HÒA ... |") gives one line per cell."""
    out = []
    for b in doc.blocks[:limit]:
        cells = row_cells(b.text) if "|" in b.text else [(0, b.text)]
        for offset, cell in cells:
            text = re.sub(r"\s*[-–—_]{3,}\s*$", "", cell)  # the rule under a header cell
            motto = _NATIONAL_MOTTO.search(text)
            if motto and motto.start() > 0:  # "UBND TỈNH X CỘNG HÒA XÃ HỘI ...": two columns on one line
                out.append((b, text[: motto.start()].strip(), b.text_start + offset))
                text, offset = text[motto.start() :], offset + motto.start()
            if text:
                out.append((b, text, b.text_start + offset))
    return out


def _issuer_from_header(doc: SegmentedDocument, limit: int) -> tuple[str, Block] | None:
    openers = phrases("agencies", "name_openers")
    found = None
    lines = _header_lines(doc, limit)
    for i, (b, line, _) in enumerate(lines):
        if _NATIONAL_MOTTO.search(line) or _NUMBER_LINE.match(line):
            # two columns read line by line: "ỦY BAN NHÂN DÂN | CỘNG HÒA ..." then "TỈNH X | Độc lập ...":
            # the body's second line comes after the motto's first
            nxt = lines[i + 1][1] if i + 1 < len(lines) else ""
            if found and not re.search(rf"(?i)(?<!\w){_UNIT_WORDS}(?!\w)", found[0]) and re.match(
                rf"(?i){_UNIT_WORDS}\s", nxt
            ) and nxt.isupper():
                found = (f"{found[0]} {nxt}", found[1])
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


_ISSUED = re.compile(
    r"ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d\d)[^.;]{0,120}?\b(?:ban hành|ký)\s+"
    r"(?:kế hoạch|chương trình|quyết định|nghị quyết|chỉ thị|đề án)",
    re.I,
)


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


_UNIT_WORDS = r"(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)"


def _authority(doc: SegmentedDocument, tb: Block | None) -> str | None:
    """The authority line of a decision, between its title and its "Căn cứ ...": "CHỦ TỊCH ỦY BAN NHÂN
    DÂN TỈNH", "BỘ TRƯỞNG BỘ X", "THỦ TƯỚNG CHÍNH PHỦ", "ỦY BAN NHÂN DÂN TỈNH X" (ND 30/2020 cell 5b).
    A copy without the "QUYẾT ĐỊNH" line (``tb`` None) has it right before the first "Căn cứ"."""
    holders = phrases("doctypes", "office_holders")
    bodies = phrases("doctypes", "authority_bodies")
    openers = phrases("doctypes", "preamble_openers")
    blocks = doc.blocks[tb.index + 1 : tb.index + 6] if tb else doc.blocks[:_HEADER_BLOCKS]
    for i, b in enumerate(blocks):
        low = b.text.casefold()
        if any(low.startswith(o + " ") for o in openers):
            return None
        if b.kind != "none" or not b.text.isupper() or len(b.text) > 120 or "|" in b.text or _NATIONAL_MOTTO.search(b.text):
            continue
        if tb is None and not (i + 1 < len(blocks) and blocks[i + 1].text.casefold().startswith("căn cứ")):
            continue
        holder = next((h for h in holders if low.startswith(h + " ")), None)
        body = b.text[len(holder) + 1 :] if holder else b.text
        if not any(body.casefold().startswith(w) for w in bodies):
            continue
        name = format_agency(body)
        name = re.sub(r"^(Bộ|Tổng cục|Cục) (\w)", lambda m: f"{m.group(1)} {m.group(2).upper()}", name)
        name = re.sub(r"(?i)^chính phủ$", "Chính phủ", name)
        return f"{holder.capitalize()} {name}" if holder else name
    return None


def _place_of(name: str | None) -> str | None:
    """"UBND tỉnh Bình Định" → "Bình Định"; "Tỉnh Bình Định" → "Bình Định"."""
    if not name:
        return None
    m = re.search(rf"(?i)(?<!\w){_UNIT_WORDS}\s+([^\W\d_][^,;()|]*)$", name.strip())
    return m.group(1).strip() if m and m.group(1)[:1].isupper() else None


def _complete(name: str, places: list[str | None]) -> str:
    """A name that stops at its unit word ("UBND tỉnh", "Chủ tịch UBND tỉnh", "Đảng bộ tỉnh") takes
    the place the header, the portal's table or the dateline gives."""
    if not re.search(rf"(?i)(?<!\w){_UNIT_WORDS}$", name):
        return name
    place = next((p for p in places if p), None)
    name = re.sub(rf"(?i)(?<!\w){_UNIT_WORDS}$", lambda m: m.group(0).lower(), name)
    return f"{name} {place}" if place else name


def _provinces_named(text: str) -> list[str]:
    """Provinces named in the text, most often named first."""
    counts: dict[str, int] = {}
    for p in vocab("agencies")["provinces"]:
        n = len(re.findall(rf"(?<!\w){re.escape(p)}(?!\w)", text))
        if n:
            counts[p] = n
    return sorted(counts, key=lambda p: -counts[p])


@lru_cache(maxsize=1)
def _issuer_verb_re() -> re.Pattern[str]:
    adverbs = "|".join(re.escape(a) for a in phrases("doctypes", "issue_adverbs"))
    verbs = "|".join(re.escape(v) for v in phrases("doctypes", "issuer_verbs"))
    return re.compile(rf"\s+(?:(?:{adverbs}|mới đây|sẽ|cũng|còn)\s+){{0,3}}(?:{verbs})(?!\w)", re.IGNORECASE)


def _subject_name(cand: str, strong: bool = True) -> str | None:
    """The body a clause's subject names: an agency ("UBND tỉnh X", "Tổng cục X"), a unit and its
    place ("thị xã Ninh Hòa"), or a province named alone ("Nghệ An")."""
    cand = re.sub(r"\s*\([^()]*\)", "", cand).strip(" ,-–—")
    cand = re.split(r"\s[–—-]\s+(?=[A-ZĐ])(?!.*\s[–—-]\s)", cand)[-1] if " - " in cand or " – " in cand else cand
    openers = phrases("agencies", "name_openers")
    low = cand.casefold()
    if any(low.startswith(o + " ") or low == o for o in openers) and low not in {"các", "đề nghị"} and not low.startswith("các "):
        return format_agency(_trim_name(cand))
    cand = _trim_name(cand)
    m = re.search(rf"(?<!\w){_UNIT_WORDS}\s+(?:[A-ZĐ][^\s,;.:]*\s?){{1,4}}$", cand)
    if m and m.start() == 0:
        return cand
    cities = vocab("agencies")["central_cities_names"]
    if strong and cand in vocab("agencies")["provinces"]:  # "Nghệ An đặt chỉ tiêu", not "Đắk Lắk phấn đấu"
        return f"thành phố {cand}" if cand in cities else f"tỉnh {cand}"
    return None


def _trim_name(name: str) -> str:
    """A body named in a sentence ends with its place: "UBND tỉnh Kon Tum mới đây ..." → "UBND tỉnh Kon Tum"."""
    m = re.search(rf"(?<!\w){_UNIT_WORDS}\s+", name)
    if not m:
        return name
    words = name[m.end() :].split()
    keep = []
    for w in words:
        if not (w[:1].isupper() or w in {"-", "–"}):
            break
        keep.append(w)
    return (name[: m.end()] + " ".join(keep)).strip()


def _issuer_in_news(doc: SegmentedDocument, start: int) -> tuple[str, Block] | None:
    """News and portal summaries name the issuer in a sentence: "Theo Kế hoạch số N của UBND tỉnh X",
    "Thủ tướng ban hành Quyết định ...", "thị xã X đặt mục tiêu ...", or a headline "Place: ..."."""
    names = "|".join(re.escape(n) for n in vocab("doctypes")["names"])
    of_doc = re.compile(rf"(?:{names})\s+(?:số\s*:?\s*)?\S+[^.;:]{{0,60}}?\s+của\s+([^,.;:()]{{3,80}})", re.I)
    best: tuple[float, str, Block] | None = None
    verbs = [str(v).casefold() for v in vocab("doctypes")["issuer_verbs"]]  # strongest first
    for b in doc.blocks[start : start + 8]:
        for m in of_doc.finditer(b.text):
            lead = re.split(r"[.;]\s", b.text[: m.start()])[-1].casefold()
            if any(c in lead for c in ("căn cứ", "thực hiện", "triển khai", "xét", "đề nghị")):
                continue
            name = _subject_name(re.split(r"\s+(?:thực hiện|về|triển khai|nhằm|ngày|phê duyệt|ban hành|quy định|hướng dẫn)\s", m.group(1))[0])
            if name and (best is None or best[0] > 1.5):  # after "X ban hành ...", before weaker verbs
                best = (1.5, name, b)
        for m in _issuer_verb_re().finditer(b.text):
            said = m.group(0).casefold().rstrip()
            rank = 1 + min(i for i, v in enumerate(verbs) if said.endswith(v))
            head = b.text[: m.start()]
            cand = re.split(r"[.;:!?]\s|,\s|^", head)[-1]
            name = _subject_name(cand, strong=rank <= verbs.index("đề ra") + 1)
            if name and (best is None or rank < best[0]):
                best = (rank, name, b)
    if best is None:
        for b in doc.blocks[start : start + 2]:
            headline = re.match(r"([^:]{3,40}):\s", b.text)  # a headline "Đạ Tẻh: 300 triệu đồng ..."
            if headline:
                place = headline.group(1).strip()
                unit = re.search(rf"(?i)(?<!\w){_UNIT_WORDS}\s+{re.escape(place)}(?!\w)", doc.text)
                if unit:
                    return unit.group(0), b
        return None
    return best[1], best[2]


def _number_issued_in_body(doc: SegmentedDocument) -> str | None:
    """News: "X vừa ban hành Kế hoạch số 255 ...", "Thủ tướng ban hành Quyết định 73/QĐ-TTg ...",
    "Theo Kế hoạch số 12/KH-UBND, ngày ... của UBND tỉnh X ..." at the opening of the article."""
    names = "|".join(re.escape(n) for n in vocab("doctypes")["names"])
    rx = re.compile(rf"(?:\b(?:ban hành|ký)\s+|^Theo\s+)(?:{names})\s+(?:số\s*:?\s*)?(\S+)", re.I)
    for b in doc.blocks[:8]:
        for m in rx.finditer(b.text):
            token = m.group(1).rstrip(",.;:)")
            ids = find_identifiers(token)
            if ids:
                return ids[0][2]
            if re.fullmatch(r"\d{1,5}", token) and "số" in m.group(0).casefold():
                return token
    return None


def _metadata_date(value: str | None) -> str | None:
    m = re.search(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d\d)", value or "")
    return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}" if m else None


def extract_header(doc: SegmentedDocument, draft: PlanDraft) -> None:
    tb = title_block(doc)
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
            place = re.sub(r"^Số\s*:?\s*\S*(?:\s*-\s*\S+)?\s*", "", place, flags=re.IGNORECASE).strip(" ,|")
            place = re.split(r"(?i)hạnh phúc|-{3,}|\|", place)[-1].strip(" ,-")
            draft.place = place or None
            draft.header_spans["date"] = doc.span(start, start + len(line))
    meta = doc.metadata
    if not number_line:
        draft.doc_number = _own_number_in_body(doc) or _number_issued_in_body(doc)
        if draft.doc_number is None and meta.get("number"):
            ids = find_identifiers(meta["number"])
            draft.doc_number = ids[0][2] if ids else None
    if draft.date is None:
        _date_of_issue_in_body(doc, draft)
    if draft.date is None:
        draft.date = _metadata_date(meta.get("date"))
    found = _issuer_from_header(doc, limit)
    header_issuer = found[0] if found else None
    authority = _authority(doc, tb)
    places = [_place_of(header_issuer), _place_of(meta.get("place")), draft.place if draft.place != "Hà Nội" else None]
    if authority and (not header_issuer or authority.casefold().endswith(header_issuer.casefold()[5:]) or authority.casefold().split()[0] in {"chủ", "bộ", "thủ", "giám", "hiệu"}):
        draft.issuer = _complete(authority, places)
        if found:
            draft.header_spans["issuer"] = doc.span(found[1].text_start, found[1].end)
    elif found and not re.fullmatch(r"(?i)ubnd|hđnd", header_issuer or ""):
        draft.issuer = _complete(found[0], places)
        draft.header_spans["issuer"] = doc.span(found[1].text_start, found[1].end)
    elif meta.get("issuer"):
        draft.issuer = format_agency(meta["issuer"])
    else:
        news = _issuer_in_news(doc, tb.index + 1 if tb else 0) or _issuer_from_sentence(doc, tb.index + 1 if tb else 0)
        if news:
            if news[0].casefold() == "thủ tướng":  # the Prime Minister, named by office alone
                news = ("Thủ tướng Chính phủ", news[1])
            named = _provinces_named(doc.text)
            draft.issuer = _complete(news[0], [*places, *named[:1]])
            draft.header_spans["issuer"] = doc.span(news[1].text_start, news[1].end)
    if draft.issuer and re.search(rf"(?i)(?<!\w){_UNIT_WORDS}$", draft.issuer):
        draft.warnings.append(f"cơ quan ban hành thiếu tên địa phương: “{draft.issuer}”")
    draft.level = _level(draft.issuer, doc)
