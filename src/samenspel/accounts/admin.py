from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from samenspel.accounts.models import Person, Role


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    fields = ["role", "refnis", "igs", "organisation", "valid_from", "valid_to"]


class ConsentFilter(admin.SimpleListFilter):
    title = "toestemming"
    parameter_name = "toestemming"

    def lookups(self, request, model_admin):
        return [
            ("contact", "contactgegevens tonen"),
            ("wieiswie", "vermelding in Wie is wie"),
            ("geen", "geen enkele"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "contact":
            return queryset.filter(consent_contact_at__isnull=False)
        if self.value() == "wieiswie":
            return queryset.filter(consent_listed_at__isnull=False)
        if self.value() == "geen":
            return queryset.filter(consent_contact_at__isnull=True, consent_listed_at__isnull=True)
        return queryset


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "email", "function", "user", "consent_contact_at", "consent_listed_at"]
    search_fields = ["name", "email", "function", "user__username", "user__email"]
    list_filter = [ConsentFilter, "roles__role"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at"]
    inlines = [RoleInline]


@admin.register(Role)
class RoleAdmin(SimpleHistoryAdmin):
    list_display = ["person", "role", "refnis", "igs", "organisation", "valid_from", "valid_to"]
    list_filter = ["role", "organisation"]
    search_fields = ["person__name", "refnis", "igs", "organisation"]
    list_select_related = ["person"]
    raw_id_fields = ["person"]
    date_hierarchy = "valid_from"
