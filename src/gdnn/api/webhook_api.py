"""The webhooks API (v1): a token's subscriptions to approvals and plan publications, and their
delivery log. See gdnn.api.webhooks for the signature and the retries."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from gdnn.api.auth import api_token
from gdnn.api.errors import errors_for
from gdnn.api.models import WebhookDelivery, WebhookSubscription
from gdnn.api.webhooks import webhook_subscribe, webhook_unsubscribe

router = Router()
EventName = Literal["submission.approved", "plan.published"]


class WebhookIn(Schema):
    url: str = Field(description="http:// or https:// address that receives a POST for each event")
    events: list[EventName] = Field(min_length=1)


class WebhookOut(Schema):
    id: int
    url: str
    events: list[str]
    active: bool
    createdAt: dt.datetime


class WebhookCreatedOut(WebhookOut):
    status: Literal["OK"] = "OK"
    secret: str = Field(description="The HMAC key for X-GDNN-Signature; shown only in this answer.")


class WebhooksOut(Schema):
    status: Literal["OK"] = "OK"
    webhooks: list[WebhookOut]


class DeliveryOut(Schema):
    id: int
    webhook: int
    event: str
    status: str
    attempts: int
    lastStatusCode: int | None
    lastError: str
    createdAt: dt.datetime
    deliveredAt: dt.datetime | None
    nextAttemptAt: dt.datetime | None


class DeliveriesOut(Schema):
    status: Literal["OK"] = "OK"
    deliveries: list[DeliveryOut]


class DoneOut(Schema):
    status: Literal["OK"] = "OK"


def _out(sub: WebhookSubscription) -> dict:
    return {"id": sub.pk, "url": sub.url, "events": sub.event_list, "active": sub.active, "createdAt": sub.created_at}


@router.get("", response={200: WebhooksOut, **errors_for()}, operation_id="webhooks",
            summary="Các webhook của mã truy cập · The token's webhooks")
def webhooks(request: HttpRequest) -> WebhooksOut:
    subs = api_token(request).webhooks.filter(active=True)
    return WebhooksOut(webhooks=[WebhookOut(**_out(s)) for s in subs])


@router.post("", response={201: WebhookCreatedOut, **errors_for(400, 409)}, operation_id="webhook_create",
             summary="Đăng ký webhook · Subscribe")
def webhook_create(request: HttpRequest, body: WebhookIn) -> Status[WebhookCreatedOut]:
    """Subscribe this token to events; the answer carries the signing secret, once."""
    sub = webhook_subscribe(token=api_token(request), url=body.url, events=list(body.events))
    return Status(201, WebhookCreatedOut(**_out(sub), secret=sub.secret))


@router.delete("/{int:webhook_id}", response={200: DoneOut, **errors_for(404)}, operation_id="webhook_delete",
               summary="Hủy webhook · Unsubscribe")
def webhook_delete(request: HttpRequest, webhook_id: int) -> DoneOut:
    webhook_unsubscribe(token=api_token(request), subscription_id=webhook_id)
    return DoneOut()


@router.get("/deliveries", response={200: DeliveriesOut, **errors_for()}, operation_id="webhook_deliveries",
            summary="Nhật ký gửi webhook · Delivery log")
def deliveries(request: HttpRequest) -> DeliveriesOut:
    """The last 100 deliveries of this token's webhooks, newest first."""
    rows = WebhookDelivery.objects.filter(subscription__token=api_token(request))[:100]
    return DeliveriesOut(deliveries=[DeliveryOut(
        id=d.pk, webhook=d.subscription_id, event=d.event, status=d.status, attempts=d.attempts,
        lastStatusCode=d.last_status_code, lastError=d.last_error, createdAt=d.created_at,
        deliveredAt=d.delivered_at, nextAttemptAt=d.next_attempt_at) for d in rows])
