from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from gdnn.accounts.throttle import (
    DEVICE_COOKIE,
    DEVICE_MAX_AGE,
    Attempt,
    attempt_for,
    device_cookie_after_login,
    login_attempt_begin,
    login_attempt_succeeded,
)
from gdnn.common.clientaddr import client_address


class ThrottledLoginForm(AuthenticationForm):
    """Django's login form; a password is checked only when the throttle allows it (accounts/throttle.py)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _("Đăng nhập sai quá nhiều lần với tài khoản này hoặc từ địa chỉ này. "
                       "Hãy chờ %(seconds)s giây rồi thử lại."),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if not username or self.cleaned_data.get("password") is None:
            return super().clean()
        request = self.request
        session_user = request.user.get_username() if request is not None and request.user.is_authenticated else None
        attempt: Attempt = attempt_for(
            username=username, address=client_address(request),
            cookie=request.COOKIES.get(DEVICE_COOKIE) if request is not None else None, session_user=session_user)
        verdict = login_attempt_begin(attempt=attempt)
        if not verdict.allowed:
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled",
                                        params={"seconds": verdict.wait_seconds})
        cleaned = super().clean()  # a wrong password raises here; the failure is already counted
        login_attempt_succeeded(attempt=attempt)
        return cleaned


class LoginView(auth_views.LoginView):
    """The login page; a successful login remembers the account on this browser (the device cookie)."""

    authentication_form = ThrottledLoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        response.set_cookie(
            DEVICE_COOKIE,
            device_cookie_after_login(cookie=self.request.COOKIES.get(DEVICE_COOKIE),
                                      username=form.get_user().get_username()),
            max_age=DEVICE_MAX_AGE, httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
        )
        return response
