from django.apps import AppConfig


def _requeue_after_restore(sender, using, **kwargs) -> None:
    """A restored database has no task queue: queue its unfinished jobs again."""
    from samenspel.jobs.models import Job
    from samenspel.jobs.tasks import run_job

    unfinished = Job.objects.using(using).filter(status__in=[Job.QUEUED, Job.RUNNING])
    for job in unfinished:
        result = run_job.enqueue(str(job.pk))
        Job.objects.using(using).filter(pk=job.pk).update(
            status=Job.QUEUED,
            progress=0.0,
            started_at=None,
            task_id=str(result.id)[:64],
            message="Opnieuw in de wachtrij na het herstel van een back-up.",
        )


class Config(AppConfig):
    name = "samenspel.jobs"
    label = "jobs"
    verbose_name = "Achtergrondtaken"
    default = True

    def ready(self):
        from samenspel.core.management.commands.restore import restored

        restored.connect(_requeue_after_restore, dispatch_uid="jobs-requeue-after-restore")

        from samenspel.accounts import personal_data
        from samenspel.jobs.services import anonymise_personal_data, export_personal_data

        personal_data.register(
            "achtergrondtaken", export=export_personal_data, anonymise=anonymise_personal_data
        )
