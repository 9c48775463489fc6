"""The practice library through its pages: who sees and does what, search and facets that never
show a draft, the form's Dutch messages, history, the block for other pages and personal data."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from samenspel.network.practices import services, workflow
from samenspel.network.practices.models import Practice
from tests.people import user_with

pytestmark = pytest.mark.django_db


def detail(p):
    return reverse("practice_detail", args=[p.pk])


def status_url(p):
    return reverse("practice_transition", args=[p.pk])


@pytest.fixture
def people(loaded, django_user_model):
    return {
        "author": user_with("auteur"),
        "other": user_with("ander"),
        "coord_noord": user_with("coord", ("igs_coordinator", "noord")),
        "coord_zuid": user_with("zuid", ("igs_coordinator", "zuid")),
        "schepen": user_with("schepen", ("schepen", "43005")),
        "editor_eeklo": user_with("eeklo", ("cultuurbeleidscoordinator", "43005")),
        "steunpunt": user_with("moderator", ("steunpunt", "optil")),
    }


# --- who sees what -----------------------------------------------------------------------------


def test_a_draft_is_seen_only_by_who_may_change_it(client, people, make_practice):
    p = make_practice(people["author"], status=workflow.DRAFT, municipalities=",43005,")
    assert client.get(detail(p)).status_code == 404  # anonymous
    for name, code in [
        ("other", 404),
        ("schepen", 404),  # a schepen reads, does not edit, the municipality's entries
        ("coord_zuid", 404),
        ("author", 200),
        ("coord_noord", 200),
        ("editor_eeklo", 200),
        ("steunpunt", 200),
    ]:
        client.force_login(people[name])
        assert client.get(detail(p)).status_code == code, name


def test_a_published_practice_is_public_but_only_editors_may_edit(client, people, make_practice):
    p = make_practice(people["author"])
    r = client.get(detail(p))
    assert r.status_code == 200 and "Een gedeelde zomeraffiche" in r.text
    assert "Geschiedenis" not in r.text and "auteur" not in r.text  # nothing of the author
    edit = reverse("practice_edit", args=[p.pk])
    assert client.get(edit).status_code == 302  # to the login
    client.force_login(people["other"])
    r = client.get(edit)
    assert r.status_code == 403 and "kan ze wijzigen" in r.text
    client.force_login(people["coord_noord"])
    assert client.get(edit).status_code == 200


def test_the_edit_form_shows_the_partners_by_name(client, people, make_practice):
    # stored as codes (",noord," and ",43005,44019,"), typed back as names; an IGS slug that is
    # no longer in the data stays as it is, so that the writer sees what is wrong.
    p = make_practice(people["author"], igs=",noord,weg,", municipalities=",43005,44019,")
    client.force_login(people["coord_noord"])
    r = client.get(reverse("practice_edit", args=[p.pk]))
    assert 'value="Cultuur Noord, weg"' in r.text
    assert 'value="Eeklo, Evergem"' in r.text


def test_review_queue_is_for_moderators_only(client, people, make_practice):
    waiting = make_practice(people["author"], status=workflow.REVIEW, title="Wacht op review")
    make_practice(people["author"], status=workflow.DRAFT, title="Nog een concept")
    client.force_login(people["coord_noord"])
    r = client.get(reverse("practice_review"))
    assert r.status_code == 403 and "Enkel het steunpunt ziet de praktijken ter nazicht" in r.text
    client.force_login(people["steunpunt"])
    r = client.get(reverse("practice_review"))
    assert "Wacht op review" in r.text and "Nog een concept" not in r.text
    assert detail(waiting) in r.text
    assert "Geschreven door Auteur" in r.text  # the moderator sees who wrote it


def test_my_practices_lists_what_i_may_change_in_every_status(client, people, make_practice):
    make_practice(people["author"], status=workflow.DRAFT, title="Mijn concept", igs=",zuid,")
    make_practice(
        people["other"], status=workflow.DRAFT, title="Concept van een ander", igs=",zuid,"
    )
    make_practice(people["other"], status=workflow.REVIEW, title="Uit Noord", igs=",noord,")
    client.force_login(people["author"])
    r = client.get(reverse("practice_mine"))
    assert "Mijn concept" in r.text and "Concept van een ander" not in r.text
    client.force_login(people["coord_noord"])
    r = client.get(reverse("practice_mine"))
    assert "Uit Noord" in r.text and "Mijn concept" not in r.text


def test_my_practices_lists_those_an_igs_medewerker_may_change(client, people, make_practice):
    # a medewerker of an IGS edits its practices (practices.change_practice), so "Mijn
    # praktijken" lists them too, as it does for the IGS's coordinator
    p = make_practice(people["other"], status=workflow.REVIEW, title="Uit Noord", igs=",noord,")
    make_practice(people["other"], status=workflow.DRAFT, title="Uit Zuid", igs=",zuid,")
    medewerker = user_with("medewerker", ("medewerker", "noord"))
    assert medewerker.has_perm("practices.change_practice", p)
    client.force_login(medewerker)
    r = client.get(reverse("practice_mine"))
    assert "Uit Noord" in r.text and "Uit Zuid" not in r.text


# --- the workflow through the pages ------------------------------------------------------------


def test_author_submits_moderator_publishes_and_it_is_recorded(client, people, make_practice):
    p = make_practice(people["author"], status=workflow.DRAFT)
    client.force_login(people["author"])
    r = client.post(status_url(p), {"actie": "submit"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == workflow.REVIEW
    # the author cannot publish their own practice
    r = client.post(status_url(p), {"actie": "publish"})
    assert r.status_code == 403 and "Enkel het steunpunt" in r.text
    p.refresh_from_db()
    assert p.status == workflow.REVIEW and p.published_at is None
    client.force_login(people["steunpunt"])
    r = client.post(status_url(p), {"actie": "publish"})
    assert r.status_code == 302 and r["Location"] == reverse("practice_review")
    p.refresh_from_db()
    assert p.status == workflow.PUBLISHED and p.published_at is not None
    history = list(p.history.order_by("history_date", "history_id"))
    assert [h.status for h in history[-2:]] == [workflow.REVIEW, workflow.PUBLISHED]
    assert history[-1].history_user == people["steunpunt"]
    assert history[-2].history_user == people["author"]


def test_coordinator_schepen_and_anonymous_cannot_publish(client, people, make_practice):
    p = make_practice(people["author"], status=workflow.REVIEW, municipalities=",43005,")
    r = client.post(status_url(p), {"actie": "publish"})
    assert r.status_code == 302 and "/aanmelden/" in r["Location"]
    client.force_login(people["schepen"])
    assert client.post(status_url(p), {"actie": "publish"}).status_code == 404
    client.force_login(people["coord_noord"])
    assert client.post(status_url(p), {"actie": "publish"}).status_code == 403
    p.refresh_from_db()
    assert p.status == workflow.REVIEW


def test_rejected_goes_back_to_the_author_with_a_note(client, people, make_practice):
    p = make_practice(people["author"], status=workflow.REVIEW)
    client.force_login(people["steunpunt"])
    r = client.post(status_url(p), {"actie": "send_back", "opmerking": "  "})
    assert r.status_code == 400 and "Schrijf een opmerking" in r.text
    r = client.post(
        status_url(p), {"actie": "send_back", "opmerking": "Noem de partners niet bij naam."}
    )
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == workflow.DRAFT and p.moderator_note == "Noem de partners niet bij naam."
    client.force_login(people["author"])
    r = client.get(detail(p))
    assert "Opmerking van het steunpunt" in r.text and "Noem de partners niet bij naam." in r.text
    assert "Indienen ter nazicht" in r.text
    # the history shows the status and the note
    assert re.search(r"ter nazicht\s*</span>.*?concept", r.text, re.S)


def test_editing_a_published_practice_sends_it_back_to_review(client, people, make_practice):
    p = make_practice(people["author"], title="Gedeeld podium")
    client.force_login(people["author"])
    form = services_form_data(p, titel="Gedeeld podium, versie 2")
    r = client.post(reverse("practice_edit", args=[p.pk]), form)
    assert r.status_code == 302, r.text
    p.refresh_from_db()
    assert p.title == "Gedeeld podium, versie 2" and p.status == workflow.REVIEW
    client.logout()
    assert "Gedeeld podium" not in client.get(reverse("practice_list")).text
    # the history on the page shows the change, to who may change the practice
    client.force_login(people["author"])
    r = client.get(detail(p))
    assert "Geschiedenis" in r.text
    assert "Gedeeld podium" in r.text and "Gedeeld podium, versie 2" in r.text
    assert re.search(r"Titel</span>:\s*<span class=\"oud\">Gedeeld podium</span>", r.text)


def services_form_data(p, **over):
    data = {
        "titel": p.title,
        "soort": p.kind,
        "themas": p.theme_list,
        "samenvatting": p.summary,
        "wat_werkte": p.what_worked,
        "wat_niet_werkte": p.what_failed,
        "lessen": p.lessons,
        "igs": ", ".join(p.igs_list),
        "gemeenten": ", ".join(p.refnis_list),
        "schaal": p.scale,
        "jaar": str(p.year),
    }
    data.update(over)
    return data


def test_editing_someone_elses_practice_keeps_their_contact(client, people, make_practice):
    # the author is the contact; the IGS coordinator who edits it is not: the box "Ik ben de
    # contactpersoon" is not ticked for them, and saving the form as shown keeps the author
    author = people["author"]
    p = make_practice(author, contact=author.person, igs=",noord,")
    client.force_login(people["coord_noord"])
    r = client.get(reverse("practice_edit", args=[p.pk]))
    box = re.search(r'<input type="checkbox" name="contact"[^>]*>', r.text).group(0)
    assert "checked" not in box
    r = client.post(reverse("practice_edit", args=[p.pk]), services_form_data(p, lessen="Vroeg."))
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.lessons == "Vroeg." and p.contact_id == author.person.pk
    # the author sees their own box ticked
    client.force_login(author)
    r = client.get(reverse("practice_edit", args=[p.pk]))
    assert "checked" in re.search(r'<input type="checkbox" name="contact"[^>]*>', r.text).group(0)


# --- writing: good and bad input -----------------------------------------------------------------


def test_a_new_practice_is_a_draft_of_its_author(client, people):
    client.force_login(people["author"])
    r = client.post(
        reverse("practice_new"),
        {
            "titel": "Samen een cultuurraad",
            "soort": "leerrijk",
            "themas": ["goodwill", "gelijkwaardigheid"],
            "samenvatting": "Eén raad voor vijf gemeenten.",
            "wat_niet_werkte": "De kleinste gemeenten kwamen na een jaar niet meer.",
            "igs": "Cultuur Noord",
            "gemeenten": "Eeklo, 44019",
            "schaal": "igs",
            "jaar": "2023",
        },
    )
    assert r.status_code == 302
    p = Practice.objects.get()
    assert (p.status, p.author, p.igs, p.municipalities, p.themes) == (
        workflow.DRAFT,
        people["author"],
        ",noord,",
        ",43005,44019,",
        ",goodwill,gelijkwaardigheid,",
    )
    # the search text knows the words, accents folded, and the places by name
    assert "cultuurraad" in p.search_text and "eeklo" in p.search_text


def test_bad_input_gets_dutch_messages_naming_the_field(client, people):
    client.force_login(people["author"])
    r = client.post(
        reverse("practice_new"),
        {
            "titel": "Te veel",
            "soort": "goed",
            "themas": ["vertrouwen", "geluk"],
            "samenvatting": "x" * 20_000,
            "wat_werkte": "Iets.",
            "igs": "Cultuur Oost",
            "gemeenten": "99999",
            "schaal": "heelal",
            "jaar": "99999",
        },
    )
    assert r.status_code == 400
    text = r.text
    assert "De praktijk is niet bewaard" in text
    assert "Onbekend thema “geluk”" in text
    assert "Hoogstens 1.000 tekens (nu 20000)" in text
    assert "Onbekende REFNIS-code(s): 99999" in text
    assert "geen IGS “Cultuur Oost” gevonden" in text
    assert "Onbekende schaal “heelal”" in text
    assert "Een jaar tot en met 2040." in text
    assert Practice.objects.count() == 0


def test_a_lesson_needs_what_did_not_work_and_a_practice_needs_a_place(client, people):
    client.force_login(people["author"])
    r = client.post(
        reverse("practice_new"),
        {
            "titel": "Zonder plaats",
            "soort": "leerrijk",
            "themas": ["werklast"],
            "samenvatting": "Iets.",
            "schaal": "gemeente",
            "jaar": "2024",
        },
    )
    assert r.status_code == 400
    assert "daar leren anderen het meest van" in r.text
    assert "Kies een IGS of minstens één gemeente" in r.text


# --- search and facets ---------------------------------------------------------------------------


def test_search_finds_published_only_and_drafts_leave_no_trace(client, people, make_practice):
    make_practice(people["author"], title="Vertrouwen groeit bij de koffie", themes=",vertrouwen,")
    make_practice(
        people["author"],
        status=workflow.DRAFT,
        title="Vertrouwen geheim concept",
        themes=",vertrouwen,steden,",
        year=2031,
    )
    make_practice(
        people["author"],
        status=workflow.REVIEW,
        title="Vertrouwen in review",
        themes=",identiteit,",
        igs=",zuid,",
    )
    for user in (None, people["steunpunt"], people["author"]):
        if user:
            client.force_login(user)
        r = client.get(reverse("practice_list"), {"q": "vertrouwen"})
        assert "1 praktijk gevonden" in r.text
        assert "geheim" not in r.text and "in review" not in r.text
        # facet values only the draft or the review practice has are not offered or counted
        assert "Banden met andere steden" not in r.text and "2031" not in r.text
        assert "Regionale identiteit" not in r.text and "Cultuur Zuid" not in r.text
        assert client.get(reverse("practice_list"), {"q": "geheim"}).context["count"] == 0


def test_accents_and_case_do_not_matter(client, people, make_practice):
    make_practice(people["author"], title="Cultúur op het plein")
    r = client.get(reverse("practice_list"), {"q": "CULTUUR"})
    assert r.context["count"] == 1 and "Cultúur op het plein" in r.text


def test_ranking_and_facets_on_the_page(client, people, make_practice):
    a = make_practice(
        people["author"], title="Een streekbibliotheek voor de regio", themes=",netwerk,"
    )
    b = make_practice(
        people["author"],
        title="Regionale affiche",
        summary="Elke bibliotheek hing ze op.",
        themes=",identiteit,",
        kind="leerrijk",
        what_failed="Te laat gedrukt.",
        igs=",zuid,",
        year=2023,
    )
    r = client.get(reverse("practice_list"), {"q": "bibliotheek"})
    # a: title, inside a compound 5×0,5 = 2,5; b: summary, whole word 3×1 = 3
    assert [i["practice"].pk for i in r.context["items"]] == [b.pk, a.pk]
    facets = {
        f["name"]: {x["row"].value: x["row"].count for x in f["rows"]} for f in r.context["facets"]
    }
    assert facets["soort"] == {"goed": 1, "leerrijk": 1}
    assert facets["jaar"] == {"2024": 1, "2023": 1}
    assert facets["igs"] == {"noord": 1, "zuid": 1}
    # noord lies in Regio Gent; zuid in Regio Gent (Gent) and the Vlaamse Ardennen (Merelbeke-Melle)
    regions = {
        x["row"].label: x["row"].count
        for f in r.context["facets"]
        if f["name"] == "regio"
        for x in f["rows"]
    }
    assert regions == {"Regio Gent": 2, "Vlaamse Ardennen": 1}
    # a facet combines with the query
    r = client.get(reverse("practice_list"), {"q": "bibliotheek", "soort": "leerrijk"})
    assert [i["practice"].pk for i in r.context["items"]] == [b.pk]
    soort = next(f for f in r.context["facets"] if f["name"] == "soort")
    assert {x["row"].value: x["row"].count for x in soort["rows"]} == {"goed": 1, "leerrijk": 1}


def test_theme_link_of_the_scan_works_and_unknown_values_are_refused(client, people, make_practice):
    make_practice(people["author"], title="Over vertrouwen", themes=",vertrouwen,")
    make_practice(people["author"], title="Over werklast", themes=",werklast,")
    r = client.get(reverse("practice_list") + "?thema=vertrouwen")
    assert r.status_code == 200 and r.context["count"] == 1 and "Over vertrouwen" in r.text
    r = client.get(reverse("practice_list") + "?thema=onzin&jaar=abcd&q=" + "x" * 500)
    assert r.status_code == 400
    assert "Thema: “onzin” bestaat niet" in r.text and "Jaar: “abcd” bestaat niet" in r.text
    assert "Zoekterm: hoogstens 200 tekens" in r.text
    r = client.get(reverse("practice_list"), {"thema": ["vertrouwen"] * 30})
    assert r.status_code == 400 and "hoogstens 20 waarden" in r.text


def test_list_is_paginated(client, people, make_practice):
    for i in range(23):
        make_practice(people["author"], title=f"Praktijk nummer {i}")
    r = client.get(reverse("practice_list"))
    assert r.context["count"] == 23 and len(r.context["items"]) == 20
    assert len(client.get(reverse("practice_list"), {"pagina": 2}).context["items"]) == 3


# --- for other pages -----------------------------------------------------------------------------


def test_published_for_and_the_block(people, make_practice):
    old = make_practice(people["author"], title="Oud", themes=",vertrouwen,")
    make_practice(people["author"], title="Nieuw", themes=",werklast,", municipalities=",44021,")
    make_practice(people["author"], status=workflow.REVIEW, title="Niet publiek")
    Practice.objects.filter(pk=old.pk).update(
        published_at=timezone.now() - timezone.timedelta(days=3)
    )
    assert [p.title for p in services.published_for(igs="noord")] == ["Nieuw", "Oud"]
    assert [p.title for p in services.published_for(refnis="44021")] == ["Nieuw"]
    assert [p.title for p in services.published_for(themes=["vertrouwen", "doelen"])] == ["Oud"]
    assert [p.title for p in services.published_for(themes="werklast", igs="zuid")] == []
    assert len(services.published_for(limit=1)) == 1
    html = Template("{% load practices %}{% practices_block igs='noord' %}").render(Context())
    assert "Nieuw" in html and "Oud" in html and "Niet publiek" not in html
    assert "/netwerk/praktijken/?igs=noord" in html
    html = Template("{% load practices %}{% practices_block refnis='44088' %}").render(Context())
    assert "Nog geen gepubliceerde praktijken" in html


# --- personal data -------------------------------------------------------------------------------


def test_contact_is_shown_only_with_consent(client, people, make_practice):
    person = people["author"].person
    person.email = "an@example.be"
    person.save()
    p = make_practice(people["author"], contact=person)
    assert "an@example.be" not in client.get(detail(p)).text
    person.consent_contact_at = timezone.now()
    person.save()
    # anonymous visitors never see an e-mail address, they are asked to sign in
    page = client.get(detail(p)).text
    assert "an@example.be" not in page and "om het e-mailadres en het telefoonnummer" in page
    client.force_login(people["author"])
    assert "mailto:an@example.be" in client.get(detail(p)).text


def test_export_and_anonymise_keep_the_text(people, make_practice):
    author = people["author"]
    p = make_practice(author, contact=author.person, title="Mijn les")
    other = make_practice(people["other"], title="Van een ander")
    exported = services.export_for(author)
    assert [(e["rol"], e["titel"]) for e in exported] == [
        ("auteur", "Mijn les"),
        ("contactpersoon", "Mijn les"),
    ]
    assert services.anonymise_for(author) == 1
    p.refresh_from_db()
    other.refresh_from_db()
    assert p.author is None and p.contact is None and p.title == "Mijn les"
    assert p.summary.startswith("De vier gemeenten")
    assert other.author == people["other"]
    history = Practice.history.model.objects
    assert not history.filter(author_id=author.pk).exists()
    assert not history.filter(contact_id=author.person.pk).exists()


def test_the_provider_is_registered():
    from samenspel.accounts import personal_data

    assert "praktijken" in [p.name for p in personal_data.providers()]


def test_deleting_ones_data_keeps_the_practice_without_its_author(client, people, make_practice):
    from samenspel.accounts.services import delete_own_data, export_own_data

    author = people["author"]
    p = make_practice(author, contact=author.person, title="Blijft staan")
    assert [e["titel"] for e in export_own_data(author)["onderdelen"]["praktijken"]] == [
        "Blijft staan",
        "Blijft staan",
    ]
    counts = delete_own_data(author)
    assert counts["praktijken"] == 1
    p.refresh_from_db()
    assert (p.author_id, p.contact_id, p.title) == (None, None, "Blijft staan")
    r = client.get(detail(p))
    assert r.status_code == 200 and "Blijft staan" in r.text


def test_hostile_requests_get_a_dutch_4xx(client, people, make_practice):
    p = make_practice(people["author"], status=workflow.REVIEW)
    client.force_login(people["steunpunt"])
    r = client.post(status_url(p), {"actie": "<script>alert(1)</script>"})
    assert r.status_code == 400 and "Onbekende actie" in r.text and "<script>alert" not in r.text
    assert client.get(status_url(p)).status_code == 405
    r = client.post(status_url(p), {"actie": "send_back", "opmerking": "x" * 5000})
    assert r.status_code == 400 and "te lang" in r.text
    p.refresh_from_db()
    assert p.status == workflow.REVIEW
    r = client.get(reverse("practice_list"), {"igs": "<b>x</b>", "pagina": "9999999999999"})
    assert r.status_code == 400 and "IGS: “&lt;b&gt;x&lt;/b&gt;” bestaat niet" in r.text
    assert client.get(reverse("practice_detail", args=[999999])).status_code == 404


# --- bounded work ------------------------------------------------------------------------------


def test_a_search_does_not_reread_every_long_text(client, make_practice, monkeypatch):
    """With 2.000 published practices of 15.000 characters each, a search for 'cultuur' took
    5 s: every text was normalised again on every request. The words of the long texts are
    stored at save time (search_text), so a search normalises only titles and summaries.

    30 practices, each with a 200-character title and a 1.000-character summary, and 15.000
    characters of body: at most 30 × 1.200 = 36.000 characters (plus the query) are normalised,
    not the 30 × 16.200 = 486.000 of before. And the ranking is unchanged: the practice with
    'cultuur' in its title (5) before the one with it in its summary (3), before the ones that
    only mention it in a lesson (1)."""
    from samenspel.network.practices import search

    long_text = ("Het vertrouwen groeide met kleine successen. " * 112)[:5_000]
    for i in range(28):
        make_practice(
            title=f"Praktijk {i} " + "x" * 180,
            summary="s" * 1_000,
            what_worked=long_text,
            what_failed=long_text,
            lessons=long_text[:4_900] + " cultuur",
        )
    in_summary = make_practice(title="Gedeelde affiche", summary="Cultuur in het Meetjesland.")
    in_title = make_practice(title="Cultuur op het plein", summary="Samen één affiche.")

    seen = []
    original = search.normalise

    def counting(text):
        seen.append(len(text or ""))
        return original(text)

    monkeypatch.setattr(search, "normalise", counting)
    page = client.get("/netwerk/praktijken/", {"q": "cultuur"})
    assert page.status_code == 200
    assert sum(seen) <= 30 * 1_200 + 100
    ids = [item["practice"].pk for item in page.context["items"]]
    assert ids[:2] == [in_title.pk, in_summary.pk]
    assert len(ids) == 20 and page.context["count"] == 30


def test_a_practice_corrected_in_the_admin_is_found_by_its_new_words(client, make_practice, rf):
    """A moderator corrects a title in the admin ("Gedeelde zomeraffiche" becomes "Gedeelde
    zomerbrochure"): a visitor searching "zomerbrochure" finds it, "zomeraffiche" no longer."""
    from django.contrib import admin

    p = make_practice(title="Gedeelde zomeraffiche")
    staff = user_with("beheer", ("steunpunt", "optil"))
    p.title = "Gedeelde zomerbrochure"
    request = rf.post("/beheer/")
    request.user = staff
    admin.site._registry[Practice].save_model(request, p, form=None, change=True)

    def found(q):
        page = client.get("/netwerk/praktijken/", {"q": q})
        return [i["practice"].pk for i in page.context["items"]]

    assert found("zomerbrochure") == [p.pk]
    assert found("zomeraffiche") == []
