"""THE rounding rule for money, rates and Belgian number input (samenspel.core.numbers)."""

from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

import pytest

from samenspel.core.numbers import (
    CENT,
    format_eur,
    format_eur_compact,
    format_rate,
    parse_number,
    to_cents,
)

# ---------------------------------------------------------------------------------------------
# 1. One rounding rule
# ---------------------------------------------------------------------------------------------


def test_ecru_cofinancing_is_rounded_the_same_in_a_column_and_in_a_sentence():
    # ECRU (As, Beringen, Genk, Heusden-Zolder, Houthalen-Helchteren, Leopoldsburg,
    # Maasmechelen) has 248.921 inhabitants in municipalities-2025.csv. 2027 subsidy
    # 0,90 € × 248.921 = 224.028,90 €; cofinancing 75 % = 168.021,675 € → half up 168.021,68 €.
    # The field test showed 168.021,67 € in a column: Python's round() on the binary float
    # 168021.67499999… (round(0.9 * 248921 * 0.75, 2) == 168021.67).
    exact = Decimal("0.90") * 248_921 * Decimal("0.75")
    assert exact == Decimal("168021.675")
    assert to_cents(exact) == Decimal("168021.68")
    assert to_cents(0.9 * 248_921 * 0.75) == Decimal("168021.68")
    assert format_eur(exact) == format_eur(to_cents(exact)) == "168.021,68 €"


def test_half_up_not_half_even_where_they_differ():
    # 248.923 inhabitants: 0,675 € × 248.923 = 168.023,025 €, exactly half a cent. Half-even
    # would give 168.023,02 (2 is even); THE rule (half up) gives 168.023,03.
    exact = Decimal("0.675") * 248_923
    assert exact == Decimal("168023.025")
    assert exact.quantize(CENT, rounding=ROUND_HALF_EVEN) == Decimal("168023.02")  # not ours
    assert to_cents(exact) == Decimal("168023.03")
    assert format_eur(exact) == "168.023,03 €"
    assert format_eur(to_cents(exact)) == "168.023,03 €"


@pytest.mark.parametrize(
    ("value", "cents"),
    [
        (Fraction(1, 200), Decimal("0.01")),  # half a cent, exactly
        (Fraction(-1, 200), Decimal("-0.01")),  # half away from zero
        (Fraction(1, 3), Decimal("0.33")),
        (Fraction(2, 3), Decimal("0.67")),
        (0.125, Decimal("0.13")),  # the float is just below 0.125; its repr is not
        (Decimal("2.675"), Decimal("2.68")),  # round(2.675, 2) == 2.67 on floats
        (10, Decimal("10.00")),
    ],
)
def test_to_cents(value, cents):
    assert to_cents(value) == cents
    assert to_cents(value).as_tuple().exponent == -2


# ---------------------------------------------------------------------------------------------
# 5. Rates and compact amounts
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "unit", "text"),
    [
        (0.235, "€", "0,235 €"),  # not 0,24 €
        (Decimal("0.23"), "€/inw.", "0,23 €/inw."),  # the dot of "inw." stays a dot
        (0.235, "€/inw.", "0,235 €/inw."),
        (0.2, "€", "0,20 €"),  # at least 2 decimals
        (1, "€", "1,00 €"),
        (1234.5, "€", "1.234,50 €"),
        (Fraction(1, 3), "€", "0,333333 €"),  # at most 6 decimals
    ],
)
def test_format_rate_keeps_all_decimals(rate, unit, text):
    assert format_rate(rate, unit) == text


def test_format_eur_compact():
    assert format_eur_compact(4000) == "4.000 €"
    assert format_eur_compact(79417.44) == "79.417,44 €"
    assert format_eur_compact(Decimal("4000.5")) == "4.000,50 €"


# ---------------------------------------------------------------------------------------------
# 6. Belgian number input
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("250.000", Decimal("250000")),
        ("250.000,50", Decimal("250000.5")),
        ("250000,50", Decimal("250000.5")),
        ("250000.50", Decimal("250000.5")),
        ("1.234.567", Decimal("1234567")),
        ("0,235", Decimal("0.235")),
        ("0.235", Decimal("0.235")),  # a leading 0 is no thousands group
        ("1.5", Decimal("1.5")),
        ("1500.250", Decimal("1500.25")),  # four digits before the dot: no thousands group
        (" 250.000 € ", Decimal("250000")),
        ("250\u00a0000,50\u00a0€", Decimal("250000.5")),
        ("€ 4.000", Decimal("4000")),
        ("-3", Decimal("-3")),
        ("\u22123", Decimal("-3")),
        (",5", Decimal("0.5")),
    ],
)
def test_parse_number_reads_belgian_notation(text, value):
    assert parse_number(text, what="Bedrag") == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1,2,3", "maar één komma"),
        ("12.34.5", "groepen van drie"),
        ("1,234.5", "punt na de komma"),
        ("1.23,5", "groepen van drie"),
        ("abc", "geen getal"),
        ("1e5", "wetenschappelijke notatie"),
        ("1e26", "wetenschappelijke notatie"),
        ("1e308", "wetenschappelijke notatie"),
        ("1e999", "wetenschappelijke notatie"),
        ("inf", "geen getal"),
        ("nan", "geen getal"),
        ("", "geef een getal"),
        ("€", "geef een getal"),
        ("5,", "na de komma"),
        ("1 2", "spaties"),
        ("9" * 41, "te lang"),
        ("9" * 30, "veel te groot"),
    ],
)
def test_parse_number_refuses_in_dutch_naming_the_field(text, message):
    with pytest.raises(ValueError, match=message) as info:
        parse_number(text, what="Te verdelen bedrag")
    assert str(info.value).startswith("Te verdelen bedrag:")


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 1e308, True, None])
def test_parse_number_checks_numbers_that_are_not_text(value):
    with pytest.raises(ValueError, match="Bedrag"):
        parse_number(value, what="Bedrag", maximum=10**9)


def test_parse_number_bounds():
    assert parse_number("1.000.000.000", what="Bedrag", maximum=10**9) == 10**9
    with pytest.raises(
        ValueError, match=r"hoogstens 1\.000\.000\.000 € zijn, niet 1\.000\.000\.001 €"
    ):
        parse_number("1.000.000.001", what="Bedrag", maximum=10**9, unit="€")
    with pytest.raises(ValueError, match="minstens 0 zijn, niet -1"):
        parse_number("-1", what="Bedrag", minimum=0)
    with pytest.raises(ValueError, match="groter zijn dan 0, niet 0"):
        parse_number("0", what="Schaalexponent b", above=0)
    with pytest.raises(ValueError, match="hoogstens 2"):
        parse_number("10,005", what="Bedrag", decimals=2)
    # "1.235" as a rate is 1235 €, above the 1.000 € limit: the message explains the dot.
    with pytest.raises(ValueError, match="punt is gelezen als scheiding van duizendtallen"):
        parse_number("1.235", what="Bedrag per inwoner", maximum=1000, unit="€")


@pytest.mark.parametrize(
    "text",
    [
        "٢٥٠",  # Arabic-Indic 250: Decimal("٢٥٠") is 250 to Python
        "２５０.０００",  # full-width 250.000
        "۱۲,۵",  # Persian 12,5
        "²",  # superscript two: str.isdigit() says yes
        "25٠",  # one foreign digit among ASCII ones
        " 250.000 ٠ ",
    ],
)
def test_parse_number_refuses_digits_other_than_0_to_9(text):
    with pytest.raises(ValueError) as info:
        parse_number(text, what="Profijt van Eeklo")
    assert str(info.value) == (
        f"Profijt van Eeklo: '{text.strip()}' bevat andere cijfers dan 0 tot 9; typ het getal "
        "met de cijfers 0 tot 9."
    )


def test_only_foreign_digits_are_refused_not_belgian_notation():
    # 250.000,50: the dot groups thousands, the comma starts the decimals → 250000.50
    assert parse_number("250.000,50", what="Bedrag") == Decimal("250000.50")
    assert parse_number("250 000", what="Bedrag") == Decimal(250000)
    # a long text of foreign digits is shown cut at 40 characters, like every other text
    with pytest.raises(ValueError, match=f"^Bedrag: '{'٢' * 40}' bevat andere cijfers"):
        parse_number("٢" * 100, what="Bedrag")
