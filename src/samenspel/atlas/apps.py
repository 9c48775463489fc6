from django.apps import AppConfig


class Config(AppConfig):
    name = "samenspel.atlas"
    label = "atlas"
    verbose_name = "Atlas"
    default = True
