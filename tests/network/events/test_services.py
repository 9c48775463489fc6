"""Seats, the waiting list, consent, what other apps read, and the personal-data provider."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from samenspel.accounts import personal_data
from samenspel.network.events import services
from samenspel.network.events.models import Event, Registration

pytestmark = pytest.mark.django_db


def _past(make_event, **kw):
    start = timezone.now() - dt.timedelta(days=10)
    return make_event(start=start, end=start + dt.timedelta(hours=2), **kw)


# --- seats -----------------------------------------------------------------------------------


def test_two_seats_three_people_third_waits_and_moves_up_when_one_cancels(make_event, person):
    event = make_event(capacity=2)
    an, bo, cas = person("an"), person("bo"), person("cas")
    r_an = services.register(event, an, consent_listed=True)
    r_bo = services.register(event, bo, consent_listed=False)
    r_cas = services.register(event, cas, consent_listed=True)
    assert (r_an.status, r_bo.status, r_cas.status) == ("bevestigd", "bevestigd", "wachtlijst")
    event.refresh_from_db()
    assert event.taken == 2 and event.free_places == 0

    promoted = services.cancel(r_an)
    assert [r.person.name for r in promoted] == ["Cas"]
    r_cas.refresh_from_db()
    event.refresh_from_db()
    assert r_cas.status == "bevestigd"
    assert event.taken == 2  # An's seat went to Cas


def test_the_last_seat_goes_to_one_of_two_requests_that_both_saw_it_free(make_event, person):
    """Two requests load the event while one seat is free (the moment of a race); each then
    registers with its own, now stale, copy. A check of ``taken < capacity`` in Python on those
    copies would let both in; the conditional UPDATE lets exactly one in."""
    event = make_event(capacity=1)
    seen_by_first = Event.objects.get(pk=event.pk)
    seen_by_second = Event.objects.get(pk=event.pk)
    assert seen_by_first.free_places == seen_by_second.free_places == 1
    first = services.register(seen_by_first, person("an"), consent_listed=False)
    second = services.register(seen_by_second, person("bo"), consent_listed=False)
    assert [first.status, second.status] == ["bevestigd", "wachtlijst"]
    event.refresh_from_db()
    assert event.taken == 1
    assert Registration.objects.confirmed().filter(event=event).count() == 1


def test_take_seat_is_one_conditional_update(make_event):
    event = make_event(capacity=1)
    assert services._take_seat(event.pk) is True
    assert services._take_seat(event.pk) is False  # no second seat, whatever the caller saw
    event.refresh_from_db()
    assert event.taken == 1


def test_without_capacity_everyone_is_confirmed(make_event, person):
    event = make_event(capacity=None)
    regs = [services.register(event, person(n), consent_listed=False) for n in "abcde"]
    assert {r.status for r in regs} == {"bevestigd"}


def test_deleting_a_person_frees_their_seat_for_the_waiting_list(make_event, person):
    """Not through "Ik kom toch niet" but by deleting the person (the admin, a cascade): the
    seat still goes to the first on the waiting list, and nothing is counted twice."""
    event = make_event(capacity=1)
    an = person("an")
    services.register(event, an, consent_listed=False)
    bo = services.register(event, person("bo"), consent_listed=False)
    an.delete()
    bo.refresh_from_db()
    event.refresh_from_db()
    assert bo.status == "bevestigd"
    assert event.taken == 1


def test_registering_twice_only_changes_the_consent(make_event, person):
    event = make_event(capacity=5)
    an = person("an")
    services.register(event, an, consent_listed=False)
    again = services.register(event, an, consent_listed=True)
    event.refresh_from_db()
    assert event.taken == 1 and again.consent_listed is True
    assert Registration.objects.filter(event=event).count() == 1


def test_cancel_and_come_back_takes_a_new_seat(make_event, person):
    event = make_event(capacity=1)
    an = person("an")
    reg = services.register(event, an, consent_listed=False)
    services.cancel(reg)
    event.refresh_from_db()
    assert event.taken == 0
    back = services.register(event, an, consent_listed=False)
    assert back.status == "bevestigd" and not back.cancelled
    event.refresh_from_db()
    assert event.taken == 1


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"published": False}, "nog niet gepubliceerd"),
        ({"cancelled": True}, "afgelast"),
        ({"registration_deadline": timezone.now() - dt.timedelta(hours=1)}, "Inschrijven kon tot"),
    ],
)
def test_registration_closed_with_a_dutch_reason(make_event, person, changes, reason):
    event = make_event(**changes)
    with pytest.raises(services.RegistrationClosed, match=reason):
        services.register(event, person("an"), consent_listed=False)


def test_no_registration_for_an_event_that_is_over(make_event, person):
    event = _past(make_event)
    with pytest.raises(services.RegistrationClosed, match="voorbij"):
        services.register(event, person("an"), consent_listed=False)


def test_without_a_deadline_registering_is_open_until_the_end_as_the_form_says(make_event, person):
    # a day that began an hour ago and ends in two: no deadline means "until it is over",
    # and the form's help text for the deadline must say that (not "until it begins")
    from samenspel.network.events.forms import EventForm

    start = timezone.now() - dt.timedelta(hours=1)
    event = make_event(start=start, end=start + dt.timedelta(hours=3))
    reg = services.register(event, person("an"), consent_listed=False)
    assert reg.status == Registration.CONFIRMED
    help_text = EventForm.base_fields["inschrijven_tot"].help_text
    assert "voorbij" in help_text and "begint" not in help_text


# --- consent ---------------------------------------------------------------------------------


def test_participants_only_with_consent_others_counted(make_event, person):
    event = make_event()
    for name, consent in [("an", True), ("bo", False), ("cas", True), ("dirk", False)]:
        services.register(event, person(name), consent_listed=consent)
    cancelled = services.register(event, person("eva"), consent_listed=True)
    services.cancel(cancelled)
    names = [r.person.name for r in services.participants_of(event)]
    assert names == ["An", "Cas"]  # Bo and Dirk chose not to be listed; Eva cancelled
    assert services.participant_count(event) == 4


def test_after_attendance_only_who_was_there(make_event, person):
    event = make_event()
    regs = {n: services.register(event, person(n), consent_listed=True) for n in ("an", "bo")}
    Event.objects.filter(pk=event.pk).update(
        start=timezone.now() - dt.timedelta(days=2), end=timezone.now() - dt.timedelta(days=2)
    )
    event.refresh_from_db()
    services.record_attendance(event, [regs["an"].pk])
    event.refresh_from_db()
    assert [r.person.name for r in services.participants_of(event)] == ["An"]
    assert services.participant_count(event) == 1


def test_co_participation_pairs_only_consented_people_who_took_part(make_event, person):
    """Event 1: An, Bo (consent), Cas (no consent). Event 2: An, Bo, Dirk (all consent).
    Event 3 (a draft): An and Dirk. Pairs: (An, Bo) twice, (An, Dirk) and (Bo, Dirk) once;
    Cas never appears; the draft counts for nothing."""
    an, bo, cas, dirk = (person(n) for n in ("an", "bo", "cas", "dirk"))
    one, two, three = make_event(), make_event(), make_event()
    for ev, people in [(one, [an, bo]), (two, [an, bo, dirk]), (three, [an, dirk])]:
        for p in people:
            services.register(ev, p, consent_listed=True)
    services.register(one, cas, consent_listed=False)
    past = timezone.now() - dt.timedelta(days=1)
    Event.objects.update(start=past - dt.timedelta(hours=2), end=past)
    Event.objects.filter(pk=three.pk).update(published=False)
    pairs = services.co_participation()
    ids = {an.pk: "an", bo.pk: "bo", dirk.pk: "dirk"}
    got = [(ids[p.a], ids[p.b], p.events) for p in pairs]
    assert got[0] == ("an", "bo", 2)
    assert sorted(got[1:]) == [("an", "dirk", 1), ("bo", "dirk", 1)]
    assert cas.pk not in {p.a for p in pairs} | {p.b for p in pairs}


def test_upcoming_published_only_soonest_first_and_by_place(make_event):
    soon = timezone.now() + dt.timedelta(days=1)
    later = make_event(title="later", start=soon + dt.timedelta(days=5))
    first = make_event(title="eerst", start=soon, igs="zuid", refnis="44021")
    make_event(title="concept", start=soon, published=False)
    make_event(title="afgelast", start=soon, cancelled=True)
    _past(make_event, title="voorbij")
    assert [e.title for e in services.upcoming()] == ["eerst", "later"]
    assert services.upcoming(igs="zuid") == [first]
    assert services.upcoming(refnis="43005") == [later]
    assert services.upcoming(limit=1) == [first]


# --- personal data ---------------------------------------------------------------------------


def test_personal_data_export_and_anonymise(make_event, person, django_user_model):
    an = person("an", ("igs_coordinator", "noord"))
    bo = person("bo")
    mine = make_event(title="Mijn studiedag", created_by=an.user, capacity=1)
    over = _past(make_event, title="Werkbezoek")
    services.register(mine, an, consent_listed=True)
    waiting = services.register(mine, bo, consent_listed=False)
    Registration.objects.create(event=over, person=an, consent_listed=True)  # took part
    provider = {p.name: p for p in personal_data.providers()}["ontmoetingen"]

    data = provider.export(an.user)
    assert [r["ontmoeting"] for r in data["inschrijvingen"]] == ["Mijn studiedag", "Werkbezoek"]
    assert [e["titel"] for e in data["aangemaakte_ontmoetingen"]] == ["Mijn studiedag"]

    provider.anonymise(an.user)
    assert not Registration.objects.filter(person=an).exists()
    assert not Registration.history.filter(person_id=an.pk).exists()
    mine.refresh_from_db()
    over.refresh_from_db()
    assert mine.created_by is None  # the event stays, without its author
    waiting.refresh_from_db()
    assert waiting.status == "bevestigd"  # An's seat went to Bo
    assert over.anonymous_attended == 1  # An still counts as a participant, as a number
    assert services.participant_count(over) == 1
    assert list(services.participants_of(over)) == []
