"""The import page /monitor/inlezen/: login, CSRF, hostile uploads, and the background jobs that
read measurement files and UiTdatabank files (samenspel.monitor.views_import and .tasks).

Synthetic bundle, 2024: Cultuur Zuid has Gent (centrumstad, 270.000 inhabitants) and
Merelbeke-Melle (42.000); 312.000 together."""

import gzip
import html
import re
from decimal import Decimal

import pytest

from samenspel.jobs import services as jobs
from samenspel.jobs.models import Job
from samenspel.monitor import views_import
from samenspel.monitor.models import ImportBatch, Measurement
from samenspel.monitor.services import yearly_values
from tests.monitor.uitdata import event, place, write_ndjson
from tests.people import user_with

URL = "/monitor/inlezen/"


@pytest.fixture
def var(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


@pytest.fixture
def user(django_user_model):
    return user_with("coordinator", ("igs_coordinator", "zuid"), password="x-geheim-123")


@pytest.fixture
def logged(client, user, loaded, var):
    client.force_login(user)
    return client


def upload(client, name, content, soort="metingen", **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(URL, {"soort": soort, "bestand": SimpleUploadedFile(name, content), **extra})


def run_job(response):
    """The job the upload redirected to, run as the worker runs it."""
    assert response.status_code == 302, response.content.decode()[:500]
    pk = re.fullmatch(r"/monitor/inlezen/([0-9a-f-]{36})/", response["Location"]).group(1)
    assert jobs.run(pk) == "done"
    return Job.objects.get(pk=pk)


def text(response):
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def csv(*lines):
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_and_nothing_is_read(client, loaded, var):
    r = client.get(URL)
    assert r.status_code == 302 and r["Location"] == "/aanmelden/?next=/monitor/inlezen/"
    r = upload(client, "act.csv", csv("refnis;jaar;ACT_AANTAL", "44021;2024;300"))
    assert r.status_code == 302 and r["Location"].startswith("/aanmelden/")
    assert not Job.objects.exists() and not Measurement.objects.exists()


@pytest.mark.django_db
def test_csrf_is_checked(user, loaded, var):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(user)
    r = upload(c, "act.csv", csv("refnis;jaar;ACT_AANTAL", "44021;2024;300"))
    assert r.status_code == 403 and not Job.objects.exists()


@pytest.mark.django_db
def test_form_names_the_limits_and_links_the_templates(logged):
    page = text(logged.get(URL))
    assert "Hoogstens 20 MB." in page  # measurements.MAX_BYTES = 20 × 1024 × 1024
    assert "samen hoogstens 50 MB" in page
    assert 'href="/monitor/sjabloon/?set=activiteiten&formaat=xlsx"' in page


@pytest.mark.django_db
def test_measurements_file_through_the_page_changes_the_balance(logged, var):
    first = upload(
        logged, "gelijk.csv", csv("refnis;jaar;ACT_AANTAL", "44021;2024;270", "44088;2024;42")
    )
    # before the worker ran: the waiting page (202) with the progress
    waiting = logged.get(first["Location"])
    assert waiting.status_code == 202 and "data-taak-balk" in text(waiting)
    run_job(first)
    second = upload(
        logged, "act.csv", csv("refnis;jaar;ACT_AANTAL", "44021;2024;300", "44088;2024;12")
    )
    job = run_job(second)
    assert job.result["ok"] and job.result["metingen"] == 2, job.result
    page = text(logged.get(second["Location"]))
    assert "act.csv: 2 metingen ingelezen (ACT_AANTAL)." in page
    assert "Evenwicht in Cultuur Zuid, 2024" in page, job.result["evenwicht"]
    # before: 270/312 activities ÷ 270/312 inhabitants = 1,000;
    # after: 300/312 ÷ 270/312 = 300/270 = 1,111
    assert "<strong data-dominantie-voor>1,000</strong>" in page
    assert "<strong data-dominantie-na>1,111</strong>" in page
    assert "96,2 %" in page  # Gent's share of the activities: 300/312
    assert 'href="/monitor/igs/zuid/?jaar=2024"' in page  # the IGS page of the Monitor
    assert yearly_values("ACT_AANTAL", 2024) == {"44021": Decimal(300), "44088": Decimal(12)}
    assert list((var / "inlezen").iterdir()) == []  # the uploads are removed

    again = run_job(
        upload(logged, "act.csv", csv("refnis;jaar;ACT_AANTAL", "44021;2024;300", "44088;2024;12"))
    )
    assert again.result["al_ingelezen"] is True
    assert ImportBatch.objects.filter(kind="file").count() == 2


@pytest.mark.django_db
def test_stale_uploads_are_removed_by_the_next_job(logged, var):
    import os
    import time

    stale = var / "inlezen" / "oud"
    stale.mkdir(parents=True)
    (stale / "01-x.csv").write_bytes(b"x")
    three_days = time.time() - 3 * 24 * 3600  # older than tasks.STALE_UPLOAD (2 days)
    os.utime(stale, (three_days, three_days))
    fresh = var / "inlezen" / "nieuw"
    fresh.mkdir()
    run_job(upload(logged, "act.csv", csv("refnis;jaar;ACT_AANTAL", "44021;2024;300")))
    assert sorted(p.name for p in (var / "inlezen").iterdir()) == ["nieuw"]


@pytest.mark.django_db
def test_rows_where_the_user_has_no_role_are_refused(client, loaded, var):
    """A medewerker of Gent imports Gent (allowed) and Eeklo (Cultuur Noord: refused, row 3
    named); nothing is written. The coordinator of Zuid may import Merelbeke-Melle (a partner
    of Zuid) but not Eeklo either; the steunpunt imports both."""
    content = csv("refnis;jaar;ACT_AANTAL", "44021;2024;300", "43005;2024;30")
    client.force_login(user_with("gent", ("medewerker", "44021")))
    job = run_job(upload(client, "twee.csv", content))
    assert job.result["ok"] is False and len(job.result["fouten"]) == 1
    assert (
        "twee.csv, rij 3, kolom refnis: je hebt geen rol in Eeklo (43005)"
        in (job.result["fouten"][0])
    )
    assert not Measurement.objects.exists()

    client.force_login(user_with("zuidcoord", ("igs_coordinator", "zuid")))
    ok = run_job(upload(client, "melle.csv", csv("refnis;jaar;ACT_AANTAL", "44088;2024;12")))
    assert ok.result["ok"] is True and yearly_values("ACT_AANTAL", 2024) == {"44088": 12}
    assert run_job(upload(client, "twee.csv", content)).result["ok"] is False

    client.force_login(user_with("optil", ("steunpunt", "optil")))
    assert run_job(upload(client, "twee.csv", content)).result["ok"] is True
    assert yearly_values("ACT_AANTAL", 2024) == {"44021": 300, "43005": 30, "44088": 12}


@pytest.mark.django_db
def test_uit_counts_are_stored_only_where_the_user_has_a_role(client, loaded, var, tmp_path):
    """One file with an activity in Gent and one in Eeklo: the medewerker of Gent stores Gent
    only (Eeklo is counted, reported, not stored); the medewerker of Eeklo then imports the
    same file for Eeklo (another import: its identity includes the municipalities stored)."""
    dump = write_ndjson(
        tmp_path / "twee.ndjson",
        [event(1), event(2, location=place(902, "9900", "Eeklo"))],
    ).read_bytes()
    client.force_login(user_with("gent", ("medewerker", "44021")))
    job = run_job(upload(client, "twee.ndjson", dump, soort="uit", jaren="2025"))
    assert job.result["buiten_rol"] == 1 and "1 gemeente niet bewaard" in job.result["bericht"]
    assert yearly_values("ACT_AANTAL", 2025) == {"44021": Decimal(1)}
    client.force_login(user_with("eeklo", ("medewerker", "43005")))
    job = run_job(upload(client, "twee.ndjson", dump, soort="uit", jaren="2025"))
    assert job.result["al_ingelezen"] is False and job.result["buiten_rol"] == 1
    assert yearly_values("ACT_AANTAL", 2025) == {"44021": Decimal(1), "43005": Decimal(1)}


@pytest.mark.django_db
def test_without_a_role_the_import_page_is_refused(client, loaded, var, django_user_model):
    client.force_login(django_user_model.objects.create_user("niemand", password="x"))
    r = client.get(URL)
    assert r.status_code == 403 and "IGS-coördinator" in text(r)
    r = upload(client, "act.csv", csv("refnis;jaar;ACT_AANTAL", "44021;2024;300"))
    assert r.status_code == 403 and not Job.objects.exists()


@pytest.mark.django_db
def test_bad_file_lists_every_row_and_writes_nothing(logged):
    r = upload(
        logged,
        "fout.csv",
        csv("refnis;jaar;ACT_AANTAL", "44021;2024;300", "99999;2024;3", "44088;twee;4"),
    )
    job = run_job(r)
    assert job.result["ok"] is False and len(job.result["fouten"]) == 2
    page = text(logged.get(r["Location"]))
    assert "fout.csv is niet ingelezen: 2 fouten. Er is niets bewaard." in page
    assert "fout.csv, rij 3, kolom refnis" in page and "fout.csv, rij 4, kolom jaar" in page
    assert not Measurement.objects.exists()


@pytest.mark.django_db
def test_uit_files_are_counted_and_stored_once(logged, tmp_path):
    dump = write_ndjson(
        tmp_path / "gent.ndjson",
        [
            event(1),  # Gent 14/03/2025, 1 day
            event(2, location=place(902, "1000", "Brussel")),  # outside Flanders
            event(3, location=place(903, "9999", "Nergenshuizen")),  # unknown place
            "{kapot",  # line 4: malformed
        ],
    ).read_bytes()
    r = upload(logged, "gent.ndjson.gz", gzip.compress(dump), soort="uit", jaren="2025")
    job = run_job(r)
    t = job.result["tellingen"]
    assert t["apart"] == {"online": 0, "buiten_vlaanderen": 1, "onbekend": 1}
    assert t["geweigerd"]["misvormd"] == 1 and t["fouten"][0]["regel"] == 4
    assert yearly_values("ACT_AANTAL", 2025) == {"44021": Decimal(1)}
    assert yearly_values("ACT_SPEELDAGEN", 2025) == {"44021": Decimal(1)}
    # Cultuur Zuid on 1/1/2025 has only Gent as a full partner (Merelbeke left on 31/12/2024,
    # so Merelbeke-Melle is only partly covered): before, no activities (no index); after,
    # 1/1 of the activities ÷ 1/1 of the inhabitants = 1,000
    (zuid,) = job.result["evenwicht"]
    assert zuid["voor"]["dominantie_index"] is None
    assert zuid["na"]["naam"] == "Cultuur Zuid" and zuid["na"]["dominantie_index"] == 1.0
    page = text(logged.get(r["Location"]))
    assert "3 metingen bewaard voor 1 gemeente-jaar (" in page
    assert "0 online, 1 buiten Vlaanderen, 1 met een onbekende plaats" in page
    assert "Nergenshuizen" in page and "gent.ndjson.gz" in page
    assert "vóór deze inlezing <strong data-dominantie-voor>—</strong>" in page
    assert "<strong data-dominantie-na>1,000</strong>" in page
    # the same file for the same years again: nothing changes
    again = run_job(
        upload(logged, "kopie.ndjson.gz", gzip.compress(dump), soort="uit", jaren="2025")
    )
    assert again.result["al_ingelezen"] is True
    assert Measurement.objects.count() == 3 and ImportBatch.objects.filter(kind="uit").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content, soort, status, message",
    [
        ("leeg.csv", b"", "metingen", 400, "leeg.csv is leeg."),
        ("data.csv", b"refnis;jaar\x00\x01\x02", "metingen", 400, "is een binair bestand"),
        ("boek.xlsx", b"refnis;jaar;ACT_AANTAL\n", "metingen", 400, "is geen Excel-bestand"),
        ("virus.exe", b"MZ\x90\x00", "metingen", 400, "een CSV (.csv) of Excel-bestand"),
        ("act.txt", b"refnis;jaar\n", "metingen", 400, "een CSV (.csv) of Excel-bestand"),
        ("dump.json", b"\x89PNG\r\n\x1a\n\x00\x00", "uit", 400, "is een binair bestand"),
        ("dump.json", b"refnis;jaar\n", "uit", 400, "is geen JSON"),
        ("dump.json", b"   \n\n", "uit", 400, "bevat enkel witruimte"),
        ("dump.json.gz", b"geen gzip", "uit", 400, "is geen geldig gzip-bestand"),
        ("dump.csv", b"{}", "uit", 400, "UiTdatabank-bestanden zijn JSON"),
        ("dump.json", b"{}", "iets", 400, "Kies wat je inleest"),
    ],
)
def test_hostile_uploads_are_refused_in_dutch(logged, var, name, content, soort, status, message):
    r = upload(logged, name, content, soort=soort)
    assert r.status_code == status
    assert message in text(r)
    assert "Er is niets ingelezen" in text(r)
    assert not Job.objects.exists()
    assert not (var / "inlezen").exists() or not list((var / "inlezen").iterdir())


@pytest.mark.django_db
def test_too_large_is_refused_before_reading(logged, monkeypatch):
    # a request longer than the largest limit + 64 KiB is refused on its Content-Length
    monkeypatch.setattr(views_import, "MAX_UIT_BYTES", 1000)
    monkeypatch.setattr(views_import, "MAX_MEASUREMENT_BYTES", 1000)
    r = upload(logged, "groot.csv", b"refnis;jaar;ACT_AANTAL\n" + b"44021;2024;1\n" * 6000)
    assert r.status_code == 413 and "is te groot" in text(r)
    # smaller than the request limit, larger than the file limit: 413 for that file
    r = upload(logged, "groot.csv", b"refnis;jaar;ACT_AANTAL\n" + b"44021;2024;1\n" * 100)
    assert r.status_code == 413
    assert "groot.csv is te groot (" in text(r) and "Splits het bestand op." in text(r)
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_years_are_checked(logged):
    r = upload(logged, "d.json", b"{}", soort="uit", jaren="volgend jaar")
    assert r.status_code == 400 and "'volgend' is geen jaar" in text(r)
    r = upload(logged, "d.json", b"{}", soort="uit", jaren="2025-2023")
    assert r.status_code == 400 and "niet tussen 1990 en 2100" in text(r)
    assert views_import._years("2022-2024, 2020") == [2020, 2022, 2023, 2024]


@pytest.mark.django_db
def test_someone_else_does_not_see_the_result(logged, django_user_model, client):
    r = upload(logged, "act.csv", csv("refnis;jaar;ACT_AANTAL", "44021;2024;300"))
    other = django_user_model.objects.create_user("buur", password="x-geheim-123")
    client.force_login(other)
    assert client.get(r["Location"]).status_code == 404
    assert client.get("/monitor/inlezen/00000000-0000-0000-0000-000000000000/").status_code == 404


@pytest.mark.django_db
def test_an_import_result_is_for_its_importer_and_the_steunpunt(client, loaded, var):
    """The coordinator of Zuid imports; the steunpunt (a role, not a Django staff account) reads
    the result like the staff do; the coordinator of Noord gets a 404 (nothing is revealed)."""
    client.force_login(user_with("zuidcoord", ("igs_coordinator", "zuid")))
    job = run_job(upload(client, "melle.csv", csv("refnis;jaar;ACT_AANTAL", "44088;2024;12")))
    url = f"/monitor/inlezen/{job.pk}/"
    assert "melle.csv: 1 meting" in text(client.get(url))
    client.force_login(user_with("optil", ("steunpunt", "optil")))
    r = client.get(url)
    assert r.status_code == 200 and "melle.csv: 1 meting" in text(r)
    client.force_login(user_with("noordcoord", ("igs_coordinator", "noord")))
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_recent_imports_name_other_people_only_to_the_steunpunt(client, loaded, var):
    """'Laatst ingelezen' names who imported: a medewerker of Eeklo does not see that the
    medewerker of Gent imported gent-cijfers.csv (nor their account), the importer sees their
    own import, the steunpunt sees every import."""
    gent = user_with("gentmw", ("medewerker", "44021"))
    client.force_login(gent)
    run_job(upload(client, "gent-cijfers.csv", csv("refnis;jaar;ACT_AANTAL", "44021;2024;3")))
    assert "gent-cijfers.csv" in text(client.get(URL))
    client.force_login(user_with("eeklomw", ("medewerker", "43005")))
    page = text(client.get(URL))
    assert "gent-cijfers.csv" not in page and "gentmw" not in page
    client.force_login(user_with("optil", ("steunpunt", "optil")))
    page = text(client.get(URL))
    assert "gent-cijfers.csv" in page and "gentmw" in page


@pytest.mark.django_db
def test_uit_years_outside_the_role_are_reported_too(client, loaded, var, tmp_path):
    """Eeklo joined the IGS 'los' on 1 January 2021 (synthetic bundle). Its coordinator
    imports a file with an activity in Eeklo in 2020 and one in 2021: only 2021 is stored, and
    the message says that a year of Eeklo was not stored (it used to say nothing: Eeklo was
    stored for 2021, so it did not count as a municipality left out)."""
    eeklo = place(902, "9900", "Eeklo")
    dump = write_ndjson(
        tmp_path / "twee-jaren.ndjson",
        [
            event(
                1,
                location=eeklo,
                start="2020-03-14T20:00:00+01:00",
                end="2020-03-14T23:00:00+01:00",
            ),
            event(
                2,
                location=eeklo,
                start="2021-03-14T20:00:00+01:00",
                end="2021-03-14T23:00:00+01:00",
            ),
        ],
    ).read_bytes()
    client.force_login(user_with("loscoord", ("igs_coordinator", "los")))
    job = run_job(upload(client, "twee-jaren.ndjson", dump, soort="uit", jaren="2020-2021"))
    assert yearly_values("ACT_AANTAL", 2021) == {"43005": Decimal(1)}
    assert yearly_values("ACT_AANTAL", 2020) == {}
    assert job.result["buiten_rol"] == 0
    assert "Van 1 gemeente zijn niet alle jaren bewaard" in job.result["bericht"]
