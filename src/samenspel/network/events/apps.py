"""Ontmoetingen: formal and informal network events, registration, an iCalendar feed and, with
consent, who took part.
"""

from django.apps import AppConfig


class Config(AppConfig):
    name = "samenspel.network.events"
    label = "events"
    verbose_name = "Ontmoetingen"
    default = True

    def ready(self):
        from samenspel.accounts import personal_data
        from samenspel.network.events import services

        personal_data.register(
            "ontmoetingen", export=services.export_for, anonymise=services.anonymise_for
        )
