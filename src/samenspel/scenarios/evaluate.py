"""Scenario's: a named set of groups (IGS) at a reference date under a rule set, and what it
brings (pure, no Django).

The API the pages and the CLI use
---------------------------------

* :class:`Scenario` (frozen): ``title``, ``kind`` (one of :data:`KINDS`: huidig, toetreding,
  fusie, nieuw, plan-2027, maxp, aangepast), ``on`` (reference date), ``rules`` ("2020" or
  "2027", read with :func:`samenspel.partnerships.rules.rule_set`), ``contiguous`` (the
  assumption :data:`~samenspel.partnerships.rules.CONTIGUITY_2027`), ``groups`` (a tuple of
  :class:`Group`: ``name``, ``members`` as sorted REFNIS 2025 codes, ``continues`` = slug of
  today's IGS it carries on, or None) and ``notes`` (Dutch sentences shown with it).
  Group names are unique; a municipality is in at most one group (both checked on creation).
  ``scenario.to_json()`` gives a small dict (Dutch keys ``titel``, ``soort``, ``peildatum``,
  ``regels``, ``aaneengesloten``, ``groepen`` [``naam``, ``leden``, ``vervolg``], ``notities``)
  for saving and share links; ``Scenario.from_json(data, known=codes)`` validates it and raises
  :class:`ScenarioError` (Dutch) for anything wrong: an unknown REFNIS code, a municipality in
  two groups, a bad date… ``scenario.group_of(refnis)`` gives a group index or None.
* :class:`Context` (frozen): what the evaluation needs to know about the territory on the date:
  ``municipalities`` (REFNIS → :class:`Area`), ``adjacency`` (REFNIS → neighbours), ``igs``
  (today's IGS slug → its fully covered members), ``igs_names`` and ``ties`` (pairs of
  neighbours that already cooperate, ``(a, b, kind)``; kind ``cultuur-IGS`` for today's culture
  IGS and the kinds of :mod:`samenspel.scenarios.ties`). Built from the Atlas by
  :func:`samenspel.scenarios.services.context`; in tests by hand.
* :func:`evaluate` ``(scenario, context, key="inwoners", *, win_win=True) -> ScenarioResult``.
* :func:`move` ``(scenario, refnis, to_group, adjacency) -> Scenario`` (kind "aangepast"):
  raises :class:`ScenarioError` when ``refnis`` borders no member of the target group.
* :func:`diff` ``(before, after) -> ScenarioDiff``: which municipality changed group
  (``moved``: :class:`Change` refnis, name, before, after), which group's verdict or subsidy
  changed (``verdicts``: :class:`VerdictChange`), total subsidy before and after, and
  ``sentences`` (Dutch).
* :func:`summary` ``(result) -> str``: one Dutch sentence on coverage and subsidy.

:class:`ScenarioResult` holds, for the whole scenario: ``groups`` (:class:`GroupResult`),
``municipalities_total``/``municipalities_covered``, ``population_total``/``population_covered``,
``uncovered`` (REFNIS codes in no group), ``memberships_total``, ``memberships_kept`` and
``memberships_broken`` (tuples of ``(igs slug, refnis)``), ``ties`` (one :class:`TieCount` per
kind: ``kind``, ``kept``, ``total``, ``share``), ``crossings`` (indices of groups spanning more
than one referentieregio), ``subsidy_total_eur``, ``qualifying`` (number of groups that get
subsidy), ``rules_label``, ``reading`` and ``notes``.

:class:`GroupResult` holds per group: ``index``, ``name``, ``continues``, ``members``
(:class:`MemberResult`: refnis, name, population, region, is_centrumstad, share_of_population,
contribution, share_of_contribution, today = slugs of today's IGS, kept), ``population``,
``referentieregios``, ``crosses_regions``, the verdict of the rules (``eligible``,
``transition_eligible``, ``qualifies``, ``verdict``, ``reasons``, ``advice``, ``reading``, all
from :func:`samenspel.partnerships.rules.evaluate`), ``subsidy_eur`` (0 when it does not
qualify), ``potential_subsidy_eur``, ``min_cofinancing_eur`` (0 when it does not qualify),
``amount_split_eur`` (what the key splits: the minimum cofinancing under the rules, also when the
group does not qualify — as the Verdeelsleutel's :func:`~samenspel.funding.analysis.compare`
does), ``key``, ``key_label``, ``contributions`` (REFNIS → Decimal), ``centrumsteden``,
``centrumstad_share`` (share of inhabitants of the centrumsteden in the group: the dominance-risk
figure; None without one), ``centrumstad_contribution_share``, ``contiguous``, ``components``,
``win_win`` (True/False/None; None also for a group of one municipality, which pays all),
``win_win_method`` (:data:`WIN_WIN_EXACT`,
:data:`WIN_WIN_ORACLE` or :data:`WIN_WIN_NONE`), ``win_win_note`` and ``notes``.

Definitions
-----------

* A **membership** of today (IGS slug, municipality) is *kept* when the municipality is in the
  group that carries the IGS on: the group whose ``continues`` is that slug, or else the group
  that holds most of its members (ties: the first group). A merger of two IGS keeps every
  membership; an IGS split over two groups breaks the memberships of the smaller part.
* A **tie** is kept when both neighbours are in the same group.
* **Win-win** of a group: is the split under the chosen key in the core of the Verdeelsleutel's
  cost game (no partner and no set of partners pays more than it would on its own)? Up to
  :data:`EXACT_MAX_MEMBERS` members exactly through
  :func:`samenspel.funding.analysis.compare`; above that, without the contiguity assumption,
  exactly through the oracle :func:`samenspel.funding.implicit.most_dissatisfied` on the same
  cost game; otherwise not computed (and ``win_win_note`` says why).
* A partly covered municipality (after the mergers of 2025) is no member of today's IGS here,
  as everywhere (:data:`samenspel.partnerships.coverage.PARTLY_RULE`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from samenspel.core.numbers import format_eur, format_number
from samenspel.funding.analysis import (
    CostModel,
    KeySpec,
    Place,
    build_key,
    compare,
    huff_benefits,
    population_game,
)
from samenspel.funding.games import MAX_PLAYERS, WEB_LIMITS, BudgetExceeded, GameError, Limits
from samenspel.funding.implicit import most_dissatisfied
from samenspel.funding.keys import FixedPlusPerInhabitant, Partner, allocate
from samenspel.partnerships.rules import PartnershipFacts, rule_set
from samenspel.partnerships.rules import evaluate as apply_rules
from samenspel.territory.geo import ENCLAVES, NO_FLEMISH_NEIGHBOUR, components

#: kind code → Dutch label.
KINDS = {
    "huidig": "huidige toestand",
    "toetreding": "een gemeente treedt toe",
    "fusie": "twee IGS fuseren",
    "nieuw": "een nieuwe IGS",
    "plan-2027": "aangekondigde plannen voor 2027",
    "maxp": "volledige dekking (max-p)",
    "aangepast": "aangepast",
}

#: The kind of tie for two neighbours in the same culture IGS today.
CULTURE_TIE = "cultuur-IGS"

WIN_WIN_EXACT = "exact"
WIN_WIN_ORACLE = "orakel"
WIN_WIN_NONE = "niet berekend"
#: Up to this many members the win-win check runs through the Verdeelsleutel's compare().
EXACT_MAX_MEMBERS = 20
#: All win-win checks of one evaluation together stop after this many seconds (unless the
#: caller passes limits with a shared deadline, :meth:`samenspel.funding.games.Limits.within`);
#: the groups not reached say so in ``win_win_note``.
EVALUATE_SECONDS = 10.0
#: Bounds on what a scenario read from JSON may hold.
MAX_TITLE = 200
#: The Verdeelsleutel's cost model with its default assumptions.
DEFAULT_MODEL = CostModel()
MAX_GROUPS = 300
MAX_MEMBERS = 1000


class ScenarioError(ValueError):
    """A scenario or a change to one is not valid; the message (Dutch) says why."""


# --------------------------------------------------------------------------------------------
# The scenario
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    name: str
    members: tuple[str, ...]
    continues: str | None = None  # slug of today's IGS it carries on

    def __post_init__(self) -> None:
        object.__setattr__(self, "members", tuple(sorted(set(self.members))))


@dataclass(frozen=True)
class Scenario:
    title: str
    kind: str
    on: date
    rules: str
    groups: tuple[Group, ...]
    contiguous: bool = False
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "groups", tuple(self.groups))
        object.__setattr__(self, "notes", tuple(self.notes))
        if self.kind not in KINDS:
            raise ScenarioError(
                f"Onbekende soort scenario '{self.kind}'. Kies uit: {', '.join(KINDS)}."
            )
        try:
            rule_set(self.rules)
        except ValueError as exc:
            raise ScenarioError(str(exc)) from None
        seen: dict[str, str] = {}
        names: set[str] = set()
        for g in self.groups:
            if g.name in names:
                raise ScenarioError(
                    f"Twee groepen heten '{g.name}': geef elke groep een eigen naam."
                )
            names.add(g.name)
            if not g.members:
                raise ScenarioError(f"De groep '{g.name}' heeft geen gemeenten.")
            for code in g.members:
                if code in seen:
                    raise ScenarioError(
                        f"Gemeente {code} staat in twee groepen: '{seen[code]}' en '{g.name}'."
                    )
                seen[code] = g.name

    def group_of(self, refnis: str) -> int | None:
        """The index of the group ``refnis`` is in, or None."""
        for k, g in enumerate(self.groups):
            if refnis in g.members:
                return k
        return None

    @property
    def codes(self) -> set[str]:
        return {c for g in self.groups for c in g.members}

    def to_json(self) -> dict:
        """A small dict with Dutch keys (for saving and share links)."""
        data = {
            "titel": self.title,
            "soort": self.kind,
            "peildatum": self.on.isoformat(),
            "regels": self.rules,
            "aaneengesloten": self.contiguous,
            "groepen": [
                {"naam": g.name, "leden": list(g.members)}
                | ({"vervolg": g.continues} if g.continues else {})
                for g in self.groups
            ],
        }
        if self.notes:
            data["notities"] = list(self.notes)
        return data

    @classmethod
    def from_json(cls, data, known: Mapping | set | None = None) -> Scenario:
        """Read :meth:`to_json`'s dict back; every problem is a :class:`ScenarioError` in Dutch.
        ``known`` (REFNIS codes, or a mapping keyed by them) rejects unknown municipalities."""
        if not isinstance(data, dict):
            raise ScenarioError("Een scenario is een object met titel, soort, peildatum, …")

        def text(name: str, default: str | None = None, limit: int = MAX_TITLE) -> str:
            value = data.get(name, default)
            if not isinstance(value, str) or not value.strip():
                raise ScenarioError(f"Veld '{name}': verwacht een niet-lege tekst.")
            if len(value) > limit:
                raise ScenarioError(f"Veld '{name}': hoogstens {limit} tekens.")
            return value.strip()

        title = text("titel")
        kind = text("soort")
        try:
            on = date.fromisoformat(text("peildatum"))
        except ValueError:
            raise ScenarioError(
                f"Veld 'peildatum': '{data.get('peildatum')}' is geen datum (jjjj-mm-dd)."
            ) from None
        rules = text("regels", limit=10)
        contiguous = data.get("aaneengesloten", False)
        if not isinstance(contiguous, bool):
            raise ScenarioError("Veld 'aaneengesloten': verwacht true of false.")
        raw_groups = data.get("groepen")
        if not isinstance(raw_groups, list):
            raise ScenarioError("Veld 'groepen': verwacht een lijst van groepen.")
        if len(raw_groups) > MAX_GROUPS:
            raise ScenarioError(f"Veld 'groepen': hoogstens {MAX_GROUPS} groepen.")
        groups = []
        for k, g in enumerate(raw_groups, start=1):
            where = f"Groep {k}"
            if not isinstance(g, dict):
                raise ScenarioError(f"{where}: verwacht een object met naam en leden.")
            name = g.get("naam")
            if not isinstance(name, str) or not name.strip() or len(name) > MAX_TITLE:
                raise ScenarioError(f"{where}, veld 'naam': verwacht een niet-lege tekst.")
            members = g.get("leden")
            if not isinstance(members, list) or not members:
                raise ScenarioError(f"{where}, veld 'leden': verwacht een niet-lege lijst.")
            if len(members) > MAX_MEMBERS:
                raise ScenarioError(f"{where}, veld 'leden': hoogstens {MAX_MEMBERS} gemeenten.")
            codes = []
            for code in members:
                if not isinstance(code, str | int) or isinstance(code, bool):
                    raise ScenarioError(f"{where}, veld 'leden': {code!r} is geen REFNIS-code.")
                code = str(code).strip()
                if known is not None and code not in known:
                    raise ScenarioError(f"{where}, veld 'leden': onbekende REFNIS-code {code}.")
                if code in codes:
                    raise ScenarioError(
                        f"{where}, veld 'leden': gemeente {code} staat er twee keer."
                    )
                codes.append(code)
            continues = g.get("vervolg")
            if continues is not None and (not isinstance(continues, str) or len(continues) > 100):
                raise ScenarioError(f"{where}, veld 'vervolg': verwacht de slug van een IGS.")
            groups.append(Group(name.strip(), tuple(codes), continues or None))
        notes = data.get("notities", [])
        if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
            raise ScenarioError("Veld 'notities': verwacht een lijst van teksten.")
        return cls(title, kind, on, rules, tuple(groups), contiguous, tuple(notes[:50]))


# --------------------------------------------------------------------------------------------
# The context
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """A 2025 municipality as the evaluation sees it."""

    refnis: str
    name: str
    population: int
    region: str  # referentieregio name
    is_centrumstad: bool = False
    income_per_capita: float | None = None
    lon: float = 0.0
    lat: float = 0.0
    area_km2: float = 1.0

    def place(self) -> Place:
        return Place(
            self.refnis,
            self.name,
            self.population,
            self.income_per_capita,
            self.region,
            self.lon,
            self.lat,
            self.area_km2,
        )


@dataclass(frozen=True)
class Context:
    municipalities: Mapping[str, Area]
    adjacency: Mapping[str, frozenset[str] | set[str]]
    igs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # today: slug → members
    igs_names: Mapping[str, str] = field(default_factory=dict)
    ties: tuple[tuple[str, str, str], ...] = ()
    notes: tuple[str, ...] = ()

    def name(self, refnis: str) -> str:
        a = self.municipalities.get(refnis)
        return a.name if a else refnis

    def igs_of(self, refnis: str) -> tuple[str, ...]:
        return tuple(s for s, members in self.igs.items() if refnis in members)


# --------------------------------------------------------------------------------------------
# The result
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberResult:
    refnis: str
    name: str
    population: int
    region: str
    is_centrumstad: bool
    share_of_population: float  # of the group's inhabitants
    contribution: Decimal | None
    share_of_contribution: float | None
    today: tuple[str, ...]  # slugs of today's IGS it is a member of
    kept: bool | None  # its membership of today kept (None: in no IGS today)


@dataclass(frozen=True)
class GroupResult:
    index: int
    name: str
    continues: str | None
    members: tuple[MemberResult, ...]
    population: int
    referentieregios: dict[str, int]
    crosses_regions: bool
    eligible: bool
    transition_eligible: bool | None
    qualifies: bool
    verdict: str
    reasons: tuple[str, ...]
    advice: tuple[str, ...]
    reading: str
    subsidy_eur: Decimal
    potential_subsidy_eur: Decimal
    min_cofinancing_eur: Decimal
    amount_split_eur: Decimal
    key: str
    key_label: str
    contributions: dict[str, Decimal]
    centrumsteden: tuple[str, ...]
    centrumstad_share: float | None
    centrumstad_contribution_share: float | None
    contiguous: bool
    components: tuple[tuple[str, ...], ...]
    win_win: bool | None
    win_win_method: str
    win_win_note: str
    notes: tuple[str, ...] = ()
    #: The reasons (among ``reasons``) the rules could not judge with the data at hand, e.g.
    #: the cofinancing of a group whose budget is not known (``Finding.ok is None``).
    unjudged: tuple[str, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(m.refnis for m in self.members)


@dataclass(frozen=True)
class TieCount:
    kind: str
    kept: int
    total: int

    @property
    def share(self) -> float | None:
        return self.kept / self.total if self.total else None


@dataclass(frozen=True)
class ScenarioResult:
    scenario: Scenario
    rules_label: str
    reading: str
    key: str
    groups: tuple[GroupResult, ...]
    municipalities_total: int
    municipalities_covered: int
    population_total: int
    population_covered: int
    uncovered: tuple[str, ...]
    memberships_total: int
    memberships_kept: tuple[tuple[str, str], ...]
    memberships_broken: tuple[tuple[str, str], ...]
    ties: tuple[TieCount, ...]
    crossings: tuple[int, ...]
    subsidy_total_eur: Decimal
    qualifying: int
    notes: tuple[str, ...] = ()

    def group_of(self, refnis: str) -> GroupResult | None:
        for g in self.groups:
            if refnis in g.codes:
                return g
        return None

    def tie(self, kind: str) -> TieCount | None:
        return next((t for t in self.ties if t.kind == kind), None)


# --------------------------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------------------------


def _key_spec(key: str | KeySpec) -> KeySpec:
    return key if isinstance(key, KeySpec) else KeySpec(key)


def carriers(scenario: Scenario, context: Context) -> dict[str, int]:
    """Per IGS of today the index of the group that carries it on (see the module docstring);
    an IGS none of whose members is in a group is absent."""
    out: dict[str, int] = {}
    for k, g in enumerate(scenario.groups):
        if g.continues and g.continues in context.igs and g.continues not in out:
            out[g.continues] = k
    for slug, members in context.igs.items():
        if slug in out:
            continue
        counts = Counter(k for k in (scenario.group_of(c) for c in members) if k is not None)
        if counts:
            out[slug] = min(counts, key=lambda k: (-counts[k], k))
    return out


def evaluate(
    scenario: Scenario,
    context: Context,
    key: str | KeySpec = "inwoners",
    *,
    win_win: bool | Iterable[int] = True,
    model: CostModel = DEFAULT_MODEL,
    limits: Limits = WEB_LIMITS,
) -> ScenarioResult:
    """Evaluate ``scenario`` on ``context`` with the contribution ``key`` (a name of
    :data:`samenspel.funding.keys.KEYS` or a :class:`~samenspel.funding.analysis.KeySpec`).
    ``win_win=False`` skips the win-win checks (the costly part); a set of group indices runs
    them for those groups only. ``limits`` bound each check (:data:`WEB_LIMITS`: 20 members,
    2 s) and all of them together (:data:`EVALUATE_SECONDS`, or the caller's shared deadline)."""
    unknown = sorted(scenario.codes - set(context.municipalities))
    if unknown:
        raise ScenarioError(f"Onbekende REFNIS-code(s): {', '.join(unknown)}.")
    rules = rule_set(scenario.rules, contiguous=scenario.contiguous)
    spec = _key_spec(key)
    carried = carriers(scenario, context)
    checked = set(range(len(scenario.groups))) if win_win is True else set(win_win or ())
    if checked and limits.until is None:
        limits = limits.within(EVALUATE_SECONDS)
    flanders = None
    groups = []
    for k, g in enumerate(scenario.groups):
        if spec.name == "profijt" and not spec.benefits and flanders is None:
            flanders = [a.place() for a in context.municipalities.values()]
        late = k in checked and limits.until is not None and limits.clock() >= limits.until
        result = _group(
            k,
            g,
            scenario,
            context,
            rules,
            spec,
            carried,
            k in checked and not late,
            model,
            limits,
            flanders,
        )
        if late:
            seconds = format_number(limits.total_seconds or 0, 1)
            result = replace(
                result,
                win_win_note=f"niet berekend: de tijd voor alle berekeningen samen ({seconds} s) "
                "was op",
            )
        groups.append(result)
    covered = scenario.codes
    munis = context.municipalities
    kept, broken = [], []
    for slug, members in sorted(context.igs.items()):
        for code in members:
            if slug in carried and scenario.group_of(code) == carried[slug]:
                kept.append((slug, code))
            else:
                broken.append((slug, code))
    tie_counts: dict[str, list[int]] = {}
    for a, b, kind in context.ties:
        count = tie_counts.setdefault(kind, [0, 0])
        count[1] += 1
        ga = scenario.group_of(a)
        if ga is not None and ga == scenario.group_of(b):
            count[0] += 1
    ties = tuple(TieCount(kind, kept_, total) for kind, (kept_, total) in tie_counts.items())
    notes = list(scenario.notes) + list(context.notes)
    return ScenarioResult(
        scenario=scenario,
        rules_label=rules.label,
        reading=rules.reading(),
        key=spec.name,
        groups=tuple(groups),
        municipalities_total=len(munis),
        municipalities_covered=len(covered),
        population_total=sum(a.population for a in munis.values()),
        population_covered=sum(munis[c].population for c in covered),
        uncovered=tuple(sorted(set(munis) - covered)),
        memberships_total=len(kept) + len(broken),
        memberships_kept=tuple(kept),
        memberships_broken=tuple(broken),
        ties=ties,
        crossings=tuple(g.index for g in groups if g.crosses_regions),
        subsidy_total_eur=sum((g.subsidy_eur for g in groups), Decimal(0)),
        qualifying=sum(1 for g in groups if g.qualifies),
        notes=tuple(notes),
    )


def _group(k, g, scenario, context, rules, spec, carried, win_win, model, limits, flanders):
    munis = context.municipalities
    areas = [munis[c] for c in g.members]
    population = sum(a.population for a in areas)
    adjacency = context.adjacency
    parts = components(g.members, {c: set(adjacency.get(c, ())) for c in g.members})
    regions = Counter(a.region for a in areas)
    notes_t = [NO_FLEMISH_NEIGHBOUR[c] for c in g.members if c in NO_FLEMISH_NEIGHBOUR]
    notes_t += [ENCLAVES[c] for c in g.members if c in ENCLAVES]
    facts = PartnershipFacts(
        slug=g.continues or f"groep-{k + 1}",
        name=g.name,
        member_count=len(areas),
        population=population,
        regions=regions,
        components=parts,
        territory_notes=notes_t,
    )
    verdict = apply_rules(rules, facts)
    amount = rules.subsidy.cofinancing(population)
    notes: list[str] = []
    if len(areas) == 1:
        notes.append(
            f"Deze groep is {areas[0].name} alleen: er is geen samenwerking met andere gemeenten."
        )
    contributions, label, ww, method, ww_note = _contributions(
        areas, context, rules, spec, amount, win_win, model, limits, flanders, notes
    )
    total_paid = sum(contributions.values(), Decimal(0))
    steden = tuple(a.refnis for a in areas if a.is_centrumstad)
    stad_pop = sum(munis[c].population for c in steden)
    stad_share = stad_pop / population if steden and population else None
    stad_pay = None
    if steden and total_paid:
        stad_pay = float(sum(contributions.get(c, Decimal(0)) for c in steden) / total_paid)
    members = []
    for a in areas:
        today = context.igs_of(a.refnis)
        kept = None
        if today:
            kept = all(carried.get(s) == k for s in today)
        pay = contributions.get(a.refnis)
        members.append(
            MemberResult(
                refnis=a.refnis,
                name=a.name,
                population=a.population,
                region=a.region,
                is_centrumstad=a.is_centrumstad,
                share_of_population=a.population / population if population else 0.0,
                contribution=pay,
                share_of_contribution=float(pay / total_paid)
                if pay is not None and total_paid
                else None,
                today=today,
                kept=kept,
            )
        )
    return GroupResult(
        index=k,
        name=g.name,
        continues=g.continues,
        members=tuple(members),
        population=population,
        referentieregios=dict(sorted(regions.items())),
        crosses_regions=len(regions) > 1,
        eligible=verdict.eligible,
        transition_eligible=verdict.transition_eligible,
        qualifies=verdict.qualifies,
        verdict=verdict.verdict,
        reasons=tuple(verdict.reasons),
        advice=tuple(verdict.advice),
        reading=verdict.reading,
        subsidy_eur=verdict.subsidy_eur,
        potential_subsidy_eur=verdict.potential_subsidy_eur,
        min_cofinancing_eur=verdict.min_cofinancing_eur,
        amount_split_eur=amount,
        key=spec.name,
        key_label=label,
        contributions=contributions,
        centrumsteden=steden,
        centrumstad_share=stad_share,
        centrumstad_contribution_share=stad_pay,
        contiguous=len(parts) == 1,
        components=tuple(tuple(p) for p in parts),
        win_win=ww,
        win_win_method=method,
        win_win_note=ww_note,
        notes=tuple(notes),
        unjudged=tuple(x.text for x in verdict.findings if x.ok is None and not x.advisory),
    )


def _contributions(areas, context, rules, spec, amount, win_win, model, limits, flanders, notes):
    """(contributions, key label, win_win, method, note) for one group."""
    label = spec.label
    population = sum(a.population for a in areas)
    if population <= 0 or amount <= 0:
        notes.append("De groep heeft 0 inwoners op deze datum: er valt niets te verdelen.")
        return {}, label, None, WIN_WIN_NONE, "niet berekend: niets te verdelen"
    if len(areas) == 1:
        only = areas[0]
        return (
            {only.refnis: amount},
            label,
            None,
            WIN_WIN_NONE,
            f"niet van toepassing: {only.name} is de enige gemeente en betaalt alles",
        )
    places = [a.place() for a in sorted(areas, key=lambda a: a.refnis)]
    codes = {a.refnis for a in areas}
    pairs = sorted(
        (a, b) for a in codes for b in context.adjacency.get(a, ()) if b in codes and a < b
    )
    if win_win and len(places) <= EXACT_MAX_MEMBERS:
        try:
            comp = compare(
                places, pairs, [spec], model=model, flanders=flanders, rules=rules, limits=limits
            )
        except (ValueError, GameError, BudgetExceeded) as exc:
            notes.append(f"De vergelijking van de Verdeelsleutel lukte niet: {exc}")
        else:
            result = comp.results[0]
            ww = result.explanation.win_win
            note = " ".join(result.explanation.overall)
            if ww is None:
                note = "niet berekend binnen de grenzen van één pagina. " + " ".join(comp.computed)
            return (
                result.allocation.amounts(),
                label,
                ww,
                WIN_WIN_EXACT if ww is not None else WIN_WIN_NONE,
                note.strip(),
            )
    # the key alone, exactly as compare() applies it
    benefits = {}
    if spec.name == "profijt" or (spec.weights and "profijt" in spec.weights):
        if not spec.benefits:
            benefits = huff_benefits(places, flanders or places)
    try:
        key = build_key(spec, benefits)
        partners = [Partner(p.refnis, p.name, p.population, p.income_per_capita) for p in places]
        own = isinstance(key, FixedPlusPerInhabitant) and key.own_total(partners)
        alloc = allocate(
            partners,
            key,
            None if own else amount,
            max_share=spec.max_share,
            min_amount=spec.minimum,
        )
    except ValueError as exc:
        notes.append(f"De verdeelsleutel '{label}' lukte niet: {exc}")
        return {}, label, None, WIN_WIN_NONE, "niet berekend: de verdeelsleutel lukte niet"
    amounts = alloc.amounts()
    if not win_win:
        return amounts, label, None, WIN_WIN_NONE, "niet gevraagd"
    if len(places) > MAX_PLAYERS:
        return (
            amounts,
            label,
            None,
            WIN_WIN_NONE,
            (f"niet berekend: meer dan {MAX_PLAYERS} gemeenten"),
        )
    if rules.requires_contiguity:
        return (
            amounts,
            label,
            None,
            WIN_WIN_NONE,
            (
                f"niet berekend: boven {EXACT_MAX_MEMBERS} gemeenten kan de exacte toets de "
                "aanname 'aaneengesloten' niet aan"
            ),
        )
    ww, note = _win_win_oracle(places, rules, model, alloc.total, amounts)
    return amounts, label, ww, WIN_WIN_ORACLE if ww is not None else WIN_WIN_NONE, note


def _win_win_oracle(places, rules, model, total, amounts):
    """Win-win through the exact oracle of :mod:`samenspel.funding.implicit`, on the cost game
    that :func:`~samenspel.funding.analysis.compare` builds (same calibration of ``a``)."""
    population = sum(p.population for p in places)
    one_region = len({p.region for p in places}) == 1
    min_pop = rules.min_population or 0
    subsidy = 0.0
    if model.with_subsidy and one_region and population >= min_pop:
        subsidy = max(
            float(rules.subsidy.per_inhabitant or 0) * population,
            float(rules.subsidy.minimum or 0),
        )
    scale = (float(total) + subsidy - model.fixed_cost) / population**model.exponent
    if scale <= 0 or any(p.population < 1 for p in places):
        return None, "niet berekend: het kostenmodel past niet op deze groep"
    try:
        game = population_game(places, model, scale, rules)
        worst = most_dissatisfied(game, [float(amounts[p.refnis]) for p in places])
    except (GameError, BudgetExceeded) as exc:
        return None, f"niet berekend: {exc}"
    tolerance = 0.01 * len(places)
    if worst is None or worst.excess <= tolerance:
        return True, (
            "Deze verdeling is win-win: geen enkele gemeente en geen enkele groep van gemeenten "
            "betaalt meer dan ze alleen zou betalen (exacte toets zonder alle coalities op te "
            "sommen)."
        )
    names = [p.name for i, p in enumerate(places) if worst.mask >> i & 1]
    who = ", ".join(names[:5]) + (f" en {len(names) - 5} andere" if len(names) > 5 else "")
    return False, (
        f"Deze verdeling is niet win-win: {who} betalen samen {format_eur(worst.excess)} meer "
        "dan wat ze zonder de anderen zouden betalen."
    )


# --------------------------------------------------------------------------------------------
# Changes
# --------------------------------------------------------------------------------------------


def move(
    scenario: Scenario, refnis: str, to_group: int, adjacency: Mapping[str, Sequence[str] | set]
) -> Scenario:
    """``scenario`` with ``refnis`` moved to group ``to_group`` (kind "aangepast").

    The municipality must border a member of the target group (Dutch :class:`ScenarioError`
    otherwise); a group left empty disappears. Rules that break are found by evaluating the
    new scenario."""
    if not 0 <= to_group < len(scenario.groups):
        raise ScenarioError(f"Er is geen groep {to_group + 1}.")
    target = scenario.groups[to_group]
    if refnis in target.members:
        raise ScenarioError(f"Gemeente {refnis} zit al in '{target.name}'.")
    if not set(adjacency.get(refnis, ())) & set(target.members):
        raise ScenarioError(
            f"Gemeente {refnis} grenst aan geen enkele gemeente van '{target.name}': kies een "
            "naburige groep."
        )
    groups = []
    for k, g in enumerate(scenario.groups):
        members = tuple(c for c in g.members if c != refnis)
        if k == to_group:
            members += (refnis,)
        if members:
            groups.append(replace(g, members=members))
    title = scenario.title if scenario.kind == "aangepast" else f"{scenario.title} (aangepast)"
    return replace(scenario, title=title, kind="aangepast", groups=tuple(groups))


@dataclass(frozen=True)
class Change:
    refnis: str
    name: str
    before: str | None  # group name, None: in no group
    after: str | None


@dataclass(frozen=True)
class VerdictChange:
    name: str
    before: str | None  # verdict, None: the group did not exist
    after: str | None
    subsidy_before: Decimal
    subsidy_after: Decimal


@dataclass(frozen=True)
class ScenarioDiff:
    moved: tuple[Change, ...]
    verdicts: tuple[VerdictChange, ...]
    subsidy_before: Decimal
    subsidy_after: Decimal

    @property
    def sentences(self) -> list[str]:
        out = []
        for c in self.moved:
            out.append(f"{c.name}: van {c.before or 'geen groep'} naar {c.after or 'geen groep'}.")
        for v in self.verdicts:
            if v.before is None:
                out.append(f"{v.name} (nieuw): {v.after}.")
            elif v.after is None:
                out.append(f"{v.name} verdwijnt (was: {v.before}).")
            elif v.before != v.after:
                out.append(f"{v.name}: {v.before} → {v.after}.")
            else:
                out.append(
                    f"{v.name}: subsidie {format_eur(v.subsidy_before)} → "
                    f"{format_eur(v.subsidy_after)}."
                )
        return out


def diff(before: ScenarioResult, after: ScenarioResult) -> ScenarioDiff:
    """What changed from ``before`` to ``after``: municipalities that changed group, and groups
    (by name) whose verdict or subsidy changed."""
    names: dict[str, str] = {}
    where_a: dict[str, str] = {}
    where_b: dict[str, str] = {}
    for result, where in ((before, where_a), (after, where_b)):
        for g in result.groups:
            for m in g.members:
                where[m.refnis] = g.name
                names[m.refnis] = m.name
    moved = tuple(
        Change(c, names[c], where_a.get(c), where_b.get(c))
        for c in sorted(set(where_a) | set(where_b))
        if where_a.get(c) != where_b.get(c)
    )
    ga = {g.name: g for g in before.groups}
    gb = {g.name: g for g in after.groups}
    verdicts = []
    for name in list(ga) + [n for n in gb if n not in ga]:
        a, b = ga.get(name), gb.get(name)
        if a and b and a.verdict == b.verdict and a.subsidy_eur == b.subsidy_eur:
            continue
        verdicts.append(
            VerdictChange(
                name,
                a.verdict if a else None,
                b.verdict if b else None,
                a.subsidy_eur if a else Decimal(0),
                b.subsidy_eur if b else Decimal(0),
            )
        )
    return ScenarioDiff(moved, tuple(verdicts), before.subsidy_total_eur, after.subsidy_total_eur)


def summary(result: ScenarioResult) -> str:
    """One Dutch sentence on the coverage of the scenario."""
    return (
        f"{result.municipalities_covered} van de {result.municipalities_total} gemeenten en "
        f"{format_number(result.population_covered)} van de "
        f"{format_number(result.population_total)} inwoners in een IGS; "
        f"{result.qualifying} van de {len(result.groups)} groepen krijgen subsidie."
    )
