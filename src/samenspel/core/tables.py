"""Tables shown on pages, printed by the CLI and downloaded as CSV or XLSX (pure: no Django).

A :class:`Table` holds typed columns and plain rows. Pages render it, the CLI prints it as text
and every page offers it as CSV (semicolon-separated, Belgian decimal comma, UTF-8 with BOM so
that Excel in Belgium opens it right) and as XLSX (real numbers, formatted cells).

No download ever holds a formula: names and titles are text a user may have typed, and a cell
such as ``=HYPERLINK(…)`` would run when the file is opened (CSV/formula injection, OWASP). XLSX
cells that would become formulas are stored as text (:func:`no_formulas`); CSV text that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from samenspel.core.numbers import format_eur, format_number, format_percent


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text | int | eur | percent | decimal | number | link
    link_key: str | None = None  # row key holding the URL for kind 'link'

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "eur", "percent", "decimal", "number")


@dataclass
class Table:
    name: str  # file name stem for downloads
    title: str
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)
    caption: str = ""

    def display(self, col: Column, row: dict) -> str:
        v = row.get(col.key)
        if v is None or v == "":
            return "—"
        if col.kind == "int":
            return format_number(v)
        if col.kind == "eur":
            return format_eur(v)
        if col.kind == "percent":
            return format_percent(v)
        if col.kind == "decimal":
            return format_number(v, 1)
        if col.kind == "number":  # whole numbers without decimals, others with one
            return format_number(v, 0 if float(v).is_integer() else 1)
        if isinstance(v, bool):
            return "ja" if v else "nee"
        if isinstance(v, list | tuple):
            return ", ".join(str(x) for x in v)
        return str(v)

    def cells(self):
        """Rows as (column, display text, raw value) triples, for templates."""
        for row in self.rows:
            yield [(c, self.display(c, row), row) for c in self.columns]

    def to_text(self) -> str:
        grid = [[c.label for c in self.columns]]
        grid += [[self.display(c, r) for c in self.columns] for r in self.rows]
        widths = [max(len(line[i]) for line in grid) for i in range(len(self.columns))]
        out = [self.title, ""]
        for n, line in enumerate(grid):
            out.append(
                "  ".join(
                    cell.rjust(w) if self.columns[i].numeric else cell.ljust(w)
                    for i, (cell, w) in enumerate(zip(line, widths, strict=True))
                ).rstrip()
            )
            if n == 0:
                out.append("  ".join("-" * w for w in widths))
        return "\n".join(out) + "\n"

    def to_csv(self) -> bytes:
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=";")
        w.writerow([c.label for c in self.columns])
        for r in self.rows:
            w.writerow([_csv_value(c, r.get(c.key)) for c in self.columns])
        return ("\ufeff" + buf.getvalue()).encode("utf-8")

    def to_xlsx(self) -> bytes:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        wb = Workbook()
        ws = wb.active
        ws.title = self.name[:31]
        ws.append([c.label for c in self.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        formats = {
            "int": "#,##0",
            "eur": "#,##0.00 €",
            "percent": "0.0%",
            "decimal": "0.0",
            "number": "#,##0.##",
        }
        for r in self.rows:
            ws.append([_xlsx_value(c, r.get(c.key)) for c in self.columns])
        for i, c in enumerate(self.columns, start=1):
            letter = ws.cell(row=1, column=i).column_letter
            if c.kind in formats:
                for cell in ws[letter][1:]:
                    cell.number_format = formats[c.kind]
            ws.column_dimensions[letter].width = max(12, min(60, len(c.label) + 4))
        ws.freeze_panes = "A2"
        no_formulas(wb)
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()


#: Text that a spreadsheet program reads as the start of a formula when it opens a CSV file.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def no_formulas(workbook) -> None:
    """Store every cell of an openpyxl ``workbook`` that would be a formula as plain text.

    openpyxl turns a string that starts with ``=`` into a formula; exports never mean one."""
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def csv_text(value: str) -> str:
    """``value`` made safe for a CSV cell: an apostrophe before a formula-like start."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _plain(value):
    if isinstance(value, list | tuple):
        return ", ".join(str(x) for x in value)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return value


def _csv_value(col: Column, value):
    value = _plain(value)
    if value is None:
        return ""
    if col.numeric and isinstance(value, int | float):
        if col.kind == "percent":
            value = value * 100
        if col.kind == "number":
            text = str(int(value)) if float(value).is_integer() else f"{value:.2f}"
        elif col.kind in ("eur", "percent", "decimal"):
            text = f"{value:.2f}"
        else:
            text = str(int(value))
        return text.replace(".", ",")
    return csv_text(value) if isinstance(value, str) else value


def _xlsx_value(col: Column, value):
    value = _plain(value)
    return "" if value is None else value
