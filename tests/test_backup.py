"""Back-up and restore: a round trip keeps every row; a non-empty database is refused.

Runs on SQLite, and on PostgreSQL when DATABASE_URL points to one (scripts/test.sh does both).
"""

import gzip
import json
from datetime import date

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks_db.models import DBTaskResult

from samenspel.core.management.commands._backup import backed_up_models
from samenspel.core.models import DataLoad
from samenspel.funding.models import SavedComparison
from samenspel.jobs.models import Job
from samenspel.partnerships.models import Membership


def natural(obj):
    if isinstance(obj, ContentType):
        return obj.natural_key()
    if isinstance(obj, Permission):
        return obj.natural_key()
    return obj.pk


def every_row() -> dict:
    """Every row of every backed-up table, with links to content types and permissions by
    natural key (their keys are made by migrate, not by users) and m2m links as sets."""
    out = {}
    for model in backed_up_models():
        rows = []
        for obj in model._default_manager.order_by("pk"):
            row = {}
            for f in model._meta.concrete_fields:
                value = getattr(obj, f.name) if f.is_relation else f.value_from_object(obj)
                row[f.name] = natural(value) if f.is_relation and value is not None else value
            for f in model._meta.many_to_many:
                row[f.name] = sorted(map(natural, getattr(obj, f.name).all()))
            rows.append(row)
        out[model._meta.label_lower] = rows
    return out


@pytest.fixture
def entered(transactional_db, loaded, django_user_model):
    """What users enter: an admin correction, a user with a group, a saved comparison, jobs."""
    membership = Membership.objects.order_by("pk").first()
    membership.valid_to = date(2030, 12, 31)
    membership.note = "Gecorrigeerd in de admin: uittreding 2031"
    membership.save()  # bumps the data version
    group = Group.objects.create(name="IGS-coördinatoren")
    group.permissions.add(Permission.objects.get(codename="change_membership"))
    user = django_user_model.objects.create_user("coördinator", password="x-geheim-123")
    user.groups.add(group)
    SavedComparison.objects.create(name="Voorstel à 3", query="igs=noord", created_by=user)
    LogEntry.objects.log_actions(
        user.pk, [membership], CHANGE, change_message="uittreding", single_object=True
    )
    done = Job.objects.create(kind="test", key="a" * 64, status=Job.DONE, result={"x": 1.5})
    Job.objects.create(kind="test", key="b" * 64, status=Job.RUNNING, progress=0.4)
    from django.core.files.base import ContentFile

    from samenspel.monitor.models import Story

    story = Story(title="Het zomerfestival", text="Zes gemeenten, één podium.", igs="noord")
    story.attachment.save("podium.pdf", ContentFile(PDF), save=False)
    story.save()
    # a person with roles and consents, changed once: their history travels too
    from django.utils import timezone

    from samenspel.accounts.models import Person, Role

    person = Person.objects.create(
        user=user, name="An Coördinator", email="an@example.be", phone="09 123 45 67"
    )
    person.consent_contact_at = timezone.now()
    person.function = "IGS-coördinator"
    person._history_user = user  # as the middleware sets it for a request
    person.save()
    Role.objects.create(person=person, role="igs_coordinator", igs="noord")
    Role.objects.create(person=person, role="medewerker", refnis="43005", valid_to=date(2030, 1, 1))
    return {"user": user, "done": done, "story": story, "person": person}


PDF = b"%PDF-1.4\n% een verhaal\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def empty_database():
    call_command("flush", interactive=False, verbosity=0)


def test_round_trip_keeps_every_row(entered, tmp_path):
    version = DataLoad.objects.get().version
    assert version >= 1  # the admin correction was counted
    before = every_row()
    assert (
        len(before["territory.municipality"]) == 8 and len(before["funding.savedcomparison"]) == 1
    )
    path = tmp_path / "samenspel.json.gz"
    call_command("backup", str(path), verbosity=0)
    data = json.loads(gzip.decompress(path.read_bytes()))
    assert data["formaat"] == "samenspel-backup" and data["formaatversie"] == 2
    name = entered["story"].attachment.name
    assert list(data["bestanden"]) == [name]
    assert "0001_initial" in data["migraties"]["jobs"]
    assert data["tellingen"]["funding.savedcomparison"] == 1
    # the accounts and every history table are in it (created, then changed: 2 rows)
    assert data["tellingen"]["accounts.person"] == 1 and data["tellingen"]["accounts.role"] == 2
    assert data["tellingen"]["accounts.historicalperson"] == 2
    assert data["tellingen"]["accounts.historicalrole"] == 2
    assert data["tellingen"]["monitor.historicalstory"] == 1
    assert (path.stat().st_mode & 0o777) == 0o600  # it holds password hashes

    empty_database()
    assert not SavedComparison.objects.exists() and not DataLoad.objects.exists()
    import shutil
    from pathlib import Path

    from django.conf import settings

    shutil.rmtree(settings.MEDIA_ROOT)  # a new server: no uploaded files either
    call_command("restore", str(path), verbosity=0)
    assert (Path(settings.MEDIA_ROOT) / name).read_bytes() == PDF

    after = every_row()
    running = next(r for r in after["jobs.job"] if r["key"] == "b" * 64)
    # the unfinished job is queued again (the task queue is not in a back-up) ...
    assert running["status"] == Job.QUEUED and running["progress"] == 0.0
    assert DBTaskResult.objects.count() == 1
    # ... and every other row is exactly as before, the data version included
    for rows in (before["jobs.job"], after["jobs.job"]):
        for r in rows:
            if r["key"] == "b" * 64:
                for f in ("status", "progress", "message", "task_id", "started_at"):
                    r.pop(f)
    assert after == before
    assert DataLoad.objects.get().version == version
    # the person, their roles and consents, and their history are back as they were (a
    # restore writes raw rows: no extra history rows)
    from samenspel.accounts.models import Person

    person = Person.objects.get()
    assert (person.user.username, person.consent_contact, person.consent_listed) == (
        "coördinator",
        True,
        False,
    )
    assert sorted(person.roles.values_list("role", "igs", "refnis")) == [
        ("igs_coordinator", "noord", ""),
        ("medewerker", "", "43005"),
    ]
    assert [(h.history_type, h.function) for h in person.history.order_by("history_id")] == [
        ("+", ""),
        ("~", "IGS-coördinator"),
    ]
    assert person.history.first().consent_contact_at == person.consent_contact_at
    assert person.history.first().history_user == person.user
    # the site goes on: the restored user's password works, a new user gets a fresh key
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    assert users.get(username="coördinator").check_password("x-geheim-123")
    assert users.create_user("nieuw", password="x-geheim-456").pk > entered["user"].pk


def test_restore_refuses_a_database_that_is_not_empty(entered, tmp_path):
    path = tmp_path / "samenspel.json"
    call_command("backup", str(path), verbosity=0)
    before = every_row()
    with pytest.raises(CommandError, match="De databank is niet leeg: .*rijen"):
        call_command("restore", str(path), verbosity=0)
    assert every_row() == before


def test_restore_refuses_a_backup_from_a_newer_version(entered, tmp_path):
    path = tmp_path / "samenspel.json"
    call_command("backup", str(path), verbosity=0)
    data = json.loads(path.read_text())
    data["migraties"]["funding"].append("0099_toekomst")
    path.write_text(json.dumps(data))
    empty_database()
    with pytest.raises(CommandError, match="nieuwere versie van Samenspel.*funding.0099_toekomst"):
        call_command("restore", str(path), verbosity=0)


def test_restore_names_what_is_wrong_with_a_file(db, tmp_path):
    path = tmp_path / "iets.json"
    path.write_text('{"formaat": "iets anders"}')
    with pytest.raises(CommandError, match="iets.json is geen back-up van Samenspel"):
        call_command("restore", str(path), verbosity=0)
    path.write_text("{kapot")
    with pytest.raises(CommandError, match="iets.json is geen leesbare back-up"):
        call_command("restore", str(path), verbosity=0)
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("restore", str(tmp_path / "weg.json"), verbosity=0)


def test_restore_refuses_a_file_name_outside_the_media_folder(db, tmp_path):
    # A back-up is a file someone could edit: a name like ../../etc/x must never be written.
    from django.db import connection

    from samenspel.core.management.commands._backup import applied_migrations

    path = tmp_path / "boos.json"
    path.write_text(
        json.dumps(
            {
                "formaat": "samenspel-backup",
                "formaatversie": 2,
                "migraties": applied_migrations(connection),
                "tellingen": {},
                "objecten": [],
                "bestanden": {"../../buiten.txt": "YQ=="},
            }
        )
    )
    with pytest.raises(CommandError, match="buiten MEDIA_ROOT"):
        call_command("restore", str(path), verbosity=0)
    assert not (tmp_path / "buiten.txt").exists()


@pytest.fixture
def network(transactional_db, loaded, django_user_model):
    """One of everything the issue-11 apps store, each created and changed once so that its
    history holds two rows, and an initiative's document under MEDIA_ROOT."""
    from datetime import datetime, timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from samenspel.accounts.models import Person, Role
    from samenspel.network.events.models import Event, Registration
    from samenspel.network.initiatives.models import Decision, Document, Initiative
    from samenspel.network.practices.models import Practice
    from samenspel.scan.models import (
        Answer,
        Invitation,
        OpenAnswer,
        ScanGroup,
        ScanResponse,
        ScanRound,
    )

    user = django_user_model.objects.create_user("an", password="x-geheim-123")
    person = Person.objects.create(user=user, name="An Peeters", email="an@example.be")
    Role.objects.create(person=person, role="igs_coordinator", igs="noord")

    def changed(obj, **fields):
        for k, v in fields.items():
            setattr(obj, k, v)
        obj._history_user = user
        obj.save()
        return obj

    group = changed(
        ScanGroup.objects.create(name="Cultuur Noord", igs="noord", created_by=user),
        name="Cultuur Noord (scan)",
    )
    rnd = changed(ScanRound.objects.create(group=group, title="Ronde 2026"), title="Ronde één")
    Invitation.objects.create(round=rnd, token_hash="c" * 64, label="Eeklo")
    resp = ScanResponse.objects.create(round=rnd, refnis="43005", role="schepen")
    Answer.objects.create(response=resp, item_code="V1", value=4)
    OpenAnswer.objects.create(response=resp, question_code="O1", text="Meer overleg, graag.")
    practice = changed(
        Practice.objects.create(
            title="Samen programmeren",
            themes=",vertrouwen,",
            igs=",noord,",
            scale="igs",
            year=2024,
            summary="Vier gemeenten, één brochure.",
            contact=person,
            author=user,
        ),
        status="gepubliceerd",
    )
    initiative = changed(
        Initiative.objects.create(
            title="Stad-tot-stad Kortrijk–Roeselare",
            partnerships=",noord,",
            contact=person,
            created_by=user,
        ),
        published=True,
    )
    Decision.objects.create(
        initiative=initiative, date=date(2025, 3, 1), body="gemeenteraad", text="Goedgekeurd."
    )
    document = Document(
        initiative=initiative,
        title="Overeenkomst",
        file_name="overeenkomst.pdf",
        file_type="application/pdf",
        created_by=user,
    )
    document.file.save("overeenkomst.pdf", ContentFile(PDF), save=False)
    document.file_size = len(PDF)
    document.save()
    start = timezone.make_aware(datetime(2026, 6, 1, 19, 30))
    event = changed(
        Event.objects.create(
            title="Netwerkavond",
            start=start,
            end=start + timedelta(hours=2),
            location="Eeklo",
            igs="noord",
            created_by=user,
        ),
        published=True,
    )
    Registration.objects.create(event=event, person=person, consent_listed=True)
    return {"practice": practice, "document": document, "event": event, "user": user}


NETWORK_TABLES = [
    "accounts.person",
    "accounts.role",
    "scan.scangroup",
    "scan.historicalscangroup",
    "scan.scanround",
    "scan.historicalscanround",
    "scan.invitation",
    "scan.scanresponse",
    "scan.answer",
    "scan.openanswer",
    "practices.practice",
    "practices.historicalpractice",
    "initiatives.initiative",
    "initiatives.historicalinitiative",
    "initiatives.decision",
    "initiatives.historicaldecision",
    "initiatives.document",
    "initiatives.historicaldocument",
    "events.event",
    "events.historicalevent",
    "events.registration",
    "events.historicalregistration",
]


def test_round_trip_keeps_the_network_scan_and_their_histories(network, tmp_path):
    """Back up, wipe the database and MEDIA_ROOT, restore: every row of accounts, scan,
    practices, initiatives and events (and their histories) is back as it was, and the
    initiative's document is back under MEDIA_ROOT byte for byte."""
    import shutil
    from pathlib import Path

    from django.conf import settings

    from samenspel.network.events.models import Event
    from samenspel.network.initiatives.models import Document
    from samenspel.network.practices.models import Practice

    before = every_row()
    # one of each, and two history rows for what was created and then changed
    counts = {t: len(before[t]) for t in NETWORK_TABLES}
    assert counts["practices.historicalpractice"] == 2
    assert counts["scan.historicalscangroup"] == counts["events.historicalevent"] == 2
    assert counts["scan.answer"] == counts["initiatives.document"] == 1
    path = tmp_path / "samenspel.json.gz"
    call_command("backup", str(path), verbosity=0)
    data = json.loads(gzip.decompress(path.read_bytes()))
    assert {t: data["tellingen"][t] for t in NETWORK_TABLES} == counts
    name = network["document"].file.name
    assert name in data["bestanden"]

    empty_database()
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not Practice.objects.exists() and not Path(settings.MEDIA_ROOT, name).exists()
    call_command("restore", str(path), verbosity=0)

    after = every_row()
    assert {t: len(after[t]) for t in NETWORK_TABLES} == counts
    for t in NETWORK_TABLES:
        assert after[t] == before[t], t
    # a few values read back through the models
    practice = Practice.objects.get()
    assert (practice.title, practice.status, practice.contact.name, practice.author.username) == (
        "Samen programmeren",
        "gepubliceerd",
        "An Peeters",
        "an",
    )
    # created outside a request (no user), then changed by An
    assert [
        (h.history_type, h.status, h.history_user_id)
        for h in practice.history.order_by("history_id")
    ] == [("+", "concept", None), ("~", "gepubliceerd", network["user"].pk)]
    assert Event.objects.get().registrations.get().person.name == "An Peeters"
    document = Document.objects.get()
    assert document.file.open("rb").read() == PDF and document.initiative.published is True
