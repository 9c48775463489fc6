"""The one task the worker runs for every job: :func:`samenspel.jobs.services.run`."""

from django_tasks import task


@task()
def run_job(job_id: str) -> str:
    from samenspel.jobs.services import run

    return run(job_id)
