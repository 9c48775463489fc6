import uuid

from django.conf import settings
from django.db import models


class SavedComparison(models.Model):
    """A verdeelsleutel comparison saved under a name; its link can be shared (read-only).

    ``query`` holds the validated settings (the page's query without presentation parameters);
    ``snapshot`` the numbers as they were computed when it was saved (see
    :func:`samenspel.funding.views.snapshot_of`), on the data of version ``data_version``. The
    shared link shows the snapshot; recomputing on today's data shows what changed.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField("naam", max_length=200)
    query = models.TextField("instellingen (querystring)")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name="door"
    )
    created_at = models.DateTimeField("bewaard op", auto_now_add=True)
    snapshot = models.JSONField("bedragen bij het bewaren", default=dict, blank=True)
    data_version = models.PositiveBigIntegerField("gegevensversie", null=True, blank=True)
    data_changed_at = models.DateTimeField("gegevens van", null=True, blank=True)

    class Meta:
        verbose_name = "bewaarde vergelijking"
        verbose_name_plural = "bewaarde vergelijkingen"
        ordering = ["-created_at"]

    def __str__(self):
        return self.name
