"""A practice: something partners tried, with what worked and what did not.

Places are codes, like everywhere in Samenspel: the IGS slugs and the municipalities' REFNIS
2025 codes, each kept between commas (``,noord,``, ``,44021,44088,``) so that "the practices of
an IGS" is a portable filter on SQLite and PostgreSQL; themes likewise (codes of
:data:`samenspel.network.themes.THEMES`). ``search_text`` holds the normalised words of the
practice for the search's prefilter (:mod:`.search`); it is rebuilt on every save.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from samenspel.core.codes import split_codes
from samenspel.network.practices import search, workflow
from samenspel.network.themes import THEME_LABELS

GOOD = "goed"
LESSON = "leerrijk"
KIND_CHOICES = [
    (GOOD, "goede praktijk"),
    (LESSON, "leerrijke ervaring (wat niet werkte)"),
]
KIND_LABELS = dict(KIND_CHOICES)

SCALE_CHOICES = [
    ("gemeente", "één gemeente"),
    ("gemeenten", "enkele gemeenten samen"),
    ("igs", "een IGS"),
    ("referentieregio", "een referentieregio"),
    ("steden", "tussen steden"),
    ("vlaanderen", "Vlaanderen"),
]
SCALE_LABELS = dict(SCALE_CHOICES)

MIN_YEAR, MAX_YEAR = 2000, 2040
TITLE_MAX = 200
SUMMARY_MAX = 1_000
TEXT_MAX = 5_000


class PracticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=workflow.PUBLISHED)

    def about(self, igs: str = "", refnis: str = "", themes=()):
        """Practices of an IGS, of a municipality, with one of the themes (each only when
        given; all given conditions hold)."""
        qs = self
        if igs:
            qs = qs.filter(igs__contains=f",{igs},")
        if refnis:
            qs = qs.filter(municipalities__contains=f",{refnis},")
        themes = [t for t in themes if t]
        if themes:
            any_theme = Q()
            for t in themes:
                any_theme |= Q(themes__contains=f",{t},")
            qs = qs.filter(any_theme)
        return qs


class Practice(models.Model):
    """A good practice or a lesson from what did not work, moderated before it is public."""

    title = models.CharField("titel", max_length=TITLE_MAX)
    kind = models.CharField("soort", max_length=20, choices=KIND_CHOICES, default=GOOD)
    themes = models.CharField("thema's (codes, tussen komma's)", max_length=400)
    igs = models.CharField("IGS (slugs, tussen komma's)", max_length=2_000, blank=True)
    municipalities = models.CharField(
        "gemeenten (REFNIS 2025, tussen komma's)", max_length=2_000, blank=True
    )
    scale = models.CharField("schaal", max_length=20, choices=SCALE_CHOICES)
    year = models.PositiveSmallIntegerField(
        "jaar",
        validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)],
    )
    summary = models.TextField("samenvatting", max_length=SUMMARY_MAX)
    what_worked = models.TextField("wat werkte", max_length=TEXT_MAX, blank=True)
    what_failed = models.TextField("wat niet werkte", max_length=TEXT_MAX, blank=True)
    lessons = models.TextField("lessen", max_length=TEXT_MAX, blank=True)
    contact = models.ForeignKey(
        "accounts.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices_as_contact",
        verbose_name="contactpersoon",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name="auteur",
    )
    status = models.CharField(
        "status",
        max_length=20,
        choices=workflow.STATUS_CHOICES,
        default=workflow.DRAFT,
        db_index=True,
    )
    moderator_note = models.TextField(
        "opmerking van de moderator", max_length=workflow.NOTE_MAX, blank=True
    )
    search_text = models.TextField("zoektekst", blank=True, editable=False)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    updated_at = models.DateTimeField("gewijzigd op", auto_now=True)
    published_at = models.DateTimeField("gepubliceerd op", null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["search_text"])

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = "praktijk"
        verbose_name_plural = "praktijken"
        ordering = ["-published_at", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="praktijk_jaar_binnen_grenzen",
                condition=Q(year__gte=MIN_YEAR) & Q(year__lte=MAX_YEAR),
            ),
            models.CheckConstraint(
                name="praktijk_gekende_status",
                condition=Q(status__in=[c for c, _ in workflow.STATUS_CHOICES]),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    # --- the object protocol of accounts/roles.py -------------------------------------------

    def igs_slugs(self) -> set[str]:
        return set(split_codes(self.igs))

    def refnis_codes(self) -> set[str]:
        return set(split_codes(self.municipalities))

    @property
    def owner_id(self) -> int | None:
        return self.author_id

    def is_public(self) -> bool:
        return self.status == workflow.PUBLISHED

    # --- convenience ------------------------------------------------------------------------

    @property
    def igs_list(self) -> list[str]:
        return split_codes(self.igs)

    @property
    def refnis_list(self) -> list[str]:
        return split_codes(self.municipalities)

    @property
    def theme_list(self) -> list[str]:
        return split_codes(self.themes)

    @property
    def theme_labels(self) -> list[tuple[str, str]]:
        return [(c, THEME_LABELS.get(c, c)) for c in self.theme_list]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return workflow.STATUS_LABELS.get(self.status, self.status)

    @property
    def body(self) -> str:
        return "\n".join(t for t in (self.what_worked, self.what_failed, self.lessons) if t)

    def build_search_text(self, context: str = "") -> str:
        """The normalised words of the practice (title, summary, body, context)."""
        return search.normalise(" ".join([self.title, self.summary, self.body, context]))
