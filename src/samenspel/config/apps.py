from django.apps import AppConfig
from django.core import checks


class ServerConfig(AppConfig):
    """Registers the start-up check (samenspel.config.startup) as a Django system check."""

    name = "samenspel.config"
    label = "samenspel_config"
    verbose_name = "Samenspel: server"

    def ready(self):
        checks.register(start_check)


def start_check(app_configs=None, **kwargs):
    from samenspel.config.startup import problems

    return [checks.Error(p, id="samenspel.E001") for p in problems()]
