"""Password by e-mailed one-time link (Django's reset machinery, Vietnamese pages and mail): asked for
by the user on the login page, or sent by an officer as an invitation or a reset."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.urls import reverse_lazy

from gdnn.accounts.models import User
from gdnn.accounts.services import user_password_changed


class ResetForm(PasswordResetForm):
    """Also reaches an invited account that has no password yet (Django's form skips those)."""

    def get_users(self, email):
        return (u for u in User.objects.filter(email__iexact=email, is_active=True) if u.email)


class PasswordResetRequest(auth_views.PasswordResetView):
    form_class = ResetForm
    template_name = "accounts/users/password_reset.html"
    email_template_name = "accounts/users/password_link_email.txt"
    subject_template_name = "accounts/users/password_link_subject.txt"
    success_url = reverse_lazy("password_reset_done")


class PasswordResetSent(auth_views.PasswordResetDoneView):
    template_name = "accounts/users/password_reset_sent.html"


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "accounts/users/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        user_password_changed(user=form.user, by=form.user)
        return response


class PasswordResetComplete(auth_views.PasswordResetCompleteView):
    template_name = "accounts/users/password_reset_complete.html"
