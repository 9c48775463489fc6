from django.apps import AppConfig


class Config(AppConfig):
    name = "samenspel.scan"
    label = "scan"
    verbose_name = "Samenwerkingsscan"
    default = True

    def ready(self) -> None:
        from samenspel.accounts import personal_data
        from samenspel.scan import services

        personal_data.register(
            "samenwerkingsscan",
            export=services.export_personal_data,
            anonymise=services.anonymise_personal_data,
        )
