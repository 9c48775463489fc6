from django.apps import AppConfig


class Config(AppConfig):
    name = "samenspel.partnerships"
    label = "partnerships"
    verbose_name = "Samenwerkingsverbanden"
    default = True
