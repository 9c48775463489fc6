"""The registry of regional cooperation initiatives, also between centrumsteden ("stad tot stad").

An :class:`Initiative` names its partners by code, like the Monitor's stories: municipalities
by their 2025 REFNIS code and IGS by their slug, each list kept between commas
(``,34022,36015,``) so that "the initiatives of a municipality" is a simple, portable filter and
reloading the reference data never cascades into the registry. Forms check the codes against
the loaded data.

Published entries are public; a draft is seen only by its editors (see
``initiatives.view_initiative`` in :mod:`samenspel.accounts.permissions`). Every model keeps its
history (django-simple-history): the status changes of the timeline are read from it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from samenspel.core.codes import split_codes

IDEA, PREPARING, RUNNING, ENDED = "idee", "voorbereiding", "lopend", "afgelopen"
STATUS_CHOICES = [
    (IDEA, "idee"),
    (PREPARING, "in voorbereiding"),
    (RUNNING, "lopend"),
    (ENDED, "afgelopen"),
]
STATUS_LABELS = dict(STATUS_CHOICES)

IGS_KIND, CITY_TO_CITY, PROJECT, NETWORK, OTHER = (
    "igs",
    "stad-tot-stad",
    "project",
    "netwerk",
    "andere",
)
KIND_CHOICES = [
    (IGS_KIND, "IGS-samenwerking"),
    (CITY_TO_CITY, "stad-tot-stad (tussen centrumsteden)"),
    (PROJECT, "projectsamenwerking"),
    (NETWORK, "netwerk"),
    (OTHER, "andere"),
]
KIND_LABELS = dict(KIND_CHOICES)

#: Dates of an initiative, a decision: between these years.
MIN_YEAR, MAX_YEAR = 1980, 2100


class InitiativeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def with_partner(self, igs: str = "", refnis: str = ""):
        """Initiatives with this IGS and/or this municipality among their partners."""
        qs = self
        if igs:
            qs = qs.filter(partnerships__contains=f",{igs},")
        if refnis:
            qs = qs.filter(municipalities__contains=f",{refnis},")
        return qs

    def with_any_partner(self, igs=(), refnis=()):
        """Initiatives with at least one of these IGS or municipalities among their partners."""
        cond = Q(pk__in=[])
        for slug in igs:
            cond |= Q(partnerships__contains=f",{slug},")
        for code in refnis:
            cond |= Q(municipalities__contains=f",{code},")
        return self.filter(cond)

    def visible_to(self, user):
        """What ``user`` may see: everything published, and the drafts they edit (the rule of
        ``initiatives.view_initiative`` as a query, so that lists can be paginated)."""
        from samenspel.accounts.permissions import places

        p = places(user)
        if p.support:
            return self
        cond = Q(published=True)
        if getattr(user, "is_authenticated", False):
            cond |= Q(created_by=user.pk)
        for slug in p.edits_igs:  # the IGS's coordinators and medewerkers
            cond |= Q(partnerships__contains=f",{slug},")
        for code in p.edits_refnis:
            cond |= Q(municipalities__contains=f",{code},")
        return self.filter(cond)


def _document_path(instance, filename: str) -> str:
    """A random name under ``initiatieven/``; the user's name is kept in ``file_name`` only."""
    ext = {
        "application/pdf": "pdf",
        "application/vnd.oasis.opendocument.text": "odt",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
        "image/jpeg": "jpg",
        "image/png": "png",
        "image/webp": "webp",
    }.get(instance.file_type, "bin")
    return f"initiatieven/{uuid.uuid4().hex}.{ext}"


class Initiative(models.Model):
    """One cooperation initiative: who works together, on what, since when, how far it is."""

    title = models.CharField("titel", max_length=200)
    kind = models.CharField("soort", max_length=20, choices=KIND_CHOICES, default=PROJECT)
    status = models.CharField("status", max_length=20, choices=STATUS_CHOICES, default=IDEA)
    summary = models.CharField("korte omschrijving", max_length=500, blank=True)
    goals = models.TextField("doelen", max_length=10_000, blank=True)
    municipalities = models.CharField(
        "partnergemeenten (REFNIS 2025, tussen komma's)", max_length=2000, blank=True, default=""
    )
    partnerships = models.CharField(
        "partner-IGS (slugs, tussen komma's)", max_length=2000, blank=True, default=""
    )
    other_partners = models.CharField(
        "andere partners", max_length=500, blank=True, help_text="Bv. een stad buiten Vlaanderen"
    )
    start_date = models.DateField("begindatum", null=True, blank=True)
    end_date = models.DateField("einddatum", null=True, blank=True)
    contact = models.ForeignKey(
        "accounts.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="contactpersoon",
    )
    published = models.BooleanField("gepubliceerd", default=False)
    published_at = models.DateTimeField("gepubliceerd op", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="aangemaakt door",
    )
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    updated_at = models.DateTimeField("gewijzigd op", auto_now=True)
    history = HistoricalRecords()

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = "initiatief"
        verbose_name_plural = "initiatieven"
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(start_date__lte=models.F("end_date")),
                name="initiatives_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    # --- the object protocol of samenspel.accounts.roles --------------------------------
    def igs_slugs(self) -> set[str]:
        return set(split_codes(self.partnerships))

    def refnis_codes(self) -> set[str]:
        return set(split_codes(self.municipalities))

    @property
    def owner_id(self):
        return self.created_by_id

    def is_public(self) -> bool:
        return bool(self.published)

    # --- for pages -------------------------------------------------------------------------
    @property
    def refnis_list(self) -> list[str]:
        return split_codes(self.municipalities)

    @property
    def igs_list(self) -> list[str]:
        return split_codes(self.partnerships)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def is_city_to_city(self) -> bool:
        return self.kind == CITY_TO_CITY


class Decision(models.Model):
    """A decision about an initiative: when, by whom (a council, a board), what."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="decisions", verbose_name="initiatief"
    )
    date = models.DateField("datum")
    body = models.CharField(
        "orgaan",
        max_length=200,
        help_text="Bv. college van burgemeester en schepenen Kortrijk, gemeenteraad, raad van "
        "bestuur van het IGS.",
    )
    text = models.TextField("beslissing", max_length=5_000)
    url = models.URLField("link naar de beslissing", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="toegevoegd door",
    )
    created_at = models.DateTimeField("toegevoegd op", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "beslissing"
        verbose_name_plural = "beslissingen"
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.body}"


class Document(models.Model):
    """A document of an initiative: an uploaded file (checked by its content, see
    :mod:`samenspel.network.initiatives.files`) or a link. Files are served only by the view
    ``initiative_document``, which checks that the user may see the initiative."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="documents", verbose_name="initiatief"
    )
    title = models.CharField("titel", max_length=200)
    file = models.FileField("bestand", upload_to=_document_path, blank=True, max_length=200)
    file_name = models.CharField("oorspronkelijke bestandsnaam", max_length=200, blank=True)
    file_type = models.CharField("soort bestand", max_length=100, blank=True)
    file_size = models.PositiveIntegerField("grootte (bytes)", null=True, blank=True)
    url = models.URLField("link", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="toegevoegd door",
    )
    created_at = models.DateTimeField("toegevoegd op", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "document"
        verbose_name_plural = "documenten"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title
