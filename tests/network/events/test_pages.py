"""The event pages: who sees drafts and the organiser's tools, bad input in Dutch, the feed, and
registering through the web."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from samenspel.network.events import ical, services
from samenspel.network.events.models import Event, Registration
from tests.people import user_with

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-123"


def _client(client, user):
    client.force_login(user)
    return client


def _form(**kw):
    data = {
        "titel": "Netwerkborrel cultuurdiensten Meetjesland",
        "soort": "informeel",
        "beschrijving": "Even bijpraten na de zomer.",
        "begin": "2027-09-16T17:00",
        "einde": "2027-09-16T19:30",
        "plaats": "Bibliotheek Eeklo",
        "gemeente": "Eeklo",
        "igs": "noord",
        "organisatie": "",
        "plaatsen": "30",
        "inschrijven_tot": "",
        "gepubliceerd": "on",
    }
    data.update(kw)
    return {k: v for k, v in data.items() if v is not None}


# --- drafts and permissions -----------------------------------------------------------------


@pytest.fixture
def draft(make_event, loaded):
    author = user_with("auteur", ("igs_coordinator", "noord"))
    return make_event(title="Geheim concept", published=False, created_by=author)


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        (None, False),
        (("gewoon",), False),
        (("zuidcoord", ("igs_coordinator", "zuid")), False),
        (("schepen", ("schepen", "43005")), False),
        (("noordcoord", ("igs_coordinator", "noord")), True),
        (("optil", ("steunpunt", "optil")), True),
    ],
)
def test_a_draft_is_seen_only_by_who_may_change_it(client, draft, who, sees):
    if who:
        client.force_login(user_with(*who))
    detail = client.get(f"/netwerk/ontmoetingen/{draft.pk}/")
    listing = client.get("/netwerk/ontmoetingen/")
    ics = client.get(f"/netwerk/ontmoetingen/{draft.pk}.ics")
    assert detail.status_code == (200 if sees else 404)
    assert ics.status_code == (200 if sees else 404)
    assert ("Geheim concept" in listing.content.decode()) is sees
    if sees:
        assert "Concept: nog niet gepubliceerd" in detail.content.decode()


def test_the_author_sees_their_draft(client, draft):
    _client(client, draft.created_by)
    assert client.get(f"/netwerk/ontmoetingen/{draft.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        (("deelnemer",), False),
        (("zuidcoord", ("igs_coordinator", "zuid")), False),
        (("medewerker", ("medewerker", "43005")), False),
        (("noordcoord", ("igs_coordinator", "noord")), True),
        (("optil", ("steunpunt", "optil")), True),
    ],
)
def test_organiser_tools_only_for_who_may_change_the_event(
    client, make_event, person, loaded, who, allowed
):
    event = make_event()
    reg = services.register(event, person("zoë"), consent_listed=False)
    # the event has begun: attendance can be ticked off
    Event.objects.filter(pk=event.pk).update(start=timezone.now() - dt.timedelta(minutes=30))
    client.force_login(user_with(*who))
    page = client.get(f"/netwerk/ontmoetingen/{event.pk}/").content.decode()
    csv = client.get(f"/netwerk/ontmoetingen/{event.pk}/inschrijvingen.csv")
    post = client.post(f"/netwerk/ontmoetingen/{event.pk}/aanwezigheid/", {"aanwezig": [reg.pk]})
    edit = client.get(f"/netwerk/ontmoetingen/{event.pk}/wijzigen/")
    assert ("Voor de organisator" in page) is allowed
    assert ("Zoë" in page) is allowed  # she did not consent: only the organiser sees her name
    reg.refresh_from_db()
    if allowed:
        assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
        body = csv.content.decode("utf-8-sig")
        assert body.splitlines()[0].startswith("Naam;E-mailadres;Functie;Status")
        assert "Zoë;" in body
        assert post.status_code == 302 and reg.attended is True
        assert edit.status_code == 200
        assert "persoonsgegevens" in page
    else:
        assert (csv.status_code, post.status_code, edit.status_code) == (403, 403, 403)
        assert reg.attended is False


def test_attendance_is_ticked_off_only_once_the_event_has_begun(client, make_event, person):
    """A week before the borrel the organiser sees who registered, but no "Aanwezig" boxes:
    nobody can have been present yet. Once it has begun the boxes and the button are there."""
    event = make_event()
    reg = services.register(event, person("zoë"), consent_listed=False)
    _client(client, user_with("noordcoord", ("igs_coordinator", "noord")))
    page = client.get(f"/netwerk/ontmoetingen/{event.pk}/").content.decode()
    assert "Zoë" in page and 'name="aanwezig"' not in page
    assert "Aanwezigheid bewaren" not in page and "vanaf het begin van de ontmoeting" in page
    r = client.post(f"/netwerk/ontmoetingen/{event.pk}/aanwezigheid/", {"aanwezig": [reg.pk]})
    assert r.status_code == 409 and "vanaf het begin van de ontmoeting" in r.content.decode()
    reg.refresh_from_db()
    assert reg.attended is False
    Event.objects.filter(pk=event.pk).update(start=timezone.now() - dt.timedelta(minutes=5))
    page = client.get(f"/netwerk/ontmoetingen/{event.pk}/").content.decode()
    assert f'name="aanwezig" value="{reg.pk}"' in page and "Aanwezigheid bewaren" in page


def test_keeping_a_choice_is_the_main_button_and_not_coming_the_second(client, make_event):
    """A registered visitor's main action is to keep their choice; "Ik kom toch niet" is a
    secondary button (class "tweede"), as elsewhere, so it is not pressed by mistake."""
    event = make_event()
    user = user_with("an")
    services.register(event, user.person, consent_listed=False)
    page = _client(client, user).get(f"/netwerk/ontmoetingen/{event.pk}/").content.decode()
    assert '<button type="submit">Keuze bewaren</button>' in page
    assert '<button type="submit" class="tweede">Ik kom toch niet</button>' in page
    assert "Je bent ingeschreven." in page and " u " not in page.split("<main")[-1]


def test_only_coordinators_and_support_staff_create_events(client, loaded):
    client.force_login(user_with("gewoon"))
    r = client.get("/netwerk/ontmoetingen/nieuw/")
    assert r.status_code == 403
    assert "IGS-coördinator" in r.content.decode()
    assert client.post("/netwerk/ontmoetingen/nieuw/", _form()).status_code == 403
    assert not Event.objects.exists()


def test_a_coordinator_creates_an_event_for_their_igs(client, loaded):
    coord = user_with("noordcoord", ("igs_coordinator", "noord"))
    _client(client, coord)
    r = client.post("/netwerk/ontmoetingen/nieuw/", _form())
    assert r.status_code == 302
    event = Event.objects.get()
    assert (event.igs, event.refnis, event.capacity, event.created_by) == (
        "noord",
        "43005",
        30,
        coord,
    )
    # 16 September 2027 17:00 in Brussels is summer time: 15:00 UTC
    assert event.start == dt.datetime(2027, 9, 16, 15, 0, tzinfo=dt.UTC)
    page = client.get(r["Location"]).content.decode()
    assert "Netwerkborrel cultuurdiensten Meetjesland" in page
    assert "Cultuur Noord" in page
    assert "Geschiedenis" in page and "aangemaakt" in page  # the history, for who sees it


def test_a_coordinator_cannot_organise_in_the_name_of_another_igs(client, loaded):
    _client(client, user_with("zuidcoord", ("igs_coordinator", "zuid")))
    r = client.post("/netwerk/ontmoetingen/nieuw/", _form(igs="noord"))
    assert r.status_code == 400
    assert "Kies een IGS dat je coördineert." in r.content.decode()


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"einde": "2027-09-16T16:00"}, "Het einde ligt voor het begin."),
        ({"begin": "10000-01-01T10:00"}, "met een jaar tussen 2000 en 2100"),
        ({"begin": "1999-09-16T17:00", "einde": "1999-09-16T19:00"}, "Het jaar 1999 ligt niet"),
        ({"plaatsen": "-1"}, "Minstens 1 plaats"),
        ({"plaatsen": "veel"}, "Geef een geheel getal"),
        ({"titel": ""}, "Vul dit veld in."),
        ({"titel": "x" * 201}, "Hoogstens 200 tekens (nu 201)."),
        ({"gemeente": "Gnet"}, "geen gemeente “Gnet” gevonden; bedoel je “Gent”?"),
        ({"igs": "", "organisatie": ""}, "Kies wie organiseert"),
        ({"organisatie": "onbestaand"}, "Kies een van de mogelijkheden"),
        ({"inschrijven_tot": "2027-09-17T10:00"}, "Inschrijven kan niet langer"),
        ({"einde": "2027-12-16T19:30"}, "hoogstens 31 dagen"),
        # 28/03/2027: the clocks go from 02:00 to 03:00 in Belgium; 02:30 does not exist
        ({"begin": "2027-03-28T02:30"}, "2027-03-28 02:30 bestaat niet of komt twee keer voor"),
    ],
)
def test_bad_input_gets_a_dutch_message_and_nothing_is_saved(client, loaded, changes, message):
    _client(client, user_with("noordcoord", ("igs_coordinator", "noord")))
    r = client.post("/netwerk/ontmoetingen/nieuw/", _form(**changes))
    assert r.status_code == 400
    html = r.content.decode()
    assert message in html.replace("&quot;", '"')
    assert "De ontmoeting is niet bewaard" in html
    assert not Event.objects.exists()


def test_capacity_below_the_confirmed_registrations_is_refused(client, make_event, person, loaded):
    coord = user_with("noordcoord", ("igs_coordinator", "noord"))
    event = make_event(capacity=5)
    for n in ("an", "bo", "cas"):
        services.register(event, person(n), consent_listed=False)
    _client(client, coord)
    r = client.post(f"/netwerk/ontmoetingen/{event.pk}/wijzigen/", _form(plaatsen="2"))
    assert r.status_code == 400
    assert "Er zijn al 3 bevestigde inschrijvingen" in r.content.decode()


def test_more_seats_move_people_up_from_the_waiting_list(client, make_event, person, loaded):
    coord = user_with("noordcoord", ("igs_coordinator", "noord"))
    event = make_event(capacity=1)
    services.register(event, person("an"), consent_listed=False)
    bo = services.register(event, person("bo"), consent_listed=False)
    assert bo.status == "wachtlijst"
    _client(client, coord)
    r = client.post(f"/netwerk/ontmoetingen/{event.pk}/wijzigen/", _form(plaatsen="2"))
    assert r.status_code == 302
    bo.refresh_from_db()
    assert bo.status == "bevestigd"


@pytest.mark.parametrize(
    "url",
    [
        "/netwerk/ontmoetingen/99999999999999999999/",
        "/netwerk/ontmoetingen/99999999999999999999.ics",
        "/netwerk/ontmoetingen/12345/",
    ],
)
def test_unknown_events_are_a_404(client, url):
    assert client.get(url).status_code == 404


def test_hostile_list_parameters_are_a_dutch_400(client):
    r = client.get("/netwerk/ontmoetingen/", {"soort": "<script>", "wanneer": "ooit"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "Soort: kies formeel of informeel" in html and "<script>" not in html
    assert client.get("/netwerk/ontmoetingen/agenda.ics", {"igs": "../x"}).status_code == 400


def test_attendance_with_garbage_ids_is_a_400(client, make_event, loaded):
    event = make_event()
    _client(client, user_with("noordcoord", ("igs_coordinator", "noord")))
    r = client.post(f"/netwerk/ontmoetingen/{event.pk}/aanwezigheid/", {"aanwezig": ["1 OR 1"]})
    assert r.status_code == 400


def test_the_list_of_one_igs_or_municipality(client, make_event, loaded):
    make_event(title="Borrel in Eeklo")
    make_event(title="Studiedag in Gent", igs="zuid", refnis="44021")
    make_event(title="Werkbezoek in Gent", kind="informeel", igs="zuid", refnis="44021")

    def titles(**params):
        html = client.get("/netwerk/ontmoetingen/", params).content.decode()
        return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', html)

    assert titles() == ["Borrel in Eeklo", "Studiedag in Gent", "Werkbezoek in Gent"]
    assert titles(igs="zuid") == ["Studiedag in Gent", "Werkbezoek in Gent"]
    assert titles(gemeente="43005") == ["Borrel in Eeklo"]
    assert titles(igs="zuid", soort="informeel") == ["Werkbezoek in Gent"]
    page = client.get("/netwerk/ontmoetingen/", {"igs": "zuid"}).content.decode()
    assert "van Cultuur Zuid" in page and "agenda.ics?igs=zuid" in page
    r = client.get("/netwerk/ontmoetingen/", {"igs": "nergens", "gemeente": "99999"})
    assert r.status_code == 400
    assert "geen IGS “nergens” gevonden" in r.content.decode()
    assert "geen gemeente met REFNIS-code “99999”" in r.content.decode()


# --- the feed -------------------------------------------------------------------------------


def test_the_feed_has_only_published_events_still_to_come(client, make_event):
    soon = timezone.now() + dt.timedelta(days=3)
    public = make_event(title="Studiedag regiovorming", start=soon)
    cancelled = make_event(title="Afgelaste borrel", start=soon, cancelled=True)
    make_event(title="Concept", start=soon, published=False)
    make_event(
        title="Voorbij",
        start=timezone.now() - dt.timedelta(days=3),
        end=timezone.now() - dt.timedelta(days=3),
    )
    r = client.get("/netwerk/ontmoetingen/agenda.ics")
    assert r["Content-Type"] == "text/calendar; charset=utf-8"
    lines = ical.unfold(r.content.decode("utf-8"))
    summaries = [x for x in lines if x.startswith("SUMMARY:")]
    assert summaries == ["SUMMARY:Studiedag regiovorming", "SUMMARY:Afgelaste borrel"]
    assert f"UID:event-{public.pk}@samenspel" in lines
    assert f"UID:event-{cancelled.pk}@samenspel" in lines
    assert lines.count("STATUS:CANCELLED") == 1
    assert f"URL:http://testserver/netwerk/ontmoetingen/{public.pk}/" in lines
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"


def test_the_feed_of_one_igs(client, make_event):
    make_event(title="Noord")
    make_event(title="Zuid", igs="zuid")
    lines = ical.unfold(client.get("/netwerk/ontmoetingen/agenda.ics?igs=zuid").content.decode())
    assert [x for x in lines if x.startswith("SUMMARY:")] == ["SUMMARY:Zuid"]


# --- registering through the web ------------------------------------------------------------


def test_register_with_and_without_consent_and_cancel(client, make_event, loaded):
    event = make_event(capacity=10)
    url = f"/netwerk/ontmoetingen/{event.pk}/"
    assert client.post(url + "inschrijven/")["Location"].startswith("/aanmelden/")

    _client(client, user_with("an"))
    r = client.post(url + "inschrijven/", {"vermelden": "on"}, follow=True)
    assert "Je bent ingeschreven" in r.content.decode()
    client.force_login(user_with("bo"))
    client.post(url + "inschrijven/", {})
    client.force_login(user_with("cas"))
    client.post(url + "inschrijven/", {})
    page = client.get(url).content.decode()
    listed = re.search(r'<ul class="deelnemers"[^>]*>(.*?)</ul>', page, re.S).group(1)
    assert re.findall(r"<li>(.*?)</li>", listed) == ["An"]  # Bo and Cas did not consent
    assert "en 2 anderen" in page

    r = client.post(url + "uitschrijven/", follow=True)
    assert "Je bent uitgeschreven" in r.content.decode()
    assert "en 1 andere" in client.get(url).content.decode()
    assert Registration.objects.confirmed().count() == 2


def test_a_full_event_puts_you_on_the_waiting_list(client, make_event, person, loaded):
    event = make_event(capacity=1)
    services.register(event, person("an"), consent_listed=False)
    _client(client, user_with("bo"))
    r = client.post(f"/netwerk/ontmoetingen/{event.pk}/inschrijven/", follow=True)
    assert "je staat op de wachtlijst" in r.content.decode()


def test_register_for_a_closed_event_says_why(client, make_event, loaded):
    event = make_event(registration_deadline=timezone.now() - dt.timedelta(days=1))
    _client(client, user_with("an"))
    r = client.post(f"/netwerk/ontmoetingen/{event.pk}/inschrijven/")
    assert r.status_code == 409
    assert "Inschrijven kon tot" in r.content.decode()


# --- consent in the history -------------------------------------------------------------------


def test_a_visitor_does_not_read_the_name_of_whoever_edited_a_public_event(
    client, make_event, loaded
):
    """Ward coordinates Noord but never agreed to be listed. He changes a published event; a
    visitor (anonymous, or a user with another role) reads the event but not 'door Ward' in
    its history. The organisers still see the history with his name."""
    ward = user_with("ward", ("igs_coordinator", "noord"))
    event = make_event(created_by=ward)
    _client(client, ward)
    changed = client.post(
        f"/netwerk/ontmoetingen/{event.pk}/wijzigen/",
        _form(titel="Lerend netwerk (nieuw uur)", gemeente="Eeklo"),
    )
    assert changed.status_code == 302, changed.content.decode()[-3000:]
    assert client.get(f"/netwerk/ontmoetingen/{event.pk}/").content.decode().count("Ward") >= 1
    client.logout()
    page = client.get(f"/netwerk/ontmoetingen/{event.pk}/").content.decode()
    assert "Lerend netwerk (nieuw uur)" in page
    assert "Ward" not in page
    client.force_login(user_with("zuidcoord", ("igs_coordinator", "zuid")))
    assert "Ward" not in client.get(f"/netwerk/ontmoetingen/{event.pk}/").content.decode()


def test_dates_are_day_month_year_like_the_rest_of_the_platform(client, make_event, loaded):
    """Tuesday 5 March 2030, 14:00–17:00 Belgian time: "dinsdag 05/03/2030, 14:00" on the page
    and in the list; the registration deadline as 01/03/2030, 12:00."""
    from zoneinfo import ZoneInfo

    start = dt.datetime(2030, 3, 5, 14, 0, tzinfo=ZoneInfo("Europe/Brussels"))
    event = make_event(
        start=start,
        registration_deadline=dt.datetime(2030, 3, 1, 12, 0, tzinfo=ZoneInfo("Europe/Brussels")),
    )
    page = client.get(f"/netwerk/ontmoetingen/{event.pk}/").content.decode()
    assert "dinsdag 05/03/2030, 14:00" in page and "01/03/2030, 12:00" in page
    assert "maart" not in page.split("<main")[-1]
    listing = client.get("/netwerk/ontmoetingen/").content.decode()
    assert "dinsdag 05/03/2030</time>, 14:00–17:00" in listing
