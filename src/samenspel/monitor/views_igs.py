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
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max, Sum
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from samenspel.atlas.names import find_municipalities, split_names
from samenspel.atlas.services import Atlas, get_atlas
from samenspel.core.numbers import format_number
from samenspel.core.tables import Column, Table
from samenspel.core.web import no_data, page
from samenspel.funding.services import find_igs, igs_members
from samenspel.monitor import charts
from samenspel.monitor.balance import QUANTITIES
from samenspel.monitor.catalogue import (
    ACTIVITIES,
    CONTRIBUTION,
    EVENT_DAYS,
    label,
)
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

COORGANISED = "ACT_COORGANISATIE"
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


def pick_year(years: list[int], wanted: int) -> int | None:
    """``wanted`` when it has figures, else the nearest earlier year, else the first one."""
    if not years:
        return None
    if wanted in years:
        return wanted
    earlier = [y for y in years if y < wanted]
    return earlier[-1] if earlier else years[0]


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
# Comparison of areas on one indicator
# --------------------------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    kind: str  # a key of KIND_LABELS
    value: float | None
    areas: int
    refnis: str = ""
    note: str = ""
    diff_igs: float | None = None
    diff_region: float | None = None


KIND_LABELS = {
    "partner": "partner",
    "deel": "deel van vóór 2025",
    "igs": "gemiddelde IGS",
    "referentieregio": "gemiddelde referentieregio",
    "centrumsteden": "gemiddelde centrumsteden",
    "vlaanderen": "gemiddelde Vlaanderen",
    "buur": "buurgemeente",
    "buren": "gemiddelde buren",
    "gekozen": "gekozen gemeente",
    "gekozen_gem": "gemiddelde gekozen gemeenten",
    "gemeente": "deze gemeente",
}


def _vals(av: AreaValue | None) -> list[float]:
    if av is None:
        return []
    if av.parts:
        return [float(v) for _p, _n, v in av.parts]
    return [] if av.value is None else [float(av.value)]


def _mean(vals: list[float]) -> float | None:
    return sum(vals) / len(vals) if vals else None


def area_rows(atlas: Atlas, codes: list[str], values: dict[str, AreaValue], kind: str) -> list:
    """One row per municipality, or one per former municipality where the source has those
    (labelled as such, never combined)."""
    rows = []
    for c in codes:
        m = atlas.municipalities[c]
        av = values.get(c)
        if av is not None and av.parts:
            for part, name, v in av.parts:
                rows.append(
                    Row(
                        f"{m.name}: deel {name} ({part}, vóór 2025)",
                        "deel" if kind in ("partner", "gemeente") else kind,
                        float(v),
                        1,
                        c,
                        "samengevoegde gemeente: één waarde per gemeente van vóór 2025, "
                        "niet samengeteld",
                    )
                )
        else:
            v = None if av is None or av.value is None else float(av.value)
            rows.append(Row(m.name, kind, v, 1 if v is not None else 0, c))
    return rows


def mean_row(label_: str, kind: str, vals: list[float], note: str = "") -> Row:
    return Row(label_, kind, _mean(vals), len(vals), "", note)


def region_means(atlas: Atlas, values: dict[str, AreaValue]) -> dict[str, list[float]]:
    out: dict[str, list[float]] = defaultdict(list)
    for r, m in atlas.municipalities.items():
        out[m.region_code].extend(_vals(values.get(r)))
    return out


@dataclass
class Comparison:
    rows: list[Row]
    partners: list[str]
    neighbours: list[str]
    chosen: list[str]
    values: dict[str, AreaValue]
    igs_mean: float | None = None
    notes: list[str] = field(default_factory=list)


def compare(
    atlas: Atlas, partners: list[str], code: str, year: int, chosen: list[str], *, own: str = ""
) -> Comparison:
    """Partners (or one municipality, ``own``) on indicator ``code`` in ``year`` beside the
    IGS average, referentieregio, centrumsteden, Flanders, the neighbours and ``chosen``."""
    values = municipality_values(code, year)
    partner_set = set(partners)
    neighbours = sorted(
        {n for c in partners for n in atlas.adjacency.get(c, ()) if n not in partner_set},
        key=lambda c: atlas.municipalities[c].name,
    )
    by_name = sorted(partners, key=lambda c: atlas.municipalities[c].name)
    rows = area_rows(atlas, by_name, values, "gemeente" if own else "partner")
    reg = region_means(atlas, values)
    igs_vals = [v for c in partners for v in _vals(values.get(c))]
    igs_mean = _mean(igs_vals)
    if not own:
        rows.append(mean_row("Gemiddelde van de partners (IGS)", "igs", igs_vals))
    for rc in sorted({atlas.municipalities[c].region_code for c in partners}):
        rows.append(
            mean_row(
                f"Gemiddelde referentieregio {atlas.regions[rc].name}", "referentieregio", reg[rc]
            )
        )
    centra = [
        v for r, m in atlas.municipalities.items() if m.is_centrumstad for v in _vals(values.get(r))
    ]
    rows.append(mean_row("Gemiddelde centrumsteden", "centrumsteden", centra))
    flanders = [v for r in atlas.municipalities for v in _vals(values.get(r))]
    rows.append(mean_row("Gemiddelde Vlaanderen", "vlaanderen", flanders))
    if neighbours:
        rows.append(
            mean_row(
                "Gemiddelde buurgemeenten",
                "buren",
                [v for c in neighbours for v in _vals(values.get(c))],
            )
        )
        rows.extend(area_rows(atlas, neighbours, values, "buur"))
    chosen = [c for c in chosen if c not in partner_set]
    if chosen:
        rows.append(
            mean_row(
                "Gemiddelde gekozen gemeenten",
                "gekozen_gem",
                [v for c in chosen for v in _vals(values.get(c))],
            )
        )
        rows.extend(area_rows(atlas, chosen, values, "gekozen"))
    for r in rows:
        if r.kind in ("partner", "deel", "gemeente") and r.value is not None:
            if igs_mean is not None and not own:
                r.diff_igs = r.value - igs_mean
            rm = _mean(reg[atlas.municipalities[r.refnis].region_code])
            if rm is not None:
                r.diff_region = r.value - rm
    return Comparison(rows, partners, neighbours, chosen, values, igs_mean)


def comparison_table(name: str, ind: Indicator, year: int, cmp: Comparison, own: bool) -> Table:
    kind = "number" if ind.whole_numbers else "decimal"  # means of whole numbers keep decimals
    cols = [
        Column("label", "Gebied"),
        Column("soort", "Soort"),
        Column("value", f"{ind.name} ({ind.unit}, {year})", kind),
    ]
    if not own:
        cols.append(Column("diff_igs", "Verschil met het IGS-gemiddelde", "decimal"))
    cols += [
        Column("diff_region", "Verschil met de referentieregio", "decimal"),
        Column("areas", "Gemeten gebieden", "int"),
        Column("note", "Opmerking"),
    ]
    t = Table(
        name,
        f"{ind.name}, {year}",
        cols,
        caption="Gemiddelden zijn ongewogen gemiddelden over de gemeten gebieden (gemeenten zoals "
        "de bron ze mat: voor de bevraging van 2023 de gemeenten van vóór de fusies van 2025); "
        "'Gemeten gebieden' zegt over hoeveel waarden elk gemiddelde gaat.",
    )
    for r in cmp.rows:
        t.rows.append(
            {
                "label": r.label,
                "soort": KIND_LABELS.get(r.kind, r.kind),
                "value": r.value,
                "diff_igs": r.diff_igs,
                "diff_region": r.diff_region,
                "areas": r.areas,
                "note": r.note,
            }
        )
    return t


def comparison_bars(cmp: Comparison, ind: Indicator) -> list[charts.Bar]:
    colour_kind = {"buren": "buur", "gekozen_gem": "gekozen"}
    return charts.bars(
        [
            (
                r.label,
                r.value,
                colour_kind.get(r.kind, r.kind),
                "" if r.label.startswith("Gemiddelde") else KIND_LABELS.get(r.kind, ""),
            )
            for r in cmp.rows
        ],
        decimals_of(ind),
        "",
    )


def comparison_map(
    atlas: Atlas, cmp: Comparison, ind: Indicator, emphasis: set[str]
) -> charts.AreaMap | None:
    shown = [*cmp.partners, *cmp.neighbours, *cmp.chosen]
    known = [v for c in shown for v in _vals(cmp.values.get(c))]
    legend = charts.classes(known, decimals_of(ind))
    areas = {}
    for c in dict.fromkeys(shown):
        m = atlas.municipalities[c]
        av = cmp.values.get(c)
        if av is not None and av.parts:
            parts = "; ".join(f"{n} {format_number(v, decimals_of(ind))}" for _p, n, v in av.parts)
            areas[c] = (
                charts.NO_VALUE,
                f"{m.name}: één waarde per deelgemeente ({parts})",
                c in emphasis,
                True,
            )
        elif av is not None and av.value is not None:
            v = float(av.value)
            text = f"{m.name}: {format_number(v, decimals_of(ind))} {ind.unit}"
            areas[c] = (charts.class_colour(v, legend), text, c in emphasis, False)
        else:
            areas[c] = (charts.NO_VALUE, f"{m.name}: geen waarde", c in emphasis, True)
    return charts.area_map(topology(atlas), areas, legend)


# --------------------------------------------------------------------------------------------
# Time series
# --------------------------------------------------------------------------------------------


def series(ind: Indicator, codes: list[str], years: list[int]) -> dict[str, dict[int, float]]:
    """Per municipality the yearly values (whole municipalities only; bounded by the codes and
    the indicator's years)."""
    out: dict[str, dict[int, float]] = defaultdict(dict)
    for y in years:
        for r, v in yearly_values(ind.code, y, codes).items():
            out[r][y] = float(v)
    return out


def series_view(atlas: Atlas, ind: Indicator, codes: list[str], years: list[int], name: str):
    data = series(ind, codes, years)
    if not data or len({y for d in data.values() for y in d}) < 2:
        return None, None
    all_vals = [v for d in data.values() for v in d.values()]
    lo, hi = min(0.0, min(all_vals)), max(all_vals)
    lines = []
    for c in sorted(data, key=lambda c: atlas.municipalities[c].name):
        pts = sorted(data[c].items())
        lines.append((atlas.municipalities[c].name, charts.sparkline(pts, lo, hi, years)))
    cols = [Column("jaar", "Jaar")] + [
        Column(c, atlas.municipalities[c].name, "decimal")
        for c in sorted(data, key=lambda c: atlas.municipalities[c].name)
    ]
    t = Table(name, f"{ind.name} per jaar", cols, caption=f"Eenheid: {ind.unit}.")
    for y in years:
        row = {"jaar": str(y)}
        row.update({c: data[c].get(y) for c in data})
        t.rows.append(row)
    return lines, t


# --------------------------------------------------------------------------------------------
# Balance and "what does each municipality get back"
# --------------------------------------------------------------------------------------------

QUOTIENT_LABELS = {
    "activiteiten_inwoners": "Activiteiten t.o.v. inwoners",
    "activiteiten_bijdrage": "Activiteiten t.o.v. bijdrage",
    "deelnemers_inwoners": "Deelnemers t.o.v. inwoners",
    "uitgaven_inwoners": "Uitgaven t.o.v. inwoners",
    "uitgaven_bijdrage": "Uitgaven t.o.v. bijdrage",
}


def balance_table(name: str, b, year: int) -> Table:
    cols = [Column("name", "Partner"), Column("inwoners", "Inwoners", "int")]
    for key in ("bijdrage", "activiteiten", "deelnemers", "uitgaven"):
        cols.append(
            Column(
                key,
                QUANTITIES[key].capitalize(),
                "eur" if key in ("bijdrage", "uitgaven") else "int",
            )
        )
    for key in QUANTITIES:
        cols.append(Column(f"aandeel_{key}", f"Aandeel {QUANTITIES[key]}", "percent"))
    for key, lab in QUOTIENT_LABELS.items():
        cols.append(Column(f"lq_{key}", f"{lab} (locatiequotiënt)"))
    cols.append(Column("per_1000", "Activiteiten per 1.000 inwoners"))
    t = Table(name, f"Evenwicht tussen de partners, {year}", cols)
    for p in b.partners:
        row = {"name": p.name + (" (centrumstad)" if p.centrumstad else "")}
        for key in QUANTITIES:
            row[key] = p.values.get(key)
            row[f"aandeel_{key}"] = p.shares.get(key)
        # ratios with two decimals, as the sentences show them (the Table knows one)
        for key in QUOTIENT_LABELS:
            row[f"lq_{key}"] = _two(p.quotients.get(key))
        row["per_1000"] = _two(p.activities_per_1000)
        t.rows.append(row)
    return t


def _two(v: float | None) -> str | None:
    return None if v is None else format_number(v, 2)


def _r(v: float | None) -> float | None:
    return None if v is None else float(v)


@dataclass
class Return:
    refnis: str
    name: str
    inhabitants: int
    contribution: float | None
    activities: float | None
    event_days: float | None
    coorganised: float | None
    reachable: float | None
    per_1000: float | None
    days_per_1000: float | None
    per_euro: float | None
    reachable_per_euro: float | None
    igs: bool = False

    @property
    def per_1000_eur(self) -> float | None:
        return None if self.per_euro is None else self.per_euro * 1000

    @property
    def reachable_per_1000_eur(self) -> float | None:
        return None if self.reachable_per_euro is None else self.reachable_per_euro * 1000


def _div(a, b) -> float | None:
    if a is None or b is None or float(b) == 0:
        return None
    return float(a) / float(b)


def returns(atlas: Atlas, codes: list[str], year: int) -> tuple[list[Return], Return]:
    """Per partner what it pays and gets (see the page for the definitions), and the IGS as a
    whole (totals; its ratios on the totals)."""
    on = date(year, 1, 1)
    figs = {
        code: yearly_values(code, year, codes)
        for code in (CONTRIBUTION, ACTIVITIES, EVENT_DAYS, COORGANISED)
    }
    acts = figs[ACTIVITIES]
    reachable = (
        float(sum(acts[c] for c in codes)) if codes and all(c in acts for c in codes) else None
    )
    out = []
    for c in sorted(codes, key=lambda c: atlas.municipalities[c].name):
        inh = atlas.population(c, on)
        pay = figs[CONTRIBUTION].get(c)
        a = acts.get(c)
        d = figs[EVENT_DAYS].get(c)
        out.append(
            Return(
                c,
                atlas.municipalities[c].name,
                inh,
                _r(pay),
                _r(a),
                _r(d),
                _r(figs[COORGANISED].get(c)),
                reachable,
                None if a is None else _div(a * 1000, inh),
                None if d is None else _div(d * 1000, inh),
                _div(a, pay),
                _div(reachable, pay),
            )
        )

    def total(attr):
        vals = [getattr(r, attr) for r in out]
        return None if not vals or any(v is None for v in vals) else float(sum(vals))

    inh_t = sum(r.inhabitants for r in out)
    pay_t, act_t, days_t = total("contribution"), total("activities"), total("event_days")
    whole = Return(
        "",
        "Het IGS als geheel",
        inh_t,
        pay_t,
        act_t,
        days_t,
        total("coorganised"),
        reachable,
        None if act_t is None else _div(act_t * 1000, inh_t),
        None if days_t is None else _div(days_t * 1000, inh_t),
        _div(act_t, pay_t),
        _div(reachable, pay_t),
        igs=True,
    )
    return out, whole


def returns_table(name: str, rows: list[Return], whole: Return, year: int) -> Table:
    t = Table(
        name,
        f"Wat krijgt elke gemeente terug? ({year})",
        [
            Column("name", "Gemeente"),
            Column("inwoners", "Inwoners", "int"),
            Column("bijdrage", "Betaalt aan het IGS", "eur"),
            Column("activiteiten", "Activiteiten op haar grondgebied", "int"),
            Column("speeldagen", "Speeldagen op haar grondgebied", "int"),
            Column("samen", "Samen georganiseerd", "int"),
            Column("bereikbaar", "Bereikbare activiteiten in het IGS", "int"),
            Column("per_1000", "Activiteiten per 1.000 inwoners", "decimal"),
            Column("dagen_1000", "Speeldagen per 1.000 inwoners", "decimal"),
            Column("per_1000_eur", "Activiteiten per 1.000 € bijdrage", "decimal"),
            Column("bereik_1000_eur", "Bereikbare activiteiten per 1.000 € bijdrage", "decimal"),
        ],
        caption="Bereikbaar: alle activiteiten op het grondgebied van alle partners van het IGS "
        "samen (een inwoner kan naar de activiteiten in elke partnergemeente). Per 1.000 € "
        "bijdrage: het aantal gedeeld door wat de gemeente betaalt, maal 1.000. 'Het IGS als "
        "geheel' deelt de totalen door alle inwoners en alle bijdragen. Een leeg vak: niet "
        "gekend.",
    )
    for r in [*rows, whole]:
        t.rows.append(
            {
                "name": r.name,
                "inwoners": r.inhabitants,
                "bijdrage": r.contribution,
                "activiteiten": r.activities,
                "speeldagen": r.event_days,
                "samen": r.coorganised,
                "bereikbaar": r.reachable,
                "per_1000": r.per_1000,
                "dagen_1000": r.days_per_1000,
                "per_1000_eur": r.per_1000_eur,
                "bereik_1000_eur": r.reachable_per_1000_eur,
            }
        )
    return t


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
        ind_year = pick_year(years, year)
        context.update({"ind_year": ind_year, "ind_years": years, "meta": metadata(ind)})
        if ind_year is not None:
            cmp = compare(atlas, codes, ind.code, ind_year, chosen)
            table = comparison_table(
                f"monitor-{slug}-{ind.code}-{ind_year}", ind, ind_year, cmp, False
            )
            tables.append(table)
            context.update(
                {
                    "cmp": cmp,
                    "cmp_table": table,
                    "bars": comparison_bars(cmp, ind),
                    "map": comparison_map(atlas, cmp, ind, set(codes)),
                    "merged": [r for r in cmp.rows if r.kind == "deel"],
                }
            )
            if len(years) > 1:
                lines, st = series_view(atlas, ind, codes, years, f"reeks-{slug}-{ind.code}")
                if st is not None:
                    tables.append(st)
                    context.update({"lines": lines, "series_table": st})
    if codes:
        ib = igs_balance(atlas, slug, year)
        years_b = balance_years(codes)
        trend = balance_trend(atlas, slug, years_b) if len(years_b) >= 2 else None
        bt = balance_table(f"evenwicht-{slug}-{year}", ib.balance, year)
        rows, whole = returns(atlas, codes, year)
        rt = returns_table(f"terug-{slug}-{year}", rows, whole, year)
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


@dataclass
class MunicipalityRow:
    code: str
    name: str
    unit: str
    year: int
    own: float | None
    parts: list[tuple[str, str, float]]
    region: float | None
    centra: float | None
    flanders: float | None
    neighbours: float | None
    igs: float | None
    family: str


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


def municipality_rows(atlas: Atlas, refnis: str, igs_codes: list[str]) -> list[MunicipalityRow]:
    """Every indicator with figures per municipality, for its latest year up to this one (else
    its first): the municipality's value (or parts), and the plain means of its referentieregio,
    the centrumsteden, Flanders, its neighbours and the partners of its (first) IGS."""
    this = date.today().year
    m = atlas.municipalities[refnis]
    neighbours = list(atlas.adjacency.get(refnis, ()))
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
        year = pick_year(ys, this)
        values = cached_values(code, year, version)
        own = values.get(refnis)
        reg = [
            v
            for r, mm in atlas.municipalities.items()
            if mm.region_code == m.region_code
            for v in _vals(values.get(r))
        ]
        centra = [
            v
            for r, mm in atlas.municipalities.items()
            if mm.is_centrumstad
            for v in _vals(values.get(r))
        ]
        flanders = [v for r in atlas.municipalities for v in _vals(values.get(r))]
        out.append(
            MunicipalityRow(
                code,
                inds[code].name,
                inds[code].unit,
                year,
                None if own is None or own.parts or own.value is None else float(own.value),
                [] if own is None else [(p, n, float(v)) for p, n, v in own.parts],
                _mean(reg),
                _mean(centra),
                _mean(flanders),
                _mean([v for c in neighbours for v in _vals(values.get(c))]),
                _mean([v for c in igs_codes for v in _vals(values.get(c))]),
                family_of(code),
            )
        )
    return out


def municipality_table(name: str, m, rows: list[MunicipalityRow], igs_name: str) -> Table:
    cols = [
        Column("name", "Indicator"),
        Column("year", "Jaar"),
        Column("unit", "Eenheid"),
        Column("own", m.name, "decimal"),
        Column("parts", "Per gemeente van vóór 2025"),
        Column("region", f"Referentieregio {m.region}", "decimal"),
        Column("centra", "Centrumsteden", "decimal"),
        Column("flanders", "Vlaanderen", "decimal"),
        Column("neighbours", "Buurgemeenten", "decimal"),
    ]
    if igs_name:
        cols.append(Column("igs", f"Partners van {igs_name}", "decimal"))
    cols.append(Column("code", "Code"))
    t = Table(
        name,
        f"{m.name} naast haar referentieregio, de centrumsteden, Vlaanderen en haar buren",
        cols,
        caption="Gemiddelden zijn ongewogen gemiddelden over de gemeten gebieden (voor de "
        "bevraging van 2023 de gemeenten van vóór 2025). Per indicator het laatste jaar tot en "
        "met dit jaar.",
    )
    for r in rows:
        t.rows.append(
            {
                "name": r.name,
                "year": str(r.year),
                "unit": r.unit,
                "own": r.own,
                "parts": "; ".join(f"{n} ({p}): {format_number(v, 1)}" for p, n, v in r.parts),
                "region": r.region,
                "centra": r.centra,
                "flanders": r.flanders,
                "neighbours": r.neighbours,
                "igs": r.igs,
                "code": r.code,
            }
        )
    return t


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
    table = municipality_table(f"monitor-gemeente-{refnis}", m, rows, igs[0].name if igs else "")
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
        y = pick_year(years, wanted_year or date.today().year)
        if y is not None:
            cmp = compare(atlas, [refnis], ind.code, y, [], own=refnis)
            ct = comparison_table(f"monitor-{refnis}-{ind.code}-{y}", ind, y, cmp, True)
            tables.append(ct)
            context.update(
                {
                    "ind_year": y,
                    "meta": metadata(ind),
                    "cmp_table": ct,
                    "bars": comparison_bars(cmp, ind),
                    "map": comparison_map(atlas, cmp, ind, {refnis}),
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
    bt = balance_table("evenwicht-groep", b, year)
    context.update(balance_context(atlas, b, year))
    context.update({"balance_table": bt, "names": [atlas.municipalities[c].name for c in codes]})
    return page(request, "monitor/igs_groep.html", context, [bt])
