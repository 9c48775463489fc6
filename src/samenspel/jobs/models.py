"""A job record: what was asked, how far the worker is, and the result (JSON)."""

import uuid

from django.db import models
from django.db.models import Q


class Job(models.Model):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    STATUSES = [
        (QUEUED, "in de wachtrij"),
        (RUNNING, "bezig"),
        (DONE, "klaar"),
        (FAILED, "mislukt"),
    ]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField("soort", max_length=50)
    # sha256 of the kind, the normalised inputs and the data version (services.job_key)
    key = models.CharField("sleutel", max_length=64, db_index=True)
    params = models.JSONField("invoer", default=dict)
    data_version = models.CharField("gegevensversie", max_length=50, blank=True)
    status = models.CharField("status", max_length=10, choices=STATUSES, default=QUEUED)
    progress = models.FloatField("voortgang", default=0.0)  # 0 … 1
    message = models.CharField("bericht", max_length=300, blank=True)
    result = models.JSONField("resultaat", null=True, blank=True)
    error = models.TextField("fout", blank=True)
    task_id = models.CharField("taak-id", max_length=64, blank=True)
    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)
    started_at = models.DateTimeField("gestart", null=True, blank=True)
    finished_at = models.DateTimeField("klaar op", null=True, blank=True)

    class Meta:
        verbose_name = "achtergrondtaak"
        verbose_name_plural = "achtergrondtaken"
        ordering = ["-created_at"]
        constraints = [
            # One live (queued, running or done) job per key: identical requests share it.
            models.UniqueConstraint(
                fields=["key"], condition=~Q(status="failed"), name="jobs_one_live_job_per_key"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.id} ({self.get_status_display()})"

    @property
    def done(self) -> bool:
        return self.status == self.DONE

    @property
    def failed(self) -> bool:
        return self.status == self.FAILED

    @property
    def finished(self) -> bool:
        return self.status in (self.DONE, self.FAILED)

    @property
    def percent(self) -> int:
        return round(max(0.0, min(1.0, self.progress)) * 100)

    def as_status(self) -> dict:
        """What the status view returns (no result: the page shows it on reload)."""
        return {
            "id": str(self.id),
            "soort": self.kind,
            "status": self.status,
            "status_tekst": self.get_status_display(),
            "voortgang": round(max(0.0, min(1.0, self.progress)), 3),
            "procent": self.percent,
            "bericht": self.message,
            "fout": self.error,
            "klaar": self.done,
            "mislukt": self.failed,
        }
