from django.contrib import admin

from gdnn.common.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The trail, for reading only: nobody edits or deletes history."""

    list_display = ("at", "kind", "object_repr", "actor_name", "client_address")
    list_filter = ("kind",)
    search_fields = ("object_repr", "actor_name", "object_id", "client_address")
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
