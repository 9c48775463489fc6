"""The jobs API: register a job function, submit inputs, run a job, report progress.

    from samenspel.jobs import services as jobs

    @jobs.register("verdeelsleutel")
    def comparison_job(params: dict, progress: jobs.Progress) -> dict:
        progress(0.1, "Gegevens klaarzetten")
        ...
        return {...}  # JSON

    job = jobs.submit("verdeelsleutel", {"query": "..."})
    if job.done: job.result ...

Identical inputs reuse a job: the key is a hash of the kind, the normalised identity (the
params, or what the caller names as identity) and the data version (the newest
:class:`~samenspel.core.models.DataLoad` and its version), so a correction in the admin or a new
bundle gives a new job. A failed job is shown as failed until the caller asks to retry.

Job functions live in the ``tasks`` module of their app and are found when first needed
(:func:`django.utils.module_loading.autodiscover_modules`), so this layer imports no app above it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import pickle
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from samenspel.core.models import DataLoad
from samenspel.jobs.models import Job

logger = logging.getLogger("samenspel.jobs")

JobFunction = Callable[[dict, "Progress"], Any]
_registry: dict[str, JobFunction] = {}
_discovered = False
_SALT = "samenspel.jobs.payload"
#: A job still running after this long lost its worker (a hard stop); a new request may retry it.
STALE_RUNNING = timedelta(hours=3)


class JobError(ValueError):
    """A job that cannot run because of its inputs: the message is shown to the user (Dutch)."""


class QueueFull(JobError):
    """The queue holds ``settings.SAMENSPEL_MAX_QUEUED_JOBS`` jobs waiting for a worker: a new
    one is refused (the middleware answers 503 with ``Retry-After``), so no visitor can fill the
    queue faster than the workers empty it. Jobs that already exist are still returned."""

    retry_after = 60


def max_queued() -> int:
    from django.conf import settings

    return int(getattr(settings, "SAMENSPEL_MAX_QUEUED_JOBS", 20))


def register(kind: str) -> Callable[[JobFunction], JobFunction]:
    """Register ``func(params, progress) -> JSON`` as the job function for ``kind``."""

    def decorator(func: JobFunction) -> JobFunction:
        _registry[kind] = func
        return func

    return decorator


def handler(kind: str) -> JobFunction:
    global _discovered
    if kind not in _registry and not _discovered:
        autodiscover_modules("tasks")
        _discovered = True
    try:
        return _registry[kind]
    except KeyError:
        raise JobError(f"Onbekende soort taak '{kind}'.") from None


def normalise(value: Any) -> Any:
    """Inputs in one canonical form: dict keys sorted, strings stripped, empty values left out."""
    if isinstance(value, dict):
        out = {}
        for k in sorted(value, key=str):
            v = normalise(value[k])
            if v not in (None, "", [], {}):
                out[str(k)] = v
        return out
    if isinstance(value, list | tuple):
        return [normalise(v) for v in value]
    if isinstance(value, str):
        return value.strip()
    return value


def data_version() -> str:
    """``<load id>.<version>`` of the newest data load ('' without data)."""
    row = DataLoad.objects.values_list("pk", "version").first()
    return f"{row[0]}.{row[1]}" if row else ""


def job_key(kind: str, identity: Any, version: str) -> str:
    text = json.dumps(
        {"kind": kind, "identity": normalise(identity), "data": version},
        sort_keys=True,
        separators=(",", ":"),
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def find(kind: str, identity: Any) -> Job | None:
    """The newest job for these inputs on the current data, if any."""
    return Job.objects.filter(key=job_key(kind, identity, data_version())).first()


def submit(kind: str, params: dict, *, identity: Any = None, retry: bool = False) -> Job:
    """The job for ``params``: an existing one with the same key (queued, running, done, or
    failed unless ``retry``), else a new one, queued for the worker.

    ``identity`` is what makes two requests the same (default: ``params``); params may carry
    more (e.g. a packed payload, :func:`pack`) that follows from the identity.
    """
    handler(kind)  # an unknown kind fails here, in the request, not in the worker
    version = data_version()
    key = job_key(kind, params if identity is None else identity, version)
    existing = Job.objects.filter(key=key).first()
    if existing is not None and existing.status == Job.RUNNING and existing.started_at:
        if existing.started_at < timezone.now() - STALE_RUNNING:  # its worker was stopped
            Job.objects.filter(pk=existing.pk, status=Job.RUNNING).update(
                status=Job.FAILED,
                finished_at=timezone.now(),
                error="De berekening werd onderbroken (de werker is gestopt). Probeer opnieuw.",
                message="De berekening is mislukt.",
            )
            existing.refresh_from_db()
    if existing is not None and not (existing.failed and retry):
        return existing
    if Job.objects.filter(status=Job.QUEUED).count() >= max_queued():
        logger.warning("taak %s geweigerd: de wachtrij is vol", kind)
        raise QueueFull(
            "Er wachten nu al veel berekeningen op hun beurt. Probeer het over een minuut "
            "opnieuw; wat al in de wachtrij staat, wordt intussen afgewerkt."
        )
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=kind,
                key=key,
                params=json.loads(json.dumps(params, cls=DjangoJSONEncoder)),
                data_version=version,
                message="In de wachtrij: de berekening start zodra een werker vrij is.",
            )
    except IntegrityError:  # an identical request created it a moment ago
        return Job.objects.filter(key=key).exclude(status=Job.FAILED).first()
    from samenspel.jobs.tasks import run_job

    result = run_job.enqueue(str(job.pk))
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def discard(job: Job, reason: str) -> None:
    """Mark a finished job as failed (e.g. a result this version cannot read), so that the next
    :func:`submit` with ``retry=True`` computes it again."""
    Job.objects.filter(pk=job.pk).update(status=Job.FAILED, error=reason[:1000])
    job.refresh_from_db()
    logger.warning("taak %s %s verworpen: %s", job.kind, job.pk, reason)


class Progress:
    """Handed to a job function: ``progress(0.4, "Nucleolus berekenen")`` stores how far it is."""

    def __init__(self, job: Job):
        self.job = job

    def __call__(self, fraction: float, message: str = "") -> None:
        fraction = max(0.0, min(1.0, float(fraction)))
        fields: dict[str, Any] = {"progress": fraction}
        if message:
            fields["message"] = message[:300]
        Job.objects.filter(pk=self.job.pk).update(**fields)
        self.job.progress = fraction
        if message:
            self.job.message = message[:300]


def run(job_id: str) -> str:
    """Run a job (called by the worker through :func:`samenspel.jobs.tasks.run_job`).

    Returns the final status. A :class:`JobError` or ``ValueError`` from the job function is an
    input problem: its Dutch message is shown. Anything else is logged and shown as an internal
    error, without details."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return job.status if job else "missing"
    started = time.monotonic()
    Job.objects.filter(pk=job.pk).update(
        status=Job.RUNNING, started_at=timezone.now(), message="De berekening is gestart."
    )
    try:
        func = handler(job.kind)
        value = func(job.params, Progress(job))
        result = json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    except ValueError as exc:  # JobError included: the user's inputs
        status, fields = Job.FAILED, {"error": str(exc), "message": "De berekening is mislukt."}
    except Exception:
        logger.exception("taak %s %s: interne fout", job.kind, job.pk)
        status, fields = (
            Job.FAILED,
            {
                "error": "De berekening is mislukt door een interne fout. Probeer later opnieuw "
                "of meld het aan de beheerder.",
                "message": "De berekening is mislukt.",
            },
        )
    else:
        status, fields = Job.DONE, {"result": result, "progress": 1.0, "message": "Klaar."}
    Job.objects.filter(pk=job.pk).update(status=status, finished_at=timezone.now(), **fields)
    logger.info("taak %s %s %s %.2fs", job.kind, job.pk, status, time.monotonic() - started)
    return status


def pack(obj: Any) -> str:
    """A Python object as signed text for a job's params or result (HMAC with SECRET_KEY:
    :func:`unpack` refuses anything not written by this application)."""
    raw = base64.b64encode(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)).decode()
    return signing.Signer(salt=_SALT).sign(raw)


def unpack(text: str) -> Any:
    try:
        raw = signing.Signer(salt=_SALT).unsign(text)
    except signing.BadSignature:
        raise JobError("De opgeslagen gegevens van deze taak zijn ongeldig.") from None
    return pickle.loads(base64.b64decode(raw))  # noqa: S301 (signed by us, checked above)


# --------------------------------------------------------------------------------------------
# Personal data (samenspel.accounts.personal_data, registered in apps.py)
# --------------------------------------------------------------------------------------------


def _jobs_of(user):
    from samenspel.jobs.models import Job

    # only the imports of the Monitor name their user (params["gebruiker"])
    return Job.objects.filter(params__gebruiker=user.pk)


def export_personal_data(user) -> list[dict]:
    """The background jobs ``user`` started (the Monitor's imports): kind, files, status."""
    return [
        {
            "soort": j.kind,
            "bestanden": [n for _p, n in j.params.get("bestanden", [])],
            "status": j.get_status_display(),
            "aangemaakt": j.created_at.isoformat(),
            "bericht": j.message,
        }
        for j in _jobs_of(user)[:10_000]
    ]


def anonymise_personal_data(user) -> int:
    """Job records stay (their results are the import's report) without the user's id; the
    result page of such a job is then for the support staff only."""
    n = 0
    for job in _jobs_of(user).only("pk", "params"):
        params = dict(job.params)
        params.pop("gebruiker", None)
        type(job).objects.filter(pk=job.pk).update(params=params)
        n += 1
    return n
