"""The scenario page (``/scenarios/``), its map, downloads, comparison and saved scenarios.

URL design (every state is a GET link that can be shared):

* ``/scenarios/`` — the forms: open a prebuilt scenario (today, the plans of 2027, a merger, a
  centrumstad that joins, a new IGS) or compute a full-coverage plan (max-p).
* ``/scenarios/?maak=<soort>&…`` — builds the scenario and redirects to its link
  ``/scenarios/?s=<signed state>`` (:mod:`samenspel.scenarios.web`). For all of Flanders the
  max-p run goes to the background worker; the waiting page reloads this URL until it is done.
* ``/scenarios/?s=…&sleutel=inwoners`` — the scenario evaluated: map, table, warnings, bound.
  ``&verplaats=<REFNIS>&naar=<groep>`` moves one municipality and shows what changed
  (the page's share link is then the new state); ``&formaat=xlsx|geojson`` downloads.
* ``/scenarios/kaart.json?s=…`` — the map's colouring (the format of the Atlas's
  ``toestand.json``, read by ``kaart.js``).
* ``/scenarios/vergelijk/?s=…&s=…&b=<id>`` — two to four scenarios side by side.
* ``/scenarios/bewaar/`` (POST, login), ``/scenarios/mijn/`` (login), ``/scenarios/b/<id>/``
  (read-only, by link), ``/scenarios/b/<id>/verwijder/`` (POST, owner).

Every unreadable query value gets HTTP 400 with a Dutch message, never a 500.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from samenspel.accounts.permissions import is_support
from samenspel.accounts.services import history_entries
from samenspel.atlas.services import get_atlas
from samenspel.atlas.web import reference_date
from samenspel.core.colours import (
    PALETTE,
    assign_colours,
    delta_e_2000,
    igs_adjacency,
    srgb_to_lab,
)
from samenspel.core.numbers import format_eur, format_number, format_percent
from samenspel.core.web import CONTENT_TYPES, no_data
from samenspel.funding.analysis import KEY_LABELS
from samenspel.partnerships.rules import rule_set
from samenspel.scenarios import export, services, tasks
from samenspel.scenarios.evaluate import (
    KINDS,
    Context,
    ScenarioError,
    diff,
    evaluate,
    move,
    summary,
)
from samenspel.scenarios.forms import (
    FLANDERS,
    CurrentForm,
    JoinForm,
    MaxPForm,
    MergeForm,
    NewForm,
    SaveForm,
)
from samenspel.scenarios.models import SavedScenario
from samenspel.scenarios.web import (
    MAX_LINK,
    LinkError,
    bound_sentence,
    decode,
    encode,
    envelope,
    floor_of,
    make_maxp,
    rule_warnings,
    scenario_from_settings,
)

#: The contribution keys the page offers (those that need no further figures).
KEYS = {k: KEY_LABELS[k] for k in ("inwoners", "gelijk", "draagkracht")}
MAKERS = ("huidig", "plannen", "fusie", "toetreding", "nieuw", "maxp")
FORMATS = ("xlsx", "geojson")
#: A scenario with more members than this is evaluated without the win-win checks on the page
#: (they are the costly part: a cost game per group).
WIN_WIN_MAX_MUNICIPALITIES = 60
MAX_COMPARED = 4


class BadRequest(ValueError):
    """A query the page cannot answer; the message (Dutch) is shown with HTTP 400."""


def _page_url(**params) -> str:
    return reverse("scenario_page") + "?" + urlencode(params)


def _forms(atlas, query=None):
    bound = query is not None
    kind = (query or {}).get("maak")
    data = query if bound else None
    return {
        "maxp_form": MaxPForm(data if kind == "maxp" else None, atlas=atlas),
        "merge_form": MergeForm(data if kind == "fusie" else None, atlas=atlas),
        "join_form": JoinForm(data if kind == "toetreding" else None, atlas=atlas),
        "new_form": NewForm(data if kind == "nieuw" else None, atlas=atlas),
        "current_form": CurrentForm(data if kind in ("huidig", "plannen") else None, atlas=atlas),
    }


def _error(request, atlas, message: str, context: dict | None = None, status: int = 400):
    ctx = {"error": message, "keys": KEYS, "kinds": KINDS, **(context or {})}
    ctx.setdefault("atlas", atlas)
    if atlas is not None:
        for name, form in _forms(atlas).items():
            ctx.setdefault(name, form)
    return render(request, "scenarios/page.html", ctx, status=status)


def _key(request) -> str:
    key = request.GET.get("sleutel", "inwoners") or "inwoners"
    if key not in KEYS:
        raise BadRequest(f"Onbekende verdeelsleutel '{key[:40]}': kies uit {', '.join(KEYS)}.")
    return key


# --------------------------------------------------------------------------------------------
# making a scenario
# --------------------------------------------------------------------------------------------


def _make(request, atlas, on: date):
    """Build the scenario the ``maak`` form asks for: a redirect to its link, the waiting page of
    a background run, or a 400 page with the form's errors."""
    kind = request.GET.get("maak", "")
    if kind not in MAKERS:
        raise BadRequest(f"Onbekende soort scenario '{kind[:40]}': kies uit {', '.join(MAKERS)}.")
    forms = _forms(atlas, request.GET)
    form = {
        "maxp": forms["maxp_form"],
        "fusie": forms["merge_form"],
        "toetreding": forms["join_form"],
        "nieuw": forms["new_form"],
        "huidig": forms["current_form"],
        "plannen": forms["current_form"],
    }[kind]
    context = {"atlas": atlas, "on": on, "keys": KEYS, **forms}
    if not form.is_valid():
        context["error"] = "Het scenario kan niet gemaakt worden. " + form.problems()
        return render(request, "scenarios/page.html", context, status=400)
    d = form.cleaned_data
    rules = d.get("regels") or "2027"
    info = None
    try:
        if kind == "maxp":
            run = form.settings()
            if form.whole_flanders:
                done, waiting = tasks.maxp_in_background(
                    request,
                    run,
                    on,
                    title="Volledige dekking voor heel Vlaanderen",
                    context={**context, "known": atlas.municipalities},
                )
                if waiting is not None:
                    return waiting
                scenario, info = done
            else:
                scenario, info = make_maxp(atlas, run, on)
        elif kind == "huidig":
            scenario = services.current_scenario(atlas, on, rules=rules)
        elif kind == "plannen":
            scenario = services.plan_scenario(atlas, on, rules=rules)
        elif kind == "fusie":
            scenario = services.merge_scenario(atlas, on, d["igs_a"], d["igs_b"], rules=rules)
        elif kind == "toetreding":
            scenario = services.join_scenario(atlas, on, d["stad"], d["igs"], rules=rules)
        else:
            scenario = services.new_igs_scenario(
                atlas, on, d["gemeenten"], name=d.get("naam") or None, rules=rules
            )
    except ValueError as exc:  # ScenarioError, PlanError, an engine's input error
        context["error"] = f"Het scenario kan niet gemaakt worden: {exc}"
        return render(request, "scenarios/page.html", context, status=400)
    params = {"s": encode(scenario, info)}
    if request.GET.get("sleutel") in KEYS:
        params["sleutel"] = request.GET["sleutel"]
    return redirect(_page_url(**params))


# --------------------------------------------------------------------------------------------
# showing one
# --------------------------------------------------------------------------------------------


def _scope(atlas, info) -> set[str] | None:
    """The municipalities a plan for one referentieregio speaks about (None: all of Flanders)."""
    region = ((info or {}).get("settings") or {}).get("regio")
    if not region or region == FLANDERS:
        return None
    return {c for c, m in atlas.municipalities.items() if m.region_slug == region} or None


def _scoped(ctx: Context, codes: set[str] | None) -> Context:
    """The context limited to ``codes``: a plan for Regio Gent counts the municipalities,
    memberships and ties of Regio Gent, not those of the rest of Flanders as 'not covered'."""
    if codes is None:
        return ctx
    return Context(
        municipalities={c: a for c, a in ctx.municipalities.items() if c in codes},
        adjacency={c: frozenset(ctx.adjacency.get(c, ())) & codes for c in codes},
        igs={
            s: tuple(c for c in members if c in codes)
            for s, members in ctx.igs.items()
            if any(c in codes for c in members)
        },
        igs_names=ctx.igs_names,
        ties=tuple(t for t in ctx.ties if t[0] in codes and t[1] in codes),
        notes=ctx.notes,
    )


def _evaluate(atlas, scenario, key: str, info=None):
    ctx = _scoped(services.context(atlas, scenario.on), _scope(atlas, info))
    big = sum(len(g.members) for g in scenario.groups) > WIN_WIN_MAX_MUNICIPALITIES
    result = evaluate(scenario, ctx, key, win_win=not big)
    return ctx, result, big


#: Up to this many groups the map colours them as the Atlas colours its IGS
#: (:func:`~samenspel.core.colours.assign_colours`); above it a greedy colouring, in a few
#: milliseconds. Measured on the 45 groups of a plan for all of Flanders: the Atlas's search took
#: 10,7 s before its step budget (commit 58c7ee9) and 0,02 s after it, with a smallest ΔE00
#: between groups up to two steps apart of 19,8; the greedy colouring 0,002 s and 23,5.
EXACT_COLOURING_MAX_GROUPS = 20
_colour_cache: dict[tuple, dict[int, str]] = {}


def _greedy_colours(graph: dict[int, set[int]]) -> dict[int, str]:
    """DSatur order (most coloured neighbours first, then most neighbours); each group takes
    the palette colour with the largest smallest ΔE00 to its coloured neighbours, then the
    least used one."""
    palette = [c.upper() for c in PALETTE]
    lab = {c: srgb_to_lab(c) for c in palette}
    diff = {(a, b): delta_e_2000(lab[a], lab[b]) for a in palette for b in palette}
    out: dict[int, str] = {}
    used = dict.fromkeys(palette, 0)
    todo = set(graph)
    while todo:
        node = max(
            todo,
            key=lambda n: (len({out[m] for m in graph[n] if m in out}), len(graph[n]), -n),
        )
        near = [out[m] for m in graph[node] if m in out]
        best = max(
            palette,
            key=lambda c: (min((diff[c, o] for o in near), default=100.0), -used[c]),
        )
        out[node] = best
        used[best] += 1
        todo.discard(node)
    return out


def _colours(atlas, scenario) -> dict[int, str]:
    members = {k: g.members for k, g in enumerate(scenario.groups)}
    key = tuple(tuple(m) for m in members.values())
    if key in _colour_cache:
        return _colour_cache[key]
    graph = igs_adjacency(members, atlas.adjacency, steps=2)
    if len(members) <= EXACT_COLOURING_MAX_GROUPS:
        colours = assign_colours(graph)
    else:
        colours = _greedy_colours(graph)
    if len(_colour_cache) > 64:
        _colour_cache.clear()
    _colour_cache[key] = colours
    return colours


def _focus(atlas, scenario) -> str:
    """The municipalities the map zooms to: those of the referentieregio's the scenario's
    groups lie in, when that is one or two regions; else all of Flanders."""
    regions = {atlas.municipalities[c].region_code for g in scenario.groups for c in g.members}
    if not regions or len(regions) > 2:
        return ""
    return ",".join(sorted(c for c, m in atlas.municipalities.items() if m.region_code in regions))


def _moves(atlas, scenario, result) -> list[dict]:
    """Per member of a group: the neighbouring groups it may move to (for the move form)."""
    out = []
    for k, g in enumerate(result.groups):
        for m in g.members:
            targets = sorted(
                {
                    j
                    for n in atlas.adjacency.get(m.refnis, ())
                    for j in [scenario.group_of(n)]
                    if j is not None and j != k
                }
            )
            if targets:
                out.append({"refnis": m.refnis, "name": m.name, "group": g.name, "to": targets})
    return sorted(out, key=lambda r: r["name"])


def _group_rows(result, colours):
    rows = []
    for g in result.groups:
        rows.append(
            {
                "g": g,
                "nr": g.index + 1,
                "colour": colours.get(g.index, "#CCCCCC"),
                "members": g.members,
                "share": g.centrumstad_share,
            }
        )
    return rows


def _totals(result) -> dict:
    return {
        "population": sum(g.population for g in result.groups),
        "subsidy": result.subsidy_total_eur,
        "cofinancing": sum((g.min_cofinancing_eur for g in result.groups), Decimal(0)),
        "members": sum(len(g.members) for g in result.groups),
    }


def _show(request, atlas, scenario, info, *, before=None, moved=None, saved=None):
    key = _key(request)
    ctx, result, big = _evaluate(atlas, scenario, key, info)
    fmt = request.GET.get("formaat", "")
    bound = bound_sentence(info, len(scenario.groups))
    if fmt:
        if fmt not in FORMATS:
            raise BadRequest(f"Onbekend formaat '{fmt[:20]}': kies xlsx of geojson.")
        return _download(atlas, result, ctx, fmt, bound)
    colours = _colours(atlas, scenario)
    rules = rule_set(scenario.rules, contiguous=scenario.contiguous)
    floor = floor_of(info, rules.min_population)
    link = encode(scenario, info)
    changes = None
    if before is not None:
        _ctx, before_result, _ = _evaluate(atlas, before, key, info)
        changes = diff(before_result, result)
    context = {
        "atlas": atlas,
        "on": scenario.on,
        "scenario": scenario,
        "kind_label": KINDS.get(scenario.kind, scenario.kind),
        "info": info,
        "bound": bound,
        "result": result,
        "summary": summary(result),
        "rows": _group_rows(result, colours),
        "totals": _totals(result),
        "warnings": rule_warnings(result, floor),
        "floor": floor,
        "changes": changes,
        "moved": moved,
        "moves": _moves(atlas, scenario, result),
        "groups": [(k, g.name) for k, g in enumerate(scenario.groups)],
        "link": link,
        "share_url": request.build_absolute_uri(_page_url(s=link, sleutel=key)),
        "map_url": reverse("scenario_map") + "?" + urlencode({"s": link}),
        "focus": _focus(atlas, scenario),
        "key": key,
        "keys": KEYS,
        "no_win_win": big,
        "igs_names": ctx.igs_names,
        "uncovered": [atlas.municipalities[c].name for c in result.uncovered][:400],
        "saved": saved,
        "region": info.get("region") if info else None,
        **_forms(atlas),
    }
    return render(request, "scenarios/page.html", context)


def _download(atlas, result, ctx, fmt: str, bound: str) -> HttpResponse:
    name = "scenario"
    if fmt == "xlsx":
        body = export.workbook(result, ctx.igs_names, bound)
        response = HttpResponse(body, content_type=CONTENT_TYPES["xlsx"])
    else:
        from samenspel.territory.models import Municipality

        codes = [m.refnis for g in result.groups for m in g.members]
        geometries = {
            code: json.loads(text)
            for code, text in Municipality.objects.filter(refnis__in=codes).values_list(
                "refnis", "geometry"
            )
        }
        body = export.geojson_bytes(export.regions_geojson(result, geometries))
        response = HttpResponse(body, content_type="application/geo+json")
    response["Content-Disposition"] = f'attachment; filename="{name}-groepen.{fmt}"'
    return response


def _move(request, atlas, scenario, info):
    code = request.GET.get("verplaats", "").strip()
    target = request.GET.get("naar", "").strip()
    if code not in scenario.codes:
        raise BadRequest(f"Gemeente '{code[:20]}' zit in geen groep van dit scenario.")
    try:
        k = int(target) - 1
    except ValueError:
        raise BadRequest(f"'{target[:20]}' is geen groepsnummer.") from None
    try:
        after = move(scenario, code, k, atlas.adjacency)
    except ScenarioError as exc:
        raise BadRequest(str(exc)) from None
    return _show(request, atlas, after, info, before=scenario, moved=code)


def scenario_page(request):
    atlas = get_atlas()
    if atlas is None:
        return no_data(request)
    on, date_error = reference_date(request, atlas)
    try:
        if "maak" in request.GET:
            if date_error:  # never a plan for another date than the one asked, silently
                return _error(request, atlas, f"Het scenario kan niet gemaakt worden: {date_error}")
            return _make(request, atlas, on)
        if "s" in request.GET:
            scenario, info = decode(request.GET["s"], known=atlas.municipalities)
            if "verplaats" in request.GET:
                return _move(request, atlas, scenario, info)
            return _show(request, atlas, scenario, info)
    except (LinkError, BadRequest, ScenarioError) as exc:
        return _error(request, atlas, str(exc))
    context = {"atlas": atlas, "on": on, "date_error": date_error, "keys": KEYS, **_forms(atlas)}
    return render(request, "scenarios/page.html", context)


def scenario_map(request):
    """The colouring of the map (the format of the Atlas's ``toestand.json``)."""
    atlas = get_atlas()
    if atlas is None:
        return JsonResponse({"fout": "Er zijn geen gegevens geladen."}, status=404)
    try:
        scenario, _info = decode(request.GET.get("s", ""), known=atlas.municipalities)
    except LinkError as exc:
        return JsonResponse({"fout": str(exc)}, status=400)
    colours = _colours(atlas, scenario)
    slug = {k: f"groep-{k + 1}" for k in range(len(scenario.groups))}
    munis = {}
    for k, g in enumerate(scenario.groups):
        for c in g.members:
            munis[c] = {"status": "volledig", "igs": [slug[k]]}
    for c, m in atlas.municipalities.items():
        munis.setdefault(c, {"status": "geen", "igs": []})
        if m.is_centrumstad:
            munis[c]["centrumstad"] = True
    data = {
        "peildatum": scenario.on.isoformat(),
        "igs": [
            {"slug": slug[k], "naam": g.name, "kleur": colours.get(k, "#CCCCCC")}
            for k, g in enumerate(scenario.groups)
        ],
        "gemeenten": munis,
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")})


# --------------------------------------------------------------------------------------------
# comparing
# --------------------------------------------------------------------------------------------


def _compared(request, atlas) -> list[dict]:
    links = request.GET.getlist("s")
    ids = request.GET.getlist("b")
    if len(links) + len(ids) > MAX_COMPARED:
        raise BadRequest(f"Vergelijk hoogstens {MAX_COMPARED} scenario's tegelijk.")
    items = []
    for text in links:
        scenario, info = decode(text, known=atlas.municipalities)
        items.append({"scenario": scenario, "info": info, "link": text, "saved": None})
    for raw in ids:
        try:
            obj = SavedScenario.objects.filter(pk=raw).first()
        except ValidationError:
            obj = None
        if obj is None:
            raise BadRequest(f"Er is geen bewaard scenario '{raw[:40]}'.")
        try:
            scenario, info = scenario_from_settings(obj.settings, known=atlas.municipalities)
        except ScenarioError as exc:
            msg = f"Het bewaarde scenario '{obj.name}' is niet meer geldig: {exc}"
            raise BadRequest(msg) from None
        items.append(
            {"scenario": scenario, "info": info, "link": encode(scenario, info), "saved": obj}
        )
    return items


def _compare_rows(results) -> list[dict]:
    """The figures of the comparison, one row per figure, one cell per scenario."""

    def max_share(r):
        shares = [g.centrumstad_share for g in r.groups if g.centrumstad_share is not None]
        return format_percent(max(shares)) if shares else "—"

    kinds = sorted({t.kind for r in results for t in r.ties})

    def ties(r, kind):
        t = r.tie(kind)
        return f"{t.kept} van {t.total}" if t else "—"

    rows = [
        ("Groepen", lambda r: str(len(r.groups))),
        ("Groepen met subsidie", lambda r: str(r.qualifying)),
        (
            "Gemeenten in een groep",
            lambda r: f"{r.municipalities_covered} van {r.municipalities_total}",
        ),
        ("Inwoners in een groep", lambda r: format_number(r.population_covered)),
        ("Subsidie Vlaanderen samen (per jaar)", lambda r: format_eur(r.subsidy_total_eur)),
        (
            "Minimale cofinanciering samen (per jaar)",
            lambda r: format_eur(sum(g.min_cofinancing_eur for g in r.groups)),
        ),
        (
            "Lidmaatschappen van vandaag behouden",
            lambda r: f"{len(r.memberships_kept)} van {r.memberships_total}",
        ),
        ("Groepen over een grens van referentieregio's", lambda r: str(len(r.crossings))),
        ("Grootste aandeel van een centrumstad in de inwoners", max_share),
    ]
    rows += [(f"Bestaande banden behouden: {k}", lambda r, k=k: ties(r, k)) for k in kinds]
    return [{"label": label, "cells": [f(r) for r in results]} for label, f in rows]


_SAVED_PATH = re.compile(r"/scenarios/b/([0-9a-fA-F-]{36})/?$")


def _pasted(text: str) -> tuple[str, str]:
    """A pasted scenario link → ``("s", state)`` or ``("b", saved id)``; BadRequest otherwise.
    Accepts the page's share link, a saved scenario's link, or the bare ``s`` value."""
    text = text.strip()
    if len(text) > MAX_LINK + 2_000:
        raise BadRequest("Deze link is te lang.")
    parsed = urlparse(text)
    found = _SAVED_PATH.search(parsed.path or "")
    if found:
        return "b", found.group(1)
    states = parse_qs(parsed.query).get("s") if parsed.query else None
    if states:
        return "s", states[0]
    if text and not parsed.scheme and "/" not in text:
        return "s", text
    raise BadRequest(
        "Plak de link van een scenario (van de scenariopagina of van een bewaard scenario)."
    )


def compare(request):
    atlas = get_atlas()
    if atlas is None:
        return no_data(request)
    if request.GET.get("link", "").strip():
        try:
            kind, value = _pasted(request.GET["link"])
        except BadRequest as exc:
            return render(
                request, "scenarios/compare.html", {"error": str(exc), "items": []}, status=400
            )
        query = request.GET.copy()
        query.pop("link")
        query.appendlist(kind, value)
        return redirect(reverse("scenario_compare") + "?" + query.urlencode())
    try:
        key = _key(request)
        items = _compared(request, atlas)
    except (LinkError, BadRequest) as exc:
        return render(
            request, "scenarios/compare.html", {"error": str(exc), "items": []}, status=400
        )
    results = []
    for item in items:
        _ctx, result, _big = _evaluate(atlas, item["scenario"], key, item["info"])
        item["result"] = result
        item["bound"] = bound_sentence(item["info"], len(item["scenario"].groups))
        item["url"] = _page_url(s=item["link"], sleutel=key)
        results.append(result)
    rows = _compare_rows(results) if results else []
    mine = []
    if request.user.is_authenticated:
        mine = list(SavedScenario.objects.filter(owner=request.user).only("id", "name")[:50])
    context = {
        "items": items,
        "rows": rows,
        "cards": [
            {"item": item, "figures": [(row["label"], row["cells"][k]) for row in rows]}
            for k, item in enumerate(items)
        ],
        "key": key,
        "keys": KEYS,
        "mine": mine,
        "links": [i["link"] for i in items if not i["saved"]],
        "ids": [str(i["saved"].pk) for i in items if i["saved"]],
        "room": len(items) < MAX_COMPARED,
        "too_few": len(items) < 2,
        "current": encode(services.current_scenario(atlas, reference_date(request, atlas)[0])),
    }
    return render(request, "scenarios/compare.html", context)


# --------------------------------------------------------------------------------------------
# saving
# --------------------------------------------------------------------------------------------


def _snapshot(result, bound: str) -> dict:
    """The evaluation as it was when saved: plain JSON (amounts in cents as strings)."""
    return {
        "title": result.scenario.title,
        "summary": summary(result),
        "bound": bound,
        "rules": result.rules_label,
        "key": result.key,
        "key_label": KEYS.get(result.key, result.key),
        "subsidy_total": str(result.subsidy_total_eur),
        "groups": [
            {
                "name": g.name,
                "members": [m.name for m in g.members],
                "population": g.population,
                "verdict": g.verdict,
                "qualifies": g.qualifies,
                "subsidy": str(g.subsidy_eur),
                "cofinancing": str(g.min_cofinancing_eur),
                "centrumstad_share": g.centrumstad_share,
                "contributions": [
                    {"name": m.name, "amount": str(m.contribution)}
                    for m in g.members
                    if m.contribution is not None
                ],
            }
            for g in result.groups
        ],
        "memberships": {"kept": len(result.memberships_kept), "total": result.memberships_total},
        "ties": [{"kind": t.kind, "kept": t.kept, "total": t.total} for t in result.ties],
    }


@require_POST
@login_required
def save(request):
    atlas = get_atlas()
    if atlas is None:
        return no_data(request)
    form = SaveForm(request.POST)
    if not form.is_valid():
        return _error(request, atlas, "Het scenario is niet bewaard. " + form.problems())
    try:
        scenario, info = decode(form.cleaned_data["s"], known=atlas.municipalities)
    except LinkError as exc:
        return _error(request, atlas, str(exc))
    key = request.POST.get("sleutel", "inwoners")
    if key not in KEYS:
        return _error(request, atlas, f"Onbekende verdeelsleutel '{key[:40]}'.")
    _ctx, result, _big = _evaluate(atlas, scenario, key, info)
    obj = SavedScenario(
        name=form.cleaned_data["naam"],
        owner=request.user,
        settings=envelope(scenario, info),
        snapshot=_snapshot(result, bound_sentence(info, len(scenario.groups))),
        # the version of the snapshot the evaluation was made on
        data_version=atlas.load.version,
        data_changed_at=atlas.load.changed_at,
    )
    try:
        obj.save()
    except ValidationError as exc:
        return _error(request, atlas, "Het scenario is niet bewaard. " + " ".join(exc.messages))
    messages.success(request, f"Het scenario “{obj.name}” is bewaard.")
    return redirect("scenario_saved", pk=obj.pk)


def saved(request, pk):
    """A saved scenario, read-only by its link: the evaluation as it was saved."""
    obj = get_object_or_404(SavedScenario, pk=pk)
    link = None
    atlas = get_atlas()
    problem = None
    if atlas is not None:
        try:
            scenario, info = scenario_from_settings(obj.settings, known=atlas.municipalities)
            link = _page_url(s=encode(scenario, info))
        except ScenarioError as exc:
            problem = f"Dit scenario past niet meer op de gegevens van vandaag: {exc}"
    context = {
        "saved": obj,
        "snapshot": obj.snapshot,
        "open_url": link,
        "problem": problem,
        "owner": request.user.is_authenticated and obj.owner_id == request.user.pk,
        "share_url": request.build_absolute_uri(reverse("scenario_saved", args=[obj.pk])),
    }
    # The history names the account: shown to the owner and the support staff, not to
    # everyone who was given the read-only link.
    context["history"] = (
        history_entries(obj) if context["owner"] or is_support(request.user) else None
    )
    return render(request, "scenarios/saved.html", context)


@login_required
def mine(request):
    items = SavedScenario.objects.filter(owner=request.user)
    return render(request, "scenarios/mine.html", {"items": items})


@require_POST
@login_required
def delete(request, pk):
    obj = get_object_or_404(SavedScenario, pk=pk, owner=request.user)
    obj.delete()
    messages.success(request, f"Het scenario “{obj.name}” is verwijderd.")
    return redirect("scenario_mine")
