"""Vietnamese first: the language is the user's explicit choice (cookie), else Vietnamese.

Django's LocaleMiddleware also follows the browser's Accept-Language, which on most office
machines says en-US; officials would then get English pages they never asked for.
"""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        translation.activate(chosen if chosen in supported else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header (settings.GDNN_PERMISSIONS_POLICY) to every response."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.GDNN_PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.GDNN_PERMISSIONS_POLICY)
        return response


class DatabaseBusyMiddleware:
    """A page that waited out SQLite's busy timeout answers 503 "busy, try again", not 500."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.http import HttpResponse

        from gdnn.common.errors import BUSY_MESSAGE, is_database_busy

        if not is_database_busy(exception):
            return None
        response = HttpResponse(BUSY_MESSAGE, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "5"
        return response
