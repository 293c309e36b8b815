from django.contrib import admin

from gdnn.followup.models import AgencyMember, TaskAssignment


@admin.register(AgencyMember)
class AgencyMemberAdmin(admin.ModelAdmin):
    """Who reports for which agency: the one list an administrator keeps by hand."""

    list_display = ("user", "agency", "org_unit")
    list_filter = ("agency",)
    raw_id_fields = ("user", "org_unit")
    search_fields = ("user__username", "user__full_name")


@admin.register(TaskAssignment)
class TaskAssignmentAdmin(admin.ModelAdmin):
    """Read-only: assignments change on the plan's follow-up page (services check the lead)."""

    list_display = ("plan", "agency_name", "role", "active")
    list_filter = ("role", "active")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
