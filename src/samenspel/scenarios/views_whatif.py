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
from django.urls import NoReverseMatch, reverse

from samenspel.atlas.web import atlas_view
from samenspel.funding import services as funding
from samenspel.funding.analysis import (
    KEY_LABELS,
    CostModel,
    KeySpec,
    check_group,
    compare,
    group_verdict,
)
from samenspel.funding.games import WEB_LIMITS
from samenspel.jobs.services import data_version
from samenspel.partnerships.rules import RULES_2027, Eligibility

#: The key used when the page is opened without ``?sleutel=``.
DEFAULT_KEY = "inwoners"
#: The keys the page offers (those that need no figures of the user; the mix and the fixed part
#: use the Verdeelsleutel's defaults).
KEYS = {k: v for k, v in KEY_LABELS.items()}
#: The most one page computes for all its options together (seconds); above it a Shapley value
#: is sampled and a win-win check left out, and the page says so.
REQUEST_SECONDS = 8.0


class BadRequest(Exception):
    """A question the page cannot answer (a Dutch message, shown with status 400)."""


@dataclass
class Option:
    """One way the centrumstad could take part: a group of municipalities (REFNIS codes)."""

    kind: str  # "igs" (join an IGS), "nieuw" (new IGS with neighbours), "plan" (engine)
    title: str
    codes: list[str]
    igs: str | None = None  # the IGS joined, for kind "igs"
    notes: list[str] = field(default_factory=list)


@dataclass
class Evaluated:
    """An option with its figures, as the page shows them."""

    option: Option
    anchor: str
    members: list[tuple[str, str]]  # (refnis, name), the centrumstad first
    population: int
    verdict: Eligibility
    centrum_population_share: float
    key_label: str
    amount: Decimal | None = None  # what the partners split together (minimum cofinancing)
    centrum_amount: Decimal | None = None
    centrum_amount_share: float | None = None
    win_win: bool | None = None
    win_win_text: str = ""
    not_computed: list[str] = field(default_factory=list)
    verdeelsleutel_url: str = ""
    scenario_url: str = ""


# --- options -----------------------------------------------------------------------------


def _provisional_options(atlas, refnis: str, on: date) -> list[Option]:
    """Join each neighbouring IGS; a new IGS with the uncovered neighbours."""
    cov = atlas.coverage(on)
    name = atlas.municipalities[refnis].name
    neighbours = sorted(atlas.adjacency.get(refnis, ()))
    options = []
    around = sorted({s for c in neighbours for s in cov.municipalities[c].igs})
    for slug in around:
        members = list(cov.partnerships[slug].members)
        options.append(
            Option(
                "igs",
                f"{name} treedt toe tot {atlas.partnerships[slug].name}",
                [refnis, *members],
                igs=slug,
            )
        )
    free = [c for c in neighbours if cov.municipalities[c].status == "geen"]
    options.append(
        Option("nieuw", f"Nieuw IGS van {name} met zijn buren zonder IGS", [refnis, *free])
    )
    return options


def options_for(atlas, refnis: str, on: date) -> list[Option]:
    return _provisional_options(atlas, refnis, on)


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


def _verdeelsleutel_url(option: Option, refnis: str, on: date, key: str) -> str:
    query = {"peildatum": on.isoformat(), "sleutel_1": key}
    if option.igs:
        query |= {"igs": option.igs, "extra": refnis}
    else:
        query["gemeenten"] = ",".join(option.codes)
    return reverse("funding_comparison") + "?" + urlencode(query)


def _scenario_url(option: Option, on: date) -> str:
    """The scenario page for this option, once that page exists (else empty)."""
    try:
        base = reverse("scenario")
    except NoReverseMatch:
        return ""
    query = {"peildatum": on.isoformat(), "gemeenten": ",".join(option.codes)}
    return base + "?" + urlencode(query)


def evaluate_option(atlas, refnis: str, option: Option, on: date, key: str, limits) -> Evaluated:
    codes = [refnis] + [c for c in dict.fromkeys(option.codes) if c != refnis]
    places = funding.places(atlas, codes, on)
    adjacency = funding.adjacency(atlas, codes)
    verdict = group_verdict(places, adjacency, RULES_2027)
    population = sum(p.population for p in places)
    spec = key_spec(key)
    out = Evaluated(
        option=option,
        anchor=f"optie-{option.igs or option.kind}",
        members=[(refnis, atlas.municipalities[refnis].name)]
        + sorted(((c, atlas.municipalities[c].name) for c in codes[1:]), key=lambda cn: cn[1]),
        population=population,
        verdict=verdict,
        centrum_population_share=places[0].population / population if population else 0.0,
        key_label=spec.label,
        verdeelsleutel_url=_verdeelsleutel_url(option, refnis, on, key),
        scenario_url=_scenario_url(option, on),
    )
    try:
        check_group(places)
        cmp = compare(
            places,
            adjacency,
            [spec],
            model=CostModel(),
            flanders=[funding.place(atlas, c, on) for c in atlas.municipalities],
            rules=RULES_2027,
            limits=limits,
        )
    except ValueError as exc:
        out.not_computed.append(f"Bijdragen en win-wintoets niet berekend: {exc}")
        return out
    result = cmp.results[0]
    share = next(s for s in result.allocation.shares if s.partner.refnis == refnis)
    out.amount = result.allocation.total
    out.centrum_amount = share.amount
    out.centrum_amount_share = float(share.amount / out.amount) if out.amount else None
    out.win_win = result.explanation.win_win
    out.win_win_text = " ".join(result.explanation.overall)
    out.not_computed += [n for n in cmp.computed if "nagerekend met het criterium" not in n]
    if out.win_win is None:
        out.not_computed.append(
            "De win-wintoets is niet berekend voor deze groep (te groot of te lang voor één "
            "pagina); open de Verdeelsleutel om hem als achtergrondtaak te laten rekenen."
        )
    return out


#: The most recent pages' evaluations, per question and data version.
RECENT = 32
_recent: OrderedDict[tuple, list[Evaluated]] = OrderedDict()
_recent_lock = threading.Lock()


def evaluate_options(atlas, refnis: str, on: date, key: str) -> list[Evaluated]:
    question = (refnis, on, key, data_version(), str(atlas.load.loaded_at))
    with _recent_lock:
        if question in _recent:
            _recent.move_to_end(question)
            return _recent[question]
    limits = WEB_LIMITS.within(REQUEST_SECONDS)
    result = [
        evaluate_option(atlas, refnis, option, on, key, limits)
        for option in options_for(atlas, refnis, on)
    ]
    if not any("tijdsgrens" in n for e in result for n in e.not_computed):
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
    context["options"] = evaluate_options(atlas, refnis, on, key)
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
    that of every such centrumstad it borders) or an IGS (that of every such centrumstad its
    territory borders)."""
    if atlas is None:
        return []
    cov = atlas.coverage(on)
    free = _free_centrumsteden(atlas, on)
    query = "?" + urlencode({"peildatum": on.isoformat()})
    links = []
    for c in sorted(free, key=lambda c: atlas.municipalities[c].name):
        name = atlas.municipalities[c].name
        url = reverse("whatif", args=[c]) + query
        if municipality is not None:
            if c == municipality:
                links.append(Link(f"Wat als {name} meedoet? Alle opties naast elkaar", url))
            elif municipality in atlas.adjacency.get(c, ()):
                links.append(Link(f"Wat als buurstad {name} meedoet?", url))
        elif igs is not None and igs in cov.partnerships:
            territory = set(cov.partnerships[igs].territory)
            if c not in territory and territory & set(atlas.adjacency.get(c, ())):
                links.append(
                    Link(
                        f"Wat als {name} meedoet met {atlas.partnerships[igs].name}?",
                        f"{url}#optie-{igs}",
                    )
                )
    return links
