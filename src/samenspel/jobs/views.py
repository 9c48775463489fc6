"""The status of a job as JSON (polled by ``taak.js``) and the page shown while it runs."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from samenspel.jobs.models import Job


@never_cache
def status(request, pk):
    job = get_object_or_404(Job, pk=pk)
    return JsonResponse(job.as_status())


def waiting(request, job: Job, *, title: str, context: dict | None = None, lead: str = ""):
    """The page a view returns while ``job`` runs (HTTP 202): it shows the progress and reloads
    itself when the job is done, so the view then shows the result. A failed job shows its
    error (HTTP 200, with a link to retry through ``?opnieuw=1``)."""
    return render(
        request,
        "jobs/wachten.html",
        {**(context or {}), "job": job, "title": title, "lead": lead},
        status=200 if job.failed else 202,
    )
