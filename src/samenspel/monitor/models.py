"""The Monitor's data: indicators, import batches and measurements.

Areas are stored by their codes (REFNIS of the 2025 municipality, or the IGS slug), not as
foreign keys: reloading the reference data (which replaces municipalities and IGS by their
natural keys) never deletes or blocks measurements. The import checks the codes.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from samenspel.monitor.catalogue import DIRECTIONS, KINDS, LEVELS


class ManualOnlyHistory(HistoricalRecords):
    """History of the measurements typed in by hand, and only of those.

    Imported measurements (``batch`` set) are written with ``bulk_create`` (no signal, so no
    history) and deleted by the thousand when a later UiTdatabank import replaces them; their
    record is the :class:`ImportBatch` itself (file, SHA-256, who, when), and the file can be
    read again. A history row per imported value would double the table, and the delete
    signals alone would stop Django's fast delete: every replaced row would be fetched to
    write its history. So ``post_save`` skips imported rows, and the delete signals are not
    connected at all: the one user-facing path that deletes a manual value (the manual entry,
    and the deletion of an own indicator with its values) writes the "verwijderd" row itself
    with :meth:`Measurement.record_deletion`.
    """

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if self.cls is sender:
            models.signals.post_delete.disconnect(self.post_delete, sender=sender)
            models.signals.pre_delete.disconnect(self.pre_delete, sender=sender)
            sender._manual_history = self

    def post_save(self, instance, created, using=None, **kwargs):
        if instance.batch_id is not None:
            return
        super().post_save(instance, created, using=using, **kwargs)


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
    # The catalogue's indicators are created in bulk by the loader (no history rows; a later
    # change of their definition is recorded, see loading._upsert); an IGS's own indicators
    # are written through the page and keep their history.
    history = HistoricalRecords()

    class Meta:
        verbose_name = "indicator"
        verbose_name_plural = "indicatoren"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    # The object protocol of samenspel.accounts.roles: an own indicator belongs to its IGS;
    # one of the catalogue belongs to nobody (only the support staff may change it).
    owner_id = None

    def igs_slugs(self) -> set[str]:
        return {self.igs} if self.igs else set()

    def refnis_codes(self) -> set[str]:
        return set()

    def is_public(self) -> bool:
        return True


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
    history = ManualOnlyHistory()

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

    def record_deletion(self) -> None:
        """Write the "verwijderd" history row of a manual value (call before deleting it;
        see :class:`ManualOnlyHistory`)."""
        if self.batch_id is None:
            type(self)._manual_history.create_historical_record(self, "-")

    # The object protocol of samenspel.accounts.roles. A value of a municipality also belongs
    # to the IGS the municipality was a partner of on 1 January of the year (so that the IGS's
    # coordinator may correct it); a value of an IGS to that IGS.
    owner_id = None

    def igs_slugs(self) -> set[str]:
        if self.igs:
            return {self.igs}
        from samenspel.atlas.services import get_atlas
        from samenspel.monitor.services import igs_of_municipality

        atlas = get_atlas()
        return igs_of_municipality(atlas, self.refnis, self.year) if atlas else set()

    def refnis_codes(self) -> set[str]:
        return {self.refnis} if self.refnis else set()

    def is_public(self) -> bool:
        return True


def _story_file_path(instance, filename: str) -> str:
    """A random name under ``verhalen/``: the name the user gave is kept in
    ``attachment_name`` but never used as a path."""
    ext = {
        "image/jpeg": "jpg",
        "image/png": "png",
        "image/webp": "webp",
        "application/pdf": "pdf",
    }.get(instance.attachment_type, "bin")
    return f"verhalen/{uuid.uuid4().hex}.{ext}"


class StoryQuerySet(models.QuerySet):
    def about(self, igs: str = "", refnis: str = "", indicator: str = "", year: int | None = None):
        """The stories of an IGS, a municipality (among the partners) and an indicator, each
        only when given (all given conditions hold), told about a period that includes
        ``year`` (a story without a period counts for every year)."""
        qs = self
        if igs:
            qs = qs.filter(igs=igs)
        if refnis:
            qs = qs.filter(municipalities__contains=f",{refnis},")
        if indicator:
            qs = qs.filter(indicators__contains=f",{indicator},")
        if year is not None:
            qs = qs.filter(
                Q(year_from__isnull=True) | Q(year_from__lte=year),
                Q(year_to__isnull=True) | Q(year_to__gte=year),
            )
        return qs


class Story(models.Model):
    """A story ("verhaal"): the invisible value of culture next to the figures it illuminates.

    The partners and the indicators are kept as codes (like the measurements), in text fields
    with the codes between commas (``,44021,44088,``) so that "the stories of a municipality"
    is a simple, portable filter. The attachment (a photo or a PDF, checked by its content in
    :mod:`samenspel.monitor.forms`) is stored under ``MEDIA_ROOT`` with a random name and only
    handed out by the view ``verhaal_bijlage``."""

    title = models.CharField("titel", max_length=200)
    text = models.TextField("verhaal")
    attachment = models.FileField(
        "foto of document", upload_to=_story_file_path, blank=True, max_length=200
    )
    attachment_name = models.CharField("oorspronkelijke bestandsnaam", max_length=200, blank=True)
    attachment_type = models.CharField("soort bestand", max_length=40, blank=True)
    attachment_size = models.PositiveIntegerField("grootte (bytes)", null=True, blank=True)
    attachment_alt = models.CharField("beschrijving van de foto", max_length=300, blank=True)
    igs = models.CharField("IGS (slug)", max_length=100, blank=True, db_index=True)
    municipalities = models.CharField(
        "partners (REFNIS 2025, tussen komma's)", max_length=2000, blank=True, default=""
    )
    indicators = models.CharField(
        "indicatoren (codes, tussen komma's)", max_length=2000, blank=True, default=""
    )
    year_from = models.PositiveSmallIntegerField("van (jaar)", null=True, blank=True)
    year_to = models.PositiveSmallIntegerField("tot en met (jaar)", null=True, blank=True)
    teller_name = models.CharField("verteld door", max_length=200)
    teller_role = models.CharField("rol", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="monitor_stories",
        verbose_name="aangemaakt door",
    )
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    updated_at = models.DateTimeField("gewijzigd op", auto_now=True)
    # Every version, with the attachment's metadata (name, type, size, description and the
    # stored path: the file of an earlier version is removed when it is replaced).
    history = HistoricalRecords()

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = "verhaal"
        verbose_name_plural = "verhalen"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_from__isnull=True)
                | Q(year_to__isnull=True)
                | Q(year_from__lte=models.F("year_to")),
                name="monitor_story_period_in_order",
            )
        ]

    def __str__(self):
        return self.title

    @staticmethod
    def join_codes(codes) -> str:
        codes = [c for c in dict.fromkeys(codes) if c]
        return f",{','.join(codes)}," if codes else ""

    @property
    def refnis_list(self) -> list[str]:
        return [c for c in self.municipalities.split(",") if c]

    @property
    def indicator_list(self) -> list[str]:
        return [c for c in self.indicators.split(",") if c]

    @property
    def period(self) -> str:
        """``2024``, ``2023–2025``, ``vanaf 2023``, ``tot 2024`` or ``""``."""
        a, b = self.year_from, self.year_to
        if a and b:
            return str(a) if a == b else f"{a}–{b}"
        if a:
            return f"vanaf {a}"
        if b:
            return f"tot {b}"
        return ""

    @property
    def is_image(self) -> bool:
        return bool(self.attachment) and self.attachment_type.startswith("image/")

    # The object protocol of samenspel.accounts.roles: a story belongs to its IGS and to the
    # partners it names; its author owns it; everyone reads it.
    @property
    def owner_id(self):
        return self.created_by_id

    def igs_slugs(self) -> set[str]:
        return {self.igs} if self.igs else set()

    def refnis_codes(self) -> set[str]:
        return set(self.refnis_list)

    def is_public(self) -> bool:
        return True

    def may_edit(self, user) -> bool:
        """``monitor.change_item`` (samenspel.accounts.permissions): the author, the support
        staff, the coordinator of its IGS, a cultuurbeleidscoördinator or medewerker of one of
        its partners."""
        if user is None or not user.is_authenticated:
            return False
        return user.has_perm("monitor.change_item", self)
