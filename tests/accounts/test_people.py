"""The people of an IGS or a municipality: who sees them, contact only with consent, who
manages roles, Dutch messages for bad input."""

from __future__ import annotations

import datetime
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from samenspel.accounts.models import Person, Role
from tests.people import user_with

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loaded")]

NOORD = reverse("people_igs", args=["noord"])
EEKLO = reverse("people_municipality", args=["43005"])


def _colleague(consent: bool):
    """A medewerker of IGS noord with contact details, with or without consent."""
    user = user_with("bert", ("medewerker", "noord"))
    person = user.person
    person.email = "bert@noord.example"
    person.phone = "09 111 22 33"
    person.consent_contact_at = timezone.now() if consent else None
    person.save()
    return user


def test_contact_details_only_with_consent(client):
    _colleague(consent=False)
    client.force_login(user_with("an", ("igs_coordinator", "noord")))
    page = client.get(NOORD).content.decode()
    assert "Bert" in page and "medewerker van Cultuur Noord" in page
    assert "bert@noord.example" not in page and "09 111 22 33" not in page
    assert "Contactgegevens niet gedeeld." in page

    Person.objects.filter(name="Bert").update(consent_contact_at=timezone.now())
    page = client.get(NOORD).content.decode()
    assert "bert@noord.example" in page and "09 111 22 33" in page


def test_who_may_see_the_people_of_an_igs(client):
    _colleague(consent=True)
    # An official of a member municipality (Eeklo is in noord) may look, not manage.
    client.force_login(user_with("els", ("schepen", "43005")))
    response = client.get(NOORD)
    assert response.status_code == 200
    assert "Een rol toevoegen" not in response.content.decode()
    # Someone of Gent (zuid) may not; nor someone without a role.
    client.force_login(user_with("gent", ("cultuurbeleidscoordinator", "44021")))
    response = client.get(NOORD)
    assert response.status_code == 403
    assert "Enkel wie een rol heeft in Cultuur Noord" in response.content.decode()
    client.force_login(user_with("niemand"))
    assert client.get(NOORD).status_code == 403
    # Anonymous: to the login page.
    client.logout()
    assert client.get(NOORD).status_code == 302


def test_unknown_places_are_404_in_dutch(client):
    client.force_login(user_with("staf", ("steunpunt", "optil")))
    response = client.get(reverse("people_igs", args=["bestaat-niet"]))
    assert response.status_code == 404
    assert "Er is geen IGS met de code 'bestaat-niet'" in unescape(response.content.decode())
    response = client.get(reverse("people_municipality", args=["99999"]))
    assert response.status_code == 404
    assert "Er is geen gemeente met REFNIS-code '99999'" in unescape(response.content.decode())
    response = client.get(reverse("people_municipality", args=["abc<script>"]))
    assert response.status_code == 404
    assert "<script>" not in response.content.decode()


def test_coordinator_adds_an_account_and_a_person_without_account(client, django_user_model):
    django_user_model.objects.create_user("dirk", email="dirk@aalter.example")
    coord = user_with("an", ("igs_coordinator", "noord"))
    client.force_login(coord)

    response = client.post(
        NOORD, {"actie": "toevoegen", "role": "medewerker", "account": "DIRK@aalter.example"}
    )
    assert response.status_code == 302
    role = Role.objects.get(person__user__username="dirk")
    assert (role.role, role.igs, role.refnis) == ("medewerker", "noord", "")
    assert role.person.name == "dirk"  # a Person was created for the account
    assert role.history.get().history_user_id == coord.pk

    response = client.post(
        NOORD,
        {
            "actie": "toevoegen",
            "role": "medewerker",
            "name": "  Fien   Maes ",
            "email": "fien@noord.example",
            "function": "projectmedewerker",
            "valid_from": "2026-01-01",
        },
    )
    assert response.status_code == 302
    fien = Person.objects.get(name="Fien Maes")
    assert fien.user is None and fien.function == "projectmedewerker"
    assert fien.roles.get().valid_from == datetime.date(2026, 1, 1)

    page = client.get(NOORD).content.decode()
    assert "Fien Maes" in page
    assert "Geschiedenis" in page and "Fien Maes: medewerker van Cultuur Noord" in page


def test_add_role_refusals_are_dutch_and_change_nothing(client):
    user_with("dirk", ("medewerker", "noord"))
    client.force_login(user_with("an", ("igs_coordinator", "noord")))
    cases = [
        # A coordinator may not grant steunpunt (and it is not a role of an IGS at all).
        ({"role": "steunpunt", "name": "X"}, "kan niet in Cultuur Noord gegeven worden"),
        # schepen is a municipal role.
        ({"role": "schepen", "name": "X"}, "kan niet in Cultuur Noord gegeven worden"),
        ({"role": "medewerker", "account": "onbekend"}, "Geen actief account"),
        ({"role": "medewerker"}, "Geef de gebruikersnaam of het e-mailadres"),
        ({"role": "medewerker", "account": "dirk", "name": "Dirk"}, "niet beide"),
        ({"role": "medewerker", "account": "dirk"}, "dirk heeft deze rol al in Cultuur Noord"),
        ({"role": "medewerker", "name": "X", "email": "geen"}, "geen geldig e-mailadres"),
        ({"role": "medewerker", "name": "X", "valid_from": "31/31/2026"}, "Geef een datum"),
    ]
    before = Role.objects.count()
    for data, message in cases:
        response = client.post(NOORD, {"actie": "toevoegen", **data})
        assert response.status_code == 400, data
        assert message in response.content.decode(), data
    assert Role.objects.count() == before
    assert not Person.objects.filter(name="X").exists()


def test_end_a_role(client):
    bert = _colleague(consent=False)
    role = bert.person.roles.get()
    client.force_login(user_with("an", ("igs_coordinator", "noord")))
    ending = {"actie": "beeindigen", "role_id": role.pk, "valid_to": "2020-01-01"}
    # Without ticking "Ja, beëindig deze rol" nothing changes.
    response = client.post(NOORD, ending)
    assert response.status_code == 400
    assert "Vink &#x27;Ja, beëindig deze rol&#x27; aan" in response.content.decode()
    role.refresh_from_db()
    assert role.valid_to is None
    response = client.post(NOORD, {**ending, "bevestig": "on"})
    assert response.status_code == 302 and response.url.endswith("?bewaard=beeindigd")
    role.refresh_from_db()
    assert role.valid_to == datetime.date(2020, 1, 1)
    page = client.get(NOORD).content.decode()
    assert "Vroeger (1)" in page
    # A role of another place cannot be ended from here.
    other = user_with("gent", ("medewerker", "zuid")).person.roles.get()
    response = client.post(NOORD, {"actie": "beeindigen", "role_id": other.pk, "bevestig": "on"})
    assert response.status_code == 400
    assert "Deze rol bestaat niet (meer) in Cultuur Noord" in response.content.decode()
    other.refresh_from_db()
    assert other.valid_to is None


def test_a_role_ended_today_still_runs_today(client):
    bert = _colleague(consent=False)
    role = bert.person.roles.get()
    client.force_login(user_with("an", ("igs_coordinator", "noord")))
    response = client.post(
        NOORD, {"actie": "beeindigen", "role_id": role.pk, "bevestig": "on"}, follow=True
    )
    role.refresh_from_db()
    assert role.valid_to == timezone.localdate()  # empty date: today, "tot en met"
    page = response.content.decode()
    assert "de rol loopt nog tot en met vandaag en staat vanaf morgen bij" in page
    assert "Vroeger (" not in page  # still under "Nu" until tomorrow


def test_a_coordinator_cannot_end_their_own_last_coordinator_role(client):
    an = user_with("an", ("igs_coordinator", "noord"))
    own = an.person.roles.get()
    client.force_login(an)
    # the page says so instead of offering a form that would refuse
    page = unescape(client.get(NOORD).content.decode())
    assert "Je hebt als enige deze rol in Cultuur Noord" in page
    assert "Beëindig de rol van" not in page
    ending = {"actie": "beeindigen", "role_id": own.pk, "bevestig": "on"}
    response = client.post(NOORD, ending)
    assert response.status_code == 400
    text = unescape(response.content.decode())
    assert "Je bent de enige IGS-coördinator van Cultuur Noord" in text
    own.refresh_from_db()
    assert own.valid_to is None
    # With a second coordinator, An may step down.
    user_with("cis", ("igs_coordinator", "noord"))
    assert "Je hebt als enige" not in client.get(NOORD).content.decode()
    assert client.post(NOORD, ending).status_code == 302
    own.refresh_from_db()
    assert own.valid_to == timezone.localdate()
    # Support staff may end the last coordinator role of someone else, or their own.
    cis_role = Role.objects.get(person__user__username="cis")
    client.force_login(user_with("optil", ("steunpunt", "optil")))
    ending["role_id"] = cis_role.pk
    assert client.post(NOORD, ending).status_code == 302


def test_members_cannot_manage(client):
    bert = _colleague(consent=False)
    client.force_login(user_with("els", ("medewerker", "43005")))
    response = client.post(NOORD, {"actie": "toevoegen", "role": "medewerker", "name": "X"})
    assert response.status_code == 403
    response = client.post(NOORD, {"actie": "beeindigen", "role_id": bert.person.roles.get().pk})
    assert response.status_code == 403
    assert bert.person.roles.get().valid_to is None
    assert not Person.objects.filter(name="X").exists()


def test_cultuurbeleidscoordinator_manages_own_municipality(client):
    client.force_login(user_with("lea", ("cultuurbeleidscoordinator", "43005")))
    response = client.post(EEKLO, {"actie": "toevoegen", "role": "schepen", "name": "Jo"})
    assert response.status_code == 302
    assert Role.objects.get(person__name="Jo").refnis == "43005"
    # ...but not the IGS Eeklo belongs to.
    response = client.post(NOORD, {"actie": "toevoegen", "role": "medewerker", "name": "Mo"})
    assert response.status_code == 403


def test_people_block_on_igs_page(client):
    _colleague(consent=False)
    user_with("an", ("igs_coordinator", "noord"))
    page = client.get(reverse("partnership_detail", args=["noord"])).content.decode()
    assert "2 personen hebben in Samenspel een rol in Cultuur Noord" in page
    assert "Meld je aan" in page and NOORD not in page
    assert "/aanmelden/?next=/igs/noord/" in page  # back to the IGS page after logging in
    client.force_login(user_with("els", ("schepen", "43005")))
    page = client.get(reverse("partnership_detail", args=["noord"])).content.decode()
    assert NOORD in page


def test_people_block_on_municipality_page_counts_only_current_roles(client):
    user_with("lea", ("cultuurbeleidscoordinator", "43005"), ("schepen", "43005"))
    old = user_with("oud", ("medewerker", "43005")).person.roles.get()
    old.valid_to = datetime.date(2021, 12, 31)
    old.save()
    client.force_login(user_with("els", ("medewerker", "43005")))
    page = client.get(reverse("municipality_detail", args=["43005"])).content.decode()
    # lea (two roles, counted once) and els; the ended role of "oud" does not count.
    assert "2 personen hebben in Samenspel een rol in Eeklo" in page
    assert EEKLO in page


def test_the_people_of_an_igs_see_its_municipalities_without_managing_them(client):
    user_with("lea", ("cultuurbeleidscoordinator", "43005"))
    client.force_login(user_with("an", ("igs_coordinator", "noord")))
    response = client.get(EEKLO)  # Eeklo is a member of noord
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lea" in page and "cultuurbeleidscoördinator van Eeklo" in page
    assert "Een rol toevoegen" not in page
    response = client.post(EEKLO, {"actie": "toevoegen", "role": "schepen", "name": "Jo"})
    assert response.status_code == 403
    # Gent is not a member of noord.
    assert client.get(reverse("people_municipality", args=["44021"])).status_code == 403


def test_ending_a_role_never_extends_or_revives_it(client):
    """ "Beëindigen" only brings an end date closer: a role that ended on 31/12/2021 is not
    revived by ending it again (that would give the person back their role until today or a
    later date), and a role that runs until 31/12/2030 does not get extended to 2040."""
    ended = user_with("oud", ("medewerker", "noord")).person.roles.get()
    ended.valid_to = datetime.date(2021, 12, 31)
    ended.save()
    running = _colleague(consent=False).person.roles.get()
    running.valid_to = datetime.date(2030, 12, 31)
    running.save()
    client.force_login(user_with("an", ("igs_coordinator", "noord")))
    response = client.post(NOORD, {"actie": "beeindigen", "role_id": ended.pk, "bevestig": "on"})
    assert response.status_code == 400
    assert "Deze rol is al beëindigd (op 31/12/2021)" in unescape(response.content.decode())
    ended.refresh_from_db()
    assert ended.valid_to == datetime.date(2021, 12, 31)
    later = {"actie": "beeindigen", "role_id": running.pk, "bevestig": "on"}
    response = client.post(NOORD, {**later, "valid_to": "2040-01-01"})
    assert response.status_code == 400
    assert "De rol loopt al tot en met 31/12/2030" in unescape(response.content.decode())
    running.refresh_from_db()
    assert running.valid_to == datetime.date(2030, 12, 31)


def test_the_form_carries_a_role_number_of_four_digits_without_a_thousands_dot(client):
    """Pages write numbers the Belgian way (1.234), but a role number in a form must stay 1234:
    on PostgreSQL, whose numbers keep growing across tests and years, "1.234" came back as
    "Voer een geheel getal in." and no role of number 1.000 or more could be ended."""
    person = Person.objects.create(name="Fien Maes")
    Role.objects.create(pk=1234, person=person, role="medewerker", igs="noord")
    client.force_login(user_with("an", ("igs_coordinator", "noord")))
    page = client.get(NOORD).content.decode()
    assert 'name="role_id" value="1234"' in page
    response = client.post(NOORD, {"actie": "beeindigen", "role_id": "1234", "bevestig": "on"})
    assert response.status_code == 302
    assert Role.objects.get(pk=1234).valid_to == timezone.localdate()
