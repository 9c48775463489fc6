from django.apps import AppConfig


class Config(AppConfig):
    name = "samenspel.accounts"
    label = "accounts"
    verbose_name = "Accounts en rollen"
    default = True

    def ready(self):
        # Registers every permission rule with the ``rules`` package (one place: permissions.py).
        from samenspel.accounts import (
            permissions,  # noqa: F401
            personal_data,
            services,
        )

        # The person and their roles: exported on download; deleted last on deletion (see
        # services.delete_own_data, which calls the other apps' providers first).
        personal_data.register(
            services.ACCOUNTS_PROVIDER,
            export=services.export_accounts,
            anonymise=services.anonymise_accounts,
        )
