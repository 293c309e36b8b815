from django.contrib import admin

from gdnn.orgunits.models import AdminDataLoad, Institution, OrgUnit, OrgUnitSuccession


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "division_type", "valid_from", "valid_to")
    list_filter = ("level", "division_type")
    search_fields = ("code", "name")
    # The parent is not edited here: a move must recompute the stored paths of the whole subtree
    # (scope checks read them) and leave an audit event, which orgunit_move does.
    readonly_fields = ("parent", "path", "depth")

    def has_add_permission(self, request) -> bool:
        return False  # units come from the national load or from institution_create


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
