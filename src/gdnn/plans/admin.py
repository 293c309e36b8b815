from django.contrib import admin

from gdnn.plans.models import Agency, Assignment, FundingSource, Plan, ReportingDuty, Target, TaskGroup


class TargetInline(admin.TabularInline):
    """Targets of a published plan are read-only here: corrections go through review (with a trail)."""

    model = Target
    fields = ("order", "indicator", "year", "comparator", "value_min", "value_max", "unit", "review")
    extra = 0

    def _published(self, obj) -> bool:
        return obj is not None and obj.status == Plan.Status.PUBLISHED

    def has_add_permission(self, request, obj=None) -> bool:
        return not self._published(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return not self._published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self._published(obj) and super().has_delete_permission(request, obj)


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("doc_number", "issuer", "level", "issued_on", "status", "org_unit")
    list_filter = ("level", "status", "is_secondary_source")
    search_fields = ("doc_number", "issuer", "title")
    raw_id_fields = ("org_unit",)
    inlines = [TargetInline]
    # Publication goes through plan_publish (the plan page or `gdnn plan publish`), which records who.
    readonly_fields = ("status", "published_at")


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "valid_to", "gdnn_successor")


for model in (Assignment, ReportingDuty, TaskGroup, FundingSource):
    admin.site.register(model)
