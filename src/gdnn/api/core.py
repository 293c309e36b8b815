"""The API object: one django-ninja `NinjaAPI` for `/api/v1/`, with token auth, one error shape
and the OpenAPI document (`/api/v1/openapi.json`, interactive page `/api/v1/docs`).

Apps write their endpoints as `ninja.Router`s; `gdnn/web/api_urls.py` is the one place that mounts
them (`mount("/exchange/", router)`) and turns the API into URL patterns.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer

from gdnn.api.auth import TokenAuth
from gdnn.api.errors import ApiError, api_error, refusal

DESCRIPTION = """\
API của GDNN cho các hệ thống khác: phần mềm quản lý của cơ sở GDNN, kho dữ liệu của tỉnh.
Mọi yêu cầu gửi tiêu đề `Authorization: Bearer gdnn_…` (mã tạo trên trang *API* của tài khoản).
Mọi lỗi có cùng một dạng (`ErrorOut`), bằng tiếng Việt, hoặc tiếng Anh với `Accept-Language: en`.

GDNN's API for machine clients. Every request sends `Authorization: Bearer gdnn_…`; every refusal
has one shape (`ErrorOut`), in Vietnamese, or English with `Accept-Language: en`. See docs/api.md.
"""


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


class GdnnApi(NinjaAPI):
    """NinjaAPI whose OpenAPI document is built once per process: it is public (no token), and
    building it costs ~0.1 s of CPU that a stream of anonymous requests must not be able to burn."""

    _documents: dict[str, Any]

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None) -> Any:
        key = path_prefix if path_prefix is not None else self.get_root_path(path_params or {})
        cache = self.__dict__.setdefault("_documents", {})
        if key not in cache:
            cache[key] = super().get_openapi_schema(path_prefix=key, path_params=path_params)
        return cache[key]


api = GdnnApi(
    title="GDNN API", version="1", description=DESCRIPTION, urls_namespace="api-v1", auth=TokenAuth(),
    renderer=Renderer(), docs=Swagger(settings={"persistAuthorization": False}), docs_url="/docs",
    openapi_url="/openapi.json",
)


def _handler(request: HttpRequest, exc: Any) -> HttpResponse:
    return refusal(request, exc)


for _exception in (Exception, ApiError, ValidationError, AuthenticationError, HttpError):
    api.add_exception_handler(_exception, _handler)


def mount(prefix: str, router: Router, *, tags: list[str] | None = None) -> None:
    """Add an app's router under `/api/v1/<prefix>`; its operations take the API's token auth
    unless they set their own `auth=`."""
    api.add_router(prefix, router, tags=tags)


def _language(request: HttpRequest) -> str:
    """English when the caller's Accept-Language prefers it over Vietnamese; Vietnamese otherwise."""
    best = None
    for part in request.headers.get("Accept-Language", "").split(","):
        tag, _, params = part.strip().partition(";")
        try:
            q = float(params.strip()[2:]) if params.strip().startswith("q=") else 1.0
        except ValueError:
            q = 0.0
        code = tag.strip().lower()[:2]
        if code in ("vi", "en") and q > 0 and (best is None or q > best[0]):
            best = (q, code)
    return best[1] if best else "vi"


def _in_callers_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @csrf_exempt
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        with translation.override(_language(request)):
            response = view(request, *args, **kwargs)
            if isinstance(response, HttpResponseNotAllowed):  # ninja's bare 405, in our shape
                allowed = response["Allow"]
                response = api_error(405, gettext("Phương thức %(method)s không được hỗ trợ ở đây.")
                                     % {"method": request.method}, Allow=allowed)
            response.headers.setdefault("Content-Language", translation.get_language() or "vi")
            return response

    return wrapped


def urlpatterns_of(ninja_api: NinjaAPI) -> list[URLPattern]:
    """The API's URL patterns, each view answering in the caller's language and with our 405."""
    patterns, _app, _namespace = ninja_api.urls
    for pattern in patterns:
        pattern.callback = _in_callers_language(pattern.callback)  # type: ignore[union-attr, arg-type]
    return patterns  # type: ignore[return-value]
