"""An account made by an officer starts with a temporary password: until it is changed, every page
leads to the password change page (logging out, switching language and static files still work)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

ALLOWED_NAMES = ("password-change", "logout", "set_language")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = {reverse(name) for name in ALLOWED_NAMES}
            path = request.path_info
            if path not in allowed and not path.startswith(("/static/", "/api/")):
                return redirect(f"{reverse('password-change')}?first=1")
        return self.get_response(request)
