"""What the pages and other apps do with events: register and cancel without overbooking, keep
attendance, and read who took part (only with their consent).

For other apps (the Netwerk landing page, the network view, the IGS and municipality blocks):

- :func:`upcoming` — the next published events, of an IGS or in a municipality.
- :func:`participants_of` — the registrations of one event whose person agreed to be listed.
- :func:`consented_participations` — (person id, event id) of everyone who took part in a past
  published event *and* agreed to be listed; nobody else.
- :func:`co_participation` — pairs of such persons who took part in the same event(s).

**Seats.** ``Event.taken`` counts the confirmed registrations. A seat is taken only by one
conditional UPDATE (``SET taken = taken + 1 WHERE pk = … AND taken < capacity``), which the
database runs atomically: of two requests for the last seat, whatever their timing, exactly one
changes a row and the other goes to the waiting list (:func:`_take_seat`). On PostgreSQL the
event row is also locked (``select_for_update``) so that cancelling and promoting from the
waiting list happen one at a time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from samenspel.accounts.models import Person
from samenspel.network.events.models import Event, Registration

#: Upper bounds for the lists other apps ask for.
MAX_UPCOMING = 200
MAX_PER_EVENT = 300
MAX_PAIRS = 5_000


class RegistrationClosed(Exception):
    """Registration is not possible (with the Dutch reason as message)."""


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


def upcoming(igs: str | None = None, refnis: str | None = None, limit: int = 5) -> list[Event]:
    """The next published, not cancelled events that are not over yet, soonest first.

    ``igs``: only events organised by that IGS (slug); ``refnis``: only events held in that
    municipality. ``limit`` is capped at :data:`MAX_UPCOMING`."""
    qs = Event.objects.published().filter(cancelled=False).upcoming()
    if igs:
        qs = qs.filter(igs=igs)
    if refnis:
        qs = qs.filter(refnis=refnis)
    return list(qs[: max(0, min(limit, MAX_UPCOMING))])


def participants_of(event: Event):
    """The registrations of ``event`` that may be shown by name (``consent_listed``), with their
    person, ordered by name.

    Before and during the event: the confirmed registrations. After it, once the organiser has
    kept attendance: only those marked present."""
    qs = event.registrations.confirmed().consented().select_related("person")
    if event.attendance_recorded_at and event.is_past():
        qs = qs.filter(attended=True)
    return qs.order_by("person__name", "pk")


def participant_count(event: Event) -> int:
    """All participants, listed or not (the same rule as :func:`participants_of`), plus those
    who later deleted their data."""
    qs = event.registrations.confirmed()
    if event.attendance_recorded_at and event.is_past():
        qs = qs.filter(attended=True)
    return qs.count() + event.anonymous_attended


def consented_participations():
    """``(person_id, event_id)`` of everyone who took part in a past published event and agreed
    to be listed (see ``RegistrationQuerySet.took_part``)."""
    return Registration.objects.took_part().consented().values_list("person_id", "event_id")


@dataclass(frozen=True)
class Pair:
    """Two persons (ids, ``a < b``) who took part, both with consent, in ``events`` events."""

    a: int
    b: int
    events: int


def co_participation(limit: int = 1_000) -> list[Pair]:
    """Pairs of persons who took part in the same event, both with consent to be listed: most
    shared events first, then by ids. At most :data:`MAX_PER_EVENT` persons per event are
    paired and ``limit`` is capped at :data:`MAX_PAIRS`."""
    by_event: dict[int, list[int]] = defaultdict(list)
    for person_id, event_id in consented_participations().order_by("event_id", "person_id"):
        if len(by_event[event_id]) < MAX_PER_EVENT:
            by_event[event_id].append(person_id)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for people in by_event.values():
        for a, b in combinations(sorted(set(people)), 2):
            shared[(a, b)] += 1
    pairs = sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))
    return [Pair(a, b, n) for (a, b), n in pairs[: max(0, min(limit, MAX_PAIRS))]]


def person_for(user, create: bool = False) -> Person | None:
    """The Person of a logged-in account; made from the account's name when ``create``."""
    person = Person.objects.filter(user=user).first()
    if person is None and create:
        name = (user.get_full_name() or user.get_username())[:200]
        person = Person.objects.create(user=user, name=name, email=user.email or "")
    return person


def registration_of(event: Event, user) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Registration.objects.filter(event=event, person__user=user).first()


# --------------------------------------------------------------------------------------------
# Seats
# --------------------------------------------------------------------------------------------


def _take_seat(event_id: int) -> bool:
    """Take one seat if there is one: a single conditional UPDATE, atomic in the database."""
    room = Q(capacity__isnull=True) | Q(taken__lt=F("capacity"))
    return Event.objects.filter(room, pk=event_id).update(taken=F("taken") + 1) == 1


def _free_seat(event_id: int) -> None:
    Event.objects.filter(pk=event_id, taken__gt=0).update(taken=F("taken") - 1)


def fill_from_waiting_list(event: Event) -> list[Registration]:
    """Confirm people from the waiting list, first come first served, while there is room.
    Call inside a transaction (the callers here do)."""
    promoted = []
    for reg in Registration.objects.select_for_update().filter(event=event).waiting():
        if not _take_seat(event.pk):
            break
        reg.status = Registration.CONFIRMED
        reg.save(update_fields=["status", "updated_at"])
        promoted.append(reg)
    return promoted


def register(event: Event, person: Person, consent_listed: bool) -> Registration:
    """ "Ik kom": a confirmed seat while there is room, otherwise the waiting list. Registering
    again only changes the consent. Raises :class:`RegistrationClosed` with the reason."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if not event.registration_open():
            raise RegistrationClosed(closed_reason(event))
        reg = Registration.objects.select_for_update().filter(event=event, person=person).first()
        if reg is not None and not reg.cancelled:
            if reg.consent_listed != consent_listed:
                reg.consent_listed = consent_listed
                reg.save(update_fields=["consent_listed", "updated_at"])
            return reg
        fill_from_waiting_list(event)  # nobody jumps the queue after a capacity change
        status = Registration.CONFIRMED if _take_seat(event.pk) else Registration.WAITING
        if reg is None:
            reg = Registration(event=event, person=person)
        reg.status = status
        reg.cancelled = False
        reg.attended = False
        reg.consent_listed = consent_listed
        reg.created_at = timezone.now()
        reg.save()
        return reg


def cancel(reg: Registration) -> list[Registration]:
    """ "Ik kom toch niet": frees the seat and gives it to the first on the waiting list.
    Returns who was promoted."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=reg.event_id)
        reg = Registration.objects.select_for_update().get(pk=reg.pk)
        if reg.cancelled:
            return []
        was_confirmed = reg.status == Registration.CONFIRMED
        reg.cancelled = True
        reg.attended = False
        reg.save(update_fields=["cancelled", "attended", "updated_at"])
        if not was_confirmed:
            return []
        _free_seat(event.pk)
        return fill_from_waiting_list(event) if not event.is_past() else []


def free_seat_of_deleted(sender, instance: Registration, **kwargs) -> None:
    """``post_delete`` of a registration (connected in ``apps.py``): a confirmed seat of an
    event still to come is freed and given to the waiting list, however the row went (a person
    deleted in the admin, a cascade). A cancelled registration had already freed its seat; a
    seat of an event that is over stays counted."""
    if instance.cancelled or instance.status != Registration.CONFIRMED:
        return
    event = Event.objects.filter(pk=instance.event_id).first()
    if event is None or event.is_past():
        return
    with transaction.atomic():
        _free_seat(event.pk)
        fill_from_waiting_list(event)


def closed_reason(event: Event) -> str:
    now = timezone.now()
    if event.cancelled:
        return "Deze ontmoeting is afgelast."
    if not event.published:
        return "Deze ontmoeting is nog niet gepubliceerd."
    if event.end < now:
        return "Deze ontmoeting is voorbij."
    if event.registration_deadline and now > event.registration_deadline:
        deadline = timezone.localtime(event.registration_deadline).strftime("%d/%m/%Y %H:%M")
        return f"Inschrijven kon tot {deadline}."
    return ""


def record_attendance(event: Event, present_ids) -> int:
    """The organiser marks who attended: the confirmed registrations whose id is in
    ``present_ids`` become present, the others absent. Returns how many are present."""
    ids = {int(i) for i in present_ids}
    with transaction.atomic():
        regs = list(event.registrations.confirmed().select_for_update())
        present = 0
        for reg in regs:
            value = reg.pk in ids
            present += value
            if reg.attended != value:
                reg.attended = value
                reg.save(update_fields=["attended", "updated_at"])
        Event.objects.filter(pk=event.pk).update(attendance_recorded_at=timezone.now())
    return present


# --------------------------------------------------------------------------------------------
# Personal data (registered in apps.py)
# --------------------------------------------------------------------------------------------


def _iso(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def export_for(user) -> dict:
    """The user's registrations and the events they created, JSON-ready."""
    regs = Registration.objects.filter(person__user=user).select_related("event")
    events = Event.objects.filter(created_by=user)
    return {
        "inschrijvingen": [
            {
                "ontmoeting": r.event.title,
                "begin": _iso(r.event.start),
                "status": r.get_status_display(),
                "afgemeld": r.cancelled,
                "vermeld_bij_deelnemers": r.consent_listed,
                "aanwezig": r.attended,
                "ingeschreven_op": _iso(r.created_at),
            }
            for r in regs.order_by("created_at", "pk")[:5000]
        ],
        "aangemaakte_ontmoetingen": [
            {
                "titel": e.title,
                "soort": e.kind,
                "begin": _iso(e.start),
                "einde": _iso(e.end),
                "plaats": e.location,
                "gepubliceerd": e.published,
                "aangemaakt_op": _iso(e.created_at),
            }
            for e in events.order_by("start", "pk")[:5000]
        ],
    }


def anonymise_for(user) -> int:
    """Delete the user's registrations (and their history): a seat of an event still to come is
    freed and given to the waiting list; for an event that is over, the participant is kept as a
    number only (``Event.anonymous_attended``). Events they created lose their author
    (``created_by`` → None) and stay. Returns how many records changed."""
    changed = 0
    regs = list(Registration.objects.filter(person__user=user).select_related("event"))
    for reg in regs:
        event = reg.event
        took_part = (
            not reg.cancelled
            and reg.status == Registration.CONFIRMED
            and event.is_past()
            and (reg.attended or event.attendance_recorded_at is None)
        )
        if not reg.cancelled and not event.is_past():
            cancel(reg)
        elif took_part:
            Event.objects.filter(pk=event.pk).update(anonymous_attended=F("anonymous_attended") + 1)
        changed += 1
    ids = [r.pk for r in regs]
    Registration.objects.filter(pk__in=ids).delete()
    # after the delete, which itself writes a historical row naming the person
    Registration.history.filter(
        Q(id__in=ids) | Q(person_id__in=[r.person_id for r in regs])
    ).delete()
    changed += Event.objects.filter(created_by=user).update(created_by=None)
    Event.history.filter(created_by_id=user.pk).update(created_by_id=None)
    return changed
