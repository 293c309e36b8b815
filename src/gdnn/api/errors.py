"""One shape for every refusal of the API, in the caller's language, and the strict JSON reader.

`{"status": "ERROR", "httpStatusCode": …, "message": …, "errors": […]}` with the HTTP status that
fits (400 a request that cannot be accepted as given, 401 no or bad token, 403 role or token scope,
404 outside the caller's scope or unknown, 405 method, 409 a conflict with the current state such as
the workflow's, 413 too large, 415 media type, 429 over a rate limit or quota, 503 database busy),
never a traceback; `refusal` decides the status of every domain error for every router. Messages are Vietnamese msgids
translated for `Accept-Language: en` (gdnn.api.core activates the language per request).
"""

from __future__ import annotations

import json
import logging
from decimal import Decimal
from typing import Literal

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from gdnn.common.errors import (
    BUSY_MESSAGE,
    DomainError,
    http_status,
    is_database_busy,
)

log = logging.getLogger("gdnn.api")


class ErrorOut(Schema):
    """Every refusal."""

    status: Literal["ERROR"]
    httpStatusCode: int
    message: str
    errors: list[str]


class ApiError(Exception):
    """A refusal with its HTTP status (and headers such as Retry-After), raised inside an operation."""

    def __init__(self, status: int, message: str, errors: list[str] | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.errors, self.headers = status, message, errors or [], headers or {}


def errors_for(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The `response=` entries of an operation's refusals; 401, 429 and 503 are every operation's."""
    return {status: ErrorOut for status in sorted({401, 429, 503, *statuses})}


def _tr(text: object) -> str:
    """A message in the active language: a Vietnamese msgid with an English entry is translated; a
    message already built from a translated template passes unchanged."""
    text = str(text)
    return gettext(text) if text else text


def api_error(status: int, message: str, errors: list[str] | None = None, **headers: str) -> JsonResponse:
    response = JsonResponse({"status": "ERROR", "httpStatusCode": status, "message": _tr(message),
                             "errors": [_tr(e) for e in errors or []]},
                            status=status, json_dumps_params={"ensure_ascii": False})
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _field(loc: tuple | list) -> str:
    parts = [str(p) for p in loc]
    kind = {"query": gettext("tham số"), "path": gettext("đường dẫn"), "body": gettext("nội dung")}.get(parts[0], "")
    return f"{kind} “{'.'.join(parts[1:]) or parts[0]}”"


def refusal(request: HttpRequest, exc: Exception) -> JsonResponse:
    """The JSON answer for any exception: a refusal a user can fix, or a 500 for a defect (logged).

    Domain errors map by what the caller must do about them (gdnn.common.errors):
    - PermissionDenied: 403; NotFound (and Http404): 404.
    - Conflict: 409. The request is well formed but the current state forbids it (a workflow move
      not in the table, a report whose state changed meanwhile, a limit of records reached); the
      same request may succeed once the state changes.
    - Any other DomainError: 400. The request cannot be accepted as given (a period that does not
      parse or does not fit the data set, a missing reason, an unknown format, an address refused);
      the caller must change it. A refused batch (`errors` lists each problem, naming the value)
      is 400 whatever its problems are: the caller mends or drops those values and sends it again.
    """
    if isinstance(exc, ApiError):
        return api_error(exc.status, exc.message, exc.errors, **{k.replace("-", "_"): v for k, v in exc.headers.items()})
    if isinstance(exc, AuthenticationError):
        return api_error(401, gettext("Thiếu hoặc sai mã truy cập API: gửi tiêu đề “Authorization: Bearer gdnn_…” "
                                      "với một mã còn hiệu lực."), WWW_Authenticate='Bearer realm="gdnn"')
    if isinstance(exc, ValidationError):
        problems = [f"{_field(e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors]
        return api_error(400, gettext("Yêu cầu không hợp lệ."), problems)
    if isinstance(exc, HttpError):
        return api_error(exc.status_code, str(exc))
    if isinstance(exc, DomainError) and getattr(exc, "errors", None):  # a rejected batch lists every problem
        return api_error(400, gettext("Số liệu bị từ chối; không có gì được ghi."), list(exc.errors))  # type: ignore[attr-defined]
    if isinstance(exc, Http404):
        return api_error(404, str(exc) or gettext("Không tìm thấy."))
    if isinstance(exc, RequestDataTooBig):
        return api_error(413, gettext("Nội dung yêu cầu quá lớn."))
    if isinstance(exc, DomainError):
        status = http_status(exc)
        return api_error(status, str(exc) or (gettext("Không tìm thấy.") if status == 404 else ""))
    if is_database_busy(exc):
        return api_error(503, BUSY_MESSAGE, Retry_After="5")
    log.exception("API %s %s failed", request.method, request.path, exc_info=exc)
    return api_error(500, gettext("Lỗi nội bộ; yêu cầu không được thực hiện. Hãy báo cho quản trị hệ thống."))


MAX_NUMBER_CHARS = 40  # digits of a JSON number: far more than any value the domain stores


class _Malformed(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict:
    result: dict = {}
    for key, value in pairs:
        if key in result:
            raise _Malformed(gettext("khóa “%(key)s” lặp lại trong cùng một đối tượng") % {"key": key[:40]})
        result[key] = value
    return result


def _int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Malformed(gettext("số nguyên quá dài (%(n)s chữ số)") % {"n": f"{len(text):,}"})
    return int(text)


def _decimal(text: str) -> Decimal:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Malformed(gettext("số quá dài (%(n)s ký tự)") % {"n": f"{len(text):,}"})
    return Decimal(text)


def _reject_constant(name: str) -> object:
    raise _Malformed(gettext("“%(name)s” không phải là một số JSON hợp lệ") % {"name": name})


def api_json(body: bytes) -> object:
    """The body as JSON, strictly: UTF-8, no duplicate keys, numbers exact (Decimal) and of sane
    length, nesting within Python's limit; ApiError 400 naming the problem otherwise."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApiError(400, gettext("Nội dung không phải văn bản UTF-8.")) from exc
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_int, parse_float=_decimal,
                          parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ApiError(400, gettext("JSON không hợp lệ ở dòng %(line)s, cột %(col)s: %(msg)s.")
                       % {"line": exc.lineno, "col": exc.colno, "msg": exc.msg}) from exc
    except _Malformed as exc:
        raise ApiError(400, gettext("JSON không hợp lệ: %(problem)s.") % {"problem": exc}) from exc
    except RecursionError as exc:
        raise ApiError(400, gettext("JSON không hợp lệ: lồng nhau quá sâu.")) from exc
    except (ValueError, ArithmeticError) as exc:
        raise ApiError(400, gettext("JSON không hợp lệ: có một số không đọc được.")) from exc
