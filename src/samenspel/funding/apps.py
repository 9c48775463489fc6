from django.apps import AppConfig


class Config(AppConfig):
    name = "samenspel.funding"
    label = "funding"
    verbose_name = "Verdeelsleutel"
    default = True
