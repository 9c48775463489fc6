"""The Verdeelsleutel of a large group as a background job, on the synthetic bundle.

Cultuur Noord on 2026-11-28: Eeklo 20.000, Evergem 40.000 and Aalter 30.000 = 90.000
inhabitants; default amount 75 % of max(0,90 × 90.000, 100.000) = 75.000 €. Per inhabitant:
Evergem 75.000 × 40.000 / 90.000 = 33.333,33 €, Eeklo 16.666,67 € (tests/funding/test_funding_web).
With the threshold set to 2 municipalities, this group of 3 is a "large group".
"""

from datetime import date
from decimal import Decimal

import pytest
from django_tasks_db.models import DBTaskResult

from samenspel.atlas.services import get_atlas
from samenspel.funding import services, tasks
from samenspel.funding.analysis import CostModel, KeySpec, compare
from samenspel.jobs.models import Job
from samenspel.partnerships.rules import rule_set

ON = date(2026, 11, 28)
URL = "/verdeelsleutel/?igs=noord&peildatum=2026-11-28&sleutel_1=inwoners&sleutel_2=gelijk"


def inputs(atlas):
    codes = services.igs_members(atlas, "noord", ON)
    return {
        "places": services.places(atlas, codes, ON),
        "adjacency": services.adjacency(atlas, codes),
        "specs": [KeySpec("inwoners")],
        "amount": None,
        "model": CostModel(),
        "flanders": [services.place(atlas, c, ON) for c in atlas.municipalities],
        "rules": rule_set("2027"),
    }


def test_worker_result_equals_the_comparison_computed_in_the_page(transactional_db, loaded, worker):
    atlas = get_atlas()
    args = inputs(atlas)
    direct = compare(**args)
    job = tasks.submit_comparison({"igs": "noord", "peildatum": "2026-11-28"}, args)
    assert job.status == Job.QUEUED
    worker()
    job.refresh_from_db()
    assert job.done and job.result["gemeenten"] == 3
    cmp = tasks.comparison_of(job)
    assert cmp.amount == Decimal("75000.00")
    shares = {s.partner.name: s.amount for s in cmp.results[0].allocation.shares}
    assert shares["Evergem"] == Decimal("33333.33") and shares["Eeklo"] == Decimal("16666.67")
    assert cmp.shapley.as_dict() == pytest.approx(direct.shapley.as_dict())
    # the 2^n game is not stored; what the page shows of it is
    assert isinstance(cmp.game, tasks.GameSummary)
    assert cmp.stand_alone == pytest.approx(direct.stand_alone)
    assert cmp.marginal == pytest.approx(direct.marginal)
    # a second identical question (another presentation) reuses the job
    again = tasks.submit_comparison(
        {"peildatum": "2026-11-28", "igs": "noord", "formaat": "xlsx"}, args
    )
    assert again.pk == job.pk and Job.objects.count() == 1 and DBTaskResult.objects.count() == 1


def test_new_computation_code_computes_again(transactional_db, loaded, worker, monkeypatch):
    args = inputs(get_atlas())
    first = tasks.submit_comparison({"igs": "noord"}, args)
    worker()
    monkeypatch.setattr(tasks, "CODE", "andere-code")  # an upgrade changed analysis.py
    second = tasks.submit_comparison({"igs": "noord"}, args)
    assert second.pk != first.pk and second.status == Job.QUEUED


def test_unreadable_result_is_computed_again(transactional_db, loaded, worker, rf):
    args = inputs(get_atlas())
    request = rf.get("/verdeelsleutel/", {"igs": "noord", "peildatum": "2026-11-28"})
    job = tasks.submit_comparison(request.GET, args)
    worker()
    # e.g. written before the SECRET_KEY was changed: the signature no longer matches
    Job.objects.filter(pk=job.pk).update(result={"comparison": "onleesbaar:abc"})
    cmp, waiting = tasks.compare_in_background(request, args, title="Cultuur Noord", context={})
    assert cmp is None and waiting.status_code == 202
    assert Job.objects.get(pk=job.pk).failed
    again = Job.objects.exclude(pk=job.pk).get()
    assert again.status == Job.QUEUED
    worker()
    cmp, waiting = tasks.compare_in_background(request, args, title="Cultuur Noord", context={})
    assert waiting is None and cmp.amount == Decimal("75000.00")
