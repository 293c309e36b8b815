"""Stage 5 — link: each target's subject → an indicator code of the GDNN catalog, with a confidence.

Scoring is phrase overlap on case-folded text with diacritics kept: every `require` group of an
indicator must match (in the subject, or with less weight in the whole clause), each matched phrase
scores its length in words, `boost` phrases add half of theirs, an `exclude` phrase rules the
indicator out, and a unit the indicator is not stated in halves the score.
"""

from __future__ import annotations

import re
from functools import lru_cache

from gdnn.indicators.catalog import Indicator, load_catalog
from gdnn.parsing.model import PlanDraft, Span, Target
from gdnn.parsing.textutil import match_key

THRESHOLD = 0.45
_CONTEXT_WEIGHT = 0.6


@lru_cache(maxsize=2048)
def _phrase_re(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(match_key(phrase).strip())}(?!\w)")


@lru_cache(maxsize=2048)
def _phrase_words(phrase: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", match_key(phrase)))


class _Text(str):
    """A text to match, with its set of words for a quick test before any regex runs."""

    words: frozenset[str]


def _prepare(text: str) -> _Text:
    t = _Text(match_key(text))
    t.words = frozenset(re.findall(r"\w+", t))
    return t


def _has(text: str, phrase: str) -> bool:
    if isinstance(text, _Text) and not _phrase_words(phrase) <= text.words:
        return False
    return _phrase_re(phrase).search(text) is not None


def _words(phrase: str) -> int:
    return len(phrase.split())


def _score_in(ind: Indicator, text: str) -> float:
    if any(_has(text, p) for p in ind.match.exclude):
        return 0.0
    score = 0.0
    for group in ind.match.require:
        hits = [_words(p) for p in group if _has(text, p)]
        if not hits:
            return 0.0
        score += max(hits)
    score += 0.5 * sum(_words(p) for p in ind.match.boost if _has(text, p))
    return score


def score(ind: Indicator, target: Target, text: str, weight: float = 1.0) -> float:
    s = weight * _score_in(ind, text)
    if s and target.unit not in ind.units:
        s *= 0.5
    return s


def link_target(target: Target) -> tuple[str | None, float]:
    return _link(target.subject, target.context or target.text[:400], target.unit)


@lru_cache(maxsize=4096)
def _link(subject: str, context: str, unit: str) -> tuple[str | None, float]:
    """The best indicator for the subject; only when none matches the subject, for the whole clause."""
    target = Target("", subject, None, None, unit, "", None, Span(0, 0, 0, 0), context)
    best, best_score = None, 0.0
    for text, weight in ((subject, 1.0), (context, _CONTEXT_WEIGHT)):
        key = _prepare(text)
        for ind in load_catalog().indicators:
            s = score(ind, target, key, weight)
            if s > best_score:
                best, best_score = ind, s
        if best is not None:
            break
    confidence = best_score / (best_score + 2.0)
    if best is None or confidence < THRESHOLD:
        return None, confidence
    return best.code, confidence


def link(draft: PlanDraft) -> PlanDraft:
    for t in draft.targets:
        t.indicator, t.confidence = link_target(t)
        if t.indicator is None:
            draft.warnings.append(f"chỉ tiêu chưa gắn mã chỉ số (dòng {t.span.start_line}): {t.subject[:80]}")
    return draft
