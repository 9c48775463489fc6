"""A verdeelsleutel comparison for a group of municipalities (pure: no Django).

This is what the Verdeelsleutel page and ``samenspel verdeelsleutel`` show: up to four keys side by
side, next to the Shapley value and the nucleolus of a cost game, with the win-win (core) check
and the plain-Dutch explanation of every key.

The cost game
-------------
What would a group ``S`` of the partners pay on its own for the same kind of programme? We use

    c(S) = max(0, K(S) − s(S))      with   K(S) = F + a · P(S)^b

* ``K(S)`` is the cost of the programme of ``S`` (:func:`samenspel.funding.games.cost_model_game`):
  a fixed coordination cost ``F`` plus a part that grows less than proportionally with the
  inhabitants ``P(S)`` (economies of scale, ``b < 1``). ``F`` and ``b`` are illustrative
  assumptions (defaults ``F = 25.000 €``, ``b = 0,8``) that the user can change.
* ``s(S)`` is the Flemish subsidy ``S`` would receive as an IGS of its own under the 2027 rules
  (:func:`samenspel.funding.games.subsidy_game_2027`): nothing unless ``S`` is contiguous, lies in
  one referentieregio and has at least 85.000 inhabitants.
* ``a`` is *calibrated* so that the whole group pays exactly the amount being split:
  ``c(N) = T``, i.e. ``K(N) = T + s(N)``. The comparison is then about the same euros as the key.

So a partner is "better off than alone" when the key makes it pay less than ``c({i})``, and a
group is better off on its own when it would pay less than its share under the key — for instance
because it could form an IGS of its own and get the Flemish subsidy by itself.

The profijt key, when no benefit figures are given, uses the Huff model
(:func:`samenspel.funding.huff.partner_benefit`, ``scope="elders"``): the expected visits of a
partner's inhabitants to the supply of the *other* partners, with every Flemish municipality as a
possible destination and its number of inhabitants as a stand-in for the size of its cultural
supply (an assumption, to be replaced by event counts from UiTdatabank or ticket sales).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from samenspel.funding.explain import Explanation, explain_allocation
from samenspel.funding.games import (
    EmptyImputationSetError,
    Game,
    Solution,
    cost_model_game,
    net_cost_game,
    nucleolus,
    shapley,
    subsidy_game_2027,
)
from samenspel.funding.huff import distance_matrix, internal_distance_km, partner_benefit
from samenspel.funding.keys import (
    KEYS,
    Allocation,
    Benefit,
    ContributionKey,
    FixedPlusPerInhabitant,
    Mix,
    Partner,
    allocate,
    make_key,
)

MAX_KEYS = 4
KEY_LABELS = {
    "gelijk": "gelijke delen",
    "inwoners": "per inwoner",
    "vast-plus-inwoners": "vast bedrag + per inwoner",
    "draagkracht": "draagkracht (belastbaar inkomen)",
    "profijt": "profijt (Huff-model)",
    "mix": "mix",
}


@dataclass(frozen=True)
class Place:
    """A partner municipality with what the comparison needs to know about it."""

    refnis: str
    name: str
    population: int
    income_per_capita: float | None
    region: str
    lon: float
    lat: float
    area_km2: float


@dataclass(frozen=True)
class KeySpec:
    """A key chosen by the user, with its parameters (as the form and the CLI give them)."""

    name: str
    fixed: float | None = None  # vast-plus-inwoners
    per_inhabitant: float | None = None  # vast-plus-inwoners
    weights: Mapping[str, float] | None = None  # mix
    benefits: Mapping[str, float] | None = None  # profijt, per REFNIS; Huff when None
    max_share: float | None = None
    minimum: float | None = None

    @property
    def label(self) -> str:
        label = KEY_LABELS.get(self.name, self.name)
        if self.name == "vast-plus-inwoners" and (self.fixed or self.per_inhabitant):
            parts = []
            if self.fixed is not None:
                parts.append(f"{self.fixed:g} € vast")
            if self.per_inhabitant is not None:
                parts.append(f"{self.per_inhabitant:g} €/inw.".replace(".", ","))
            label = " + ".join(parts)
        if self.name == "mix" and self.weights:
            label = "mix " + ", ".join(
                f"{round(w * 100)} % {KEY_LABELS.get(k, k)}" for k, w in self.weights.items()
            )
        if self.max_share is not None:
            label += f", max. {round(self.max_share * 100)} %"
        if self.minimum is not None:
            label += f", min. {self.minimum:g} €"
        return label


@dataclass(frozen=True)
class CostModel:
    """The cost game's assumptions: fixed cost F, scale exponent b, and whether a group that
    could be an IGS on its own deducts the 2027 subsidy it would get (see the module docstring).
    Without the subsidy, c(S) = K(S) with K(N) = T."""

    fixed_cost: float = 25_000.0
    exponent: float = 0.8
    with_subsidy: bool = True


@dataclass
class KeyResult:
    spec: KeySpec
    allocation: Allocation
    explanation: Explanation


@dataclass
class Comparison:
    partners: list[Partner]
    amount: Decimal
    model: CostModel
    scale: float
    game: Game
    subsidy_total: float
    shapley: Solution
    nucleolus: Solution | None
    results: list[KeyResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def stand_alone(self) -> dict[str, float]:
        return dict(zip(self.game.players, map(float, self.game.stand_alone()), strict=True))

    @property
    def marginal(self) -> dict[str, float]:
        return dict(zip(self.game.players, map(float, self.game.marginal()), strict=True))


def minimum_cofinancing_2027(population: int) -> Decimal:
    """75 % of the 2027 subsidy max(0,90 € × inhabitants, 100.000 €), in cents."""
    subsidy = max(Decimal("0.90") * population, Decimal(100_000))
    return (subsidy * Decimal("0.75")).quantize(Decimal("0.01"))


def huff_benefits(partners: Sequence[Place], flanders: Sequence[Place]) -> dict[str, float]:
    """Expected visits of each partner's inhabitants to the other partners' supply."""
    index = {p.refnis: i for i, p in enumerate(flanders)}
    origin = list(partners)
    home = np.array([index[p.refnis] for p in origin])
    dist = distance_matrix(
        [p.lon for p in origin],
        [p.lat for p in origin],
        dest_lon=[p.lon for p in flanders],
        dest_lat=[p.lat for p in flanders],
    )
    # A municipality's distance to its own supply is its internal distance, never 0.
    dist[np.arange(len(origin)), home] = internal_distance_km([p.area_km2 for p in origin])
    in_coop = np.zeros(len(flanders), dtype=bool)
    in_coop[[index[p.refnis] for p in origin]] = True
    benefit = partner_benefit(
        population=np.array([p.population for p in origin], dtype=float),
        attractiveness=np.array([p.population for p in flanders], dtype=float),
        distances=dist,
        in_cooperation=in_coop,
        home=home,
        scope="elders",
    )
    return {p.refnis: float(b) for p, b in zip(origin, benefit, strict=True)}


def build_key(spec: KeySpec, benefits: Mapping[str, float]) -> ContributionKey:
    if spec.name not in KEYS:
        raise ValueError(f"Onbekende verdeelsleutel '{spec.name}'. Kies uit: {', '.join(KEYS)}.")
    if spec.name == "vast-plus-inwoners":
        if spec.fixed is None and spec.per_inhabitant is None:
            raise ValueError(
                "Geef voor 'vast-plus-inwoners' een vast bedrag per gemeente, een bedrag per "
                "inwoner, of beide."
            )
        return FixedPlusPerInhabitant(fixed=spec.fixed, per_inhabitant=spec.per_inhabitant)
    if spec.name == "profijt":
        return Benefit(dict(spec.benefits or benefits))
    if spec.name == "mix":
        if not spec.weights:
            raise ValueError("Geef voor 'mix' de gewichten, bv. inwoners=0.5,draagkracht=0.5.")
        keys = {
            name: build_key(KeySpec(name, benefits=spec.benefits), benefits)
            for name in spec.weights
            if name not in ("mix", "vast-plus-inwoners")
        }
        if len(keys) != len(spec.weights):
            raise ValueError("Een mix kan 'mix' en 'vast-plus-inwoners' niet bevatten.")
        return Mix(dict(spec.weights), keys=keys)
    return make_key(spec.name)


def compare(
    places: Sequence[Place],
    adjacency: Sequence[tuple[str, str]],
    specs: Sequence[KeySpec],
    amount: Decimal | float | None = None,
    model: CostModel = CostModel(),
    flanders: Sequence[Place] | None = None,
) -> Comparison:
    """Compare ``specs`` for the partners ``places``.

    ``amount`` is what the partners pay together (default: the 2027 minimum cofinancing of the
    group); ``flanders`` every municipality (the destinations of the Huff model; defaults to the
    partners only).
    """
    if not places:
        raise ValueError("Kies minstens één gemeente.")
    if len({p.refnis for p in places}) != len(places):
        raise ValueError("Elke gemeente mag maar één keer meedoen.")
    if not specs:
        raise ValueError("Kies minstens één verdeelsleutel.")
    if len(specs) > MAX_KEYS:
        raise ValueError(f"Kies hoogstens {MAX_KEYS} verdeelsleutels.")
    places = sorted(places, key=lambda p: p.refnis)
    population = sum(p.population for p in places)
    total = (
        minimum_cofinancing_2027(population)
        if amount is None
        else Decimal(str(amount)).quantize(Decimal("0.01"))
    )
    if total <= 0:
        raise ValueError("Het te verdelen bedrag moet groter zijn dan nul.")
    notes = []
    if amount is None:
        notes.append(
            "Het te verdelen bedrag is de minimale gemeentelijke cofinanciering vanaf 2027: 75 % "
            "van de Vlaamse subsidie van max(0,90 € per inwoner, 100.000 €)."
        )

    players = [p.refnis for p in places]
    pops = [p.population for p in places]
    subsidy = subsidy_game_2027(players, pops, [p.region for p in places], adjacency)
    subsidy_total = float(subsidy.grand_value)
    # Calibrate a so that c(N) is exactly the amount being split: K(N) = T + s(N), or T.
    deducted = subsidy_total if model.with_subsidy else 0.0
    scale = (float(total) + deducted - model.fixed_cost) / population**model.exponent
    if scale <= 0:
        raise ValueError(
            "Het bedrag is te klein voor het kostenmodel: verlaag de vaste kost F "
            f"(nu {model.fixed_cost:g} €)."
        )
    programme = cost_model_game(players, pops, model.fixed_cost, scale, model.exponent)
    if model.with_subsidy:
        net = net_cost_game(programme, subsidy)
        game = Game.from_values(players, np.maximum(net.values, 0.0), net.kind, net.description)
    else:
        game = programme
    phi = shapley(game)
    try:
        nu = nucleolus(game)
    except EmptyImputationSetError:
        nu = None

    partners = [Partner(p.refnis, p.name, p.population, p.income_per_capita) for p in places]
    benefits: dict[str, float] = {}
    if any(s.name == "profijt" or (s.weights and "profijt" in s.weights) for s in specs):
        if not any(s.benefits for s in specs):
            benefits = huff_benefits(places, flanders or places)
    results = []
    for spec in specs:
        key = build_key(spec, benefits)
        alloc = allocate(
            partners,
            key,
            None if isinstance(key, FixedPlusPerInhabitant) and key.own_total(partners) else total,
            max_share=spec.max_share,
            min_amount=spec.minimum,
        )
        if alloc.total != total:
            notes.append(
                f"De sleutel '{spec.label}' bepaalt zelf het totaal ({alloc.total} €); de "
                "vergelijking met Shapley en nucleolus gaat uit van het te verdelen bedrag."
            )
        explanation = explain_allocation(alloc, game, shapley_solution=phi, nucleolus_solution=nu)
        results.append(KeyResult(spec, alloc, explanation))
    return Comparison(partners, total, model, scale, game, subsidy_total, phi, nu, results, notes)
