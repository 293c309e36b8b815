from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from gdnn.accounts.forms import ThrottledLoginForm
from gdnn.accounts.models import RoleAssignment, User

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
