"""Webhooks: subscriptions per token, deliveries written with the change, sent by the worker.

An approval (`submission.approved`) or a plan's publication (`plan.published`) writes one
`WebhookDelivery` per matching subscription in the transaction of the change (signal receivers on
`SubmissionEvent` and the audit event), so a delivery exists exactly when the change committed; the
delivery task is enqueued on commit. The task POSTs the JSON payload signed with the subscription's
secret:

    X-GDNN-Event: submission.approved
    X-GDNN-Delivery: <delivery id>
    X-GDNN-Timestamp: <unix seconds>
    X-GDNN-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>." + body)>

Any answer other than 2xx, or no answer within WEBHOOK_TIMEOUT seconds, is retried after
1, 2, 4, … minutes (BACKOFF_SECONDS · 2^(attempt-1), at most a day apart) until MAX_ATTEMPTS.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext

from gdnn.accounts.models import ApiToken
from gdnn.api.models import WebhookDelivery, WebhookSubscription
from gdnn.common.errors import Conflict, DomainError, NotFound

log = logging.getLogger("gdnn.api.webhooks")
EVENTS = tuple(WebhookSubscription.Event.values)
MAX_ATTEMPTS = 8
WEBHOOK_TIMEOUT = 10
MAX_SUBSCRIPTIONS_PER_TOKEN = 10


def _backoff_seconds() -> float:
    return float(getattr(settings, "GDNN_WEBHOOK_BACKOFF_SECONDS", 60))


def _private(host: str) -> bool:
    """True for an address inside the server's own networks (loopback, private, link-local such as
    cloud metadata, reserved): a webhook must not make GDNN probe them, unless the installation
    allows it (GDNN_WEBHOOK_ALLOW_PRIVATE, e.g. a warehouse on the same LAN)."""
    if getattr(settings, "GDNN_WEBHOOK_ALLOW_PRIVATE", False):
        return False
    if host.strip("[]").lower() in ("localhost", "localhost.localdomain") or host.lower().endswith(".localhost"):
        return True
    try:
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(host.strip("[]"), None)}
    except (OSError, UnicodeError):
        return False  # unresolvable now: the delivery reports it
    return any(not ipaddress.ip_address(a.split("%")[0]).is_global for a in addresses)


def _literal_private(host: str) -> bool:
    try:
        return not ipaddress.ip_address(host.strip("[]")).is_global
    except ValueError:
        return host.lower() == "localhost" or host.lower().endswith(".localhost")


def sign(*, secret: str, timestamp: str, body: bytes) -> str:
    """The signature header's value for a body sent at `timestamp` (receivers recompute it)."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


# --- subscriptions (services) ----------------------------------------------------------------------

@transaction.atomic
def webhook_subscribe(*, token: ApiToken, url: str, events: list[str]) -> WebhookSubscription:
    """A new subscription of the token to `events` at `url` (http or https); its secret is new."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 500:
        raise DomainError(gettext("Địa chỉ nhận phải là một URL http:// hoặc https:// đầy đủ."))
    if _literal_private(parts.hostname) and not getattr(settings, "GDNN_WEBHOOK_ALLOW_PRIVATE", False):
        raise DomainError(gettext("Địa chỉ nhận là một địa chỉ nội bộ; quản trị hệ thống phải cho phép điều này."))
    unknown = sorted(set(events) - set(EVENTS))
    if unknown or not events:
        raise DomainError(gettext("Sự kiện không hợp lệ: %(events)s; dùng %(known)s.")
                          % {"events": ", ".join(unknown) or "–", "known": ", ".join(EVENTS)})
    if token.webhooks.filter(active=True).count() >= MAX_SUBSCRIPTIONS_PER_TOKEN:
        raise Conflict(gettext("Mỗi mã truy cập có tối đa %(n)s webhook.") % {"n": MAX_SUBSCRIPTIONS_PER_TOKEN})
    return WebhookSubscription.objects.create(token=token, url=url, secret=secrets.token_hex(32),
                                              events=" ".join(e for e in EVENTS if e in events))


@transaction.atomic
def webhook_unsubscribe(*, token: ApiToken, subscription_id: int) -> None:
    subscription = token.webhooks.filter(pk=subscription_id, active=True).first()
    if subscription is None:
        raise NotFound(gettext("Không tìm thấy webhook."))
    subscription.active = False
    subscription.save(update_fields=["active"])


# --- events → deliveries ---------------------------------------------------------------------------

def _live_subscriptions(event: str) -> list[WebhookSubscription]:
    now = timezone.now()
    subs = (WebhookSubscription.objects.filter(active=True, events__contains=event, token__revoked_at__isnull=True,
                                               token__user__is_active=True)
            .select_related("token__user"))
    return [s for s in subs if event in s.event_list and (s.token.expires_at is None or s.token.expires_at > now)]


def deliveries_record(*, event: str, data: dict, visible_to) -> list[WebhookDelivery]:
    """A delivery for every live subscription to `event` whose token's user `visible_to(user)`;
    each task is enqueued once the surrounding transaction commits."""
    made = []
    for sub in _live_subscriptions(event):
        if not visible_to(sub.token.user):
            continue
        made.append(WebhookDelivery.objects.create(subscription=sub, event=event, payload={
            "event": event, "occurredAt": timezone.now().isoformat(timespec="seconds"), "data": data}))
    for delivery in made:
        transaction.on_commit(_enqueuer(delivery.pk))
    return made


def _enqueuer(delivery_id: int):
    def enqueue() -> None:
        webhook_deliver_task.enqueue(delivery_id)

    return enqueue


def _on_submission_event(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw or instance.action != "approve":
        return
    from gdnn.accounts.selectors import orgunit_in_scope

    submission = instance.submission
    data = {"dataSet": submission.data_set.code, "orgUnit": submission.org_unit.code, "period": submission.period,
            "state": instance.to_state, "by": instance.by.username if instance.by else None,
            "at": instance.at.isoformat(timespec="seconds") if instance.at else None, "comment": instance.comment}
    deliveries_record(event="submission.approved", data=data,
                      visible_to=lambda user: orgunit_in_scope(user=user, unit=submission.org_unit))


def _on_audit_event(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    from gdnn.common.models import AuditEvent

    if not created or raw or instance.kind != AuditEvent.Kind.PLAN_PUBLISHED:
        return
    from gdnn.plans.models import Plan
    from gdnn.plans.selectors import plan_visible_get
    plan = Plan.objects.select_related("org_unit").get(pk=int(instance.object_id))

    def visible(user) -> bool:
        try:
            plan_visible_get(user=user, plan_id=plan.pk)
        except (NotFound, DomainError):
            return False
        return True

    data = {"id": plan.pk, "docNumber": plan.doc_number, "issuer": plan.issuer, "level": plan.level,
            "title": plan.title, "issuedOn": plan.issued_on.isoformat() if plan.issued_on else None,
            "orgUnit": plan.org_unit.code if plan.org_unit else None, "status": plan.status,
            "secondarySource": plan.is_secondary_source}  # as in GET /api/v1/plans
    deliveries_record(event="plan.published", data=data, visible_to=visible)


def connect() -> None:
    from gdnn.collection.models import SubmissionEvent
    from gdnn.common.models import AuditEvent

    post_save.connect(_on_submission_event, sender=SubmissionEvent, dispatch_uid="gdnn-webhook-approved")
    post_save.connect(_on_audit_event, sender=AuditEvent, dispatch_uid="gdnn-webhook-published")


# --- delivery (the worker) -------------------------------------------------------------------------

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a redirect is an answer, not a delivery
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _post(sub: WebhookSubscription, delivery: WebhookDelivery) -> tuple[int | None, str]:
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(sub.url, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "User-Agent": "GDNN-Webhook/1",
        "X-GDNN-Event": delivery.event, "X-GDNN-Delivery": str(delivery.pk), "X-GDNN-Timestamp": timestamp,
        "X-GDNN-Signature": sign(secret=sub.secret, timestamp=timestamp, body=body)})
    try:
        with _opener.open(request, timeout=WEBHOOK_TIMEOUT) as answer:
            return answer.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, str(getattr(exc, "reason", exc))[:300]


def webhook_deliver(*, delivery_id: int) -> WebhookDelivery:
    """One attempt at a pending delivery; on failure the next attempt is scheduled with back-off."""
    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)
    if delivery.status != WebhookDelivery.Status.PENDING:
        return delivery
    sub = delivery.subscription
    final = True  # a refusal that retrying cannot mend
    if not sub.active:
        code, error = None, gettext("Webhook đã bị tắt.")
    elif _private(urlsplit(sub.url).hostname or ""):  # checked again at each send: DNS can change
        code, error = None, gettext("Địa chỉ nhận trỏ vào mạng nội bộ; không gửi.")
    else:
        (code, error), final = _post(sub, delivery), False
    delivery.attempts += 1
    delivery.last_status_code = code
    now = timezone.now()
    if code is not None and 200 <= code < 300:
        delivery.status, delivery.delivered_at, delivery.last_error, delivery.next_attempt_at = (
            WebhookDelivery.Status.DELIVERED, now, "", None)
    elif final or delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.last_error, delivery.next_attempt_at = WebhookDelivery.Status.FAILED, error, None
    else:
        wait = min(_backoff_seconds() * 2 ** (delivery.attempts - 1), 86400)
        delivery.last_error, delivery.next_attempt_at = error, now + dt.timedelta(seconds=wait)
    delivery.save()
    if delivery.status == WebhookDelivery.Status.PENDING:
        webhook_deliver_task.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
    return delivery


@task()
def webhook_deliver_task(delivery_id: int) -> str:
    return webhook_deliver(delivery_id=delivery_id).status
