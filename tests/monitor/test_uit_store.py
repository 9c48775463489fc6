"""Storing the UiTdatabank counts as measurements (samenspel.monitor.loading.store_uit_counts)
and ``samenspel monitor import-uit --opslaan``.

The synthetic placer of conftest.py: 9000 → Gent 44021; 1804 → Vilvoorde 23088 or Zemst 23096 by
the locality; 9180 Moerbeke → Lokeren 46029; 1000 → Brussels (outside Flanders)."""

import io
import json
from decimal import Decimal

import pytest

from samenspel.monitor.loading import store_uit_counts, uit_digest
from samenspel.monitor.models import ImportBatch, Measurement
from samenspel.monitor.services import yearly_values
from samenspel.monitor.uit_counts import count_files
from tests.monitor.uitdata import event, organizer, place, virtual_place, write_ndjson

ORG_LOKEREN = organizer(1, "9180", "Moerbeke")
ORG_GENT = organizer(2, "9000", "Gent")
FLEMISH = {"44021", "46029", "46030", "23088", "23096"}


def file_a(tmp_path):
    e1 = event(1, organizer_=ORG_LOKEREN)  # Gent, 14/03/2025: 1 day; organiser in Lokeren
    return write_ndjson(
        tmp_path / "a.ndjson",
        [
            e1,
            event(  # Gent, two evenings 10 and 11 April 2025: 2 days; organiser in Gent itself
                2,
                calendar="multiple",
                sub=[
                    ("2025-04-10T20:00:00+02:00", "2025-04-10T22:00:00+02:00"),
                    ("2025-04-11T20:00:00+02:00", "2025-04-11T22:00:00+02:00"),
                ],
                organizer_=ORG_GENT,
            ),
            event(  # Vilvoorde (1804 + locality), weekends of June 2025, organiser in Gent:
                # Sun 1, Sat 7, Sun 8, 14, 15, 21, 22, 28, 29 June = 9 days
                3,
                calendar="periodic",
                start="2025-06-01T00:00:00+02:00",
                end="2025-06-30T23:59:59+02:00",
                opening=["saturday", "sunday"],
                location=place(903, "1804", "Vilvoorde"),
                organizer_=ORG_GENT,
            ),
            event(4, location=virtual_place(), attendance="online"),  # online: apart
            event(5, location=place(905, "1000", "Brussel")),  # outside Flanders: apart
            event(6, location=place(906, "9999", "Nergenshuizen")),  # unknown place: apart
            event(7, workflow="DELETED"),  # skipped
            "{geen json",  # malformed, line 8
            e1,  # duplicate
        ],
    )


def file_b(tmp_path):
    return write_ndjson(
        tmp_path / "b.ndjson",
        [
            event(1, organizer_=ORG_LOKEREN),  # Gent again: 1 day, co-organised
            event(9, location=place(909, "1804", "Zemst")),  # Zemst, 1 day, no organiser
        ],
    )


def store(paths, placer, years=None):
    counts = count_files([str(p) for p in paths], placer, years=years)
    sha = uit_digest([p.read_bytes().hex() for p in paths], years)
    return counts, store_uit_counts(counts, sha256=sha, file_name="test", municipalities=FLEMISH)


def rows():
    return {
        (m.indicator.code, m.refnis, m.year): m.value
        for m in Measurement.objects.select_related("indicator")
    }


@pytest.mark.django_db
def test_counts_become_exact_measurements(tmp_path, placer):
    counts, result = store([file_a(tmp_path)], placer)
    d = counts.as_dict()
    # counted apart and rejected, kept in the counts (the job's result shows them)
    assert d["apart"] == {"online": 1, "buiten_vlaanderen": 1, "onbekend": 1}
    assert d["geweigerd"]["misvormd"] == 1 and d["geweigerd"]["dubbel"] == 1
    assert d["geweigerd"]["verwijderd_of_afgekeurd"] == {"DELETED": 1}
    assert rows() == {
        # Gent: events 1 and 2; 1 + 2 = 3 event-days; event 1 has its organiser in Lokeren
        ("ACT_AANTAL", "44021", 2025): Decimal(2),
        ("ACT_SPEELDAGEN", "44021", 2025): Decimal(3),
        ("ACT_COORGANISATIE", "44021", 2025): Decimal(1),
        # Vilvoorde: event 3, 9 weekend days, organiser in Gent
        ("ACT_AANTAL", "23088", 2025): Decimal(1),
        ("ACT_SPEELDAGEN", "23088", 2025): Decimal(9),
        ("ACT_COORGANISATIE", "23088", 2025): Decimal(1),
        # Lokeren is only the organiser's home (no activity placed there): no row, so a file of
        # one region never writes a 0 over another municipality's figure
    }
    batch = ImportBatch.objects.get()
    assert batch.kind == "uit" and batch.row_count == 6 and result.stored == 6
    assert result.municipality_years == 2 and not result.already
    assert set(batch.indicator_set.split()) == {"ACT_AANTAL", "ACT_SPEELDAGEN", "ACT_COORGANISATIE"}


@pytest.mark.django_db
def test_same_files_again_change_nothing(tmp_path, placer):
    a = file_a(tmp_path)
    _, first = store([a], placer)
    _, again = store([a], placer)
    assert again.already and again.batch == first.batch
    assert again.message().startswith("Deze UiTdatabank-bestanden zijn al ingelezen op ")
    assert again.message().endswith("(6 metingen); er is niets gewijzigd.")
    assert Measurement.objects.count() == 6 and ImportBatch.objects.count() == 1
    # the same file counted for a chosen year is another question: a new import
    assert uit_digest(["x"], [2025]) != uit_digest(["x"], None)


@pytest.mark.django_db
def test_later_import_replaces_the_same_municipality_years_only(tmp_path, placer):
    a, b = file_a(tmp_path), file_b(tmp_path)
    _, first = store([a], placer)
    _, second = store([b], placer)
    # Gent 2025 is in both: its 3 figures from file a are replaced; Vilvoorde (only in a)
    # keeps its figures; Zemst is new
    assert second.replaced == 3 and second.stored == 6
    assert rows() == {
        ("ACT_AANTAL", "44021", 2025): Decimal(1),
        ("ACT_SPEELDAGEN", "44021", 2025): Decimal(1),
        ("ACT_COORGANISATIE", "44021", 2025): Decimal(1),
        ("ACT_AANTAL", "23088", 2025): Decimal(1),
        ("ACT_SPEELDAGEN", "23088", 2025): Decimal(9),
        ("ACT_COORGANISATIE", "23088", 2025): Decimal(1),
        ("ACT_AANTAL", "23096", 2025): Decimal(1),
        ("ACT_SPEELDAGEN", "23096", 2025): Decimal(1),
        ("ACT_COORGANISATIE", "23096", 2025): Decimal(0),
    }
    first.batch.refresh_from_db()
    assert first.batch.row_count == 3  # 6 − Gent's 3
    assert yearly_values("ACT_AANTAL", 2025) == {
        "44021": Decimal(1),
        "23088": Decimal(1),
        "23096": Decimal(1),
    }
    # file a again: still the same import (its batch kept Vilvoorde), nothing changes
    _, again = store([a], placer)
    assert again.already and Measurement.objects.count() == 9


@pytest.mark.django_db
def test_unknown_municipality_writes_nothing(tmp_path, placer):
    counts = count_files([str(file_a(tmp_path))], placer)
    with pytest.raises(ValueError, match="23088") as exc:
        store_uit_counts(counts, sha256="0" * 64, file_name="a", municipalities={"44021"})
    assert "Er is niets bewaard" in str(exc.value)
    assert not Measurement.objects.exists() and not ImportBatch.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_cli_opslaan(tmp_path, bundle_dir):
    from samenspel.cli import main

    def run(*argv):
        out = io.StringIO()
        return main(list(argv), out=out), out.getvalue()

    assert run("data", "load", str(bundle_dir))[0] == 0
    f = write_ndjson(
        tmp_path / "gent.ndjson",
        [event(1), event(2, start="2024-05-01T20:00:00+02:00", end="2024-05-01T22:00:00+02:00")],
    )
    args = ("monitor", "import-uit", str(f), "--bundel", str(bundle_dir), "--opslaan")
    code, text = run(*args, "--format", "json")
    assert code == 0
    saved = json.loads(text)["opgeslagen"]
    # Gent: one event in 2024 and one in 2025, 3 indicators each = 6 measurements
    assert saved["metingen"] == 6 and saved["al_ingelezen"] is False
    assert yearly_values("ACT_AANTAL", 2024) == {"44021": Decimal(1)}
    code, text = run(*args)
    assert code == 0 and "Bewaard: Deze UiTdatabank-bestanden zijn al ingelezen op " in text
    assert Measurement.objects.count() == 6
    # without --opslaan nothing is written (the command only reports)
    Measurement.objects.all().delete()
    ImportBatch.objects.all().delete()
    assert run("monitor", "import-uit", str(f), "--bundel", str(bundle_dir))[0] == 0
    assert not Measurement.objects.exists()


def test_the_same_dump_compressed_twice_is_the_same_import(tmp_path):
    # gzip writes the compression time into its header: two .gz files of one dump differ in
    # their bytes but hold the same events, so their digest (and the import's identity) is equal.
    import gzip

    from samenspel.monitor.loading import file_digest

    dump = b'{"@id": "https://io.uitdatabank.be/event/1"}\n'
    a, b, c = tmp_path / "a.ndjson.gz", tmp_path / "b.ndjson.gz", tmp_path / "c.ndjson"
    a.write_bytes(gzip.compress(dump, mtime=0))
    b.write_bytes(gzip.compress(dump, mtime=1_700_000_000))
    c.write_bytes(dump)
    assert a.read_bytes() != b.read_bytes()
    assert file_digest(a) == file_digest(b) == file_digest(c)
    broken = tmp_path / "kapot.ndjson.gz"
    broken.write_bytes(gzip.compress(dump)[:-6])  # cut off: hashed on its bytes, no crash
    assert len(file_digest(broken)) == 64
