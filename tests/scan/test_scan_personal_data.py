"""Personal data of the Samenwerkingsscan: a person who deletes their data no longer appears as
the creator of a scan (also not in its history), the scan and its anonymous answers stay, and
the export says that answers hold no personal data."""

from __future__ import annotations

import pytest

from samenspel.accounts import personal_data
from samenspel.scan.models import ScanGroup, ScanResponse
from tests.people import user_with
from tests.scan.factories import answer, make_group, make_round

pytestmark = pytest.mark.django_db


def _provider():
    [provider] = [p for p in personal_data.providers() if p.name == "samenwerkingsscan"]
    return provider


def test_export_lists_the_scans_a_person_started_and_says_answers_are_anonymous(loaded):
    user = user_with("an", ("igs_coordinator", "zuid"))
    make_group("zuid", user=user, name="Scan van Zuid")
    make_group("noord", name="Iemand anders")
    data = _provider().export(user)
    assert [g["naam"] for g in data["gestarte_scans"]] == ["Scan van Zuid"]
    assert data["gestarte_scans"][0]["gemeenten"] == ["44021", "44088"]
    assert "geen persoonsgegevens" in data["antwoorden"]


def test_deletion_clears_the_creator_and_keeps_the_scan_and_its_answers(loaded):
    user = user_with("an", ("igs_coordinator", "zuid"))
    group = make_group("zuid", user=user)
    group.name = "Nieuwe naam"
    group.save()  # a second history record that names the creator
    scan_round = make_round(group)
    for _ in range(3):
        answer(scan_round, targets=4)
    changed = _provider().anonymise(user)
    assert changed == 1
    group.refresh_from_db()
    assert group.created_by is None
    assert not ScanGroup.history.filter(created_by=user).exists()
    user.delete()
    assert ScanGroup.objects.get().name == "Nieuwe naam"
    assert ScanResponse.objects.filter(round=scan_round).count() == 3
