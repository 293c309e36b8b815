"""A user's inbox: one row per notice (a report returned or approved, a deadline near or passed).

Its own app, beside `accounts`: it depends on nothing but the user, so every domain app may send
through it (collection's workflow and reminders today) without the apps importing each other, and
its migrations do not interleave with the account tables'.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Kind(models.TextChoices):
        RETURNED = "returned", _("Report returned")
        APPROVED = "approved", _("Report approved")
        AWAITING = "awaiting", _("Report awaiting approval")
        DUE_SOON = "due_soon", _("Deadline approaching")
        OVERDUE = "overdue", _("Report overdue")
        ACCOUNT = "account", _("Account")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # The words as sent, in Vietnamese: shown as they are for a notice stored before `message`.
    text = models.TextField(_("text"))
    # Which sentence (gdnn.notifications.messages.MESSAGES) and its parameters: the notice is written
    # when it is read, in the reader's language.
    message = models.CharField(max_length=40, blank=True, default="")
    params = models.JSONField(default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    # What the notice is about, so a scheduled reminder run twice sends it once ("" for one-off notices).
    key = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ("-created_at", "-pk")
        constraints = (
            models.UniqueConstraint(fields=["user", "key"], condition=~Q(key=""), name="notification_once_per_key"),
        )
        indexes = (models.Index(fields=["user", "read_at"], name="notification_user_unread"),)

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}"

    @property
    def shown(self) -> str:
        """The notice in the active language (its stored text when it has no message)."""
        from gdnn.notifications.messages import message_text

        return message_text(self.message, self.params, self.text) if self.message else self.text
