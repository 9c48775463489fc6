from django.contrib import admin

from samenspel.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Read-only: jobs are made by pages and run by the worker."""

    list_display = ("kind", "status", "percent", "message", "created_at", "finished_at")
    list_filter = ("kind", "status")
    readonly_fields = [f.name for f in Job._meta.fields if f.name != "result"]
    exclude = ("result",)  # packed data, not for reading

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="voortgang (%)")
    def percent(self, obj):
        return obj.percent
