"""IGS bovenlokale cultuur and their memberships over time."""

from django.db import models

from samenspel.core.facts import LEGAL_FORM_LABELS
from samenspel.core.models import VersionedManager
from samenspel.territory.models import Municipality

CONFIDENCE_CHOICES = [("high", "hoog"), ("medium", "gemiddeld"), ("low", "laag")]


class Partnership(models.Model):
    slug = models.SlugField(primary_key=True, max_length=80)
    name = models.CharField("naam", max_length=200)
    legal_form = models.CharField(
        "rechtsvorm", max_length=40, default="unknown", choices=list(LEGAL_FORM_LABELS.items())
    )
    legal_form_source = models.TextField("bron rechtsvorm", blank=True)
    granted_subsidy_eur = models.DecimalField(
        "toegekende Vlaamse subsidie per jaar (2020–2026)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    granted_subsidy_source = models.TextField("bron toegekende subsidie", blank=True)
    website = models.URLField("website", blank=True)
    confidence = models.CharField(
        "betrouwbaarheid", max_length=10, choices=CONFIDENCE_CHOICES, default="high"
    )
    note = models.TextField("opmerking", blank=True)
    source = models.TextField("bron", blank=True)

    objects = VersionedManager()

    class Meta:
        verbose_name = "IGS"
        verbose_name_plural = "IGS"
        ordering = ["name"]

    def __str__(self):
        return self.name


class RecognitionPeriod(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="recognitions"
    )
    valid_from = models.DateField("van")
    valid_to = models.DateField("tot en met", null=True, blank=True)

    objects = VersionedManager()

    class Meta:
        verbose_name = "erkenningsperiode"
        verbose_name_plural = "erkenningsperiodes"
        ordering = ["valid_from"]


class Membership(models.Model):
    """A municipality's membership, for the municipality *as it was when it joined*."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships", verbose_name="IGS"
    )
    member_refnis = models.CharField("REFNIS bij toetreding", max_length=5)
    member_name = models.CharField("naam bij toetreding", max_length=100)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name="gemeente (2025)",
    )
    valid_from = models.DateField("van")
    valid_to = models.DateField("tot en met", null=True, blank=True)
    confidence = models.CharField(
        "betrouwbaarheid", max_length=10, choices=CONFIDENCE_CHOICES, default="high"
    )
    note = models.TextField("opmerking", blank=True)
    source = models.TextField("bron", blank=True)

    objects = VersionedManager()

    class Meta:
        verbose_name = "lidmaatschap"
        verbose_name_plural = "lidmaatschappen"
        ordering = ["partnership", "member_name", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "member_refnis", "valid_from"],
                name="unique_membership_start",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="membership_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.member_name} in {self.partnership}"
