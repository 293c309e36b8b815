"""The officer's page of login throttles: who is being held back, from where, and a button to clear."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gdnn.accounts.selectors import loginthrottles_visible, user_is_security_officer
from gdnn.accounts.throttle import loginthrottle_clear


@login_required
@require_http_methods(["GET", "POST"])
def login_throttles(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user_is_security_officer(user=user):  # type: ignore[arg-type]  # login_required
        raise HttpForbidden
    visible = loginthrottles_visible(user=user)  # type: ignore[arg-type]
    if request.method == "POST":
        pk = request.POST.get("throttle", "").strip()
        throttle = get_object_or_404(visible, pk=int(pk) if pk.isdigit() else 0)
        loginthrottle_clear(throttle=throttle, by=user)  # type: ignore[arg-type]
        messages.success(request, _("Đã xóa các lần đăng nhập sai của %(key)s.") % {"key": throttle.key})
        return redirect("login-throttles")
    return render(request, "accounts/login_throttles.html", {"throttles": visible, "now": timezone.now()})
