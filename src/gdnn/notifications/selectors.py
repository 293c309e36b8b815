"""Reads of notifications: a user's list and unread count (the header's bell)."""

from __future__ import annotations

from django.db.models import QuerySet

from gdnn.accounts.models import User
from gdnn.notifications.models import Notification


def notifications_of(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(user=user)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def notifications_unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
