"""What if a centrumstad that is in no IGS joins in? Its options as scenario's (pure, no Django).

:func:`options` gives, for a centrumstad in no group of today's scenario:

1. **join** each neighbouring IGS (a group with a member that borders the centrumstad): today's
   groups with the centrumstad added to that one (kind ``toetreding``);
2. **a new IGS** with its uncovered neighbours (kind ``nieuw``): starting from the centrumstad
   it adds, one at a time, the uncovered neighbouring municipality of the same referentieregio
   with the most inhabitants (a neighbour of the centrumstad first, then of the group) until the
   group reaches the floor of the 2027 rules, with at least one partner; the explanation says
   which municipalities were taken and which were left out and why;
3. **the engine's plan** for its referentieregio (kind ``maxp``): as many contiguous groups as
   possible above the floor inside the referentieregio (:func:`samenspel.scenarios.maxp.maxp`),
   keeping today's IGS together when that costs no group (otherwise not, and it says so);
   the groups outside the referentieregio stay as they are.

:func:`region_plan` is option 3 for any referentieregio (or all of them), also used by
``samenspel.scenarios.services.maxp_scenario``. Each :class:`Option` carries its scenario and
Dutch sentences that explain it; :func:`evaluate_options` evaluates them side by side.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import combinations

from samenspel.core.numbers import format_number
from samenspel.partnerships.rules import RULES_2027
from samenspel.scenarios.evaluate import (
    Context,
    Group,
    Scenario,
    ScenarioError,
    ScenarioResult,
    evaluate,
)
from samenspel.scenarios.maxp import MaxPInputError, MaxPResult, maxp

#: ``keep_igs`` of :func:`region_plan`: keep today's IGS together only when it costs no group.
KEEP_IF_NO_LOSS = "zonder verlies"


@dataclass(frozen=True)
class Option:
    kind: str  # toetreding | nieuw | maxp
    label: str  # Dutch, e.g. "Brugge treedt toe tot Cultuur Noord"
    scenario: Scenario
    group: int | None  # index of the group with the centrumstad (None: not placed)
    explanation: tuple[str, ...] = ()


def _groups(n: int) -> str:
    return "één groep" if n == 1 else f"{n} groepen"


def _floor() -> int:
    return RULES_2027.min_population or 0


def neighbouring_groups(today: Scenario, context: Context, refnis: str) -> list[int]:
    """Indices of the groups with a member that borders ``refnis``, in scenario order."""
    around = set(context.adjacency.get(refnis, ()))
    return [k for k, g in enumerate(today.groups) if around & set(g.members)]


def join_option(today: Scenario, context: Context, refnis: str, k: int) -> Option:
    g = today.groups[k]
    name = context.name(refnis)
    groups = list(today.groups)
    groups[k] = replace(g, members=g.members + (refnis,))
    scenario = replace(
        today,
        title=f"{name} treedt toe tot {g.name}",
        kind="toetreding",
        groups=tuple(groups),
    )
    return Option(
        "toetreding",
        scenario.title,
        scenario,
        k,
        (f"{name} grenst aan {g.name} en treedt toe; de andere IGS blijven zoals ze zijn.",),
    )


def new_group_option(
    today: Scenario, context: Context, refnis: str, floor: int | None = None
) -> Option:
    """A new IGS of ``refnis`` and uncovered neighbours (see the module docstring)."""
    floor = _floor() if floor is None else floor
    munis = context.municipalities
    me = munis[refnis]
    covered = today.codes
    members = [refnis]
    total = me.population
    left_out: dict[str, str] = {}
    while True:
        frontier = {n for c in members for n in context.adjacency.get(c, ()) if n in munis} - set(
            members
        )
        candidates = []
        for n in sorted(frontier):
            if n in covered:
                k = today.group_of(n)
                left_out[n] = f"al in {today.groups[k].name}"
            elif munis[n].region != me.region:
                left_out[n] = f"andere referentieregio ({munis[n].region})"
            else:
                candidates.append(n)
        if not candidates or (total >= floor and len(members) > 1):
            break
        best = max(candidates, key=lambda n: (munis[n].population, n))
        members.append(best)
        total += munis[best].population
    name = me.name
    title = f"Nieuwe IGS rond {name}"
    explanation = []
    if len(members) == 1:
        explanation.append(
            f"{name} heeft geen buren in {me.region} die nog in geen IGS zitten: er is geen "
            "nieuwe IGS mogelijk met ongedekte buren."
        )
        return Option("nieuw", title, today, None, tuple(explanation))
    partners = ", ".join(
        f"{munis[c].name} ({format_number(munis[c].population)})" for c in members[1:]
    )
    explanation.append(
        f"{name} ({format_number(me.population)} inwoners) met {partners}: telkens de "
        "aangrenzende gemeente met de meeste inwoners die nog in geen IGS zit, tot de groep "
        f"{format_number(_floor() if floor is None else floor)} inwoners haalt."
    )
    if total >= floor:
        explanation.append(f"Samen {format_number(total)} inwoners: de drempel is gehaald.")
    else:
        explanation.append(
            f"Samen maar {format_number(total)} inwoners: met ongedekte buren in {me.region} "
            f"is de drempel van {format_number(floor)} niet te halen."
        )
    if left_out:
        explanation.append(
            "Niet opgenomen: "
            + "; ".join(f"{munis[c].name} ({why})" for c, why in sorted(left_out.items()))
            + "."
        )
    scenario = replace(
        today,
        title=title,
        kind="nieuw",
        groups=today.groups + (Group(title, tuple(members)),),
    )
    return Option("nieuw", title, scenario, len(today.groups), tuple(explanation))


def region_plan(
    today: Scenario,
    context: Context,
    region: str | None = None,
    *,
    floor: float | None = None,
    keep_igs: bool | str = KEEP_IF_NO_LOSS,
    one_centrumstad: bool = False,
    tie_weight: float = 0.0,
    seed: int = 0,
    bound: bool = True,
    time_limit: float = 5.0,
) -> tuple[Scenario, MaxPResult, tuple[str, ...]]:
    """The max-p plan inside ``region`` (a referentieregio name; None: every referentieregio,
    each on its own), the groups outside it kept as in ``today``. Returns the scenario (kind
    ``maxp``), the engine's result and Dutch sentences on what was done.

    ``keep_igs=True`` keeps the members of each of today's groups together (per
    referentieregio), and falls back to a plan without that constraint when it cannot place
    every municipality; ``False`` ignores today's groups; :data:`KEEP_IF_NO_LOSS` (the default)
    computes both and keeps them together only when that gives as many groups (the sentences say
    what it cost).
    Raises :class:`ScenarioError` for an unknown referentieregio."""
    munis = context.municipalities
    regions = sorted({a.region for a in munis.values()})
    if region is not None and region not in regions:
        raise ScenarioError(f"Referentieregio '{region}' onbekend. Kies uit: {', '.join(regions)}.")
    floor = float(_floor() if floor is None else floor)
    inside = sorted(c for c, a in munis.items() if region is None or a.region == region)
    inside_set = set(inside)
    areas = {c: {"bevolking": float(munis[c].population)} for c in inside}
    pairs = sorted(
        {
            (min(a, b), max(a, b))
            for a in inside
            for b in context.adjacency.get(a, ())
            if b in inside_set and a != b
        }
    )
    partition = {c: munis[c].region for c in inside}
    together = []
    for g in today.groups:
        by_region: dict[str, list[str]] = {}
        for c in g.members:
            if c in inside_set:
                by_region.setdefault(partition[c], []).append(c)
        together.extend(m for m in by_region.values() if len(m) > 1)
    apart = []
    if one_centrumstad:
        steden = [c for c in inside if munis[c].is_centrumstad]
        apart = list(combinations(steden, 2))
    ties = [t for t in context.ties if t[0] in inside_set and t[1] in inside_set]
    explanation = []

    def run(keep: list) -> MaxPResult:
        return maxp(
            areas,
            pairs,
            floor_attribute="bevolking",
            floor=floor,
            partition=partition,
            together=keep,
            apart=apart,
            ties=ties,
            tie_weight=tie_weight,
            seed=seed,
            bound=bound,
            time_limit=time_limit,
        )

    kept = free = None
    if keep_igs and together:
        try:
            kept = run(together)
        except MaxPInputError as exc:
            explanation.append(f"De huidige IGS samenhouden kan niet ({exc}).")
        else:
            if not kept.success:
                explanation.append(
                    "Met de huidige IGS samen lukt geen plan voor elke gemeente: het plan houdt "
                    "ze niet samen."
                )
                kept = None
    if kept is None or keep_igs == KEEP_IF_NO_LOSS:
        try:
            free = run([])
        except MaxPInputError as exc:
            raise ScenarioError(str(exc)) from None
    if kept is not None and (free is None or kept.p >= free.p):
        result = kept
        explanation.append("De leden van elke huidige IGS blijven samen (per referentieregio).")
        if free is not None:
            explanation.append(f"Dat kost geen groep: ook zonder die voorwaarde zijn er {free.p}.")
    elif kept is not None:
        result = free
        explanation.append(
            f"De huidige IGS samenhouden geeft {_groups(kept.p)}, zonder die voorwaarde "
            f"{free.p}: dit plan houdt ze niet samen."
        )
    else:
        result = free
    explanation.append(result.message)
    left_out = ()
    if result.left_out:
        names = ", ".join(context.name(c) for c in result.left_out)
        left_out = (f"Niet ingedeeld (haalt de drempel met geen enkele buur): {names}.",)
    groups = regions_to_groups(today, context, result.regions, inside_set)
    where = region or "heel Vlaanderen"
    scenario = Scenario(
        title=f"Volledige dekking van {where} (max-p, drempel {format_number(floor)})",
        kind="maxp",
        on=today.on,
        rules="2027",
        groups=groups,
        contiguous=today.contiguous,
        notes=tuple(result.warnings) + left_out,
    )
    return scenario, result, tuple(explanation)


def regions_to_groups(
    today: Scenario, context: Context, regions: Iterable, inside: set[str]
) -> tuple[Group, ...]:
    """Today's groups without the municipalities of ``inside`` (what is left keeps its name,
    marked as a part), then one group per engine region: named after the today's group (IGS)
    of which it holds the most members (each IGS at most once), else "Groep k"."""
    out = []
    for g in today.groups:
        rest = tuple(c for c in g.members if c not in inside)
        if rest:
            name = g.name if len(rest) == len(g.members) else f"{g.name} (deel buiten het plan)"
            out.append(replace(g, name=name, members=rest))
    used: set[int] = set()
    taken_names = {g.name for g in out}
    for k, region in enumerate(regions, start=1):
        members = tuple(region.members)
        counts = Counter(today.group_of(c) for c in members)
        counts.pop(None, None)
        best = None
        for idx, _n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            if idx not in used:
                best = idx
                break
        if best is not None:
            used.add(best)
            src = today.groups[best]
            name = src.name if src.name not in taken_names else f"{src.name} (plan)"
            out.append(Group(name, members, src.continues))
        else:
            out.append(Group(f"Groep {k}", members))
        taken_names.add(out[-1].name)
    return tuple(out)


def options(
    today: Scenario,
    context: Context,
    refnis: str,
    *,
    with_plan: bool = True,
    seed: int = 0,
    time_limit: float = 5.0,
) -> tuple[Option, ...]:
    """The options of centrumstad ``refnis`` (see the module docstring). Raises
    :class:`ScenarioError` (Dutch) when it is unknown, no centrumstad, or already in a group."""
    munis = context.municipalities
    if refnis not in munis:
        raise ScenarioError(f"Onbekende gemeente {refnis}.")
    me = munis[refnis]
    if not me.is_centrumstad:
        raise ScenarioError(f"{me.name} is geen centrumstad.")
    k = today.group_of(refnis)
    if k is not None:
        raise ScenarioError(f"{me.name} zit al in {today.groups[k].name}.")
    out = [
        join_option(today, context, refnis, j) for j in neighbouring_groups(today, context, refnis)
    ]
    out.append(new_group_option(today, context, refnis))
    if with_plan:
        scenario, result, explanation = region_plan(
            today, context, me.region, seed=seed, time_limit=time_limit
        )
        scenario = replace(scenario, title=f"Plan voor {me.region} (max-p)")
        k = scenario.group_of(refnis)
        if k is not None and scenario.groups[k].members == (refnis,):
            explanation += (
                f"In dit plan vormt {me.name} alleen een groep: het plan maakt zoveel mogelijk "
                f"groepen boven de drempel, en {me.name} haalt die drempel op zijn eentje.",
            )
        out.append(
            Option(
                "maxp",
                scenario.title,
                scenario,
                k,
                explanation,
            )
        )
    return tuple(out)


def evaluate_options(
    opts: Iterable[Option], context: Context, key="inwoners", *, win_win: bool = True
) -> list[tuple[Option, ScenarioResult]]:
    """Each option with its evaluation (the page shows the centrumstad's group side by side);
    the win-win check runs for the centrumstad's group only."""
    out = []
    for o in opts:
        checked = {o.group} if win_win and o.group is not None else set()
        out.append((o, evaluate(o.scenario, context, key, win_win=checked)))
    return out
