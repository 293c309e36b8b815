"""Limits per user, the counters behind every limit, webhook subscriptions and their deliveries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gdnn.accounts.models import ApiToken


class ApiUserLimit(models.Model):
    """A user's own limits over all their tokens together; empty fields take the settings' defaults
    (GDNN_API_USER_RATE_PER_MINUTE, GDNN_API_USER_QUOTA_PER_DAY); 0 means no limit."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_limit")
    rate_per_minute = models.PositiveIntegerField(_("requests per minute"), null=True, blank=True)
    quota_per_day = models.PositiveIntegerField(_("requests per day"), null=True, blank=True)

    class Meta:
        verbose_name = _("API limit of a user")
        verbose_name_plural = _("API limits of users")

    def __str__(self) -> str:
        return f"{self.user} · {self.rate_per_minute}/min · {self.quota_per_day}/day"


class ApiRateCounter(models.Model):
    """Requests counted in one window for one key (`token:<id>:minute`, `user:<id>:day`, …). The
    window opens at the first request after the last one closed. Kept in the database, which every
    web server shares (decision 0010); one row per key, so the table never grows past keys."""

    key = models.CharField(max_length=64, unique=True)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.count} since {self.window_start:%H:%M:%S}"


class WebhookSubscription(models.Model):
    class Event(models.TextChoices):
        SUBMISSION_APPROVED = "submission.approved", _("A report was approved")
        PLAN_PUBLISHED = "plan.published", _("A plan was published")

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(_("address"), max_length=500)
    events = models.CharField(_("events"), max_length=200)  # space-separated Event values
    # The HMAC key; shown once when the subscription is made, kept to sign each payload.
    secret = models.CharField(max_length=64, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.url} ({self.events})"

    @property
    def event_list(self) -> list[str]:
        return self.events.split()


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription.url}: {self.status}"
