import uuid

from django.conf import settings
from django.db import models


class SavedComparison(models.Model):
    """A verdeelsleutel comparison saved under a name; its link can be shared (read-only)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField("naam", max_length=200)
    query = models.TextField("instellingen (querystring)")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name="door"
    )
    created_at = models.DateTimeField("bewaard op", auto_now_add=True)

    class Meta:
        verbose_name = "bewaarde vergelijking"
        verbose_name_plural = "bewaarde vergelijkingen"
        ordering = ["-created_at"]

    def __str__(self):
        return self.name
