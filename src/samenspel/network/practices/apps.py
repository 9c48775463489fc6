from django.apps import AppConfig


class Config(AppConfig):
    name = "samenspel.network.practices"
    label = "practices"
    verbose_name = "Praktijken"
    default = True
