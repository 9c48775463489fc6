"""Download and deletion of one's own data."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse

from samenspel.accounts import personal_data
from samenspel.accounts.models import Person, Role
from tests.people import user_with

pytestmark = pytest.mark.django_db

NAME = "Zoë Vandenbroucke-Uniek"
EMAIL = "zoe.uniek@eeklo.example"


@pytest.fixture
def fake_provider():
    """A registered provider that records its calls (and whether a transaction was open)."""
    calls = {"export": [], "anonymise": []}

    def export(user):
        calls["export"].append(user.pk)
        return {"praktijken": [{"titel": "Een gedeelde uitleendienst"}]}

    def anonymise(user):
        calls["anonymise"].append((user.pk, connection.in_atomic_block))
        return 2

    personal_data.register("test-nep", export=export, anonymise=anonymise)
    yield calls
    personal_data._PROVIDERS.pop("test-nep", None)


@pytest.fixture
def failing_provider():
    def anonymise(user):
        raise RuntimeError("kapot")

    personal_data.register("zzz-kapot", export=lambda user: {}, anonymise=anonymise)
    yield
    personal_data._PROVIDERS.pop("zzz-kapot", None)


def _person(client):
    user = user_with("zoe", ("medewerker", "43005"), ("medewerker", "noord"))
    client.force_login(user)
    client.post(
        reverse("account_mine"),
        {
            "name": NAME,
            "email": EMAIL,
            "phone": "0470 12 34 56",
            "function": "cultuur",
            "consent_contact": "on",
        },
    )
    return user


def test_download_holds_person_roles_history_and_every_provider(client, fake_provider):
    user = _person(client)
    response = client.get(reverse("account_download"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="samenspel-mijn-')
    data = json.loads(response.content)
    assert data["persoon"]["naam"] == NAME
    assert data["persoon"]["e-mailadres"] == EMAIL
    assert data["persoon"]["toestemming_contactgegevens_sinds"] is not None
    assert sorted(r["code"] for r in data["rollen"]) == ["medewerker", "medewerker"]
    # History: the person created by user_with, then changed by the form (2 person records),
    # and the two roles created (2 role records).
    kinds = [row["soort"] for row in data["geschiedenis"]]
    assert kinds.count("aangemaakt") == 1 and kinds.count("gewijzigd") == 1
    assert kinds.count("aangemaakt (rol)") == 2
    assert data["onderdelen"]["test-nep"] == {
        "praktijken": [{"titel": "Een gedeelde uitleendienst"}]
    }
    assert "accounts" not in data["onderdelen"]  # the accounts part is at the top
    assert fake_provider["export"] == [user.pk]


def test_download_requires_login(client):
    assert client.get(reverse("account_download")).status_code == 302


def _rows_naming(value: str) -> list[str]:
    from samenspel.accounts.models import Person as P

    found = []
    checks = {
        "Person": P.objects.filter(name__icontains=value)
        | P.objects.filter(email__icontains=value),
        "HistoricalPerson": P.history.filter(name__icontains=value)
        | P.history.filter(email__icontains=value),
        "User": get_user_model().objects.filter(username__icontains=value)
        | get_user_model().objects.filter(email__icontains=value),
    }
    for label, qs in checks.items():
        if qs.exists():
            found.append(label)
    return found


def test_wrong_confirmation_word_deletes_nothing(client):
    user = _person(client)
    response = client.post(reverse("account_delete"), {"confirmation": "ja"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Typ het woord VERWIJDER" in page
    # On a phone the error must be seen at once: an alert above the explanation, and the
    # field marked invalid and described by its message.
    alert = page.index('role="alert" id="verwijderen-fouten"')
    assert alert < page.index("Wat verwijderd wordt")
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_confirmation_helptext id_confirmation_fout"' in page
    assert get_user_model().objects.filter(pk=user.pk).exists()
    assert Person.objects.filter(name=NAME).exists()


def test_confirmation_page_says_what_goes_and_what_stays(client):
    _person(client)
    page = client.get(reverse("account_delete")).content.decode()
    assert "Wat verwijderd wordt" in page and "Wat zonder je naam blijft" in page
    assert "VERWIJDER" in page


def test_deletion_removes_every_trace_and_calls_providers_in_the_transaction(client, fake_provider):
    user = _person(client)
    person_id = Person.objects.get(user=user).pk
    # Someone else's record that this user edited: its history must stay, without the name.
    other = Person(name="Iemand Anders")
    other._history_user = user
    other.save()

    response = client.post(reverse("account_delete"), {"confirmation": " verwijder "})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_deleted")

    assert fake_provider["anonymise"] == [(user.pk, True)]  # inside the transaction
    assert _rows_naming("Vandenbroucke") == []
    assert _rows_naming("zoe") == []
    assert not Role.objects.filter(person_id=person_id).exists()
    assert not Role.history.filter(person_id=person_id).exists()
    # The other record's history keeps its content and names nobody.
    kept = other.history.get()
    assert kept.name == "Iemand Anders" and kept.history_user_id is None
    from samenspel.accounts.services import history_entries

    assert history_entries(other)[0]["who"] == "verwijderde gebruiker"
    # Logged out: Mijn gegevens asks to log in again; the password no longer works.
    assert client.get(reverse("account_mine")).status_code == 302
    login = client.post(reverse("login"), {"username": "zoe", "password": "geheim-wachtwoord-123"})
    assert login.status_code == 200  # the form again, with its error: no redirect
    assert "_auth_user_id" not in client.session
    assert "Je gegevens zijn verwijderd" in client.get(reverse("account_deleted")).content.decode()


def test_a_failing_provider_rolls_everything_back(client, fake_provider, failing_provider):
    user = _person(client)
    response = client.post(reverse("account_delete"), {"confirmation": "VERWIJDER"})
    assert response.status_code == 503
    assert "Er is niets gewijzigd" in response.content.decode()
    # "test-nep" ran before "zzz-kapot" (alphabetical) and was rolled back with the rest.
    assert [pk for pk, _ in fake_provider["anonymise"]] == [user.pk]
    assert get_user_model().objects.filter(pk=user.pk).exists()
    person = Person.objects.get(user=user)
    assert person.name == NAME and person.email == EMAIL
    assert Role.objects.filter(person=person).count() == 2
    assert person.history.count() == 2
    # Still logged in.
    assert client.get(reverse("account_mine")).status_code == 200


def test_deletion_also_removes_the_login_records(client):
    from axes.models import AccessAttempt, AccessLog

    user = _person(client)
    # A failed and a successful login through the real login page (django-axes records both).
    client.post(reverse("login"), {"username": "zoe", "password": "geheim-wachtwoord-123"})
    client.post(reverse("login"), {"username": "zoe", "password": "fout-wachtwoord"})
    assert AccessAttempt.objects.filter(username="zoe").exists()
    assert AccessLog.objects.filter(username="zoe").exists()
    client.force_login(user)
    client.post(reverse("account_delete"), {"confirmation": "VERWIJDER"})
    assert not AccessAttempt.objects.filter(username="zoe").exists()
    assert not AccessLog.objects.filter(username="zoe").exists()


def test_a_broken_export_does_not_hide_the_rest(client, fake_provider):
    def broken(user):
        raise RuntimeError("kapot")

    personal_data.register("zzz-kapot", export=broken, anonymise=lambda user: 0)
    try:
        _person(client)
        response = client.get(reverse("account_download"))
    finally:
        personal_data._PROVIDERS.pop("zzz-kapot", None)
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["persoon"]["naam"] == NAME
    assert "kon niet gelezen worden" in data["onderdelen"]["zzz-kapot"]["fout"]
    assert data["onderdelen"]["test-nep"]["praktijken"]


def test_admin_action_deletes_a_person_without_account_and_their_history(admin_client):
    person = Person.objects.create(name=NAME, email=EMAIL)
    Role.objects.create(person=person, role="schepen", refnis="43005")
    person.phone = "09 000 00 00"
    person.save()
    response = admin_client.post(
        reverse("admin:accounts_person_changelist"),
        {"action": "delete_personal_data", "_selected_action": [person.pk]},
    )
    assert response.status_code == 302
    assert _rows_naming("Vandenbroucke") == []
    assert not Role.history.filter(person_id=person.pk).exists()
