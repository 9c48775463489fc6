from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from samenspel.funding.models import SavedComparison


@admin.register(SavedComparison)
class SavedComparisonAdmin(SimpleHistoryAdmin):
    """Staff see every saved comparison: rename or delete; the settings and snapshot are read-only
    (they were validated and computed when the comparison was saved)."""

    list_display = ("name", "created_by", "created_at", "data_version")
    list_filter = ("created_by",)
    search_fields = ("name", "created_by__username")
    readonly_fields = (
        "id",
        "query",
        "created_by",
        "created_at",
        "snapshot",
        "data_version",
        "data_changed_at",
    )

    def has_add_permission(self, request):
        return False
