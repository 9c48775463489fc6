"""The Netwerk pages on the synthetic bundle (tests/fixtures/bundle.py).

Today (the bundle's IGS, all memberships open except Merelbeke's, which ended 2024-12-31):

* noord = Eeklo 43005, Evergem 44019, Aalter 44084 and Lochristi 44087 (partly, via
  Wachtebeke): 4·3/2 = 6 edges, all in Regio Gent;
* zuid  = Gent 44021 and Merelbeke-Melle 44088 (partly, via Melle): 1 edge, Regio Gent –
  Vlaamse Ardennen, a bridge;
* los   = Eeklo 43005 and Voeren 73109: 1 edge, Regio Gent – Limburg, a bridge.

So 8 edges and 2 bridges before any initiative.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from samenspel.accounts import organisations
from samenspel.accounts.models import Person, Role
from samenspel.network import graph, services
from samenspel.network.events.models import Event, Registration
from samenspel.network.initiatives.models import Initiative
from samenspel.network.practices import workflow
from samenspel.network.practices.models import Practice
from tests.people import user_with

pytestmark = pytest.mark.django_db


def person(name, *roles, listed=True, contact=False, email="", phone=""):
    now = timezone.now()
    p = Person.objects.create(
        name=name,
        email=email,
        phone=phone,
        consent_listed_at=now if listed else None,
        consent_contact_at=now if contact else None,
    )
    for role, place in roles:
        if role == "steunpunt":
            Role.objects.create(person=p, role=role, organisation=place)
        elif place.isdigit():
            Role.objects.create(person=p, role=role, refnis=place)
        else:
            Role.objects.create(person=p, role=role, igs=place)
    return p


def initiative(title, refnis=(), igs=(), published=True):
    return Initiative.objects.create(
        title=title,
        municipalities="," + ",".join(refnis) + "," if refnis else "",
        partnerships="," + ",".join(igs) + "," if igs else "",
        published=published,
        published_at=timezone.now() if published else None,
    )


def practice(title, igs="", refnis="", published=True):
    return Practice.objects.create(
        title=title,
        themes=",netwerk,",
        igs=f",{igs}," if igs else "",
        municipalities=f",{refnis}," if refnis else "",
        scale="igs",
        year=2025,
        summary="Een samenvatting.",
        status=workflow.PUBLISHED if published else workflow.DRAFT,
        published_at=timezone.now() if published else None,
    )


def event(title, igs="", refnis="", published=True, days=10):
    start = timezone.now() + datetime.timedelta(days=days)
    return Event.objects.create(
        title=title,
        start=start,
        end=start + datetime.timedelta(hours=2),
        location="Zaal",
        igs=igs,
        refnis=refnis,
        published=published,
    )


# --- the network from the database --------------------------------------------------------


def test_network_from_bundle_and_published_initiatives_only(loaded):
    net = services.network()
    assert net.places_graph.number_of_edges() == 8
    assert {(e.a, e.b) for e in graph.bridges(net)} == {("44021", "44088"), ("43005", "73109")}
    # A published initiative of Gent and Nazareth-De Pinte adds one edge (same region);
    # a draft of Gent and Voeren adds nothing.
    initiative("Samen spelen", refnis=("44021", "44086"))
    initiative("Geheim plan", refnis=("44021", "73109"), published=False)
    net = services.network()
    assert net.places_graph.number_of_edges() == 9
    assert [v.label for v in net.via("44021", "44086")] == ["Samen spelen"]
    assert not net.places_graph.has_edge("44021", "73109")


def test_an_igs_partner_of_an_initiative_stands_for_its_members(loaded):
    # zuid = Gent + Merelbeke-Melle; with Voeren: Gent–Voeren and Merelbeke-Melle–Voeren
    initiative("Over de taalgrens", refnis=("73109",), igs=("zuid",))
    net = services.network()
    assert [v.label for v in net.via("44021", "73109")] == ["Over de taalgrens"]
    assert [v.label for v in net.via("44088", "73109")] == ["Over de taalgrens"]


def test_people_linked_only_with_both_consents(loaded):
    ann = person("Ann", ("cultuurbeleidscoordinator", "43005"))
    bob = person("Bob", ("cultuurbeleidscoordinator", "44019"))
    cas = person("Cas", ("cultuurbeleidscoordinator", "44084"))  # no consent at the event
    dora = person("Dora", ("schepen", "44084"), listed=False)  # not in Wie is wie
    past = event("Netwerkdag", days=-5)
    for p, ok in ((ann, True), (bob, True), (cas, False), (dora, True)):
        Registration.objects.create(event=past, person=p, consent_listed=ok)
    people, meetings = services.graph_people()
    assert sorted(p.name for p in people) == ["Ann", "Bob", "Cas"]
    assert [sorted(m.people) for m in meetings] == [sorted([ann.pk, bob.pk])]
    net = services.network()
    assert [(x.a.name, x.b.name) for x in graph.people_links(net)] == [("Ann", "Bob")]


# --- Wie is wie -----------------------------------------------------------------------------


def test_who_never_shows_a_person_without_consent(client, loaded):
    person("Zichtbare Zita", ("cultuurbeleidscoordinator", "43005"))
    person("Verborgen Vera", ("cultuurbeleidscoordinator", "43005"), listed=False)
    person("Igor Igs", ("igs_coordinator", "noord"))
    for url in (
        "/netwerk/wie-is-wie/",
        "/netwerk/wie-is-wie/?q=vera",
        "/netwerk/kaart/",
        "/netwerk/kaart/?gemeente=43005",
        "/netwerk/kaart/?igs=noord",
        "/netwerk/kaart/?regio=regio-gent",
        "/gemeenten/43005/",
        "/igs/noord/",
    ):
        html = client.get(url).content.decode()
        assert "Verborgen Vera" not in html, url
    html = client.get("/netwerk/wie-is-wie/").content.decode()
    assert "Zichtbare Zita" in html and "Igor Igs" in html
    # searching by place finds Zita (Eeklo) and not Igor (IGS Cultuur Noord has no "eeklo")
    html = client.get("/netwerk/wie-is-wie/?q=EEKLO").content.decode()
    assert "Zichtbare Zita" in html and "Igor Igs" not in html
    # the count on the municipality block: only the listed person
    html = client.get("/gemeenten/43005/").content.decode()
    assert "(1 persoon wil vermeld worden)" in html


def test_who_shows_contact_only_with_consent(client, loaded):
    person("Met Contact", ("medewerker", "44021"), contact=True, email="met@x.be", phone="09 1")
    person(
        "Zonder Contact", ("medewerker", "44021"), contact=False, email="zonder@x.be", phone="09 2"
    )
    # anonymous: the names (they agreed to be listed), never an e-mail address or phone
    html = client.get("/netwerk/wie-is-wie/").content.decode()
    assert "Met Contact" in html and "Zonder Contact" in html
    assert "met@x.be" not in html and "09 1" not in html
    assert "zonder@x.be" not in html and "09 2" not in html
    assert "Meld je aan</a> om e-mailadressen en telefoonnummers te zien" in html
    # signed in: the contact details of who consented to showing them, and only theirs
    client.force_login(user_with("lezer"))
    html = client.get("/netwerk/wie-is-wie/").content.decode()
    assert "mailto:met@x.be" in html and "tel:091" in html
    assert "zonder@x.be" not in html and "09 2" not in html
    assert "om e-mailadressen en telefoonnummers te zien" not in html


def test_who_filters_and_refuses_bad_input(client, loaded):
    person("Ann", ("cultuurbeleidscoordinator", "43005"))
    person("Gus", ("cultuurbeleidscoordinator", "44021"))
    html = client.get("/netwerk/wie-is-wie/?gemeente=44021").content.decode()
    assert "Gus" in html and ">Ann<" not in html
    r = client.get("/netwerk/wie-is-wie/?gemeente=99999")
    assert r.status_code == 404 and "REFNIS" in r.content.decode()
    r = client.get("/netwerk/wie-is-wie/?q=" + "x" * 101)
    assert r.status_code == 400 and "te lang" in r.content.decode()


def test_who_shows_every_organisation_with_its_source(client, loaded):
    html = client.get("/netwerk/wie-is-wie/").content.decode()
    for org in organisations.ORGANISATIONS:
        assert org.source_url.replace("&", "&amp;") in html
    assert "Niet bevestigd" in html  # Cultuurconnect's open question is said out loud
    assert html.index('id="steunpunten"') < html.index('id="mensen-igs"')
    html = client.get("/netwerk/wie-is-wie/?q=erfgoed").content.decode()
    assert ">FARO<" in html and ">VVSG<" not in html
    # a search shows the people first, then the organisations, once
    assert html.count('id="steunpunten"') == 1
    assert html.index('id="mensen-gemeente"') < html.index('id="steunpunten"')


def test_staff_of_an_organisation_listed_under_it(client, loaded):
    person("Olga Optil", ("steunpunt", "optil"))
    html = client.get("/netwerk/wie-is-wie/?q=olga").content.decode()
    assert "Mensen van OP/TIL" in html and "Olga Optil" in html


# --- the network view ---------------------------------------------------------------------


def test_network_view_overview_region_and_counterparts(client, loaded):
    person("Ann", ("cultuurbeleidscoordinator", "43005"))
    person("Bob", ("cultuurbeleidscoordinator", "44019"))
    person("Sam", ("schepen", "44084"))
    html = client.get("/netwerk/kaart/").content.decode()
    assert "Bruggen tussen referentieregio" in html
    assert "Regio Gent" in html and "Vlaamse Ardennen" in html
    html = client.get("/netwerk/kaart/?regio=regio-gent").content.decode()
    assert "Met wie elke gemeente van Regio Gent samenwerkt" in html
    # Eeklo's counterparts with the role cultuurbeleidscoördinator: Bob, not Sam (schepen)
    html = client.get(
        "/netwerk/kaart/?gemeente=43005&rol=cultuurbeleidscoordinator"
    ).content.decode()
    tegen = html.split('id="tegenhangers"')[1].split('id="een-stap"')[0]
    assert "Bob" in tegen and "Sam" not in tegen
    assert "Ann" in tegen  # under "Mensen van Eeklo"
    # one step from Eeklo: Evergem, Aalter, Lochristi (noord) and Voeren (los)
    stap = html.split('id="een-stap"')[1].split('id="centrumsteden"')[0]
    for name in ("Evergem", "Aalter", "Lochristi", "Voeren"):
        assert name in stap
    assert "Gent<" not in stap


def test_network_view_bad_input(client, loaded):
    assert client.get("/netwerk/kaart/?regio=nergens").status_code == 404
    assert client.get("/netwerk/kaart/?gemeente=12").status_code == 404
    assert client.get("/netwerk/kaart/?igs=onbekend").status_code == 404
    r = client.get("/netwerk/kaart/?gemeente=43005&rol=keizer")
    assert r.status_code == 400 and "Onbekende rol" in r.content.decode()


# --- the landing page and the blocks on the Atlas pages --------------------------------------


def test_landing_page_shows_published_items_only(client, loaded):
    practice("Gedeelde uitleendienst", igs="noord")
    practice("Nog in de maak", igs="noord", published=False)
    initiative("Samen spelen", refnis=("44021", "44086"))
    initiative("Geheim plan", refnis=("44021",), published=False)
    event("Netwerkborrel", igs="noord")
    event("Besloten overleg", igs="noord", published=False)
    html = client.get("/netwerk/").content.decode()
    for title in ("Gedeelde uitleendienst", "Samen spelen", "Netwerkborrel"):
        assert title in html
    for title in ("Nog in de maak", "Geheim plan", "Besloten overleg"):
        assert title not in html


def test_igs_and_municipality_blocks_show_published_never_drafts(client, loaded):
    practice("Gedeelde uitleendienst", igs="noord")
    practice("Nog in de maak", igs="noord", published=False)
    initiative("Noord leest", igs=("noord",))
    initiative("Noord droomt", igs=("noord",), published=False)
    event("Netwerkborrel Noord", igs="noord")
    event("Besloten overleg Noord", igs="noord", published=False)
    html = client.get("/igs/noord/").content.decode()
    block = html.split('id="netwerk-blok"')[1]
    for title in ("Gedeelde uitleendienst", "Noord leest", "Netwerkborrel Noord"):
        assert title in block
    for title in ("Nog in de maak", "Noord droomt", "Besloten overleg Noord"):
        assert title not in html
    assert "/netwerk/kaart/?igs=noord" in block

    practice("Eeklo deelt", refnis="43005")
    practice("Eeklo twijfelt", refnis="43005", published=False)
    event("Eeklo ontmoet", refnis="43005")
    html = client.get("/gemeenten/43005/").content.decode()
    block = html.split('id="netwerk-blok"')[1]
    assert "Eeklo deelt" in block and "Eeklo ontmoet" in block
    assert "Eeklo twijfelt" not in html


def test_counterparts_default_to_the_visitors_own_role(client, loaded):
    from django.contrib.auth import get_user_model

    from tests.people import user_with

    person("Bob", ("cultuurbeleidscoordinator", "44019"))
    person("Sam", ("schepen", "44084"))
    user_with("ann", ("cultuurbeleidscoordinator", "43005"))
    client.force_login(get_user_model().objects.get(username="ann"))
    html = client.get("/netwerk/kaart/?gemeente=43005").content.decode()
    tegen = html.split('id="tegenhangers"')[1].split('id="een-stap"')[0]
    assert "met jouw rol (cultuurbeleidscoördinator)" in tegen
    assert "Bob" in tegen and "Sam" not in tegen
    # asking for every role explicitly is not possible through "rol", but another role is
    html = client.get("/netwerk/kaart/?gemeente=43005&rol=schepen").content.decode()
    tegen = html.split('id="tegenhangers"')[1].split('id="een-stap"')[0]
    assert "Sam" in tegen and "Bob" not in tegen


def test_downloads_hold_municipalities_only_and_no_drafts(client, loaded):
    person("Ann", ("cultuurbeleidscoordinator", "43005"))
    initiative("Samen spelen", refnis=("44021", "44086"))
    initiative("Geheim plan", refnis=("44021", "73109"), published=False)
    r = client.get("/netwerk/kaart/?formaat=csv&tabel=netwerk-bruggen")
    assert r["Content-Disposition"] == 'attachment; filename="netwerk-bruggen.csv"'
    lines = r.content.decode("utf-8-sig").splitlines()
    # header + the two bridges of the bundle (by the names of their ends): Eeklo–Voeren (los)
    # and Gent–Merelbeke-Melle (zuid)
    assert lines[1:] == [
        "Eeklo;Regio Gent;Voeren;Limburg;zelfde IGS;Los Verband;ja",
        "Gent;Regio Gent;Merelbeke-Melle;Vlaamse Ardennen;zelfde IGS;Cultuur Zuid;ja",
    ]
    text = client.get("/netwerk/kaart/?formaat=csv&tabel=netwerk-banden").content.decode()
    assert len(text.strip().splitlines()) == 1 + 9  # 8 edges of the IGS + Samen spelen
    assert "Samen spelen" in text and "Geheim plan" not in text and "Ann" not in text
    r = client.get("/netwerk/kaart/?regio=regio-gent&formaat=xlsx&tabel=netwerk-regio-gent-banden")
    assert r.status_code == 200 and r.content[:2] == b"PK"


@pytest.mark.parametrize("url", ["/netwerk/", "/netwerk/wie-is-wie/", "/netwerk/kaart/"])
def test_a_head_request_is_answered_like_a_get_without_a_body(client, loaded, url):
    """Link checkers and uptime monitors ask with HEAD: the page exists (200, as for GET), and
    nothing else than GET or HEAD is accepted (a POST is a 405)."""
    head = client.head(url)
    assert head.status_code == 200
    assert head.content == b""
    assert client.post(url).status_code == 405


# --- what a visitor finds on a phone and after "Vind tegenhangers" -----------------------------


def test_who_puts_the_people_first_once_anyone_is_listed(client, loaded):
    """On a phone the eleven organisation cards are long: as soon as someone is listed, the
    people come first and the organisations follow, each with its details folded away."""
    html = client.get("/netwerk/wie-is-wie/").content.decode()
    assert html.index('id="steunpunten"') < html.index('id="mensen-igs"')  # nobody listed yet
    person("Ann", ("cultuurbeleidscoordinator", "43005"))
    html = client.get("/netwerk/wie-is-wie/").content.decode()
    assert html.index('id="mensen-gemeente"') < html.index('id="steunpunten"')
    assert html.count('id="steunpunten"') == 1
    assert html.count('<details class="n-org-meer">') == len(organisations.ORGANISATIONS)
    # the breadcrumb ends with a link, not with a lone "›"
    assert '<p class="kruimel"><a href="/netwerk/">Netwerk</a></p>' in html
    html = client.get("/netwerk/wie-is-wie/?q=ann").content.decode()
    assert '<a href="/netwerk/">Netwerk</a> › <a href="/netwerk/wie-is-wie/">Wie is wie</a>' in html


def test_find_counterparts_with_nothing_chosen(client, loaded):
    """ "Vind tegenhangers" sends gemeente= and igs= empty. A visitor with a role sees the
    counterparts of their own municipality (before an IGS); anyone else is asked to choose."""
    person("Bob", ("cultuurbeleidscoordinator", "44019"))
    empty = "/netwerk/kaart/?gemeente=&igs=&rol="
    html = client.get(empty).content.decode()
    assert "Kies een gemeente of een IGS om je tegenhangers te vinden." in html
    assert 'id="tegenhangers"' not in html
    client.force_login(user_with("ann", ("igs_coordinator", "noord"), ("schepen", "43005")))
    html = client.get(empty).content.decode()
    assert "we tonen die van je eigen rol, Eeklo." in html
    assert '<option value="43005" selected>' in html and 'id="tegenhangers"' in html
    # only an IGS role: that IGS
    client.force_login(user_with("igor", ("igs_coordinator", "noord")))
    html = client.get(empty).content.decode()
    assert "we tonen die van je eigen rol, Cultuur Noord." in html
    # the bare page (no form sent) stays the overview of Flanders
    html = client.get("/netwerk/kaart/").content.decode()
    assert 'id="regios"' in html and "van je eigen rol" not in html


def test_the_drawing_scrolls_on_a_phone_and_meetings_count_once_over(client, loaded):
    html = client.get("/netwerk/kaart/").content.decode()
    assert '<div class="tabel n-tekening-raam">' in html
    assert "Schuif de tekening opzij of lees de tabellen hieronder" in html
    assert "telt hier pas mee wanneer ze voorbij is" in html
    assert '<p class="kruimel"><a href="/netwerk/">Netwerk</a></p>' in html
    html = client.get("/netwerk/kaart/?regio=regio-gent").content.decode()
    assert 'Netwerk</a> › <a href="/netwerk/kaart/">Wie werkt met wie</a></p>' in html


def test_a_region_lists_a_bounded_number_of_partners_per_municipality(client, loaded, monkeypatch):
    """With an initiative over all of Flanders every municipality of a region would list 284
    partners (a page of 2 MB). The page names at most MAX_ROW_PARTNERS per cell and counts
    the rest, and at most MAX_BRIDGES bridges; the download keeps them all. Here the bound is
    set to 1: Eeklo works in
    initiatives with Evergem and Gent (2), so the page says "Evergem … en 1 andere", and with
    Voeren across a border via the IGS "los" and the initiative (1 bridge, nothing to add)."""
    from samenspel.network import views

    monkeypatch.setattr(views, "MAX_ROW_PARTNERS", 1)
    initiative("Drie samen", refnis=("43005", "44019", "44021"))
    html = client.get("/netwerk/kaart/?regio=regio-gent").content.decode()
    eeklo = html.split('?gemeente=43005">Eeklo</a>')[1].split("</tr>")[0]
    cell = eeklo.split('data-label="Samen in een initiatief">')[1].split("</td>")[0]
    assert cell == "Evergem (Drie samen) en 1 andere"
    bridges = eeklo.split('data-label="Bruggen">')[1].split("</td>")[0]
    assert "Voeren" in bridges and "andere" not in bridges
    table = client.get(
        "/netwerk/kaart/?regio=regio-gent&formaat=csv&tabel=netwerk-regio-gent-gemeenten"
    ).content.decode("utf-8-sig")
    assert "Evergem (Drie samen)" in table and "Gent (Drie samen)" in table
    # the bridges of the region: Eeklo–Voeren (los) and Gent–Merelbeke-Melle (zuid), shown up
    # to MAX_BRIDGES like on the overview
    monkeypatch.setattr(views, "MAX_BRIDGES", 1)
    html = client.get("/netwerk/kaart/?regio=regio-gent").content.decode()
    assert "We tonen de eerste 1 van 2." in html
