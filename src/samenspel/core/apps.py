from django.apps import AppConfig


def _reference_data_changed(sender, **kwargs) -> None:
    from samenspel.core.models import bump_data_version, is_versioned

    if is_versioned(sender):
        bump_data_version()


class Config(AppConfig):
    name = "samenspel.core"
    label = "core"
    verbose_name = "Kern"
    default = True

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(_reference_data_changed, dispatch_uid=f"data-version-{id(signal)}")
