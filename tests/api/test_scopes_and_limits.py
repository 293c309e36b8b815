"""Token scopes narrow what a token may do; limits per token and per user answer 429 with
Retry-After, counted in the database."""

from __future__ import annotations

import datetime as dt

import pytest

from gdnn.api.models import ApiRateCounter, ApiUserLimit
from gdnn.collection.models import Submission
from gdnn.collection.services.values import datavalue_set
from tests.api.conftest import send, token_for
from tests.collection.helpers import snapshot

pytestmark = pytest.mark.django_db


def body(w, value=5, **top):
    return {"period": w.half.code, "orgUnit": w.school.code, **top,
            "dataValues": [{"dataElement": "MANAGERS", "value": value}]}


def test_a_read_only_token_reads_but_cannot_write_or_move_a_report(client, world):
    w = world
    datavalue_set(data_set=w.inst, org_unit=w.school, period=w.half, element="MANAGERS", key="", raw="12",
                  by=w.reporter, channel="web")
    _, raw = token_for(w.reporter, scopes=["read"])
    before = snapshot(w.half)
    assert send(client, "GET", "/api/v1/datavalues", raw, {"period": w.half.code}).status_code == 200
    refused = send(client, "POST", "/api/v1/datavalues", raw, body(w))
    assert refused.status_code == 403 and "ghi số liệu" in refused.json()["message"]
    assert send(client, "POST", "/api/v1/datavalues?dryRun=true", raw, body(w)).status_code == 403
    submit = send(client, "POST", f"/api/v1/submissions/INST_SEMIANNUAL/{w.school.code}/{w.half.code}/submit", raw, {})
    assert submit.status_code == 403 and "quy trình duyệt" in submit.json()["message"]
    assert snapshot(w.half) == before


def test_writing_data_does_not_grant_the_workflow(client, world):
    w = world
    _, raw = token_for(w.reporter, scopes=["data:write"])
    before = snapshot(w.half)
    refused = send(client, "POST", "/api/v1/datavalues", raw, body(w, submit=True))
    assert refused.status_code == 403 and snapshot(w.half) == before  # nothing written, not even the values
    assert send(client, "POST", "/api/v1/datavalues", raw, body(w, value=7)).status_code == 200
    assert Submission.objects.get(org_unit=w.school, period=w.half.code).state == "draft"


def test_a_scope_never_widens_the_role(client, world):
    w = world
    _, raw = token_for(w.viewer)  # every scope, but a viewer's role
    assert send(client, "POST", "/api/v1/datavalues", raw, body(w)).status_code in (400, 403)
    assert not Submission.objects.exists()


def test_the_101st_request_in_a_minute_over_a_limit_of_100_gets_429_with_retry_after(client, world):
    token, raw = token_for(world.reporter, rate_per_minute=100)
    _, other = token_for(world.officer, rate_per_minute=100)
    for i in range(100):
        assert send(client, "GET", "/api/v1/me", raw).status_code == 200, i
    over = send(client, "GET", "/api/v1/me", raw)
    assert over.status_code == 429
    assert 1 <= int(over["Retry-After"]) <= 60
    assert over.json()["status"] == "ERROR" and "100" in over.json()["message"]
    assert send(client, "GET", "/api/v1/me", other).status_code == 200  # another token's count is its own
    # A minute later (the window moved back rather than waiting) the token is served again.
    ApiRateCounter.objects.filter(key=f"token:{token.pk}:minute").update(
        window_start=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=61))
    assert send(client, "GET", "/api/v1/me", raw).status_code == 200


def test_a_users_limit_covers_all_their_tokens_and_a_daily_quota_says_so(client, world):
    ApiUserLimit.objects.create(user=world.reporter, rate_per_minute=3)
    _, first = token_for(world.reporter)
    _, second = token_for(world.reporter)
    assert [send(client, "GET", "/api/v1/me", t).status_code for t in (first, second, first)] == [200] * 3
    over = send(client, "GET", "/api/v1/me", second, HTTP_ACCEPT_LANGUAGE="en")
    assert over.status_code == 429 and "account" in over.json()["message"]

    _, quota = token_for(world.officer, quota_per_day=2)
    assert [send(client, "GET", "/api/v1/me", quota).status_code for _ in range(3)] == [200, 200, 429]
    assert 60 < int(send(client, "GET", "/api/v1/me", quota)["Retry-After"]) <= 86400


def test_zero_means_no_limit_and_settings_give_the_defaults(client, world, settings):
    settings.GDNN_API_RATE_PER_MINUTE = 2
    _, default = token_for(world.reporter)
    _, unlimited = token_for(world.officer, rate_per_minute=0)
    assert [send(client, "GET", "/api/v1/me", default).status_code for _ in range(3)] == [200, 200, 429]
    assert {send(client, "GET", "/api/v1/me", unlimited).status_code for _ in range(4)} == {200}


def test_the_token_page_chooses_the_scopes_and_shows_them_with_the_limits(client, world):
    from gdnn.accounts.models import ApiToken

    client.force_login(world.reporter)
    page = client.post("/account/tokens/", {"action": "create", "name": "chỉ đọc", "days": "30"}, follow=True)
    assert page.status_code == 200 and 'class="token"' in page.content.decode()
    assert ApiToken.objects.get(name="chỉ đọc").scopes == "read"  # nothing ticked: read-only
    client.post("/account/tokens/", {"action": "create", "name": "ghi", "days": "30", "scopes": ["data:write"]})
    assert ApiToken.objects.get(name="ghi").scope_set == {"read", "data:write"}
    html = client.get("/account/tokens/").content.decode()
    assert "Ghi số liệu" in html and 'value="workflow"' in html  # the choice on the form
    assert "<code>data:write</code> <code>read</code>" in html and "100/phút" in html


def test_the_command_line_makes_a_read_only_token(client, world, capsys):
    from gdnn import cli
    from gdnn.accounts.models import ApiToken

    assert cli.main(["token", "create", world.reporter.username, "--name", "kho", "--scope", "read"]) == 0
    raw = capsys.readouterr().out.split()[0]
    assert ApiToken.objects.get(name="kho").scopes == "read"
    assert send(client, "POST", "/api/v1/datavalues", raw, body(world)).status_code == 403


def test_a_refused_batch_is_answered_in_the_callers_language(client, world):
    w = world
    _, raw = token_for(w.reporter)
    refused = send(client, "POST", "/api/v1/datavalues", raw, body(w, value="bảy"), HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and refused["Content-Language"] == "en"
    assert refused.json()["message"] == "The values were refused; nothing was written."
