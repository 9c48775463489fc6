from django.apps import AppConfig


class Config(AppConfig):
    name = "samenspel.monitor"
    label = "monitor"
    verbose_name = "Monitor"
    default = True
