"""Reading an uploaded CSV or XLSX file row by row, bounded against hostile files (pure: no
Django).

Shared by every upload that holds a table (the Verdeelsleutel's contributions,
:mod:`samenspel.funding.budget`; the Monitor's measurements, :mod:`samenspel.monitor.measurements`).
Each caller gives its own limits and wraps :class:`SheetError` into its own error type.

* :func:`decode_text`: the text of a CSV: UTF-16 with a BOM (Excel's "Unicode-tekst"), UTF-8
  with or without BOM, or Windows-1252 (what Excel on Windows writes as "CSV"); NUL bytes are
  refused (no text file holds them).
* :func:`csv_rows`: the filled rows of a CSV separated by ``;`` (Excel in Belgium), a tab or
  ``,``; the csv module's English errors in Dutch.
* :func:`xlsx_rows`: the filled rows of the first worksheet (or a named one) of an XLSX, read
  with openpyxl in read-only mode, after checking the size of the zip once unpacked: a 50 kB
  upload can unpack to 20 MB of shared strings that openpyxl needs 17 s and 180 MB to read.

Both readers yield ``(row_number, values)`` for the rows that hold anything (the number as the
spreadsheet shows it, the first row is 1; for a CSV the line number), at most ``max_columns``
values per row, and stop with a :class:`SheetError` once they look at row ``max_scan_rows + 1``,
empty rows included: a 5 kB XLSX with one cell at row 1.048.575 makes openpyxl produce a
million empty rows, a CSV may hold a million blank lines. They are generators: a caller that has
read enough stops early, and the workbook is closed when the generator is.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

from samenspel.core.numbers import format_number

__all__ = ["Formula", "SheetError", "csv_rows", "decode_text", "filled", "xlsx_rows"]


class SheetError(ValueError):
    """A file that cannot be read (Dutch).

    ``message`` names the file (and the row, when there is one) and is a whole sentence;
    ``reason`` is the same without the file and row, for a caller that writes those itself
    (``m.xlsx, rij 4: <reason>``); ``row`` is 0 when the problem is the file as a whole.
    """

    def __init__(self, file: str, text: str, *, row: int = 0, predicate: bool = False):
        self.file = file
        self.row = row
        if predicate:  # ``text`` says what the file is or does: "is uitgepakt te groot …"
            self.reason = f"het bestand {text}"
            self.message = f"{file} {text}"
        else:
            self.reason = text
            self.message = f"{file}{f', rij {row}' if row else ''}: {text}"
        super().__init__(self.message)


class Formula(str):
    """A cell that holds a formula without a computed value (the file was written by a program
    that does not calculate, e.g. openpyxl): its text (``=1+1``), so a message can show it."""


def filled(row: Sequence[Any]) -> bool:
    """Does the row hold anything but empty cells and spaces?"""
    if row.count(None) == len(row):  # the common empty row, at C speed (250k of them: 1 s less)
        return False
    return any(v is not None and str(v).strip() for v in row)


# --- CSV -----------------------------------------------------------------------------------


def decode_text(name: str, data: bytes) -> str:
    """The text of an uploaded CSV; :class:`SheetError` when it is no text."""
    unreadable = SheetError(name, "de tekens zijn niet te lezen; bewaar het als CSV UTF-8.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode-tekst": UTF-16
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise unreadable from None
    if b"\x00" in data:
        raise SheetError(name, "het bestand bevat NUL-tekens; dit is geen tekstbestand.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")  # what Excel on Windows writes as "CSV"
        except UnicodeDecodeError:
            raise unreadable from None


_QUOTED = re.compile(r'"[^"]*"')


def delimiter_of(text: str) -> str:
    """The separator of a CSV: the most frequent of ``;``, tab and ``,`` on its first line with
    text (outside quotes); on a tie ``;`` before tab before ``,`` (Excel in Belgium writes
    ``;``)."""
    # line by line, not text.splitlines(): that splits a whole 20 MB file for its first line
    first = next((line for line in io.StringIO(text, newline=None) if line.strip()), "")
    first = _QUOTED.sub("", first)
    return max(";\t,", key=first.count)


def _too_long(name: str, max_scan_rows: int, shorter: str) -> SheetError:
    return SheetError(
        name,
        f"loopt verder dan rij {format_number(max_scan_rows)} (ook lege rijen tellen); "
        f"{shorter}. Kopieer de rijen met gegevens naar een nieuw blad en laad dat op.",
        predicate=True,
    )


def _csv_reason(exc: csv.Error) -> str:
    """The csv module's English reason, in Dutch."""
    text = str(exc)
    if "field larger than field limit" in text:
        return "een veld is te lang"
    if "new-line character seen in unquoted field" in text:
        return "een regeleinde midden in een veld"
    if "unexpected end of data" in text:
        return "het bestand houdt midden in een veld op"
    return "de aanhalingstekens of scheidingstekens kloppen niet"


def csv_rows(
    name: str,
    text: str,
    *,
    max_columns: int,
    max_scan_rows: int,
    shorter: str = "een gewoon bestand is korter",
) -> Iterator[tuple[int, list[str]]]:
    """``(line number, cells)`` of every filled row of the CSV ``text`` (see the module
    docstring). ``shorter`` completes the message about a file that runs on too far (``een
    lijst van gemeenten is korter``)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text))
    try:
        for row in reader:
            if reader.line_num > max_scan_rows:
                raise _too_long(name, max_scan_rows, shorter)
            if filled(row):
                yield reader.line_num, row[:max_columns]
    except csv.Error as exc:
        raise SheetError(
            name, f"geen geldige CSV ({_csv_reason(exc)}).", row=reader.line_num
        ) from None


# --- XLSX ----------------------------------------------------------------------------------


def _sheet_rows(ws: Any, max_columns: int, max_rows: int) -> Iterator[tuple[Any, ...]]:
    """The values of a read-only worksheet, row by row from row 1, empty rows included (each
    ``max_columns`` wide), at most ``max_rows`` rows (a test counts them)."""
    return ws.iter_rows(max_col=max_columns, max_row=max_rows, values_only=True)


def _open(name: str, data: bytes, *, data_only: bool, sheet: str | None) -> tuple[Any, Any]:
    from openpyxl import load_workbook  # only when an XLSX is uploaded

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception:  # noqa: BLE001 - any broken workbook is the same to the user
        raise _broken(name) from None
    try:
        ws = wb[sheet] if sheet and sheet in wb.sheetnames else wb.worksheets[0]
    except Exception:  # noqa: BLE001 - a workbook without a worksheet
        wb.close()
        raise _broken(name) from None
    return wb, ws


def _broken(name: str) -> SheetError:
    return SheetError(
        name,
        "is geen geldig Excel-bestand (.xlsx); bewaar het opnieuw als .xlsx of .csv.",
        predicate=True,
    )


def unpacked_size(name: str, data: bytes) -> int:
    """The size of the XLSX (a zip) once unpacked, as its directory says (a lie there makes the
    zip module refuse the member later, which is reported as a broken file)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _broken(name) from None


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(data: bytes) -> bool:
    """Does any XML part of the XLSX hold a formula element (``<f>``)? Only then is a second,
    formula-reading pass worth its cost (it would double openpyxl's time on every file whose
    rows have empty cells, i.e. nearly all). Run after the unpacked size is checked; a false
    yes only costs that pass."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for info in z.infolist():
                if info.filename.endswith(".xml") and _FORMULA.search(z.read(info)):
                    return True
    except Exception:  # noqa: BLE001 - openpyxl will say what is broken
        return True
    return False


def xlsx_rows(
    name: str,
    data: bytes,
    *,
    max_unpacked: int,
    max_columns: int,
    max_scan_rows: int,
    formulas: bool = False,
    sheet: str | None = None,
    content: str = "de gegevens",
    shorter: str = "een gewoon bestand is korter",
) -> Iterator[tuple[int, list[Any]]]:
    """``(row number, values)`` of every filled row of the worksheet ``sheet`` (when the
    workbook has it, else the first one) of the XLSX ``data`` (see the module docstring).

    The values are what the file stores as computed: numbers, text, dates. With ``formulas``, an
    empty value whose cell holds a formula becomes a :class:`Formula` with its text (a second,
    formula-reading pass over the same rows, opened only when the file holds a formula and a
    filled row has an empty cell).
    ``content`` (``de bijdragen``) and ``shorter`` (``een lijst van gemeenten is korter``) make
    the messages about a file too large or too long speak of what the caller expects in it.
    """
    unpacked = unpacked_size(name, data)
    if unpacked > max_unpacked:
        raise SheetError(
            name,
            f"is uitgepakt te groot ({format_number(unpacked / 1e6, 1)} MB, hoogstens "
            f"{format_number(max_unpacked / 1e6)} MB). Kopieer het blad met {content} naar een "
            "nieuw bestand, of bewaar het als .csv.",
            predicate=True,
        )
    formulas = formulas and _has_formulas(data)
    wb, ws = _open(name, data, data_only=True, sheet=sheet)
    texts = None  # the formula-reading pass: (workbook, iterator, rows it has given)
    try:
        for number, values in enumerate(_sheet_rows(ws, max_columns, max_scan_rows + 1), 1):
            if number > max_scan_rows:
                raise _too_long(name, max_scan_rows, shorter)
            if not filled(values):
                continue
            row = list(values)
            if formulas and None in row:
                if texts is None:
                    fwb, fws = _open(name, data, data_only=False, sheet=sheet)
                    texts = [fwb, iter(_sheet_rows(fws, max_columns, max_scan_rows)), 0]
                _mark_formulas(row, number, texts)
            yield number, row
    except SheetError:
        raise
    except Exception:  # noqa: BLE001 - broken XML inside a valid zip
        raise _broken(name) from None
    finally:
        wb.close()
        if texts is not None:
            texts[0].close()


def _mark_formulas(row: list[Any], number: int, texts: list[Any]) -> None:
    """Put a :class:`Formula` in the empty cells of ``row`` (row ``number``) that hold one,
    advancing the formula pass to that row."""
    source = None
    while texts[2] < number:
        source = next(texts[1], None)
        texts[2] += 1
        if source is None:
            return
    if source is None:
        return
    for i, value in enumerate(source):
        if i < len(row) and row[i] is None and isinstance(value, str) and value.startswith("="):
            row[i] = Formula(value)
