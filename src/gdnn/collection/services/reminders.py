"""Reminders before and after a form's deadline, for `gdnn remind` (and the scheduled job).

For every data set and recent period, each unit whose reporters have not submitted gets, once:
a "due soon" notice when the window closes within `REMIND_BEFORE_DAYS`, and an "overdue" notice
once it has closed (for `OVERDUE_DAYS` after). Notices carry a key, so running it again the same
day, or every day, sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from gdnn.accounts.models import RoleAssignment
from gdnn.collection.models import Submission
from gdnn.collection.periods import periods_recent
from gdnn.collection.selectors import dataset_list, dataset_window
from gdnn.collection.worklists import DONE, FILLER_ROLES
from gdnn.notifications.models import Notification
from gdnn.notifications.services import notification_send

REMIND_BEFORE_DAYS = 7
OVERDUE_DAYS = 30


@dataclass
class RemindResult:
    due_soon: int = 0
    overdue: int = 0

    @property
    def sent(self) -> int:
        return self.due_soon + self.overdue


def reminders_send(*, on: dt.date) -> RemindResult:
    """Send the reminders due on this date; returns how many notices went out."""
    result = RemindResult()
    for ds in dataset_list():
        for period in periods_recent(ds.period_type, on, 3):
            opens, closes = dataset_window(data_set=ds, period=period)
            if opens <= on <= closes and (closes - on).days <= REMIND_BEFORE_DAYS:
                kind = Notification.Kind.DUE_SOON
            elif closes < on and (on - closes).days <= OVERDUE_DAYS:
                kind = Notification.Kind.OVERDUE
            else:
                continue
            roles = (RoleAssignment.objects.filter(role__in=FILLER_ROLES, user__is_active=True,
                                                   org_unit__level=ds.org_unit_level, org_unit__valid_to__isnull=True)
                     .select_related("user", "org_unit"))
            done = set(Submission.objects.filter(data_set=ds, period=period.code, state__in=DONE)
                       .values_list("org_unit_id", flat=True))
            for a in roles:
                unit = a.org_unit
                if unit is None or unit.pk in done:
                    continue
                link = reverse("collection:entry", args=[ds.code, unit.code, period.code])
                params = {"data_set": ds.name_vi, "data_set_en": ds.name_en or ds.name_vi, "unit": unit.name,
                          "period": period.code, "closes": f"{closes:%d/%m/%Y}", "days": (closes - on).days}
                message = "report_due_soon" if kind == Notification.Kind.DUE_SOON else "report_overdue"
                sent = notification_send(user=a.user, kind=kind, message=message, params=params, link=link,
                                         key=f"{kind}:{ds.code}:{period.code}:{unit.pk}")
                if sent is not None:
                    if kind == Notification.Kind.DUE_SOON:
                        result.due_soon += 1
                    else:
                        result.overdue += 1
    return result
