"""Reading measurement files (CSV and XLSX): every bad row named with file, row, column and a
Dutch reason; templates per indicator set."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from samenspel.core import sheets
from samenspel.monitor.catalogue import starting_set
from samenspel.monitor.measurements import Reference, parse_file, template
from tests.core.test_sheets import with_unused_strings

REF = Reference(
    municipalities={"44021": "Gent", "44088": "Merelbeke-Melle", "43005": "Eeklo"},
    former={"44040": ("44088", "Melle")},
    igs={"zuid", "noord"},
    indicators=starting_set(),
)


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def xlsx_bytes(*rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_good_csv_in_belgian_notation():
    p = parse_file(
        "metingen.csv",
        csv_bytes(
            "refnis;gemeente;jaar;ACT_AANTAL;DEELNEMERS;BEREIK_BUITEN_GASTGEMEENTE",
            "44021;Gent;2024;300;45.000;12,5",
            "44088;Merelbeke-Melle;2024;12;;",
        ),
        REF,
    )
    assert p.ok, p.messages()
    got = {(r.indicator, r.refnis): r.value for r in p.rows}
    # 45.000 is forty-five thousand, 12,5 twelve and a half; empty cells are no measurement
    assert got == {
        ("ACT_AANTAL", "44021"): Decimal(300),
        ("DEELNEMERS", "44021"): Decimal(45000),
        ("BEREIK_BUITEN_GASTGEMEENTE", "44021"): Decimal("12.5"),
        ("ACT_AANTAL", "44088"): Decimal(12),
    }
    assert p.indicators == ("ACT_AANTAL", "DEELNEMERS", "BEREIK_BUITEN_GASTGEMEENTE")
    assert {r.row for r in p.rows} == {2, 3}


def test_comma_separated_csv_with_bom_and_an_igs_row():
    p = parse_file(
        "igs.csv",
        "\ufeffigs,jaar,STEUN_KLEINE_GEMEENTEN\nZuid,2024,40\n".encode(),
        REF,
    )
    assert p.ok, p.messages()
    assert [(r.igs, r.refnis, r.value) for r in p.rows] == [("zuid", "", Decimal(40))]


def test_a_good_xlsx_with_number_cells():
    p = parse_file(
        "metingen.xlsx",
        xlsx_bytes(
            ["refnis", "jaar", "ACT_AANTAL", "IGS_BIJDRAGE"],
            [44021, 2024, 300, 27000.5],
            ["43005", "2024", None, "3.000"],
        ),
        REF,
    )
    assert p.ok, p.messages()
    got = {(r.indicator, r.refnis): r.value for r in p.rows}
    assert got == {
        ("ACT_AANTAL", "44021"): Decimal(300),
        ("IGS_BIJDRAGE", "44021"): Decimal("27000.5"),
        ("IGS_BIJDRAGE", "43005"): Decimal(3000),
    }


def test_wrong_column():
    p = parse_file(
        "metingen.csv", csv_bytes("refnis;jaar;ACT_AANTAL;activiteiten", "44021;2024;3;4"), REF
    )
    assert not p.ok and not p.rows
    assert p.messages() == [
        "metingen.csv, rij 1, kolom activiteiten: onbekende kolom 'activiteiten': verwacht "
        "refnis of igs, jaar, label, opmerking, gemeente en codes van indicatoren "
        "(bv. ACT_AANTAL, ACT_BUITEN_CENTRUMSTAD, ACT_COORGANISATIE)."
    ]


def test_missing_columns():
    p = parse_file("m.csv", csv_bytes("gemeente;ACT_AANTAL", "Gent;3"), REF)
    assert p.messages() == [
        "m.csv, rij 1, kolom jaar: de kolom 'jaar' ontbreekt.",
        "m.csv, rij 1, kolom refnis: de kolom 'refnis' (of 'igs') ontbreekt.",
    ]


def test_every_bad_row_is_reported():
    p = parse_file(
        "metingen.csv",
        csv_bytes(
            "refnis;jaar;ACT_AANTAL;IGS_BIJDRAGE",
            "44021;2024;300;27.000",  # row 2: good
            "99999;2024;5;",  # row 3: unknown REFNIS
            "44088;2024;-5;",  # row 4: negative count
            "43005;2024;12,3,4;",  # row 5: not a number
            "44021;2024;310;",  # row 6: duplicate of row 2
            "44040;2024;7;",  # row 7: a former municipality
            "44088;20x4;7;",  # row 8: not a year
            "43005;2024;2,5;",  # row 9: a count must be whole
        ),
        REF,
    )
    assert p.messages() == [
        "metingen.csv, rij 3, kolom refnis: onbekende REFNIS-code '99999' (geen Vlaamse gemeente).",
        "metingen.csv, rij 4, kolom ACT_AANTAL: negatief getal (-5) niet toegestaan voor "
        "ACT_AANTAL.",
        "metingen.csv, rij 5, kolom ACT_AANTAL: waarde: '12,3,4' is dubbelzinnig: er mag maar "
        "één komma in staan, voor de decimalen (bv. 250.000,50).",
        "metingen.csv, rij 6, kolom ACT_AANTAL: dubbel: rij 2 heeft al een waarde voor "
        "ACT_AANTAL, 44021, 2024.",
        "metingen.csv, rij 7, kolom refnis: 44040 is Melle, sinds 1 januari 2025 deel van "
        "44088 Merelbeke-Melle: gebruik 44088 (zet de oude gemeente eventueel in de kolom "
        "label).",
        "metingen.csv, rij 8, kolom jaar: '20x4' is geen jaartal (tussen 1990 en 2100).",
        "metingen.csv, rij 9, kolom ACT_AANTAL: ACT_AANTAL telt hele eenheden: '2,5' is geen "
        "geheel getal.",
    ]
    assert p.error_count == 7


def test_xlsx_errors_name_the_spreadsheet_row():
    p = parse_file(
        "metingen.xlsx",
        xlsx_bytes(
            ["refnis", "jaar", "ACT_AANTAL"],
            [44021, 2024, 10],
            [],  # an empty row is skipped but still counts in the numbering
            ["12345", 2024, 10],
            [44088, 2024, -1],
        ),
        REF,
    )
    assert p.messages() == [
        "metingen.xlsx, rij 4, kolom refnis: onbekende REFNIS-code '12345' (geen Vlaamse "
        "gemeente).",
        "metingen.xlsx, rij 5, kolom ACT_AANTAL: negatief getal (-1) niet toegestaan voor "
        "ACT_AANTAL.",
    ]


def test_level_percent_and_area_checks():
    p = parse_file(
        "m.csv",
        csv_bytes(
            "refnis;igs;jaar;STEUN_KLEINE_GEMEENTEN;ACT_AANTAL;BEREIK_BUITEN_GASTGEMEENTE",
            "44021;;2024;30;;",
            ";zuid;2024;;4;",
            "44021;zuid;2024;;;",
            ";;2024;;;",
            "44088;;2024;;;120",
        ),
        REF,
    )
    assert p.messages() == [
        "m.csv, rij 2, kolom STEUN_KLEINE_GEMEENTEN: STEUN_KLEINE_GEMEENTEN wordt per IGS "
        "gemeten: vul de kolom igs in, niet refnis.",
        "m.csv, rij 3, kolom ACT_AANTAL: ACT_AANTAL wordt per gemeente gemeten: vul de kolom "
        "refnis in, niet igs.",
        "m.csv, rij 4, kolom igs: vul refnis of igs in, niet allebei.",
        "m.csv, rij 5, kolom refnis: geen gemeente (refnis) of IGS (igs) ingevuld.",
        "m.csv, rij 6, kolom BEREIK_BUITEN_GASTGEMEENTE: BEREIK_BUITEN_GASTGEMEENTE is een "
        "percentage: 120 is meer dan 100.",
    ]


def test_labels_make_separate_periods():
    p = parse_file(
        "m.csv",
        csv_bytes("refnis;jaar;label;ACT_AANTAL", "44021;2024;voorjaar;5", "44021;2024;najaar;7"),
        REF,
    )
    assert p.ok and [(r.label, r.value) for r in p.rows] == [
        ("voorjaar", Decimal(5)),
        ("najaar", Decimal(7)),
    ]


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("leeg.csv", b"", "leeg.csv: het bestand is leeg."),
        (
            "kapot.xlsx",
            b"PK\x03\x04 niet echt een zip",
            "kapot.xlsx: het bestand is geen geldig Excel-bestand (.xlsx); bewaar het opnieuw "
            "als .xlsx of .csv.",
        ),
        (
            "sjabloon.csv",
            b"refnis;jaar;ACT_AANTAL\n44021;2024;\n",
            "sjabloon.csv: het bestand bevat geen enkele waarde.",
        ),
    ],
)
def test_unreadable_files(name, content, message):
    assert parse_file(name, content, REF).messages() == [message]


def test_csv_template_reads_back_once_filled():
    body = template("activiteiten", areas=[("44021", "Gent"), ("43005", "Eeklo")], year=2024)
    text = body.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == (
        "refnis;gemeente;igs;jaar;label;opmerking;ACT_AANTAL;ACT_COORGANISATIE;DEELNEMERS;"
        "BEREIK_BUITEN_GASTGEMEENTE"
    )
    assert lines[1] == "44021;Gent;;2024;;;;;;"
    filled = text.replace("44021;Gent;;2024;;;;;;", "44021;Gent;;2024;;;300;4;1.200;35")
    p = parse_file("sjabloon.csv", filled.encode(), REF)
    assert p.ok, p.messages()
    assert sorted((r.indicator, r.value) for r in p.rows) == [
        ("ACT_AANTAL", Decimal(300)),
        ("ACT_COORGANISATIE", Decimal(4)),
        ("BEREIK_BUITEN_GASTGEMEENTE", Decimal(35)),
        ("DEELNEMERS", Decimal(1200)),
    ]


def test_xlsx_template_explains_its_indicators():
    body = template("financien", "xlsx", areas=[("44021", "Gent")], igs="zuid", year=2025)
    wb = load_workbook(io.BytesIO(body))
    assert wb.sheetnames == ["metingen", "uitleg"]
    rows = list(wb["metingen"].iter_rows(values_only=True))
    assert rows[0] == (
        "refnis",
        "gemeente",
        "igs",
        "jaar",
        "label",
        "opmerking",
        "IGS_BIJDRAGE",
        "IGS_UITGAVEN",
        "CULTUURBUDGET_PER_INW",
        "STEUN_KLEINE_GEMEENTEN",
    )
    # a row per municipality, and one for the IGS because the set has an IGS-level indicator
    assert rows[1][:4] == ("44021", "Gent", None, 2025)
    assert rows[2][:4] == (None, None, "zuid", 2025)
    codes = [r[0] for r in wb["uitleg"].iter_rows(min_row=2, values_only=True)]
    assert codes == [
        "IGS_BIJDRAGE",
        "IGS_UITGAVEN",
        "CULTUURBUDGET_PER_INW",
        "STEUN_KLEINE_GEMEENTEN",
    ]
    with pytest.raises(ValueError, match="Onbekende indicatorset"):
        template("bestaat-niet")


# --- hostile files (the limits of samenspel.core.sheets) ------------------------------------


def test_a_tiny_xlsx_reaching_row_a_million_is_refused(monkeypatch):
    # 5 kB, a good row 2 and one cell at row 1.048.575. Before the shared reader, parse_file
    # walked the million rows in between (0,7 s, 40 MB) and read row 1.048.575 as a
    # measurement; a wider sheet makes that slower. Now it stops at row 250.001.
    data = xlsx_bytes(["refnis", "jaar", "ACT_AANTAL"], [44021, 2024, 3])
    wb = load_workbook(io.BytesIO(data))
    wb.active["A1048575"], wb.active["B1048575"], wb.active["C1048575"] = 43005, 2024, 5
    buf = io.BytesIO()
    wb.save(buf)
    assert len(buf.getvalue()) < 10_000
    produced = []  # rows produced by each pass over the sheet (values, and formulas if read)
    real = sheets._sheet_rows

    def counting(*args):
        produced.append(0)
        pass_ = len(produced) - 1
        for row in real(*args):
            produced[pass_] += 1
            yield row

    monkeypatch.setattr(sheets, "_sheet_rows", counting)
    p = parse_file("ver.xlsx", buf.getvalue(), REF)
    assert p.messages() == [
        "ver.xlsx: het bestand loopt verder dan rij 250.000 (ook lege rijen tellen); metingen "
        "van alle 285 gemeenten over dertig jaar tellen zo'n 8.600 rijen. Kopieer de rijen met "
        "gegevens naar een nieuw blad en laad dat op."
    ]
    assert not p.ok
    assert produced[0] == 250_001  # row 250.001 is where it stops
    assert all(n <= 250_001 for n in produced)


def test_a_small_xlsx_whose_strings_unpack_to_twenty_megabytes_is_refused(monkeypatch):
    # Unused shared strings, 17 bytes each: openpyxl reads them all when it opens the file.
    # Measured before the shared reader: 1.150.000 of them (52 kB upload, 19,6 MB unpacked)
    # took parse_file 17 s and 180 MB; 2.900.000 (125 kB, 49 MB) 53 s and 380 MB.
    base = xlsx_bytes(["refnis", "jaar", "ACT_AANTAL"], [44021, 2024, 3])
    small = parse_file("m.xlsx", with_unused_strings(base, 10), REF)
    assert small.ok and [r.value for r in small.rows] == [Decimal(3)]
    # 1.200.000 × 17 bytes = 20.400.000 bytes, plus some 10 kB of workbook: 20,4 MB
    data = with_unused_strings(base, 1_200_000)
    assert len(data) < 100_000
    monkeypatch.setattr(sheets, "_open", lambda *a, **k: pytest.fail("openpyxl was called"))
    assert parse_file("m.xlsx", data, REF).messages() == [
        "m.xlsx: het bestand is uitgepakt te groot (20,4 MB, hoogstens 20 MB). Kopieer het blad "
        "met de metingen naar een nieuw bestand, of bewaar het als .csv."
    ]


def test_a_formula_without_a_computed_value_is_named_not_skipped():
    # openpyxl stores "=2*150" without its value; it used to read as an empty cell, so the
    # measurement silently went missing.
    p = parse_file(
        "m.xlsx", xlsx_bytes(["refnis", "jaar", "ACT_AANTAL"], [44021, 2024, "=2*150"]), REF
    )
    assert p.messages() == [
        "m.xlsx, rij 2, kolom ACT_AANTAL: '=2*150' is een formule zonder berekende waarde; open "
        "het bestand in Excel of LibreOffice en bewaar het opnieuw, of typ de waarde zelf."
    ]


def test_csv_encodings_and_errors_in_dutch():
    # Excel's "Unicode-tekst": UTF-16 with a BOM, tab separated
    text = "\ufeffrefnis\tjaar\tDEELNEMERS\r\n44021\t2024\t45.000\r\n"
    p = parse_file("m.txt", text.encode("utf-16-le"), REF)
    assert p.ok and [r.value for r in p.rows] == [Decimal(45000)]
    nul = parse_file("m.csv", b"refnis;jaar;ACT_AANTAL\n44021;2024;3\x00\n", REF)
    assert nul.messages() == ["m.csv: het bestand bevat NUL-tekens; dit is geen tekstbestand."]
    long = parse_file("m.csv", b"refnis;jaar;ACT_AANTAL\n44021;2024;" + b"3" * 200_000, REF)
    assert long.messages() == ["m.csv, rij 2: geen geldige CSV (een veld is te lang)."]


def test_digits_other_than_0_to_9_are_refused():
    # Arabic-Indic ٣٠٠ is 300 to Python; a value typed that way is named, not read silently
    p = parse_file("m.csv", csv_bytes("refnis;jaar;ACT_AANTAL", "44021;2024;٣٠٠"), REF)
    assert p.messages() == [
        "m.csv, rij 2, kolom ACT_AANTAL: waarde: '٣٠٠' bevat andere cijfers dan 0 tot 9; typ het "
        "getal met de cijfers 0 tot 9."
    ]


def test_a_value_too_big_for_the_database_column_is_named_not_stored():
    # Measurement.value is DecimalField(max_digits=20, decimal_places=6): 20 - 6 = 14 digits
    # before the comma, so 99.999.999.999.999 (14 nines) is the largest whole value it holds and
    # 100.000.000.000.000 (10^14, 15 digits) is one too many (PostgreSQL: "numeric field
    # overflow": the whole job would fail without naming the row).
    p = parse_file(
        "metingen.csv",
        csv_bytes(
            "refnis;jaar;ACT_AANTAL",
            "44021;2024;99.999.999.999.999",  # row 2: fits
            "44021;2023;100.000.000.000.000",  # row 3: one digit too many
        ),
        REF,
    )
    assert [r.value for r in p.rows] == [Decimal("99999999999999")]
    assert p.messages() == [
        "metingen.csv, rij 3, kolom ACT_AANTAL: waarde: 100.000.000.000.000 is te groot "
        "(hoogstens 99.999.999.999.999)."
    ]
