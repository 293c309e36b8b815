"""The page where a user subscribes their tokens to webhooks, cancels them, and reads every
delivery attempt's outcome: the same services as `POST/DELETE /api/v1/webhooks`."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gdnn.accounts.models import ApiToken, User
from gdnn.api.models import WebhookSubscription
from gdnn.api.selectors import deliveries_of, webhooks_of
from gdnn.api.webhooks import webhook_subscribe, webhook_unsubscribe
from gdnn.common.errors import DomainError


class TokenChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: ApiToken) -> str:
        return f"{obj.prefix}… · {obj.name}"


class WebhookForm(forms.Form):
    token = TokenChoice(label=gettext_lazy("Mã truy cập"), queryset=ApiToken.objects.none(),
                        help_text=gettext_lazy("Hệ thống nhận thấy những gì mã này được đọc, trong phạm vi của bạn."))
    url = forms.URLField(label=gettext_lazy("Địa chỉ nhận"), max_length=500, assume_scheme="https",
                         help_text=gettext_lazy("Một URL http:// hoặc https:// đầy đủ của hệ thống nhận."))
    events = forms.MultipleChoiceField(label=gettext_lazy("Sự kiện"), choices=WebhookSubscription.Event.choices,
                                       widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        now = timezone.now()
        self.fields["token"].queryset = ApiToken.objects.filter(  # type: ignore[attr-defined]
            Q(expires_at__isnull=True) | Q(expires_at__gt=now), user=user, revoked_at__isnull=True)


NEW_WEBHOOK_KEY = "gdnn_new_webhook"  # the session key naming a new subscription until its secret is shown


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def webhook_log(request: HttpRequest) -> HttpResponse:
    """Subscribe, cancel, read the log. A new subscription's secret is shown once, on the page the
    subscription redirects to (post/redirect/get: reloading that page subscribes nothing again)."""
    user = cast(User, request.user)  # login_required
    action = request.POST.get("action")
    if action == "cancel":
        pk = request.POST.get("webhook", "").strip()
        subscription = get_object_or_404(WebhookSubscription, pk=int(pk) if pk.isdigit() else 0, token__user=user)
        try:
            webhook_unsubscribe(token=subscription.token, subscription_id=subscription.pk)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã hủy webhook gửi đến %(url)s.") % {"url": subscription.url})
        return redirect("webhook-log")
    form = WebhookForm(request.POST if action == "create" else None, user=user)
    if action == "create" and form.is_valid():
        try:
            subscription = webhook_subscribe(token=form.cleaned_data["token"], url=form.cleaned_data["url"],
                                             events=form.cleaned_data["events"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            request.session[NEW_WEBHOOK_KEY] = subscription.pk
            return redirect("webhook-log")
    waiting = request.session.pop(NEW_WEBHOOK_KEY, None) if request.method == "GET" else None
    created = WebhookSubscription.objects.filter(pk=waiting, token__user=user).first() if waiting else None
    return render(request, "api/webhook_log.html", {"webhooks": webhooks_of(user=user), "form": form,
                                                    "created": created, "deliveries": deliveries_of(user=user)})
