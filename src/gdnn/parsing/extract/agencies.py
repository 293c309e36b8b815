"""Agencies and their roles: one per numbered item of "Tổ chức thực hiện".

Roles (gold README): lead when the item gives the agency "Chủ trì"; cooperate when every duty opens
with "Phối hợp"/"Chủ động phối hợp"; mixed otherwise ("Chủ trì" plus a separate "phối hợp" duty,
"Phối hợp" plus own duties, or own duties only). Reporting sentences do not count.
"""

from __future__ import annotations

import re
from functools import lru_cache

from gdnn.parsing.extract.items import item_body, section_items
from gdnn.parsing.model import Agency, Block, PlanDraft, SegmentedDocument
from gdnn.parsing.textutil import clauses, sentences, tidy
from gdnn.parsing.vocab import phrase_regex, phrases

_LEAD = ("chủ trì",)
# "là cơ quan thường trực, chủ trì ...": chủ trì as the agency's own verb (not "đơn vị chủ trì")
_LEAD_VERB = re.compile(r"^[^;]{0,60}?,\s*chủ trì(?!\w)", re.IGNORECASE)
_COOP = ("phối hợp", "chủ động phối hợp")


@lru_cache(maxsize=1)
def _verb_re() -> re.Pattern[str]:
    alts = "|".join(re.escape(v) for v in phrases("agencies", "duty_verbs"))
    return re.compile(rf"(?<!các )(?<!và )(?<=\s)(?:{alts})(?!\w)", re.IGNORECASE)


def starts_with_agency(text: str) -> bool:
    t = text.casefold()
    return any(t.startswith(o + " ") for o in phrases("agencies", "name_openers"))


@lru_cache(maxsize=1)
def _delegation_re() -> re.Pattern[str]:
    alts = "|".join(re.escape(v) for v in sorted(phrases("agencies", "delegation_verbs"), key=len, reverse=True))
    return re.compile(rf"^(?:([^,;:]{{2,80}}?)\s+)?(?:{alts})\s+", re.IGNORECASE)


def delegated(text: str) -> str:
    """'UBND tỉnh giao Sở X chủ trì, ...' → 'Sở X chủ trì, ...': the body given a duty is its subject."""
    m = _delegation_re().match(text)
    if m and (m.group(1) is None or starts_with_agency(m.group(1))) and starts_with_agency(text[m.end() :]):
        return text[m.end() :]
    return text


def _ends_with_opener(text: str) -> bool:
    t = " " + text.casefold().rstrip()
    return any(t.endswith(" " + o) for o in phrases("agencies", "name_openers"))


def split_name(text: str) -> tuple[str, str]:
    """'Sở X chủ trì, phối hợp ...' → ('Sở X', 'chủ trì, phối hợp ...'); 'Sở X: ...' likewise."""
    colon = text.find(":")
    if 0 < colon < 160 and starts_with_agency(text[:colon]):
        return tidy(text[:colon]), text[colon + 1 :].strip()
    for m in _verb_re().finditer(text):
        if text[m.start()].isupper() and _ends_with_opener(text[: m.start()]):
            continue  # part of a proper name: "Ủy ban Kiểm tra", "Ban Chỉ đạo", "Trung tâm Hỗ trợ"
        if m.start() > 2:
            return tidy(text[: m.start()]), text[m.start() :]
        break
    return tidy(text.split(",")[0]), text


def _is_reporting(sentence: str) -> bool:
    if _opens(sentence, _LEAD + _COOP):
        return False
    return phrase_regex("reporting", "report_verbs").search(sentence) is not None and (
        phrase_regex("reporting", "periodic").search(sentence) is not None
        or sentence.casefold().lstrip().startswith(("tổng hợp", "báo cáo"))
    )


def _opens(text: str, words: tuple[str, ...]) -> bool:
    t = re.sub(r"^[\W\d_]+", "", text.casefold())
    return t.startswith(words)


def role_of(duties: list[str]) -> str:
    lead = coop = own = False
    coop_separate = False
    for duty in duties:
        for s, e in sentences(duty):
            sentence = duty[s:e]
            parts = [sentence[a:b] for a, b in clauses(sentence, 0, len(sentence))]
            parts = [p for p in parts if not _is_reporting(p)]
            if not parts:
                continue
            if _opens(parts[0], _LEAD) or _LEAD_VERB.search(parts[0]):
                lead = True
                if any(_opens(p, _COOP) for p in parts[1:]):
                    coop_separate = True
            elif _opens(parts[0], _COOP):
                coop = True
            else:
                own = True
    if lead:
        return "mixed" if (coop_separate or coop) else "lead"
    if coop:
        return "mixed" if own else "cooperate"
    return "mixed"


def _heading_like(doc: SegmentedDocument, item: Block) -> bool:
    """An item that only names the agency, its duties in the lines below."""
    colon = item.text.find(":")
    if 0 < colon < 160 and starts_with_agency(item.text[:colon]) and item.text[colon + 1 :].strip():
        return False
    return bool(item_body(doc, item)) and len(item.text) < 300 and not item.text.rstrip().endswith(".")


def _listed_bodies(doc: SegmentedDocument, item: Block) -> list[Block]:
    """"1. Các sở, ban, ngành: a) Sở X: ...; b) Sở Y: ...": an item that only groups bodies, each
    sub-item naming one; the sub-items are then the agencies. Empty for an ordinary item."""
    if item.text.rstrip().endswith(".") or not (item.text.rstrip().endswith(":") or _heading_like(doc, item)):
        return []
    subs = [b for b in item_body(doc, item) if b.kind != "none" and b.parents[-1:] == [item.index]]
    if len(subs) < 2 or not all(starts_with_agency(b.text) for b in subs):
        return []
    return subs


def agency_items(doc: SegmentedDocument) -> list[Block]:
    """The blocks that each name one agency: the items of "Tổ chức thực hiện", a grouping item
    replaced by its sub-items."""
    _, items = section_items(doc, "implementation")
    return [sub for item in items for sub in (_listed_bodies(doc, item) or [item])]


def extract_agencies(doc: SegmentedDocument, draft: PlanDraft) -> None:
    heading, _ = section_items(doc, "implementation")
    if heading is None:
        _agencies_from_sentences(doc, draft)
        return
    for item in agency_items(doc):
        body = item_body(doc, item)
        if _heading_like(doc, item):
            name, duties = tidy(item.text.rstrip(":.")), [b.text for b in body]
        else:
            name, first = split_name(item.text)
            duties = [first] + [b.text for b in body]
        if not name:
            continue
        draft.agencies.append(Agency(name, role_of(duties), doc.span(item.text_start, item.text_start + len(item.text))))


def _agencies_from_sentences(doc: SegmentedDocument, draft: PlanDraft) -> None:
    """Texts without an implementation section (news summaries): sentences led by a body that chủ trì/phối hợp."""
    seen: set[str] = set()
    for b in doc.blocks:
        text = delegated(b.text)
        if b.section in {"end"} or not starts_with_agency(text):
            continue
        name, rest = split_name(text)
        if not _opens(rest, _LEAD + _COOP) or name.casefold() in seen:
            continue
        seen.add(name.casefold())
        draft.agencies.append(Agency(name, role_of([rest]), doc.span(b.text_start, b.end)))
