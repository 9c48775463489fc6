"""A scenario saved under a name by a logged-in user, shared read-only by its link.

``settings`` holds the scenario itself as JSON (its groups, rules, reference date and how it was
made: see :mod:`samenspel.scenarios.services`), checked by :meth:`SavedScenario.clean` before
every save; ``snapshot`` the evaluation as it was when saved (groups, inhabitants, eligibility,
subsidy, cofinancing, ties), on the data of version ``data_version``
(:class:`samenspel.core.models.DataLoad`). The shared link shows the snapshot; "open" evaluates
the same groups again on today's data.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

NAME_MAX = 200


def validate_settings(value) -> None:
    """The scenario JSON must read back as a scenario (Dutch message naming the problem)."""
    from samenspel.scenarios.web import scenario_from_settings

    try:
        scenario_from_settings(value)
    except ValueError as exc:
        raise ValidationError(f"De instellingen van het scenario zijn ongeldig: {exc}") from None


class SavedScenario(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField("naam", max_length=NAME_MAX)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="scenarios",
        verbose_name="eigenaar",
    )
    settings = models.JSONField("scenario (JSON)", validators=[validate_settings])
    snapshot = models.JSONField("evaluatie bij het bewaren", default=dict, blank=True)
    data_version = models.PositiveBigIntegerField("gegevensversie", null=True, blank=True)
    data_changed_at = models.DateTimeField("gegevens van", null=True, blank=True)
    created_at = models.DateTimeField("bewaard op", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "bewaard scenario"
        verbose_name_plural = "bewaarde scenario's"
        ordering = ["-created_at"]

    def __str__(self):
        return self.name

    def clean(self):
        self.name = (self.name or "").strip()
        if not self.name:
            raise ValidationError(
                {"name": "Geef het scenario een naam (alleen spaties telt niet)."}
            )

    def save(self, *args, **kwargs):
        """Never store a nameless or unreadable scenario, whoever saves it (view, admin, shell)."""
        self.full_clean()
        super().save(*args, **kwargs)
