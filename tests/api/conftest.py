"""The API's tests use the collection world (one province, two institutions, a user of each role)."""

from __future__ import annotations

import json

import pytest

from gdnn.accounts.services import apitoken_create
from tests.collection.conftest import world  # noqa: F401  (a fixture)


@pytest.fixture(autouse=True)
def analytics_dir(settings, tmp_path):
    settings.GDNN_ANALYTICS_DIR = str(tmp_path / "analytics")


def bearer(raw: str, **headers: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}", **{f"HTTP_{k.upper()}": v for k, v in headers.items()}}


def token_for(user, *, scopes: list[str] | None = None, **fields) -> tuple:
    token, raw = apitoken_create(user=user, name="kiểm thử", scopes=scopes)
    if fields:
        for name, value in fields.items():
            setattr(token, name, value)
        token.save(update_fields=list(fields))
    return token, raw


def send(client, method: str, path: str, raw: str | None, body=None, content_type="application/json", **extra):
    headers = bearer(raw) if raw else {}
    if method == "GET":
        return client.get(path, body or {}, **headers, **extra)
    data = json.dumps(body) if isinstance(body, dict | list) else (body or "")
    return getattr(client, method.lower())(path, data, content_type=content_type, **headers, **extra)
