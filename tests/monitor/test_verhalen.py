"""Stories ("verhalen"): who may do what, the checks on uploaded files, the filters and the
inclusion tag ``{% verhalen_bij %}``, on the synthetic bundle (Cultuur Zuid: Gent 44021 and
Merelbeke-Melle 44088; Cultuur Noord: Eeklo 43005, Evergem 44019, Aalter 44084, ...)."""

import io

import pytest
from django.template import Context, Template
from PIL import Image

from samenspel.monitor.forms import sniff
from samenspel.monitor.models import Story
from tests.people import user_with

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png_bytes(size=(40, 30), colour=(200, 40, 40)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, "PNG")
    return buf.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def people(django_user_model):
    """Accounts with the roles of samenspel.accounts (tests/people.py)."""
    return {
        "author": user_with("auteur", ("cultuurbeleidscoordinator", "44088")),  # Melle
        "other": django_user_model.objects.create_user("ander", password="x"),  # no role
        "coord_zuid": user_with("zuidcoord", ("igs_coordinator", "zuid")),
        "coord_noord": user_with("noordcoord", ("igs_coordinator", "noord")),
        "medewerker_gent": user_with("gentmw", ("medewerker", "44021")),
        "medewerker_eeklo": user_with("eeklomw", ("medewerker", "43005")),
        "schepen_gent": user_with("gentschepen", ("schepen", "44021")),
        "steunpunt": user_with("optil", ("steunpunt", "optil")),
        "staff": django_user_model.objects.create_user("beheer", password="x", is_staff=True),
    }


def story(author, **kw) -> Story:
    fields = {
        "title": "Zomerbar in Melle",
        "text": "Jongeren uit Gent en Melle bouwden samen een podium.",
        "igs": "zuid",
        "municipalities": ",44021,44088,",
        "indicators": ",ACT_COORGANISATIE,",
        "year_from": 2024,
        "year_to": 2024,
        "teller_name": "An Peeters",
        "teller_role": "cultuurbeleidscoördinator",
        "created_by": author,
    }
    fields.update(kw)
    return Story.objects.create(**fields)


def form(**kw):
    data = {
        "titel": "Buurtfeest",
        "tekst": "Een verhaal.",
        "verteller": "Bert",
        "rol": "vrijwilliger",
        "igs": "Cultuur Zuid",
        "gemeenten": "Gent, Merelbeke-Melle",
        "van": "2024",
    }
    data.update(kw)
    return data


def login(client, people, who):
    if who != "anonymous":
        client.force_login(people[who])


# --------------------------------------------------------------------------------------------
# Permissions: role × view / create / edit / delete, on a story of Cultuur Zuid about Gent and
# Merelbeke-Melle, and a new story for the same IGS and partners
# --------------------------------------------------------------------------------------------

# (who, may create, may edit and delete)
MATRIX = [
    ("anonymous", False, False),
    ("other", False, False),  # logged in, no role
    ("author", True, True),  # cultuurbeleidscoördinator of Melle, a partner
    ("coord_zuid", True, True),  # the story's IGS
    ("coord_noord", False, False),  # coordinator of another IGS
    ("medewerker_gent", True, True),  # a partner named in the story
    ("medewerker_eeklo", False, False),  # a municipality of another IGS
    ("schepen_gent", False, False),  # a political role reads, does not edit
    ("steunpunt", True, True),
    ("staff", True, True),
]


@pytest.mark.parametrize("who, may_create, may_edit", MATRIX)
def test_permission_matrix(client, loaded, people, who, may_create, may_edit):
    s = story(people["author"])
    login(client, people, who)

    # view: everyone reads the story and the list
    r = client.get(f"/monitor/verhalen/{s.pk}/")
    assert r.status_code == 200 and "Zomerbar in Melle" in r.content.decode()
    assert "Zomerbar in Melle" in client.get("/monitor/verhalen/").content.decode()
    # the edit links only for who may edit
    assert ("/wijzig/" in r.content.decode()) is may_edit

    # create
    before = Story.objects.count()
    r = client.post("/monitor/verhalen/nieuw/", form(titel=f"Nieuw van {who}"))
    if may_create:
        new = Story.objects.get(title=f"Nieuw van {who}")
        assert r.status_code == 302 and r["Location"] == f"/monitor/verhalen/{new.pk}/"
        assert new.created_by == people[who]
        # "Cultuur Zuid" → slug zuid; "Gent, Merelbeke-Melle" → their REFNIS codes
        assert (new.igs, new.refnis_list, new.year_from, new.year_to) == (
            "zuid",
            ["44021", "44088"],
            2024,
            2024,
        )
    else:
        assert Story.objects.count() == before
        if who == "anonymous":
            assert r.status_code == 302 and r["Location"].startswith("/aanmelden/")
        else:
            assert r.status_code == 403
            assert "rol" in r.content.decode()

    # edit
    r = client.post(f"/monitor/verhalen/{s.pk}/wijzig/", form(titel="Gewijzigd"))
    s.refresh_from_db()
    if may_edit:
        assert r.status_code == 302 and s.title == "Gewijzigd"
        assert s.created_by == people["author"]  # staff editing does not take it over
    else:
        assert s.title == "Zomerbar in Melle"
        if who == "anonymous":
            assert r.status_code == 302 and r["Location"].startswith("/aanmelden/")
        else:
            assert r.status_code == 403
            page = r.content.decode()
            assert "niet wijzigen of verwijderen" in page
            # the refusal names the roles that would allow it
            assert "IGS-coördinator van Cultuur Zuid" in page
            assert "cultuurbeleidscoördinator of medewerker van Gent" in page

    # delete
    r = client.post(f"/monitor/verhalen/{s.pk}/verwijder/")
    assert Story.objects.filter(pk=s.pk).exists() is not may_edit
    if not may_edit and who != "anonymous":
        assert r.status_code == 403


def test_a_new_story_needs_a_role_in_its_places(client, loaded, people):
    """The medewerker of Eeklo (Cultuur Noord) writes for Noord and Eeklo, not for Zuid."""
    client.force_login(people["medewerker_eeklo"])
    assert client.get("/monitor/verhalen/nieuw/").status_code == 200
    r = client.post("/monitor/verhalen/nieuw/", form(titel="Elders"))
    assert r.status_code == 403
    assert "IGS-coördinator van Cultuur Zuid" in r.content.decode()
    assert not Story.objects.filter(title="Elders").exists()
    r = client.post(
        "/monitor/verhalen/nieuw/", form(titel="Thuis", igs="Cultuur Noord", gemeenten="Eeklo")
    )
    assert r.status_code == 302
    assert Story.objects.get(title="Thuis").created_by == people["medewerker_eeklo"]
    # without any role the form itself is refused, with the roles that would allow it
    client.force_login(people["other"])
    r = client.get("/monitor/verhalen/nieuw/")
    assert r.status_code == 403 and "IGS-coördinator" in r.content.decode()


def test_an_author_cannot_move_a_story_where_they_have_no_role(client, loaded, people):
    s = story(people["author"])
    client.force_login(people["author"])
    # the same places: the author keeps editing
    r = client.post(f"/monitor/verhalen/{s.pk}/wijzig/", form(titel="Zomerbar 2"))
    assert r.status_code == 302
    # to Cultuur Noord and Eeklo, where the cultuurbeleidscoördinator of Melle has no role
    r = client.post(
        f"/monitor/verhalen/{s.pk}/wijzig/",
        form(titel="Verhuisd", igs="Cultuur Noord", gemeenten="Eeklo"),
    )
    s.refresh_from_db()
    assert r.status_code == 403 and (s.title, s.igs) == ("Zomerbar 2", "zuid")


def test_every_version_of_a_story_is_kept_and_shown(client, loaded, people):
    """Created by the author, changed by the coordinator of Zuid: two history rows, the
    change names the field, the old and the new title and who made it."""
    client.force_login(people["author"])
    client.post("/monitor/verhalen/nieuw/", form(titel="Eerste titel"))
    s = Story.objects.get(title="Eerste titel")
    client.force_login(people["coord_zuid"])
    client.post(f"/monitor/verhalen/{s.pk}/wijzig/", form(titel="Tweede titel"))
    records = list(s.history.order_by("history_date", "history_id"))
    assert [(r.history_type, r.title, r.history_user) for r in records] == [
        ("+", "Eerste titel", people["author"]),
        ("~", "Tweede titel", people["coord_zuid"]),
    ]
    # the coordinator of Zuid may change the story, so sees its history
    page = client.get(f"/monitor/verhalen/{s.pk}/").content.decode()
    assert "Geschiedenis" in page and "2 wijzigingen" in page
    assert "Eerste titel" in page and "Tweede titel" in page  # old → new
    assert "Zuidcoord" in page and "Auteur" in page  # the persons' names (tests/people.py)
    # deleting keeps a last row
    client.force_login(people["author"])
    client.post(f"/monitor/verhalen/{s.pk}/verwijder/")
    assert s.history.first().history_type == "-"


# Who sees the history (with the editors' names): like practices and initiatives, only those
# who may change the story (its author, its IGS's coordinator, a cultuurbeleidscoördinator or
# medewerker of a partner, the steunpunt); the story itself stays public.
HISTORY_SEEN = [
    ("anonymous", False),
    ("other", False),
    ("schepen_gent", False),  # reads Gent's stories, changes nothing
    ("coord_noord", False),
    ("medewerker_eeklo", False),
    ("author", True),
    ("coord_zuid", True),
    ("medewerker_gent", True),
    ("steunpunt", True),
]


@pytest.mark.parametrize("who, sees", HISTORY_SEEN)
def test_the_history_of_a_story_is_shown_to_those_who_may_change_it(
    client, loaded, people, who, sees
):
    client.force_login(people["author"])
    client.post("/monitor/verhalen/nieuw/", form(titel="Eerste titel"))
    s = Story.objects.get(title="Eerste titel")
    client.force_login(people["coord_zuid"])
    client.post(f"/monitor/verhalen/{s.pk}/wijzig/", form(titel="Tweede titel"))
    client.logout()
    login(client, people, who)
    r = client.get(f"/monitor/verhalen/{s.pk}/")
    page = r.content.decode()
    assert r.status_code == 200 and "Tweede titel" in page  # the story itself is public
    assert ("Geschiedenis" in page) is sees
    # the editors' names (Person.name from tests/people.py) only with the history
    assert ("Zuidcoord" in page) is sees
    assert ("Eerste titel" in page) is sees  # the old title is only in the history


# --------------------------------------------------------------------------------------------
# Uploads
# --------------------------------------------------------------------------------------------


def test_magic_bytes():
    assert sniff(png_bytes()) == "image/png"
    assert sniff(b"\xff\xd8\xff\xe0\x00\x10JFIF") == "image/jpeg"
    assert sniff(b"RIFF\x24\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert sniff(PDF) == "application/pdf"
    assert sniff(b"<!DOCTYPE html><script>alert(1)</script>") is None
    assert sniff(b'<svg xmlns="http://www.w3.org/2000/svg"/>') is None


@pytest.mark.parametrize(
    "name, content, message",
    [
        (
            "verslag.pdf",
            png_bytes(),
            "“verslag.pdf” heet een PDF-document maar is een PNG-afbeelding: geef het de "
            "juiste extensie (.png) en probeer opnieuw.",
        ),
        (
            "foto.jpg",
            b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>",
            "“foto.jpg” is een HTML-pagina, geen foto (JPEG, PNG of WebP) of PDF. Samenspel "
            "kijkt naar de inhoud van het bestand, niet enkel naar de naam.",
        ),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "“logo.svg” is een XML- of SVG-bestand, geen foto",
        ),
        (
            "kapot.png",
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
            "“kapot.png” begint als een PNG-afbeelding maar is beschadigd of onvolledig",
        ),
        # 5,2 MB: above the 5 MB of a story but below the request limit → the form says it
        (
            "groot.pdf",
            PDF + b"0" * (5_452_595 - len(PDF)),
            "“groot.pdf” is 5,2 MB; een bijlage mag hoogstens 5 MB zijn.",
        ),
    ],
)
def test_hostile_or_wrong_uploads_are_refused(
    client, loaded, people, media, name, content, message
):
    client.force_login(people["author"])
    r = client.post("/monitor/verhalen/nieuw/", {**form(), "bijlage": upload(name, content)})
    assert r.status_code == 400
    assert message in r.content.decode()
    assert "Het verhaal is niet bewaard" in r.content.decode()
    assert Story.objects.count() == 0
    assert not media.exists() or not any(media.rglob("*.*"))


def test_six_megabytes_are_refused_before_reading(client, loaded, people):
    client.force_login(people["author"])
    six = PDF + b"0" * (6 * 1024 * 1024)
    r = client.post("/monitor/verhalen/nieuw/", {**form(), "bijlage": upload("groot.pdf", six)})
    assert r.status_code == 413
    text = r.content.decode()
    # 6 MB + the PDF header + the form: 6,0 MB shown with one decimal
    assert "Wat je verstuurde is 6,0 MB; een bijlage mag hoogstens 5 MB zijn." in text
    assert Story.objects.count() == 0


def test_photo_and_pdf_are_stored_and_served_safely(client, loaded, people, media):
    client.force_login(people["author"])
    photo = png_bytes()
    r = client.post(
        "/monitor/verhalen/nieuw/",
        {**form(beschrijving="Het podium"), "bijlage": upload("../../etc/podium.PNG", photo)},
    )
    assert r.status_code == 302
    s = Story.objects.get()
    assert (s.attachment_type, s.attachment_name) == (
        "image/png",
        "podium.PNG",  # only the last part of the name the browser sent
    )
    # stored under MEDIA_ROOT with a random name, not the given one; saved again (without
    # metadata) but the same picture: 40 × 30 pixels of (200, 40, 40)
    stored = list(media.rglob("*.png"))
    assert len(stored) == 1 and "podium" not in stored[0].name
    data = stored[0].read_bytes()
    assert s.attachment_size == len(data)
    with Image.open(io.BytesIO(data)) as im:
        assert im.size == (40, 30) and im.convert("RGB").getpixel((5, 5)) == (200, 40, 40)

    client.logout()  # everyone may see the photo of a visible story
    r = client.get(f"/monitor/verhalen/{s.pk}/bijlage/")
    assert r.status_code == 200 and r["Content-Type"] == "image/png"
    assert r["Content-Disposition"].startswith("inline")
    assert r["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in r["Content-Security-Policy"]
    assert b"".join(r.streaming_content) == data
    page = client.get(f"/monitor/verhalen/{s.pk}/").content.decode()
    assert f'src="/monitor/verhalen/{s.pk}/bijlage/" alt="Het podium"' in page

    # the author replaces it by a PDF: served as a download, the old file is gone
    client.force_login(people["author"])
    r = client.post(
        f"/monitor/verhalen/{s.pk}/wijzig/", {**form(), "bijlage": upload("verslag.pdf", PDF)}
    )
    assert r.status_code == 302
    r = client.get(f"/monitor/verhalen/{s.pk}/bijlage/")
    assert r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"] == 'attachment; filename="verslag.pdf"'
    assert [p.suffix for p in media.rglob("*.*")] == [".pdf"]

    # deleting the story deletes the file; its download is then a 404
    r = client.post(f"/monitor/verhalen/{s.pk}/verwijder/")
    assert r.status_code == 302 and not any(media.rglob("*.*"))
    assert client.get(f"/monitor/verhalen/{s.pk}/bijlage/").status_code == 404


def test_the_gps_position_of_a_photo_is_not_published(client, loaded, people, media):
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk"  # Make
    exif[0x0112] = 6  # Orientation: turned 90° → stored upright, 30 × 40
    exif[0x8825] = {1: "N", 2: (51.0, 3.0, 0.0), 3: "E", 4: (3.0, 44.0, 0.0)}  # GPS
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 60)).save(buf, "JPEG", exif=exif)
    with Image.open(io.BytesIO(buf.getvalue())) as im:
        assert im.getexif()[0x010F] == "Telefoonmerk"  # the upload does carry it
    client.force_login(people["author"])
    r = client.post(
        "/monitor/verhalen/nieuw/", {**form(), "bijlage": upload("thuis.jpg", buf.getvalue())}
    )
    assert r.status_code == 302
    (stored,) = media.rglob("*.jpg")
    with Image.open(stored) as im:
        assert dict(im.getexif()) == {}
        assert im.size == (30, 40)


# --------------------------------------------------------------------------------------------
# Form checks in Dutch
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"van": "2025", "tot": "2023"}, "Het eindjaar 2023 ligt voor het beginjaar 2025."),
        ({"van": "", "tot": "2023"}, "Geef ook het beginjaar"),
        ({"van": "twintig"}, "Geef een jaartal, bv. 2024."),
        ({"igs": "", "gemeenten": ""}, "Kies een IGS of minstens één gemeente"),
        ({"gemeenten": "Gentt"}, "geen gemeente “Gentt” gevonden; bedoel je “Gent”?"),
        ({"igs": "Cultuur Oost"}, "IGS: geen IGS “Cultuur Oost” gevonden."),
        ({"titel": ""}, "Vul dit veld in."),
        ({"titel": "x" * 201}, "Hoogstens 200 tekens (nu 201)."),
        ({"indicatoren": ["BESTAAT_NIET"]}, "Onbekende indicator “BESTAAT_NIET”."),
    ],
)
def test_bad_input_gives_dutch_messages(client, loaded, people, fields, message):
    client.force_login(people["author"])
    r = client.post("/monitor/verhalen/nieuw/", form(**fields))
    assert r.status_code == 400
    assert message in r.content.decode()
    assert Story.objects.count() == 0


def test_period_from_to_is_kept(client, loaded, people):
    client.force_login(people["author"])
    client.post("/monitor/verhalen/nieuw/", form(van="2023", tot="2025"))
    s = Story.objects.get()
    assert (s.year_from, s.year_to, s.period) == (2023, 2025, "2023–2025")


# --------------------------------------------------------------------------------------------
# Where stories show up
# --------------------------------------------------------------------------------------------


def render_tag(args: str) -> str:
    return Template("{% load monitor_verhalen %}{% verhalen_bij " + args + " %}").render(
        Context({})
    )


def test_inclusion_tag_shows_a_story_on_its_igs_and_municipalities_only(loaded, people):
    story(people["author"])  # Cultuur Zuid, Gent and Merelbeke-Melle, co-organisation, 2024
    story(people["author"], title="Leesclub Eeklo", igs="noord", municipalities=",43005,")
    zuid = render_tag("igs='zuid'")
    assert "Zomerbar in Melle" in zuid and "Leesclub Eeklo" not in zuid
    assert "Gent, Merelbeke-Melle" in zuid  # the partners by name
    assert "Zomerbar in Melle" in render_tag("refnis='44088'")
    assert "Zomerbar in Melle" in render_tag(
        "igs='zuid' refnis='44021' indicator='ACT_COORGANISATIE'"
    )
    for elsewhere in (
        "igs='noord'",
        "refnis='43005'",
        "refnis='44019'",
        "igs='zuid' indicator='ACT_AANTAL'",
        "igs='zuid' jaar=2023",
    ):
        assert "Zomerbar in Melle" not in render_tag(elsewhere), elsewhere
    assert "Nog geen verhalen" in render_tag("refnis='44019'")
    # the link to write one carries the choice
    assert "/monitor/verhalen/nieuw/?igs=zuid" in zuid


def test_list_filters(client, loaded, people):
    story(people["author"])
    story(people["author"], title="Leesclub Eeklo", igs="noord", municipalities=",43005,")
    text = client.get("/monitor/verhalen/?igs=Cultuur+Zuid").content.decode()
    assert "Zomerbar in Melle" in text and "Leesclub Eeklo" not in text
    text = client.get("/monitor/verhalen/?gemeente=Eeklo").content.decode()
    assert "Leesclub Eeklo" in text and "Zomerbar in Melle" not in text
    r = client.get("/monitor/verhalen/?gemeente=Atlantis&jaar=20x4")
    assert r.status_code == 400
    assert "Gemeente: geen gemeente “Atlantis” gevonden" in r.content.decode()
    assert "“20x4” is geen jaar tussen 1990 en 2100." in r.content.decode()
