"""What a back-up holds and how it is read (shared by the ``backup`` and ``restore`` commands).

A back-up is one JSON file (gzip-compressed when its name ends in ``.gz``)::

    {"formaat": "samenspel-backup", "formaatversie": 1, "gemaakt_op": "2026-12-02T06:30:00+00:00",
     "samenspel": "0.1.0", "databank": "postgresql",
     "migraties": {"core": ["0001_initial", ...], ...},   # applied migrations per app
     "tellingen": {"funding.savedcomparison": 3, ...},    # rows per table
     "objecten": [ ...Django serializer objects, natural foreign keys... ]}

It holds everything users entered or corrected: the reference data of the data load (staff
correct memberships and partnerships in the admin, so those tables are the corrections), the data
loads themselves, saved comparisons, background-job records, users and groups, and the admin's
change log. Not in it: sessions, login-throttling records, the task queue itself (unfinished
jobs are queued again after a restore), and content types and permissions (``migrate`` makes
them; users' permissions refer to them by natural key).
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
FORMAT_VERSION = 1
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
    if version != FORMAT_VERSION:
        raise CommandError(
            f"{path} heeft formaatversie {version}; deze versie van Samenspel leest enkel "
            f"formaatversie {FORMAT_VERSION}."
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
