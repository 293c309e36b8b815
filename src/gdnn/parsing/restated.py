"""Targets stated twice: a news headline and its article, a plan's body and its appendix table.

The same indicator with the same figure for the same year is one target, whatever the wording; the
statement kept is a sentence rather than a table row, and of sentences the fullest (the article's
rather than its headline), in its own place.
"""

from __future__ import annotations

from gdnn.parsing.model import PlanDraft, Target


def _key(t: Target) -> tuple[object, ...] | None:
    what = t.indicator or t.subject.casefold()
    if not what:
        return None
    return (what, t.year, t.unit, t.value_min, t.value_max)


def _weight(t: Target) -> tuple[bool, int]:
    return (" | " not in t.text, len(t.text))  # a table row's text is its cells joined by " | "


def merge_restated(draft: PlanDraft) -> PlanDraft:
    fullest: dict[tuple[object, ...], Target] = {}
    for t in draft.targets:
        key = _key(t)
        if key is not None and (key not in fullest or _weight(t) > _weight(fullest[key])):
            fullest[key] = t
    draft.targets = [t for t in draft.targets if (key := _key(t)) is None or fullest[key] is t]
    return draft
