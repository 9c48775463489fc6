from django.apps import AppConfig


class Config(AppConfig):
    name = "samenspel.monitor"
    label = "monitor"
    verbose_name = "Monitor"
    default = True

    def ready(self):
        from samenspel.accounts import personal_data
        from samenspel.monitor.services import anonymise_personal_data, export_personal_data

        personal_data.register(
            "monitor", export=export_personal_data, anonymise=anonymise_personal_data
        )
