"""What a back-up holds and how it is read (shared by the ``backup`` and ``restore`` commands).

A back-up is one JSON file (gzip-compressed when its name ends in ``.gz``)::

    {"formaat": "samenspel-backup", "formaatversie": 1, "gemaakt_op": "2026-12-02T06:30:00+00:00",
     "samenspel": "0.1.0", "databank": "postgresql",
     "migraties": {"core": ["0001_initial", ...], ...},   # applied migrations per app
     "tellingen": {"funding.savedcomparison": 3, ...},    # rows per table
     "objecten": [ ...Django serializer objects, natural foreign keys... ],
     "bestanden": {"verhalen/2026/foto.jpg": "<base64>", ...}}  # files of FileFields (v2)

It holds everything users entered or corrected: the reference data of the data load (staff
correct memberships and partnerships in the admin, so those tables are the corrections), the data
loads themselves, saved comparisons, background-job records, users and groups, the people with
their roles and consents (``accounts``), every history table of django-simple-history (the
``Historical…`` models live in the apps' own modules, so they are found like any other model;
a restore writes raw rows and so adds no history of its own), and the admin's
change log, and the files users uploaded (a story's photo or document, under ``MEDIA_ROOT``), so
that a restore on a new server is complete. Not in it: sessions, login-throttling records, the
task queue itself (unfinished jobs are queued again after a restore), and content types and
permissions (``migrate`` makes them; users' permissions refer to them by natural key).
"""

from __future__ import annotations

import datetime
import gzip
import json
from pathlib import Path

from django.apps import apps
from django.core.management.base import CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "samenspel-backup"
FORMAT_VERSION = 2
#: Versions this code reads: 1 had no uploaded files.
READABLE_VERSIONS = (1, 2)
EXTRA_MODELS = {"auth.user", "auth.group", "admin.logentry"}


def backed_up_models() -> list:
    """Every model whose rows a back-up holds (auto-created m2m tables travel with their model)."""
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("samenspel.") or m._meta.label_lower in EXTRA_MODELS
    ]


def applied_migrations(connection) -> dict[str, list[str]]:
    recorder = MigrationRecorder(connection)
    out: dict[str, list[str]] = {}
    for app, name in sorted(recorder.applied_migrations()):
        out.setdefault(app, []).append(name)
    return out


def read(path: str) -> dict:
    p = Path(path)
    if not p.is_file():
        raise CommandError(f"Back-up {path} bestaat niet.")
    try:
        raw = gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
        data = json.loads(raw.decode("utf-8"))
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CommandError(f"{path} is geen leesbare back-up van Samenspel ({exc}).") from None
    if not isinstance(data, dict) or data.get("formaat") != FORMAT:
        raise CommandError(f"{path} is geen back-up van Samenspel (veld 'formaat' ontbreekt).")
    version = data.get("formaatversie")
    if version not in READABLE_VERSIONS:
        raise CommandError(
            f"{path} heeft formaatversie {version}; deze versie van Samenspel leest enkel "
            f"formaatversie {' en '.join(map(str, READABLE_VERSIONS))}."
        )
    files = data.setdefault("bestanden", {})
    if not isinstance(files, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in files.items()
    ):
        raise CommandError(
            f"{path} is onvolledig: het veld 'bestanden' is geen lijst van bestanden."
        )
    for field in ("migraties", "objecten", "tellingen"):
        if field not in data:
            raise CommandError(f"{path} is onvolledig: het veld '{field}' ontbreekt.")
    return data


class Encoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (Django's drops the last three digits,
    and a restore must give back every value as it was)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            if isinstance(o, datetime.time) and timezone.is_aware(o):
                raise ValueError("JSON can't represent timezone-aware times.")
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def write(path: str, data: dict) -> None:
    """Write atomically (a temporary file, then a rename), readable by the owner only."""
    p = Path(path)
    body = json.dumps(data, cls=Encoder, ensure_ascii=False).encode("utf-8")
    if p.suffix == ".gz":
        body = gzip.compress(body, compresslevel=6)
    tmp = p.with_name(p.name + ".tmp")
    try:
        tmp.touch(mode=0o600)
        tmp.write_bytes(body)
        tmp.replace(p)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CommandError(f"Kan de back-up niet schrijven naar {path}: {exc.strerror}.") from None


def file_names(models) -> list[str]:
    """The names (relative to the storage) of every file a row of ``models`` refers to."""
    from django.db.models import FileField

    names = set()
    for model in models:
        for field in model._meta.get_fields():
            if isinstance(field, FileField):
                names.update(
                    n for n in model._default_manager.values_list(field.name, flat=True) if n
                )
    return sorted(names)


def media_path(name: str) -> Path:
    """Where a stored file goes back on restore; refuses a name that leaves ``MEDIA_ROOT``."""
    from django.conf import settings

    root = Path(settings.MEDIA_ROOT).resolve()
    target = (root / name).resolve()
    if not name or Path(name).is_absolute() or root not in target.parents:
        raise CommandError(f"Het bestand '{name[:80]}' in de back-up ligt buiten MEDIA_ROOT.")
    return target
