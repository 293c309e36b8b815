"""The page where a user creates and revokes their own API tokens (docs/api.md)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gdnn.accounts.models import ApiToken
from gdnn.accounts.selectors import apitokens_of
from gdnn.accounts.services import apitoken_create, apitoken_revoke
from gdnn.api.limits import limits_for
from gdnn.common.errors import DomainError

SCOPE_CHOICES = [("data:write", gettext_lazy("Ghi số liệu (gửi giá trị)")),
                 ("workflow", gettext_lazy("Quy trình duyệt (nộp, phê duyệt, trả lại, mở lại báo cáo)"))]


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name (which system will use it)"), max_length=100)
    days = forms.TypedChoiceField(label=gettext_lazy("Valid for"), coerce=int, initial=365, choices=[
        (30, gettext_lazy("30 days")), (90, gettext_lazy("90 days")), (365, gettext_lazy("1 year"))])
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Quyền của mã (luôn được đọc)"), required=False, choices=SCOPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Không chọn gì: mã chỉ đọc. Mã không bao giờ làm được nhiều hơn vai trò của bạn."))


def _row(token: ApiToken) -> dict:
    limits = {seconds: limit for key, limit, seconds in limits_for(token=token) if key.startswith("token:")}
    return {"t": token, "scopes": sorted(token.scope_set), "per_minute": limits.get(60), "per_day": limits.get(86400)}


NEW_TOKEN_KEY = "gdnn_new_token"  # the session key holding a new token until the page shows it once


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """Create and revoke tokens. A new token is shown once, on the page the creation redirects to
    (post/redirect/get: reloading that page creates nothing): it waits in the session until then."""
    form = TokenForm(request.POST if request.POST.get("action") == "create" else None)
    if request.POST.get("action") == "revoke":
        pk = request.POST.get("token", "").strip()
        token = get_object_or_404(ApiToken, pk=int(pk) if pk.isdigit() else 0, user=request.user)
        apitoken_revoke(token=token, by=request.user)
        messages.success(request, _("Token %(prefix)s… was revoked.") % {"prefix": token.prefix})
        return redirect("api-tokens")
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = apitoken_create(user=request.user, name=form.cleaned_data["name"],
                                         days=form.cleaned_data["days"], by=request.user,
                                         scopes=["read", *form.cleaned_data["scopes"]])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            request.session[NEW_TOKEN_KEY] = {"token": token.pk, "raw": raw}
            return redirect("api-tokens")
    created = None
    waiting = request.session.pop(NEW_TOKEN_KEY, None) if request.method == "GET" else None
    if waiting:
        token = ApiToken.objects.filter(pk=waiting.get("token"), user=request.user).first()
        created = {"token": token, "raw": waiting.get("raw")} if token is not None else None
    return render(request, "web/api_tokens.html",
                  {"form": form, "created": created, "rows": [_row(t) for t in apitokens_of(user=request.user)]})
