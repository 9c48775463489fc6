from django.apps import AppConfig


class Config(AppConfig):
    name = "samenspel.scenarios"
    label = "scenarios"
    verbose_name = "Scenario's"
    default = True

    def ready(self):
        from samenspel.accounts import personal_data
        from samenspel.scenarios.services import anonymise_personal_data, export_personal_data

        personal_data.register(
            "scenarios", export=export_personal_data, anonymise=anonymise_personal_data
        )
