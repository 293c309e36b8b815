"""User administration pages. Each view parses, calls one selector or service, and renders; a request
outside the actor's scope gets 404 (someone else's account) or 403 (a role they may not grant)."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gdnn.accounts.administration import imports
from gdnn.accounts.administration import selectors as sel
from gdnn.accounts.administration import services as svc
from gdnn.accounts.administration.forms import (
    RoleFields,
    UserCreateForm,
    UserEditForm,
    UserSearchForm,
    UsersImportForm,
)
from gdnn.accounts.models import RoleAssignment, User
from gdnn.accounts.selectors import orgunits_visible
from gdnn.common.errors import DomainError, NotFound, PermissionDenied

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _actor(request: HttpRequest) -> User:
    actor = cast(User, request.user)
    if not sel.user_may_administer(actor=actor):
        raise DjangoPermissionDenied(gettext("Chỉ quản trị hệ thống và cán bộ cấp tỉnh được quản lý tài khoản."))
    return actor


def _target(request: HttpRequest, user_id: int) -> tuple[User, User]:
    actor = _actor(request)
    try:
        return actor, sel.user_manageable_get(actor=actor, user_id=user_id)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


def _created(request: HttpRequest, accounts: list[svc.NewAccount], invited: int, reset: bool = False) -> HttpResponse:
    return render(request, "accounts/users/created.html", {
        "accounts": accounts, "invited": invited, "reset": reset,
        "has_temporary": any(a.temporary_password for a in accounts)})


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _send_links(request: HttpRequest, actor: User, accounts: list[svc.NewAccount]) -> int:
    """Invitation e-mails after the accounts are committed; a mail failure is a message, not an error."""
    sent = 0
    for account in accounts:
        if account.temporary_password is None:
            try:
                svc.password_link_send(by=actor, user=account.user, base_url=_base_url(request), invitation=True)
                sent += 1
            except Exception:  # SMTP refused or down: the officer can resend from the account page
                messages.warning(request, gettext("Chưa gửi được thư mời tới %(email)s; hãy gửi lại từ trang "
                                                  "tài khoản.") % {"email": account.user.email})
    return sent


@login_required
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    form = UserSearchForm(request.GET or None)
    query, state = "", "active"
    if form.is_valid():
        query, state = form.cleaned_data["q"], form.cleaned_data["state"] or "active"
    page = Paginator(sel.users_manageable(actor=actor, query=query, state=state), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/users/list.html", {"form": form, "page": page, "query": query, "state": state})


@login_required
@require_http_methods(["GET", "POST"])
def user_new(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    form = UserCreateForm(request.POST or None, roles=sel.roles_grantable(actor=actor),
                          within=orgunits_visible(user=actor))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with transaction.atomic():
                account = svc.user_create_managed(by=actor, username=d["username"], full_name=d["full_name"],
                                                  email=d["email"], role=d["role"], org_unit=d["org_unit"])
        except PermissionDenied as exc:
            form.add_error("org_unit" if d["org_unit"] else "role", str(exc))
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            invited = _send_links(request, actor, [account])
            return _created(request, [account], invited)
    return render(request, "accounts/users/new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    actor, user = _target(request, user_id)
    form = UserEditForm(request.POST or None, initial={"full_name": user.full_name, "email": user.email})
    if request.method == "POST" and form.is_valid():
        try:
            svc.user_update(by=actor, user=user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, gettext("Đã lưu thông tin tài khoản."))
            return redirect("users:detail", user_id=user.pk)
    return _detail(request, actor, user, form=form)


def _detail(request: HttpRequest, actor: User, user: User, *, form=None, role_form=None, status: int = 200):
    return render(request, "accounts/users/detail.html", {
        "account": user, "form": form or UserEditForm(initial={"full_name": user.full_name, "email": user.email}),
        "role_form": role_form or RoleFields(roles=sel.roles_grantable(actor=actor), within=orgunits_visible(user=actor)),
        "roles": list(user.roles.select_related("org_unit")), "is_self": user.pk == actor.pk,
    }, status=status)


@login_required
@require_POST
def role_add(request: HttpRequest, user_id: int) -> HttpResponse:
    actor, user = _target(request, user_id)
    form = RoleFields(request.POST, roles=sel.roles_grantable(actor=actor), within=orgunits_visible(user=actor))
    if form.is_valid():
        try:
            svc.role_grant(by=actor, user=user, role=form.cleaned_data["role"], org_unit=form.cleaned_data["org_unit"])
        except DomainError as exc:
            form.add_error("org_unit", str(exc))
        else:
            messages.success(request, gettext("Đã thêm vai trò."))
            return redirect("users:detail", user_id=user.pk)
    return _detail(request, actor, user, role_form=form, status=400)


@login_required
@require_POST
def role_remove(request: HttpRequest, user_id: int, role_id: int) -> HttpResponse:
    actor, user = _target(request, user_id)
    assignment = RoleAssignment.objects.select_related("org_unit", "user").filter(pk=role_id, user=user).first()
    if assignment is None:
        raise Http404(gettext("Không có vai trò này."))
    try:
        svc.role_revoke(by=actor, assignment=assignment)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("Đã bỏ vai trò."))
    return redirect("users:detail", user_id=user.pk)


@login_required
@require_POST
def user_active(request: HttpRequest, user_id: int) -> HttpResponse:
    actor, user = _target(request, user_id)
    active = request.POST.get("active") == "1"
    try:
        svc.user_set_active(by=actor, user=user, active=active)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("Đã mở khóa tài khoản.") if active else gettext("Đã khóa tài khoản."))
    return redirect("users:detail", user_id=user.pk)


@login_required
@require_POST
def password_temporary(request: HttpRequest, user_id: int) -> HttpResponse:
    actor, user = _target(request, user_id)
    try:
        temporary = svc.password_temporary_set(by=actor, user=user)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("users:detail", user_id=user.pk)
    return _created(request, [svc.NewAccount(user, temporary)], 0, reset=True)


@login_required
@require_POST
def password_link(request: HttpRequest, user_id: int) -> HttpResponse:
    actor, user = _target(request, user_id)
    try:
        svc.password_link_send(by=actor, user=user, base_url=_base_url(request))
    except DomainError as exc:
        messages.error(request, str(exc))
    except Exception:  # the mail server refused or is down
        messages.error(request, gettext("Không gửi được thư; hãy kiểm tra cấu hình e-mail hoặc đặt mật khẩu tạm."))
    else:
        messages.success(request, gettext("Đã gửi đường dẫn đặt mật khẩu tới %(email)s.") % {"email": user.email})
    return redirect("users:detail", user_id=user.pk)


@login_required
@require_http_methods(["GET", "POST"])
def users_import(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    form = UsersImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST":
        if not form.is_valid():
            errors = [gettext("Hãy chọn một tệp .xlsx hoặc .csv để tải lên.")]
        else:
            upload = form.cleaned_data["file"]
            try:
                if upload.size > imports.MAX_BYTES:
                    raise imports.UsersFileRejected([gettext("Tệp “%(name)s” quá lớn (tối đa 2 MB).") % {"name": upload.name}])
                rows = imports.users_file_read(name=upload.name, data=upload.read())
                created = imports.users_import(by=actor, rows=rows)
            except imports.UsersFileRejected as exc:
                errors = exc.errors
            except DomainError as exc:
                errors = [str(exc)]
            else:
                invited = _send_links(request, actor, created)
                return _created(request, created, invited)
    return render(request, "accounts/users/import.html", {"form": form, "errors": errors},
                  status=400 if errors else 200)


@login_required
@require_GET
def users_template(request: HttpRequest) -> HttpResponse:
    _actor(request)
    response = HttpResponse(imports.template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-tai-khoan.xlsx"'
    return response


@login_required
@require_GET
def user_pick(request: HttpRequest) -> HttpResponse:
    """The accounts the actor manages matching ?q= (or the box named by ?field=), as <option>s."""
    actor = _actor(request)
    field = request.GET.get("field", "q")[:40]
    query = (request.GET.get(field) or request.GET.get("q") or "")[:100].strip()
    users = list(sel.users_manageable(actor=actor, query=query)[:20]) if len(query) >= 2 else []
    return render(request, "accounts/users/_options.html", {"users": users})
