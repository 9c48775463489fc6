"""Every write path of the Monitor (stories, own indicators, manual entry, the import page) for
every kind of person, with hostile values: nothing answers 500, a refusal is a Dutch 4xx that
names the role needed, and nobody writes where samenspel.accounts.permissions
(``monitor.change_item``) does not allow it, also not through a crafted POST or an import
file that names other places.

Synthetic bundle, 2024: Cultuur Zuid ("zuid") has Gent 44021 and Merelbeke-Melle 44088;
Cultuur Noord ("noord") has Aalter 44084, Eeklo 43005 and Evergem 44019."""

import re
from urllib.parse import urlencode

import pytest

from samenspel.jobs import services as jobs
from samenspel.jobs.models import Job
from samenspel.monitor.loading import ensure_catalogue
from samenspel.monitor.models import Indicator, Measurement, Story
from tests.people import user_with

pytestmark = pytest.mark.django_db

GENT, MELLE, EEKLO = "44021", "44088", "43005"


@pytest.fixture(autouse=True)
def setting(settings, tmp_path, loaded):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    ensure_catalogue()


def entry(code="ACT_AANTAL", igs="zuid", year="2024") -> str:
    return "/monitor/invoer/?" + urlencode({"indicator": code, "igs": igs, "jaar": year})


def story_form(**kw) -> dict:
    data = {
        "titel": "Buurtfeest",
        "tekst": "Een verhaal.",
        "verteller": "Bert",
        "igs": "Cultuur Zuid",
        "gemeenten": "Gent",
        "van": "2024",
    }
    data.update(kw)
    return data


def own_form(**kw) -> dict:
    data = {
        "code": "ZUID_EIGEN",
        "name": "Uitleenbeurten",
        "definition": "Uitleningen.",
        "unit": "uitleenbeurten",
        "source": "bibliotheek",
        "reference": "kalenderjaar",
        "frequency": "jaarlijks",
        "kind": "own",
        "direction": "up",
        "level": "municipality",
    }
    data.update(kw)
    return data


def text(r) -> str:
    import html

    return re.sub(r"\s+", " ", html.unescape(r.content.decode()))


# --------------------------------------------------------------------------------------------
# A medewerker of an IGS edits the IGS's entries (permissions.edits_entry: edits_its_igs), so
# every write path of the Monitor is open to them for that IGS, as the manual entry already was.
# --------------------------------------------------------------------------------------------


def test_a_medewerker_of_an_igs_writes_for_that_igs_on_every_path(client):
    client.force_login(user_with("zuidmw", ("medewerker", "zuid")))
    # a story for Zuid and Gent
    assert client.get("/monitor/verhalen/nieuw/").status_code == 200
    r = client.post("/monitor/verhalen/nieuw/", story_form(titel="Van het IGS"))
    assert r.status_code == 302 and Story.objects.filter(title="Van het IGS").exists()
    # values of Zuid's partners
    r = client.post(entry(), {f"refnis_{GENT}": "5", f"refnis_{MELLE}": "6"})
    assert r.status_code == 302
    assert Measurement.objects.filter(batch__isnull=True).count() == 2
    # an own indicator of Zuid
    r = client.post("/monitor/igs/zuid/eigen/", own_form())
    assert r.status_code == 302 and Indicator.objects.filter(code="ZUID_EIGEN").exists()
    # the import page
    assert client.get("/monitor/inlezen/").status_code == 200
    # but not for Noord
    r = client.post(
        "/monitor/verhalen/nieuw/", story_form(titel="Elders", igs="Cultuur Noord", gemeenten="")
    )
    assert r.status_code == 403 and not Story.objects.filter(title="Elders").exists()
    assert client.post(entry(igs="noord"), {f"refnis_{EEKLO}": "7"}).status_code == 403
    assert not Measurement.objects.filter(refnis=EEKLO).exists()


def test_the_refusal_names_the_medewerker_of_the_igs_too(client):
    client.force_login(user_with("gentschepen", ("schepen", GENT)))
    page = text(client.post(entry(), {f"refnis_{GENT}": "5"}))
    # every role that would allow it: coordinator or medewerker of the IGS, an official of a
    # partner, the steunpunt
    assert "IGS-coördinator van Cultuur Zuid" in page
    assert "medewerker van het IGS Cultuur Zuid" in page
    assert "cultuurbeleidscoördinator of medewerker van Gent of Merelbeke-Melle" in page
    assert "medewerker van het steunpunt" in page


# --------------------------------------------------------------------------------------------
# Who may write what: every path, every kind of person
# --------------------------------------------------------------------------------------------

# (who, roles, writes Gent's value on Zuid's entry page, writes Melle's value there)
PEOPLE = [
    ("anonymous", (), False, False),
    ("niemand", (), False, False),
    ("noordcoord", (("igs_coordinator", "noord"),), False, False),
    ("gentmw", (("medewerker", GENT),), True, False),
    ("eeklomw", (("medewerker", EEKLO),), False, False),
    ("gentschepen", (("schepen", GENT),), False, False),
    ("zuidcoord", (("igs_coordinator", "zuid"),), True, True),
    ("optil", (("steunpunt", "optil"),), True, True),
]


@pytest.mark.parametrize("who, roles, gent, melle", PEOPLE)
def test_manual_entry_writes_only_where_the_role_allows(client, who, roles, gent, melle):
    if who != "anonymous":
        client.force_login(user_with(who, *roles))
    # a crafted POST: values for both partners, for Eeklo (not a partner of Zuid), and an
    # IGS-level field that is not on this page
    r = client.post(
        entry(),
        {
            f"refnis_{GENT}": "10",
            f"refnis_{MELLE}": "20",
            f"refnis_{EEKLO}": "30",
            "igs_zuid": "40",
            "igs_noord": "50",
        },
    )
    written = dict(Measurement.objects.filter(batch__isnull=True).values_list("refnis", "value"))
    assert set(written) == {c for c, ok in ((GENT, gent), (MELLE, melle)) if ok}
    assert not Measurement.objects.filter(igs__gt="").exists()
    if who == "anonymous":
        assert r.status_code == 302 and r["Location"].startswith("/aanmelden/")
    elif not (gent or melle):
        assert r.status_code == 403
        assert "Daarvoor heb je een rol nodig als" in text(r)
    else:
        assert r.status_code == 302


@pytest.mark.parametrize("who, roles, gent, melle", PEOPLE)
def test_own_indicators_and_stories_only_where_the_role_allows(client, who, roles, gent, melle):
    owner = user_with("zuidcoord0", ("igs_coordinator", "zuid"))
    ind = Indicator.objects.create(
        code="ZUID_OUD", igs="zuid", **{k: v for k, v in own_form().items() if k != "code"}
    )
    s = Story.objects.create(
        title="Oud",
        text="x",
        igs="zuid",
        municipalities=f",{MELLE},",
        teller_name="X",
        created_by=owner,
    )
    if who != "anonymous":
        client.force_login(user_with(who, *roles))
    may_igs = who in ("zuidcoord", "optil")  # own indicators are the IGS's
    may_story = who in ("zuidcoord", "optil")  # the story is about Zuid and Melle
    statuses = [
        client.post("/monitor/igs/zuid/eigen/", own_form(code="ZUID_NIEUW")).status_code,
        client.post("/monitor/igs/zuid/eigen/ZUID_OUD/", own_form(name="Overgenomen")).status_code,
        client.post(
            f"/monitor/verhalen/{s.pk}/wijzig/", story_form(titel="Overgenomen")
        ).status_code,
    ]
    assert Indicator.objects.filter(code="ZUID_NIEUW").exists() is may_igs
    ind.refresh_from_db()
    s.refresh_from_db()
    assert (ind.name == "Overgenomen") is may_igs
    assert (s.title == "Overgenomen") is may_story
    for status in statuses:
        assert status in (302, 403) if who != "anonymous" else status == 302
    r = client.post("/monitor/verhalen/nieuw/", story_form(titel="Nieuw"))
    # a new story for Zuid and Gent: whoever edits Zuid's or Gent's entries
    assert Story.objects.filter(title="Nieuw").exists() is (gent or may_igs)
    assert r.status_code in (302, 403)
    r = client.post("/monitor/igs/zuid/eigen/ZUID_OUD/verwijder/", {"bevestig": "0"})
    assert Indicator.objects.filter(code="ZUID_OUD").exists() is not may_igs
    r = client.post(f"/monitor/verhalen/{s.pk}/verwijder/")
    assert Story.objects.filter(pk=s.pk).exists() is not may_story


def run_upload(client, name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post(
        "/monitor/inlezen/", {"soort": "metingen", "bestand": SimpleUploadedFile(name, content)}
    )
    if r.status_code != 302 or not r["Location"].startswith("/monitor/inlezen/"):
        return r, None
    pk = r["Location"].rstrip("/").rsplit("/", 1)[1]
    jobs.run(pk)
    return r, Job.objects.get(pk=pk)


def test_an_import_file_naming_another_igs_is_refused_with_the_row(client):
    """The coordinator of Zuid imports an IGS-level value of Zuid (allowed) and one of Noord
    (row 3): nothing is written and row 3 is named."""
    client.force_login(user_with("zuidcoord", ("igs_coordinator", "zuid")))
    content = b"igs;jaar;STEUN_KLEINE_GEMEENTEN\nzuid;2024;40\nnoord;2024;50\n"
    _r, job = run_upload(client, "igs.csv", content)
    assert job.result["ok"] is False
    assert any("rij 3" in f and "noord" in f for f in job.result["fouten"]), job.result
    assert not Measurement.objects.exists()


@pytest.mark.parametrize("who, roles", [("niemand", ()), ("gentschepen", (("schepen", GENT),))])
def test_the_import_page_refuses_who_writes_nowhere(client, who, roles):
    client.force_login(user_with(who, *roles))
    r, job = run_upload(client, "act.csv", b"refnis;jaar;ACT_AANTAL\n44021;2024;300\n")
    assert r.status_code == 403 and job is None and "IGS-coördinator" in text(r)
    assert not Measurement.objects.exists()


# --------------------------------------------------------------------------------------------
# Hostile values: a Dutch 4xx naming the field, never a 500, nothing written
# --------------------------------------------------------------------------------------------

HOSTILE = [
    "1e999",
    "NaN",
    "Infinity",
    "-Infinity",
    "9" * 5000,
    "1\x002",
    "\u202e12",
    "12,5,5",
    "<script>alert(1)</script>",
    "0x10",
    "1_000",
    "--5",
    "٣",  # an Arabic-Indic digit
    "99999999999999999999",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_in_manual_entry(client, value):
    client.force_login(user_with("zuidcoord", ("igs_coordinator", "zuid")))
    r = client.post(entry(), {f"refnis_{GENT}": value, f"refnis_{MELLE}": "3"})
    assert 400 <= r.status_code < 500, (value, r.status_code)
    assert "Gent" in text(r)  # the field is named
    assert not Measurement.objects.exists()  # all or nothing


HOSTILE_QUERIES = [
    {"indicator": "ACT_AANTAL\x00", "igs": "zuid", "jaar": "2024"},
    {"indicator": "ACT_AANTAL", "igs": "zuid\x00", "jaar": "2024"},
    {"indicator": "ACT_AANTAL", "igs": "../../etc/passwd", "jaar": "2024"},
    {"indicator": "ACT_AANTAL", "igs": "zuid", "jaar": "9" * 5000},
    {"indicator": "ACT_AANTAL", "igs": "zuid", "jaar": "٢٠٢٤"},
    {"indicator": "A" * 10_000, "igs": "zuid", "jaar": "2024"},
    {"indicator": ["ACT_AANTAL", "DEELNEMERS"], "igs": ["zuid", "noord"], "jaar": "2024"},
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_on_manual_entry(client, query):
    client.force_login(user_with("zuidcoord", ("igs_coordinator", "zuid")))
    url = "/monitor/invoer/?" + urlencode(query, doseq=True)
    for r in (client.get(url), client.post(url, {f"refnis_{GENT}": "1"})):
        assert r.status_code < 500, (query, r.status_code)
        if r.status_code >= 400:
            assert re.search(r"[a-z]", text(r))  # a message, not an empty page
    assert not Measurement.objects.filter(refnis__in=["43005", "44084", "44019"]).exists()


HOSTILE_STORIES = [
    {"igs": "Cultuur Zuid\x00"},
    {"gemeenten": "Gent\x00, Eeklo"},
    {"gemeenten": ", ".join(["Gent"] * 500)},
    {"igs": "x" * 10_000},
    {"titel": "t" * 5000},
    {"van": "9" * 5000},
    {"tot": "-1"},
    {"indicatoren": ["X" * 200]},
]


@pytest.mark.parametrize("extra", HOSTILE_STORIES)
def test_hostile_stories(client, extra):
    client.force_login(user_with("gentmw", ("medewerker", GENT)))
    r = client.post("/monitor/verhalen/nieuw/", story_form(**extra))
    assert 400 <= r.status_code < 500, (extra, r.status_code)
    assert not Story.objects.exists()


HOSTILE_OWN = [
    {"name": "x\x00y"},
    {"code": "ZUID_\x00"},
    {"code": "zuid eigen; drop table"},
    {"level": "planet"},
    {"kind": "survey"},
    {"name": "n" * 5000},
    {"unit": "%", "whole_numbers": "ja-nee-misschien"},
]


@pytest.mark.parametrize("extra", HOSTILE_OWN)
def test_hostile_own_indicators(client, extra):
    client.force_login(user_with("zuidcoord", ("igs_coordinator", "zuid")))
    r = client.post("/monitor/igs/zuid/eigen/", own_form(**extra))
    assert r.status_code < 500, (extra, r.status_code)
    if r.status_code >= 400:
        assert not Indicator.objects.filter(igs="zuid").exists()
