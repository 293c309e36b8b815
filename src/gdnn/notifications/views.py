"""The notifications page: the user's notices, newest first; mark one or all read."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from gdnn.accounts.models import User
from gdnn.notifications.selectors import notifications_of
from gdnn.notifications.services import notifications_mark_read


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    page = Paginator(notifications_of(user=user), 50).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    """Mark read: one notice (`id`, then follow its link) or all of them."""
    user = cast(User, request.user)
    raw = request.POST.get("id", "")
    ids = [int(raw)] if raw.isdigit() else None
    notifications_mark_read(user=user, ids=ids)
    if ids:
        n = notifications_of(user=user).filter(pk=ids[0]).first()
        if n and n.link and url_has_allowed_host_and_scheme(n.link, allowed_hosts={request.get_host()}):
            return redirect(n.link)
    return redirect("notifications:list")
