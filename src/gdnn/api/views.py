"""The page listing a user's webhooks and every delivery attempt's outcome."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gdnn.accounts.models import User
from gdnn.api.selectors import deliveries_of, webhooks_of


@login_required
@require_GET
def webhook_log(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # login_required
    return render(request, "api/webhook_log.html", {"webhooks": webhooks_of(user=user),
                                                    "deliveries": deliveries_of(user=user)})
