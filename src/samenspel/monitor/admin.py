from django.contrib import admin
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from samenspel.monitor.models import ImportBatch, Indicator, Measurement, Story


def _record_manual_deletions(indicators) -> None:
    """Deleting an indicator deletes its measurements (CASCADE), which writes no history
    (``ManualOnlyHistory`` connects no delete signal): write the "verwijderd" row of each
    manual value first, as the IGS's page does when it deletes an own indicator."""
    for m in Measurement.objects.filter(indicator__in=indicators, batch__isnull=True):
        m.record_deletion()


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "unit", "kind", "level", "direction", "igs"]
    list_filter = ["kind", "level", "direction"]
    search_fields = ["code", "name", "definition"]

    def delete_model(self, request, obj):
        with transaction.atomic():
            _record_manual_deletions([obj])
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            _record_manual_deletions(queryset)
            super().delete_queryset(request, queryset)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["file_name", "kind", "row_count", "imported_at", "imported_by"]
    list_filter = ["kind"]
    list_select_related = ["imported_by"]
    readonly_fields = ["sha256", "imported_at"]
    search_fields = ["file_name", "sha256"]


@admin.register(Measurement)
class MeasurementAdmin(SimpleHistoryAdmin):
    """The history covers the manual values only (see ``ManualOnlyHistory``); deleting one here
    writes its "verwijderd" row like the manual entry page does."""

    list_display = ["indicator", "refnis", "part_name", "igs", "year", "label", "value", "batch"]
    list_filter = ["year"]
    search_fields = ["indicator__code", "refnis", "igs", "part_name"]
    list_select_related = ["indicator", "batch"]
    raw_id_fields = ["indicator", "batch"]

    def delete_model(self, request, obj):
        with transaction.atomic():
            obj.record_deletion()
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # the list's delete action runs outside the admin's transaction
        with transaction.atomic():
            for m in queryset.filter(batch__isnull=True):
                m.record_deletion()
            super().delete_queryset(request, queryset)


@admin.register(Story)
class StoryAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "igs",
        "year_from",
        "year_to",
        "teller_name",
        "created_by",
        "created_at",
    ]
    list_filter = ["igs"]
    list_select_related = ["created_by"]
    search_fields = ["title", "text", "teller_name", "municipalities", "indicators"]
    readonly_fields = ["attachment_type", "attachment_size", "created_at", "updated_at"]
    raw_id_fields = ["created_by"]
