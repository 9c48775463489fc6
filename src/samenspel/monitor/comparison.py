"""Pure computations behind the Monitor's pages per IGS and per municipality (no Django).

The web layer (:mod:`samenspel.monitor.views_igs`, :mod:`samenspel.monitor.services`) reads the
measurements and hands plain values in: the Atlas snapshot (in-memory objects), dicts of
:class:`~samenspel.monitor.services.AreaValue` per REFNIS code, yearly figures per indicator.

**Averages** are plain means over the measured areas: a merged municipality with one value per
former municipality counts each part once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from samenspel.core.numbers import format_number
from samenspel.core.tables import Column, Table
from samenspel.monitor import charts
from samenspel.monitor.balance import QUANTITIES
from samenspel.monitor.catalogue import ACTIVITIES, CONTRIBUTION, EVENT_DAYS

if TYPE_CHECKING:
    from samenspel.atlas.services import Atlas
    from samenspel.monitor.services import AreaValue

COORGANISED = "ACT_COORGANISATIE"
#: The indicators "what does each municipality get back" reads.
RETURN_CODES = (CONTRIBUTION, ACTIVITIES, EVENT_DAYS, COORGANISED)


def pick_year(years: list[int], wanted: int) -> int | None:
    """``wanted`` when it has figures, else the nearest earlier year, else the first one."""
    if not years:
        return None
    if wanted in years:
        return wanted
    earlier = [y for y in years if y < wanted]
    return earlier[-1] if earlier else years[0]


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
    atlas: Atlas,
    partners: list[str],
    values: dict[str, AreaValue],
    chosen: list[str],
    *,
    own: str = "",
) -> Comparison:
    """Partners (or one municipality, ``own``) on one indicator's ``values`` (per REFNIS code,
    one year) beside the IGS average, referentieregio, centrumsteden, Flanders, the neighbours
    and ``chosen``."""
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


def comparison_table(
    name: str, ind_name: str, unit: str, whole_numbers: bool, year: int, cmp: Comparison, own: bool
) -> Table:
    kind = "number" if whole_numbers else "decimal"  # means of whole numbers keep decimals
    cols = [
        Column("label", "Gebied"),
        Column("soort", "Soort"),
        Column("value", f"{ind_name} ({unit}, {year})", kind),
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
        f"{ind_name}, {year}",
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


def comparison_bars(cmp: Comparison, decimals: int) -> list[charts.Bar]:
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
        decimals,
        "",
    )


def comparison_map(
    atlas: Atlas, topo: dict, cmp: Comparison, decimals: int, unit: str, emphasis: set[str]
) -> charts.AreaMap | None:
    """The shown areas coloured in classes of their value (``topo``: the parsed topology)."""
    shown = [*cmp.partners, *cmp.neighbours, *cmp.chosen]
    known = [v for c in shown for v in _vals(cmp.values.get(c))]
    legend = charts.classes(known, decimals)
    areas = {}
    for c in dict.fromkeys(shown):
        m = atlas.municipalities[c]
        av = cmp.values.get(c)
        if av is not None and av.parts:
            parts = "; ".join(f"{n} {format_number(v, decimals)}" for _p, n, v in av.parts)
            areas[c] = (
                charts.NO_VALUE,
                f"{m.name}: één waarde per deelgemeente ({parts})",
                c in emphasis,
                True,
            )
        elif av is not None and av.value is not None:
            v = float(av.value)
            text = f"{m.name}: {format_number(v, decimals)} {unit}"
            areas[c] = (charts.class_colour(v, legend), text, c in emphasis, False)
        else:
            areas[c] = (charts.NO_VALUE, f"{m.name}: geen waarde", c in emphasis, True)
    return charts.area_map(topo, areas, legend)


# --------------------------------------------------------------------------------------------
# Time series
# --------------------------------------------------------------------------------------------


def series_view(
    atlas: Atlas,
    ind_name: str,
    unit: str,
    data: dict[str, dict[int, float]],
    years: list[int],
    name: str,
):
    """Sparklines and a table of ``data`` (per municipality the value per year); (None, None)
    when fewer than two years have values."""
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
    t = Table(name, f"{ind_name} per jaar", cols, caption=f"Eenheid: {unit}.")
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


def returns(
    atlas: Atlas, codes: list[str], year: int, figs: Mapping[str, Mapping[str, Decimal]]
) -> tuple[list[Return], Return]:
    """Per partner what it pays and gets (see the page for the definitions), and the IGS as a
    whole (totals; its ratios on the totals). ``figs``: per indicator code of
    :data:`RETURN_CODES` the yearly values per REFNIS code (a missing code: not known)."""
    on = date(year, 1, 1)
    figs = {code: figs.get(code, {}) for code in RETURN_CODES}
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


# --------------------------------------------------------------------------------------------
# Every indicator of one municipality
# --------------------------------------------------------------------------------------------


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


def municipality_row(
    atlas: Atlas,
    refnis: str,
    igs_codes: list[str],
    code: str,
    name: str,
    unit: str,
    year: int,
    values: dict[str, AreaValue],
    family: str,
) -> MunicipalityRow:
    """One indicator's ``values`` in ``year`` for municipality ``refnis`` (its value or parts),
    beside the plain means of its referentieregio, the centrumsteden, Flanders, its neighbours
    and ``igs_codes``."""
    m = atlas.municipalities[refnis]
    neighbours = list(atlas.adjacency.get(refnis, ()))
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
    return MunicipalityRow(
        code,
        name,
        unit,
        year,
        None if own is None or own.parts or own.value is None else float(own.value),
        [] if own is None else [(p, n, float(v)) for p, n, v in own.parts],
        _mean(reg),
        _mean(centra),
        _mean(flanders),
        _mean([v for c in neighbours for v in _vals(values.get(c))]),
        _mean([v for c in igs_codes for v in _vals(values.get(c))]),
        family,
    )


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
