from django.contrib import admin

from gdnn.orgunits.models import AdminDataLoad, Institution, OrgUnit, OrgUnitSuccession


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "division_type", "valid_from", "valid_to")
    list_filter = ("level", "division_type")
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)
    readonly_fields = ("path", "depth")


@admin.register(OrgUnitSuccession)
class OrgUnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ("predecessor", "successor", "kind", "share", "partial", "effective_date")
    list_filter = ("kind", "partial")
    raw_id_fields = ("predecessor", "successor")
    search_fields = ("predecessor__name", "successor__name", "predecessor__code", "successor__code")


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ("org_unit", "institution_type", "ownership", "managing_agency")
    list_filter = ("institution_type", "ownership")
    raw_id_fields = ("org_unit",)


@admin.register(AdminDataLoad)
class AdminDataLoadAdmin(admin.ModelAdmin):
    list_display = ("loaded_at", "source", "data_version", "units", "successions")
