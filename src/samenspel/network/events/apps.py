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
        from django.db.models.signals import post_delete

        from samenspel.accounts import personal_data
        from samenspel.network.events import services
        from samenspel.network.events.models import Registration

        post_delete.connect(
            services.free_seat_of_deleted, sender=Registration, dispatch_uid="events_free_seat"
        )

        personal_data.register(
            "ontmoetingen", export=services.export_for, anonymise=services.anonymise_for
        )
