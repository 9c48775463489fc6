"""Loading the bundle's indicators/ folder and measurement files into the database."""

import csv
import io
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from samenspel.cli import main
from samenspel.monitor.loading import (
    HEADER,
    ImportResult,
    IndicatorLoadError,
    import_measurements,
    load_indicators,
)
from samenspel.monitor.models import ImportBatch, Indicator, Measurement

REAL = Path("/work/shared/data")
SRC = "github:o/r@c:p"
NOTE = "pre-2025 municipality, merged into 44087 Lochristi on 2025-01-01; value not aggregated"


def write(folder: Path, name: str, rows: list[list]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / name).open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(rows)
    return folder / name


def survey_rows():
    """Satisfaction with cultural facilities (GSM_CU_S_08), one row per surveyed area of 2023:
    Lochristi and Wachtebeke (merged into 44087 Lochristi) keep one row each."""
    gsm = ["GSM_CU_S_08", "Tevredenheid", 2023]
    return [
        ["43005", "Eeklo", "43005", "Eeklo", *gsm, 60, "%", SRC, ""],
        ["44019", "Evergem", "44019", "Evergem", *gsm, 70, "%", SRC, ""],
        ["44084", "Aalter", "44084", "Aalter", *gsm, 80, "%", SRC, ""],
        ["44021", "Gent", "44021", "Gent", *gsm, 90, "%", SRC, ""],
        ["44087", "Lochristi", "44034", "Lochristi", *gsm, 50, "%", SRC, NOTE],
        ["44087", "Lochristi", "44073", "Wachtebeke", *gsm, 40, "%", SRC, NOTE],
        ["44088", "Merelbeke-Melle", "44088", "Merelbeke-Melle", *gsm, 65, "%", SRC, ""],
        ["73109", "Voeren", "73109", "Voeren", *gsm, 55, "%", SRC, ""],
    ]


def finance_rows():
    jr = ["BBC_JR_INV_TOTAAL", "Investeringen", 2023]
    mjp = ["BBC_MJP2020_INV_0703_EUR_INW", "Gepland", 2024]
    return [
        ["44021", "Gent", "", "gent", *jr, 123.45, "EUR per inwoner", SRC, ""],
        ["44021", "Gent", "", "gent", "BBC_JR_INV_BV070", "x", 2024, -1.5, "EUR", SRC, ""],
        ["44021", "Gent", "44021", "", *mjp, "3.24492e+06", "EUR per inwoner", SRC, ""],
        ["43005", "Eeklo", "43005", "", *mjp, "nan", "EUR per inwoner", SRC, ""],
    ]


@pytest.fixture
def folder(tmp_path):
    f = tmp_path / "indicators"
    write(f, "gsm.csv", survey_rows())
    write(f, "bbc.csv", finance_rows())
    return f


def test_load_keeps_former_municipalities_apart(loaded, folder):
    report = load_indicators(folder)
    # 8 survey rows + 3 finance rows; the 'nan' row is skipped and counted
    assert report.counts == {
        "bestanden": 2,
        "ongewijzigd": 0,
        "indicatoren": 4,
        "metingen": 11,
        "overgeslagen (nan)": 1,
    }
    assert Measurement.objects.count() == 11
    lochristi = Measurement.objects.filter(indicator__code="GSM_CU_S_08", refnis="44087")
    assert sorted(lochristi.values_list("part_refnis", "part_name", "value")) == [
        ("44034", "Lochristi", Decimal(50)),
        ("44073", "Wachtebeke", Decimal(40)),
    ]
    # a municipality that did not merge has no part
    assert Measurement.objects.get(indicator__code="GSM_CU_S_08", refnis="44021").part_refnis == ""
    # scientific notation of the source is read as the number it is
    assert Measurement.objects.get(indicator__code="BBC_MJP2020_INV_0703_EUR_INW").value == Decimal(
        "3244920"
    )
    ind = Indicator.objects.get(code="GSM_CU_S_08")
    assert ind.kind == "survey" and ind.source_url == SRC
    assert "vóór de fusie" in ind.caveat
    # the starting set is there too
    assert Indicator.objects.filter(code="ACT_AANTAL").exists()


def test_loading_the_same_folder_again_changes_nothing(loaded, folder):
    load_indicators(folder)
    ids = set(Measurement.objects.values_list("id", flat=True))
    report = load_indicators(folder)
    assert report.counts["ongewijzigd"] == 2 and report.counts["metingen"] == 0
    assert set(Measurement.objects.values_list("id", flat=True)) == ids
    # a changed file replaces the measurements of its previous version, not adds to them
    rows = survey_rows()
    rows[0][7] = 61
    write(folder, "gsm.csv", rows)
    report = load_indicators(folder)
    assert report.counts["ongewijzigd"] == 1 and report.counts["metingen"] == 8
    assert Measurement.objects.count() == 11
    assert Measurement.objects.get(refnis="43005", indicator__code="GSM_CU_S_08").value == 61


def test_a_bad_file_writes_nothing(loaded, folder):
    rows = finance_rows()
    rows[0][0] = "99999"
    write(folder, "bbc.csv", rows)
    write(folder, "vreemd.csv", [["44021", "Gent", "44021", "", "XYZ", "x", 2024, 1, "", SRC, ""]])
    with pytest.raises(IndicatorLoadError) as exc:
        load_indicators(folder)
    assert exc.value.problems == [
        "bbc.csv, regel 2, kolom refnis: '99999' is geen Vlaamse gemeente van 2025.",
        "vreemd.csv, regel 2, kolom indicator_code: Indicator XYZ staat niet in de catalogus "
        "van Samenspel.",
    ]
    assert Measurement.objects.count() == 0 and Indicator.objects.count() == 0


def test_values_and_comparison(loaded, folder):
    from samenspel.atlas.services import get_atlas
    from samenspel.monitor.services import compare_partners, municipality_values

    load_indicators(folder)
    values = municipality_values("GSM_CU_S_08", 2023)
    assert values["44021"].value == Decimal(90) and not values["44021"].parts
    # the merged municipality has no single value: its parts are shown, not combined
    assert values["44087"].value is None
    assert [(p, v) for p, _n, v in values["44087"].parts] == [
        ("44034", Decimal(50)),
        ("44073", Decimal(40)),
    ]
    rows = compare_partners(get_atlas(), "noord", "GSM_CU_S_08", 2023)
    got = [(r.label, r.value, r.areas, r.kind) for r in rows]
    assert got == [
        ("Aalter", 80.0, 1, "partner"),
        ("Eeklo", 60.0, 1, "partner"),
        ("Evergem", 70.0, 1, "partner"),
        # Regio Gent: Eeklo 60, Evergem 70, Aalter 80, Gent 90, Lochristi 50, Wachtebeke 40
        # (Nazareth-De Pinte not measured) → 390 / 6 = 65
        ("Gemiddelde referentieregio Regio Gent", 65.0, 6, "referentieregio"),
        ("Gemiddelde centrumsteden", 90.0, 1, "centrumsteden"),
        # all eight measured areas: (60+70+80+90+50+40+65+55) / 8 = 510 / 8 = 63,75
        ("Gemiddelde Vlaanderen", 63.75, 8, "vlaanderen"),
    ]


def csv_file(*lines):
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_import_is_all_or_nothing_and_not_repeated(loaded):
    bad = csv_file("refnis;jaar;ACT_AANTAL", "44021;2024;300", "99999;2024;5")
    r = import_measurements("act.csv", bad)
    assert r.errors == [
        "act.csv, rij 3, kolom refnis: onbekende REFNIS-code '99999' (geen Vlaamse gemeente)."
    ]
    assert r.message() == "act.csv is niet ingelezen: 1 fout. Er is niets bewaard."
    assert Measurement.objects.count() == 0 and ImportBatch.objects.count() == 0
    assert Indicator.objects.count() == 0  # not even the catalogue is written
    good = csv_file("refnis;jaar;ACT_AANTAL", "44021;2024;300", "44088;2024;12")
    r = import_measurements("act.csv", good)
    assert r.ok and r.message() == "act.csv: 2 metingen ingelezen (ACT_AANTAL)."
    again = import_measurements("kopie.csv", good)
    assert again.already and again.batch == r.batch
    assert again.message().startswith("kopie.csv is al ingelezen op ")
    assert again.message().endswith("(2 metingen); er is niets gewijzigd.")
    assert Measurement.objects.count() == 2 and ImportBatch.objects.count() == 1


def test_import_message_counts_in_dutch_and_belgian_notation():
    # One row is "1 meting", not "1 metingen"; 1234 rows read "1.234 metingen" (Belgian
    # thousands separator); one error is "1 fout", two are "2 fouten".
    one = SimpleNamespace(row_count=1, indicator_set="ACT_AANTAL")
    assert ImportResult("a.csv", [], one).message() == "a.csv: 1 meting ingelezen (ACT_AANTAL)."
    many = SimpleNamespace(row_count=1234, indicator_set="ACT_AANTAL, DLN")
    assert (
        ImportResult("b.csv", [], many).message()
        == "b.csv: 1.234 metingen ingelezen (ACT_AANTAL, DLN)."
    )
    assert ImportResult("c.csv", ["x", "y"]).message() == (
        "c.csv is niet ingelezen: 2 fouten. Er is niets bewaard."
    )


def test_newest_import_and_manual_entry_win(loaded):
    from samenspel.monitor.services import yearly_values

    import_measurements("a.csv", csv_file("refnis;jaar;ACT_AANTAL", "44021;2024;300"))
    import_measurements("b.csv", csv_file("refnis;jaar;ACT_AANTAL", "44021;2024;310"))
    assert yearly_values("ACT_AANTAL", 2024) == {"44021": Decimal(310)}
    Measurement.objects.create(
        indicator=Indicator.objects.get(code="ACT_AANTAL"), refnis="44021", year=2024, value=305
    )
    assert yearly_values("ACT_AANTAL", 2024) == {"44021": Decimal(305)}


@pytest.mark.django_db(transaction=True)
def test_data_load_also_loads_the_indicators(bundle_dir):
    out = io.StringIO()
    assert main(["data", "load", str(bundle_dir)], out=out) == 0
    assert "Indicatoren" not in out.getvalue()  # no indicators/ folder: the old output only
    write(bundle_dir / "indicators", "gsm.csv", survey_rows())
    out = io.StringIO()
    assert main(["data", "load", str(bundle_dir)], out=out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"Bundel {bundle_dir} geladen: 8 gemeenten")
    assert lines[-1] == (
        "Indicatoren geladen: 1 bestanden, 0 ongewijzigd, 1 indicatoren, 8 metingen, "
        "0 overgeslagen (nan)."
    )


@pytest.mark.skipif(not REAL.exists(), reason="geen databundel in /work/shared/data")
def test_the_real_indicators_folder(db):
    from samenspel.atlas.loading import load_bundle

    load_bundle(REAL)
    report = load_indicators(REAL / "indicators")
    # wc -l gives 3589 + 1496 + 4369 + 33527 lines, minus 4 headers = 42.977 rows, of which
    # 37 have the value 'nan' (grep -c ',nan,') → 42.940 measurements
    data_rows = nan = 0
    for f in (REAL / "indicators").glob("*.csv"):
        with f.open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                data_rows += 1
                nan += r["value"] == "nan"
    assert (data_rows, nan) == (42_977, 37)
    assert report.counts == {
        "bestanden": 4,
        "ongewijzigd": 0,
        "indicatoren": 141,
        "metingen": 42_940,
        "overgeslagen (nan)": 37,
    }
    assert Measurement.objects.count() == 42_940
    # spot values from the files: Lokeren 79 % and Moerbeke 16 % satisfied with cultural
    # facilities, both under 46029; Aalst 2,75 € per inhabitant invested in sport in 2024
    lokeren = Measurement.objects.filter(indicator__code="GSM_CU_S_08", refnis="46029", year=2023)
    assert sorted(lokeren.values_list("part_name", "value")) == [
        ("Lokeren", Decimal(79)),
        ("Moerbeke", Decimal(16)),
    ]
    aalst = Measurement.objects.get(indicator__code="BBC_JR_INV_BV074", refnis="41002")
    assert (aalst.year, aalst.value) == (2024, Decimal("2.75"))


def test_the_indicator_page(loaded, folder, client):
    r = client.get("/monitor/")
    assert r.status_code == 200
    html = r.content.decode()
    # before any load: the starting set is listed, and nothing is written
    assert "ACT_AANTAL" in html and "Er zijn nog geen metingen geladen" in html
    assert Indicator.objects.count() == 0
    load_indicators(folder)
    r = client.get("/monitor/", {"formaat": "csv"})
    lines = r.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Code;Naam;Eenheid;Soort;Niveau;Richting;Bron")
    row = next(line for line in lines if line.startswith("GSM_CU_S_08;"))
    # 8 survey rows of 2023
    assert row.split(";")[9:11] == ["2023", "8"]
    html = client.get("/monitor/").content.decode()
    assert "Er zijn nog geen metingen geladen" not in html
    assert "Tevredenheid over culturele voorzieningen" in html


def test_template_download_and_a_bad_request(client, db):
    r = client.get("/monitor/sjabloon/", {"set": "financien", "formaat": "csv"})
    assert r["Content-Disposition"] == 'attachment; filename="sjabloon-financien.csv"'
    assert r.content.decode("utf-8-sig").splitlines()[0] == (
        "refnis;gemeente;igs;jaar;label;opmerking;IGS_BIJDRAGE;IGS_UITGAVEN;"
        "CULTUURBUDGET_PER_INW;STEUN_KLEINE_GEMEENTEN"
    )
    r = client.get("/monitor/sjabloon/", {"set": "<script>", "formaat": "pdf"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "Onbekende indicatorset &#x27;&lt;script&gt;&#x27; of formaat &#x27;pdf&#x27;" in html
    assert "kies een set uit activiteiten, financien en csv of xlsx." in html
