"""The home page's worklist: what needs the logged-in person now, from every domain (reads only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gdnn.accounts.models import User
from gdnn.accounts.selectors import user_can_edit
from gdnn.collection.models import Submission
from gdnn.collection.worklists import FormDue, Returned, awaiting_approval, forms_to_fill, returned_to

DUTY_PLANS_CHECKED = 30


@dataclass
class Worklist:
    to_fill: list[FormDue] = field(default_factory=list)
    returned: list[Returned] = field(default_factory=list)
    awaiting: list[Submission] = field(default_factory=list)
    overdue_duties: list = field(default_factory=list)  # (plan, CalendarEntry)
    task_reports: list = field(default_factory=list)  # followup ReportRow: overdue or returned task reports
    task_reviews: int = 0  # task reports awaiting the lead's review

    @property
    def empty(self) -> bool:
        return not (self.to_fill or self.returned or self.awaiting or self.overdue_duties or self.task_reports
                    or self.task_reviews)


def worklist_for(*, user: User, today: dt.date) -> Worklist:
    from gdnn.plans.selectors import overdue_reports, plans_visible

    own_plans = [p.pk for p in plans_visible(user=user).filter(org_unit__isnull=False).select_related("org_unit")
                 [:DUTY_PLANS_CHECKED] if p.org_unit is not None and user_can_edit(user=user, unit=p.org_unit)]
    duties = overdue_reports(plans=plans_visible(user=user).filter(pk__in=own_plans), today=today) if own_plans else []
    from gdnn.followup.selectors import my_task_reports, reports_to_review

    tasks = [r for r in my_task_reports(user=user, today=today) if r.overdue or r.state == "returned"]
    return Worklist(to_fill=forms_to_fill(user=user, today=today), returned=returned_to(user=user),
                    awaiting=awaiting_approval(user=user), overdue_duties=duties, task_reports=tasks,
                    task_reviews=len(reports_to_review(user=user)))
