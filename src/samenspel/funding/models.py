import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


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
    # Who saved it and every later change (the budget and the contributions typed in are
    # part of ``query``, so their history is this one).
    history = HistoricalRecords()

    class Meta:
        verbose_name = "bewaarde vergelijking"
        verbose_name_plural = "bewaarde vergelijkingen"
        ordering = ["-created_at"]

    def __str__(self):
        return self.name

    # The object protocol of samenspel.accounts.roles: a private thing of its author, shared
    # read-only by its link.
    @property
    def owner_id(self):
        return self.created_by_id

    def igs_slugs(self) -> set[str]:
        return set()

    def refnis_codes(self) -> set[str]:
        return set()

    def is_public(self) -> bool:
        return False
