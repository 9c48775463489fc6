"""The Monitor's personal data (samenspel.accounts.personal_data): download and deletion of a
person's own data, on the synthetic bundle. Stories, values and imports stay, without the
person; the history keeps the versions but no longer names them. The jobs provider (the
Monitor's imports are the only jobs that name a user) is tested here too."""

from decimal import Decimal

import pytest

from samenspel.accounts import personal_data
from samenspel.accounts.services import mark_history_of_deleted_user
from samenspel.jobs import services as jobs
from samenspel.jobs.models import Job
from samenspel.monitor.loading import ensure_catalogue
from samenspel.monitor.models import ImportBatch, Measurement, Story
from samenspel.monitor.services import REMOVED_NAME
from tests.monitor.test_eigen import entry_url, own
from tests.people import user_with

pytestmark = pytest.mark.django_db

EEKLO = "43005"


def provider(name):
    return {p.name: p for p in personal_data.providers()}[name]


def delete_account(user):
    """What the deletion of one's own data does: every provider, then the account."""
    for p in personal_data.providers():
        p.anonymise(user)
    mark_history_of_deleted_user(user)
    user.delete()


@pytest.fixture
def an(client, loaded, settings, tmp_path):
    """An (IGS-coördinator of Noord, Person "An") wrote a story that she tells herself, one
    told by someone else, typed in a value for Eeklo and imported a file."""
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_catalogue()
    user = user_with("an", ("igs_coordinator", "noord"))
    client.force_login(user)
    story = {
        "tekst": "Een verhaal.",
        "rol": "coördinator",
        "igs": "Cultuur Noord",
        "gemeenten": "Eeklo",
        "van": "2024",
    }
    client.post("/monitor/verhalen/nieuw/", {**story, "titel": "Eigen", "verteller": "An"})
    client.post("/monitor/verhalen/nieuw/", {**story, "titel": "Van Bert", "verteller": "Bert"})
    ind = own()
    client.post(entry_url(ind.code), {f"refnis_{EEKLO}": "12"})
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post(
        "/monitor/inlezen/",
        {
            "soort": "metingen",
            "bestand": SimpleUploadedFile("eeklo.csv", b"refnis;jaar;ACT_AANTAL\n43005;2024;7\n"),
        },
    )
    pk = r["Location"].rstrip("/").rsplit("/", 1)[1]
    assert jobs.run(pk) == "done"
    return user


def test_the_download_holds_stories_values_and_imports(an):
    data = provider("monitor").export(an)
    assert sorted(s["titel"] for s in data["verhalen"]) == ["Eigen", "Van Bert"]
    assert data["verhalen"][0]["gemeenten"] == [EEKLO]
    (value,) = data["manuele_waarden"]
    assert (value["indicator"], value["gemeente"], value["jaar"], value["waarde"]) == (
        "NOORD_UITLEEN",
        EEKLO,
        2024,
        "12.000000",
    )
    assert value["wat"] == "toegevoegd"
    assert [b["bestand"] for b in data["inlezingen"]] == ["eeklo.csv"]
    (job,) = provider("achtergrondtaken").export(an)
    assert job["bestanden"] == ["eeklo.csv"] and job["status"] == "klaar"


def test_deletion_keeps_the_content_without_the_person(an):
    delete_account(an)
    # the stories stay; "verteld door An" (her own name) goes, Bert stays
    assert sorted(Story.objects.values_list("title", "teller_name", "created_by")) == [
        ("Eigen", REMOVED_NAME, None),
        ("Van Bert", "Bert", None),
    ]
    # their history keeps the versions, without her: no user, no name
    rows = Story.history.all()
    assert rows.count() == 2
    assert set(rows.values_list("created_by_id", "history_user_id")) == {(None, None)}
    assert "An" not in set(rows.values_list("teller_name", flat=True))
    assert set(rows.values_list("history_change_reason", flat=True)) == {
        "samenspel:verwijderde-gebruiker"
    }
    # the values stay (figures of Eeklo, not of An)
    assert Measurement.objects.get(batch__isnull=True).value == Decimal(12)
    assert Measurement.history.get().history_user_id is None
    assert ImportBatch.objects.get(kind="file").imported_by is None
    # the job's record stays as the import's report, without her id
    job = Job.objects.get()
    assert "gebruiker" not in job.params and job.result["ok"] is True


def test_after_deletion_the_entry_page_says_a_deleted_user_entered_the_value(an, client):
    delete_account(an)
    client.force_login(user_with("noordcoord", ("igs_coordinator", "noord")))
    body = client.get(entry_url("NOORD_UITLEEN")).content.decode()
    assert "Nu: <strong>12</strong>, manueel ingevoerd door een verwijderde gebruiker op" in body
