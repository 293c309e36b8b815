"""Password by e-mailed one-time link (Django's reset machinery, Vietnamese pages and mail): asked for
by the user on the login page, or sent by an officer as an invitation or a reset."""

from __future__ import annotations

import logging

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.urls import reverse_lazy

from gdnn.accounts.administration.services import password_link_mail
from gdnn.accounts.models import User
from gdnn.accounts.services import user_password_changed

logger = logging.getLogger(__name__)


class ResetForm(PasswordResetForm):
    """Also reaches an invited account that has no password yet (Django's form skips those), with
    the same e-mail an officer's reset sends."""

    def get_users(self, email):
        return (u for u in User.objects.filter(email__iexact=email, is_active=True) if u.email)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None) -> None:
        try:
            password_link_mail(to=to_email, context=context)
        except Exception:  # as Django's form: the page does not say whether the address is known
            logger.exception("could not send the password link to user %s", context["user"].pk)


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
