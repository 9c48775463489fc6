"""Downloads never carry a formula a user typed (CSV/formula injection)."""

import csv
import io

from openpyxl import load_workbook

from samenspel.core.tables import Column, Table, csv_text


def _table():
    return Table(
        "groepen",
        "Groepen",
        [Column("naam", "naam"), Column("bedrag", "bedrag", "eur")],
        [
            {"naam": '=HYPERLINK("http://x.invalid","klik")', "bedrag": -1234.5},
            {"naam": "@SUM(A1)", "bedrag": 10.0},
            {"naam": "Gent", "bedrag": 0.0},
        ],
    )


def test_xlsx_stores_formula_like_text_as_text_and_numbers_as_numbers():
    ws = load_workbook(io.BytesIO(_table().to_xlsx())).active
    assert ws["A2"].data_type == "s"
    assert ws["A2"].value == '=HYPERLINK("http://x.invalid","klik")'
    assert ws["A3"].value == "@SUM(A1)"
    assert ws["B2"].value == -1234.5  # a negative amount stays a number


def test_csv_puts_an_apostrophe_before_a_formula_but_not_before_a_negative_amount():
    rows = list(csv.reader(io.StringIO(_table().to_csv().decode("utf-8-sig")), delimiter=";"))
    assert rows[1] == ['\'=HYPERLINK("http://x.invalid","klik")', "-1234,50"]
    assert rows[2] == ["'@SUM(A1)", "10,00"]
    assert rows[3] == ["Gent", "0,00"]
    assert csv_text("-3") == "'-3" and csv_text("Gent") == "Gent"
