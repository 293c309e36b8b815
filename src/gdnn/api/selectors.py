"""Reads for the token and webhook pages."""

from __future__ import annotations

from django.db.models import QuerySet

from gdnn.accounts.models import User
from gdnn.api.models import WebhookDelivery, WebhookSubscription


def webhooks_of(*, user: User) -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.filter(token__user=user).select_related("token")


def deliveries_of(*, user: User, limit: int = 200) -> list[WebhookDelivery]:
    """The user's newest deliveries over all their tokens' webhooks."""
    return list(WebhookDelivery.objects.filter(subscription__token__user=user)
                .select_related("subscription__token")[:limit])
