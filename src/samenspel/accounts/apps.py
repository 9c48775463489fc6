from django.apps import AppConfig


class Config(AppConfig):
    name = "samenspel.accounts"
    label = "accounts"
    verbose_name = "Accounts en rollen"
    default = True

    def ready(self):
        # Registers every permission rule with the ``rules`` package (one place: permissions.py).
        from samenspel.accounts import permissions  # noqa: F401
