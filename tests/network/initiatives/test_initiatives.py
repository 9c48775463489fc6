"""The initiatives registry on the synthetic bundle (Cultuur Zuid "zuid": Gent 44021, the only
centrumstad, and Merelbeke-Melle 44088; Cultuur Noord "noord": Eeklo 43005, Evergem 44019,
Aalter 44084, Lochristi 44087; Los Verband "los": Eeklo and Voeren 73109 in Limburg).

What a user expects: a draft is seen only by its editors (everywhere: list, page, document,
template tag, services), publishing is for coordinators, decisions come in date order, a file
is judged by its content, bad dates and codes get a Dutch message that names the field, and
every change stays in the history.
"""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.utils import timezone

from samenspel.accounts.models import Person
from samenspel.network.initiatives import files, services
from samenspel.network.initiatives.models import Decision, Document, Initiative
from tests.people import user_with

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


DOCX = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = zip_bytes(
    {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"}
)
DOCM = zip_bytes(
    {
        "[Content_Types].xml": b"<Types/>",
        "word/document.xml": b"<w:document/>",
        "word/vbaProject.bin": b"\x00",
    }
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def people(db):
    return {
        "author": user_with("auteur"),  # no role: the creator of the draft
        "other": user_with("ander"),  # logged in, no role
        "coord_zuid": user_with("coordzuid", ("igs_coordinator", "zuid")),
        "coord_noord": user_with("coordnoord", ("igs_coordinator", "noord")),
        "medewerker_zuid": user_with("mwzuid", ("medewerker", "zuid")),
        "cbc_gent": user_with("cbcgent", ("cultuurbeleidscoordinator", "44021")),
        "medewerker_gent": user_with("mwgent", ("medewerker", "44021")),
        "medewerker_eeklo": user_with("mweeklo", ("medewerker", "43005")),
        "schepen_gent": user_with("schepengent", ("schepen", "44021")),
        "steunpunt": user_with("optil", ("steunpunt", "optil")),
    }


def initiative(author, **kw) -> Initiative:
    fields = {
        "title": "Gentse zomerbar",
        "kind": "project",
        "status": "idee",
        "summary": "Jongeren uit Gent en Melle bouwen samen een podium.",
        "municipalities": ",44021,44088,",
        "partnerships": ",zuid,",
        "created_by": author,
    }
    fields.update(kw)
    return Initiative.objects.create(**fields)


def login(client, people, who):
    if who != "anonymous":
        client.force_login(people[who])


def form(**kw):
    data = {
        "titel": "Stedenoverleg Gent–Eeklo",
        "soort": "project",
        "status": "idee",
        "samenvatting": "",
        "doelen": "Samen programmeren.",
        "gemeenten": "Gent, Eeklo",
        "igs": "",
        "andere_partners": "",
        "begin": "01/09/2026",
        "einde": "",
        "contact": "",
    }
    data.update(kw)
    return data


def render_tag(args: str) -> str:
    return Template("{% load initiatives %}{% initiatives_block " + args + " %}").render(
        Context({})
    )


# --------------------------------------------------------------------------------------------
# Who sees a draft (list, page, document, template tag), and who edits it
# --------------------------------------------------------------------------------------------

# (who, sees the draft and edits it): the editors are the creator, the coordinator and the
# medewerkers of a partner IGS, the cultuurbeleidscoördinator and medewerker of a partner
# municipality, the steunpunt.
MATRIX = [
    ("anonymous", False),
    ("other", False),
    ("author", True),
    ("coord_zuid", True),
    ("coord_noord", False),  # coordinator of an IGS that is not a partner
    ("medewerker_zuid", True),  # the staff of a partner IGS edit its entries
    ("cbc_gent", True),
    ("medewerker_gent", True),
    ("medewerker_eeklo", False),
    ("schepen_gent", False),  # a political role reads what is published, does not edit
    ("steunpunt", True),
]


@pytest.mark.parametrize("who, editor", MATRIX)
def test_a_draft_is_seen_only_by_its_editors(client, loaded, people, who, editor):
    draft = initiative(people["author"])
    doc = Document.objects.create(
        initiative=draft, title="Plan", file_type=files.PDF, file_name="plan.pdf"
    )
    doc.file.save("document", ContentFile(PDF))
    login(client, people, who)

    listing = client.get("/netwerk/initiatieven/").content.decode()
    assert ("Gentse zomerbar" in listing) is editor
    page = client.get(f"/netwerk/initiatieven/{draft.pk}/")
    assert page.status_code == (200 if editor else 404)
    download = client.get(f"/netwerk/initiatieven/documenten/{doc.pk}/")
    assert download.status_code == (200 if editor else 404)
    if editor:
        assert b"".join(download.streaming_content) == PDF
        assert "concept, niet openbaar" in page.content.decode()
        assert f"/netwerk/initiatieven/{draft.pk}/wijzigen/" in page.content.decode()
    same_partners = {"gemeenten": "Gent, Merelbeke-Melle", "igs": "Cultuur Zuid"}
    r = client.post(
        f"/netwerk/initiatieven/{draft.pk}/wijzigen/", form(titel="Overgenomen", **same_partners)
    )
    draft.refresh_from_db()
    assert (draft.title == "Overgenomen") is editor
    if not editor:
        assert r.status_code in (302, 404)  # anonymous → login; others: it does not exist

    # the template tag and the service never show a draft, whoever looks
    assert "Gentse zomerbar" not in render_tag('igs="zuid"')
    assert services.published_for(igs="zuid") == []

    # once published, everyone reads it (and its document)
    Initiative.objects.filter(pk=draft.pk).update(published=True, published_at=timezone.now())
    assert client.get(f"/netwerk/initiatieven/{draft.pk}/").status_code == 200
    assert client.get(f"/netwerk/initiatieven/documenten/{doc.pk}/").status_code == 200
    assert draft.title in client.get("/netwerk/initiatieven/").content.decode()
    # the history only for editors
    page = client.get(f"/netwerk/initiatieven/{draft.pk}/").content.decode()
    assert ("Geschiedenis" in page) is editor


def test_the_list_query_follows_the_view_rule_for_everyone(loaded, people):
    """``Initiative.objects.visible_to`` (the list's query) and ``initiatives.view_initiative``
    (the rule) agree for every user and a spread of initiatives."""
    from django.contrib.auth.models import AnonymousUser

    items = [
        initiative(people["author"]),
        initiative(people["other"], partnerships=",noord,", municipalities=""),
        initiative(None, partnerships="", municipalities=",43005,"),
        initiative(None, partnerships=",los,", municipalities=",73109,", published=True),
        initiative(people["steunpunt"], partnerships="", municipalities=",44088,"),
    ]
    for user in [AnonymousUser(), *people.values()]:
        listed = set(Initiative.objects.visible_to(user))
        allowed = {i for i in items if user.has_perm("initiatives.view_initiative", i)}
        assert listed == allowed, user


# (who, may publish): coordinators of a partner IGS, the cultuurbeleidscoördinator of a partner
# municipality, the steunpunt; not the creator nor a medewerker (they edit, they do not publish)
PUBLISH = [
    ("author", 403),
    ("coord_zuid", 302),
    ("cbc_gent", 302),
    ("medewerker_gent", 403),
    ("medewerker_zuid", 403),
    ("coord_noord", 404),  # cannot see the draft at all
    ("steunpunt", 302),
]


@pytest.mark.parametrize("who, status", PUBLISH)
def test_who_may_publish(client, loaded, people, who, status):
    draft = initiative(people["author"])
    login(client, people, who)
    r = client.post(f"/netwerk/initiatieven/{draft.pk}/publiceren/", {"actie": "publiceren"})
    assert r.status_code == status
    draft.refresh_from_db()
    assert draft.published is (status == 302)
    if status == 403:
        assert "Publiceren of terugnemen naar concept doet" in r.content.decode()
    if status == 302:
        assert draft.published_at is not None
        r = client.post(f"/netwerk/initiatieven/{draft.pk}/publiceren/", {"actie": "terugtrekken"})
        draft.refresh_from_db()
        assert r.status_code == 302 and not draft.published and draft.published_at is None


def test_publishing_needs_a_post_and_a_login(client, loaded, people):
    draft = initiative(people["author"])
    r = client.post(f"/netwerk/initiatieven/{draft.pk}/publiceren/", {"actie": "publiceren"})
    assert r.status_code == 302 and r["Location"].startswith("/aanmelden/")
    client.force_login(people["coord_zuid"])
    assert client.get(f"/netwerk/initiatieven/{draft.pk}/publiceren/").status_code == 405
    r = client.post(f"/netwerk/initiatieven/{draft.pk}/publiceren/", {"actie": "wissen"})
    assert r.status_code == 400
    assert "Kies publiceren of terugnemen naar concept" in r.content.decode()
    draft.refresh_from_db()
    assert not draft.published


# --------------------------------------------------------------------------------------------
# Registering, decisions, documents
# --------------------------------------------------------------------------------------------


def test_register_a_city_to_city_initiative(client, loaded, people):
    client.force_login(people["cbc_gent"])
    r = client.post(
        "/netwerk/initiatieven/nieuw/",
        form(soort="stad-tot-stad", gemeenten="Gent, Eeklo", igs="Cultuur Zuid", status="lopend"),
    )
    new = Initiative.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/netwerk/initiatieven/{new.pk}/"
    # names → codes, in the order given; a new initiative is a draft
    assert (new.refnis_list, new.igs_list, new.kind, new.status, new.published) == (
        ["44021", "43005"],
        ["zuid"],
        "stad-tot-stad",
        "lopend",
        False,
    )
    assert new.start_date == datetime.date(2026, 9, 1) and new.created_by == people["cbc_gent"]
    page = client.get(r["Location"]).content.decode()
    # Gent is marked as centrumstad, Eeklo is not; the region is named
    assert 'Gent</a> <span class="init-label centrumstad">centrumstad</span>' in page
    assert 'Eeklo</a> <span class="init-meta">' in page
    assert "Regio Gent" in page


BAD = [
    ({"begin": "31/02/2026"}, "Begindatum", "Geef een datum als 15/09/2026."),
    ({"begin": "01/01/1850"}, "Begindatum", "een datum tussen 1980 en 2100"),
    ({"einde": "01/01/2150"}, "Einddatum", "een datum tussen 1980 en 2100"),
    (
        {"begin": "01/09/2026", "einde": "31/08/2026"},
        "Einddatum",
        "De einddatum 31/08/2026 ligt voor de begindatum 01/09/2026.",
    ),
    ({"gemeenten": "Gent, Atlantis"}, "Partnergemeenten", "geen gemeente “Atlantis” gevonden"),
    ({"gemeenten": "99999"}, "Partnergemeenten", "Onbekende REFNIS-code(s): 99999."),
    ({"igs": "Cultuur Nergens"}, "Partner-IGS", "geen IGS “Cultuur Nergens” gevonden"),
    ({"gemeenten": "", "igs": ""}, "", "Kies minstens één partnergemeente of partner-IGS"),
    (
        {"soort": "stad-tot-stad", "gemeenten": "Eeklo, Evergem"},
        "Partnergemeenten",
        "minstens één centrumstad",
    ),
    ({"soort": "stad-tot-stad", "gemeenten": "Gent"}, "Partnergemeenten", "minstens twee"),
    ({"status": "bevroren"}, "Status", "“bevroren” is geen van de keuzes."),
    ({"titel": "x" * 201}, "Titel", "Hoogstens 200 tekens (nu 201)."),
    ({"titel": ""}, "Titel", "Vul dit veld in."),
]


@pytest.mark.parametrize("fields, label, message", BAD)
def test_bad_input_gets_a_dutch_message_naming_the_field(
    client, loaded, people, fields, label, message
):
    client.force_login(people["coord_zuid"])
    r = client.post("/netwerk/initiatieven/nieuw/", form(**fields))
    page = r.content.decode()
    assert r.status_code == 400 and not Initiative.objects.exists()
    assert message in page
    if label:  # the summary at the top links the field by its label
        assert f"{label}</a>: " in page


def test_decisions_come_in_date_order_in_the_timeline(client, loaded, people):
    item = initiative(people["author"], published=True)
    client.force_login(people["coord_zuid"])
    url = f"/netwerk/initiatieven/{item.pk}/beslissing/"
    for datum, body in [
        ("15/03/2026", "gemeenteraad Gent"),
        ("2025-11-20", "college van burgemeester en schepenen Gent"),
        ("01/06/2026", "raad van bestuur Cultuur Zuid"),
    ]:
        r = client.post(url, {"datum": datum, "orgaan": body, "tekst": "Akkoord.", "link": ""})
        assert r.status_code == 302
    assert [d.body for d in item.decisions.all()] == [
        "college van burgemeester en schepenen Gent",
        "gemeenteraad Gent",
        "raad van bestuur Cultuur Zuid",
    ]
    page = client.get(f"/netwerk/initiatieven/{item.pk}/").content.decode()
    positions = [
        page.index("20/11/2025"),
        page.index("15/03/2026"),
        page.index("01/06/2026"),
    ]
    assert positions == sorted(positions)
    # a decision without a date or with a bad link: Dutch messages, nothing saved
    r = client.post(url, {"datum": "", "orgaan": "raad", "tekst": "x", "link": "geen link"})
    assert r.status_code == 400 and item.decisions.count() == 3
    assert "Vul dit veld in." in r.content.decode()
    assert "Geef een volledige link" in r.content.decode()


def test_a_decision_needs_an_editor(client, loaded, people):
    item = initiative(people["author"], published=True)
    client.force_login(people["schepen_gent"])  # reads it (published), does not edit
    r = client.post(
        f"/netwerk/initiatieven/{item.pk}/beslissing/",
        {"datum": "01/01/2026", "orgaan": "x", "tekst": "x"},
    )
    assert r.status_code == 403 and not Decision.objects.exists()


DOCUMENTS = [
    ("verslag.pdf", PDF, files.PDF),
    ("verslag.docx", DOCX, files.DOCX),
    ("begroting.xlsx", XLSX, files.XLSX),
    ("nota.odt", ODT, files.ODT),
]


@pytest.mark.parametrize("name, content, kind", DOCUMENTS)
def test_documents_are_stored_and_served_with_their_checked_type(
    client, loaded, people, name, content, kind
):
    item = initiative(people["author"])
    client.force_login(people["coord_zuid"])
    r = client.post(
        f"/netwerk/initiatieven/{item.pk}/document/",
        {"titel": "Stuk", "bestand": SimpleUploadedFile(name, content, "text/html")},
    )
    assert r.status_code == 302
    doc = item.documents.get()
    assert (doc.file_type, doc.file_name, doc.file_size) == (kind, name, len(content))
    assert not doc.file.name.endswith(name)  # stored under a random name
    response = client.get(f"/netwerk/initiatieven/documenten/{doc.pk}/")
    assert response["Content-Type"] == kind
    assert response["X-Content-Type-Options"] == "nosniff"
    assert f'filename="{name}"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == content


REFUSED = [
    ("verslag.pdf", b"<!DOCTYPE html><script>alert(1)</script>", "is een HTML-pagina"),
    ("verslag.pdf", DOCX, "heet een PDF-document maar is een Word-document (DOCX)"),
    ("macro.docx", DOCM, "is een Office-bestand met macro's"),
    ("oud.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "een oud Office-bestand"),
    ("archief.zip", zip_bytes({"a.txt": b"a"}), "is een ZIP-archief"),
    ("foto.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "is beschadigd"),
]


@pytest.mark.parametrize("name, content, message", REFUSED)
def test_a_wrong_file_is_refused_with_a_dutch_message(
    client, loaded, people, name, content, message
):
    item = initiative(people["author"])
    client.force_login(people["coord_zuid"])
    r = client.post(
        f"/netwerk/initiatieven/{item.pk}/document/",
        {"titel": "Stuk", "bestand": SimpleUploadedFile(name, content, "application/pdf")},
    )
    page = r.content.decode().replace("&#x27;", "'")
    assert r.status_code == 400 and not Document.objects.exists()
    assert message in page
    assert "Bestand</a>: " in page  # names the field


def test_a_document_is_a_file_or_a_link(client, loaded, people):
    item = initiative(people["author"], published=True)
    client.force_login(people["coord_zuid"])
    url = f"/netwerk/initiatieven/{item.pk}/document/"
    r = client.post(url, {"titel": "Niets"})
    assert r.status_code == 400 and "Kies een bestand of geef een link." in r.content.decode()
    r = client.post(url, {"titel": "Besluit", "link": "https://www.gent.be/besluit"})
    assert r.status_code == 302
    doc = item.documents.get()
    client.logout()
    # a link goes through the same permission check, then on to the link
    r = client.get(f"/netwerk/initiatieven/documenten/{doc.pk}/")
    assert r.status_code == 302 and r["Location"] == "https://www.gent.be/besluit"


def test_an_editor_removes_a_document_or_decision_added_by_mistake(
    client, loaded, people, media, django_capture_on_commit_callbacks
):
    item = initiative(people["author"], published=True)
    other = initiative(people["author"], published=True)
    doc = Document.objects.create(initiative=item, title="Verkeerd", file_type=files.PDF)
    doc.file.save("document", ContentFile(PDF))
    stored = media / doc.file.name
    assert stored.exists()
    decision = Decision.objects.create(
        initiative=item, date=datetime.date(2026, 1, 5), body="college", text="Ja"
    )
    base = f"/netwerk/initiatieven/{item.pk}"
    # a schepen reads but does not delete; nobody deletes through another initiative's address
    client.force_login(people["schepen_gent"])
    assert client.post(f"{base}/document/{doc.pk}/verwijderen/").status_code == 403
    client.force_login(people["coord_zuid"])
    r = client.post(f"/netwerk/initiatieven/{other.pk}/document/{doc.pk}/verwijderen/")
    assert r.status_code == 404
    assert client.get(f"{base}/document/{doc.pk}/verwijderen/").status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"{base}/document/{doc.pk}/verwijderen/")
    assert r.status_code == 302 and not Document.objects.filter(pk=doc.pk).exists()
    assert not stored.exists()  # the file is gone from the disk too
    r = client.post(f"{base}/beslissing/{decision.pk}/verwijderen/")
    assert r.status_code == 302 and not item.decisions.exists()
    # the history keeps that they existed
    assert Decision.history.filter(id=decision.pk, history_type="-").exists()


def test_an_oversized_request_is_refused_before_reading(client, loaded, people):
    item = initiative(people["author"])
    client.force_login(people["coord_zuid"])
    r = client.post(
        f"/netwerk/initiatieven/{item.pk}/document/",
        {"titel": "Groot"},
        CONTENT_LENGTH=str(11 * 1024 * 1024),
    )
    assert r.status_code == 413 and "hoogstens 10 MB" in r.content.decode()


def test_sniff_tells_office_formats_apart():
    assert files.sniff(DOCX)[0] == files.DOCX
    assert files.sniff(XLSX)[0] == files.XLSX
    assert files.sniff(ODT)[0] == files.ODT
    assert files.sniff(PDF)[0] == files.PDF
    assert files.sniff(DOCM) == (None, "een Office-bestand met macro's")
    assert files.sniff(b"PK\x03\x04 kapot")[0] is None
    ods = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})
    assert files.sniff(ods)[0] is None


# --------------------------------------------------------------------------------------------
# History, status changes, contact, personal data
# --------------------------------------------------------------------------------------------


def test_status_changes_any_direction_each_with_its_date_in_history(client, loaded, people):
    client.force_login(people["coord_zuid"])
    client.post("/netwerk/initiatieven/nieuw/", form(igs="Cultuur Zuid", status="idee"))
    item = Initiative.objects.get()
    for status in ("lopend", "voorbereiding"):  # forward, then back
        r = client.post(
            f"/netwerk/initiatieven/{item.pk}/wijzigen/",
            form(igs="Cultuur Zuid", status=status),
        )
        assert r.status_code == 302
    item.refresh_from_db()
    assert item.status == "voorbereiding"
    # three records: created as idee, changed to lopend, changed back
    assert [h.status for h in item.history.order_by("history_date")] == [
        "idee",
        "lopend",
        "voorbereiding",
    ]
    events = [e["title"] for e in services.timeline(item) if e["kind"] == "status"]
    assert events == [
        "Geregistreerd: idee",
        "Status: van idee naar lopend",
        "Status: van lopend naar in voorbereiding",
    ]
    page = client.get(f"/netwerk/initiatieven/{item.pk}/").content.decode()
    assert "Status: van lopend naar in voorbereiding" in page
    # the editor's history names who changed the status, from what to what
    assert "Geschiedenis" in page and "Coordzuid" in page
    assert 'lopend</span> <span aria-hidden="true">→</span>' in page


def test_an_editor_cannot_remove_their_own_access_by_mistake(client, loaded, people):
    item = initiative(people["author"])
    client.force_login(people["coord_zuid"])
    # Cultuur Zuid taken out of the partners, Gent and Eeklo stay: Coordzuid would lose it
    r = client.post(f"/netwerk/initiatieven/{item.pk}/wijzigen/", form(gemeenten="Gent, Eeklo"))
    assert r.status_code == 400
    assert "zou je het initiatief niet meer kunnen beheren" in r.content.decode()
    item.refresh_from_db()
    assert item.igs_list == ["zuid"]
    # the steunpunt may (it manages everything)
    client.force_login(people["steunpunt"])
    r = client.post(f"/netwerk/initiatieven/{item.pk}/wijzigen/", form(gemeenten="Gent, Eeklo"))
    item.refresh_from_db()
    assert r.status_code == 302 and item.igs_list == [] and item.refnis_list == ["44021", "43005"]


def test_contact_is_shown_only_with_consent(client, loaded, people):
    contact = people["cbc_gent"].person
    contact.email = "an@gent.be"
    contact.save()
    item = initiative(people["author"], published=True, contact=contact)
    page = client.get(f"/netwerk/initiatieven/{item.pk}/").content.decode()
    assert "an@gent.be" not in page and "Cbcgent" not in page
    contact.consent_contact_at = timezone.now()
    contact.save()
    # anonymous: no e-mail, and no name either while she is not listed in Wie is wie
    page = client.get(f"/netwerk/initiatieven/{item.pk}/").content.decode()
    assert "an@gent.be" not in page and "Cbcgent" not in page
    assert "Een contactpersoon van de partners" in page
    assert "om het e-mailadres en het telefoonnummer te zien" in page
    contact.consent_listed_at = timezone.now()
    contact.save()
    page = client.get(f"/netwerk/initiatieven/{item.pk}/").content.decode()
    assert "Cbcgent" in page and "an@gent.be" not in page
    # signed in (anyone): the e-mail address she agreed to show
    client.force_login(people["steunpunt"])
    page = client.get(f"/netwerk/initiatieven/{item.pk}/").content.decode()
    assert "mailto:an@gent.be" in page and "Cbcgent" in page
    assert "om het e-mailadres en het telefoonnummer te zien" not in page


def test_contact_choices_are_the_editor_and_consenting_people_of_the_partners(loaded, people):
    from samenspel.network.initiatives.views import contact_choices

    Person.objects.filter(user=people["cbc_gent"]).update(consent_contact_at=timezone.now())
    item = initiative(people["author"])
    names = [label for _pk, label in contact_choices(people["coord_zuid"], item)]
    # Coordzuid (themselves, no consent), Cbcgent (Gent is a partner, consent);
    # Mwgent and Schepengent are partners' people without consent: not offered
    assert names == ["Cbcgent", "Coordzuid, toont geen contactgegevens"]


def test_personal_data_export_and_anonymise(loaded, people):
    from samenspel.accounts import personal_data

    author = people["coord_zuid"]
    item = initiative(author, contact=author.person)
    Decision.objects.create(
        initiative=item,
        date=datetime.date(2026, 1, 5),
        body="college",
        text="Ja",
        created_by=author,
    )
    provider = {p.name: p for p in personal_data.providers()}["initiatieven"]
    data = provider.export(author)
    assert [i["titel"] for i in data["initiatieven"]] == ["Gentse zomerbar"]
    assert data["beslissingen"][0]["orgaan"] == "college"
    assert data["contactpersoon van"] == [{"id": item.pk, "titel": "Gentse zomerbar"}]
    # initiative author + decision author + contact = 3 records changed
    assert provider.anonymise(author) == 3
    item.refresh_from_db()
    assert item.created_by is None and item.contact is None
    assert item.title == "Gentse zomerbar"  # the content stays
    assert not item.history.filter(created_by=author.pk).exists()
    assert not item.history.filter(contact=author.person.pk).exists()


def test_deleting_ones_data_keeps_the_initiative_anonymously(client, loaded, people):
    from samenspel.accounts.services import delete_own_data

    author = people["coord_zuid"]
    Person.objects.filter(user=author).update(consent_contact_at=timezone.now(), email="s@z.be")
    client.force_login(author)
    client.post("/netwerk/initiatieven/nieuw/", form(igs="Cultuur Zuid", contact=author.person.pk))
    item = Initiative.objects.get()
    client.post(f"/netwerk/initiatieven/{item.pk}/publiceren/", {"actie": "publiceren"})
    assert "s@z.be" in client.get(f"/netwerk/initiatieven/{item.pk}/").content.decode()

    counts = delete_own_data(author)
    assert counts["initiatieven"] == 2  # authorship and contact of the one initiative
    item.refresh_from_db()
    assert (item.created_by, item.contact, item.title) == (None, None, "Stedenoverleg Gent–Eeklo")
    page = client.get(f"/netwerk/initiatieven/{item.pk}/").content.decode()
    assert "s@z.be" not in page and "Coordzuid" not in page
    client.force_login(people["steunpunt"])  # an editor sees the history, without the name
    page = client.get(f"/netwerk/initiatieven/{item.pk}/").content.decode()
    assert "verwijderde gebruiker" in page and "Coordzuid" not in page


# --------------------------------------------------------------------------------------------
# The list: filters, bounded; the service and the template tag for other pages
# --------------------------------------------------------------------------------------------


def test_list_filters(client, loaded, people):
    a = initiative(
        people["author"],
        title="Stedenband Gent",
        kind="stad-tot-stad",
        municipalities=",44021,43005,",
        partnerships="",
        status="lopend",
        published=True,
    )
    b = initiative(
        people["author"],
        title="Noordelijk netwerk",
        kind="netwerk",
        municipalities="",
        partnerships=",noord,",
        status="idee",
        published=True,
    )
    c = initiative(
        people["author"],
        title="Voerens project",
        kind="project",
        municipalities=",73109,",
        partnerships="",
        status="afgelopen",
        published=True,
    )

    def titles(query: str) -> set[str]:
        r = client.get("/netwerk/initiatieven/" + query)
        assert r.status_code == 200, r.content.decode()[:300]
        page = r.content.decode()
        return {x.title for x in (a, b, c) if x.title in page}

    assert titles("") == {a.title, b.title, c.title}
    assert titles("?soort=stad-tot-stad") == {a.title}
    assert titles("?status=idee") == {b.title}
    # Regio Gent: Gent and Eeklo (a), Cultuur Noord whose members lie there (b); not Voeren
    assert titles("?regio=regio-gent") == {a.title, b.title}
    assert titles("?regio=limburg") == {c.title}
    assert titles("?gemeente=Eeklo") == {a.title}
    assert titles("?igs=Cultuur Noord") == {b.title}
    assert titles("?q=voeren") == {c.title}
    # the list says what "gepubliceerd" means, to anyone
    assert "Wat betekent “gepubliceerd”?" in client.get("/netwerk/initiatieven/").content.decode()
    r = client.get("/netwerk/initiatieven/?status=bevroren&regio=mars")
    assert r.status_code == 400
    assert "Status: “bevroren” is geen van de keuzes." in r.content.decode()
    assert "Referentieregio: “mars” is geen van de keuzes." in r.content.decode()


def test_the_list_is_paginated(client, loaded, people):
    Initiative.objects.bulk_create(
        [
            Initiative(title=f"Initiatief {n:02d}", municipalities=",44021,", published=True)
            for n in range(45)
        ]
    )
    page = client.get("/netwerk/initiatieven/").content.decode()
    assert page.count('class="initiatief') == 20 and "pagina 1 van 3" in page
    page = client.get("/netwerk/initiatieven/?pagina=3").content.decode()
    assert page.count('class="initiatief') == 5


def test_published_for_and_the_template_tag(loaded, people):
    old = initiative(
        people["author"],
        title="Oud",
        published=True,
        published_at=timezone.now() - datetime.timedelta(days=3),
    )
    new = initiative(
        people["author"],
        title="Nieuw",
        published=True,
        published_at=timezone.now(),
        municipalities=",44088,",
        partnerships="",
    )
    initiative(people["author"], title="Concept")
    assert services.published_for(igs="zuid") == [old]
    assert services.published_for(refnis="44088") == [new, old]  # newest first
    assert services.published_for(refnis="44088", limit=1) == [new]
    assert services.published_for(igs="zuid", refnis="44088") == [old]
    assert services.published_for(refnis="43005") == []
    html = render_tag('refnis="44088"')
    assert "Oud" in html and "Nieuw" in html and "Concept" not in html
    html = render_tag('refnis="44088" aantal=1')
    assert "Nieuw" in html and "Oud" not in html
    assert '<a href="/netwerk/initiatieven/?gemeente=44088">Alle 2 initiatieven</a>' in html
    html = render_tag('igs="noord"')
    assert "Nog geen gepubliceerde samenwerkingsinitiatieven." in html


def test_the_block_at_its_largest_still_links_to_all_of_them(people):
    # 51 published initiatives of Eeklo, a block of the most it shows (50): it shows 50 and
    # links to "Alle 51"; published_for never returns more than 50, so it cannot tell by
    # asking for one more
    for n in range(51):
        initiative(
            people["author"],
            title=f"Initiatief {n}",
            municipalities=",43005,",
            partnerships="",
            published=True,
            published_at=timezone.now(),
        )
    html = render_tag('refnis="43005" aantal=50')
    assert html.count('class="initiatief') == 50
    assert '<a href="/netwerk/initiatieven/?gemeente=43005">Alle 51 initiatieven</a>' in html


def test_a_zip_bomb_named_docx_or_xlsx_is_refused_without_unpacking_it():
    """A DOCX whose document.xml unpacks to 300 MB of zeros is about 300 KB on the wire: it
    passes the 10 MB cap, but whoever downloads and opens it gets 300 MB. Samenspel reads the
    sizes from the archive's table of contents (300 MB > the 200 MB any real office document
    of at most 10 MB unpacks to) and refuses it in Dutch; the same for an XLSX."""
    zeros = b"\0" * (300 * 1024 * 1024)

    def bomb(inner: str) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", b"<Types/>")
            z.writestr(inner, zeros)
        return buf.getvalue()

    for name, inner in (("verslag.docx", "word/document.xml"), ("cijfers.xlsx", "xl/workbook.xml")):
        data = bomb(inner)
        assert len(data) < 1024 * 1024
        with pytest.raises(files.Refused) as refused:
            files.check(name, data, 10 * 1024 * 1024)
        assert f"“{name}” is een ZIP-archief dat uitpakt tot meer dan 200 MB" in str(refused.value)
    # an ordinary DOCX still passes
    assert files.check("verslag.docx", DOCX, 10 * 1024 * 1024) == files.DOCX


def test_the_search_box_reads_dutch_like_a_reader_does(client, people, loaded):
    """Every word counts on its own, in any order; accents, case, hyphens and apostrophes do
    not matter; a partner's name finds the initiative even when the text does not say it."""
    a = initiative(
        people["author"],
        title="Samenwerking rond cultuur",
        summary="Één uitleendienst voor de regio's.",
        municipalities=",43005,",
        partnerships="",
        published=True,
    )
    b = initiative(
        people["author"],
        title="Stad tot stad",
        kind="stad-tot-stad",
        summary="Twee centrumsteden delen hun programmatie.",
        partnerships="",  # not "Cultuur Zuid": its name would match "cultuur"
        published=True,
    )
    c = initiative(
        people["author"],
        title="CULTÚURPRIJS",
        summary="",
        municipalities=",73109,",
        partnerships="",
        published=True,
    )

    def titles(q: str) -> set[str]:
        r = client.get("/netwerk/initiatieven/", {"q": q})
        assert r.status_code == 200, r.content.decode()[:300]
        page = r.content.decode()
        return {x.title for x in (a, b, c) if x.title in page}

    assert titles("cultuur samenwerking") == {a.title}  # both words, other order
    assert titles("Cultuur") == {a.title, c.title}  # "CULTÚURPRIJS" too
    assert titles("een uitleendienst") == {a.title}  # "Één"
    assert titles("regio’s") == {a.title}
    assert titles("stad-tot-stad") == {b.title}
    assert titles("Eeklo") == {a.title}  # a partner, not in the text
    assert titles("Merelbeke-Melle") == {b.title}
    assert titles("Kortrijk") == set()


def test_the_list_heading_may_break_between_the_parts_of_the_long_word(client, loaded):
    """On a phone (390 px) "Samenwerkingsinitiatieven" is wider than the screen: it may break
    only after "Samenwerkings", at the soft hyphen, not anywhere mid-word."""
    html = client.get("/netwerk/initiatieven/").content.decode()
    assert "<h1>Samenwerkings&shy;initiatieven</h1>" in html
