"""Belgian number notation (samenspel.core.numbers)."""

from decimal import Decimal
from fractions import Fraction

import pytest

from samenspel.core.numbers import format_eur, format_number, format_percent


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234567, 0, "1.234.567"),
        (1234.5, 2, "1.234,50"),
        (999, 0, "999"),
        (1000, 0, "1.000"),
        (-1234567.891, 2, "-1.234.567,89"),
        (0.125, 2, "0,13"),  # half away from zero on the decimal value, not banker's rounding
        (2.5, 0, "3"),
        (-2.5, 0, "-3"),
        (-0.004, 2, "0,00"),  # no negative zero
        (Decimal("12.345"), 2, "12,35"),
        (Fraction(1, 3), 4, "0,3333"),
        (0, 0, "0"),
    ],
)
def test_format_number(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_format_eur_and_percent():
    assert format_eur(1234.56) == "1.234,56 €"
    assert format_eur(Decimal("4000")) == "4.000,00 €"
    assert format_eur(0.2345, 4) == "0,2345 €"
    assert format_percent(0.123) == "12,3 %"
    assert format_percent(1) == "100,0 %"
    assert format_percent(Fraction(1, 3), 2) == "33,33 %"


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "abc", True])
def test_bad_numbers_are_refused_in_dutch(bad):
    with pytest.raises(ValueError, match="getal"):
        format_number(bad)
