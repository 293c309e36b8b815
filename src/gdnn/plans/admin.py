from django.contrib import admin

from gdnn.plans.models import Agency, Assignment, FundingSource, Plan, ReportingDuty, Target, TaskGroup


class TargetInline(admin.TabularInline):
    model = Target
    fields = ("order", "indicator", "year", "comparator", "value_min", "value_max", "unit", "review")
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("doc_number", "issuer", "level", "issued_on", "status", "org_unit")
    list_filter = ("level", "status", "is_secondary_source")
    search_fields = ("doc_number", "issuer", "title")
    raw_id_fields = ("org_unit",)
    inlines = [TargetInline]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "valid_to", "gdnn_successor")


for model in (Assignment, ReportingDuty, TaskGroup, FundingSource):
    admin.site.register(model)
