from django.apps import AppConfig


class Config(AppConfig):
    name = "samenspel.funding"
    label = "funding"
    verbose_name = "Verdeelsleutel"
    default = True

    def ready(self):
        from samenspel.accounts import personal_data
        from samenspel.funding.services import anonymise_personal_data, export_personal_data

        personal_data.register(
            "verdeelsleutel", export=export_personal_data, anonymise=anonymise_personal_data
        )
