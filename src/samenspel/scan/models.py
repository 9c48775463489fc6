"""The Samenwerkingsscan: a group of partners, its rounds, the personal links and the answers.

A :class:`ScanGroup` is an existing IGS (its slug) or a group of municipalities that considers
cooperating; its members are kept as REFNIS 2025 codes between commas (``,44021,44088,``), like
the Monitor's stories, so that reloading the reference data never cascades into a scan. A group
answers the scan in rounds (:class:`ScanRound`, e.g. yearly). Each respondent gets a personal
link: only the SHA-256 hash of its token is stored (:class:`Invitation`), so nobody, also not the
database, can hand out a link again; the link is shown once to the coordinator who made it.

A :class:`ScanResponse` holds no personal data: the role and the municipality the respondent
states, the answers (1–5 or "weet niet") and the open answers. It is not tied to its invitation
and keeps no moment; the invitation forgets its label once used. So nothing stored, shown or
exported ties an answer to a link, a label, a user or a moment. Responses keep no history
(django-simple-history would record the account of whoever is logged in while answering).

Groups and rounds implement the object protocol of :mod:`samenspel.accounts.roles`
(``igs_slugs()``, ``refnis_codes()``, ``owner_id``, ``is_public()``) for the permissions in
:mod:`samenspel.accounts.permissions` (``scan.manage_group``, ``scan.view_results``).
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

# join_codes is imported from here by scan.views
from samenspel.core.codes import join_codes as join_codes
from samenspel.core.codes import split_codes

#: Longest label of a personal link; longest open answer.
LABEL_MAX = 100
OPEN_MAX = 2_000


def hash_token(token: str) -> str:
    """The SHA-256 hex digest under which a personal link's token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A fresh token for a personal link: 32 URL-safe characters (192 random bits)."""
    return secrets.token_urlsafe(24)


class ScanGroup(models.Model):
    """The partners that take the scan together: an IGS, or municipalities that consider it."""

    name = models.CharField("naam", max_length=200)
    igs = models.CharField("IGS (slug)", max_length=80, blank=True, db_index=True)
    municipalities = models.CharField(
        "partners (REFNIS 2025, tussen komma's)", max_length=3_000, blank=True, default=""
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scan_groups",
        verbose_name="aangemaakt door",
    )
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "scangroep"
        verbose_name_plural = "scangroepen"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def refnis_list(self) -> list[str]:
        return split_codes(self.municipalities)

    # object protocol (accounts.roles)
    def igs_slugs(self) -> set[str]:
        return {self.igs} if self.igs else set()

    def refnis_codes(self) -> set[str]:
        return set(self.refnis_list)

    @property
    def owner_id(self):
        return self.created_by_id

    def is_public(self) -> bool:
        return False


class ScanRound(models.Model):
    """One round of the scan for a group, e.g. "Ronde 2027"."""

    group = models.ForeignKey(
        ScanGroup, on_delete=models.CASCADE, related_name="rounds", verbose_name="groep"
    )
    title = models.CharField("titel", max_length=100)
    opened_on = models.DateField("geopend op", default=timezone.localdate)
    closes_on = models.DateField("sluit op", null=True, blank=True)
    closed = models.BooleanField("afgesloten", default=False)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "scanronde"
        verbose_name_plural = "scanrondes"
        ordering = ["group", "opened_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(closes_on__gte=models.F("opened_on")),
                name="scan_round_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.title}"

    def is_open(self, today=None) -> bool:
        """Answers are taken while the round is not closed and its closing day has not passed."""
        today = today or timezone.localdate()
        return not self.closed and (self.closes_on is None or today <= self.closes_on)

    def previous(self):
        """The round of the same group opened just before this one, or None."""
        return (
            ScanRound.objects.filter(group_id=self.group_id)
            .filter(Q(opened_on__lt=self.opened_on) | Q(opened_on=self.opened_on, id__lt=self.id))
            .order_by("-opened_on", "-id")
            .first()
        )

    # object protocol: the round belongs to its group
    def igs_slugs(self) -> set[str]:
        return self.group.igs_slugs()

    def refnis_codes(self) -> set[str]:
        return self.group.refnis_codes()

    @property
    def owner_id(self):
        return self.group.created_by_id

    def is_public(self) -> bool:
        return False


class Invitation(models.Model):
    """A personal link to answer one round once; only the hash of its token is kept."""

    round = models.ForeignKey(
        ScanRound, on_delete=models.CASCADE, related_name="invitations", verbose_name="ronde"
    )
    token_hash = models.CharField("SHA-256 van de sleutel", max_length=64, unique=True)
    label = models.CharField("etiket", max_length=LABEL_MAX, blank=True)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    used_at = models.DateTimeField("gebruikt op", null=True, blank=True)

    class Meta:
        verbose_name = "persoonlijke link"
        verbose_name_plural = "persoonlijke links"
        ordering = ["round", "id"]

    def __str__(self) -> str:
        return f"link {self.pk} van {self.round}"


class ScanResponse(models.Model):
    """One anonymous answer to a round: the stated role and municipality, nothing personal."""

    round = models.ForeignKey(
        ScanRound, on_delete=models.CASCADE, related_name="responses", verbose_name="ronde"
    )
    # No link to the Invitation and no moment: either would tie the answer to the link, and
    # through the link's label or the coordinator's list of links to a person. A link answers
    # once because submitting marks the invitation used in the same transaction.
    refnis = models.CharField("gemeente (REFNIS 2025; leeg: andere)", max_length=5, blank=True)
    role = models.CharField("rol", max_length=40)

    class Meta:
        verbose_name = "antwoord op de scan"
        verbose_name_plural = "antwoorden op de scan"
        ordering = ["round", "id"]

    def __str__(self) -> str:
        return f"antwoord {self.pk} op {self.round}"


class Answer(models.Model):
    """The answer to one statement: 1 (helemaal oneens) … 5 (helemaal eens), None: weet niet."""

    response = models.ForeignKey(
        ScanResponse, on_delete=models.CASCADE, related_name="answers", verbose_name="antwoord"
    )
    item_code = models.CharField("stelling", max_length=20)
    value = models.PositiveSmallIntegerField("score", null=True, blank=True)

    class Meta:
        verbose_name = "score"
        verbose_name_plural = "scores"
        constraints = [
            models.UniqueConstraint(fields=["response", "item_code"], name="scan_answer_once"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=5),
                name="scan_answer_1_to_5",
            ),
        ]


class OpenAnswer(models.Model):
    """The answer to one open question."""

    response = models.ForeignKey(
        ScanResponse,
        on_delete=models.CASCADE,
        related_name="open_answers",
        verbose_name="antwoord",
    )
    question_code = models.CharField("vraag", max_length=20)
    text = models.CharField("tekst", max_length=OPEN_MAX)

    class Meta:
        verbose_name = "open antwoord"
        verbose_name_plural = "open antwoorden"
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question_code"], name="scan_open_answer_once"
            ),
        ]
