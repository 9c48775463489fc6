"""The "Wat als … meedoet?" pages: per centrumstad that is in no IGS, its options side by side.

``/wat-als/`` lists the centrumsteden with their status on the reference date.
``/wat-als/<refnis>/`` shows, for a centrumstad in no IGS, every option (join a neighbouring
IGS, a new IGS with its uncovered neighbours, the group the engine's best plan for its
referentieregio gives it), each with its inhabitants, its verdict under the 2027 rules (with
the reasons), the Flemish subsidy, the centrumstad's share of the inhabitants and of the
contribution under a chosen key, and the win-win check of that key
(:func:`samenspel.funding.analysis.compare`).

The links to these pages on the municipality and IGS pages come from :func:`whatif_links`
(through the template tag library ``scenarios``): the Atlas views sit below this layer and do
not import it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse

from samenspel.atlas.web import atlas_view
from samenspel.funding.analysis import KEY_LABELS, KeySpec
from samenspel.funding.games import WEB_LIMITS
from samenspel.partnerships.rules import RULES_2027
from samenspel.scenarios import services
from samenspel.scenarios.evaluate import GroupResult, ScenarioError, evaluate
from samenspel.scenarios.views import KEYS as SCENARIO_KEYS
from samenspel.scenarios.web import encode
from samenspel.scenarios.whatif import neighbouring_groups, options

#: The key used when the page is opened without ``?sleutel=``.
DEFAULT_KEY = "inwoners"
#: The keys the page offers (those that need no figures of the user; the mix and the fixed part
#: use the Verdeelsleutel's defaults).
KEYS = dict(KEY_LABELS)
#: The most one page computes for all its options together (seconds); above it a Shapley value
#: is sampled and a win-win check left out, and the page says so.
REQUEST_SECONDS = 6.0
#: The most the engine may spend on the plan for the referentieregio (its bound included).
MAXP_SECONDS = 3.0


class BadRequest(Exception):
    """A question the page cannot answer (a Dutch message, shown with status 400)."""


@dataclass
class Evaluated:
    """The centrumstad's group in one option, with its figures, as the page shows them."""

    kind: str  # toetreding | nieuw | maxp
    title: str
    anchor: str
    explanation: tuple[str, ...]
    igs: str | None = None  # the IGS joined (toetreding) or carried on by the group
    members: list[tuple[str, str]] = field(default_factory=list)  # the centrumstad first
    group: GroupResult | None = None  # None: the option places the centrumstad in no group
    key_label: str = ""
    centrum_population_share: float | None = None
    centrum_amount: Decimal | None = None
    centrum_amount_share: float | None = None
    notes: list[str] = field(default_factory=list)  # what was not computed, and why
    reasons: list[str] = field(default_factory=list)  # the rules' reasons, as shown
    verdeelsleutel_url: str = ""
    scenario_url: str = ""


# --- evaluation --------------------------------------------------------------------------


def key_spec(key: str) -> KeySpec:
    """The key ``key`` with the Verdeelsleutel's default parameters."""
    if key not in KEYS:
        raise BadRequest(
            f"Onbekende verdeelsleutel '{key[:40]}'. Kies uit: {', '.join(sorted(KEYS))}."
        )
    if key == "vast-plus-inwoners":
        return KeySpec(key, fixed=4000.0)
    if key == "mix":
        return KeySpec(key, weights={"inwoners": 0.5, "draagkracht": 0.3, "profijt": 0.2})
    return KeySpec(key)


def _verdeelsleutel_url(refnis: str, codes, igs: str | None, on: date, key: str) -> str:
    query = {"peildatum": on.isoformat(), "sleutel_1": key}
    if igs:
        query |= {"igs": igs, "extra": refnis}
    else:
        query["gemeenten"] = ",".join(codes)
    return reverse("funding_comparison") + "?" + urlencode(query)


def _scenario_url(scenario, key: str) -> str:
    """The scenario page (:mod:`samenspel.scenarios.views`) with this option's scenario, with
    the key when that page offers it (else its default)."""
    query = {"s": encode(scenario)}
    if key in SCENARIO_KEYS:
        query["sleutel"] = key
    return reverse("scenario_page") + "?" + urlencode(query)


_ANCHORS = {"nieuw": "optie-nieuw", "maxp": "optie-plan"}


def evaluate_option(atlas, ctx, refnis: str, option, on: date, key: str, limits) -> Evaluated:
    """The centrumstad's group in ``option`` (:class:`samenspel.scenarios.whatif.Option`),
    evaluated with the key; the win-win check runs for that group only."""
    spec = key_spec(key)
    name = atlas.municipalities[refnis].name
    out = Evaluated(
        kind=option.kind,
        title=option.label,
        anchor=_ANCHORS.get(option.kind, f"optie-{option.kind}"),
        explanation=tuple(option.explanation),
        key_label=spec.label,
    )
    if option.group is None:
        out.notes.append(f"In deze optie komt {name} in geen groep: er is niets te berekenen.")
        return out
    g = option.scenario.groups[option.group]
    out.igs = g.continues
    if option.kind == "toetreding" and g.continues:
        out.anchor = f"optie-{g.continues}"
    result = evaluate(option.scenario, ctx, spec, win_win={option.group}, limits=limits)
    group = result.groups[option.group]
    out.group = group
    out.key_label = group.key_label
    by_code = {m.refnis: m for m in group.members}
    me = by_code[refnis]
    others = sorted((m for m in group.members if m.refnis != refnis), key=lambda m: m.name)
    out.members = [(m.refnis, m.name) for m in [me, *others]]
    out.centrum_population_share = me.share_of_population
    out.centrum_amount = me.contribution
    out.centrum_amount_share = me.share_of_contribution
    # The cofinancing condition cannot be judged for a group that does not exist yet (its
    # budget is unknown): the card leaves that sentence out, the amount split is shown instead.
    out.reasons = [r for r in group.reasons if r not in group.unjudged]
    out.notes += list(group.notes)
    if group.win_win is None:
        out.notes.append(f"Win-wintoets {group.win_win_note}.".replace("..", "."))
    out.verdeelsleutel_url = _verdeelsleutel_url(
        refnis, group.codes, g.continues if option.kind == "toetreding" else None, on, key
    )
    out.scenario_url = _scenario_url(option.scenario, key)
    return out


#: The most recent pages' evaluations, per question and data version.
RECENT = 32
_recent: OrderedDict[tuple, list[Evaluated]] = OrderedDict()
_recent_lock = threading.Lock()


def evaluate_options(atlas, refnis: str, on: date, key: str) -> list[Evaluated]:
    # The snapshot's own load row (get_atlas rebuilds it when that row changes): no query here.
    question = (refnis, on, key, atlas.load.pk, atlas.load.version, atlas.load.loaded_at)
    with _recent_lock:
        if question in _recent:
            _recent.move_to_end(question)
            return _recent[question]
    ctx = services.context(atlas, on)
    limits = WEB_LIMITS.within(REQUEST_SECONDS)
    result = [
        evaluate_option(atlas, ctx, refnis, option, on, key, limits)
        for option in options(
            services.current_scenario(atlas, on, "2027"), ctx, refnis, time_limit=MAXP_SECONDS
        )
    ]
    # Kept for the next visitor only when no computation was cut short by the deadline.
    if limits.clock() < limits.until:
        with _recent_lock:
            _recent[question] = result
            while len(_recent) > RECENT:
                _recent.popitem(last=False)
    return result


# --- pages -------------------------------------------------------------------------------


def _status(atlas, refnis: str, on: date) -> list[str]:
    """The IGS a centrumstad takes part in on ``on`` (empty: in no IGS)."""
    mc = atlas.coverage(on).municipalities[refnis]
    return list(mc.igs) if mc.centrumstad_takes_part else []


def _error(request, status: int, title: str, message: str, on=None):
    return render(
        request,
        "scenarios/whatif_fout.html",
        {"title": title, "message": message, "on": on},
        status=status,
    )


@atlas_view
def whatif_list(request, atlas, on, error):
    rows = []
    for refnis, m in sorted(atlas.municipalities.items(), key=lambda kv: kv[1].name):
        if m.is_centrumstad:
            igs = [atlas.partnerships[s] for s in _status(atlas, refnis, on)]
            rows.append({"m": m, "igs": igs})
    return render(
        request,
        "scenarios/whatif_list.html",
        {"on": on, "date_error": error, "rows": rows},
    )


@atlas_view
def whatif(request, atlas, on, error, refnis):
    m = atlas.municipalities.get(refnis)
    if m is None or not m.is_centrumstad:
        what = (
            f"{m.name} is geen centrumstad"
            if m is not None
            else f"Er is geen gemeente met REFNIS-code '{refnis[:12]}'"
        )
        return _error(
            request,
            404,
            "Geen centrumstad",
            f"{what}. 'Wat als … meedoet?' bestaat voor de centrumsteden; kies er een uit "
            "de lijst.",
            on,
        )
    key = request.GET.get("sleutel", "").strip() or DEFAULT_KEY
    try:
        key_spec(key)
    except BadRequest as exc:
        return _error(request, 400, "Onbekende verdeelsleutel", str(exc), on)
    context = {
        "on": on,
        "date_error": error,
        "m": m,
        "region": atlas.regions[m.region_code],
        "key": key,
        "keys": sorted(KEYS.items(), key=lambda kv: kv[0] != DEFAULT_KEY),
        "rules": RULES_2027,
    }
    member_of = _status(atlas, refnis, on)
    if member_of:
        context["member_of"] = [atlas.partnerships[s] for s in member_of]
        return render(request, "scenarios/whatif.html", context)
    try:
        context["options"] = evaluate_options(atlas, refnis, on, key)
    except ScenarioError as exc:  # e.g. only partly covered: in no group, yet in an IGS
        context["problem"] = str(exc)
    return render(request, "scenarios/whatif.html", context)


# --- links from the municipality and IGS pages -------------------------------------------


@dataclass(frozen=True)
class Link:
    text: str
    url: str


def _free_centrumsteden(atlas, on: date) -> list[str]:
    cov = atlas.coverage(on)
    return [
        c
        for c, m in atlas.municipalities.items()
        if m.is_centrumstad and not cov.municipalities[c].centrumstad_takes_part
    ]


def whatif_links(
    atlas, on: date, *, municipality: str | None = None, igs: str | None = None
) -> list[Link]:
    """The what-ifs that concern a municipality (its own, when it is a centrumstad in no IGS;
    that of every such centrumstad it borders) or an IGS (that of every such centrumstad it
    borders, as :func:`samenspel.scenarios.whatif.neighbouring_groups` decides: one of its
    members borders the centrumstad)."""
    if atlas is None:
        return []
    free = _free_centrumsteden(atlas, on)
    if not free:
        return []
    query = "?" + urlencode({"peildatum": on.isoformat()})
    today = ctx = None
    if igs is not None:
        today, ctx = services.current_scenario(atlas, on), services.context(atlas, on)
    links = []
    for c in sorted(free, key=lambda c: atlas.municipalities[c].name):
        name = atlas.municipalities[c].name
        url = reverse("whatif", args=[c]) + query
        if municipality is not None:
            if c == municipality:
                links.append(Link(f"Wat als {name} meedoet? Alle opties naast elkaar", url))
            elif municipality in atlas.adjacency.get(c, ()):
                links.append(Link(f"Wat als buurstad {name} meedoet?", url))
        elif igs is not None:
            around = {today.groups[k].continues for k in neighbouring_groups(today, ctx, c)}
            if igs in around:
                links.append(
                    Link(
                        f"Wat als {name} meedoet met {atlas.partnerships[igs].name}?",
                        f"{url}#optie-{igs}",
                    )
                )
    return links
