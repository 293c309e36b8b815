"""API tokens: made on the user's own page or by the CLI, shown once, stored only as a digest,
revocable, and expiring."""

import datetime as dt

import pytest
from django.utils import timezone

from gdnn import cli
from gdnn.accounts.models import ApiToken, Role
from gdnn.accounts.services import apitoken_authenticate, apitoken_create
from gdnn.common.errors import DomainError
from gdnn.orgunits.selectors import orgunit_get
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client):
    user = user_with_role("tinh", Role.PROVINCE_OFFICER, orgunit_get(code="20"))
    client.login(username="tinh", password=PASSWORD)
    return user


def test_the_page_shows_a_new_token_once_and_keeps_only_its_digest(client, officer):
    made = client.post("/account/tokens/", {"action": "create", "name": "Phần mềm của trường", "days": "90"})
    assert made.status_code == 302  # post/redirect/get: reloading the page creates no second token
    page = client.get(made["Location"])
    html = page.content.decode()
    raw = html.split('<code class="token">')[1].split("</code>")[0]
    assert raw.startswith("gdnn_") and len(raw) > 40
    token = ApiToken.objects.get(user=officer)
    assert token.name == "Phần mềm của trường" and raw not in (token.digest, token.prefix)
    assert (token.expires_at - timezone.now()).days in (89, 90)
    assert apitoken_authenticate(raw=raw) == officer
    # The listing shows the prefix, never the token again; the reload made nothing.
    listing = client.get("/account/tokens/").content.decode()
    assert ApiToken.objects.filter(user=officer).count() == 1
    assert f"{token.prefix}…" in listing and raw not in listing
    assert "Mã truy cập của bạn" in listing  # Vietnamese first
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").json()["username"] == "tinh"


def test_revoking_on_the_page_stops_the_token_at_once(client, officer):
    token, raw = apitoken_create(user=officer, name="kho dữ liệu")
    response = client.post("/account/tokens/", {"action": "revoke", "token": str(token.pk)}, follow=True)
    assert f"{token.prefix}…" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_a_user_cannot_touch_another_users_token(client, officer):
    other = user_with_role("khac", Role.PROVINCE_OFFICER, orgunit_get(code="19"))
    token, _ = apitoken_create(user=other, name="của người khác")
    assert client.post("/account/tokens/", {"action": "revoke", "token": str(token.pk)}).status_code == 404
    assert client.post("/account/tokens/", {"action": "revoke", "token": "abc"}).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "của người khác" not in client.get("/account/tokens/").content.decode()


def test_a_nameless_token_is_refused_with_the_form_error(client, officer):
    page = client.post("/account/tokens/", {"action": "create", "name": "  ", "days": "30"})
    assert page.status_code == 200 and not ApiToken.objects.exists()
    assert 'role="alert"' in page.content.decode()
    with pytest.raises(DomainError, match="đặt tên"):
        apitoken_create(user=officer, name=" ")


def test_expired_tokens_and_locked_accounts_are_refused(officer):
    token, raw = apitoken_create(user=officer, name="cũ", days=1)
    assert apitoken_authenticate(raw=raw) == officer
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert apitoken_authenticate(raw=raw) is None
    _, fresh = apitoken_create(user=officer, name="mới")
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    assert apitoken_authenticate(raw=fresh) is None
    assert apitoken_authenticate(raw="gdnn_" + "x" * 300) is None


def test_the_cli_creates_lists_and_revokes_tokens(officer, capsys):
    assert cli.main(["token", "create", "tinh", "--name", "ETL tỉnh", "--days", "0"]) == 0
    out, err = capsys.readouterr()
    raw = out.strip()
    assert apitoken_authenticate(raw=raw) == officer and "không hết hạn" in err
    token = ApiToken.objects.get(user=officer)
    assert token.expires_at is None
    assert cli.main(["token", "list", "tinh"]) == 0
    listing = capsys.readouterr().out
    assert f"{token.prefix}…" in listing and "ETL tỉnh" in listing and raw not in listing
    assert cli.main(["token", "revoke", token.prefix + "…"]) == 0
    assert apitoken_authenticate(raw=raw) is None
    assert cli.main(["token", "list", "nobody"]) == cli.EXIT_BAD_INPUT
    assert "nobody" in capsys.readouterr().err
    assert cli.main(["token", "revoke", "gdnn_zzzzzzzz"]) == cli.EXIT_BAD_INPUT
