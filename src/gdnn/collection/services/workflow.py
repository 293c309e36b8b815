"""The submission workflow: an explicit transition table, an event row per transition.

    draft ──submit──► submitted ──approve──► approved (values locked) ──reopen──► draft
                          │  ▲
                   return │  │ submit
                          ▼  │
                        returned

Submitting runs the validation rules: errors block it; warnings (a total over 3× or under a
third of the previous period's) need a comment. Returning needs a comment. Approving and returning
are for the approver one level up (a province officer of the unit's province for an institution's
or a commune's report; a system admin for a province's report); reopening is for a system admin.
Returning and approving notify the unit's reporters (in the app, and by e-mail after the commit),
submitting its approvers (in the app);
`submissions_bulk` moves many reports through the same services, all or none.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from gdnn.accounts.models import User
from gdnn.accounts.selectors import user_can_edit
from gdnn.collection.models import Submission, SubmissionEvent
from gdnn.collection.notices import notice_approved, notice_returned, notice_submitted
from gdnn.collection.periods import period_parse
from gdnn.collection.selectors import submission_check, user_can_approve, user_can_reopen
from gdnn.collection.services.outbox import submission_change_record
from gdnn.common.clientaddr import current_client_address
from gdnn.common.errors import Conflict, DomainError, PermissionDenied
from gdnn.common.templatetags.localised import localised

State = Submission.State

# action → {from state: to state}
ACTIONS: dict[str, dict[str, str]] = {
    "submit": {State.DRAFT: State.SUBMITTED, State.RETURNED: State.SUBMITTED},
    "approve": {State.SUBMITTED: State.APPROVED},
    "return": {State.SUBMITTED: State.RETURNED},
    "reopen": {State.APPROVED: State.DRAFT},
}
TRANSITIONS: dict[str, set[str]] = {
    State.DRAFT: {State.SUBMITTED},
    State.SUBMITTED: {State.APPROVED, State.RETURNED},
    State.RETURNED: {State.SUBMITTED},
    State.APPROVED: {State.DRAFT},
}
ACTION_LABELS = {"submit": "nộp", "approve": "phê duyệt", "return": "trả lại", "reopen": "mở lại"}
# Whole sentences per action (not a verb slotted into one sentence), so each language words them itself.
_NOT_FROM_STATE = {
    "submit": gettext_noop("Không thể nộp báo cáo đang ở trạng thái “%(state)s”."),
    "approve": gettext_noop("Không thể phê duyệt báo cáo đang ở trạng thái “%(state)s”."),
    "return": gettext_noop("Không thể trả lại báo cáo đang ở trạng thái “%(state)s”."),
    "reopen": gettext_noop("Không thể mở lại báo cáo đang ở trạng thái “%(state)s”."),
}
_MOVED_MEANWHILE = {
    "submit": gettext_noop("Báo cáo vừa chuyển sang trạng thái “%(state)s”; hãy xem lại trước khi nộp."),
    "approve": gettext_noop("Báo cáo vừa chuyển sang trạng thái “%(state)s”; hãy xem lại trước khi phê duyệt."),
    "return": gettext_noop("Báo cáo vừa chuyển sang trạng thái “%(state)s”; hãy xem lại trước khi trả lại."),
    "reopen": gettext_noop("Báo cáo vừa chuyển sang trạng thái “%(state)s”; hãy xem lại trước khi mở lại."),
}


def _move(*, submission: Submission, action: str, by: User | None, comment: str) -> Submission:
    submission = Submission.objects.select_for_update().select_related("data_set", "org_unit").get(pk=submission.pk)
    target = ACTIONS[action].get(submission.state)
    if target is None or target not in TRANSITIONS[submission.state]:
        raise Conflict(gettext(_NOT_FROM_STATE[action]) % {"state": State(submission.state).label})
    event = SubmissionEvent(submission=submission, from_state=submission.state, to_state=target, action=action,
                            by=by if by is not None and by.is_authenticated else None, comment=comment.strip(),
                            client_address=current_client_address())
    submission.state = target
    submission.state_changed_at = timezone.now()
    submission.save(update_fields=["state", "state_changed_at"])
    event.save()
    if State.APPROVED in (event.from_state, target):
        # In this transaction: the analytics store learns of the move exactly when it commits.
        submission_change_record(submission_id=submission.pk, to_state=target)
    return submission


def _name(by: User | None) -> str:
    return str(by) if by is not None and by.is_authenticated else ""


@transaction.atomic
def submission_submit(*, submission: Submission, by: User | None, comment: str = "") -> Submission:
    if by is not None and not user_can_edit(user=by, unit=submission.org_unit):
        raise PermissionDenied(gettext("Bạn không có quyền nộp báo cáo của đơn vị này."))
    check = submission_check(submission=submission, period=period_parse(submission.period))
    if check.errors:
        raise Conflict(gettext("Chưa thể nộp, còn lỗi: %(errors)s")
                       % {"errors": " ".join(f.message for f in check.errors)})
    if check.warnings and not comment.strip():
        raise DomainError(gettext("Cần ghi chú giải thích trước khi nộp: %(warnings)s")
                          % {"warnings": " ".join(f.message for f in check.warnings)})
    moved = _move(submission=submission, action="submit", by=by, comment=comment)
    notice_submitted(submission=moved)
    return moved


@transaction.atomic
def submission_approve(*, submission: Submission, by: User | None, comment: str = "") -> Submission:
    if by is not None and not user_can_approve(user=by, data_set=submission.data_set, org_unit=submission.org_unit):
        raise PermissionDenied(gettext("Chỉ cán bộ phê duyệt cấp trên mới được phê duyệt báo cáo này."))
    moved = _move(submission=submission, action="approve", by=by, comment=comment)
    notice_approved(submission=moved, by_name=_name(by))
    return moved


@transaction.atomic
def submission_return(*, submission: Submission, by: User | None, comment: str = "") -> Submission:
    if by is not None and not user_can_approve(user=by, data_set=submission.data_set, org_unit=submission.org_unit):
        raise PermissionDenied(gettext("Chỉ cán bộ phê duyệt cấp trên mới được trả lại báo cáo này."))
    if not comment.strip():
        raise DomainError(gettext("Khi trả lại báo cáo cần ghi rõ lý do."))
    moved = _move(submission=submission, action="return", by=by, comment=comment)
    notice_returned(submission=moved, comment=comment, by_name=_name(by))
    return moved


@transaction.atomic
def submission_reopen(*, submission: Submission, by: User | None, comment: str = "") -> Submission:
    if by is not None and not user_can_reopen(user=by, org_unit=submission.org_unit):
        raise PermissionDenied(gettext("Chỉ quản trị hệ thống mới được mở lại báo cáo đã phê duyệt."))
    return _move(submission=submission, action="reopen", by=by, comment=comment)


class StaleAction(Conflict):
    """The report is no longer in the state the person saw: a second click of the same button
    (`done`: the first one already did it) or someone else's move in between."""

    def __init__(self, message: str, *, done: bool):
        super().__init__(message)
        self.done = done


@transaction.atomic
def submission_transition(*, submission: Submission, action: str, by: User | None, comment: str = "",
                          expected_state: str | None = None) -> Submission:
    """Dispatch a named action (from a form button or the CLI) to its service. With `expected_state`
    (the state the page showed), a repeated POST of the same action does nothing a second time."""
    services = {"submit": submission_submit, "approve": submission_approve, "return": submission_return,
                "reopen": submission_reopen}
    if action not in services:
        raise DomainError(gettext("Thao tác không hợp lệ: %(action)s") % {"action": action})
    if expected_state:
        current = Submission.objects.select_for_update().values_list("state", flat=True).get(pk=submission.pk)
        if current != expected_state:
            label = State(current).label
            if ACTIONS[action].get(expected_state) == current:
                raise StaleAction(gettext("Thao tác đã được thực hiện: báo cáo đang ở trạng thái “%(state)s”.")
                                  % {"state": label}, done=True)
            raise StaleAction(gettext(_MOVED_MEANWHILE[action]) % {"state": label}, done=False)
    return services[action](submission=submission, by=by, comment=comment)


@transaction.atomic
def submissions_bulk(*, submission_ids: list[int], action: str, by: User, comment: str = "") -> list[Submission]:
    """Approve or return many reports at once, each through its own service (so each gets its event
    row, its permission check and its notice); one refusal and none of them moves."""
    if action not in ("approve", "return"):
        raise DomainError(gettext("Thao tác hàng loạt không hợp lệ: %(action)s") % {"action": action})
    ids = sorted(set(submission_ids))
    if not ids:
        raise DomainError(gettext("Hãy chọn ít nhất một báo cáo."))
    found = {s.pk: s for s in Submission.objects.filter(pk__in=ids).select_related("data_set", "org_unit")}
    missing = [i for i in ids if i not in found]
    if missing:
        raise DomainError(gettext("Không tìm thấy %(count)d báo cáo đã chọn; hãy tải lại trang.")
                          % {"count": len(missing)})
    service = submission_approve if action == "approve" else submission_return
    done = []
    for pk in ids:
        s = found[pk]
        try:
            done.append(service(submission=s, by=by, comment=comment))
        except DomainError as exc:
            raise type(exc)(gettext("%(unit)s (%(form)s, %(period)s): %(error)s Không báo cáo nào được thay đổi.")
                            % {"unit": s.org_unit.name, "form": localised(s.data_set, "name"),
                               "period": localised(period_parse(s.period), "label"), "error": exc}) from exc
    return done
