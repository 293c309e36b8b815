"""Webhooks: an approval or a publication makes a signed delivery to a real local HTTP server,
within the subscriber's scope; failures are retried with back-off, each attempt in the log."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gdnn.api.models import WebhookDelivery
from gdnn.api.webhooks import MAX_ATTEMPTS, webhook_deliver, webhook_deliver_task
from gdnn.collection.models import Submission
from gdnn.collection.services.workflow import submission_approve
from gdnn.plans.models import Plan
from gdnn.plans.services.review import plan_publish
from tests.api.conftest import send, token_for

pytestmark = pytest.mark.django_db
KEY = "disability:no|ethnicity:kinh|sex:female|training_level:college"


class Receiver:
    """A real HTTP server on 127.0.0.1 that records each POST and answers the next queued status."""

    def __init__(self):
        self.received: list[tuple[dict, bytes]] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/gdnn"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.GDNN_WEBHOOK_ALLOW_PRIVATE = True  # the receiver listens on 127.0.0.1
    r = Receiver()
    yield r
    r.close()


def subscribe(client, raw: str, url: str, *events: str) -> dict:
    answer = send(client, "POST", "/api/v1/webhooks", raw, {"url": url, "events": list(events)})
    assert answer.status_code == 201, answer.content
    return answer.json()


def submitted_report(client, w) -> Submission:
    _, reporter = token_for(w.reporter)
    sent = send(client, "POST", "/api/v1/datavalues", reporter, {
        "period": w.half.code, "orgUnit": w.school.code, "submit": True, "dataValues": [
            {"dataElement": "ENROLMENT", "categoryOptionCombo": KEY, "value": 1234},
            {"dataElement": "MANAGERS", "categoryOptionCombo": "", "value": 12}]})
    assert sent.status_code == 200, sent.content
    return Submission.objects.get(org_unit=w.school, period=w.half.code)


def test_an_approval_is_delivered_signed_to_subscribers_in_scope(client, world, receiver,
                                                                  django_capture_on_commit_callbacks):
    w = world
    _, officer = token_for(w.officer)
    _, far = token_for(w.far_officer)
    ours = subscribe(client, officer, receiver.url, "submission.approved")
    subscribe(client, far, receiver.url, "submission.approved", "plan.published")  # another province
    submission = submitted_report(client, w)
    with django_capture_on_commit_callbacks(execute=True):
        submission_approve(submission=submission, by=w.officer, comment="Đạt")
    delivery = WebhookDelivery.objects.get()  # only the subscriber whose scope holds the school
    assert delivery.subscription_id == ours["id"] and delivery.status == "pending"
    queued = DBTaskResult.objects.get(task_path__endswith="webhook_deliver_task")
    assert queued.args_kwargs["args"] == [delivery.pk]

    webhook_deliver_task.call(delivery.pk)  # what the worker runs
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.attempts == 1 and delivery.last_status_code == 200
    [(headers, body)] = receiver.received
    expected = hmac.new(ours["secret"].encode(), headers["x-gdnn-timestamp"].encode() + b"." + body,
                        hashlib.sha256).hexdigest()
    assert headers["x-gdnn-signature"] == f"sha256={expected}"
    assert headers["x-gdnn-event"] == "submission.approved"
    payload = json.loads(body)
    assert payload["event"] == "submission.approved"
    assert payload["data"] | {} == payload["data"] and payload["data"]["orgUnit"] == w.school.code
    assert payload["data"]["state"] == "approved" and payload["data"]["by"] == w.officer.username
    # A tampered body no longer matches the signature.
    assert not hmac.compare_digest(expected, hmac.new(ours["secret"].encode(), headers["x-gdnn-timestamp"].encode()
                                                      + b"." + body.replace(b"approved", b"returned"),
                                                      hashlib.sha256).hexdigest())


def test_a_failed_delivery_is_retried_with_back_off_until_it_succeeds_or_gives_up(client, world, receiver):
    w = world
    _, officer = token_for(w.officer)
    subscribe(client, officer, receiver.url, "submission.approved")
    submission_approve(submission=submitted_report(client, w), by=w.officer)
    delivery = WebhookDelivery.objects.get()
    receiver.statuses = [500, 503]

    before = timezone.now()
    first = webhook_deliver(delivery_id=delivery.pk)
    assert first.status == "pending" and first.attempts == 1 and first.last_status_code == 500
    assert dt.timedelta(seconds=59) <= first.next_attempt_at - before <= dt.timedelta(seconds=62)
    second = webhook_deliver(delivery_id=delivery.pk)
    assert second.attempts == 2 and second.last_status_code == 503
    assert dt.timedelta(seconds=119) <= second.next_attempt_at - before <= dt.timedelta(seconds=125)  # doubled
    retries = DBTaskResult.objects.filter(task_path__endswith="webhook_deliver_task").order_by("run_after")
    assert [r.run_after for r in retries][-2:] == [first.next_attempt_at, second.next_attempt_at]
    third = webhook_deliver(delivery_id=delivery.pk)
    assert third.status == "delivered" and third.attempts == 3 and len(receiver.received) == 3
    assert webhook_deliver(delivery_id=delivery.pk).attempts == 3  # a delivered one is never sent again

    # Nobody listening: the attempts run out and the delivery is marked failed, with the reason.
    receiver.close()
    gone = WebhookDelivery.objects.create(subscription=delivery.subscription, event=delivery.event,
                                          payload=delivery.payload, attempts=MAX_ATTEMPTS - 1)
    failed = webhook_deliver(delivery_id=gone.pk)
    assert failed.status == "failed" and failed.last_status_code is None and failed.last_error
    assert failed.next_attempt_at is None


def test_a_plan_publication_reaches_subscribers_who_can_see_the_plan(client, world, receiver,
                                                                     django_capture_on_commit_callbacks):
    w = world
    _, officer = token_for(w.officer)
    _, far = token_for(w.far_officer)
    subscribe(client, officer, receiver.url, "plan.published")
    subscribe(client, far, receiver.url, "plan.published")
    subscribe(client, token_for(w.admin)[1], receiver.url, "submission.approved")  # not this event
    plan = Plan.objects.create(level=Plan.Level.PROVINCE, title="Kế hoạch đào tạo nghề 2026", org_unit=w.province,
                               issuer="UBND tỉnh Lạng Sơn")
    with django_capture_on_commit_callbacks(execute=True):
        plan_publish(plan=plan, by=w.officer)
    delivery = WebhookDelivery.objects.get()
    assert delivery.subscription.token.user == w.officer and delivery.payload["data"]["id"] == plan.pk
    assert webhook_deliver(delivery_id=delivery.pk).status == "delivered"
    assert json.loads(receiver.received[0][1])["data"]["title"] == "Kế hoạch đào tạo nghề 2026"


def test_the_delivery_log_page_shows_only_the_users_own_deliveries(client, world, receiver):
    w = world
    _, officer = token_for(w.officer)
    subscribe(client, officer, receiver.url, "submission.approved")
    submission_approve(submission=submitted_report(client, w), by=w.officer)
    receiver.statuses = [500]
    webhook_deliver(delivery_id=WebhookDelivery.objects.get().pk)
    client.force_login(w.officer)
    page = client.get("/account/webhooks/")
    html = page.content.decode()
    assert page.status_code == 200 and receiver.url in html and "submission.approved" in html and "500" in html
    client.force_login(w.far_officer)
    assert receiver.url not in client.get("/account/webhooks/").content.decode()


def test_addresses_inside_the_servers_networks_are_refused_unless_allowed(client, world, receiver, settings):
    _, officer = token_for(world.officer)
    hook = subscribe(client, officer, receiver.url, "submission.approved")
    settings.GDNN_WEBHOOK_ALLOW_PRIVATE = False
    for url in ("http://127.0.0.1:8000/x", "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://localhost/"):
        refused = send(client, "POST", "/api/v1/webhooks", officer, {"url": url, "events": ["plan.published"]})
        assert refused.status_code == 400 and "nội bộ" in refused.json()["message"], url
    # One made while it was allowed is not sent once it no longer is, and is not retried.
    submission_approve(submission=submitted_report(client, world), by=world.officer)
    delivery = webhook_deliver(delivery_id=WebhookDelivery.objects.get(subscription_id=hook["id"]).pk)
    assert delivery.status == "failed" and "nội bộ" in delivery.last_error and not receiver.received


def test_a_token_at_its_subscription_limit_is_refused_as_a_conflict(client, world, monkeypatch):
    _, officer = token_for(world.officer)
    monkeypatch.setattr("gdnn.api.webhooks.MAX_SUBSCRIPTIONS_PER_TOKEN", 1)
    first = send(client, "POST", "/api/v1/webhooks", officer,
                 {"url": "https://kho.example.vn/a", "events": ["plan.published"]})
    assert first.status_code == 201
    second = send(client, "POST", "/api/v1/webhooks", officer,
                  {"url": "https://kho.example.vn/b", "events": ["plan.published"]})
    assert second.status_code == 409 and "tối đa 1 webhook" in second.json()["message"]  # the state, not the request
    send(client, "DELETE", f"/api/v1/webhooks/{first.json()['id']}", officer)
    again = send(client, "POST", "/api/v1/webhooks", officer,
                 {"url": "https://kho.example.vn/b", "events": ["plan.published"]})
    assert again.status_code == 201  # the same request succeeds once the state has changed


def test_an_officer_subscribes_and_cancels_a_webhook_on_the_page_with_the_apis_rules(client, world, receiver):
    """No API call needed: the page subscribes one of the user's live tokens (the secret shown once),
    refuses what the API refuses with the service's message, and cancels only the user's own."""
    w = world
    token, _ = token_for(w.officer)
    revoked, _ = token_for(w.officer, revoked_at=timezone.now())
    client.force_login(w.officer)
    page = client.get("/account/webhooks/").content.decode()
    assert f"{token.prefix}…" in page and f"{revoked.prefix}…" not in page
    made = client.post("/account/webhooks/", {"action": "create", "token": token.pk, "url": receiver.url,
                                              "events": ["submission.approved"]})
    assert made.status_code == 302  # post/redirect/get: a reload subscribes nothing again
    hook = token.webhooks.get()
    assert hook.secret in client.get(made["Location"]).content.decode()
    assert hook.secret not in client.get("/account/webhooks/").content.decode()  # once only
    submission_approve(submission=submitted_report(client, w), by=w.officer)
    assert webhook_deliver(delivery_id=WebhookDelivery.objects.get().pk).status == "delivered"

    bad = client.post("/account/webhooks/", {"action": "create", "token": token.pk, "url": "ftp://kho/x",
                                             "events": ["plan.published"]})
    other = client.post("/account/webhooks/", {"action": "create", "token": revoked.pk,
                                               "url": "https://kho.example.vn/a", "events": ["plan.published"]})
    assert bad.status_code == other.status_code == 200 and token.webhooks.count() == 1 and not revoked.webhooks.exists()

    client.force_login(w.far_officer)
    assert client.post("/account/webhooks/", {"action": "cancel", "webhook": hook.pk}).status_code == 404
    client.force_login(w.officer)
    assert client.post("/account/webhooks/", {"action": "cancel", "webhook": hook.pk}).status_code == 302
    hook.refresh_from_db()
    assert not hook.active
