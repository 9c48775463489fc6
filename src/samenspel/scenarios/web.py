"""What the scenario pages share: the scenario in a link, the max-p run, the warnings.

A scenario travels in one query parameter ``s``: its JSON (:meth:`Scenario.to_json`) with, for a
plan computed by the engine, what the engine found (``maxp``: p, the bound, the settings of the
run), compressed and signed (:mod:`django.core.signing`, salt :data:`SALT`). The link is short
enough to share (a referentieregio: a few hundred characters; all of Flanders about two
thousand) and cannot be altered by hand: a tampered link is refused with a Dutch message
(:class:`LinkError`, HTTP 400), so that "p = 7, en 7 is het maximum" on a shared page is what
the engine said. Changes go through the page (move a municipality), which signs the new state.
"""

from __future__ import annotations

import re
import time
from argparse import Namespace
from dataclasses import replace
from datetime import date

from django.conf import settings
from django.core import signing

from samenspel.core.numbers import format_number
from samenspel.scenarios.commands import ISLANDS, OBJECTIVES, atlas_problem
from samenspel.scenarios.evaluate import Group, Scenario, ScenarioError
from samenspel.scenarios.maxp import MaxPInputError, MaxPResult, maxp

SALT = "samenspel.scenarios.link"
#: Longest ``s`` accepted (all of Flanders as single municipalities stays far below it).
MAX_LINK = 40_000
#: What one page may spend on a max-p run for a referentieregio (the engine's time limit).
WEB_TIME_LIMIT = 5.0
#: And the background job, for all of Flanders.
JOB_TIME_LIMIT = 120.0
ENVELOPE_KEYS = {"scenario", "maxp"}
MAXP_KEYS = {
    "p",
    "bound",
    "proven",
    "seconds",
    "settings",
    "left_out",
    "islands",
    "warnings",
    "message",
    "status",
    "region",
}


class LinkError(ValueError):
    """A scenario link that cannot be read (Dutch message)."""


def envelope(scenario: Scenario, maxp_info: dict | None = None) -> dict:
    data = {"scenario": scenario.to_json()}
    if maxp_info:
        data["maxp"] = maxp_info
    return data


def scenario_from_settings(value, known=None) -> tuple[Scenario, dict | None]:
    """Read an envelope (``{"scenario": …, "maxp": …}``) back; :class:`ScenarioError` (a
    ValueError, in Dutch) when it is not one."""
    if not isinstance(value, dict) or "scenario" not in value:
        raise ScenarioError("verwacht een object met een veld 'scenario'.")
    extra = set(value) - ENVELOPE_KEYS
    if extra:
        raise ScenarioError(f"onbekende velden: {', '.join(sorted(map(str, extra)))}.")
    info = value.get("maxp")
    if info is not None and (not isinstance(info, dict) or set(info) - MAXP_KEYS):
        raise ScenarioError("veld 'maxp': verwacht de uitkomst van een max-p-berekening.")
    return Scenario.from_json(value["scenario"], known=known), info


def encode(scenario: Scenario, maxp_info: dict | None = None) -> str:
    return signing.Signer(salt=SALT).sign_object(envelope(scenario, maxp_info), compress=True)


def decode(text: str, known=None) -> tuple[Scenario, dict | None]:
    """The scenario of a link; :class:`LinkError` for anything that is not one of ours."""
    text = (text or "").strip()
    if not text:
        raise LinkError("Er is geen scenario in deze link.")
    if len(text) > MAX_LINK:
        raise LinkError(
            f"Deze scenariolink is te lang ({format_number(len(text))} tekens; hoogstens "
            f"{format_number(MAX_LINK)})."
        )
    try:
        value = signing.Signer(salt=SALT).unsign_object(text)
    except signing.BadSignature:
        raise LinkError(
            "Deze scenariolink is beschadigd of met de hand gewijzigd en kan niet gelezen "
            "worden. Open het scenario opnieuw vanaf de scenariopagina."
        ) from None
    except Exception:  # noqa: BLE001 (a corrupt compressed payload: zlib, JSON)
        raise LinkError("Deze scenariolink kan niet gelezen worden.") from None
    try:
        return scenario_from_settings(value, known=known)
    except ScenarioError as exc:
        raise LinkError(f"Dit scenario is niet geldig: {exc}") from None


# --------------------------------------------------------------------------------------------
# max-p
# --------------------------------------------------------------------------------------------


def _namespace(run: dict) -> Namespace:
    region = run["regio"]
    return Namespace(
        binnen=None if region == "vlaanderen" else region,
        attribuut="bevolking",
        behoud_igs=run["behoud_igs"],
        hoogstens_een_centrumstad=run["een_centrumstad"],
    )


def region_name(atlas, slug: str) -> str:
    if slug == "vlaanderen":
        return "heel Vlaanderen"
    region = atlas.region_by_slug.get(slug)
    if region is None:
        raise ScenarioError(f"Referentieregio '{slug}' bestaat niet.")
    return region.name


def run_maxp(atlas, run: dict, on: date, time_limit: float) -> MaxPResult:
    """The max-p engine on the municipalities of the Atlas, as ``samenspel regio maxp`` runs it.

    Raises :class:`ScenarioError` (Dutch) for settings the engine refuses."""
    data_dir = getattr(settings, "DATA_DIR", None)
    try:
        problem = atlas_problem(atlas, _namespace(run), on, data_dir)
        warnings = problem.pop("warnings", [])
        result = maxp(
            floor_attribute="bevolking",
            floor=float(run["drempel"]),
            islands=ISLANDS[run["eilanden"]],
            objective_kind=OBJECTIVES[run["doel"]],
            seed=int(run["seed"]),
            tie_weight=1.0 if run["padafhankelijk"] else 0.0,
            time_limit=time_limit,
            **problem,
        )
    except MaxPInputError as exc:
        raise ScenarioError(str(exc)) from None
    if warnings:
        result = replace(result, warnings=tuple(warnings) + tuple(result.warnings))
    return result


def maxp_to_scenario(atlas, run: dict, on: date, result: MaxPResult) -> tuple[Scenario, dict]:
    """The scenario of a max-p result (groups named after their largest municipality) and what
    the engine found, for the link."""
    munis = atlas.municipalities
    where = region_name(atlas, run["regio"])
    groups = []
    for k, region in enumerate(result.regions, start=1):
        biggest = max(region.members, key=lambda c: (atlas.population(c, on), c))
        groups.append(Group(f"Groep {k} ({munis[biggest].name})", tuple(region.members)))
    notes = []
    if result.left_out:
        names = ", ".join(munis[c].name for c in result.left_out if c in munis)
        notes.append(f"Niet ingedeeld (haalt de drempel met geen enkele buur): {names}.")
    scenario = Scenario(
        title=f"Volledige dekking: {where}, drempel {format_number(run['drempel'])} inwoners",
        kind="maxp",
        on=on,
        rules=run["regels"],
        groups=tuple(groups),
        notes=tuple(notes),
    )
    info = {
        "p": result.p,
        "bound": result.bound,
        "proven": result.proven,
        "seconds": round(result.seconds, 3),
        "settings": run,
        "left_out": list(result.left_out),
        "islands": list(result.islands),
        "warnings": [_readable(w, atlas) for w in result.warnings],
        "status": result.status,
        "message": result.message,
        "region": where,
    }
    return scenario, info


_NUMBER = re.compile(r"(?<![\w.,])\d{4,}(?![\w.,])")


def _readable(text: str, atlas) -> str:
    """An engine message for people: REFNIS codes and IGS slugs as names, numbers in Belgian
    notation."""

    munis = atlas.municipalities
    for slug, p in atlas.partnerships.items():
        text = text.replace(f"IGS {slug} ", f"{p.name} ")

    def one(match: re.Match) -> str:
        token = match.group(0)
        if token in munis:
            return f"{munis[token].name} ({token})"
        return format_number(int(token))

    return _NUMBER.sub(one, text)


def make_maxp(atlas, run: dict, on: date, time_limit: float = WEB_TIME_LIMIT):
    started = time.perf_counter()
    result = run_maxp(atlas, run, on, time_limit)
    scenario, info = maxp_to_scenario(atlas, run, on, result)
    info["seconds"] = round(time.perf_counter() - started, 3)
    return scenario, info


def bound_sentence(info: dict | None, groups_now: int | None = None) -> str:
    """ "p = 7, en 7 is het maximum" or how far the heuristic may be from it."""
    if not info:
        return ""
    p, bound = info.get("p"), info.get("bound")
    if bound is not None and bound == p:
        text = f"p = {p}, en {p} is het maximum: meer groepen boven de drempel kan niet (bewezen)."
    elif bound is not None:
        text = (
            f"p = {p}; het maximum is hoogstens {bound}: de berekening zit er hoogstens "
            f"{bound - p} naast."
        )
    else:
        text = f"p = {p}; voor deze grootte is geen bovengrens berekend."
    if groups_now is not None and groups_now != p:
        text += f" Na de aanpassingen telt het scenario {groups_now} groepen."
    return text


def floor_of(info: dict | None, rules_floor: int | None) -> int | None:
    """The floor that the warnings check: the run's, else the rules' minimum."""
    if info and info.get("settings", {}).get("drempel"):
        return int(info["settings"]["drempel"])
    return rules_floor


def rule_warnings(result, floor: int | None) -> list[str]:
    """Dutch warnings for every group that breaks a rule: below the floor, not contiguous,
    across a referentieregio."""
    out = []
    for g in result.groups:
        if floor and g.population < floor:
            out.append(
                f"{g.name} telt {format_number(g.population)} inwoners: onder de drempel van "
                f"{format_number(floor)}."
            )
        if not g.contiguous and len(g.members) > 1:
            out.append(f"{g.name} is niet aaneengesloten ({len(g.components)} losse delen).")
        if g.crosses_regions:
            out.append(
                f"{g.name} ligt in meer dan één referentieregio ({', '.join(g.referentieregios)})."
            )
    return out
