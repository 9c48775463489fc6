from django.apps import AppConfig


class Config(AppConfig):
    name = "samenspel.network.events"
    label = "events"
    verbose_name = "Ontmoetingen"
    default = True
