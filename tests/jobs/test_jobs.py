"""Background jobs: queued, run by the worker (in-process here), progress, result, reuse."""

import pytest
from django_tasks_db.models import DBTaskResult

from samenspel.core.models import DataLoad
from samenspel.jobs import services as jobs
from samenspel.jobs.models import Job

CALLS = []


@jobs.register("test-som")
def add_up(params, progress):
    """Adds the numbers; reports progress halfway and records what the status said then."""
    CALLS.append(params)
    progress(0.5, "Halfweg")
    seen = Job.objects.get(params=params).as_status()
    if params.get("fout"):
        raise ValueError("Het getal 'x' op regel 2 is geen getal.")
    if params.get("crash"):
        raise RuntimeError("geheim intern detail")
    return {"som": sum(params["getallen"]), "halfweg": [seen["procent"], seen["bericht"]]}


@pytest.fixture(autouse=True)
def _calls():
    CALLS.clear()


def test_job_is_queued_runs_in_the_worker_and_reports_progress(transactional_db, worker):
    job = jobs.submit("test-som", {"getallen": [1, 2, 39]})
    assert job.status == Job.QUEUED and job.progress == 0
    assert DBTaskResult.objects.count() == 1  # queued for the worker, not run in the request
    assert CALLS == []
    worker()
    job.refresh_from_db()
    assert job.status == Job.DONE
    assert job.result == {"som": 42, "halfweg": [50, "Halfweg"]}
    assert job.progress == 1.0 and job.finished_at is not None


def test_identical_inputs_reuse_the_job(transactional_db, worker):
    first = jobs.submit("test-som", {"getallen": [1, 2], "label": " a "})
    worker()
    # the same inputs in another order and with other spacing: the same job, not run again
    again = jobs.submit("test-som", {"label": "a", "getallen": [1, 2], "leeg": ""})
    assert again.pk == first.pk and again.done
    assert Job.objects.count() == 1 and DBTaskResult.objects.count() == 1
    assert len(CALLS) == 1
    other = jobs.submit("test-som", {"getallen": [2, 1], "label": "a"})  # order of a list counts
    assert other.pk != first.pk


def test_new_data_gives_a_new_job(transactional_db, worker):
    load = DataLoad.objects.create(source="bundel")
    first = jobs.submit("test-som", {"getallen": [1]})
    worker()
    DataLoad.objects.filter(pk=load.pk).update(version=1)  # a correction in the admin
    second = jobs.submit("test-som", {"getallen": [1]})
    assert second.pk != first.pk and second.status == Job.QUEUED


def test_failed_job_shows_the_dutch_message_and_retries_only_when_asked(transactional_db, worker):
    job = jobs.submit("test-som", {"getallen": [1], "fout": True})
    worker()
    job.refresh_from_db()
    assert job.failed and job.error == "Het getal 'x' op regel 2 is geen getal."
    assert jobs.submit("test-som", {"getallen": [1], "fout": True}).pk == job.pk
    retried = jobs.submit("test-som", {"getallen": [1], "fout": True}, retry=True)
    assert retried.pk != job.pk and retried.status == Job.QUEUED


def test_internal_error_shows_no_internals(transactional_db, worker):
    job = jobs.submit("test-som", {"getallen": [1], "crash": True})
    worker()
    job.refresh_from_db()
    assert job.failed
    assert "interne fout" in job.error and "geheim" not in job.error


def test_status_view_reports_progress_as_json(transactional_db, client, worker):
    job = jobs.submit("test-som", {"getallen": [5, 6]})
    data = client.get(f"/taken/{job.pk}/").json()
    assert data["status"] == "queued" and data["klaar"] is False and data["procent"] == 0
    worker()
    data = client.get(f"/taken/{job.pk}/").json()
    assert data == {
        "id": str(job.pk),
        "soort": "test-som",
        "status": "done",
        "status_tekst": "klaar",
        "voortgang": 1.0,
        "procent": 100,
        "bericht": "Klaar.",
        "fout": "",
        "klaar": True,
        "mislukt": False,
    }
    assert client.get("/taken/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_unknown_kind_is_refused_in_the_request(db):
    with pytest.raises(jobs.JobError, match="Onbekende soort taak 'bestaat-niet'"):
        jobs.submit("bestaat-niet", {})


def test_packed_payload_refuses_tampering():
    text = jobs.pack({"a": 1})
    assert jobs.unpack(text) == {"a": 1}
    with pytest.raises(jobs.JobError, match="ongeldig"):
        jobs.unpack(text.replace(text[5], "A" if text[5] != "A" else "B", 1))


def test_a_job_whose_worker_stopped_can_be_retried(transactional_db):
    from datetime import timedelta

    from django.utils import timezone

    job = jobs.submit("test-som", {"getallen": [3]})
    # a worker claimed it 3 h 1 min ago and was killed: the job would wait forever
    Job.objects.filter(pk=job.pk).update(
        status=Job.RUNNING, started_at=timezone.now() - timedelta(hours=3, minutes=1)
    )
    same = jobs.submit("test-som", {"getallen": [3]})
    assert same.pk == job.pk and same.failed and "onderbroken" in same.error
    assert jobs.submit("test-som", {"getallen": [3]}, retry=True).status == Job.QUEUED
    # one that started 2 h 59 min ago is left alone
    other = jobs.submit("test-som", {"getallen": [4]})
    Job.objects.filter(pk=other.pk).update(
        status=Job.RUNNING, started_at=timezone.now() - timedelta(hours=2, minutes=59)
    )
    assert jobs.submit("test-som", {"getallen": [4]}).status == Job.RUNNING


def test_staff_see_jobs_in_the_admin_read_only(db, client, django_user_model):
    job = jobs.submit("test-som", {"getallen": [8]})
    admin = django_user_model.objects.create_superuser("beheerder", password="x-geheim-123")
    client.force_login(admin)
    listing = client.get("/beheer/jobs/job/")
    assert listing.status_code == 200 and "test-som" in listing.content.decode()
    page = client.get(f"/beheer/jobs/job/{job.pk}/change/")
    assert page.status_code == 200 and "In de wachtrij" in page.content.decode()
    assert client.get("/beheer/jobs/job/add/").status_code == 403


def test_a_full_queue_refuses_new_jobs_but_returns_existing_ones(db, settings):
    # Two jobs may wait; the third distinct request is refused, a repeat of the first is not.
    settings.SAMENSPEL_MAX_QUEUED_JOBS = 2
    first = jobs.submit("test-som", {"getallen": [1, 2]})
    jobs.submit("test-som", {"getallen": [2, 2]})
    with pytest.raises(jobs.QueueFull, match="veel berekeningen"):
        jobs.submit("test-som", {"getallen": [3, 2]})
    assert jobs.submit("test-som", {"getallen": [1, 2]}).pk == first.pk
    assert Job.objects.count() == 2


def test_a_full_queue_is_a_dutch_503_with_retry_after(db, client, settings):
    from django.test import override_settings
    from django.urls import path

    from samenspel.config.urls import urlpatterns

    def view(request):
        jobs.submit("test-som", {"getallen": [9]})
        raise AssertionError("de wachtrij had vol moeten zijn")

    settings.SAMENSPEL_MAX_QUEUED_JOBS = 0
    urlconf = type("U", (), {"urlpatterns": [path("proef/", view), *urlpatterns]})
    with override_settings(ROOT_URLCONF=urlconf):
        response = client.get("/proef/")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "de wachtrij is vol" in response.content.decode()
