from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from samenspel.scenarios.models import SavedScenario


@admin.register(SavedScenario)
class SavedScenarioAdmin(SimpleHistoryAdmin):
    """Staff see every saved scenario: rename or delete; the scenario and its snapshot are
    read-only (validated and evaluated when it was saved)."""

    list_display = ("name", "owner", "created_at", "data_version")
    list_filter = ("owner",)
    search_fields = ("name", "owner__username")
    readonly_fields = (
        "id",
        "owner",
        "settings",
        "snapshot",
        "created_at",
        "data_version",
        "data_changed_at",
    )

    def has_add_permission(self, request):
        return False
