from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gdnn.accounts.forms import ThrottledLoginForm
from gdnn.accounts.models import ROLE_LEVEL, ApiToken, Role, RoleAssignment, User
from gdnn.accounts.services import apitoken_revoke, user_deactivate, user_password_changed, user_reactivate
from gdnn.common.errors import DomainError
from gdnn.orgunits.models import OrgUnit

admin.site.login_form = ThrottledLoginForm
admin.site.site_header = "GDNN"


class RoleAssignmentForm(forms.ModelForm):
    """The same rules as the product's pages: a unit that is current and of the role's level."""

    class Meta:
        model = RoleAssignment
        fields = ("role", "org_unit")

    def clean(self):
        cleaned = super().clean()
        role, unit = cleaned.get("role"), cleaned.get("org_unit")
        if role in Role.values:
            level = ROLE_LEVEL[Role(role)]
            if unit is not None and not unit.is_valid_on(timezone.localdate()):
                raise forms.ValidationError(gettext("Đơn vị %(unit)s (%(code)s) không còn hiệu lực.")
                                            % {"unit": unit.name, "code": unit.code})
            if level is not None and (unit is None or unit.level != level):
                raise forms.ValidationError(gettext("Vai trò này phải gắn với một đơn vị cấp %(level)s.")
                                            % {"level": OrgUnit.Level(level).label})
            if role == Role.SYSTEM_ADMIN and unit is not None:
                raise forms.ValidationError(gettext("Quản trị hệ thống không gắn với đơn vị."))
        return cleaned


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    form = RoleAssignmentForm
    raw_id_fields = ("org_unit",)
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Users are deactivated, never deleted: their submissions, values and events keep naming them."""

    inlines = [RoleAssignmentInline]
    fieldsets = (*BaseUserAdmin.fieldsets, ("GDNN", {"fields": ("full_name",)}))
    list_display = ("username", "full_name", "email", "is_active", "is_staff")
    readonly_fields = ("is_active", "last_login", "date_joined")  # is_active changes through the actions
    actions = ["deactivate", "reactivate"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def _each(self, request, queryset, service) -> None:
        for user in queryset:
            try:
                service(user=user, by=request.user)
            except DomainError as exc:
                self.message_user(request, f"{user.username}: {exc}", messages.ERROR)

    @admin.action(description=_("Khóa các tài khoản đã chọn (thu hồi mã truy cập API)"))
    def deactivate(self, request, queryset) -> None:
        self._each(request, queryset, user_deactivate)

    @admin.action(description=_("Mở lại các tài khoản đã chọn"))
    def reactivate(self, request, queryset) -> None:
        self._each(request, queryset, user_reactivate)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:  # the new password was saved
            user_password_changed(user=self.get_object(request, id), by=request.user)
        return response


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their owner (web page or `gdnn token create`); here they can be revoked."""

    actions = ["revoke"]

    list_display = ("prefix", "name", "user", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("prefix", "name", "user__username")
    readonly_fields = ("user", "name", "prefix", "created_at", "expires_at", "last_used_at")
    exclude = ("digest",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # revoke with the action below, the token page or `gdnn token revoke` (audited)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Thu hồi các mã truy cập đã chọn"))
    def revoke(self, request, queryset) -> None:
        for token in queryset:
            apitoken_revoke(token=token, by=request.user, reason="revoked_in_admin")
