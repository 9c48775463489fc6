"""The Monitor's pages per IGS, per municipality and for any group of municipalities.

``/monitor/igs/<slug>/?jaar=JJJJ&indicator=CODE&vergelijk=…``
    (a) one indicator as table, bars and map: every partner next to the IGS average, its
    referentieregio, the centrumsteden, Flanders, the neighbours of the IGS and a chosen set;
    a time series where the indicator has several years; the metadata and caveat beside it.
    (b) balance and dominance (:mod:`samenspel.monitor.balance`) with its Dutch sentences.
    (c) "Wat krijgt elke gemeente terug?": per partner what it pays and what happens in its
    territory and in reach, per inhabitant and per euro, next to the IGS as a whole.
``/monitor/gemeente/<refnis>/``
    every loaded indicator for one municipality, with its referentieregio, the centrumsteden,
    Flanders and its neighbours; its IGS; its former municipalities.
``/monitor/groep/?gemeenten=…&jaar=JJJJ``
    the balance of any group (e.g. a scenario's group).

**Which year.** ``jaar`` is the year of the figures (default: the latest year up to this one
with activities of the partners, else last year). The partners are the municipalities fully in
the IGS on 1 January of that year. An indicator without figures in that year is shown for its
nearest earlier year (else its first year), and the page says so.

**Averages** are plain means over the measured areas, like
:func:`samenspel.monitor.services.compare_partners`: a merged municipality with one value per
former municipality counts each part once. The IGS average is the mean over its partners'
measured areas; the neighbours are the municipalities adjacent to a partner that are not
partners themselves.

Bounded: one indicator per request on the IGS page (a handful of queries), at most
:data:`MAX_CHOSEN` chosen municipalities, at most :data:`MAX_GROUP` in a group; the
municipality page reads each indicator's values once (at most a few hundred per indicator).
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Sum
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from samenspel.atlas.names import find_municipalities, split_names
from samenspel.atlas.services import Atlas, get_atlas
from samenspel.core.tables import Table
from samenspel.core.web import no_data, page
from samenspel.funding.services import find_igs, igs_members
from samenspel.monitor import charts, comparison
from samenspel.monitor.balance import QUANTITIES
from samenspel.monitor.catalogue import (
    ACTIVITIES,
    CONTRIBUTION,
    label,
)

# kept importable from here: the monitor template tags read these two
from samenspel.monitor.models import Indicator, Measurement
from samenspel.monitor.services import (
    AreaValue,
    balance_trend,
    group_balance,
    igs_balance,
    municipality_values,
    peildatum,
    yearly_values,
)

DEFAULT_INDICATOR = "GSM_CU_S_08"  # satisfaction with cultural facilities (survey 2023)
MAX_CHOSEN = 20
MAX_GROUP = 60
MAX_TEXT = 2000
YEAR_RANGE = (1990, 2100)
#: Families of indicators, by the start of their code, for the picker and the municipality page.
FAMILIES = (
    ("GSM_", "Gemeente- en Stadsmonitor 2023 (bevraging)"),
    ("BBC_JR_", "Investeringen volgens de jaarrekening"),
    ("BBC_MJP", "Geplande investeringen (meerjarenplannen)"),
    ("", "Eigen registratie en UiTdatabank"),
)


class BadRequest(Exception):
    """A request the page cannot answer: shown as a 400 page with the Dutch message."""


def family_of(code: str) -> str:
    return next(title for prefix, title in FAMILIES if code.startswith(prefix))


def _bad(request, message: str):
    return render(request, "monitor/fout.html", {"message": message}, status=400)


def _not_found(request, message: str):
    return render(request, "monitor/igs_niet_gevonden.html", {"message": message}, status=404)


def _import_url() -> str:
    """The import page of the Monitor when it exists, else the catalogue's import section."""
    try:
        return reverse("monitor_import")
    except NoReverseMatch:
        return reverse("monitor_indicators") + "#sjablonen"


def parse_year(request) -> int | None:
    raw = request.GET.get("jaar", "").strip()
    if not raw:
        return None
    if not raw.isdecimal() or len(raw) != 4 or not YEAR_RANGE[0] <= int(raw) <= YEAR_RANGE[1]:
        raise BadRequest(
            f"'{raw[:20]}' is geen geldig jaar: geef een jaar van vier cijfers tussen "
            f"{YEAR_RANGE[0]} en {YEAR_RANGE[1]}, bv. ?jaar=2024."
        )
    return int(raw)


def parse_indicator(request) -> Indicator | None:
    raw = request.GET.get("indicator", "").strip()
    if not raw:
        return (
            Indicator.objects.filter(code=DEFAULT_INDICATOR, measurements__isnull=False).first()
            or Indicator.objects.filter(measurements__isnull=False, level="municipality")
            .order_by("code")
            .first()
        )
    ind = Indicator.objects.filter(code=raw[:60]).first()
    if ind is None:
        raise BadRequest(
            f"Onbekende indicator '{raw[:60]}'. De codes staan in de catalogus van de Monitor "
            "(/monitor/)."
        )
    return ind


def indicator_years(ind: Indicator) -> list[int]:
    return sorted(
        set(
            Measurement.objects.filter(indicator=ind, label="", igs="")
            .order_by("year")
            .values_list("year", flat=True)
            .distinct()[:200]
        )
    )


def default_year(codes: list[str]) -> int:
    """The latest year up to this one with activities or contributions of ``codes``; else
    last year."""
    this = date.today().year
    latest = (
        Measurement.objects.filter(
            indicator__code__in=[ACTIVITIES, CONTRIBUTION], refnis__in=codes, year__lte=this
        ).aggregate(m=Max("year"))["m"]
        if codes
        else None
    )
    return latest or this - 1


def indicator_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The indicators with figures per municipality, grouped by family (for the picker)."""
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    measured = Indicator.objects.filter(
        level="municipality", measurements__refnis__gt=""
    ).distinct()
    for code, name in measured.order_by("code").values_list("code", "name"):
        groups[family_of(code)].append((code, f"{name} ({code})"))
    return [(title, groups[title]) for _p, title in FAMILIES if groups.get(title)]


def metadata(ind: Indicator) -> list[tuple[str, str]]:
    rows = [
        ("Definitie", ind.definition),
        ("Eenheid", ind.unit),
        ("Bron", ind.source),
        ("Peildatum of periode", ind.reference),
        ("Frequentie", ind.frequency),
        ("Soort", label(ind.kind)),
        ("Richting", label(ind.direction)),
    ]
    if ind.caveat:
        rows.append(("Let op", ind.caveat))
    return rows


def decimals_of(ind: Indicator) -> int:
    return 0 if ind.whole_numbers else 1


# --------------------------------------------------------------------------------------------
# The map's topology, parsed once per data load
# --------------------------------------------------------------------------------------------

_topo_lock = threading.Lock()
_topo: dict = {"key": None, "topo": None}


def topology(atlas: Atlas) -> dict:
    key = (atlas.load.pk, atlas.load.loaded_at)
    with _topo_lock:
        if _topo["key"] != key:
            body, _gz = atlas.topology
            _topo["topo"] = json.loads(body) if body else {}
            _topo["key"] = key
        return _topo["topo"]


# --------------------------------------------------------------------------------------------
# Reading the measurements (the computation is in :mod:`samenspel.monitor.comparison`)
# --------------------------------------------------------------------------------------------


def series(ind: Indicator, codes: list[str], years: list[int]) -> dict[str, dict[int, float]]:
    """Per municipality the yearly values (whole municipalities only; bounded by the codes and
    the indicator's years)."""
    out: dict[str, dict[int, float]] = defaultdict(dict)
    for y in years:
        for r, v in yearly_values(ind.code, y, codes).items():
            out[r][y] = float(v)
    return out


def return_figures(codes: list[str], year: int) -> dict[str, dict[str, Decimal]]:
    """Per indicator of :data:`comparison.RETURN_CODES` the yearly values of ``codes``."""
    return {code: yearly_values(code, year, codes) for code in comparison.RETURN_CODES}


def balance_years(codes: list[str]) -> list[int]:
    return sorted(
        set(
            Measurement.objects.filter(indicator__code=ACTIVITIES, refnis__in=codes, label="")
            .order_by("year")
            .values_list("year", flat=True)
            .distinct()[:50]
        )
    )


def balance_context(atlas: Atlas, b, year: int, trend=None) -> dict:
    has_activities = any(p.values.get("activiteiten") is not None for p in b.partners)
    # a quantity no partner has is named once instead of "niet gekend" on every partner
    known = {
        k: v for k, v in QUANTITIES.items() if any(p.values.get(k) is not None for p in b.partners)
    }
    return {
        "b": b,
        "has_activities": has_activities,
        "share_rows": [
            (p, charts.share_bars(p.shares, known))
            for p in sorted(b.partners, key=lambda p: p.name)
        ],
        "unknown_quantities": [v for k, v in QUANTITIES.items() if k not in known],
        "import_url": _import_url(),
        "trend": trend,
        "year": year,
    }


# --------------------------------------------------------------------------------------------
# Views
# --------------------------------------------------------------------------------------------


def _chosen(atlas: Atlas, request) -> tuple[str, list[str], str]:
    text = request.GET.get("vergelijk", "")[:MAX_TEXT]
    if not text.strip():
        return "", [], ""
    if len(split_names(text)) > MAX_CHOSEN:  # before looking up (and suggesting) each name
        return text, [], f"Vergelijk met: kies hoogstens {MAX_CHOSEN} gemeenten."
    try:
        codes = find_municipalities(atlas, text, "Vergelijk met")
    except ValueError as exc:
        return text, [], str(exc)
    unknown = [c for c in codes if c not in atlas.municipalities]
    if unknown:
        return text, [], f"Vergelijk met: onbekende REFNIS-code(s) {', '.join(unknown)}."
    if len(codes) > MAX_CHOSEN:
        return text, [], f"Vergelijk met: kies hoogstens {MAX_CHOSEN} gemeenten."
    return text, codes, ""


@require_safe
def igs_page(request, slug):
    atlas = get_atlas()
    if atlas is None:
        return no_data(request)
    try:
        slug = find_igs(atlas, slug[:100])
    except ValueError:
        return _not_found(request, f"Er is geen IGS met de naam '{slug[:100]}'.")
    try:
        wanted_year = parse_year(request)
        ind = parse_indicator(request)
    except BadRequest as exc:
        return _bad(request, str(exc))
    p = atlas.partnerships[slug]
    base_on, _ = peildatum(wanted_year or date.today().year)
    try:
        base_codes = igs_members(atlas, slug, base_on)
    except ValueError as exc:
        base_codes = []
        ended_note = str(exc)
    else:
        ended_note = ""
    year = wanted_year or default_year(base_codes)
    on, outside = peildatum(year)
    try:
        codes = igs_members(atlas, slug, on)
    except ValueError as exc:
        codes, ended_note = [], str(exc)
    text, chosen, chosen_error = _chosen(atlas, request)
    context = {
        "p": p,
        "slug": slug,
        "year": year,
        "on": on,
        "outside": outside,
        "ended_note": ended_note,
        "codes": codes,
        "partners": [
            atlas.municipalities[c]
            for c in sorted(codes, key=lambda c: atlas.municipalities[c].name)
        ],
        "centrumsteden": [
            atlas.municipalities[c].name for c in codes if atlas.municipalities[c].is_centrumstad
        ],
        "vergelijk": text,
        "chosen_error": chosen_error,
        "choices": indicator_choices(),
        "ind": ind,
        "year_options": list(range(date.today().year, 2013, -1)),
        "kind_colours": charts.KIND_COLOURS,
    }
    tables: list[Table] = []
    if ind is not None and codes:
        years = indicator_years(ind)
        ind_year = comparison.pick_year(years, year)
        context.update({"ind_year": ind_year, "ind_years": years, "meta": metadata(ind)})
        if ind_year is not None:
            values = municipality_values(ind.code, ind_year)
            cmp = comparison.compare(atlas, codes, values, chosen)
            table = comparison.comparison_table(
                f"monitor-{slug}-{ind.code}-{ind_year}",
                ind.name,
                ind.unit,
                ind.whole_numbers,
                ind_year,
                cmp,
                False,
            )
            tables.append(table)
            context.update(
                {
                    "cmp": cmp,
                    "cmp_table": table,
                    "bars": comparison.comparison_bars(cmp, decimals_of(ind)),
                    "map": comparison.comparison_map(
                        atlas, topology(atlas), cmp, decimals_of(ind), ind.unit, set(codes)
                    ),
                    "merged": [r for r in cmp.rows if r.kind == "deel"],
                }
            )
            if len(years) > 1:
                lines, st = comparison.series_view(
                    atlas,
                    ind.name,
                    ind.unit,
                    series(ind, codes, years),
                    years,
                    f"reeks-{slug}-{ind.code}",
                )
                if st is not None:
                    tables.append(st)
                    context.update({"lines": lines, "series_table": st})
    if codes:
        ib = igs_balance(atlas, slug, year)
        years_b = balance_years(codes)
        trend = balance_trend(atlas, slug, years_b) if len(years_b) >= 2 else None
        bt = comparison.balance_table(f"evenwicht-{slug}-{year}", ib.balance, year)
        rows, whole = comparison.returns(atlas, codes, year, return_figures(codes, year))
        rt = comparison.returns_table(f"terug-{slug}-{year}", rows, whole, year)
        tables += [bt, rt]
        context.update(balance_context(atlas, ib.balance, year, trend))
        context.update(
            {
                # the page says it itself, with a link to the import
                "balance_notes": [
                    n for n in ib.notes if not n.startswith("Er zijn nog geen activiteiten")
                ],
                "balance_table": bt,
                "returns": rows,
                "whole": whole,
                "returns_table": rt,
                "return_bars": charts.bars(
                    [(r.name, r.per_1000, "partner") for r in rows]
                    + [(whole.name, whole.per_1000, "igs")],
                    2,
                ),
            }
        )
    response = page(request, "monitor/igs.html", context, tables)
    if chosen_error and response.status_code == 200:
        response.status_code = 400
    return response


_values_lock = threading.Lock()
_values_cache: dict[tuple[str, int], tuple[tuple, float, dict[str, AreaValue]]] = {}
CACHE_SECONDS = 60


def cached_values(code: str, year: int, version: tuple) -> dict[str, AreaValue]:
    """:func:`municipality_values`, kept while the measurements do not change (``version``:
    their count, highest id and sum) and for at most :data:`CACHE_SECONDS`."""
    now = time.monotonic()
    with _values_lock:
        hit = _values_cache.get((code, year))
        if hit and hit[0] == version and now - hit[1] < CACHE_SECONDS:
            return hit[2]
    values = municipality_values(code, year)
    with _values_lock:
        if len(_values_cache) > 1000:
            _values_cache.clear()
        _values_cache[(code, year)] = (version, now, values)
    return values


def municipality_rows(
    atlas: Atlas, refnis: str, igs_codes: list[str]
) -> list[comparison.MunicipalityRow]:
    """Every indicator with figures per municipality, for its latest year up to this one (else
    its first): the municipality's value (or parts), and the plain means of its referentieregio,
    the centrumsteden, Flanders, its neighbours and the partners of its (first) IGS."""
    this = date.today().year
    out = []
    stats = (
        Measurement.objects.filter(refnis__gt="", label="")
        .order_by("indicator__code", "year")
        .values_list("indicator__code", "year")
        .distinct()
    )
    years_of: dict[str, list[int]] = defaultdict(list)
    for code, y in stats[:20000]:
        years_of[code].append(y)
    inds = {i.code: i for i in Indicator.objects.filter(code__in=list(years_of))}
    agg = Measurement.objects.aggregate(n=Count("id"), last=Max("id"), total=Sum("value"))
    version = (agg["n"], agg["last"], agg["total"])
    for code in sorted(inds):
        ys = sorted(years_of[code])
        year = comparison.pick_year(ys, this)
        values = cached_values(code, year, version)
        out.append(
            comparison.municipality_row(
                atlas,
                refnis,
                igs_codes,
                code,
                inds[code].name,
                inds[code].unit,
                year,
                values,
                family_of(code),
            )
        )
    return out


@require_safe
def municipality_page(request, refnis):
    atlas = get_atlas()
    if atlas is None:
        return no_data(request)
    m = atlas.municipalities.get(refnis[:5]) if len(refnis) == 5 else None
    if m is None:
        return _not_found(request, f"Er is geen gemeente met REFNIS-code '{refnis[:20]}'.")
    try:
        wanted_year = parse_year(request)
        ind = parse_indicator(request) if request.GET.get("indicator") else None
    except BadRequest as exc:
        return _bad(request, str(exc))
    on, _ = peildatum(wanted_year or date.today().year)
    cov = atlas.coverage(on)
    igs = [atlas.partnerships[s] for s in cov.municipalities[refnis].igs]
    igs_codes = list(cov.partnerships[igs[0].slug].members) if igs else []
    rows = municipality_rows(atlas, refnis, igs_codes)
    table = comparison.municipality_table(
        f"monitor-gemeente-{refnis}", m, rows, igs[0].name if igs else ""
    )
    neighbours = sorted(atlas.adjacency.get(refnis, ()), key=lambda c: atlas.municipalities[c].name)
    context = {
        "m": m,
        "on": on,
        "igs": igs,
        "rows": rows,
        "families": [(title, [r for r in rows if r.family == title]) for _p, title in FAMILIES],
        "neighbours": [atlas.municipalities[c] for c in neighbours],
        "region": atlas.regions[m.region_code],
        "table": table,
        "choices": indicator_choices(),
        "ind": ind,
    }
    tables = [table]
    if ind is not None:
        years = indicator_years(ind)
        y = comparison.pick_year(years, wanted_year or date.today().year)
        if y is not None:
            values = municipality_values(ind.code, y)
            cmp = comparison.compare(atlas, [refnis], values, [], own=refnis)
            ct = comparison.comparison_table(
                f"monitor-{refnis}-{ind.code}-{y}",
                ind.name,
                ind.unit,
                ind.whole_numbers,
                y,
                cmp,
                True,
            )
            tables.append(ct)
            context.update(
                {
                    "ind_year": y,
                    "meta": metadata(ind),
                    "cmp_table": ct,
                    "bars": comparison.comparison_bars(cmp, decimals_of(ind)),
                    "map": comparison.comparison_map(
                        atlas, topology(atlas), cmp, decimals_of(ind), ind.unit, {refnis}
                    ),
                }
            )
    return page(request, "monitor/gemeente.html", context, tables)


@require_safe
def group_page(request):
    """``?gemeenten=…&jaar=JJJJ``: the balance of any group of municipalities."""
    atlas = get_atlas()
    if atlas is None:
        return no_data(request)
    try:
        wanted_year = parse_year(request)
    except BadRequest as exc:
        return _bad(request, str(exc))
    text = request.GET.get("gemeenten", "")[:MAX_TEXT]
    context = {"gemeenten": text, "year_options": list(range(date.today().year, 2013, -1))}
    if not text.strip():
        return render(request, "monitor/igs_groep.html", context)
    try:
        if len(split_names(text)) > MAX_GROUP:
            raise ValueError(f"Gemeenten: kies hoogstens {MAX_GROUP} gemeenten.")
        codes = find_municipalities(atlas, text, "Gemeenten")
        if len(codes) > MAX_GROUP:
            raise ValueError(f"Gemeenten: kies hoogstens {MAX_GROUP} gemeenten.")
        year = wanted_year or default_year(codes)
        b = group_balance(atlas, codes, year)
    except ValueError as exc:
        context["error"] = str(exc)
        return render(request, "monitor/igs_groep.html", context, status=400)
    bt = comparison.balance_table("evenwicht-groep", b, year)
    context.update(balance_context(atlas, b, year))
    context.update({"balance_table": bt, "names": [atlas.municipalities[c].name for c in codes]})
    return page(request, "monitor/igs_groep.html", context, [bt])
