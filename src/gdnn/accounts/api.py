"""The API's door: a bearer token instead of a session, JSON errors instead of pages.

Every API view is wrapped by `api_view`, which
- accepts only `Authorization: Bearer gdnn_…` (a session cookie alone is never enough, so the API
  needs no CSRF token and a browser page cannot call it on a user's behalf);
- answers every refusal as JSON `{"status": "ERROR", "httpStatusCode": …, "message": …, "errors": […]}`
  with the HTTP status that fits (400 bad input, 401 no or bad token, 403 role, 404 outside the
  caller's scope or unknown, 405 method, 409 a rule of the domain such as the workflow's, 413 too
  large), and never a traceback.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from gdnn.accounts.models import User
from gdnn.accounts.selectors import user_assignments
from gdnn.accounts.services import apitoken_authenticate
from gdnn.common.errors import BUSY_MESSAGE, DomainError, NotFound, PermissionDenied, is_database_busy

log = logging.getLogger("gdnn.api")


class ApiError(Exception):
    """A refusal with its HTTP status, raised inside an API view."""

    def __init__(self, status: int, message: str, errors: list[str] | None = None):
        super().__init__(message)
        self.status, self.message, self.errors = status, message, errors or []


def api_error(status: int, message: str, errors: list[str] | None = None, **headers: str) -> JsonResponse:
    response = JsonResponse({"status": "ERROR", "httpStatusCode": status, "message": message,
                             "errors": errors or []}, status=status, json_dumps_params={"ensure_ascii": False})
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


MAX_NUMBER_CHARS = 40  # digits of a JSON number: far more than any value the domain stores


class _Malformed(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict:
    result: dict = {}
    for key, value in pairs:
        if key in result:
            raise _Malformed(f"khóa “{key[:40]}” lặp lại trong cùng một đối tượng")
        result[key] = value
    return result


def _int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Malformed(f"số nguyên quá dài ({len(text):,} chữ số)")
    return int(text)


def _decimal(text: str) -> Decimal:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Malformed(f"số quá dài ({len(text):,} ký tự)")
    return Decimal(text)


def api_json(body: bytes) -> object:
    """The body as JSON, strictly: UTF-8, no duplicate keys, numbers exact (Decimal) and of sane
    length, nesting within Python's limit; ApiError 400 naming the problem otherwise."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "Nội dung không phải văn bản UTF-8.") from exc
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_int, parse_float=_decimal,
                          parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ApiError(400, f"JSON không hợp lệ ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg}.") from exc
    except _Malformed as exc:
        raise ApiError(400, f"JSON không hợp lệ: {exc}.") from exc
    except RecursionError as exc:
        raise ApiError(400, "JSON không hợp lệ: lồng nhau quá sâu.") from exc
    except (ValueError, ArithmeticError) as exc:
        raise ApiError(400, "JSON không hợp lệ: có một số không đọc được.") from exc


def _reject_constant(name: str) -> object:
    raise _Malformed(f"“{name}” không phải là một số JSON hợp lệ")


def api_ok(payload: dict, status: int = 200) -> JsonResponse:
    return JsonResponse({"status": "OK", **payload}, status=status, json_dumps_params={"ensure_ascii": False})


def api_user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # set by api_view from the token


def _refusal(exc: Exception) -> JsonResponse | None:
    """The JSON answer for an exception a user can fix; None for a defect."""
    if isinstance(exc, ApiError):
        return api_error(exc.status, exc.message, exc.errors)
    if isinstance(exc, DomainError) and getattr(exc, "errors", None):  # a rejected batch lists every problem
        return api_error(400, "Số liệu bị từ chối; không có gì được ghi.", list(exc.errors))  # type: ignore[attr-defined]
    if isinstance(exc, PermissionDenied):
        return api_error(403, str(exc))
    if isinstance(exc, NotFound | Http404):
        return api_error(404, str(exc) or "Không tìm thấy.")
    if isinstance(exc, RequestDataTooBig):
        return api_error(413, "Nội dung yêu cầu quá lớn.")
    if isinstance(exc, DomainError):
        return api_error(409, str(exc))
    if is_database_busy(exc):
        return api_error(503, BUSY_MESSAGE, Retry_After="5")
    return None


def api_view(*methods: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in methods:
                return api_error(405, f"Phương thức {request.method} không được hỗ trợ ở đây.", Allow=", ".join(methods))
            scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
            user = apitoken_authenticate(raw=raw) if scheme.casefold() == "bearer" else None
            if user is None:
                return api_error(401, "Thiếu hoặc sai mã truy cập API: gửi tiêu đề “Authorization: Bearer gdnn_…” "
                                      "với một mã còn hiệu lực.", WWW_Authenticate='Bearer realm="gdnn"')
            request.user = user
            try:
                return view(request, *args, **kwargs)
            except Exception as exc:  # every refusal as JSON; a defect as a 500 without a traceback
                answer = _refusal(exc)
                if answer is not None:
                    return answer
                log.exception("API %s %s failed", request.method, request.path)
                return api_error(500, "Lỗi nội bộ; yêu cầu không được thực hiện. Hãy báo cho quản trị hệ thống.")

        return wrapped

    return decorate


@api_view("GET")
def me(request: HttpRequest) -> HttpResponse:
    """Who the token acts for, with roles and the units they are bound to."""
    user = api_user(request)
    roles = [{"role": a.role, "orgUnit": a.org_unit.code if a.org_unit else None,
              "orgUnitName": a.org_unit.name if a.org_unit else None} for a in user_assignments(user=user)]
    return api_ok({"username": user.username, "fullName": user.full_name, "roles": roles})
