"""Contribution keys (verdeelsleutels): how the partners of an IGS split what they pay together.

Pure module: numbers in, numbers out, no Django. Amounts are computed exactly with
:class:`fractions.Fraction` and only rounded once, at the end, to whole cents.

The keys (registry :data:`KEYS`, keyed by the Dutch name used on the command line and in the web
forms):

``gelijk``
    Equal shares: ``x_i = T / n``.
``inwoners``
    Per inhabitant: ``x_i = T · P_i / Σ_k P_k``. Examples: Druivenstreek (1 € per inhabitant),
    COMEET (0,70 €), Ginter (0,50 €) — see ``verdeelsleutels-voorbeelden.csv`` in the data bundle.
``vast-plus-inwoners``
    A fixed amount ``F`` per partner plus a rate ``r`` per inhabitant: ``x_i = F + r · P_i``.
    This is the Cultuur Noordrand key (``F = 4.000 €``, ``r = 0,23 €``; hln.be, 31 Jan 2020),
    available as :data:`NOORDRAND`. How the total ``T`` relates to ``F`` and ``r`` (documented
    choice):

    * ``F`` and ``r`` both given: the total is what they produce, ``T = n·F + r·ΣP``; an amount
      passed to :func:`allocate` is then not used (a note says so when it differs);
    * only ``F`` given: every partner pays ``F`` and the rest ``T − n·F`` is split per inhabitant;
    * only ``r`` given: every partner pays ``r · P_i`` and the rest ``T − r·ΣP`` is split equally.
``draagkracht``
    Fiscal capacity. Variant ``"inkomen"`` (default): in proportion to the taxable income
    ``P_i · y_i`` (inhabitants × income per inhabitant, Statbel's *fiscale inkomens*).
    Variant ``"index"``: per inhabitant, weighted by the income index raised to an elasticity ``e``,
    ``w_i = P_i · (y_i / ȳ)^e`` with ``ȳ = Σ P_k y_k / Σ P_k`` the population-weighted mean income.
    With ``e = 1`` the index variant equals the ``"inkomen"`` variant (``ȳ`` cancels out in the
    shares); ``e = 0`` is the per-inhabitant key; values in between damp the effect of income.
``profijt``
    Benefit: in proportion to a benefit figure ``b_i`` per partner, given by the user or computed
    with the Huff model (:func:`samenspel.funding.huff.partner_benefit`).
``mix``
    A weighted mix of other keys, ``x_i = Σ_k w_k · x_i^(k)`` with ``Σ_k w_k = 1``, e.g.
    ``{"inwoners": 0.5, "draagkracht": 0.3, "profijt": 0.2}``.

Caps and floors (plafonds en minima), see :func:`apply_bounds`: a partner pays at most a share
``s_i`` of the total and at least an amount ``m_i``. The solution is ``x_i = clamp(λ · a_i, m_i,
s_i · T)`` with ``a_i`` the key's amount and ``λ`` such that ``Σ x_i = T``: what capped or floored
partners do not pay (or pay extra) is redistributed over the unconstrained partners in proportion to
their key amounts, repeated until nothing changes.

Rounding (see :func:`round_to_cents`): the largest remainder (Hamilton) method. Every partner gets
its exact amount rounded down to whole cents; the cents still missing to reach the total go, one
each, to the partners with the largest remainders, ties broken by ascending REFNIS code. Only a
partner with a fraction of a cent left (a remainder > 0) can get an extra cent, so every partner
pays less than a cent away from its exact amount. A partner whose extra cent would take it over its
cap is passed over when another partner with a remainder can take the cent; otherwise it goes less
than a cent over its cap (a cap ``s_i · T`` need not be a whole number of cents). The result
therefore sums *exactly* to the total. A total that a key fixes itself (``vast-plus-inwoners``
with both parts) is rounded to cents with THE rounding rule of :mod:`samenspel.core.numbers`
(:func:`~samenspel.core.numbers.to_cents`, half up).
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from numbers import Real
from typing import Any, ClassVar

from samenspel.core.numbers import (
    format_eur,
    format_eur_compact,
    format_number,
    format_rate,
    round_half_up,
    to_cents,
    to_decimal,
)

__all__ = [
    "KEYS",
    "NOORDRAND",
    "Allocation",
    "Benefit",
    "ContributionKey",
    "EqualShares",
    "FiscalCapacity",
    "FixedPlusPerInhabitant",
    "Mix",
    "Partner",
    "PartnerShare",
    "PerInhabitant",
    "allocate",
    "apply_bounds",
    "check_benefit_codes",
    "make_key",
    "round_to_cents",
]

Amount = Decimal | Real | str


# --------------------------------------------------------------------------------------------
# Partners and results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Partner:
    """A partner of the cooperation (a municipality).

    ``income_per_capita`` is the taxable income per inhabitant in euro (needed for ``draagkracht``);
    ``benefit`` a benefit figure in any unit (needed for ``profijt`` unless given to the key).
    """

    refnis: str
    name: str
    population: int
    income_per_capita: float | None = None
    benefit: float | None = None

    @property
    def label(self) -> str:
        return f"{self.name} ({self.refnis})"


@dataclass(frozen=True)
class PartnerShare:
    """What one partner pays under a key, with the figures that explain it."""

    partner: Partner
    amount: Decimal
    """Amount in euro, whole cents."""
    exact_amount: Fraction
    """Amount before rounding (after caps and floors)."""
    key_amount: Fraction
    """Amount the key itself gives, before caps and floors."""
    share_of_total: float
    share_of_population: float
    capped: bool = False
    floored: bool = False

    @property
    def per_inhabitant(self) -> Decimal | None:
        """Amount per inhabitant in euro (4 decimals, half up); ``None`` without inhabitants."""
        if self.partner.population <= 0:
            return None
        return round_half_up(self.amount / Decimal(self.partner.population), 4)


@dataclass(frozen=True)
class Allocation:
    """The result of :func:`allocate`: one :class:`PartnerShare` per partner, in input order."""

    key: str
    description: str
    total: Decimal
    shares: tuple[PartnerShare, ...]
    notes: tuple[str, ...] = ()
    max_share: Mapping[str, float] = field(default_factory=dict)
    min_amount: Mapping[str, Decimal] = field(default_factory=dict)

    def amounts(self) -> dict[str, Decimal]:
        """Amount per partner, keyed by REFNIS code."""
        return {s.partner.refnis: s.amount for s in self.shares}

    def share_of(self, refnis: str) -> PartnerShare:
        for s in self.shares:
            if s.partner.refnis == refnis:
                return s
        raise KeyError(refnis)

    @property
    def population(self) -> int:
        return sum(s.partner.population for s in self.shares)


# --------------------------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------------------------


def _to_fraction(x: Amount, what: str) -> Fraction:
    try:
        d = to_decimal(x)  # type: ignore[arg-type]
    except ValueError as exc:
        raise ValueError(f"{what} is geen geldig getal: {x!r}.") from exc
    return Fraction(d)


def _to_cents(x: Amount, what: str) -> int:
    """An amount in euro as whole cents; refuses negative amounts and fractions of cents."""
    value = _to_fraction(x, what)
    if value < 0:
        raise ValueError(f"{what} kan niet negatief zijn: {format_eur(value)}.")
    cents = value * 100
    if cents.denominator != 1:
        raise ValueError(f"{what} moet in hele centen uitgedrukt zijn, niet {format_rate(value)}.")
    return int(cents)


def _validate_partners(partners: Sequence[Partner]) -> None:
    if not partners:
        raise ValueError("Er zijn geen partners om de kosten over te verdelen.")
    seen: set[str] = set()
    for p in partners:
        if p.refnis in seen:
            raise ValueError(f"De partner met REFNIS-code {p.refnis} staat er meer dan eens in.")
        seen.add(p.refnis)
        if isinstance(p.population, bool) or not isinstance(p.population, int):
            raise ValueError(
                f"Het aantal inwoners van {p.label} moet een geheel getal zijn, "
                f"niet {p.population!r}."
            )
        if p.population < 0:
            raise ValueError(
                f"Het aantal inwoners van {p.label} is negatief ({p.population}); dat kan niet."
            )


def _population_total(partners: Sequence[Partner], key_label: str, why: str = "") -> int:
    """The partners' total population; a Dutch error naming the key when it is 0."""
    total = sum(p.population for p in partners)
    if total <= 0:
        raise ValueError(
            f"De gemeenten hebben samen 0 inwoners; de sleutel '{key_label}' kan niets "
            f"verdelen{why}."
        )
    return total


def _proportional(
    total: Fraction, weights: Sequence[Fraction], key_label: str, what: str
) -> list[Fraction]:
    """``total`` split in proportion to ``weights``; a Dutch error when they sum to 0."""
    s = sum(weights, Fraction(0))
    if s == 0:
        if total == 0:
            return [Fraction(0)] * len(weights)
        raise ValueError(
            f"{what} van alle gemeenten samen is 0; de sleutel '{key_label}' kan niets verdelen."
        )
    return [total * w / s for w in weights]


# --------------------------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------------------------


class ContributionKey(ABC):
    """A contribution key: splits a total amount over the partners.

    Subclasses set :attr:`name` (the Dutch CLI name) and implement :meth:`split`, which returns the
    exact amounts (in euro, as fractions) summing to ``total``.
    """

    name: ClassVar[str]
    label: ClassVar[str]

    @abstractmethod
    def split(self, partners: Sequence[Partner], total: Fraction) -> list[Fraction]:
        """Exact amounts per partner (same order as ``partners``), summing to ``total``."""

    def own_total(self, partners: Sequence[Partner]) -> Fraction | None:
        """The total this key produces by itself, or ``None`` when it splits a given amount."""
        return None

    @abstractmethod
    def describe(self) -> str:
        """One Dutch sentence describing the key and its parameters."""


class EqualShares(ContributionKey):
    """``gelijk``: every partner pays the same, ``x_i = T / n``."""

    name = "gelijk"
    label = "gelijke delen"

    def split(self, partners: Sequence[Partner], total: Fraction) -> list[Fraction]:
        return [total / len(partners)] * len(partners)

    def describe(self) -> str:
        return "Elke partner betaalt hetzelfde bedrag."


class PerInhabitant(ContributionKey):
    """``inwoners``: in proportion to the number of inhabitants, ``x_i = T · P_i / ΣP``."""

    name = "inwoners"
    label = "per inwoner"

    def split(self, partners: Sequence[Partner], total: Fraction) -> list[Fraction]:
        _population_total(partners, self.label)
        return _proportional(
            total, [Fraction(p.population) for p in partners], self.label, "Het aantal inwoners"
        )

    def describe(self) -> str:
        return "Elke partner betaalt in verhouding tot zijn aantal inwoners."


class FixedPlusPerInhabitant(ContributionKey):
    """``vast-plus-inwoners``: ``x_i = F + r · P_i`` (Cultuur Noordrand: F = 4.000 €, r = 0,23 €).

    Parameters
    ----------
    fixed:
        Fixed amount ``F`` per partner in euro, or ``None``.
    per_inhabitant:
        Rate ``r`` per inhabitant in euro, or ``None``.

    With both given the key fixes its own total ``n·F + r·ΣP``. With only ``F`` the rest of the
    amount is split per inhabitant; with only ``r`` the rest is split equally (see the module
    docstring).

    A rate with three decimals (``0,235 €``) makes ``r·ΣP`` end in half a cent whenever ``ΣP`` is
    odd; :func:`allocate` then splits the total rounded to cents (THE rounding rule, half up) and
    :meth:`split` accepts that rounded total, spreading the sub-cent difference in proportion to
    the amounts ``F + r·P_i``.
    """

    name = "vast-plus-inwoners"
    label = "vast bedrag plus per inwoner"

    def __init__(self, fixed: Amount | None = None, per_inhabitant: Amount | None = None) -> None:
        if fixed is None and per_inhabitant is None:
            raise ValueError(
                "Geef voor de sleutel 'vast-plus-inwoners' een vast bedrag per partner, "
                "een bedrag per inwoner of allebei."
            )
        self.fixed = None if fixed is None else _to_fraction(fixed, "Het vaste bedrag per partner")
        self.per_inhabitant = (
            None
            if per_inhabitant is None
            else _to_fraction(per_inhabitant, "Het bedrag per inwoner")
        )
        for value, what in (
            (self.fixed, "Het vaste bedrag"),
            (self.per_inhabitant, "Het bedrag per inwoner"),
        ):
            if value is not None and value < 0:
                raise ValueError(f"{what} kan niet negatief zijn.")

    def own_total(self, partners: Sequence[Partner]) -> Fraction | None:
        if self.fixed is None or self.per_inhabitant is None:
            return None
        total = self.fixed * len(partners) + self.per_inhabitant * sum(
            p.population for p in partners
        )
        if total <= 0:
            raise ValueError(
                "De sleutel 'vast bedrag plus per inwoner' levert zo 0,00 € op: geef een vast "
                "bedrag of een bedrag per inwoner groter dan nul, of laat één van beide leeg."
            )
        return total

    def split(self, partners: Sequence[Partner], total: Fraction) -> list[Fraction]:
        n = len(partners)
        own = self.own_total(partners)
        if own is not None:
            exact = [self.fixed + self.per_inhabitant * p.population for p in partners]  # type: ignore[operator]
            if total == own:
                return exact
            if Fraction(to_cents(own)) == total and own > 0:
                # The total rounded to whole cents: spread the sub-cent difference.
                return [x * total / own for x in exact]
            raise ValueError(
                "Met een vast bedrag én een bedrag per inwoner bepaalt de sleutel "
                f"'vast-plus-inwoners' zelf het totaal ({format_eur(own, 3)}, afgerond "
                f"{format_eur(to_cents(own))}); die kan dus geen ander bedrag "
                f"({format_eur(total)}) verdelen. Geef enkel het vaste bedrag op."
            )
        if self.fixed is not None:
            rest = total - self.fixed * n
            if rest < 0:
                raise ValueError(
                    f"Het vaste bedrag van {format_eur_compact(self.fixed)} per partner "
                    f"({n} partners, samen "
                    f"{format_eur(self.fixed * n)}) is hoger dan het te verdelen bedrag "
                    f"({format_eur(total)})."
                )
            if rest == 0:
                return [self.fixed] * n
            _population_total(
                partners,
                self.label,
                f": het restbedrag van {format_eur(rest)} na het vaste bedrag wordt per inwoner "
                "verdeeld",
            )
            per_inh = _proportional(
                rest, [Fraction(p.population) for p in partners], self.label, "Het aantal inwoners"
            )
            return [self.fixed + x for x in per_inh]
        assert self.per_inhabitant is not None
        rest = total - self.per_inhabitant * sum(p.population for p in partners)
        if rest < 0:
            raise ValueError(
                f"Het bedrag per inwoner ({format_rate(self.per_inhabitant)}) levert samen "
                "meer op "
                f"dan het te verdelen bedrag ({format_eur(total)})."
            )
        return [self.per_inhabitant * p.population + rest / n for p in partners]

    def describe(self) -> str:
        if self.fixed is not None and self.per_inhabitant is not None:
            return (
                f"Elke partner betaalt {format_eur_compact(self.fixed)} vast plus "
                f"{format_rate(self.per_inhabitant)} per inwoner."
            )
        if self.fixed is not None:
            return (
                f"Elke partner betaalt {format_eur_compact(self.fixed)} vast; de rest wordt per "
                "inwoner verdeeld."
            )
        return (
            f"Elke partner betaalt {format_rate(self.per_inhabitant)} per inwoner; de rest "  # type: ignore[arg-type]
            "wordt gelijk verdeeld."
        )


#: The Cultuur Noordrand key: 4.000 € per municipality + 0,23 € per inhabitant
#: (hln.be, 31 Jan 2020).
NOORDRAND = FixedPlusPerInhabitant(fixed=4000, per_inhabitant=Decimal("0.23"))


class FiscalCapacity(ContributionKey):
    """``draagkracht``: in proportion to fiscal capacity.

    Parameters
    ----------
    variant:
        ``"inkomen"``: weight ``P_i · y_i`` (taxable income of the municipality);
        ``"index"``: weight ``P_i · (y_i / ȳ)^e`` with ``ȳ`` the population-weighted mean income.
    elasticity:
        The exponent ``e`` of the index variant (default 0,5: an illustrative damping, not a
        published figure). ``e = 1`` gives the same shares as ``"inkomen"``, ``e = 0`` the same as
        ``inwoners``.
    """

    name = "draagkracht"
    label = "draagkracht"
    VARIANTS = ("inkomen", "index")

    def __init__(self, variant: str = "inkomen", elasticity: float = 0.5) -> None:
        if variant not in self.VARIANTS:
            raise ValueError(
                f"Onbekende variant '{variant}' voor de sleutel 'draagkracht'; "
                "kies 'inkomen' of 'index'."
            )
        if not math.isfinite(elasticity) or elasticity < 0:
            raise ValueError("De elasticiteit van de draagkrachtsleutel moet een getal ≥ 0 zijn.")
        self.variant = variant
        self.elasticity = float(elasticity)

    def _incomes(self, partners: Sequence[Partner]) -> list[Fraction]:
        incomes = []
        for p in partners:
            y = p.income_per_capita
            if y is None:
                raise ValueError(
                    "Voor de sleutel 'draagkracht' ontbreekt het inkomen per inwoner van "
                    f"{p.label}."
                )
            if not math.isfinite(y) or y <= 0:
                raise ValueError(
                    f"Het inkomen per inwoner van {p.label} moet positief zijn, niet {y!r}."
                )
            incomes.append(Fraction(y))
        return incomes

    def split(self, partners: Sequence[Partner], total: Fraction) -> list[Fraction]:
        pop_total = _population_total(
            partners, self.label, " (zonder inwoners is er geen belastbaar inkomen)"
        )
        incomes = self._incomes(partners)
        taxable = [p.population * y for p, y in zip(partners, incomes, strict=True)]
        if self.variant == "inkomen":
            return _proportional(total, taxable, self.label, "Het belastbaar inkomen")
        mean_income = sum(taxable, Fraction(0)) / pop_total
        weights = [
            p.population * Fraction((float(y / mean_income)) ** self.elasticity)
            for p, y in zip(partners, incomes, strict=True)
        ]
        return _proportional(total, weights, self.label, "Het gewogen aantal inwoners")

    def describe(self) -> str:
        if self.variant == "inkomen":
            return (
                "Elke partner betaalt in verhouding tot het belastbaar inkomen van zijn inwoners."
            )
        return (
            "Elke partner betaalt per inwoner, gewogen met zijn inkomensindex "
            "(inkomen per inwoner t.o.v. het gemiddelde) tot de macht "
            f"{format_number(self.elasticity, 2)}."
        )


def check_benefit_codes(benefits: Mapping[str, Any], codes: Sequence[str]) -> None:
    """Refuse benefit figures for REFNIS codes that are not among ``codes`` (Dutch message)."""
    unknown = sorted(set(benefits) - set(codes))
    if unknown:
        if len(unknown) == 1:
            which = f"de code {unknown[0]}, die geen van de gekozen gemeenten is"
        else:
            which = f"de codes {', '.join(unknown)}, die geen van de gekozen gemeenten zijn"
        raise ValueError(
            f"Er zijn profijtcijfers opgegeven voor {which}. Geef profijt enkel voor de "
            f"gekozen gemeenten ({', '.join(codes)})."
        )


class Benefit(ContributionKey):
    """``profijt``: in proportion to a benefit figure ``b_i`` per partner.

    Parameters
    ----------
    benefits:
        Benefit per REFNIS code (e.g. expected visits from the Huff model). When ``None`` the
        ``benefit`` field of each :class:`Partner` is used. A code that is not one of the
        partners is refused when splitting (a typing error would otherwise go unnoticed).
    """

    name = "profijt"
    label = "profijt"

    def __init__(self, benefits: Mapping[str, float] | None = None) -> None:
        self.benefits = dict(benefits) if benefits is not None else None

    def split(self, partners: Sequence[Partner], total: Fraction) -> list[Fraction]:
        if self.benefits is not None:
            check_benefit_codes(self.benefits, [p.refnis for p in partners])
        weights = []
        for p in partners:
            b = self.benefits.get(p.refnis) if self.benefits is not None else p.benefit
            if b is None:
                raise ValueError(f"Voor de sleutel 'profijt' ontbreekt het profijt van {p.label}.")
            if isinstance(b, bool) or not math.isfinite(float(b)) or b < 0:
                raise ValueError(f"Het profijt van {p.label} moet een getal ≥ 0 zijn, niet {b!r}.")
            weights.append(Fraction(b))
        return _proportional(total, weights, self.label, "Het profijt")

    def describe(self) -> str:
        return (
            "Elke partner betaalt in verhouding tot zijn profijt (verwachte bezoeken of gebruik)."
        )


class Mix(ContributionKey):
    """``mix``: ``x_i = Σ_k w_k · x_i^(k)``, a weighted mix of other keys with ``Σ w_k = 1``.

    Parameters
    ----------
    weights:
        Weight per key name, e.g. ``{"inwoners": 0.5, "draagkracht": 0.3, "profijt": 0.2}``. The
        weights must be ≥ 0 and sum to 1 (within 10⁻⁹).
    keys:
        Optional key instances for some names (e.g. a :class:`Benefit` with Huff benefits, or a
        :class:`FiscalCapacity` with the index variant); the others are made with their defaults.
    """

    name = "mix"
    label = "gemengde sleutel"

    def __init__(
        self,
        weights: Mapping[str, float],
        keys: Mapping[str, ContributionKey] | None = None,
    ) -> None:
        if not weights:
            raise ValueError(
                "Een gemengde sleutel heeft minstens één sleutel met een gewicht nodig."
            )
        keys = dict(keys or {})
        self.components: list[tuple[Fraction, ContributionKey]] = []
        total_weight = Fraction(0)
        for key_name, w in weights.items():
            if key_name == self.name:
                raise ValueError("Een gemengde sleutel kan zichzelf niet bevatten.")
            try:
                wf = float(w)
            except (TypeError, ValueError) as exc:
                raise ValueError(f"Het gewicht van '{key_name}' is geen getal: {w!r}.") from exc
            if not math.isfinite(wf) or wf < 0:
                raise ValueError(
                    f"Het gewicht van '{key_name}' moet een getal ≥ 0 zijn, niet {w!r}."
                )
            key = keys.pop(key_name, None) or make_key(key_name)
            weight = _to_fraction(w, f"Het gewicht van '{key_name}'")
            self.components.append((weight, key))
            total_weight += weight
        if keys:
            raise ValueError(
                "Sleutels zonder gewicht in de gemengde sleutel: " + ", ".join(sorted(keys)) + "."
            )
        if abs(float(total_weight) - 1.0) > 1e-9:
            raise ValueError(
                "De gewichten van de gemengde sleutel tellen op tot "
                f"{format_number(float(total_weight), 4)} in plaats van 1."
            )
        # Normalise exactly so that the mix splits exactly the total.
        self.components = [(w / total_weight, k) for w, k in self.components]

    def split(self, partners: Sequence[Partner], total: Fraction) -> list[Fraction]:
        result = [Fraction(0)] * len(partners)
        for weight, key in self.components:
            if weight == 0:
                continue
            part = key.split(partners, total)
            result = [r + weight * x for r, x in zip(result, part, strict=True)]
        return result

    def describe(self) -> str:
        parts = [f"{format_number(float(w) * 100, 0)} % {key.label}" for w, key in self.components]
        return "Een mix van " + ", ".join(parts) + "."


#: Registry of the keys by their Dutch CLI name.
KEYS: dict[str, type[ContributionKey]] = {
    cls.name: cls
    for cls in (EqualShares, PerInhabitant, FixedPlusPerInhabitant, FiscalCapacity, Benefit, Mix)
}


def make_key(name: str, **params: Any) -> ContributionKey:
    """Build the key registered under ``name`` with its parameters (Dutch error when unknown)."""
    try:
        cls = KEYS[name]
    except KeyError:
        raise ValueError(
            f"Onbekende verdeelsleutel '{name}'. Kies uit: {', '.join(KEYS)}."
        ) from None
    try:
        return cls(**params)
    except TypeError as exc:
        raise ValueError(f"Ongeldige parameters voor de verdeelsleutel '{name}': {exc}.") from exc


# --------------------------------------------------------------------------------------------
# Caps, floors and rounding
# --------------------------------------------------------------------------------------------


def apply_bounds(
    amounts: Sequence[Fraction],
    total: Fraction,
    lower: Sequence[Fraction | None],
    upper: Sequence[Fraction | None],
    labels: Sequence[str] | None = None,
) -> list[Fraction]:
    """Clamp ``amounts`` into ``[lower_i, upper_i]`` and redistribute, keeping the sum ``total``.

    Returns ``x_i = clamp(λ · a_i, lower_i, upper_i)`` with ``λ`` such that ``Σ x_i = total``
    (``None`` bounds are absent). Computed by the classic clipping iteration: scale the free
    partners' amounts to the amount still to be paid; if some violate a bound, fix those at their
    bound — only the caps when clamping frees money (the others then pay more, so the capped stay
    capped), only the floors when clamping costs money — and repeat. At most ``n`` rounds, in
    exact arithmetic.

    Raises a Dutch :class:`ValueError` when the bounds cannot be met together.
    """
    n = len(amounts)
    labels = labels or [str(i) for i in range(n)]
    lo = [Fraction(0) if b is None else b for b in lower]
    for i in range(n):
        if upper[i] is not None and lo[i] > upper[i]:
            raise ValueError(
                f"Voor {labels[i]} is het minimumbedrag ({format_eur(lo[i])}) hoger dan het "
                f"maximum ({format_eur(upper[i])})."
            )
    if sum(lo) > total:
        raise ValueError(
            f"De minimumbedragen tellen samen op tot {format_eur(sum(lo))}, meer dan het te "
            "verdelen "
            f"bedrag ({format_eur(total)})."
        )
    if all(u is not None for u in upper) and sum(upper) < total:  # type: ignore[arg-type]
        raise ValueError(
            f"De plafonds laten samen maar {format_eur(sum(upper))} toe, "  # type: ignore[arg-type]
            "minder dan het te verdelen "
            f"bedrag ({format_eur(total)}). Verhoog het maximale aandeel."
        )
    fixed: dict[int, Fraction] = {}
    while True:
        free = [i for i in range(n) if i not in fixed]
        remaining = total - sum(fixed.values(), Fraction(0))
        weight = sum((amounts[i] for i in free), Fraction(0))
        if not free:
            if remaining != 0:  # pragma: no cover - excluded by the feasibility checks
                raise ValueError("De plafonds en minima kunnen niet tegelijk gehaald worden.")
            break
        if weight == 0:
            if remaining == 0:
                proposal = {i: Fraction(0) for i in free}
            else:
                raise ValueError(
                    f"Het restbedrag van {format_eur(remaining)} kan niet verdeeld worden: "
                    "de partners "
                    "zonder plafond of minimum krijgen in deze sleutel allemaal 0."
                )
        else:
            proposal = {i: remaining * amounts[i] / weight for i in free}
        over = [i for i in free if upper[i] is not None and proposal[i] > upper[i]]
        under = [i for i in free if proposal[i] < lo[i]]
        if not over and not under:
            fixed.update(proposal)
            break
        freed = sum((proposal[i] - upper[i] for i in over), Fraction(0))  # type: ignore[operator]
        needed = sum((lo[i] - proposal[i] for i in under), Fraction(0))
        if freed >= needed:
            for i in over:
                fixed[i] = upper[i]  # type: ignore[assignment]
        if needed >= freed:
            for i in under:
                fixed[i] = lo[i]
    return [fixed[i] for i in range(n)]


def round_to_cents(
    amounts: Sequence[Fraction],
    total_cents: int,
    order_keys: Sequence[str],
    upper: Sequence[Fraction | None] | None = None,
) -> list[int]:
    """Round exact euro amounts to whole cents summing to ``total_cents`` (Hamilton's method).

    Each amount is first rounded down; the missing cents go one by one to the largest remainders,
    ties broken by ``order_keys`` (REFNIS codes) ascending. Only amounts with a remainder (a
    fraction of a cent) can get a cent: as the remainders sum to the missing cents and each is
    below 1, there are always enough of them, and every result stays within a cent of its exact
    amount. Partners whose extra cent would exceed their cap ``upper`` are passed over as long as
    another partner with a remainder can take the cent; otherwise the cent goes over the cap (by
    less than a cent, since the exact amount respects it).
    """
    quotas = [a * 100 for a in amounts]
    base = [math.floor(q) for q in quotas]
    missing = total_cents - sum(base)
    if missing < 0 or missing > len(amounts):
        raise ValueError("De bedragen tellen niet op tot het totaal; afronden is onmogelijk.")
    # Only amounts with a fraction of a cent left are candidates for an extra cent.
    order = sorted(
        (i for i in range(len(amounts)) if quotas[i] > base[i]),
        key=lambda i: (-(quotas[i] - base[i]), order_keys[i]),
    )

    def fits(i: int) -> bool:
        return upper is None or upper[i] is None or Fraction(base[i] + 1, 100) <= upper[i]

    chosen: list[int] = []
    for i in order:
        if len(chosen) == missing:
            break
        if fits(i):
            chosen.append(i)
    for i in order:  # only when the caps leave no choice: less than a cent over a cap
        if len(chosen) == missing:
            break
        if i not in chosen:
            chosen.append(i)
    for i in chosen:
        base[i] += 1
    return base


# --------------------------------------------------------------------------------------------
# Allocation
# --------------------------------------------------------------------------------------------


def _per_partner(
    value: Any,
    partners: Sequence[Partner],
    convert: Callable[[Any, str], Any],
    what: str,
) -> list[Any]:
    if value is None:
        return [None] * len(partners)
    if isinstance(value, Mapping):
        unknown = set(value) - {p.refnis for p in partners}
        if unknown:
            raise ValueError(f"{what}: onbekende partner(s) {', '.join(sorted(unknown))}.")
        return [
            None
            if value.get(p.refnis) is None
            else convert(value[p.refnis], f"{what} van {p.label}")
            for p in partners
        ]
    return [convert(value, what) for _ in partners]


def _share_fraction(x: Any, what: str) -> Fraction:
    f = _to_fraction(x, what)
    if not 0 <= f <= 1:
        raise ValueError(f"{what} moet tussen 0 en 1 liggen (een aandeel), niet {x}.")
    return f


def _cents_fraction(x: Any, what: str) -> Fraction:
    return Fraction(_to_cents(x, what), 100)


def allocate(
    partners: Sequence[Partner],
    key: ContributionKey | str,
    amount: Amount | None = None,
    *,
    max_share: float | Mapping[str, float] | None = None,
    min_amount: Amount | Mapping[str, Amount] | None = None,
) -> Allocation:
    """Split ``amount`` (euro) over ``partners`` with ``key``, caps and floors, in whole cents.

    Parameters
    ----------
    partners:
        The partners, each with a unique REFNIS code.
    key:
        A :class:`ContributionKey` or the name of a key in :data:`KEYS` (built with its defaults).
    amount:
        The amount to split in euro (whole cents). May be left out for a key that fixes its own
        total (``vast-plus-inwoners`` with both parts).
    max_share:
        Cap as a share of the total (0–1), for every partner or per REFNIS code.
    min_amount:
        Floor in euro, for every partner or per REFNIS code.

    Returns an :class:`Allocation` whose amounts sum exactly to the total.
    """
    _validate_partners(partners)
    if isinstance(key, str):
        key = make_key(key)
    notes: list[str] = []
    own = key.own_total(partners)
    if own is not None:
        total_cents = int(to_cents(own) * 100)  # THE rounding rule: half up
        if total_cents != own * 100:
            notes.append(
                "Het totaal van de sleutel is afgerond op hele centen "
                f"({format_eur(Fraction(total_cents, 100))})."
            )
        if amount is not None and _to_cents(amount, "Het bedrag") != total_cents:
            notes.append(
                f"De sleutel bepaalt zelf het totaal ({format_eur(Fraction(total_cents, 100))}); "
                f"het opgegeven bedrag ({format_eur(to_decimal(amount))}) is niet gebruikt."  # type: ignore[arg-type]
            )
    else:
        if amount is None:
            raise ValueError(f"Geef het te verdelen bedrag op voor de sleutel '{key.name}'.")
        total_cents = _to_cents(amount, "Het te verdelen bedrag")
    total = Fraction(total_cents, 100)

    key_amounts = key.split(partners, total)
    if sum(key_amounts) != total:  # pragma: no cover - guards the key implementations
        raise AssertionError("De sleutel verdeelt niet precies het totaal.")

    shares = _per_partner(max_share, partners, _share_fraction, "Het maximale aandeel")
    upper = [None if s is None else s * total for s in shares]
    lower = _per_partner(min_amount, partners, _cents_fraction, "Het minimumbedrag")
    labels = [p.label for p in partners]
    exact = apply_bounds(key_amounts, total, lower, upper, labels)
    cents = round_to_cents(exact, total_cents, [p.refnis for p in partners], upper)

    pop_total = sum(p.population for p in partners)
    result = []
    for p, c, x, a, lo, up in zip(partners, cents, exact, key_amounts, lower, upper, strict=True):
        amount_eur = Decimal(c).scaleb(-2)
        result.append(
            PartnerShare(
                partner=p,
                amount=amount_eur,
                exact_amount=x,
                key_amount=a,
                share_of_total=float(Fraction(c, total_cents)) if total_cents else 0.0,
                share_of_population=p.population / pop_total if pop_total else 0.0,
                capped=up is not None and x == up and a != x,
                floored=lo is not None and x == lo and a != x,
            )
        )
    capped = [s.partner.label for s in result if s.capped]
    floored = [s.partner.label for s in result if s.floored]
    if capped:
        notes.append("Begrensd door het plafond: " + ", ".join(capped) + ".")
    if floored:
        notes.append("Opgetrokken tot het minimumbedrag: " + ", ".join(floored) + ".")
    return Allocation(
        key=key.name,
        description=key.describe(),
        total=Decimal(total_cents).scaleb(-2),
        shares=tuple(result),
        notes=tuple(notes),
        max_share={
            p.refnis: float(s) for p, s in zip(partners, shares, strict=True) if s is not None
        },
        min_amount={
            p.refnis: to_decimal(lo)
            for p, lo in zip(partners, lower, strict=True)
            if lo is not None
        },
    )
