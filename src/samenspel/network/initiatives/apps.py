from django.apps import AppConfig


class Config(AppConfig):
    name = "samenspel.network.initiatives"
    label = "initiatives"
    verbose_name = "Initiatieven"
    default = True
