"""Praktijken: good and bad practices with their context, moderated (draft, review, published),
searchable with facets.
"""

from django.apps import AppConfig


class Config(AppConfig):
    name = "samenspel.network.practices"
    label = "practices"
    verbose_name = "Praktijken"
    default = True

    def ready(self) -> None:
        from samenspel.accounts import personal_data
        from samenspel.network.practices import services

        personal_data.register(
            "praktijken", export=services.export_for, anonymise=services.anonymise_for
        )
