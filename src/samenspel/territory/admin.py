from django.contrib import admin

from samenspel.territory.models import (
    Figure,
    FormerMunicipality,
    Indicator,
    Municipality,
    Province,
    ReferenceRegion,
)


class FigureInline(admin.TabularInline):
    model = Figure
    extra = 0


class FormerInline(admin.TabularInline):
    model = FormerMunicipality
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "refnis", "province", "reference_region", "is_centrumstad"]
    list_filter = ["province", "reference_region", "is_centrumstad"]
    search_fields = ["name_nl", "name_fr", "refnis"]
    exclude = ["geometry"]
    inlines = [FormerInline, FigureInline]


admin.site.register([Province, ReferenceRegion, Indicator])
