"""`gdnn analytics verify`: the published store against the database. Reads both, writes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Sum

from gdnn.collection.models import DataValue, Submission
from gdnn.collection.services.outbox import submission_changes_pending


@dataclass(frozen=True)
class VerifyResult:
    submissions_db: int
    submissions_store: int
    values_db: int
    differences: list[str]
    pending: int

    @property
    def equal(self) -> bool:
        return not self.differences


def analytics_verify(*, limit: int = 20) -> VerifyResult:
    """Compare the published store with the database: the approved submissions, and per submission
    its count and sum of values (fact rows carry shares summing to 1 per value, so weighted sums
    give back the database's). Read-only; `pending` counts outbox rows not yet taken in."""
    from gdnn.analytics.engine import snapshot_reader

    db: dict[int, tuple[int, float]] = {
        row["submission_id"]: (row["n"], float(row["s"] or 0))
        for row in DataValue.objects.filter(submission__state=Submission.State.APPROVED)
        .values("submission_id").annotate(n=Count("pk"), s=Sum("value"))
    }
    con = snapshot_reader()
    store = {sid: (n, s) for sid, n, s in con.execute(
        "SELECT submission_id, SUM(share), SUM(value * share) FROM facts GROUP BY 1").fetchall()}
    con.close()
    differences = []
    for sid in sorted(db.keys() - store.keys()):
        differences.append(f"báo cáo #{sid} đã duyệt nhưng không có trong kho phân tích")
    for sid in sorted(store.keys() - db.keys()):
        differences.append(f"báo cáo #{sid} có trong kho phân tích nhưng không còn ở trạng thái đã duyệt")
    for sid in sorted(db.keys() & store.keys()):
        (n_db, s_db), (n_st, s_st) = db[sid], store[sid]
        if abs(n_db - n_st) > 1e-6 or abs(s_db - s_st) > 1e-6 * max(1.0, abs(s_db)):
            differences.append(f"báo cáo #{sid}: cơ sở dữ liệu {n_db} giá trị, tổng {s_db:g}; "
                               f"kho phân tích {n_st:g} giá trị, tổng {s_st:g}")
    pending = len(submission_changes_pending(limit=None))
    return VerifyResult(submissions_db=len(db), submissions_store=len(store),
                        values_db=sum(n for n, _s in db.values()), differences=differences, pending=pending)
