"""What the header needs on every page: the unread notifications, the Users link."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from gdnn.notifications.selectors import notifications_unread_count


def unread(request: HttpRequest) -> dict[str, object]:
    """The header's bell and whether to show the Users link (both lazy: computed only if rendered)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from gdnn.accounts.administration.selectors import user_may_administer

    return {"notifications_unread": SimpleLazyObject(lambda: notifications_unread_count(user=user)),
            "may_administer": SimpleLazyObject(lambda: user_may_administer(actor=user))}
