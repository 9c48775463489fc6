from django.db import models


class DataLoad(models.Model):
    """One successful load of a data bundle; the newest one says which data the pages show."""

    loaded_at = models.DateTimeField("geladen op", auto_now_add=True)
    # Set again whenever staff correct reference data in the admin: cached views then reload.
    changed_at = models.DateTimeField("laatst gewijzigd", auto_now=True)
    source = models.CharField("bundel", max_length=500)
    summary = models.JSONField("samenvatting", default=dict)
    warnings = models.JSONField("waarschuwingen", default=list)
    # The map topology (samenspel.territory.topo) of the loaded geometry, built once at load.
    topology = models.TextField("kaarttopologie", blank=True)

    class Meta:
        verbose_name = "gegevenslading"
        verbose_name_plural = "gegevensladingen"
        ordering = ["-loaded_at", "-id"]

    def __str__(self):
        return f"{self.source} ({self.loaded_at:%d/%m/%Y %H:%M})"
