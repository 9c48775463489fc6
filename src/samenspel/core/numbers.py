"""Numbers in Belgian (Flemish) notation: ``1.234,56 €``, ``12,3 %``; money rounding; number input.

Pure module (no Django), shared by the computation modules, the CLI and the web layer.

Conventions (Belgian usage, as in the Vlaamse overheid's and Statbel's publications):

* the thousands separator is a full stop, the decimal separator a comma: ``1.234.567,89``;
* the euro sign follows the amount after a space: ``1.234,56 €``;
* the percent sign follows the number after a space: ``12,3 %``;
* a value that rounds to zero never shows a minus sign (``-0,001`` becomes ``0,00``).

THE rounding rule
-----------------
Every amount of money is rounded to whole cents with :func:`to_cents`, and only with it:
``ROUND_HALF_UP`` on the *decimal* value (half away from zero, the rounding people learn at
school), never Python's ``round`` (banker's rounding on the binary float) and never
``Decimal.quantize`` with the default context (half-even). :func:`format_number` and
:func:`format_eur` round with the same rule (:data:`ROUNDING`), so formatting an amount that
:func:`to_cents` has rounded never changes it, and formatting an unrounded amount shows what
:func:`to_cents` would give. Example (the 2027 cofinancing of a group of 248.923 inhabitants):
``0,90 € × 248.923 × 75 % = 168.023,025 €`` is ``168.023,03 €``, not the half-even
``168.023,02 €``.

Floats are converted through ``repr`` (``Decimal(str(x))``), so ``0.125`` rounds to ``0,13`` as a
person would expect, even though the binary float is slightly below 0.125. Compute money in
:class:`~decimal.Decimal` or :class:`~fractions.Fraction` wherever possible: a float product such
as ``0.675 * 248921`` can already be off before any rounding.

Input
-----
:func:`parse_number` reads what a person types: ``250.000``, ``250.000,50``, ``250000,50``,
``250000.50``, ``0,235``, with spaces and a euro sign tolerated, and refuses anything ambiguous or
absurd with a Dutch message naming the field.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from numbers import Real

__all__ = [
    "CENT",
    "ROUNDING",
    "format_eur",
    "format_eur_compact",
    "format_number",
    "format_percent",
    "format_rate",
    "parse_number",
    "round_half_up",
    "to_cents",
    "to_decimal",
]

THOUSANDS_SEPARATOR = "."
DECIMAL_SEPARATOR = ","

#: The one rounding mode for money and for display (see the module docstring).
ROUNDING = ROUND_HALF_UP
#: One cent, the unit every amount of money is rounded to.
CENT = Decimal("0.01")

#: Largest absolute value :func:`parse_number` accepts when the caller gives no tighter bound.
ABSOLUTE_LIMIT = Decimal(10) ** 15
#: Longest text :func:`parse_number` reads (a number with thousands separators fits easily).
MAX_INPUT_LENGTH = 40


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
        value = Decimal(float.__repr__(x))  # also for numpy floats (repr np.float64(…))
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


def round_half_up(x: Real | Decimal | str, decimals: int = 0) -> Decimal:
    """``x`` rounded to ``decimals`` decimals with THE rounding rule (:data:`ROUNDING`).

    A :class:`~fractions.Fraction` is rounded exactly (not via a 28-digit decimal), so
    ``Fraction(1, 200)`` (half a cent) becomes ``0.01``.
    """
    if decimals < 0:
        raise ValueError("Het aantal decimalen kan niet negatief zijn.")
    quantum = Decimal(1).scaleb(-decimals)
    if isinstance(x, Fraction):
        scaled = abs(x) * 10**decimals
        whole = math.floor(scaled + Fraction(1, 2))
        return (Decimal(-whole if x < 0 else whole) * quantum).quantize(quantum)
    return to_decimal(x).quantize(quantum, rounding=ROUNDING)


def to_cents(x: Real | Decimal | str) -> Decimal:
    """THE money rounding: ``x`` euro rounded half up to whole cents, as a Decimal.

    >>> to_cents(Decimal("168023.025"))
    Decimal('168023.03')
    >>> to_cents(Fraction(1, 3))
    Decimal('0.33')
    """
    return round_half_up(x, 2)


def format_number(x: Real | Decimal | str, decimals: int = 0) -> str:
    """Format ``x`` with ``decimals`` decimals in Belgian notation.

    >>> format_number(1234567)
    '1.234.567'
    >>> format_number(1234.5, 2)
    '1.234,50'
    >>> format_number(-0.004, 2)
    '0,00'
    """
    rounded = round_half_up(x, decimals)
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


def format_eur_compact(x: Real | Decimal | str) -> str:
    """An amount in euro without ``,00`` when it is a whole number of euro (after rounding to
    cents): ``4.000 €``, but ``4.000,50 €``. For labels such as ``4.000 € vast``."""
    cents = to_cents(x)
    return format_eur(cents, 0 if cents == cents.to_integral_value() else 2)


def _decimals_of(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def format_rate(x: Real | Decimal | str, unit: str = "€", *, max_decimals: int = 6) -> str:
    """A rate per unit (e.g. euro per inhabitant) with all its decimals, at least 2.

    ``format_rate(0.235)`` gives ``'0,235 €'`` (not ``'0,24 €'``), ``format_rate(0.2)`` gives
    ``'0,20 €'`` and ``format_rate(0.235, "€/inw.")`` gives ``'0,235 €/inw.'``. Rates with more
    than ``max_decimals`` decimals (``1/3``) are rounded half up to ``max_decimals``.
    """
    value = to_decimal(x)
    decimals = min(max(2, _decimals_of(value)), max_decimals)
    if decimals == max_decimals:
        decimals = max(2, _decimals_of(round_half_up(value, max_decimals)))
    return f"{format_number(value, decimals)} {unit}".rstrip()


def format_percent(x: Real | Decimal | str, decimals: int = 1) -> str:
    """Format a *fraction* as a percentage: ``format_percent(0.123)`` gives ``'12,3 %'``.

    The argument is a share between 0 and 1 (as the computation modules return shares), not a
    number of percent.
    """
    return f"{format_number(to_decimal(x) * 100, decimals)} %"


# --------------------------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u2009]+")
_GROUPED_WITH_SPACES = re.compile(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?")
_DOT_GROUPED = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
_PLAIN = re.compile(r"\d+|\d*[.,]\d+")


def _foreign_digits(text: str, what: str) -> str | None:
    """A Dutch message when ``text`` holds digits other than 0–9: Arabic-Indic (``٢٥٠``),
    full-width (``２５０``), superscript (``²``), … Python's ``Decimal`` and ``\\d`` read most of
    them as numbers without a word, so a person would not see what was read."""
    if any(c.isdigit() and not ("0" <= c <= "9") for c in text):
        return (
            f"{what}: '{text.strip()[:MAX_INPUT_LENGTH]}' bevat andere cijfers dan 0 tot 9; typ "
            "het getal met de cijfers 0 tot 9."
        )
    return None


def parse_number(
    text: str | Real | Decimal | None,
    *,
    what: str,
    minimum: Real | Decimal | str | None = None,
    maximum: Real | Decimal | str | None = None,
    above: Real | Decimal | str | None = None,
    decimals: int | None = None,
    unit: str = "",
) -> Decimal:
    """Read a number as a person in Belgium types it; refuse anything else in Dutch.

    Accepted: ``250.000`` (= 250000), ``1.234.567``, ``250.000,50``, ``250000,50``, ``250000.50``,
    ``0,235``, ``0.235``, ``1.5``, ``-3``, with spaces (also non-breaking ones, also as thousands
    separators: ``250 000``) and a leading or trailing ``€``. A comma is always the decimal
    separator. A single dot is a thousands separator only when it is followed by exactly three
    digits and preceded by one to three digits not starting with 0 (``1.500`` = 1500, but
    ``0.235``, ``1.5`` and ``1500.250`` are decimals); several dots must all separate groups of
    three.

    Refused with a :class:`ValueError` naming ``what``: digits other than 0–9 (``٢٥٠``,
    ``２５０``, ``²``, which Python would read silently), empty text, letters and exponents
    (``1e5``, ``inf``, ``nan``), ambiguous forms (``1,2,3``, ``12.34.5``, ``1,234.5``), more than
    ``decimals`` decimals, values below ``minimum``, not above ``above``, or above ``maximum``
    (and, whatever the caller says, beyond ±10¹⁵). ``unit`` (e.g. ``"€"``) appears in the
    messages about bounds.

    Numbers that are already numbers (``int``, ``Decimal``, ``float``) are only checked.
    """
    if text is None or isinstance(text, bool):
        raise ValueError(f"{what}: geef een getal op.")
    dot_as_thousands = False
    if isinstance(text, str):
        original = text
        if problem := _foreign_digits(text, what):
            raise ValueError(problem)
        if len(text) > MAX_INPUT_LENGTH:
            raise ValueError(
                f"{what}: '{text[:MAX_INPUT_LENGTH]}…' is te lang om een getal te zijn."
            )
        t = _SPACES.sub(" ", text).strip()
        if t.endswith("€"):
            t = t[:-1].strip()
        elif t.startswith("€"):
            t = t[1:].strip()
        t = t.replace("\u2212", "-")
        sign = ""
        if t[:1] in "+-" and t:
            sign, t = ("-" if t[0] == "-" else ""), t[1:].strip()
        if not t:
            raise ValueError(f"{what}: geef een getal op.")
        if " " in t:
            if not _GROUPED_WITH_SPACES.fullmatch(t):
                raise ValueError(
                    f"{what}: '{original.strip()}' is geen getal (spaties mogen enkel "
                    "groepen van drie cijfers scheiden, zoals in 250 000)."
                )
            t = t.replace(" ", "")
        if re.fullmatch(r"[\d.,]*\d[eE][+-]?\d+", t):
            raise ValueError(
                f"{what}: '{original.strip()}' is in wetenschappelijke notatie; schrijf het "
                "getal voluit, bv. 250.000."
            )
        if not re.fullmatch(r"[\d.,]+", t):
            raise ValueError(
                f"{what}: '{original.strip()}' is geen getal. Schrijf bijvoorbeeld 250.000 of "
                "250.000,50 (cijfers, met een komma voor de decimalen)."
            )
        if "," in t:
            whole, _, fraction = t.rpartition(",")
            if "." in fraction:
                raise ValueError(
                    f"{what}: '{original.strip()}' is dubbelzinnig: een punt na de komma. "
                    "In België scheidt de komma de decimalen, bv. 1.234,5."
                )
            if not fraction and "," not in whole:
                raise ValueError(
                    f"{what}: '{original.strip()}' is onvolledig: na de komma moeten cijfers "
                    "volgen."
                )
            if "," in whole or not fraction.isdigit():
                raise ValueError(
                    f"{what}: '{original.strip()}' is dubbelzinnig: er mag maar één komma in "
                    "staan, voor de decimalen (bv. 250.000,50)."
                )
            if "." in whole:
                if not _DOT_GROUPED.fullmatch(whole):
                    raise ValueError(
                        f"{what}: '{original.strip()}' is dubbelzinnig: punten scheiden "
                        "groepen van drie cijfers, de komma de decimalen (bv. 1.234,56)."
                    )
                whole = whole.replace(".", "")
            t = f"{whole or '0'}.{fraction}"
        elif t.count(".") > 1:
            if not _DOT_GROUPED.fullmatch(t):
                raise ValueError(
                    f"{what}: '{original.strip()}' is geen getal: punten scheiden groepen van "
                    "drie cijfers (bv. 1.234.567)."
                )
            t = t.replace(".", "")
        elif "." in t and _DOT_GROUPED.fullmatch(t):
            dot_as_thousands = True
            t = t.replace(".", "")
        if not _PLAIN.fullmatch(t.replace(",", ".")):
            raise ValueError(f"{what}: '{original.strip()}' is geen getal.")
        value = Decimal(sign + (t if not t.startswith(".") else "0" + t))
    else:
        try:
            value = to_decimal(text)
        except ValueError:
            raise ValueError(f"{what}: {text!r} is geen eindig getal.") from None
    if value == 0:
        value = abs(value)

    def shown(x: Decimal) -> str:
        number = format_rate(x, "").strip() if x != x.to_integral_value() else format_number(x)
        return f"{number} {unit}".rstrip()

    def original_text(x: Decimal) -> str:
        return shown(x) if abs(x) < Decimal(10) ** 24 else "dit getal"

    hint = (
        " (de punt is gelezen als scheiding van duizendtallen; "
        "schrijf decimalen met een komma, bv. 1,5)"
        if dot_as_thousands
        else ""
    )
    if abs(value) > ABSOLUTE_LIMIT:
        raise ValueError(f"{what}: {original_text(value)} is veel te groot.")
    if decimals is not None and _decimals_of(value) > decimals:
        raise ValueError(
            f"{what}: {shown(value)} heeft te veel cijfers na de komma (hoogstens {decimals})."
            if decimals
            else f"{what}: geef een geheel getal, niet {shown(value)}."
        )
    if minimum is not None and value < to_decimal(minimum):
        raise ValueError(
            f"{what}: moet minstens {shown(to_decimal(minimum))} zijn, niet {shown(value)}."
        )
    if above is not None and value <= to_decimal(above):
        raise ValueError(
            f"{what}: moet groter zijn dan {shown(to_decimal(above))}, niet {shown(value)}."
        )
    if maximum is not None and value > to_decimal(maximum):
        raise ValueError(
            f"{what}: mag hoogstens {shown(to_decimal(maximum))} zijn, niet {shown(value)}{hint}."
        )
    return value
