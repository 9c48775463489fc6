from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from samenspel.network.initiatives.models import Decision, Document, Initiative


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    fields = ["date", "body", "text", "url"]


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = ["title", "file_name", "file_type", "url"]
    readonly_fields = ["file_name", "file_type"]


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "status", "published", "updated_at"]
    list_filter = ["kind", "status", "published"]
    search_fields = ["title", "summary", "municipalities", "partnerships", "other_partners"]
    raw_id_fields = ["contact", "created_by"]
    inlines = [DecisionInline, DocumentInline]
