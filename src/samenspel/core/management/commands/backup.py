"""``samenspel beheer backup PATH``: write everything users entered to one versioned file.

The file is read in one transaction (REPEATABLE READ on PostgreSQL, one read snapshot on SQLite
in WAL mode): rows written meanwhile by the site or the worker are either all in or all out.
See :mod:`samenspel.core.management.commands._backup` for the format.
"""

from __future__ import annotations

import base64
import importlib.metadata

from django.core import serializers
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from samenspel.core.management.commands import _backup


class Command(BaseCommand):
    help = "Schrijf een back-up van alles wat gebruikers invoerden naar PATH (.json of .json.gz)."
    # Works before the web settings are complete (e.g. restoring onto a new server).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path", help="bestand, bv. samenspel-2026-12-02.json.gz")

    def handle(self, *args, path, **options):
        models = _backup.backed_up_models()
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:  # the first statement of the transaction
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            data = self.snapshot(models)
        _backup.write(path, data)
        total = sum(data["tellingen"].values())
        files = len(data["bestanden"])
        self.stdout.write(
            f"Back-up geschreven naar {path}: {total} rijen uit {len(models)} tabellen"
            + (f" en {files} bestand(en)." if files else ".")
        )

    def snapshot(self, models) -> dict:
        objects, counts = [], {}
        for model in serializers.sort_dependencies(
            [(m._meta.app_config, [m]) for m in models], allow_cycles=True
        ):
            rows = serializers.serialize(
                "python",
                model._default_manager.order_by("pk"),
                use_natural_foreign_keys=True,
            )
            counts[model._meta.label_lower] = len(rows)
            objects += rows
        try:
            version = importlib.metadata.version("samenspel")
        except importlib.metadata.PackageNotFoundError:
            version = ""
        return {
            "formaat": _backup.FORMAT,
            "formaatversie": _backup.FORMAT_VERSION,
            "gemaakt_op": timezone.now().isoformat(),
            "samenspel": version,
            "databank": connection.vendor,
            "migraties": _backup.applied_migrations(connection),
            "tellingen": counts,
            "objecten": objects,
            "bestanden": self.files(models),
        }

    def files(self, models) -> dict[str, str]:
        """The uploaded files the rows refer to, base64-encoded; a missing file is said, not
        silently left out."""
        from django.core.files.storage import default_storage

        out = {}
        for name in _backup.file_names(models):
            try:
                with default_storage.open(name, "rb") as fh:
                    out[name] = base64.b64encode(fh.read()).decode("ascii")
            except OSError:
                self.stderr.write(
                    f"Let op: het bestand {name} ontbreekt en zit niet in de back-up."
                )
        return out
