from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from gdnn.accounts.forms import ThrottledLoginForm
from gdnn.accounts.models import ApiToken, RoleAssignment, User

admin.site.login_form = ThrottledLoginForm
admin.site.site_header = "GDNN"


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
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
