"""The Monitor's data: indicators, import batches and measurements.

Areas are stored by their codes (REFNIS of the 2025 municipality, or the IGS slug), not as
foreign keys: reloading the reference data (which replaces municipalities and IGS by their
natural keys) never deletes or blocks measurements. The import checks the codes.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from samenspel.monitor.catalogue import DIRECTIONS, KINDS, LEVELS


class Indicator(models.Model):
    code = models.CharField("code", max_length=60, unique=True)
    name = models.CharField("naam", max_length=300)
    definition = models.TextField("definitie")
    unit = models.CharField("eenheid", max_length=60)
    source = models.CharField("bron", max_length=300)
    source_url = models.CharField("bronadres", max_length=500, blank=True)
    reference = models.CharField("peildatum of periode", max_length=200)
    frequency = models.CharField("frequentie", max_length=200)
    kind = models.CharField("soort", max_length=20, choices=list(KINDS.items()))
    direction = models.CharField("richting", max_length=20, choices=list(DIRECTIONS.items()))
    level = models.CharField("niveau", max_length=20, choices=list(LEVELS.items()))
    caveat = models.TextField("let op", blank=True)
    allow_negative = models.BooleanField("negatieve waarden toegestaan", default=False)
    whole_numbers = models.BooleanField("enkel gehele getallen", default=False)
    igs = models.CharField(
        "eigen indicator van IGS (slug)",
        max_length=100,
        blank=True,
        help_text="Leeg voor de indicatoren van Samenspel en van de databundel.",
    )

    class Meta:
        verbose_name = "indicator"
        verbose_name_plural = "indicatoren"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class ImportBatch(models.Model):
    KIND_CHOICES = [("file", "ingelezen bestand"), ("bundle", "databundel"), ("uit", "UiTdatabank")]

    file_name = models.CharField("bestand", max_length=300)
    sha256 = models.CharField("SHA-256 van de inhoud", max_length=64, db_index=True)
    # The indicator set follows from the content (the header), so (sha256, kind) identifies
    # "the same file with the same indicator set"; the codes are kept for the reader.
    indicator_set = models.TextField("indicatoren (codes, gesorteerd)", blank=True)
    kind = models.CharField("soort", max_length=10, choices=KIND_CHOICES, default="file")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name="door",
    )
    imported_at = models.DateTimeField("ingelezen op", auto_now_add=True)
    row_count = models.PositiveIntegerField("metingen", default=0)

    class Meta:
        verbose_name = "inleesbeurt"
        verbose_name_plural = "inleesbeurten"
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint(fields=["sha256", "kind"], name="monitor_batch_once")
        ]

    def __str__(self):
        return f"{self.file_name} ({self.imported_at:%d/%m/%Y %H:%M})"


class Measurement(models.Model):
    """One value of an indicator for an area (a 2025 municipality or an IGS) and a period.

    ``part_refnis`` is set when the value belongs to a municipality of before the mergers of
    2025 (the survey of 2023 has one row per former municipality): the value is kept as it is
    and never summed into the new municipality (see :mod:`samenspel.monitor.services`)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="measurements", verbose_name="indicator"
    )
    refnis = models.CharField("gemeente (REFNIS 2025)", max_length=5, blank=True, db_index=True)
    part_refnis = models.CharField(
        "gemeente van vóór 2025 (REFNIS)", max_length=5, blank=True, default=""
    )
    part_name = models.CharField("naam van vóór 2025", max_length=100, blank=True, default="")
    igs = models.CharField("IGS (slug)", max_length=100, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField("jaar")
    label = models.CharField("periode of label", max_length=100, blank=True, default="")
    value = models.DecimalField("waarde", max_digits=20, decimal_places=6)
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="measurements",
        verbose_name="inleesbeurt (leeg: manueel ingevoerd)",
    )
    note = models.CharField("opmerking", max_length=500, blank=True, default="")

    class Meta:
        verbose_name = "meting"
        verbose_name_plural = "metingen"
        ordering = ["indicator", "year", "refnis", "igs"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(refnis="") & ~Q(igs="")) | (~Q(refnis="") & Q(igs="")),
                name="monitor_measurement_one_area",
            ),
            models.UniqueConstraint(
                fields=["indicator", "refnis", "part_refnis", "igs", "year", "label", "batch"],
                condition=Q(batch__isnull=False),
                name="monitor_measurement_once_per_batch",
            ),
            models.UniqueConstraint(
                fields=["indicator", "refnis", "part_refnis", "igs", "year", "label"],
                condition=Q(batch__isnull=True),
                name="monitor_measurement_once_manual",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "year"])]

    def __str__(self):
        return f"{self.indicator.code} {self.refnis or self.igs} {self.year}: {self.value}"
