from django.contrib import admin

from gdnn.indicators.models import Category, CategoryOption, DataElement, EthnicGroup, Indicator


class CategoryOptionInline(admin.TabularInline):
    model = CategoryOption
    extra = 0


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_vi", "name_en")
    inlines = [CategoryOptionInline]


@admin.register(DataElement)
class DataElementAdmin(admin.ModelAdmin):
    list_display = ("code", "name_vi", "value_type", "reported_by", "period_type")
    list_filter = ("reported_by", "period_type", "value_type")
    search_fields = ("code", "name_vi", "name_en")


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name_vi", "unit", "direction", "period_type", "catalog_version")
    search_fields = ("code", "name_vi", "name_en")


@admin.register(EthnicGroup)
class EthnicGroupAdmin(admin.ModelAdmin):
    list_display = ("codelist", "code", "name")
    list_filter = ("codelist",)
