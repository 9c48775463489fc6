from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from samenspel.accounts import services
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
    actions = ["delete_personal_data"]

    @admin.action(
        description="Persoonsgegevens volledig verwijderen (ook de geschiedenis en het account)"
    )
    def delete_personal_data(self, request, queryset):
        """What "Mijn gegevens verwijderen" does, for people who ask the support staff (or who
        have no account): deleting a Person in the admin would keep their name in its history."""
        done = 0
        for person in queryset.select_related("user"):
            if person.user_id is not None:
                services.delete_own_data(person.user)
            else:
                services.delete_person_without_account(person)
            done += 1
        self.message_user(
            request, f"De gegevens van {done} persoon/personen zijn verwijderd.", messages.SUCCESS
        )


@admin.register(Role)
class RoleAdmin(SimpleHistoryAdmin):
    list_display = ["person", "role", "refnis", "igs", "organisation", "valid_from", "valid_to"]
    list_filter = ["role", "organisation"]
    search_fields = ["person__name", "refnis", "igs", "organisation"]
    list_select_related = ["person"]
    raw_id_fields = ["person"]
    date_hierarchy = "valid_from"
