"""A full-coverage plan for all of Flanders as a background job (:mod:`samenspel.jobs`).

A referentieregio (at most 38 municipalities) is computed in the request, within
:data:`~samenspel.scenarios.web.WEB_TIME_LIMIT`. All of Flanders (285 municipalities, with the
bound and the local search) goes to the worker with :data:`~samenspel.scenarios.web.JOB_TIME_LIMIT`.
The job's identity is the run's settings and the reference date: the same question on the same
data reuses the job. Its result is the scenario's envelope (JSON, see
:mod:`samenspel.scenarios.web`), which the page then signs into a link.
"""

from __future__ import annotations

from datetime import date

from samenspel.jobs import services as jobs
from samenspel.jobs.models import Job
from samenspel.scenarios.web import JOB_TIME_LIMIT, envelope, make_maxp, scenario_from_settings

KIND = "scenario-maxp"


def submit_maxp(run: dict, on: date, retry: bool = False) -> Job:
    return jobs.submit(KIND, {"run": run, "on": on.isoformat()}, retry=retry)


@jobs.register(KIND)
def maxp_job(params: dict, progress: jobs.Progress) -> dict:
    from samenspel.atlas.services import get_atlas

    atlas = get_atlas()
    if atlas is None:
        raise jobs.JobError("Er zijn geen gegevens geladen.")
    run = params["run"]
    on = date.fromisoformat(params["on"])
    progress(
        0.1,
        f"De indeling van {len(atlas.municipalities)} gemeenten wordt berekend: zoveel mogelijk "
        "aaneengesloten groepen boven de drempel, dan de bovengrens en de fijnafstelling.",
    )
    scenario, info = make_maxp(atlas, run, on, JOB_TIME_LIMIT)
    progress(0.95, "Het resultaat wordt bewaard.")
    return {"envelope": envelope(scenario, info)}


def result_of(job: Job, known=None):
    """``(scenario, maxp info)`` of a finished job."""
    return scenario_from_settings(job.result["envelope"], known=known)


def maxp_in_background(request, run: dict, on: date, *, title: str, context: dict):
    """For a view: ``((scenario, info), None)`` when the job is done, else ``(None, waiting
    page)`` that shows the progress and reloads itself."""
    from samenspel.jobs.views import waiting

    job = submit_maxp(run, on, retry="opnieuw" in request.GET)
    if job.done:
        return result_of(job, context.get("known")), None
    lead = (
        "Heel Vlaanderen indelen duurt langer dan een pagina mag wachten: de berekening loopt "
        "in de achtergrond. Deze pagina toont de voortgang en opent het resultaat zodra het "
        "klaar is."
    )
    return None, waiting(request, job, title=title, context=context, lead=lead)
