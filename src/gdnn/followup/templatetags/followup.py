"""`{% followup_overdue %}`: the signed-in person's overdue task reports, for pages of other apps
(the reporting calendar) that must not import gdnn.followup."""

from __future__ import annotations

from django import template

from gdnn.followup.selectors import overdue_task_reports
from gdnn.orgunits.selectors import today

register = template.Library()


@register.inclusion_tag("followup/_overdue.html", takes_context=True)
def followup_overdue(context) -> dict:
    user = context["request"].user
    return {"rows": overdue_task_reports(user=user, today=today()) if user.is_authenticated else []}
