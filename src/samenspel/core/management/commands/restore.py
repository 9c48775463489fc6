"""``samenspel beheer restore PATH``: load a back-up (``backup``) into an EMPTY database.

Refuses a database that holds any of the backed-up rows. Brings the schema to the migration state
the back-up was written at, loads every row in one transaction (with the original primary keys,
so links to saved comparisons keep working), then migrates to this version of Samenspel. A
back-up from a newer version (with migrations unknown here) is refused. Afterwards the
:data:`restored` signal lets apps act (the jobs app queues unfinished jobs again).
"""

from __future__ import annotations

import base64
import binascii

from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.core.management.sql import emit_post_migrate_signal
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.dispatch import Signal

from samenspel.core.management.commands import _backup
from samenspel.core.models import versioning_suspended

#: Sent after a restore (``sender`` is the command class, ``using`` the database alias).
restored = Signal()


class Command(BaseCommand):
    help = "Herstel een back-up (samenspel beheer backup) in een lege databank."
    # Works before the web settings are complete (e.g. restoring onto a new server).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path", help="het back-upbestand (.json of .json.gz)")

    def handle(self, *args, path, **options):
        data = _backup.read(path)
        files = self.check_files(data["bestanden"], path)  # before anything is written
        self.refuse_non_empty()
        executor = MigrationExecutor(connection)
        targets = self.targets(executor, data["migraties"], path)
        executor.migrate(targets, plan=executor.migration_plan(targets))
        # content types and permissions (users' permissions and the admin log refer to them)
        emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
        models = {m._meta.label_lower: m for m in _backup.backed_up_models()}
        try:
            with transaction.atomic(), versioning_suspended():
                loaded = self.load(data["objecten"], path)
                connection.check_constraints()
        except (DeserializationError, DatabaseError) as exc:
            raise CommandError(
                f"De back-up {path} kon niet worden hersteld; er is niets geladen. "
                f"Oorzaak: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
            ) from None
        self.reset_sequences(models.values())
        self.write_files(files)
        call_command("migrate", verbosity=0)
        restored.send(sender=Command, using=connection.alias)
        self.stdout.write(
            f"Hersteld uit {path}: {loaded} rijen en {len(files)} bestand(en) (back-up van "
            f"{data.get('gemaakt_op', '?')}, formaatversie {data['formaatversie']})."
        )

    def check_files(self, files: dict, path: str) -> list[tuple]:
        """The uploaded files of the back-up as (target under MEDIA_ROOT, content), all checked
        (names inside MEDIA_ROOT, readable base64) before the restore writes anything."""
        out = []
        for name, text in files.items():
            target = _backup.media_path(name)
            try:
                out.append((target, base64.b64decode(text, validate=True)))
            except (binascii.Error, ValueError):
                raise CommandError(f"Het bestand {name} in {path} is beschadigd.") from None
        return out

    def write_files(self, files: list[tuple]) -> None:
        for target, body in files:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)

    def refuse_non_empty(self) -> None:
        existing = set(connection.introspection.table_names())
        filled = []
        for model in _backup.backed_up_models():
            if model._meta.db_table in existing:
                count = model._default_manager.count()
                if count:
                    filled.append(f"{model._meta.label_lower} ({count} rijen)")
        if filled:
            more = f" en nog {len(filled) - 5} tabellen" if len(filled) > 5 else ""
            raise CommandError(
                "De databank is niet leeg: "
                + ", ".join(filled[:5])
                + more
                + ". Herstel een back-up enkel in een lege databank (maak een nieuwe aan, "
                "bv. met createdb, en zet DATABASE_URL daarnaar)."
            )

    def targets(self, executor, applied: dict, path: str) -> list[tuple[str, str]]:
        """The newest migration per app in the back-up; refuses migrations unknown here."""
        graph = executor.loader.graph
        wanted = {(app, name) for app, names in applied.items() for name in names}
        unknown = sorted(f"{a}.{n}" for a, n in wanted if (a, n) not in graph.nodes)
        if unknown:
            raise CommandError(
                f"De back-up {path} komt van een nieuwere versie van Samenspel: de migratie(s) "
                f"{', '.join(unknown[:5])} zijn hier onbekend. Herstel ze met die versie."
            )
        out = []
        for app in sorted({a for a, _ in wanted}):
            names = {n for a, n in wanted if a == app}
            leaves = [
                n
                for n in names
                if not any(c[0] == app and c[1] in names for c in graph.node_map[(app, n)].children)
            ]
            out += [(app, n) for n in sorted(leaves)]
        return out

    def load(self, objects: list, path: str) -> int:
        deferred, count = [], 0
        for i, obj in enumerate(
            serializers.deserialize("python", objects, handle_forward_references=True), start=1
        ):
            try:
                obj.save()
            except DatabaseError as exc:
                raise CommandError(
                    f"Object {i} ({obj.object._meta.label_lower}, sleutel {obj.object.pk}) in "
                    f"{path} kon niet worden geladen: {exc}. Er is niets hersteld."
                ) from None
            if obj.deferred_fields:
                deferred.append(obj)
            count += 1
        for obj in deferred:
            obj.save_deferred_fields()
        return count

    def reset_sequences(self, models) -> None:
        """PostgreSQL: the next new row gets a key after the restored ones."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(models))
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
