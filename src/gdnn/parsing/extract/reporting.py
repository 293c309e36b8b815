"""Reporting duties: who reports, how often, to whom (and by when, if stated)."""

from __future__ import annotations

import re

from gdnn.parsing.extract.agencies import agency_items, delegated, split_name, starts_with_agency
from gdnn.parsing.extract.items import item_body, section_items
from gdnn.parsing.model import Block, PlanDraft, ReportingDuty, SegmentedDocument
from gdnn.parsing.textutil import sentences, tidy
from gdnn.parsing.vocab import phrase_regex, phrases

_FREQUENCIES = (
    ("six_monthly", "6-monthly"),
    ("annual", "annual"),
    ("five_year", "5-year"),
    ("ten_year", "10-year"),
)


_DAY = r"(?:ngày\s+)?\d{1,2}\s*(?:/|tháng)\s*\d{1,2}(?:\s*(?:/|năm)\s*\d{4})?"
_MONTH = re.compile(r"(?:/|tháng)\s*(\d{1,2})")


def _due_dates(sentence: str, start: int = 0) -> re.Match[str] | None:
    """The first "trước ngày 15/6" at or after start; group 2 is a second date if one follows ("… và 15/12")."""
    for marker in phrases("reporting", "deadline_markers"):
        m = re.compile(rf"{re.escape(marker)}\s+({_DAY})(?:\s*(?:và|,)\s*({_DAY}))?", re.I).search(sentence, start)
        if m:
            return m
    return None


def _twice_a_year(sentence: str) -> bool:
    """Two deadlines six months apart ("trước ngày 15/6 và 15/12 hằng năm"): a 6-month and a yearly report."""
    m = _due_dates(sentence)
    if m is None or m.group(2) is None:
        return False
    first, second = (int(_MONTH.findall(d)[0]) for d in m.group(1, 2))
    return abs(second - first) == 6


def frequencies(sentence: str) -> list[str]:
    found = [label for key, label in _FREQUENCIES if phrase_regex("reporting", key).search(sentence)]
    if _twice_a_year(sentence):
        found = ["6-monthly", "annual"] + [f for f in found if f not in {"6-monthly", "annual"}]
    if "5-year" in found and "annual" in found and not re.search(r"(?<!\d)(?:hằng|hàng|cả|một) năm", sentence, re.I):
        found.remove("annual")
    if not found and phrase_regex("reporting", "ad_hoc").search(sentence):
        found = ["ad hoc"]
    if not found and phrase_regex("reporting", "periodic").search(sentence):
        found = ["periodic"]
    return found


def _recipient(sentence: str) -> str | None:
    low = sentence.casefold()
    verbs = phrase_regex("reporting", "report_verbs")
    deadlines = "|".join(re.escape(p) for p in phrases("reporting", "deadline_markers"))
    ends = "|".join(re.escape(p) for p in phrases("reporting", "recipient_ends"))
    best = None
    for marker in phrases("reporting", "recipient_markers"):
        for m in re.finditer(rf"(?<!\w){re.escape(marker)}\s+", low):
            rest = sentence[m.end() :]
            if verbs.match(rest):
                continue  # "gửi báo cáo tình hình ... về Sở X": the report, not a body ("báo" opens newspapers' names)
            if starts_with_agency(rest) or rest.casefold().startswith(("thủ tướng", "bộ", "ủy ban", "uỷ ban")):
                cut = re.split(rf"\s+(?:{ends})(?!\w)|\s+(?:{deadlines})\s+(?:ngày\s+)?\d|[.;]", rest)[0]
                cand = tidy(cut)
                if cand and (best is None or m.start() < best[0]):
                    best = (m.start(), cand)
    return best[1] if best else None


def _deadline(sentence: str, frequency: str) -> str | None:
    """The due date; of two ("trước ngày 15/6 và 15/12"), the second is the yearly report's. Each period
    may carry its own ("6 tháng (trước ngày 15/6) và hằng năm (trước ngày 15/12)"): the one after it."""
    key = next((k for k, label in _FREQUENCIES if label == frequency), None)
    own = phrase_regex("reporting", key).search(sentence) if key else None
    for start in ([own.end()] if own else []) + [0]:
        m = _due_dates(sentence, start)
        if m and (start == 0 or m.start() - start < 30):
            second = m.group(2) if frequency == "annual" else None
            return tidy(re.sub(r"(?i)^ngày\s+", "", second or m.group(1)))
    return None


def _yearly_by_deadline(sentence: str, draft: PlanDraft) -> list[str]:
    """"báo cáo Sở X trước ngày 31/12/2025" with no period stated: a report due in the year the plan
    is issued is that year's report (annual); a later or yearless due date states no period."""
    due = _deadline(sentence, "")
    year = re.search(r"(\d{4})$", due or "")
    if due and year and draft.date and year.group(1) == draft.date[:4]:
        return ["annual"]
    return []


def _duties(who: str | None, text: str, start: int, doc: SegmentedDocument, draft: PlanDraft) -> None:
    verbs = phrase_regex("reporting", "report_verbs")
    for s, e in sentences(text):
        sentence = text[s:e]
        if not verbs.search(sentence):
            continue
        for freq in frequencies(sentence) or _yearly_by_deadline(sentence, draft):
            draft.reporting.append(
                ReportingDuty(who, freq, _recipient(sentence), doc.span(start + s, start + e), _deadline(sentence, freq))
            )


def _closing_who(sentence: str) -> str | None:
    m = re.search(r"(?:yêu cầu|đề nghị)\s+(.+?)\s+(?:nghiêm túc|triển khai|thực hiện|tổ chức|khẩn trương)", sentence, re.I)
    if m:
        return tidy(m.group(1))
    # "nếu có khó khăn, vướng mắc, các cơ quan, đơn vị kịp thời báo cáo ...": the subject after the condition
    conditions = list(phrase_regex("reporting", "ad_hoc").finditer(sentence))
    if conditions:
        m = re.match(r"\s*,\s*(.+?)\s+(?:kịp thời|chủ động|phản ánh|báo cáo|gửi)", sentence[conditions[-1].end() :], re.I)
        if m and starts_with_agency(m.group(1)):
            return tidy(m.group(1))
    return None


def extract_reporting(doc: SegmentedDocument, draft: PlanDraft) -> None:
    heading, _ = section_items(doc, "implementation")
    covered: set[int] = set()
    for item, agency in zip(agency_items(doc), draft.agencies, strict=False):
        body: list[Block] = item_body(doc, item)
        covered.update(b.index for b in [item, *body])
        _duties(agency.name, item.text, item.text_start, doc, draft)
        for b in body:
            _duties(agency.name, b.text, b.text_start, doc, draft)
    for b in doc.blocks:
        if b.index in covered or b.section in {"end", "objectives", "tasks", "funding"}:
            continue
        if heading is None and b.section not in {"", "reporting", "other"}:
            continue
        subject = delegated(b.text)
        who = _closing_who(b.text) or (split_name(subject)[0] if starts_with_agency(subject) else draft.issuer)
        _duties(who, b.text, b.text_start, doc, draft)
