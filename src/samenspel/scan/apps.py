from django.apps import AppConfig


class Config(AppConfig):
    name = "samenspel.scan"
    label = "scan"
    verbose_name = "Samenwerkingsscan"
    default = True
