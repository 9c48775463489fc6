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
* ``s(S)`` is the Flemish subsidy ``S`` would receive as an IGS of its own under the chosen rule
  set (:func:`samenspel.funding.games.subsidy_game`, with every figure read from
  :data:`samenspel.partnerships.rules.RULES_2027`): nothing unless ``S`` has enough inhabitants
  and lies in one referentieregio, and — only when the user switches on that assumption — is
  contiguous.
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

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from samenspel.core.numbers import (
    format_eur,
    format_eur_compact,
    format_number,
    format_percent,
    format_rate,
    to_cents,
)
from samenspel.funding.bands import Bands, RestrictedNucleolus, restricted_nucleolus, win_win_bands
from samenspel.funding.explain import Explanation, explain_allocation
from samenspel.funding.games import (
    MAX_PLAYERS,
    WEB_LIMITS,
    BudgetExceeded,
    CoreCheck,
    EmptyImputationSetError,
    Game,
    GameError,
    Limits,
    Solution,
    cost_model_game,
    net_cost_game,
    nucleolus,
    shapley,
    subsidy_game,
)
from samenspel.funding.huff import distance_matrix, internal_distance_km, partner_benefit
from samenspel.funding.implicit import PopulationCostGame
from samenspel.funding.implicit import core_check as implicit_core_check
from samenspel.funding.implicit import nucleolus as implicit_nucleolus
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
from samenspel.funding.shapley_pop import shapley as counted_shapley
from samenspel.partnerships.rules import (
    RULES_2027,
    Eligibility,
    PartnershipFacts,
    RuleSet,
    evaluate,
)
from samenspel.territory.geo import components

MAX_KEYS = 4
#: Above this many partners the Shapley value, the nucleolus and the win-win check of every
#: key are computed from the parameters of the cost game (:mod:`samenspel.funding.shapley_pop`,
#: :mod:`samenspel.funding.implicit`) instead of over all ``2^n`` coalitions — unless the
#: contiguity assumption is on, which they cannot do. Up to 20, enumerating is faster
#: (benchmarks/README.md).
ENUMERATE_UP_TO = 20
KEY_LABELS = {
    "gelijk": "gelijke delen",
    "inwoners": "naar inwonersaantal",
    "vast-plus-inwoners": "vast bedrag + per inwoner",
    "draagkracht": "draagkracht (belastbaar inkomen)",
    "profijt": "profijt (Huff-model)",  # with figures of the user: "profijt (eigen cijfers)"
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
        if self.name == "profijt" and self.benefits:
            label = "profijt (eigen cijfers)"
        if self.name == "vast-plus-inwoners" and (self.fixed or self.per_inhabitant):
            fixed = f"{format_eur_compact(self.fixed or 0)} vast"
            rate = format_rate(self.per_inhabitant or 0, "€/inw.")
            if self.per_inhabitant is None:
                label = f"{fixed} + de rest per inwoner"
            elif self.fixed is None:
                label = f"{rate} + de rest als vast bedrag"
            else:
                label = f"{fixed} + {rate}"
        if self.name == "mix" and self.weights:
            label = "mix " + ", ".join(
                f"{format_percent(w, 0)} {KEY_LABELS.get(k, k)}" for k, w in self.weights.items()
            )
        if self.max_share is not None:
            label += f", max. {format_percent(self.max_share, 0)}"
        if self.minimum is not None:
            label += f", min. {format_eur_compact(self.minimum)}"
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
    rules: RuleSet = RULES_2027
    verdict: Eligibility | None = None  # the group as one IGS under ``rules``
    computed: list[str] = field(default_factory=list)  # what was computed, and what not
    negatives: list[str] = field(default_factory=list)  # negative amounts, in words
    bands: Bands | None = None  # win-win band per partner (core, or least core when empty)
    restricted: RestrictedNucleolus | None = None  # nucleolus when no partner is paid

    @property
    def stand_alone(self) -> dict[str, float]:
        return dict(zip(self.game.players, map(float, self.game.stand_alone()), strict=True))

    @property
    def marginal(self) -> dict[str, float]:
        return dict(zip(self.game.players, map(float, self.game.marginal()), strict=True))


def group_verdict(
    places: Sequence[Place], adjacency: Sequence[tuple[str, str]], rules: RuleSet = RULES_2027
) -> Eligibility:
    """The verdict of ``rules`` on the group as one IGS: inhabitants, referentieregio's, subsidy."""
    neighbours: dict[str, set[str]] = defaultdict(set)
    for a, b in adjacency:
        neighbours[a].add(b)
        neighbours[b].add(a)
    codes = [p.refnis for p in places]
    facts = PartnershipFacts(
        slug="groep",
        name="deze groep",
        member_count=len(places),
        population=sum(p.population for p in places),
        regions=Counter(p.region for p in places),
        components=components(codes, neighbours),
    )
    return evaluate(rules, facts)


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


def check_group(places: Sequence[Place]) -> None:
    """A Dutch ValueError for a group no comparison can be made for: none, a municipality twice,
    or more partners than a cost game can have (:data:`samenspel.funding.games.MAX_PLAYERS`).
    Cheap, so a caller checks it before it queues a background job."""
    if not places:
        raise ValueError("Kies minstens één gemeente.")
    if len({p.refnis for p in places}) != len(places):
        raise ValueError("Elke gemeente mag maar één keer meedoen.")
    if len(places) > MAX_PLAYERS:
        raise ValueError(
            f"Een verdeelsleutel kan voor hoogstens {MAX_PLAYERS} gemeenten tegelijk; je koos er "
            f"{len(places)}. Kies een kleinere groep, bv. één referentieregio."
        )


def compare(
    places: Sequence[Place],
    adjacency: Sequence[tuple[str, str]],
    specs: Sequence[KeySpec],
    amount: Decimal | float | None = None,
    model: CostModel = CostModel(),
    flanders: Sequence[Place] | None = None,
    rules: RuleSet = RULES_2027,
    limits: Limits = WEB_LIMITS,
    with_bands: bool = False,
    progress: Callable[[float, str], None] | None = None,
) -> Comparison:
    """Compare ``specs`` for the partners ``places``.

    ``amount`` is what the partners pay together (default: the minimum cofinancing of the group
    under ``rules``); ``flanders`` every municipality (the destinations of the Huff model;
    defaults to the partners only); ``rules`` the rule set read with the user's assumptions
    (:meth:`samenspel.partnerships.rules.RuleSet.with_assumptions`); ``limits`` bound what
    each game computation may use (:class:`samenspel.funding.games.Limits`): above them the
    Shapley value is sampled and the nucleolus or the win-win test is left out, and
    :attr:`Comparison.computed` says so. ``with_bands`` adds the win-win band per partner
    (:mod:`samenspel.funding.bands`).

    Groups of more than :data:`ENUMERATE_UP_TO` partners are computed from the parameters of
    the cost game, without
    listing its coalitions: the exact Shapley value by counting (falling back to a sample when
    its tables exceed ``limits.max_table_bytes``), the exact nucleolus by constraint generation
    and the exact win-win check of every key by the oracle of
    :mod:`samenspel.funding.implicit`. Not with the contiguity assumption: then it is the
    sample and no nucleolus, as above the limits. ``progress(fraction, text)`` is told how far
    the computation is (for a background job).
    """
    check_group(places)
    if not specs:
        raise ValueError("Kies minstens één verdeelsleutel.")
    if len(specs) > MAX_KEYS:
        raise ValueError(f"Kies hoogstens {MAX_KEYS} verdeelsleutels.")
    places = sorted(places, key=lambda p: p.refnis)
    population = sum(p.population for p in places)
    if population <= 0:
        raise ValueError(
            "De gekozen gemeenten hebben samen 0 inwoners op deze datum: er valt niets te "
            "verdelen. Kies andere gemeenten of een andere peildatum."
        )
    verdict = group_verdict(places, adjacency, rules)
    total = rules.subsidy.cofinancing(population) if amount is None else to_cents(amount)
    if total <= 0:
        raise ValueError("Het te verdelen bedrag moet groter zijn dan nul.")
    notes = []
    if amount is None:
        notes.append(
            "Het te verdelen bedrag is de minimale gemeentelijke cofinanciering "
            f"{rules.label}: {format_number(rules.subsidy.cofinancing_ratio * 100)} % van de "
            f"Vlaamse subsidie van {rules.subsidy.describe()} (ook als de groep niet aan de "
            "regels voldoet: zo vergelijk je groepen op hetzelfde bedrag)."
        )

    players = [p.refnis for p in places]
    pops = [p.population for p in places]
    subsidy = subsidy_game(
        players,
        pops,
        [p.region for p in places],
        adjacency,
        min_population=rules.min_population or 0,
        per_inhabitant=float(rules.subsidy.per_inhabitant or 0),
        minimum=float(rules.subsidy.minimum or 0),
        require_contiguous=rules.requires_contiguity,
    )
    subsidy_total = float(subsidy.grand_value)
    # Calibrate a so that c(N) is exactly the amount being split: K(N) = T + s(N), or T.
    deducted = subsidy_total if model.with_subsidy else 0.0
    scale = (float(total) + deducted - model.fixed_cost) / population**model.exponent
    if scale <= 0:
        raise ValueError(
            "Het bedrag is te klein voor het kostenmodel: verlaag de vaste kost F "
            f"(nu {format_eur_compact(model.fixed_cost)})."
        )
    programme = cost_model_game(players, pops, model.fixed_cost, scale, model.exponent)
    game = net_cost_game(programme, subsidy, floor=0.0) if model.with_subsidy else programme
    tell = progress or (lambda fraction, text: None)
    large = len(places) > ENUMERATE_UP_TO
    computed: list[str] = []
    pop_game = None
    if large and not rules.requires_contiguity:
        try:
            pop_game = population_game(places, model, scale, rules)
        except GameError as exc:  # e.g. a partner without inhabitants on this date
            computed.append(f"Zonder alle groepen op te sommen kan het hier niet: {exc}")
    phi = None
    not_counted = None
    if pop_game is not None:
        tell(0.15, "De Shapley-waarde wordt exact berekend door de groepen te tellen.")
        try:
            phi = counted_shapley(pop_game, limits=limits)
        except (BudgetExceeded, GameError) as exc:  # too large, or more than 56 partners
            not_counted = str(exc)
    if phi is None:
        phi = shapley(game, limits=limits)
    if not_counted:
        how = "berekend over alle coalities" if phi.exact else "geschat met een steekproef"
        computed.append(f"{not_counted} Daarom is ze {how}.")
    if phi.note:
        computed.insert(0, phi.note)
    nu = None
    tell(0.3, "De nucleolus wordt berekend.")
    if pop_game is not None:
        nu = _nucleolus_without_enumeration(pop_game, limits, computed, tell)
    else:
        try:
            nu = nucleolus(game, limits=limits)
            computed.append("De nucleolus is nagerekend met het criterium van Kohlberg.")
        except EmptyImputationSetError:
            computed.append(
                "Er is geen nucleolus: samen kost het meer dan de som van wat elke gemeente "
                "alleen zou betalen."
            )
        except BudgetExceeded as exc:
            if rules.requires_contiguity:
                computed.append(str(exc))
            else:
                try:
                    pg = population_game(places, model, scale, rules)
                except GameError as why:
                    computed.append(f"{exc} {why}")
                else:
                    nu = _nucleolus_without_enumeration(pg, limits, computed, tell, too_large=exc)
    core_of = None
    if pop_game is not None:
        least_core = nu.levels[0] if nu is not None and nu.levels else None
        core_of = _oracle_core_check(pop_game, least_core)
        computed.append(
            "De win-wintoets van elke sleutel is exact: een zoekprocedure vindt de groep die "
            "het meest op achteruitgaat, zonder alle groepen op te sommen."
        )
    tell(0.85, "De sleutels worden vergeleken.")

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
                f"De sleutel '{spec.label}' bepaalt zelf het totaal "
                f"({format_eur(alloc.total)}); de vergelijking met Shapley en nucleolus gaat uit "
                "van het te verdelen bedrag."
            )
        explanation = explain_allocation(
            alloc,
            game,
            shapley_solution=phi,
            nucleolus_solution=nu,
            compute_missing=False,
            limits=limits,
            core_check_of=core_of,
        )
        results.append(KeyResult(spec, alloc, explanation))
    # After the keys' own win-win checks, so that the bands never take their time; only when
    # asked for (a band costs many LPs: 0,7 s for 13 partners, 7,5 s for 16).
    bands = restricted = None
    if with_bands:
        bands, restricted = _bands(game, nu, limits, computed)
    return Comparison(
        partners,
        total,
        model,
        scale,
        game,
        subsidy_total,
        phi,
        nu,
        results,
        notes,
        rules=rules,
        verdict=verdict,
        computed=computed,
        negatives=_negatives(places, phi, nu, rules),
        bands=bands,
        restricted=restricted,
    )


def population_game(
    places: Sequence[Place], model: CostModel, scale: float, rules: RuleSet
) -> PopulationCostGame:
    """The cost game of ``compare`` given by its parameters (players in the same order)."""
    return PopulationCostGame(
        tuple(p.refnis for p in places),
        tuple(int(p.population) for p in places),
        tuple(p.region for p in places),
        model.fixed_cost,
        scale,
        model.exponent,
        min_population=rules.min_population or 0,
        per_inhabitant=float(rules.subsidy.per_inhabitant or 0),
        minimum=float(rules.subsidy.minimum or 0),
        with_subsidy=model.with_subsidy,
    )


def _nucleolus_without_enumeration(
    game: PopulationCostGame,
    limits: Limits,
    computed: list[str],
    tell: Callable[[float, str], None],
    too_large: BudgetExceeded | None = None,
) -> Solution | None:
    """The nucleolus of a group too large to list every coalition, computed exactly from the
    few parameters of the cost game (:mod:`samenspel.funding.implicit`). ``computed`` says what
    was done, or why not."""
    rounds = [0]

    def step(text: str) -> None:
        rounds[0] += 1
        tell(min(0.8, 0.3 + 0.02 * rounds[0]), f"Nucleolus: {text}")

    try:
        nu = implicit_nucleolus(game, limits=limits, progress=step)
    except (BudgetExceeded, EmptyImputationSetError, GameError) as exc:
        before = (
            f"{too_large} Ook zonder alle coalities op te sommen lukte het niet: "
            if (too_large)
            else "De nucleolus is niet berekend: "
        )
        computed.append(f"{before}{exc}")
        return None
    computed.append(
        f"De nucleolus is exact berekend zonder alle {format_number(2**game.n - 2)} "
        "coalities op te sommen: een zoekprocedure vindt telkens de groep die het slechtst af "
        "is (nagerekend: geen enkele groep zit boven de gevonden niveaus, en het criterium van "
        "Kohlberg)."
    )
    return nu


def _oracle_core_check(game: PopulationCostGame, least_core: float | None) -> Callable:
    """The win-win (core) check of an allocation by the oracle, for ``explain_allocation``:
    amounts rounded to cents, so one cent per partner is allowed."""
    tolerance = 0.01 * game.n

    def check(amounts: np.ndarray) -> CoreCheck:
        return implicit_core_check(game, amounts, tolerance=tolerance, least_core=least_core)

    return check


def _bands(
    game: Game, nu: Solution | None, limits: Limits, computed: list[str]
) -> tuple[Bands | None, RestrictedNucleolus | None]:
    """The win-win bands and, when the nucleolus has a negative share, the nucleolus without
    negative contributions; what could not be computed is said in ``computed``."""
    bands = restricted = None
    if nu is not None and float(np.min(nu.allocation)) < -0.005:
        try:
            restricted = restricted_nucleolus(game, limits=limits)
        except (BudgetExceeded, EmptyImputationSetError) as exc:
            computed.append(str(exc))
    try:
        bands = win_win_bands(game, limits=limits)
    except BudgetExceeded as exc:
        computed.append(str(exc))
    return bands, restricted


def _negatives(
    places: Sequence[Place], phi: Solution, nu: Solution | None, rules: RuleSet
) -> list[str]:
    """Explain every negative Shapley value or nucleolus amount in words, where it appears."""
    out = []
    for solution, what in ((phi, "Shapley-waarde"), (nu, "nucleolus")):
        if solution is None:
            continue
        for place, value in zip(places, solution.allocation, strict=True):
            if value < -0.005:
                out.append(
                    f"{place.name} heeft een negatieve {what} ({format_eur(value)}): in dit "
                    f"kostenmodel brengt {place.name} de samenwerking meer op dan het kost, "
                    f"omdat groepen zonder {place.name} minder Vlaamse subsidie zouden krijgen "
                    f"(bijvoorbeeld onder {format_number(rules.min_population or 0)} inwoners "
                    "zakken). Het zou dus geld krijgen in plaats van betalen; een verdeelsleutel "
                    f"vraagt geen negatieve bijdrage, lees het als: {place.name} verdient een "
                    "klein aandeel."
                )
    return out
