"""Network events ("ontmoetingen") and who registered for them.

An :class:`Event` is formal (a study day, a learning network) or informal (a network drink, a
working visit), organised by an IGS and/or a support organisation, held somewhere (free text and
optionally the municipality's REFNIS code). Places are stored as codes, like everywhere in
Samenspel. A :class:`Registration` is one person's "Ik kom" for one event: confirmed while there
is room, otherwise on the waiting list; the person chooses whether their name may be shown among
the participants (``consent_listed``); the organiser marks who attended afterwards.

The seats are counted in ``Event.taken``, changed only by :mod:`samenspel.network.events.services`
with a conditional UPDATE (``taken < capacity``), so two people who click "Ik kom" for the last
seat at the same moment can never both get it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from samenspel.accounts.models import Person

FORMAL, INFORMAL = "formeel", "informeel"
KIND_CHOICES = [
    (FORMAL, "Formeel (studiedag, lerend netwerk, vorming)"),
    (INFORMAL, "Informeel (netwerkborrel, werkbezoek, uitwisseling)"),
]
KIND_SHORT = {FORMAL: "formeel", INFORMAL: "informeel"}


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def upcoming(self, now=None):
        """Not yet over (an event that is running today still counts)."""
        return self.filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")


class Event(models.Model):
    title = models.CharField("titel", max_length=200)
    kind = models.CharField("soort", max_length=20, choices=KIND_CHOICES, default=FORMAL)
    description = models.TextField("beschrijving", max_length=5000, blank=True)
    start = models.DateTimeField("begin", db_index=True)
    end = models.DateTimeField("einde")
    location = models.CharField("plaats", max_length=300)
    refnis = models.CharField("gemeente (REFNIS 2025)", max_length=5, blank=True, db_index=True)
    igs = models.CharField("organiserend IGS (slug)", max_length=80, blank=True, db_index=True)
    organisation = models.CharField("organiserend steunpunt", max_length=40, blank=True)
    capacity = models.PositiveIntegerField("aantal plaatsen", null=True, blank=True)
    registration_deadline = models.DateTimeField("inschrijven tot", null=True, blank=True)
    published = models.BooleanField("gepubliceerd", default=False)
    cancelled = models.BooleanField("afgelast", default=False)
    taken = models.PositiveIntegerField("bevestigde plaatsen", default=0, editable=False)
    anonymous_attended = models.PositiveIntegerField(
        "deelnemers die hun gegevens wisten", default=0, editable=False
    )
    attendance_recorded_at = models.DateTimeField(
        "aanwezigheid bijgehouden op", null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network_events",
        verbose_name="aangemaakt door",
    )
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    updated_at = models.DateTimeField("gewijzigd op", auto_now=True)
    history = HistoricalRecords(excluded_fields=["taken"])

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "ontmoeting"
        verbose_name_plural = "ontmoetingen"
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                name="ontmoeting_einde_na_begin", condition=Q(end__gte=models.F("start"))
            ),
            models.CheckConstraint(
                name="ontmoeting_niet_overboekt",
                condition=Q(capacity__isnull=True) | Q(taken__lte=models.F("capacity")),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("event_detail", args=[self.pk])

    # --- the object protocol of accounts.roles ----------------------------------------------
    def igs_slugs(self) -> set[str]:
        return {self.igs} if self.igs else set()

    def refnis_codes(self) -> set[str]:
        return {self.refnis} if self.refnis else set()

    @property
    def owner_id(self):
        return self.created_by_id

    def is_public(self) -> bool:
        return self.published

    # --- state ----------------------------------------------------------------------------
    @property
    def uid(self) -> str:
        """The iCalendar UID: stable for the life of the event."""
        return f"event-{self.pk}@samenspel"

    def is_past(self, now=None) -> bool:
        return self.end < (now or timezone.now())

    def registration_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.cancelled or not self.published or self.end < now:
            return False
        return self.registration_deadline is None or now <= self.registration_deadline

    @property
    def free_places(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.taken)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(cancelled=False)

    def confirmed(self):
        return self.filter(cancelled=False, status=Registration.CONFIRMED)

    def waiting(self):
        return self.filter(cancelled=False, status=Registration.WAITING).order_by(
            "created_at", "pk"
        )

    def took_part(self):
        """Who took part in a published event that is over: marked present by the organiser,
        or, when the organiser kept no attendance, confirmed and not cancelled."""
        now = timezone.now()
        return self.filter(
            cancelled=False,
            status=Registration.CONFIRMED,
            event__published=True,
            event__cancelled=False,
            event__end__lt=now,
        ).filter(Q(attended=True) | Q(event__attendance_recorded_at__isnull=True))

    def consented(self):
        return self.filter(consent_listed=True)


class Registration(models.Model):
    CONFIRMED, WAITING = "bevestigd", "wachtlijst"
    STATUS_CHOICES = [(CONFIRMED, "bevestigd"), (WAITING, "op de wachtlijst")]

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name="ontmoeting"
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name="persoon",
    )
    status = models.CharField("status", max_length=20, choices=STATUS_CHOICES, default=CONFIRMED)
    consent_listed = models.BooleanField(
        "mag vermeld worden bij de deelnemers",
        default=False,
        help_text="Je naam verschijnt in de lijst van deelnemers en in het netwerkoverzicht.",
    )
    attended = models.BooleanField("aanwezig", default=False)
    cancelled = models.BooleanField("afgemeld", default=False)
    created_at = models.DateTimeField("ingeschreven op", default=timezone.now)
    updated_at = models.DateTimeField("gewijzigd op", auto_now=True)
    history = HistoricalRecords()

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = "inschrijving"
        verbose_name_plural = "inschrijvingen"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="een_inschrijving_per_persoon")
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.event}"

    # The object protocol: a registration belongs to its event's places; its owner is the
    # person's account.
    def igs_slugs(self) -> set[str]:
        return self.event.igs_slugs()

    def refnis_codes(self) -> set[str]:
        return self.event.refnis_codes()

    @property
    def owner_id(self):
        return self.person.user_id

    def is_public(self) -> bool:
        return False
