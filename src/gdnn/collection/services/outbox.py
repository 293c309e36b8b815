"""The analytics outbox: moves into or out of `approved`, recorded in the transaction that makes them.

The analytics worker reads the pending rows (`submission_changes_pending`), publishes a store that
holds their submissions' current state, then marks exactly those rows published
(`submission_changes_publish`). Nothing here looks at the clock: a row becomes visible when its
transaction commits, whatever its id, so the reader always takes every unpublished row.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from gdnn.collection.models import SubmissionChange


def submission_change_record(*, submission_id: int, to_state: str) -> SubmissionChange:
    """Called inside the transaction of the move (workflow `_move`, imports that approve)."""
    return SubmissionChange.objects.create(submission_id=submission_id, to_state=to_state)


def submission_changes_pending(*, limit: int | None = 50_000) -> list[tuple[int, int]]:
    """(outbox id, submission id) of every unpublished change, in id order (`limit` None: all)."""
    rows = SubmissionChange.objects.filter(published_at__isnull=True).order_by("pk").values_list("pk", "submission_id")
    return list(rows if limit is None else rows[:limit])


def submission_changes_pending_exist() -> bool:
    return SubmissionChange.objects.filter(published_at__isnull=True).exists()


@transaction.atomic
def submission_changes_publish(*, ids: Iterable[int]) -> int:
    """Mark these outbox rows published (after the store naming them is in place)."""
    ids = list(ids)
    now, done = timezone.now(), 0
    for start in range(0, len(ids), 5000):
        done += SubmissionChange.objects.filter(pk__in=ids[start:start + 5000], published_at__isnull=True).update(
            published_at=now)
    return done
