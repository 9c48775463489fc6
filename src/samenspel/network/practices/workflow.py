"""The moderation of a practice as a small state machine (pure: no Django).

A practice is written as a draft (``concept``), sent in for review (``review``) and published
(``gepubliceerd``) by a moderator (staff of the support organisation). A moderator who does not
publish it sends it back to draft with a note that says why; a published practice can be taken
offline again, also with a note. Who may do what is decided by two facts about the user and the
practice, computed by the caller from the permission rules:

- ``may_edit``: the user may change the practice (its author, a coordinator of its IGS, an
  editor of its municipality, or staff: ``practices.change_practice``);
- ``may_moderate``: the user moderates (``practices.moderate_practice``).

=============  ==========================  ===========================  ==============
action         from                        to                           who
=============  ==========================  ===========================  ==============
submit         concept                     review                       editor
withdraw       review                      concept                      editor
publish        review                      gepubliceerd                 moderator
send_back      review                      concept (note required)      moderator
unpublish      gepubliceerd                concept (note required)      moderator
=============  ==========================  ===========================  ==============

Editing a published practice by someone who does not moderate sends it back to review
(:func:`status_after_edit`): what the public reads has always been seen by a moderator.

Example::

    >>> apply("submit", DRAFT, may_edit=True, may_moderate=False)
    'review'
    >>> [t.action for t in available(REVIEW, may_edit=True, may_moderate=False)]
    ['withdraw']
"""

from __future__ import annotations

from dataclasses import dataclass

DRAFT = "concept"
REVIEW = "review"
PUBLISHED = "gepubliceerd"

STATUS_CHOICES = [
    (DRAFT, "concept"),
    (REVIEW, "ter nazicht"),
    (PUBLISHED, "gepubliceerd"),
]
STATUS_LABELS = dict(STATUS_CHOICES)
#: "Deze praktijk is …"
STATUS_PHRASES = {DRAFT: "een concept", REVIEW: "ter nazicht", PUBLISHED: "gepubliceerd"}

EDITOR = "editor"
MODERATOR = "moderator"

#: Longest moderator's note.
NOTE_MAX = 1000


class WorkflowError(ValueError):
    """An action that is not allowed; the message is Dutch and says why. ``forbidden``: the
    user may not do it at all (rather than: not now, or not without a note)."""

    def __init__(self, message: str, *, forbidden: bool = False):
        super().__init__(message)
        self.forbidden = forbidden


@dataclass(frozen=True)
class Transition:
    action: str
    source: str
    target: str
    who: str  # EDITOR or MODERATOR
    label: str  # the button
    done: str  # the message after it, "… is …"
    needs_note: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "submit", DRAFT, REVIEW, EDITOR, "Indienen ter nazicht", "ingediend ter nazicht"
        ),
        Transition("withdraw", REVIEW, DRAFT, EDITOR, "Terugnemen naar concept", "teruggenomen"),
        Transition("publish", REVIEW, PUBLISHED, MODERATOR, "Publiceren", "gepubliceerd"),
        Transition(
            "send_back",
            REVIEW,
            DRAFT,
            MODERATOR,
            "Terugsturen met opmerking",
            "teruggestuurd naar de auteur",
            needs_note=True,
        ),
        Transition(
            "unpublish",
            PUBLISHED,
            DRAFT,
            MODERATOR,
            "Offline halen met opmerking",
            "offline gehaald",
            needs_note=True,
        ),
    )
}

_WHO_TEXT = {
    "submit": "Enkel wie de praktijk mag wijzigen, kan ze indienen.",
    "withdraw": "Enkel wie de praktijk mag wijzigen, kan ze terugnemen.",
    "publish": "Enkel het steunpunt kan een praktijk publiceren.",
    "send_back": "Enkel het steunpunt kan een praktijk terugsturen.",
    "unpublish": "Enkel het steunpunt kan een praktijk offline halen.",
}


def allowed_by(t: Transition, *, may_edit: bool, may_moderate: bool) -> bool:
    """A moderator may do what an editor may (staff edit every practice anyway)."""
    if t.who == MODERATOR:
        return may_moderate
    return may_edit or may_moderate


def available(status: str, *, may_edit: bool, may_moderate: bool) -> list[Transition]:
    """The actions this user can take on a practice in ``status``, in the table's order."""
    return [
        t
        for t in TRANSITIONS.values()
        if t.source == status and allowed_by(t, may_edit=may_edit, may_moderate=may_moderate)
    ]


def apply(action: str, status: str, *, may_edit: bool, may_moderate: bool, note: str = "") -> str:
    """The status after ``action``, or a :class:`WorkflowError` saying in Dutch why not."""
    t = TRANSITIONS.get(action)
    if t is None:
        raise WorkflowError(f"Onbekende actie “{str(action)[:40]}”.")
    if not allowed_by(t, may_edit=may_edit, may_moderate=may_moderate):
        raise WorkflowError(_WHO_TEXT[action], forbidden=True)
    if t.source != status:
        now = STATUS_PHRASES.get(status, status)
        then = STATUS_PHRASES[t.source]
        raise WorkflowError(
            f"Deze praktijk is {now}; “{t.label.lower()}” kan enkel als ze {then} is."
        )
    if t.needs_note:
        note = (note or "").strip()
        if not note:
            raise WorkflowError("Schrijf een opmerking voor de auteur: wat moet er anders?")
        if len(note) > NOTE_MAX:
            raise WorkflowError(
                f"De opmerking is te lang ({len(note):,} tekens): hoogstens {NOTE_MAX:,}.".replace(
                    ",", "."
                )
            )
    return t.target


def status_after_edit(status: str, *, may_moderate: bool) -> str:
    """A published practice changed by a non-moderator goes back to review; otherwise the
    status stays."""
    if status == PUBLISHED and not may_moderate:
        return REVIEW
    return status
