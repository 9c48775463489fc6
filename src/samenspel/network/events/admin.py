"""Beheer of the events. Registrations are shown read-only: seats are counted in ``Event.taken``
and only :mod:`samenspel.network.events.services` changes them (a registration deleted here would
leave a seat counted), so people register and cancel through the site."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from samenspel.network.events.models import Event, Registration


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    can_delete = False
    fields = ["person", "status", "consent_listed", "attended", "cancelled", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "start", "igs", "organisation", "published", "cancelled"]
    list_filter = ["kind", "published", "cancelled"]
    search_fields = ["title", "location", "igs"]
    readonly_fields = ["taken", "anonymous_attended", "attendance_recorded_at", "created_by"]
    inlines = [RegistrationInline]
    date_hierarchy = "start"
