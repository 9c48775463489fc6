from django.apps import AppConfig


class Config(AppConfig):
    name = "samenspel.scenarios"
    label = "scenarios"
    verbose_name = "Scenario's"
    default = True
