"""Writes of notifications: send one (in-app row, and an e-mail job after the commit), mark read."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation

from gdnn.accounts.models import User
from gdnn.common.mail import mail_send
from gdnn.notifications.messages import message_text
from gdnn.notifications.models import Notification

log = logging.getLogger(__name__)


def _absolute(link: str) -> str:
    base = getattr(settings, "GDNN_BASE_URL", "").rstrip("/")
    return f"{base}{link}" if base and link.startswith("/") else link


@task()
def notification_mail_task(notification_id: int) -> None:
    """The worker sends a notice's e-mail: a slow or absent mail server never holds up the request
    (an approval of 50 reports, say) that made the notices."""
    _mail(notification_id)


def recipient_language(user: User) -> str:
    """The language a user's e-mail is written in: Vietnamese, since an account keeps no language
    of its own (a page's language is a browser cookie, unknown to the worker). Never the sender's."""
    return "vi"


def _mail(notification_id: int) -> None:
    """Send the e-mail of one notice, in its recipient's language; a mail server that fails is
    logged, never shown to the sender."""
    n = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if n is None or not n.user.email:
        return
    with translation.override(recipient_language(n.user)):
        body = n.shown + (f"\n\n{_absolute(n.link)}" if n.link else "")
        subject = str(n.get_kind_display())
    try:
        mail_send(to=n.user.email, subject=subject, body=body)
    except Exception:  # SMTP down or refused: the in-app notice is there anyway
        log.exception("could not e-mail notification %s", n.pk)
        return
    Notification.objects.filter(pk=n.pk).update(emailed=True)


@transaction.atomic
def notification_send(*, user: User, kind: str, text: str = "", message: str = "", params: dict | None = None,
                      link: str = "", key: str = "", email: bool = True) -> Notification | None:
    """Notify one active user; with a key, only once per user and key (None when already sent).

    With a `message` (gdnn.notifications.messages) and its `params`, the notice is written in the
    reader's language when read; `text` is kept (Vietnamese, as the message reads) for the record."""
    if not user.is_active:
        return None
    if key and Notification.objects.filter(user=user, key=key[:200]).exists():
        return None
    params = params or {}
    if message:
        with translation.override("vi"):
            text = message_text(message, params, text)
    n = Notification.objects.create(user=user, kind=kind, text=text, message=message, params=params,
                                    link=link[:300], key=key[:200])
    if email and user.email:
        transaction.on_commit(lambda: notification_mail_task.enqueue(n.pk))
    return n


def notifications_send(*, users: Iterable[User], kind: str, text: str = "", message: str = "",
                       params: dict | None = None, link: str = "", key: str = "", email: bool = True) -> int:
    """The same notice to several users; returns how many were sent (not already sent before)."""
    sent = 0
    seen: set[int] = set()
    for user in users:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        sent += notification_send(user=user, kind=kind, text=text, message=message, params=params, link=link,
                                  key=key, email=email) is not None
    return sent


@transaction.atomic
def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notices read (all unread ones when no ids); another user's ids are ignored."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
