"""Scenario's built from the Atlas (web layer: reads the Atlas snapshot and ``settings.DATA_DIR``).

* :func:`context` ``(atlas, on, data_dir=…) -> Context``: the territory on the date, today's IGS
  (fully covered members only, :data:`~samenspel.partnerships.coverage.PARTLY_RULE`) and the
  existing ties (culture IGS, and erfgoedcel, IOED, other IGS from ``DATA_DIR/samenwerking``).
* :func:`current_scenario` ``(atlas, on, rules="2027", contiguous=False) -> Scenario``: today's
  IGS as groups (kind ``huidig``), each continuing its slug.
* :func:`plan_scenarios` (alias ``plan_scenario``) ``(atlas, on, data_dir=…, rules="2027")``:
  the announced plans of ``DATA_DIR/cultuur/igs-plannen-2027.csv`` applied to today's
  situation (kind ``plan-2027``).
* :func:`merge_scenario` ``(atlas, on, slug_a, slug_b, rules="2027")``,
  :func:`join_scenario` ``(atlas, on, refnis, slug, rules="2027")``,
  :func:`new_igs_scenario` ``(atlas, on, codes, name=None, rules="2027")`` and
  :func:`maxp_scenario` ``(atlas, on, region=None, **options) -> (Scenario, MaxPResult,
  sentences)``.
* :func:`evaluate_scenario` ``(atlas, scenario, key="inwoners", **kw) -> ScenarioResult``:
  :func:`samenspel.scenarios.evaluate.evaluate` on the scenario's own reference date.
* :func:`whatif_options` ``(atlas, on, refnis, **kw)``: the options of a centrumstad in no IGS,
  and :func:`evaluate_options` ``(atlas, opts, key="inwoners")`` with their evaluations.

Every function raises :class:`~samenspel.scenarios.evaluate.ScenarioError` (a ValueError, in
Dutch) for an unknown IGS, municipality or referentieregio.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

from django.conf import settings

from samenspel.partnerships.coverage import PARTLY_RULE
from samenspel.scenarios.evaluate import (
    CULTURE_TIE,
    Area,
    Context,
    Group,
    Scenario,
    ScenarioError,
    ScenarioResult,
    evaluate,
)
from samenspel.scenarios.plans import apply_plans, read_plans
from samenspel.scenarios.ties import neighbour_ties, read_ties
from samenspel.scenarios.whatif import evaluate_options as _evaluate_options
from samenspel.scenarios.whatif import options, region_plan

_lock = threading.Lock()
MAX_CACHED = 32


def _data_dir(data_dir) -> Path | None:
    if data_dir is None:
        data_dir = getattr(settings, "DATA_DIR", None)
    return Path(data_dir) if data_dir else None


def context(atlas, on: date, data_dir=None) -> Context:
    """The :class:`Context` of the Atlas on ``on`` (cached on the Atlas snapshot, which is
    rebuilt for every data version, per date and bundle)."""
    root = _data_dir(data_dir)
    key = (on, str(root))
    with _lock:
        cache = atlas.__dict__.setdefault("_scenario_contexts", {})
        cached = cache.get(key)
    if cached is not None:
        return cached
    munis = {}
    for code, m in atlas.municipalities.items():
        income, _ = m.figure("income_per_capita_eur", on)
        area, _ = m.figure("area_km2", on)
        munis[code] = Area(
            refnis=code,
            name=m.name,
            population=atlas.population(code, on),
            region=m.region,
            is_centrumstad=m.is_centrumstad,
            income_per_capita=income,
            lon=m.centroid[0],
            lat=m.centroid[1],
            area_km2=area or 1.0,
        )
    adjacency = {c: frozenset(n for n in atlas.adjacency.get(c, ()) if n in munis) for c in munis}
    cov = atlas.coverage(on)
    igs = {slug: tuple(pc.members) for slug, pc in sorted(cov.partnerships.items()) if pc.members}
    names = {slug: atlas.partnerships[slug].name for slug in atlas.partnerships}
    codes = set(munis)
    ties = neighbour_ties(igs.values(), CULTURE_TIE, adjacency, codes)
    notes = []
    if root is not None and (root / "samenwerking").is_dir():
        more, warnings = read_ties(root / "samenwerking", on, adjacency, codes)
        ties += more
        notes += warnings
    if any(pc.members_partly for pc in cov.partnerships.values()):
        notes.append(PARTLY_RULE)
    ctx = Context(munis, adjacency, igs, names, tuple(ties), tuple(notes))
    with _lock:
        if len(cache) >= MAX_CACHED:
            cache.clear()
        cache[key] = ctx
    return ctx


def current_scenario(atlas, on: date, rules: str = "2027", contiguous: bool = False) -> Scenario:
    """Today's IGS on ``on`` as groups (kind ``huidig``).

    A municipality in two IGS on the same date (in the bundle: none; in the synthetic test
    bundle Eeklo) stays in the first (by name) and the note says so."""
    ctx = context(atlas, on)
    groups = []
    seen: dict[str, str] = {}
    notes = []
    for slug in sorted(ctx.igs, key=lambda s: (ctx.igs_names.get(s, s), s)):
        name = ctx.igs_names.get(slug, slug)
        members = []
        for c in ctx.igs[slug]:
            if c in seen:
                notes.append(
                    f"{ctx.name(c)} is lid van {seen[c]} en van {name}; in dit scenario telt "
                    f"het alleen bij {seen[c]}."
                )
            else:
                seen[c] = name
                members.append(c)
        if members:
            groups.append(Group(name, tuple(members), slug))
    return Scenario(
        title=f"Huidige IGS op {on:%d/%m/%Y}",
        kind="huidig",
        on=on,
        rules=rules,
        groups=tuple(groups),
        contiguous=contiguous,
        notes=tuple(notes),
    )


def _igs_index(scenario: Scenario, slug: str, atlas) -> int:
    slug = (slug or "").strip().lower()
    for k, g in enumerate(scenario.groups):
        if g.continues == slug:
            return k
    if slug in atlas.partnerships:
        raise ScenarioError(
            f"{atlas.partnerships[slug].name} heeft op {scenario.on:%d/%m/%Y} geen leden."
        )
    valid = ", ".join(g.continues for g in scenario.groups if g.continues)
    raise ScenarioError(f"IGS '{slug}' onbekend. Kies uit: {valid}.")


def merge_scenario(
    atlas, on: date, slug_a: str, slug_b: str, rules: str = "2027", contiguous: bool = False
) -> Scenario:
    """Today's IGS with ``slug_a`` and ``slug_b`` merged into one group (kind ``fusie``)."""
    today = current_scenario(atlas, on, rules, contiguous)
    a, b = _igs_index(today, slug_a, atlas), _igs_index(today, slug_b, atlas)
    if a == b:
        raise ScenarioError("Kies twee verschillende IGS om te laten fuseren.")
    ga, gb = today.groups[a], today.groups[b]
    name = f"{ga.name} + {gb.name}"
    groups = [g for k, g in enumerate(today.groups) if k not in (a, b)]
    groups.insert(min(a, b), Group(name, ga.members + gb.members, ga.continues))
    return replace(
        today, title=f"Fusie van {ga.name} en {gb.name}", kind="fusie", groups=tuple(groups)
    )


def join_scenario(
    atlas, on: date, refnis: str, slug: str, rules: str = "2027", contiguous: bool = False
) -> Scenario:
    """Today's IGS with ``refnis`` joining ``slug`` (it leaves the group it was in; kind
    ``toetreding``)."""
    today = current_scenario(atlas, on, rules, contiguous)
    refnis = (refnis or "").strip()
    if refnis not in atlas.municipalities:
        raise ScenarioError(f"Onbekende gemeente {refnis}.")
    k = _igs_index(today, slug, atlas)
    target = today.groups[k]
    name = atlas.municipalities[refnis].name
    if refnis in target.members:
        raise ScenarioError(f"{name} is al lid van {target.name}.")
    groups = []
    for j, g in enumerate(today.groups):
        members = g.members + (refnis,) if j == k else tuple(c for c in g.members if c != refnis)
        if members:
            groups.append(replace(g, members=members))
    return replace(
        today, title=f"{name} treedt toe tot {target.name}", kind="toetreding", groups=tuple(groups)
    )


def new_igs_scenario(
    atlas,
    on: date,
    codes,
    name: str | None = None,
    rules: str = "2027",
    contiguous: bool = False,
) -> Scenario:
    """Today's IGS and a new group of ``codes`` (they leave the groups they were in; kind
    ``nieuw``)."""
    today = current_scenario(atlas, on, rules, contiguous)
    chosen = list(dict.fromkeys(str(c).strip() for c in codes if str(c).strip()))
    unknown = [c for c in chosen if c not in atlas.municipalities]
    if unknown:
        raise ScenarioError(f"Onbekende REFNIS-code(s): {', '.join(unknown)}.")
    if not chosen:
        raise ScenarioError("Kies minstens één gemeente voor de nieuwe IGS.")
    munis = atlas.municipalities
    if not name:
        biggest = max(chosen, key=lambda c: (atlas.population(c, on), c))
        name = f"Nieuwe IGS rond {munis[biggest].name}"
    groups = []
    left = []
    for g in today.groups:
        rest = tuple(c for c in g.members if c not in chosen)
        if len(rest) != len(g.members):
            left.append(g.name)
        if rest:
            groups.append(replace(g, members=rest))
    groups.append(Group(name, tuple(chosen)))
    notes = ()
    if left:
        notes = (f"De gekozen gemeenten verlaten {', '.join(left)}.",)
    return replace(today, title=name, kind="nieuw", groups=tuple(groups), notes=notes)


def plan_scenarios(
    atlas, on: date, data_dir=None, contiguous: bool = False, rules: str = "2027"
) -> Scenario:
    """The announced plans for 2027 applied to the IGS of ``on`` (kind ``plan-2027``, under the
    2027 rules unless ``rules`` says otherwise).

    Raises :class:`samenspel.scenarios.plans.PlanError` (Dutch: file, line, field) for a bad
    plans file; without a file the scenario is today's with a note saying so."""
    today = current_scenario(atlas, on, rules, contiguous)
    root = _data_dir(data_dir)
    plans = read_plans(root / "cultuur", known=atlas.municipalities) if root else []
    names = {c: m.name for c, m in atlas.municipalities.items()}
    scenario = apply_plans(today, plans, names)
    if not plans:
        scenario = replace(
            scenario,
            notes=scenario.notes + ("Er is geen bestand met aangekondigde plannen voor 2027.",),
        )
    return replace(scenario, rules=rules)


#: The same, under the name the scenario page uses.
plan_scenario = plan_scenarios


def maxp_scenario(
    atlas, on: date, region: str | None = None, *, contiguous: bool = False, **plan_options
):
    """The engine's full-coverage plan for ``region`` (a referentieregio name, slug or code;
    None: all of Flanders), today's groups outside it kept. Returns (scenario, engine result,
    Dutch sentences). ``plan_options`` are the keyword options of
    :func:`~samenspel.scenarios.whatif.region_plan` (floor, keep_igs, one_centrumstad,
    tie_weight, seed, bound, time_limit), with its defaults: ``keep_igs`` is True, False or
    :data:`~samenspel.scenarios.whatif.KEEP_IF_NO_LOSS` (the default: keep today's IGS together
    only when that costs no group). All of Flanders takes a few seconds: a page runs it in a
    job."""
    name = None
    if region is not None:
        wanted = str(region).strip().lower()
        for r in atlas.regions.values():
            if wanted in {r.name.lower(), r.slug, r.code.lower()}:
                name = r.name
        if name is None:
            names = ", ".join(r.name for r in atlas.regions.values())
            raise ScenarioError(f"Referentieregio '{region}' onbekend. Kies uit: {names}.")
    today = current_scenario(atlas, on, "2027", contiguous)
    return region_plan(today, context(atlas, on), name, **plan_options)


def whatif_options(atlas, on: date, refnis: str, *, with_plan: bool = True, seed: int = 0):
    """The options of centrumstad ``refnis`` (:func:`samenspel.scenarios.whatif.options`)."""
    today = current_scenario(atlas, on, "2027")
    return options(today, context(atlas, on), refnis, with_plan=with_plan, seed=seed)


def evaluate_scenario(atlas, scenario: Scenario, key="inwoners", **kw) -> ScenarioResult:
    """:func:`samenspel.scenarios.evaluate.evaluate` on the context of the scenario's date."""
    return evaluate(scenario, context(atlas, scenario.on), key, **kw)


def evaluate_options(atlas, opts, key="inwoners", *, win_win: bool = True):
    """The options of :func:`whatif_options`, each with its evaluation (win-win check for the
    centrumstad's group only): a list of ``(Option, ScenarioResult)``."""
    opts = list(opts)
    if not opts:
        return []
    return _evaluate_options(opts, context(atlas, opts[0].scenario.on), key, win_win=win_win)


# --------------------------------------------------------------------------------------------
# Personal data (samenspel.accounts.personal_data, registered in apps.py)
# --------------------------------------------------------------------------------------------


def export_personal_data(user) -> list[dict]:
    """The scenarios ``user`` saved: name, the scenario itself (JSON), when, the data
    version, and the link that shows them."""
    from django.urls import reverse

    from samenspel.scenarios.models import SavedScenario

    return [
        {
            "naam": s.name,
            "scenario": s.settings,
            "bewaard": s.created_at.isoformat(),
            "gegevensversie": s.data_version,
            "link": reverse("scenario_saved", args=[s.pk]),
        }
        for s in SavedScenario.objects.filter(owner=user)[:10_000]
    ]


def anonymise_personal_data(user) -> int:
    """A saved scenario is a person's own workspace (its owner is required, and the account's
    deletion would cascade to it anyway): it is deleted, with every version in its history
    (the history's "deleted" row would otherwise keep the whole scenario). Its read-only link
    stops working; a scenario worth keeping is saved again by someone else first."""
    from samenspel.scenarios.models import SavedScenario

    own = SavedScenario.objects.filter(owner=user)
    ids = list(own.values_list("pk", flat=True))
    if not ids:
        return 0
    own.delete()
    SavedScenario.history.filter(id__in=ids).delete()
    return len(ids)
