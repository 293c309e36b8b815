from django.contrib import admin

from gdnn.followup.models import AgencyMember, TaskAssignment


@admin.register(AgencyMember)
class AgencyMemberAdmin(admin.ModelAdmin):
    """Read-only: members change on /followup/members/, the import or `gdnn followup members`
    (agency_member_add/remove check the scope and write the audit row)."""

    list_display = ("user", "agency", "org_unit")
    list_filter = ("agency",)
    raw_id_fields = ("user", "org_unit")
    search_fields = ("user__username", "user__full_name")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TaskAssignment)
class TaskAssignmentAdmin(admin.ModelAdmin):
    """Read-only: assignments change on the plan's follow-up page (services check the lead)."""

    list_display = ("plan", "agency_name", "role", "active")
    list_filter = ("role", "active")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
