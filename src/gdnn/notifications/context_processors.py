"""The header's bell: the unread count of the logged-in user, on every page."""

from __future__ import annotations

from django.http import HttpRequest

from gdnn.notifications.selectors import notifications_unread_count


def unread(request: HttpRequest) -> dict[str, int]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_unread": notifications_unread_count(user=user)}  # type: ignore[arg-type]
