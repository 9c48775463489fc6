"""Mijn gegevens: the profile, the two consents with their moment, the roles, the history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samenspel.accounts.models import Person
from tests.people import user_with

pytestmark = pytest.mark.django_db


def _post(client, **overrides):
    data = {"name": "An Peeters", "email": "an@eeklo.be", "phone": "09 123 45 67", "function": ""}
    data.update(overrides)
    return client.post(reverse("account_mine"), data)


def test_login_required(client):
    response = client.get(reverse("account_mine"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_first_visit_creates_the_person_from_the_full_name(client, django_user_model):
    user = django_user_model.objects.create_user(
        "lies", password="geheim-wachtwoord-123", first_name="Lies", last_name="Claes"
    )
    client.force_login(user)
    response = client.get(reverse("account_mine"))
    assert response.status_code == 200
    person = Person.objects.get(user=user)
    assert person.name == "Lies Claes"
    assert not person.consent_contact and not person.consent_listed
    # A second visit does not create a second person.
    client.get(reverse("account_mine"))
    assert Person.objects.filter(user=user).count() == 1


def test_consent_is_stored_with_its_moment_and_withdrawing_clears_it(client):
    user = user_with("an", ("cultuurbeleidscoordinator", "43005"))
    client.force_login(user)

    response = _post(client, consent_contact="on")
    assert response.status_code == 302
    person = Person.objects.get(user=user)
    assert person.name == "An Peeters" and person.phone == "09 123 45 67"
    assert person.consent_contact_at is not None
    assert person.consent_listed_at is None
    given = person.consent_contact_at

    # Saving again with the box still ticked keeps the original moment.
    _post(client, consent_contact="on", consent_listed="on")
    person.refresh_from_db()
    assert person.consent_contact_at == given
    assert person.consent_listed_at is not None

    # Unticking withdraws: the moment is cleared.
    _post(client, consent_listed="on")
    person.refresh_from_db()
    assert person.consent_contact_at is None
    assert person.consent_listed_at is not None

    # The history records who changed it: the person themselves, through the request.
    last = person.history.order_by("-history_date").first()
    assert last.history_user_id == user.pk
    assert last.consent_contact_at is None
    page = client.get(reverse("account_mine")).content.decode()
    assert "Geschiedenis" in page
    assert "Toestemming contactgegevens tonen sinds" in page


def test_bad_input_names_the_field_in_dutch(client):
    client.force_login(user_with("an"))
    response = _post(client, name="   ", email="geen-adres", phone="1" * 41)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Je gegevens zijn niet bewaard" in page
    assert "Vul je naam in." in page
    assert "Dit is geen geldig e-mailadres" in page
    assert "Hoogstens 40 tekens." in page
    assert Person.objects.get(user__username="an").name == "An"  # nothing saved


@pytest.mark.usefixtures("loaded")
def test_roles_are_listed_with_place_names(client):
    user = user_with("an", ("igs_coordinator", "noord"), ("schepen", "43005"))
    client.force_login(user)
    page = client.get(reverse("account_mine")).content.decode()
    assert "IGS-coördinator van Cultuur Noord" in page
    assert "schepen van cultuur in Eeklo" in page
    assert reverse("people_igs", args=["noord"]) in page


@pytest.mark.usefixtures("loaded")
def test_a_nul_character_or_an_overlong_email_is_refused_in_dutch_also_for_an_english_browser(
    client,
):
    """The site also speaks English (Django's own messages follow the browser): the forms of
    Mijn gegevens, deletion and Mensen still answer hostile input in Dutch."""
    from tests.people import user_with

    client.force_login(user_with("eng", ("igs_coordinator", "noord")))
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    cases = [
        ("/account/", {"name": "An\x00na"}, "Gebruik geen nul-tekens"),
        ("/account/", {"name": "Anna", "email": "a" * 300 + "@x.be"}, "Hoogstens 254 tekens"),
        ("/account/verwijderen/", {"confirmation": "VER\x00"}, "Gebruik geen nul-tekens"),
        (
            "/account/mensen/igs/noord/",
            {"actie": "toevoegen", "role": "medewerker", "name": "B\x00b"},
            "Gebruik geen nul-tekens",
        ),
    ]
    for url, data, dutch in cases:
        response = client.post(url, data, **english)
        text = response.content.decode()
        assert response.status_code == 400, url
        assert dutch in text, (url, data)
        assert "Null characters" not in text and "Ensure this value" not in text


def test_mine_links_my_practices_events_and_scans_and_says_who_sees_contact(
    client, django_user_model
):
    user = django_user_model.objects.create_user("lies", password="geheim-wachtwoord-123")
    client.force_login(user)
    page = client.get(reverse("account_mine")).content.decode()
    for name in ("practice_mine", "event_list", "scan_home"):
        assert f'href="{reverse(name)}"' in page, name
    # the lead's rule: contact details only for signed-in users, and only with consent
    assert "zichtbaar voor wie aangemeld is in Samenspel" in page
    assert "nooit voor bezoekers die niet aangemeld zijn" in page


@pytest.mark.usefixtures("loaded")
def test_the_page_says_who_sees_a_name_without_consent_as_the_rule_does(client):
    """accounts.view_person: a medewerker of IGS noord sees the people of Eeklo (a member
    municipality), so "Mijn gegevens" of an Eeklo official must say so, not "only the same
    municipality or IGS"."""
    from html import unescape

    eeklo = user_with("lea", ("cultuurbeleidscoordinator", "43005"))
    client.force_login(user_with("bert", ("medewerker", "noord")))
    page = client.get(reverse("people_municipality", args=["43005"])).content.decode()
    assert eeklo.person.name in page  # the rule: noord sees Eeklo's people
    client.force_login(eeklo)
    text = " ".join(unescape(client.get(reverse("account_mine")).content.decode()).split())
    assert (
        "Zonder toestemming zien enkel aangemelde gebruikers met een rol in je gemeente of je "
        "IGS, in een IGS waarvan je gemeente lid is of in een gemeente van je IGS, en het "
        "steunpunt, je naam, functie en rol." in text
    )
