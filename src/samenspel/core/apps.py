from django.apps import AppConfig


class Config(AppConfig):
    name = "samenspel.core"
    label = "core"
    verbose_name = "Kern"
    default = True
