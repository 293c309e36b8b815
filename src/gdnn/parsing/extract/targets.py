"""Targets: every figure a plan commits to, with comparator, unit, year and the subject measured.

Figures are read clause by clause (clauses split at ";"). A figure is left out when it names
something ("Dự án 1", "ASEAN 4"), is a date, year, duration ("dưới 03 tháng") or amount of money, or
describes the past (baseline phrases such as "đã đạt", a section on the current situation, or a
year that ended before the plan was issued).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from gdnn.parsing.extract.quantities import Quantity, is_list_gap, quantities
from gdnn.parsing.extract.years import heading_year, respective_years, title_year, year_for, year_mentions
from gdnn.parsing.model import Block, PlanDraft, SegmentedDocument, Target
from gdnn.parsing.passages import first_figure, frame_at, frame_years, target_scope
from gdnn.parsing.textutil import clauses, fold_tones, sentences, tidy
from gdnn.parsing.vocab import phrase_regex, phrases, vocab

_INHERITABLE = {"ge", "gt", "le", "approx"}


@lru_cache(maxsize=1)
def _filler_re() -> re.Pattern[str]:
    """Leading filler words, matched on tone-folded text (so slips in tone marks still match)."""
    alts = "|".join(re.escape(fold_tones(p)) for p in phrases("targets", "subject_fillers"))
    return re.compile(rf"^(?:(?:{alts})(?!\w)[\s,]*)+", re.IGNORECASE)


@lru_cache(maxsize=1)
def _aim_re() -> re.Pattern[str]:
    alts = "|".join(re.escape(fold_tones(p)) for p in phrases("targets", "aim_verbs"))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _year_phrase_re() -> re.Pattern[str]:
    alts = "|".join(re.escape(p) for p in phrases("dates", "year_phrases"))
    return re.compile(rf"(?<!\w)(?:{alts})\s+\d{{4}}(?:\s*[-–]\s*\d{{4}})?[\s,]*", re.IGNORECASE)


def _clean_left(text: str) -> str:
    aims = list(_aim_re().finditer(fold_tones(text)))
    if aims:
        text = text[aims[-1].end() :]
    t = tidy(_year_phrase_re().sub(" ", text))
    t = tidy(_trailing_re().sub("", t))
    filler = _filler_re().match(fold_tones(t))
    return tidy(t[filler.end() :] if filler else t)


@lru_cache(maxsize=1)
def _trailing_re() -> re.Pattern[str]:
    """Comparator words and the verbs before a figure ("đạt từ", "là khoảng"), at the end of a subject."""
    words = [p for c in ("ge", "gt", "le", "approx") for p in vocab("comparators")[c]["before"]]
    words += ["đạt", "là", "có", "mức", "chiếm"]
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:(?<=\s)|^)(?:(?:{alts})\s*)+$", re.IGNORECASE)


def _clean_right(text: str) -> str:
    t = re.sub(r"^\s*(?:trở lên|trở xuống)\b", "", text, flags=re.IGNORECASE)
    t = re.sub(r"(?:^|(?<=\w))\s*/\s*(?:năm|tháng|khóa)(?!\w)", "", t, flags=re.IGNORECASE)  # "4%/năm": a rate
    t = tidy(_trailing_re().sub("", tidy(t)))  # the next figure's comparator: "... và có từ 03"
    t = re.sub(r"(?:,?\s*(?:và|trong đó|,))+\s*$", "", tidy(t), flags=re.IGNORECASE)
    t = re.sub(r"\btrở lên\b", "", t, flags=re.IGNORECASE)
    return tidy(_filler_re().sub("", tidy(t)))


def _shared_predicate(tail: str) -> str:
    m = phrase_regex("targets", "shared_predicate").search(tail)
    return tidy(tail[m.start() :]) if m else ""


_SUBSET = re.compile(r"(?<!\w)trong đó(?!\w)", re.IGNORECASE)
_OWN_SUBJECT = re.compile(r",\s*([^,;]{3,120}?)\s+(?:đạt|là|chiếm)(?:\s+[^\s,;]+){0,2}\s*$", re.IGNORECASE)


def _own_subject(gap: str) -> str:
    """The subject a later figure names for itself after a comma ("..., sau tốt nghiệp THPT đạt")."""
    if _SUBSET.search(gap):
        return ""
    m = _OWN_SUBJECT.search(gap)
    return _clean_left(m.group(1)) if m else ""


def _listed_subject(text: str, clause: tuple[int, int], qs: list[Quantity], i: int) -> str | None:
    """"Chỉ tiêu tuyển sinh: cao đẳng 600, trung cấp 400, sơ cấp 1.000 người": each figure of a list
    after a colon is measured by the words before the colon and its own label."""
    head = text[clause[0] : qs[0].start]
    colon = head.rfind(":")
    if colon < 0 or len(qs) < 2 or not all(is_list_gap(text[a.unit_end : b.start]) for a, b in pairwise(qs)):
        return None
    label = head[colon + 1 :] if i == 0 else re.sub(r"^\s*(?:,|;|và)\s*", "", text[qs[i - 1].unit_end : qs[i].start])
    return tidy(f"{_clean_left(head[:colon])} {tidy(label)}")


def _subject(text: str, clause: tuple[int, int], qs: list[Quantity], i: int) -> str:
    listed = _listed_subject(text, clause, qs, i)
    if listed:
        return listed
    q = qs[i]
    left = _clean_left(text[max(clause[0], qs[0].start - 300) : qs[0].start])
    if i > 0:
        gap = text[qs[i - 1].unit_end : q.start]
        sub = _SUBSET.search(gap)
        if sub:  # "đạt 68%, trong đó có bằng cấp, chứng chỉ đạt 30,5%": a part of the first subject
            part = _clean_left(gap[sub.end() :])
            # "..., trong đó tỷ lệ lao động qua đào tạo có bằng cấp ... đạt 40%": the part names itself in full
            left = part if part.casefold().startswith(left.casefold()) else tidy(f"{left} {part}")
        else:
            own = _own_subject(gap)
            if own:  # "THCS đạt tối thiểu 30%, sau tốt nghiệp THPT đạt 45%": the second has its own subject
                left = own
    right_end = qs[i + 1].start if i + 1 < len(qs) else clause[1]
    right_text = text[q.end : right_end]
    sub = _SUBSET.search(right_text)
    if sub and i + 1 < len(qs):
        right_text = right_text[: sub.start()]
    elif i + 1 < len(qs) and _own_subject(right_text):
        right_text = right_text[: right_text.find(",")]
    right = _clean_right(right_text)
    subject = tidy(f"{left} {right}")
    if i + 1 < len(qs):
        predicate = _shared_predicate(text[qs[-1].unit_end : min(clause[1], qs[-1].unit_end + 300)])
        if predicate and predicate not in subject:
            subject = tidy(f"{subject} {predicate}")
    if subject.count("(") != subject.count(")"):  # "đạt 68% (trong đó ... đạt 28%)": the bracket cut in two
        subject = tidy(re.sub(r"\s*[()]\s*", " ", subject))
    words = subject.split()
    return " ".join(words[:24]).rstrip(" .,;:")


def before_issue(year: int | None, draft: PlanDraft) -> bool:
    """A figure for a year that ended before the plan was issued reports a result ("năm 2022 toàn tỉnh
    đã tuyển sinh ...; tỷ lệ ... đạt 63,2%" in a plan of 2023): no plan sets a target for the past."""
    return year is not None and draft.date is not None and year < int(draft.date[:4])


_TO_DATE = re.compile(r"(?<!\w)(?:\d{1,2}\s+tháng\s+(?:đầu\s+)?năm|quý\s+(?:I{1,3}|IV|[1-4])(?!\w)(?!\s+(?:tới|sau|cuối)))", re.I)


def _is_baseline(before: str) -> bool:
    """The words before a figure report the past: "đã đạt", "hiện có", "Theo báo cáo", "đến nay",
    "trong 10 tháng năm 2019", "Trong quý III" (results to date)."""
    if "(" in before:
        before = re.sub(r"\([^()]*\)", " ", before)  # "(hiện tại đang là 2,2 triệu/năm)": an aside
    before = phrase_regex("targets", "not_baseline").sub(" ", before)  # "lao động đã qua đào tạo": a kind of worker
    return phrase_regex("targets", "baseline_phrases").search(before) is not None or _TO_DATE.search(before) is not None


@lru_cache(maxsize=1)
def _ratio_re() -> re.Pattern[str]:
    alts = "|".join(re.escape(p) for p in phrases("targets", "ratio_after"))
    return re.compile(rf"\s*(?:{alts})(?!\w)", re.IGNORECASE)


def _is_ratio(q: Quantity, sentence: str) -> bool:
    """"đạt 110% so với kế hoạch năm 2022", "đạt 77,89% kế hoạch giao": a share of a plan ("tăng 8%
    so với kế hoạch" is a growth target)."""
    if q.unit != "percent" or _ratio_re().match(sentence, q.unit_end) is None:
        return False
    return re.search(r"(?<!\w)(?:đạt|bằng|hoàn thành|vượt)(?:\s+\S+)?\s*$", sentence[max(0, q.start - 20) : q.start], re.I) is not None


TARGET_KINDS = ("point", "per_year", "period_total")
_PERIOD = re.compile(r"(?:19|20)\d\d\s*[-–—]\s*(?:19|20)\d\d|(?<!\w)trong\s+\d{1,2}\s+năm(?!\w)", re.IGNORECASE)


def target_kind(sentence: str, clause: tuple[int, int], q: Quantity, prev: Quantity | None = None) -> str:
    """"per_year" when the figure is an amount each year ("1.200 lao động/năm", "Hằng năm tuyển sinh
    ... 32.000 người", "tăng bình quân 4%/năm"): the words since the previous figure, or right after
    the unit, say so; "period_total" when a count is stated for a period named in the same clause
    ("5.000 người trong giai đoạn 2026 - 2030"); else "point" (a level at a year)."""
    per_year = phrase_regex("targets", "per_year_phrases", whole_words=False)
    left_start = clause[0]
    if prev is not None and prev.unit_end <= q.start:
        prev_right = sentence[prev.end : min(q.start, prev.unit_end + 12)]
        if per_year.search(prev_right):  # "45.000 người/năm, trong đó ... 9.500 người": a part of a yearly count
            if q.unit != "percent" and _SUBSET.search(sentence[prev.unit_end : q.start]):
                return "per_year"
            left_start = prev.unit_end + per_year.search(prev_right).end()  # type: ignore[union-attr]
        else:
            left_start = prev.unit_end
    right = sentence[q.end : min(clause[1], q.unit_end + 12)]
    if per_year.search(sentence[left_start : q.start]) or per_year.search(right):
        return "per_year"
    text = sentence[clause[0] : clause[1]]
    if q.unit != "percent" and phrase_regex("targets", "period_total_phrases").search(text) and _PERIOD.search(text):
        return "period_total"
    return "point"


def _counts_own_items(q: Quantity, sentence: str, clause: tuple[int, int], after_own: bool = False) -> bool:
    """"Kế hoạch đề ra 12 chỉ tiêu và 8 nhóm nhiệm vụ", "... gồm 5 mục tiêu, 20 chỉ tiêu": the plan
    counting its own parts (``after_own``: the figure before was such a count)."""
    before = sentence[max(clause[0], q.start - 30) : q.start]
    if not after_own and not re.search(r"(?:^|\s)(?:" + "|".join(re.escape(v) for v in phrases("targets", "own_item_verbs")) + r")\s*$", before, re.I):
        return False
    if not re.match(r"\s*(?:" + "|".join(re.escape(w) for w in phrases("targets", "own_item_words")) + r")(?!\w)", sentence[q.end :], re.I):
        return False
    return phrase_regex("targets", "plan_words").search(sentence[clause[0] : q.start]) is not None


def _drop_past_results(draft: PlanDraft, first: int) -> None:
    """A news item has no date to tell the past from the future: a figure for a year before the
    earliest year its aims are set for, in a sentence that states no aim, reports a result
    ("Năm 2014, tỉnh đào tạo nghề cho hơn 2.000 người" in an item on the 2015 targets)."""
    if draft.date is not None:
        return
    aim = phrase_regex("targets", "aim_words")
    new = draft.targets[first:]
    aim_years = [t.year for t in new if t.year is not None and aim.search(t.text)]
    if not aim_years:
        return
    floor = min(aim_years)
    draft.targets[first:] = [t for t in new if t.year is None or t.year >= floor or aim.search(t.text)]


def _has_target_verb(before: str) -> bool:
    return phrase_regex("targets", "target_verbs").search(before) is not None


def finalise(q: Quantity, prev: Quantity | None, gap: str, after: str) -> tuple[str, float | None, float | None]:
    comp = q.comparator
    for kind in ("ge", "le"):
        words = vocab("comparators")[kind]["after"]
        if not comp and any(re.match(rf"\s*{re.escape(w)}(?!\w)", after, re.IGNORECASE) for w in words):
            comp = kind
    if (
        not comp
        and prev is not None
        and prev.comparator in _INHERITABLE
        and re.fullmatch(r"[^;]*?(?:\s(?:và)|,)\s*", gap)
        and "trong đó" not in gap.casefold()
    ):
        comp = prev.comparator
    if q.unit == "percent" and q.value_min == 100 and comp != "range":
        comp = "eq"
    comp = comp or "eq"
    if comp == "range":
        return comp, q.value_min, q.value_max
    if comp in {"eq", "approx", "le"}:
        # "dưới 3%", "không quá 5%": the bound is the target's one number (value_min, as for every
        # comparator but range) and its ceiling (value_max).
        return comp, q.value_min, q.value_min
    return comp, q.value_min, None


def extract_targets(doc: SegmentedDocument, draft: PlanDraft) -> None:
    scope = target_scope(doc)
    first = len(draft.targets)
    _read_targets(doc, draft, [b for b in scope if b.index not in doc.headlines])
    if len(draft.targets) == first:  # a headline is only a restatement when the body states the figures
        _read_targets(doc, draft, [b for b in scope if b.index in doc.headlines])
    _drop_past_results(draft, first)
    for t in draft.targets[first:]:
        if t.year is None:  # no sentence, heading, passage, title or headline names one: say so, do not guess
            draft.warnings.append(f"chỉ tiêu chưa rõ năm (dòng {t.span.start_line}): {(t.subject or t.text)[:80]}")


def _years(
    doc: SegmentedDocument, block: Block, pos: int, own: int | None, default_year: int | None
) -> tuple[int | None, ...]:
    """A figure's year(s): its sentence's, its heading's, the passage's (passages stage), the title's
    or the headline's, the nearest first."""
    if own is not None:
        return (own,)
    year = heading_year(doc, block)
    if year is not None:
        return (year,)
    framed = frame_at(doc, pos, block.section)
    if framed:
        return framed
    return (default_year if default_year is not None else doc.headline_year,)


def _read_targets(doc: SegmentedDocument, draft: PlanDraft, blocks: list[Block]) -> None:
    default_year = title_year(draft.title)
    for block in blocks:
        text = block.text
        sents = sentences(text)
        for s_start, s_end in sents:
            sentence = text[s_start:s_end]
            target_text = text.strip() if len(sents) == 1 else sentence.strip()
            mentions = year_mentions(sentence)
            respective = respective_years(sentence)
            sframe, fig = (frame_years(sentence), first_figure(sentence)) if len(mentions) > 1 else ((), 0)
            for clause in clauses(sentence, 0, len(sentence)):
                qs = quantities(sentence, clause[0], clause[1])
                kept: list[Quantity] = []
                reported = False  # a clause that reports the past goes on doing so until it states an aim
                own_before = False
                last = clause[0]
                for q in qs:
                    before = sentence[max(clause[0], q.start - 120) : q.start]
                    if reported and not phrase_regex("targets", "aim_words").search(sentence[last : q.start]):
                        last = q.unit_end
                        continue
                    last = q.unit_end
                    if _is_baseline(before):
                        reported = True
                        continue
                    reported = False
                    own_items = _counts_own_items(q, sentence, clause, own_before)
                    own_before = own_items
                    if _is_ratio(q, sentence) or own_items:
                        continue
                    if q.unit == "other" and not _has_target_verb(before):
                        continue
                    kept.append(q)
                prev: Quantity | None = None
                for i, q in enumerate(kept):
                    gap = sentence[prev.unit_end : q.start] if prev else ""
                    after = sentence[q.end : clause[1]]
                    comp, vmin, vmax = finalise(q, prev, gap, after[: max(0, q.unit_end - q.end) + 12])
                    q.comparator = comp
                    own = respective[i] if len(respective) == len(kept) else year_for(mentions, q.start, q.end, clause, sentence)
                    if own is not None and len(sframe) > 1 and own == sframe[-1] and not any(fig <= st < q.start for st, _, _ in mentions):
                        own = None  # "Giai đoạn 2020 - 2025 và đến năm 2030, ... 420 người": both ends
                        years: tuple[int | None, ...] = sframe
                    else:
                        years = _years(doc, block, block.text_start + s_start, own, default_year)
                    if before_issue(years[-1], draft):
                        continue
                    subject = _subject(sentence, clause, kept, i)
                    if not subject and draft.targets and draft.targets[-1].span.start_line == block.line_no:
                        subject = draft.targets[-1].subject  # "...đạt 85%; đến năm 2030 đạt 90%"
                    start = block.text_start + s_start
                    kind = target_kind(sentence, clause, q, prev)
                    for year in years:
                        draft.targets.append(
                            Target(
                                text=target_text,
                                subject=subject,
                                value_min=vmin,
                                value_max=vmax,
                                unit=q.unit,
                                comparator=comp,
                                year=year,
                                span=doc.span(start, block.text_start + s_end),
                                context=sentence[max(clause[0], q.start - 200) : min(clause[1], q.unit_end + 200)],
                                kind=kind,
                            )
                        )
                    prev = q
