from django.apps import AppConfig


class Config(AppConfig):
    name = "samenspel.territory"
    label = "territory"
    verbose_name = "Grondgebied"
    default = True
