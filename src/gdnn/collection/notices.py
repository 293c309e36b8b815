"""The notices a report's workflow sends: one tiny function per event (Saleor's order/events.py),
called explicitly by the workflow services, never from a signal."""

from __future__ import annotations

from django.urls import reverse

from gdnn.accounts.models import Role, RoleAssignment, User
from gdnn.collection.models import Submission
from gdnn.collection.selectors import approver_roles
from gdnn.collection.worklists import unit_reporters
from gdnn.notifications.models import Notification
from gdnn.notifications.services import notifications_send


def _link(s: Submission) -> str:
    return reverse("collection:entry", args=[s.data_set.code, s.org_unit.code, s.period])


def _what(s: Submission) -> dict[str, str]:
    """The report a notice is about, as the message's parameters (the form's name in both languages)."""
    return {"data_set": s.data_set.name_vi, "data_set_en": s.data_set.name_en or s.data_set.name_vi,
            "unit": s.org_unit.name, "period": s.period}


def notice_returned(*, submission: Submission, comment: str, by_name: str) -> int:
    return notifications_send(users=unit_reporters(unit=submission.org_unit), kind=Notification.Kind.RETURNED,
                              message="report_returned" if by_name else "report_returned_anonymous",
                              params={**_what(submission), "by": by_name, "reason": comment.strip()},
                              link=_link(submission))


def notice_approved(*, submission: Submission, by_name: str) -> int:
    return notifications_send(users=unit_reporters(unit=submission.org_unit), kind=Notification.Kind.APPROVED,
                              message="report_approved" if by_name else "report_approved_anonymous",
                              params={**_what(submission), "by": by_name}, link=_link(submission))


def _approvers(submission: Submission) -> list[User]:
    """Who approves it: the province officers above the unit (a system administrator only for a
    province's own report; national administrators are not told of every school's report)."""
    roles = approver_roles(data_set=submission.data_set)
    if Role.PROVINCE_OFFICER in roles:
        roles = {Role.PROVINCE_OFFICER}
    path = submission.org_unit.path
    return [a.user for a in RoleAssignment.objects.filter(role__in=roles, user__is_active=True)
            .select_related("user", "org_unit").order_by("user__username")
            if a.org_unit is None or path.startswith(a.org_unit.path)]


def notice_submitted(*, submission: Submission) -> int:
    """In the app only: an approver of many units would otherwise get a mail per report."""
    return notifications_send(users=_approvers(submission), kind=Notification.Kind.AWAITING,
                              message="report_submitted", params=_what(submission),
                              link=_link(submission), email=False)
