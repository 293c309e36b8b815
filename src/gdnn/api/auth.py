"""Token authentication for ninja operations, with scopes and rate limits; reusable by any router.

A request carries `Authorization: Bearer gdnn_…`; a session cookie alone is never enough (decision
0004), so the API needs no CSRF token. After authentication `request.user` is the token's user and
`request.api_token` the token; `require_scope` narrows what an operation lets the token do.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja.security import HttpBearer

from gdnn.accounts.models import ApiToken, User
from gdnn.accounts.services import apitoken_find
from gdnn.api.errors import ApiError
from gdnn.api.limits import rate_check

SCOPE_LABELS = {"read": "đọc", "data:write": "ghi số liệu", "workflow": "quy trình duyệt"}


class TokenAuth(HttpBearer):
    """`Authorization: Bearer gdnn_…`; counts the request against the token's and user's limits."""

    openapi_bearerFormat = "gdnn_…"

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = apitoken_find(raw=token)
        if found is None:
            return None
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        rate_check(token=found)  # ApiError 429 over a limit
        return found.user


def api_user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # set by TokenAuth from the token


def api_token(request: HttpRequest) -> ApiToken:
    return request.api_token  # type: ignore[attr-defined, no-any-return]


def require_scope(request: HttpRequest, scope: str) -> None:
    """ApiError 403 unless the request's token has `scope` ("data:write", "workflow")."""
    if scope not in api_token(request).scope_set:
        raise ApiError(403, gettext("Mã truy cập này không có quyền “%(scope)s”; hãy tạo một mã có quyền đó "
                                    "trên trang API.") % {"scope": gettext(SCOPE_LABELS.get(scope, scope))})
