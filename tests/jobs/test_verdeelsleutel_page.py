"""The Verdeelsleutel page for a large group: queued, computed by the worker, shown, reused.

Cultuur Noord on 2026-11-28 (3 municipalities; see tests/funding/test_funding_web.py): per
inhabitant Evergem 75.000 × 40.000 / 90.000 = 33.333,33 €, Eeklo 16.666,67 €; equal shares
75.000 / 3 = 25.000,00 €. With SAMENSPEL_JOB_THRESHOLD = 2 this group of 3 is "large".
"""

import io

import pytest
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from samenspel.funding import tasks
from samenspel.jobs.models import Job

URL = "/verdeelsleutel/?igs=noord&peildatum=2026-11-28&sleutel_1=inwoners&sleutel_2=gelijk"


@pytest.fixture
def large_from_3(settings):
    settings.SAMENSPEL_JOB_THRESHOLD = 2


def test_large_group_is_queued_runs_in_the_worker_and_is_shown(
    transactional_db, loaded, client, worker, large_from_3, monkeypatch
):
    waiting = client.get(URL)
    assert waiting.status_code == 202
    job = Job.objects.get()
    html = waiting.content.decode()
    assert f'data-status-url="/taken/{job.pk}/"' in html
    assert "samenspel/taak.js" in html  # the page polls with a script file, not inline
    assert "Deze groep telt 3 gemeenten: meer dan 2" in html
    assert "33.333,33" not in html  # nothing computed in the request
    assert client.get(f"/taken/{job.pk}/").json()["status"] == "queued"

    seen = []
    real_compare = tasks.compare

    def compare_and_look(*args, **kwargs):  # what a polling page sees while the worker computes
        seen.append(client.get(f"/taken/{job.pk}/").json())
        return real_compare(*args, **kwargs)

    monkeypatch.setattr(tasks, "compare", compare_and_look)
    worker()
    assert seen[0]["status"] == "running" and seen[0]["procent"] == 10
    assert "over alle 8 groepen van 3 gemeenten" in seen[0]["bericht"]
    assert client.get(f"/taken/{job.pk}/").json()["klaar"] is True

    shown = client.get(URL)
    assert shown.status_code == 200
    html = shown.content.decode()
    assert "Verdeelsleutel voor Cultuur Noord" in html
    assert "33.333,33 €" in html and "16.666,67 €" in html and "25.000,00 €" in html
    assert "Shapley-waarde" in html and "nucleolus" in html

    # the download and a second identical request reuse the job: no second job, no second task
    xlsx = client.get(URL + "&formaat=xlsx&tabel=vergelijking")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    evergem = next(row for row in rows[1:] if row[0] == "Evergem")
    assert evergem[3] == pytest.approx(33_333.33)
    assert client.get(URL).status_code == 200
    assert Job.objects.count() == 1 and DBTaskResult.objects.count() == 1


def test_group_up_to_the_threshold_is_computed_in_the_page(transactional_db, loaded, client):
    assert tasks.threshold() == 20
    r = client.get(URL)
    assert r.status_code == 200 and "33.333,33 €" in r.content.decode()
    assert not Job.objects.exists()
