"""Imports through the page: ``/monitor/inlezen/`` (login required).

Two kinds of upload, each processed by a background job (:mod:`samenspel.monitor.tasks`):

* **metingen**: one CSV or XLSX file of measurements (the templates of ``/monitor/sjabloon/``),
  at most :data:`samenspel.monitor.measurements.MAX_BYTES`;
* **uit**: one or more UiTdatabank JSON-LD files (a document, a Search API page, NDJSON, also
  gzip-compressed), together at most :data:`MAX_UIT_BYTES`, optionally for chosen years.

The request is bounded before anything is read: a body above ``SAMENSPEL_MAX_REQUEST_BYTES``
is refused by :class:`samenspel.config.middleware.RequestSizeMiddleware` before the CSRF check
reads it; this page then refuses a ``Content-Length`` above its own, per-kind limits with 413.
Every refusal (empty, binary, too large, wrong extension, bad years) is a
Dutch message on the form with a 4xx status. An accepted upload is saved under
:func:`samenspel.monitor.tasks.upload_dir` and the browser is sent to the result page
``/monitor/inlezen/<job>/``, which shows the progress until the job is done.

Importing needs a role that writes Monitor values (:func:`samenspel.monitor.services.
writes_somewhere`); without one the page is a Dutch 403 that names the roles. Which rows of a
file the user may import is checked by the job (:mod:`samenspel.monitor.tasks`).
"""

from __future__ import annotations

import re
import shutil
import uuid
import zlib

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from samenspel.core.numbers import format_number
from samenspel.jobs import services as jobs
from samenspel.jobs.models import Job
from samenspel.monitor import tasks
from samenspel.monitor.catalogue import SETS
from samenspel.monitor.measurements import MAX_BYTES as MAX_MEASUREMENT_BYTES
from samenspel.monitor.models import ImportBatch
from samenspel.monitor.services import writes_everywhere, writes_somewhere

MB = 1024 * 1024
MAX_UIT_BYTES = 50 * MB
MAX_FILES = 10
#: Room for the form fields and the multipart headers around the files.
OVERHEAD = 64 * 1024
MEASUREMENT_EXTENSIONS = (".csv", ".xlsx")
UIT_EXTENSIONS = (".json", ".jsonld", ".ndjson", ".jsonl")
#: How much of a file is looked at to recognise it (and of a .gz, after decompressing).
SNIFF = 64 * 1024
YEARS = (1990, 2100)
KINDS = {"metingen": tasks.KIND_FILE, "uit": tasks.KIND_UIT}


class UploadError(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def _mb(n: int) -> str:
    return format_number(n / MB, 0 if n % MB == 0 else 1)


def _context(user, **extra) -> dict:
    # Who imported what names a person: the support staff see every import, anyone else only
    # their own (like the history of an entry, shown to those who may change it).
    recent = ImportBatch.objects.exclude(kind="bundle").select_related("imported_by")
    everything = writes_everywhere(user)
    if not everything:
        recent = recent.filter(imported_by=user)
    return {
        "recent_everything": everything,
        "sets": [(code, title) for code, (title, _codes) in SETS.items()],
        "max_metingen": _mb(MAX_MEASUREMENT_BYTES),
        "max_uit": _mb(MAX_UIT_BYTES),
        "max_files": MAX_FILES,
        "recent": recent[:10],
        "soort": "metingen",
        **extra,
    }


def _form(request, status: int = 200, **extra):
    return render(request, "monitor/import.html", _context(request.user, **extra), status=status)


@never_cache
def import_page(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not writes_somewhere(request.user):
        return render(
            request,
            "monitor/eigen_fout.html",
            {
                "message": "Cijfers inlezen kan wie een rol heeft in een IGS of een gemeente: "
                "als IGS-coördinator of medewerker van een IGS (voor het IGS en zijn "
                "partners), als cultuurbeleidscoördinator of medewerker van een gemeente "
                "(voor die gemeente), of als medewerker van het steunpunt (voor alles). Je "
                "account heeft zo'n rol niet; vraag ze aan de coördinator van je IGS of aan "
                "het steunpunt."
            },
            status=403,
        )
    if request.method in ("GET", "HEAD"):
        return _form(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = -1
    if length < 0:
        return _form(request, 400, fouten=["De vraag heeft een ongeldige lengte."])
    limit = max(MAX_UIT_BYTES, MAX_MEASUREMENT_BYTES) + OVERHEAD
    if length > limit:
        return _form(
            request,
            413,
            fouten=[
                f"Wat je opstuurt is te groot ({_mb(length)} MB): hoogstens "
                f"{_mb(MAX_MEASUREMENT_BYTES)} MB voor een bestand met metingen en "
                f"{_mb(MAX_UIT_BYTES)} MB voor UiTdatabank-bestanden samen. Er is niets "
                "ingelezen."
            ],
        )
    return _upload(request)


def _years(text: str) -> list[int]:
    """'2024', '2023, 2024' or '2022-2024' → the years; a :class:`UploadError` otherwise."""
    text = text.strip()
    if not text:
        return []
    if len(text) > 100:
        raise UploadError("Te veel jaren: geef een jaar, een lijst of een reeks (2022-2024).")
    years: set[int] = set()
    for part in re.split(r"[,; ]+", text):
        if not part:
            continue
        m = re.fullmatch(r"(\d{4})(?:\s*[-–]\s*(\d{4}))?", part)
        if not m:
            raise UploadError(
                f"'{part[:20]}' is geen jaar: schrijf bv. 2024, 2023, 2024 of 2022-2024."
            )
        a = int(m.group(1))
        b = int(m.group(2) or a)
        if not (YEARS[0] <= a <= b <= YEARS[1]):
            raise UploadError(f"'{part}' ligt niet tussen {YEARS[0]} en {YEARS[1]} (oplopend).")
        years.update(range(a, b + 1))
    return sorted(years)


def _head(upload, gz: bool) -> bytes:
    upload.seek(0)
    raw = upload.read(SNIFF)
    upload.seek(0)
    if not gz:
        return raw
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(raw, SNIFF)
    except zlib.error:
        raise UploadError(f"{upload.name[:100]} is geen geldig gzip-bestand (.gz).") from None


def _check(upload, kind: str) -> None:
    """Refuse an upload that cannot be what it says (Dutch message, 4xx)."""
    name = upload.name or "bestand"
    lower = name.lower()
    short = name[:100]
    if kind == "metingen":
        if not lower.endswith(MEASUREMENT_EXTENSIONS):
            raise UploadError(
                f"{short}: een bestand met metingen is een CSV (.csv) of Excel-bestand (.xlsx)."
            )
        if upload.size > MAX_MEASUREMENT_BYTES:
            raise UploadError(
                f"{short} is te groot ({_mb(upload.size)} MB); hoogstens "
                f"{_mb(MAX_MEASUREMENT_BYTES)} MB. Splits het bestand op.",
                413,
            )
    else:
        stem = lower[:-3] if lower.endswith(".gz") else lower
        if not stem.endswith(UIT_EXTENSIONS):
            raise UploadError(
                f"{short}: UiTdatabank-bestanden zijn JSON of JSON-LD (.json, .jsonld) of "
                "NDJSON (.ndjson, .jsonl), eventueel gecomprimeerd (.gz)."
            )
    if upload.size == 0:
        raise UploadError(f"{short} is leeg.")
    head = _head(upload, kind == "uit" and lower.endswith(".gz"))
    if kind == "metingen" and lower.endswith(".xlsx"):
        if not head.startswith(b"PK\x03\x04"):
            raise UploadError(
                f"{short} is geen Excel-bestand (.xlsx); bewaar het in Excel als "
                "'Excel-werkmap' of als CSV."
            )
        return
    if b"\x00" in head:
        raise UploadError(
            f"{short} is een binair bestand, geen tekst"
            + (
                " (bewaar het als 'CSV UTF-8')."
                if kind == "metingen"
                else ": verwacht JSON-LD van de UiTdatabank."
            )
        )
    if kind == "uit":
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if not text:
            raise UploadError(f"{short} bevat enkel witruimte.")
        if text[:1] not in (b"{", b"["):
            raise UploadError(
                f"{short} is geen JSON: een UiTdatabank-bestand begint met {{ of [ "
                "(een activiteit, een antwoord van de Search API of één activiteit per regel)."
            )


def _safe_name(i: int, name: str) -> str:
    """A file name for the upload folder that keeps the suffixes (NDJSON and gzip are
    recognised by them)."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", name)[-80:].lstrip(".") or "bestand"
    return f"{i:02d}-{base}"


def _upload(request):
    kind = request.POST.get("soort", "")
    if kind not in KINDS:
        return _form(request, 400, fouten=["Kies wat je inleest: metingen of UiTdatabank."])
    files = request.FILES.getlist("bestand")
    try:
        if not files:
            raise UploadError("Kies een bestand om in te lezen.")
        if kind == "metingen" and len(files) > 1:
            raise UploadError("Lees één bestand met metingen tegelijk in.")
        if len(files) > MAX_FILES:
            raise UploadError(f"Hoogstens {MAX_FILES} bestanden tegelijk.")
        years = _years(request.POST.get("jaren", "")) if kind == "uit" else []
        total = sum(f.size for f in files)
        if kind == "uit" and total > MAX_UIT_BYTES:
            raise UploadError(
                f"De bestanden zijn samen te groot ({_mb(total)} MB); hoogstens "
                f"{_mb(MAX_UIT_BYTES)} MB. Lees ze in een paar keer in.",
                413,
            )
        for f in files:
            _check(f, kind)
    except UploadError as exc:
        return _form(request, exc.status, fouten=[str(exc)], soort=kind)
    upload = uuid.uuid4().hex
    folder = tasks.upload_dir() / upload
    folder.mkdir(parents=True, exist_ok=False)
    stored = []
    try:
        for i, f in enumerate(files, 1):
            target = folder / _safe_name(i, f.name)
            with open(target, "wb") as out:
                for chunk in f.chunks():
                    out.write(chunk)
            stored.append([str(target), (f.name or target.name)[:200]])
        job = jobs.submit(
            KINDS[kind],
            {
                "upload": upload,
                "bestanden": stored,
                "jaren": years,
                "gebruiker": request.user.pk,
            },
            identity={"upload": upload},
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return redirect(reverse("monitor_import_result", args=[job.pk]), permanent=False)


@never_cache
def import_result(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    job = Job.objects.filter(pk=pk, kind__in=KINDS.values()).first()
    # the importer, or the support staff (a steunpunt role or a staff account)
    if job is None or not (
        writes_everywhere(request.user) or job.params.get("gebruiker") == request.user.pk
    ):
        raise Http404("Onbekende inlezing.")
    names = [n for _p, n in job.params.get("bestanden", [])]
    if not job.finished:
        from samenspel.jobs.views import waiting

        return waiting(
            request,
            job,
            title="Inlezen: " + ", ".join(names)[:200],
            lead="De bestanden worden op de achtergrond gelezen; grote UiTdatabank-bestanden "
            "kunnen enkele minuten duren.",
        )
    return render(
        request,
        "monitor/import_resultaat.html",
        {"job": job, "r": job.result or {}, "names": names},
    )
