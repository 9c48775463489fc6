"""Initiatieven: a transparent registry of regional cooperation initiatives, also between
centrumsteden.
"""

from django.apps import AppConfig


class Config(AppConfig):
    name = "samenspel.network.initiatives"
    label = "initiatives"
    verbose_name = "Initiatieven"
    default = True

    def ready(self) -> None:
        from samenspel.accounts import personal_data
        from samenspel.network.initiatives import services

        personal_data.register(
            "initiatieven", export=services.export_for, anonymise=services.anonymise_for
        )
