"""The account API (v1): who the token acts for. The API's framework is gdnn.api."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema

from gdnn.accounts.selectors import user_assignments
from gdnn.api.auth import api_token, api_user
from gdnn.api.errors import errors_for

router = Router()


class RoleOut(Schema):
    role: str
    orgUnit: str | None
    orgUnitName: str | None


class MeOut(Schema):
    status: Literal["OK"] = "OK"
    username: str
    fullName: str
    roles: list[RoleOut]
    scopes: list[str]


@router.get("/me", response={200: MeOut, **errors_for()}, operation_id="me",
            summary="Người dùng của mã truy cập · The token's user")
def me(request: HttpRequest) -> MeOut:
    """Who the token acts for, with roles, the units they are bound to, and the token's scopes."""
    user = api_user(request)
    roles = [RoleOut(role=a.role, orgUnit=a.org_unit.code if a.org_unit else None,
                     orgUnitName=a.org_unit.name if a.org_unit else None) for a in user_assignments(user=user)]
    return MeOut(username=user.username, fullName=user.full_name, roles=roles,
                 scopes=sorted(api_token(request).scope_set))
