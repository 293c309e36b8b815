from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone

from gdnn.accounts.forms import ThrottledLoginForm
from gdnn.accounts.models import ROLE_LEVEL, ApiToken, Role, RoleAssignment, User
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
                raise forms.ValidationError(f"Đơn vị {unit.name} ({unit.code}) không còn hiệu lực.")
            if level is not None and (unit is None or unit.level != level):
                raise forms.ValidationError(f"Vai trò này phải gắn với một đơn vị cấp {OrgUnit.Level(level).label}.")
            if role == Role.SYSTEM_ADMIN and unit is not None:
                raise forms.ValidationError("Quản trị hệ thống không gắn với đơn vị.")
        return cleaned


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    form = RoleAssignmentForm
    raw_id_fields = ("org_unit",)
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleAssignmentInline]
    fieldsets = (*BaseUserAdmin.fieldsets, ("GDNN", {"fields": ("full_name",)}))
    list_display = ("username", "full_name", "email", "is_active", "is_staff")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their owner (web page or `gdnn token create`); here they can be revoked."""

    list_display = ("prefix", "name", "user", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("prefix", "name", "user__username")
    readonly_fields = ("user", "name", "prefix", "created_at", "expires_at", "last_used_at")
    exclude = ("digest",)

    def has_add_permission(self, request) -> bool:
        return False
