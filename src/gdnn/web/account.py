"""The user's own account: who they are, their roles, their password (API tokens: tokens.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET

from gdnn.accounts.selectors import user_assignments, user_is_security_officer
from gdnn.accounts.services import user_password_changed


@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "web/account.html", {"assignments": user_assignments(user=request.user),
                                                "security_officer": user_is_security_officer(user=request.user)})


class PasswordChange(auth_views.PasswordChangeView):
    """Django's password change (old password, new twice, the validators), back to the account page."""

    template_name = "web/password_change.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form):
        response = super().form_valid(form)
        revoked = user_password_changed(user=form.user, by=form.user)
        messages.success(self.request, gettext_lazy("Your password was changed."))
        if revoked:
            messages.warning(self.request, ngettext(
                "Mã truy cập API của bạn đã bị thu hồi vì mật khẩu đã đổi; hãy tạo mã mới nếu cần.",
                "%(n)d mã truy cập API của bạn đã bị thu hồi vì mật khẩu đã đổi; hãy tạo mã mới nếu cần.",
                revoked) % {"n": revoked})
        return response
