"""The budget as it is (samenspel.funding.budget) and the fixed colour per method
(samenspel.funding.chart), with numbers worked out by hand."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from samenspel.funding import budget, chart
from samenspel.funding.analysis import KeySpec, Place, compare
from samenspel.partnerships.rules import RULES_2020, RULES_2027

# A small group and the municipalities of "Flanders" the file may name.
MEMBERS = {"43005": "Eeklo", "44019": "Evergem", "44084": "Aalter"}
EVERYONE = {**MEMBERS, "44021": "Gent", "44040": "Melle"}


def _xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _problems(filename, data, members=MEMBERS) -> list[str]:
    with pytest.raises(budget.ContributionError) as info:
        budget.read_contributions(filename, data, members, EVERYONE)
    return info.value.problems


# --- the cofinancing verdict ---------------------------------------------------------------


def test_cofinancing_verdict_flips_at_the_required_share():
    # 200.000 inhabitants: subsidy 0,90 € × 200.000 = 180.000,00 € (above the 100.000 € minimum);
    # the municipalities must bring 75 % of it: 135.000,00 €.
    population = 200_000
    subsidy = RULES_2027.subsidy.amount(population)
    assert subsidy == Decimal("180000.00")
    enough = budget.cofinancing_verdict(RULES_2027, population, Decimal("135000.00"))
    assert enough.ok and enough.need == Decimal("135000.00") and enough.gap == 0
    assert enough.text == "de gemeenten brengen 135.000,00 € in (minstens 135.000,00 €)"
    assert enough.source == RULES_2027.conditions[-1].source

    just_above = budget.cofinancing_verdict(RULES_2027, population, Decimal("135000.01"))
    assert just_above.ok and just_above.margin == Decimal("0.01")

    just_below = budget.cofinancing_verdict(RULES_2027, population, Decimal("134999.99"))
    assert not just_below.ok and just_below.gap == Decimal("0.01")
    assert just_below.text == "de gemeenten brengen 134.999,99 € in, 0,01 € te weinig"


def test_cofinancing_verdict_reads_the_share_from_the_rule_set():
    # The 2020 rules ask 100 % of the (at most) 100.000 € subsidy: 99.999,99 € is too little,
    # where under the 2027 rules (75 % of 100.000 € for 90.000 inhabitants = 75.000 €) it is plenty.
    assert not budget.cofinancing_verdict(RULES_2020, 90_000, Decimal("99999.99")).ok
    later = budget.cofinancing_verdict(RULES_2027, 90_000, Decimal("99999.99"))
    assert later.ok and later.need == Decimal("75000.00")


def test_group_verdict_with_too_little_cofinancing_does_not_qualify():
    # 90.000 inhabitants in one referentieregio: qualifies, unless the municipalities bring less
    # than 75.000,00 €.
    places = [
        Place("1", "A", 50_000, None, "R", 0, 0, 1),
        Place("2", "B", 40_000, None, "R", 0, 0, 1),
    ]
    assert budget.group_verdict(places, [("1", "2")], RULES_2027, Decimal(75_000)).eligible
    short = budget.group_verdict(places, [("1", "2")], RULES_2027, Decimal("74999.99"))
    assert not short.eligible and short.subsidy_eur == 0
    assert "0,01 € te weinig" in " ".join(short.reasons)


# --- the change against today --------------------------------------------------------------


def test_change_against_today_for_the_per_inhabitant_key():
    # Eeklo 20.000, Evergem 40.000, Aalter 30.000 inhabitants split 75.000 € per inhabitant:
    # 75.000 × 2/9 = 16.666,67 (the spare cent), × 4/9 = 33.333,33, × 3/9 = 25.000,00.
    # Today they pay 20.000, 30.000 and 25.000: changes −3.333,33, +3.333,33 and 0,00; total 0,00.
    places = [
        Place("43005", "Eeklo", 20_000, 20_000.0, "Regio Gent", 3.5, 51.2, 30.0),
        Place("44019", "Evergem", 40_000, 20_000.0, "Regio Gent", 3.7, 51.1, 70.0),
        Place("44084", "Aalter", 30_000, 20_000.0, "Regio Gent", 3.4, 51.1, 80.0),
    ]
    cmp = compare(places, [], [KeySpec("inwoners")], amount=Decimal(75_000))
    today = {"43005": Decimal(20_000), "44019": Decimal(30_000), "44084": Decimal(25_000)}
    result = budget.changes(
        "inwoners", "naar inwonersaantal", cmp.results[0].allocation.amounts(), today, MEMBERS
    )
    assert [(r.name, r.amount, r.text) for r in result.rows] == [
        ("Eeklo", Decimal("16666.67"), "\u22123.333,33 €"),
        ("Evergem", Decimal("33333.33"), "+3.333,33 €"),
        ("Aalter", Decimal("25000.00"), "0,00 €"),
    ]
    assert result.total_today == Decimal(75_000) and result.total_text == "0,00 €"


def test_format_change_has_a_sign():
    assert budget.format_change(Decimal("1234")) == "+1.234,00 €"
    assert budget.format_change(Decimal("-1234.005")) == "\u22121.234,01 €"  # half up
    assert budget.format_change(Decimal("-0.004")) == "0,00 €"


# --- reading a file ------------------------------------------------------------------------


def test_xlsx_happy_path_with_numbers_and_belgian_text():
    data = _xlsx(
        [
            ["REFNIS", "gemeente", "bijdrage"],
            ["43005", "Eeklo", 20_000],
            [44019, "Evergem", "30.000,50"],  # a REFNIS typed as a number, an amount as text
            ["44084", "Aalter", 25_000.25],
        ]
    )
    got = budget.read_contributions("bijdragen.xlsx", data, MEMBERS, EVERYONE)
    assert got == {
        "43005": Decimal(20_000),
        "44019": Decimal("30000.50"),
        "44084": Decimal("25000.25"),
    }


def test_csv_with_semicolons_bom_and_names():
    text = "\ufeffgemeente;bijdrage\nEeklo;20.000\nevergem;30.000,50\nAALTER;0\n"
    got = budget.read_contributions("b.csv", text.encode("utf-8"), MEMBERS, EVERYONE)
    assert got == {"43005": Decimal(20_000), "44019": Decimal("30000.50"), "44084": Decimal(0)}


def test_csv_with_commas_and_a_quoted_decimal_comma_in_windows_1252():
    text = 'REFNIS,bijdrage\n43005,20000\n44019,"30.000,50"\n44084,250.5\n'
    got = budget.read_contributions("b.csv", text.encode("cp1252"), MEMBERS, EVERYONE)
    assert got["44019"] == Decimal("30000.50") and got["44084"] == Decimal("250.5")


def test_wrong_column():
    data = b"REFNIS;bedrag\n43005;1\n"
    assert _problems("bijdragen.csv", data) == [
        "bijdragen.csv, rij 1: de kolom 'bijdrage' ontbreekt (gevonden: 'REFNIS', 'bedrag'). "
        "De eerste rij noemt de kolommen: REFNIS of gemeente, en bijdrage."
    ]


def test_unknown_municipality_and_one_outside_the_group_with_row_numbers():
    data = _xlsx(
        [
            ["gemeente", "bijdrage"],
            ["Eeklo", 1],
            ["Atlantis", 2],
            ["Gent", 3],
            ["Evergem", 4],
            ["Aalter", 5],
        ]
    )
    assert _problems("bijdragen.xlsx", data) == [
        "bijdragen.xlsx, rij 3, kolom A (gemeente): onbekende gemeente 'Atlantis'.",
        "bijdragen.xlsx, rij 4, kolom A (gemeente): Gent (44021) hoort niet bij deze groep.",
    ]


def test_negative_amount_and_not_a_number_and_nothing_is_applied():
    text = "REFNIS;bijdrage\n43005;-500\n44019;12,3,4\n44084;1000\n"
    assert _problems("bijdragen.csv", text.encode()) == [
        "bijdragen.csv, rij 2, kolom B (bijdrage): een bijdrage kan niet negatief zijn "
        "(-500,00 €).",
        "bijdragen.csv, rij 3, kolom B (bijdrage): '12,3,4' is dubbelzinnig: er mag maar één "
        "komma in staan, voor de decimalen (bv. 250.000,50).",
    ]


def test_unknown_refnis_twice_empty_and_missing_member():
    text = "REFNIS;bijdrage\n99999;1\n43005;1\n43005;2\n44019;\n"
    assert _problems("b.csv", text.encode()) == [
        "b.csv, rij 2, kolom A (REFNIS): er is geen gemeente met REFNIS-code 99999.",
        "b.csv, rij 4, kolom A (REFNIS): Eeklo staat er al in rij 3.",
        "b.csv, rij 5, kolom B (bijdrage): geen bijdrage ingevuld (0 mag).",
        "b.csv: geen rij voor Aalter; elke gemeente van de groep hoort erin (0 mag).",
    ]


def test_file_limits_and_types():
    assert _problems("b.csv", b"") == ["b.csv is leeg."]
    big = b"REFNIS;bijdrage\n" + b"43005;1\n" * (budget.MAX_UPLOAD_BYTES // 8 + 1)
    assert _problems("b.csv", big)[0].startswith("b.csv is te groot (1,0 MB); hoogstens 1 MB")
    rows = "REFNIS;bijdrage\n" + "43005;1\n" * (budget.MAX_ROWS + 1)
    assert _problems("b.csv", rows.encode()) == [
        "b.csv telt meer dan 1.000 rijen; zo veel gemeenten zijn er niet."
    ]
    assert _problems("b.xls", b"x") == [
        "b.xls is in het oude Excel-formaat (.xls); bewaar het als .xlsx of .csv."
    ]
    assert _problems("b.xlsx", b"not a zip") == [
        "b.xlsx is geen geldig Excel-bestand (.xlsx); bewaar het opnieuw als .xlsx of .csv."
    ]
    assert _problems("b.pdf", b"%PDF") == ["b.pdf: alleen een .xlsx- of .csv-bestand kan."]


# --- colours -------------------------------------------------------------------------------


def _places():
    return [
        Place("1", "A", 10_000, 18_000.0, "R", 3.0, 51.0, 10.0),
        Place("2", "B", 20_000, 22_000.0, "R", 3.1, 51.0, 10.0),
        Place("3", "C", 30_000, 20_000.0, "R", 3.2, 51.0, 10.0),
    ]


def test_shapley_has_the_same_colour_in_two_comparisons_with_different_keys():
    one = compare(_places(), [], [KeySpec("inwoners"), KeySpec("gelijk")], amount=90_000)
    two = compare(_places(), [], [KeySpec("draagkracht")], amount=90_000)
    partners = [(p.refnis, p.name) for p in one.partners]
    legend_one = chart.bar_chart(partners, chart.series_of(one))["legend"]
    legend_two = chart.bar_chart(partners, chart.series_of(two))["legend"]
    # Shapley is the 3rd series of the first comparison and the 2nd of the second
    assert [entry["code"] for entry in legend_one].index("shapley") == 2
    assert [entry["code"] for entry in legend_two].index("shapley") == 1
    colour = {e["code"]: e["colour"] for e in legend_one}
    assert colour["shapley"] == {e["code"]: e["colour"] for e in legend_two}["shapley"]
    assert colour["shapley"] == chart.METHOD_COLOURS["shapley"]
    # the bars use the same colour as the legend
    bars = chart.bar_chart(partners, chart.series_of(two))["groups"][0]["bars"]
    assert {b["code"]: b["colour"] for b in bars}["shapley"] == colour["shapley"]


def test_every_method_colour_is_distinct_and_has_contrast():
    colours = list(chart.METHOD_COLOURS.values())
    assert len(set(colours)) == len(colours)
    # WCAG 1.4.11: graphical objects at least 3:1 against the white page
    assert min(chart.contrast_with_white(c) for c in colours) >= 3.0
    # worked example: black on white is (1 + 0,05) / (0 + 0,05) = 21
    assert chart.contrast_with_white("#000000") == pytest.approx(21.0)


def test_bar_chart_geometry_in_percent():
    # values 0…100 and −50: the span is 150, zero at 50/150 = 33,33 %; 100 is 66,67 % wide
    series = [("inwoners", "x", {"1": 100.0, "2": -50.0})]
    geo = chart.bar_chart([("1", "A"), ("2", "B")], series)
    assert geo["zero"] == "33.33%"
    a, b = geo["groups"][0]["bars"][0], geo["groups"][1]["bars"][0]
    assert (a["x"], a["w"], a["text"]) == ("33.33%", "66.67%", "100 €")
    assert (b["x"], b["w"]) == ("0.00%", "33.33%")
