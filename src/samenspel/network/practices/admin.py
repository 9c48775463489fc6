from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from samenspel.network.practices.models import Practice


@admin.register(Practice)
class PracticeAdmin(SimpleHistoryAdmin):
    """For staff; moderation itself happens on the site ("Ter review"), where every step is
    checked by the workflow and recorded with its note."""

    list_display = ["title", "kind", "status", "year", "scale", "author", "published_at"]
    list_filter = ["status", "kind", "scale", "year"]
    list_select_related = ["author"]
    search_fields = ["title", "summary", "igs", "municipalities"]
    readonly_fields = ["status", "published_at", "search_text", "created_at", "updated_at"]
    raw_id_fields = ["author", "contact"]
