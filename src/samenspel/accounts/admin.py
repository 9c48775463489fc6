from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from samenspel.accounts.models import Person, Role


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "email", "function", "user"]
    search_fields = ["name", "email"]
    inlines = [RoleInline]
