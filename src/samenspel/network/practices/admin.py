from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from samenspel.atlas.services import get_atlas
from samenspel.network.practices import services
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

    def save_model(self, request, obj, form, change):
        # the search reads the stored words: a text corrected here must be found by its new words
        obj.search_text = obj.build_search_text(services.context_text(obj, get_atlas()))
        super().save_model(request, obj, form, change)
