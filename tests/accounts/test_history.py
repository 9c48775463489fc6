"""history_entries: the readable history other apps show on their object pages."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string

from samenspel.accounts.models import Person, Role
from samenspel.accounts.services import history_entries, mark_history_of_deleted_user


def _save_as(obj, user):
    obj._history_user = user
    obj.save()


@pytest.mark.django_db
def test_entries_newest_first_with_author_kind_and_changes():
    editor = get_user_model().objects.create_user("els", first_name="Els", last_name="Peeters")
    person = Person(name="Jan Janssens", function="cultuurbeleidscoördinator")
    _save_as(person, editor)
    person.function = "schepen"
    person.phone = "09 123 45 67"
    _save_as(person, None)

    entries = history_entries(person)

    assert [e["kind"] for e in entries] == ["gewijzigd", "aangemaakt"]
    assert entries[0]["who"] == "onbekend"  # saved outside a request, nobody recorded
    assert entries[1]["who"] == "Els Peeters"  # no Person: the account's full name
    # Both changes by their Dutch label; the empty phone is shown as a dash.
    assert sorted(entries[0]["changes"]) == [
        ("functie", "cultuurbeleidscoördinator", "schepen"),
        ("telefoon", "—", "09 123 45 67"),
    ]
    assert entries[1]["changes"] == []  # a creation lists no differences


@pytest.mark.django_db
def test_choices_dates_and_hidden_fields_are_readable():
    person = Person.objects.create(name="An", email="an@example.be")
    role = Role.objects.create(person=person, role="medewerker", refnis="43005")
    role.role = "cultuurbeleidscoordinator"
    role.valid_to = datetime.date(2026, 3, 1)
    role.save()
    person.email = "an@gemeente.be"
    person.name = "An V."
    person.save()

    (changed, _created) = history_entries(role)
    assert sorted(changed["changes"]) == [
        ("rol", "medewerker", "cultuurbeleidscoördinator"),  # the label, not the code
        ("tot en met", "—", "1/3/2026"),
    ]
    # A field the caller hides never appears (e-mail without consent).
    entries = history_entries(person, hidden_fields={"email"})
    assert entries[0]["changes"] == [("naam", "An", "An V.")]


@pytest.mark.django_db
def test_limit_caps_the_list():
    person = Person.objects.create(name="P0")
    for i in range(1, 6):
        person.name = f"P{i}"
        person.save()
    entries = history_entries(person, limit=3)
    assert len(entries) == 3
    # The oldest of the three shown still has its difference (the record before it is read).
    assert entries[-1]["changes"] == [("naam", "P2", "P3")]


@pytest.mark.django_db
def test_a_deleted_author_reads_as_deleted_user():
    author = get_user_model().objects.create_user("weg")
    Person.objects.create(user=author, name="Weg Gebruiker")
    other = Person(name="Iemand")
    _save_as(other, author)
    assert history_entries(other)[0]["who"] == "Weg Gebruiker"

    assert mark_history_of_deleted_user(author) == 1
    author.delete()  # cascades to the author's Person; other's history stays

    entry = history_entries(other)[0]
    assert entry["who"] == "verwijderde gebruiker"
    assert entry["kind"] == "aangemaakt"


@pytest.mark.django_db
def test_include_renders_entries_and_nothing_when_not_allowed():
    person = Person.objects.create(name="Jan")
    person.name = "Jan J."
    person.save()
    html = render_to_string("includes/geschiedenis.html", {"entries": history_entries(person)})
    assert "<summary>Geschiedenis" in html
    assert "2 wijzigingen" in html
    assert "Jan J." in html and "Naam" in html
    # The caller passes None when the user may not see the object: nothing is rendered.
    assert render_to_string("includes/geschiedenis.html", {"entries": None}).strip() == ""
