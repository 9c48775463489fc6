"""A person who did everything in every app deletes their data through the page: afterwards no
table of any model (the apps' own, their historical models, the admin log, the login records)
holds their name, e-mail address or user name.

The person: a role, both consents, a practice (author and contact), an initiative (author and
contact, with a decision and a document link), an event (created, and registered for another
one), a story (told under their own name), a saved comparison, a saved scenario, a scan group,
an import of values; an admin changed their record and they changed an object in the admin.
Everything that carries history is written with them as the history's user.
"""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone

from samenspel.accounts.models import Person, Role

pytestmark = pytest.mark.django_db

NAME = "Wannes Zeldzaamnaam"
EMAIL = "wannes.zeldzaam@deinze.example"
USERNAME = "wzeldzaam"
#: What must be found nowhere after the deletion (compared case-insensitively).
NEEDLES = ("zeldzaam",)

TEXT_FIELDS = (models.CharField, models.TextField, models.EmailField, models.JSONField)


def _as(obj, user):
    """Save ``obj`` with ``user`` as the history's user (as the history middleware would)."""
    obj._history_user = user
    obj.save()
    return obj


def _everything(user) -> None:
    from samenspel.funding.models import SavedComparison
    from samenspel.monitor.models import ImportBatch, Story
    from samenspel.network.events.models import Event, Registration
    from samenspel.network.initiatives.models import Decision, Document, Initiative
    from samenspel.network.practices.models import Practice
    from samenspel.scan.models import ScanGroup
    from samenspel.scenarios.models import SavedScenario

    person = Person.objects.get(user=user)
    person.name, person.email, person.phone = NAME, EMAIL, "0470 11 22 33"
    person.consent_contact_at = person.consent_listed_at = timezone.now()
    _as(person, user)
    _as(Role(person=person, role="cultuurbeleidscoordinator", refnis="43005"), user)

    practice = _as(
        Practice(
            title="Een gedeelde uitleendienst",
            themes="vertrouwen",
            municipalities=",43005,",
            scale="gemeenten",
            year=2025,
            summary="Materiaal samen aankopen en uitlenen.",
            contact=person,
            author=user,
            status="gepubliceerd",
        ),
        user,
    )
    initiative = _as(
        Initiative(
            title="Samen programmeren",
            municipalities=",43005,",
            contact=person,
            created_by=user,
            published=True,
        ),
        user,
    )
    _as(
        Decision(
            initiative=initiative,
            date=datetime.date(2026, 3, 1),
            body="college",
            text="Goedgekeurd.",
            created_by=user,
        ),
        user,
    )
    _as(
        Document(initiative=initiative, title="Nota", url="https://example.org/nota.pdf",
                 created_by=user),
        user,
    )  # fmt: skip
    start = timezone.now() + datetime.timedelta(days=30)
    end = start + datetime.timedelta(hours=2)
    own_event = _as(
        Event(title="Netwerkdag", start=start, end=end, location="Eeklo", igs="noord",
              published=True, created_by=user),
        user,
    )  # fmt: skip
    other_event = Event.objects.create(
        title="Koffie", start=start, end=end, location="Gent", igs="zuid", published=True
    )
    _as(Registration(event=other_event, person=person, consent_listed=True), user)
    _as(Registration(event=own_event, person=person, consent_listed=True), user)
    _as(
        Story(
            title="Hoe het begon",
            text="Een verhaal.",
            teller_name=NAME,
            teller_role="cultuurbeleidscoördinator",
            municipalities=",43005,",
            created_by=user,
        ),
        user,
    )
    _as(SavedComparison(name="Mijn vergelijking", query="igs=noord", created_by=user), user)
    # (bulk_create: a scenario's settings are checked against the scenario code on save)
    SavedScenario.objects.bulk_create([SavedScenario(name="Eigen plan", owner=user, settings={})])
    _as(ScanGroup(name="Scan noord", igs="noord", municipalities=",43005,", created_by=user), user)
    ImportBatch.objects.create(file_name="waarden.csv", sha256="0" * 64, imported_by=user)

    # An admin changed the person's record; the person changed their practice in the admin.
    admin = get_user_model().objects.create_superuser("beheerder", password="x-geheim-123")
    LogEntry.objects.create(
        user=admin,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(person.pk),
        object_repr=str(person),
        action_flag=CHANGE,
        change_message=f"Naam gewijzigd in {NAME}",
    )
    role = Role.objects.get(person=person)
    for obj in (user, role):
        LogEntry.objects.create(
            user=admin,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            object_repr=str(obj),
            action_flag=CHANGE,
            change_message=f"Gewijzigd voor {NAME}",
        )
    LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(Practice),
        object_id=str(practice.pk),
        object_repr=str(practice),
        action_flag=CHANGE,
        change_message="[]",
    )


def _traces() -> list[str]:
    """``app.Model.field`` of every stored value that contains a needle."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, TEXT_FIELDS) or f.name in ("session_data",)
        ]
        if not fields:
            continue
        for row in model._default_manager.all().values_list(*fields):
            for name, value in zip(fields, row, strict=True):
                text = str(value).lower() if value is not None else ""
                if any(n in text for n in NEEDLES):
                    found.append(f"{model._meta.label}.{name}")
    return sorted(set(found))


def test_deleting_ones_data_leaves_no_name_or_email_in_any_table(client, loaded):
    user = get_user_model().objects.create_user(
        USERNAME, email=EMAIL, password="geheim-wachtwoord-123", first_name="Wannes",
        last_name="Zeldzaamnaam",
    )  # fmt: skip
    Person.objects.create(user=user, name=NAME)
    _everything(user)
    client.post(reverse("login"), {"username": USERNAME, "password": "geheim-wachtwoord-123"})
    assert client.session.get("_auth_user_id") == str(user.pk)
    # The test would prove nothing if the needles were not there to begin with.
    before = _traces()
    assert {"accounts.Person.name", "accounts.HistoricalPerson.email", "auth.User.email"} <= set(
        before
    ), before

    response = client.post(reverse("account_delete"), {"confirmation": "VERWIJDER"})
    assert response.status_code == 302, response.content.decode()[:500]

    assert _traces() == []
    # The admin's log keeps that something was changed, not whose record it was.
    kept = LogEntry.objects.filter(user__username="beheerder")
    assert kept.count() == 3
    assert {e.object_repr for e in kept} == {"(verwijderde persoon)"}
    # What was contributed stays, without the person.
    from samenspel.network.practices.models import Practice

    practice = Practice.objects.get(title="Een gedeelde uitleendienst")
    assert practice.author_id is None and practice.contact_id is None
    assert not Role.objects.filter(refnis="43005", role="cultuurbeleidscoordinator").exists()
