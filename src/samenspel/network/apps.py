from django.apps import AppConfig


class Config(AppConfig):
    name = "samenspel.network"
    label = "network"
    verbose_name = "Netwerk"
    default = True
