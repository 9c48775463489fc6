"""Numbers in Belgian (Flemish) notation: ``1.234,56 €``, ``12,3 %``.

Pure module (no Django), shared by the computation modules, the CLI and the web layer.

Conventions (Belgian usage, as in the Vlaamse overheid's and Statbel's publications):

* the thousands separator is a full stop, the decimal separator a comma: ``1.234.567,89``;
* the euro sign follows the amount after a space: ``1.234,56 €``;
* the percent sign follows the number after a space: ``12,3 %``;
* rounding is *half away from zero* (``ROUND_HALF_UP`` on the decimal value), the rounding people
  learn at school, not the banker's rounding of Python's ``round``;
* a value that rounds to zero never shows a minus sign (``-0,001`` becomes ``0,00``).

Floats are converted through ``repr`` (``Decimal(str(x))``), so ``0.125`` rounds to ``0,13`` as a
person would expect, even though the binary float is slightly below 0.125.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from numbers import Real

__all__ = ["format_eur", "format_number", "format_percent", "to_decimal"]

THOUSANDS_SEPARATOR = "."
DECIMAL_SEPARATOR = ","


def to_decimal(x: Real | Decimal | str) -> Decimal:
    """Convert a number to :class:`~decimal.Decimal` without binary-float surprises.

    Floats go through their shortest ``repr`` (``0.1`` becomes ``Decimal("0.1")``); fractions are
    divided with 28 significant digits. NaN and infinities are refused with a Dutch message.
    """
    if isinstance(x, Decimal):
        value = x
    elif isinstance(x, bool):
        raise ValueError(f"Geen getal: {x!r}.")
    elif isinstance(x, int):
        value = Decimal(x)
    elif isinstance(x, Fraction):
        value = Decimal(x.numerator) / Decimal(x.denominator)
    elif isinstance(x, float):
        if not math.isfinite(x):
            raise ValueError(f"Geen eindig getal: {x!r}.")
        value = Decimal(repr(x))
    elif isinstance(x, str):
        try:
            value = Decimal(x)
        except InvalidOperation as exc:
            raise ValueError(f"Geen getal: {x!r}.") from exc
    else:
        try:
            value = Decimal(repr(float(x)))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"Geen getal: {x!r}.") from exc
    if not value.is_finite():
        raise ValueError(f"Geen eindig getal: {x!r}.")
    return value


def format_number(x: Real | Decimal | str, decimals: int = 0) -> str:
    """Format ``x`` with ``decimals`` decimals in Belgian notation.

    >>> format_number(1234567)
    '1.234.567'
    >>> format_number(1234.5, 2)
    '1.234,50'
    >>> format_number(-0.004, 2)
    '0,00'
    """
    if decimals < 0:
        raise ValueError("Het aantal decimalen kan niet negatief zijn.")
    value = to_decimal(x)
    quantum = Decimal(1).scaleb(-decimals)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    sign = "-" if rounded < 0 else ""
    digits = f"{abs(rounded):f}"
    if "." in digits:
        whole, fraction = digits.split(".")
    else:
        whole, fraction = digits, ""
    groups = []
    while len(whole) > 3:
        groups.append(whole[-3:])
        whole = whole[:-3]
    groups.append(whole)
    text = THOUSANDS_SEPARATOR.join(reversed(groups))
    if decimals:
        text += DECIMAL_SEPARATOR + fraction
    return sign + text


def format_eur(x: Real | Decimal | str, decimals: int = 2) -> str:
    """Format an amount in euro: ``format_eur(1234.56)`` gives ``'1.234,56 €'``."""
    return f"{format_number(x, decimals)} €"


def format_percent(x: Real | Decimal | str, decimals: int = 1) -> str:
    """Format a *fraction* as a percentage: ``format_percent(0.123)`` gives ``'12,3 %'``.

    The argument is a share between 0 and 1 (as the computation modules return shares), not a
    number of percent.
    """
    return f"{format_number(to_decimal(x) * 100, decimals)} %"
