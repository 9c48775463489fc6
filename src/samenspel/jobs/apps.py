from django.apps import AppConfig


class Config(AppConfig):
    name = "samenspel.jobs"
    label = "jobs"
    verbose_name = "Achtergrondtaken"
    default = True
