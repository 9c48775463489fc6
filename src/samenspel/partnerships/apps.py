from django.apps import AppConfig


class Config(AppConfig):
    name = "samenspel.partnerships"
    label = "partnerships"
    verbose_name = "Samenwerkingsverbanden"
    default = True

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from samenspel.partnerships import models as partnership_models
        from samenspel.partnerships.services import reference_data_changed
        from samenspel.territory import models as territory_models

        watched = [
            partnership_models.Partnership,
            partnership_models.Membership,
            partnership_models.RecognitionPeriod,
            territory_models.Municipality,
            territory_models.Figure,
            territory_models.FormerMunicipality,
            territory_models.ReferenceRegion,
            territory_models.Province,
        ]
        for model in watched:
            for signal in (post_save, post_delete):
                signal.connect(
                    reference_data_changed,
                    sender=model,
                    dispatch_uid=f"atlas-{model.__name__}-{signal}",
                )
