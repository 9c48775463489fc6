"""The person behind a login and the roles they hold.

Places are stored by their codes (REFNIS 2025 of a municipality, the slug of an IGS, the code of
a support organisation), like the Monitor does, so that reloading the reference data never
cascades into people's roles. Forms check the codes against the loaded data.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from samenspel.accounts import roles


class Person(models.Model):
    """A person: usually the owner of an account, with their contact details and consents.

    Contact details are shown to others only while ``consent_contact`` is set; the person is
    listed in "Wie is wie" only while ``consent_listed`` is set. Each consent keeps the moment it
    was given (None: not given).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="person",
        verbose_name="account",
    )
    name = models.CharField("naam", max_length=200)
    email = models.EmailField("e-mailadres", blank=True)
    phone = models.CharField("telefoon", max_length=40, blank=True)
    function = models.CharField("functie", max_length=200, blank=True)
    consent_contact_at = models.DateTimeField(
        "toestemming contactgegevens tonen sinds", null=True, blank=True
    )
    consent_listed_at = models.DateTimeField(
        "toestemming vermelding in Wie is wie sinds", null=True, blank=True
    )
    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "persoon"
        verbose_name_plural = "personen"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def consent_contact(self) -> bool:
        return self.consent_contact_at is not None

    @property
    def consent_listed(self) -> bool:
        return self.consent_listed_at is not None


class RoleQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date | None = None):
        day = day or timezone.localdate()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )


class Role(models.Model):
    """One role of a person in one place: a municipality, an IGS or a support organisation."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="roles", verbose_name="persoon"
    )
    role = models.CharField("rol", max_length=40, choices=roles.ROLE_CHOICES)
    refnis = models.CharField("gemeente (REFNIS 2025)", max_length=5, blank=True, db_index=True)
    igs = models.CharField("IGS (slug)", max_length=80, blank=True, db_index=True)
    organisation = models.CharField("steunpunt (code)", max_length=40, blank=True)
    valid_from = models.DateField("vanaf", null=True, blank=True)
    valid_to = models.DateField("tot en met", null=True, blank=True)
    history = HistoricalRecords()

    objects = RoleQuerySet.as_manager()

    class Meta:
        verbose_name = "rol"
        verbose_name_plural = "rollen"
        ordering = ["person", "role"]
        constraints = [
            models.CheckConstraint(
                name="rol_op_precies_een_plaats",
                condition=(
                    (~Q(refnis="") & Q(igs="") & Q(organisation=""))
                    | (Q(refnis="") & ~Q(igs="") & Q(organisation=""))
                    | (Q(refnis="") & Q(igs="") & ~Q(organisation=""))
                ),
            ),
        ]

    def __str__(self) -> str:
        where = self.refnis or self.igs or self.organisation
        return f"{self.person}: {roles.ROLE_LABELS.get(self.role, self.role)} ({where})"

    def clean(self):
        """Forms and the admin call this: a ``steunpunt`` role is held in a known organisation."""
        from django.core.exceptions import ValidationError

        from samenspel.accounts.organisations import BY_CODE

        if self.organisation and self.organisation not in BY_CODE:
            raise ValidationError(
                {
                    "organisation": f"Onbekend steunpunt '{self.organisation[:40]}'. Kies uit: "
                    + ", ".join(sorted(BY_CODE))
                    + "."
                }
            )

    @property
    def place_kind(self) -> str:
        return "gemeente" if self.refnis else "igs" if self.igs else "organisatie"
