"""The shared reader of uploaded CSV and XLSX files (samenspel.core.sheets): filled rows with
the numbers a person sees, every limit refused in Dutch naming the file (and the row)."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from samenspel.core import sheets
from samenspel.core.sheets import Formula, SheetError, csv_rows, decode_text, xlsx_rows

LIMITS = {"max_unpacked": 2_000_000, "max_columns": 30, "max_scan_rows": 10_000}


def xlsx(rows=(), cells=(), sheet_names=()) -> bytes:
    """A workbook with ``rows`` on its first sheet, single ``cells`` (``("A9", value)``) and
    further empty sheets named ``sheet_names``."""
    wb = Workbook()
    for row in rows:
        wb.active.append(list(row))
    for ref, value in cells:
        wb.active[ref] = value
    for title in sheet_names:
        wb.create_sheet(title)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def with_unused_strings(data: bytes, extra: int) -> bytes:
    """``data`` (a workbook from :func:`xlsx`, whose cells hold their text inline) with a
    shared-string table of ``extra`` unused strings ``<si><t>a</t></si>``: 17 bytes each
    unpacked, next to nothing compressed. openpyxl reads the whole table when it opens the
    workbook."""
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    kind = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    rel = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                override = b'<Override PartName="/xl/sharedStrings.xml" ContentType="' + kind
                body = body.replace(b"</Types>", override + b'"/></Types>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                link = b'<Relationship Id="rId99" Type="' + rel + b'" Target="sharedStrings.xml"/>'
                body = body.replace(b"</Relationships>", link + b"</Relationships>")
            z.writestr(info.filename, body)
        strings = b'<?xml version="1.0"?><sst xmlns="' + main + b'">'
        z.writestr("xl/sharedStrings.xml", strings + b"<si><t>a</t></si>" * extra + b"</sst>")
    return out.getvalue()


def far_row(rows=(("gemeente", "bijdrage"), ("Eeklo", 1))) -> bytes:
    """5 kB, but one cell at row 1.048.575: openpyxl produces a million rows in between."""
    return xlsx(rows, cells=[("A1048575", "Evergem")])


# --- decoding ------------------------------------------------------------------------------


def test_the_encodings_excel_writes_are_read():
    text = "gemeente;bijdrage\r\nSint-Genesius-Rode;1\r\n"
    assert decode_text("b.csv", text.encode("utf-8")) == text
    assert decode_text("b.csv", "\ufeff".encode() + text.encode()) == text  # BOM dropped
    assert decode_text("b.csv", "Liège;2".encode("cp1252")) == "Liège;2"  # Windows "CSV"
    # "Unicode-tekst": UTF-16 LE with its BOM
    assert decode_text("b.txt", "\ufeffLiège\t2".encode("utf-16-le")) == "Liège\t2"


def test_nul_bytes_and_unreadable_bytes_are_refused_in_dutch():
    with pytest.raises(SheetError) as exc:
        decode_text("b.csv", b"gemeente;bijdrage\nEeklo\x00;1\n")
    assert exc.value.message == "b.csv: het bestand bevat NUL-tekens; dit is geen tekstbestand."
    assert exc.value.reason == "het bestand bevat NUL-tekens; dit is geen tekstbestand."
    assert exc.value.row == 0
    # 0x81 is neither UTF-8 (a lone continuation byte) nor a Windows-1252 character
    with pytest.raises(SheetError, match=r"^b.csv: de tekens zijn niet te lezen; bewaar het als"):
        decode_text("b.csv", b"Eeklo;\x81\n")


# --- CSV -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "gemeente;bijdrage\n\nEeklo;20.000,50\n",
        'gemeente,bijdrage\n\nEeklo,"20.000,50"\n',
        "gemeente\tbijdrage\n\nEeklo\t20.000,50\n",
        '\n  \n"gemeente, naam";bijdrage\nEeklo;20.000,50\n',  # the comma is quoted
    ],
)
def test_csv_separators_and_line_numbers(text):
    rows = list(csv_rows("b.csv", text, **{k: v for k, v in LIMITS.items() if k != "max_unpacked"}))
    # blank lines are skipped but counted: the line numbers are the ones an editor shows
    assert [cells[1] for _, cells in rows] == ["bijdrage", "20.000,50"]
    assert rows[1] == (3 if text.startswith("gemeente") else 4, ["Eeklo", "20.000,50"])


def test_csv_columns_beyond_the_limit_are_not_read():
    [(number, cells)] = csv_rows("b.csv", "a;b;c;d\n", max_columns=2, max_scan_rows=10)
    assert (number, cells) == (1, ["a", "b"])


def test_a_csv_of_blank_lines_stops_at_the_scan_limit():
    rows = csv_rows(
        "b.csv",
        "gemeente;bijdrage\n" + "\n" * 900_000,
        max_columns=30,
        max_scan_rows=10_000,
        shorter="een lijst van gemeenten is korter",
    )
    assert next(rows) == (1, ["gemeente", "bijdrage"])
    with pytest.raises(SheetError) as exc:
        next(rows)
    assert exc.value.message == (
        "b.csv loopt verder dan rij 10.000 (ook lege rijen tellen); een lijst van gemeenten is "
        "korter. Kopieer de rijen met gegevens naar een nieuw blad en laad dat op."
    )
    assert exc.value.reason.startswith("het bestand loopt verder dan rij 10.000 (ook lege")


def test_csv_errors_are_in_dutch_with_their_line():
    with pytest.raises(SheetError) as exc:
        list(
            csv_rows(
                "b.csv",
                "gemeente;bijdrage\n" + "E" * 200_000 + ";1\n",
                max_columns=30,
                max_scan_rows=10,
            )
        )
    assert exc.value.message == "b.csv, rij 2: geen geldige CSV (een veld is te lang)."
    assert (exc.value.row, exc.value.reason) == (2, "geen geldige CSV (een veld is te lang).")


# --- XLSX ----------------------------------------------------------------------------------


def test_xlsx_filled_rows_with_their_spreadsheet_numbers_and_values():
    data = xlsx([["refnis", "jaar", "waarde"], [44021, 2024, 27000.5], [], ["43005", "2024", None]])
    rows = list(xlsx_rows("m.xlsx", data, **LIMITS))
    # row 3 is empty: skipped, but row 4 keeps its number; every row is max_columns wide
    assert [n for n, _ in rows] == [1, 2, 4]
    assert rows[1][1][:4] == [44021, 2024, 27000.5, None]
    assert rows[2][1][:3] == ["43005", "2024", None]
    assert all(len(values) == 30 for _, values in rows)


def test_a_named_sheet_is_read_when_the_workbook_has_it():
    wb = Workbook()
    wb.active.title = "uitleg"
    wb.active.append(["code", "naam"])
    wb.create_sheet("metingen").append(["refnis", "jaar"])
    out = io.BytesIO()
    wb.save(out)
    [(_, values)] = xlsx_rows("m.xlsx", out.getvalue(), sheet="metingen", **LIMITS)
    assert values[:2] == ["refnis", "jaar"]
    [(_, values)] = xlsx_rows("m.xlsx", out.getvalue(), sheet="anders", **LIMITS)
    assert values[:2] == ["code", "naam"]  # no such sheet: the first one


def test_formulas_without_a_computed_value_are_marked_only_when_asked():
    # openpyxl stores "=1+1" without its value, as programs that do not calculate do
    data = xlsx([["gemeente", "bijdrage"], ["Eeklo", "=1+1"], ["Evergem", 2]])
    marked = list(xlsx_rows("b.xlsx", data, formulas=True, **LIMITS))
    assert marked[1][1][1] == "=1+1" and isinstance(marked[1][1][1], Formula)
    assert marked[2][1][1] == 2
    plain = list(xlsx_rows("b.xlsx", data, **LIMITS))
    assert plain[1][1][1] is None


def test_a_tiny_xlsx_reaching_row_a_million_stops_at_the_scan_limit(monkeypatch):
    produced = []
    real = sheets._sheet_rows

    def counting(*args):
        for row in real(*args):
            produced.append(1)
            yield row

    monkeypatch.setattr(sheets, "_sheet_rows", counting)
    data = far_row()
    assert len(data) < 10_000
    with pytest.raises(SheetError) as exc:
        list(xlsx_rows("b.xlsx", data, **LIMITS, shorter="een lijst van gemeenten is korter"))
    assert exc.value.message == (
        "b.xlsx loopt verder dan rij 10.000 (ook lege rijen tellen); een lijst van gemeenten is "
        "korter. Kopieer de rijen met gegevens naar een nieuw blad en laad dat op."
    )
    assert len(produced) == 10_001  # rows 1 to 10.001, not a million


def test_an_xlsx_declaring_a_huge_sheet_but_holding_two_rows_is_read():
    # Some programs write <dimension ref="A1:B1048576"/>; openpyxl would pad empty rows up to
    # it, the reader asks for no more than the scan limit and pads nothing after the last row.
    data = xlsx([["gemeente", "bijdrage"], ["Eeklo", 1]])
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(
                    b'<dimension ref="A1:B2" />', b'<dimension ref="A1:B1048576" />'
                )
                assert b"B1048576" in body
            z.writestr(info.filename, body)
    rows = list(xlsx_rows("b.xlsx", out.getvalue(), **LIMITS))
    assert [n for n, _ in rows] == [1, 2]


def test_an_xlsx_that_unpacks_too_large_is_refused_before_openpyxl_reads_it(monkeypatch):
    base = xlsx([["gemeente", "bijdrage"], ["Eeklo", 5]])
    [_, (_, values)] = xlsx_rows("b.xlsx", with_unused_strings(base, 10), **LIMITS)
    assert values[:2] == ["Eeklo", 5]  # the table itself is valid
    data = with_unused_strings(base, 150_000)
    # 150.000 × 17 bytes = 2.550.000 bytes of strings, plus some 10 kB of workbook: 2,6 MB
    assert len(data) < 20_000
    monkeypatch.setattr(sheets, "_open", lambda *a, **k: pytest.fail("openpyxl was called"))
    with pytest.raises(SheetError) as exc:
        list(xlsx_rows("b.xlsx", data, content="de bijdragen", **LIMITS))
    assert exc.value.message == (
        "b.xlsx is uitgepakt te groot (2,6 MB, hoogstens 2 MB). Kopieer het blad met de "
        "bijdragen naar een nieuw bestand, of bewaar het als .csv."
    )
    assert exc.value.reason.startswith("het bestand is uitgepakt te groot (2,6 MB")


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04 niet echt een zip",
        b"gemeente;bijdrage\n",
        "zip zonder werkboek",
    ],
)
def test_what_is_no_workbook_is_named_as_such(data):
    if isinstance(data, str):  # a valid zip that holds no workbook
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("notities.txt", data)
        data = out.getvalue()
    with pytest.raises(SheetError) as exc:
        list(xlsx_rows("b.xlsx", data, **LIMITS))
    assert exc.value.message == (
        "b.xlsx is geen geldig Excel-bestand (.xlsx); bewaar het opnieuw als .xlsx of .csv."
    )


def test_the_formula_pass_is_only_opened_for_a_file_with_formulas(monkeypatch):
    # Every row is padded to max_columns with None, so "a filled row has an empty cell" is
    # nearly always true: without the check, every upload would be parsed twice.
    opened = []
    real = sheets._open

    def counting(*args, **kwargs):
        opened.append(kwargs["data_only"])
        return real(*args, **kwargs)

    monkeypatch.setattr(sheets, "_open", counting)
    list(
        xlsx_rows("b.xlsx", xlsx([["gemeente", "bijdrage"], ["Eeklo", 5]]), formulas=True, **LIMITS)
    )
    assert opened == [True]  # values only
    opened.clear()
    list(
        xlsx_rows(
            "b.xlsx", xlsx([["gemeente", "bijdrage"], ["Eeklo", "=2+3"]]), formulas=True, **LIMITS
        )
    )
    assert opened == [True, False]  # values, then formulas
