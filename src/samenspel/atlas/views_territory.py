from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from django.http import Http404

from samenspel.atlas import reports
from samenspel.atlas.names import MAX_QUERY, normalise
from samenspel.atlas.web import atlas_view, table_view
from samenspel.core.tables import Column, Table
from samenspel.core.web import page

PAGE_SIZE = 50  # rows per page of the municipality list
NOT_COVERED = "geen"  # ?igs=geen: municipalities without an IGS
SORTS = {
    "naam": "naam (A–Z)",
    "inwoners": "inwoners (meeste eerst)",
    "igs": "IGS (A–Z, zonder IGS achteraan)",
}

FIGURE_LABELS = [
    ("population", "inwoners (1 januari)", "inwoners"),
    ("area_km2", "oppervlakte", "km²"),
    ("income_per_capita_eur", "netto belastbaar inkomen per inwoner", "€"),
    ("mean_age", "gemiddelde leeftijd", "jaar"),
]


def figures_table(m) -> Table:
    rows = [
        {"label": label, "value": value, "unit": unit, "year": str(year)}
        for code, label, unit in FIGURE_LABELS
        for year, value in sorted(m.figures.get(code, {}).items(), reverse=True)
    ]
    columns = [
        Column("label", "cijfer"),
        Column("value", "waarde", "number"),
        Column("unit", "eenheid"),
        Column("year", "jaar"),
    ]
    return Table(f"cijfers-{m.refnis}", f"Cijfers van {m.name}", columns, rows)


def municipality_choices(request, atlas, on) -> dict:
    """The search, filters, sort and page of the municipality list, read from the query.

    Unknown values are not an error: they fall back to "all" (a filter), "naam" (the sort) and
    page 1, and the page says which filter it did not know."""
    q = request.GET.get("q", "")[:MAX_QUERY].strip()
    igs = request.GET.get("igs", "").strip()
    region = request.GET.get("regio", "").strip()
    sort = request.GET.get("sorteer", "naam").strip()
    notes = []
    active = atlas.active_partnerships(on)
    if igs and igs != NOT_COVERED and igs not in active:
        notes.append(f"Onbekend of niet actief IGS '{igs[:60]}': de lijst toont alle IGS.")
        igs = ""
    if region and region not in atlas.region_by_slug:
        notes.append(f"Onbekende referentieregio '{region[:60]}': de lijst toont alle regio's.")
        region = ""
    if sort not in SORTS:
        sort = "naam"
    raw_page = request.GET.get("pagina", "1").strip()
    return {
        "q": q,
        "igs": igs,
        "regio": region,
        "centrumstad": request.GET.get("centrumstad", "") in ("1", "ja", "on"),
        "sorteer": sort,
        "pagina": raw_page if raw_page == "alle" else _positive(raw_page),
        "notes": notes,
        "igs_options": sorted(
            ((s, atlas.partnerships[s].name) for s in active), key=lambda kv: normalise(kv[1])
        ),
        "region_options": sorted(
            ((r.slug, r.name) for r in atlas.regions.values()), key=lambda kv: normalise(kv[1])
        ),
        "sort_options": list(SORTS.items()),
    }


def _positive(text: str) -> int:
    return (
        int(text)
        if text.isascii() and text.isdigit() and 0 < len(text) < 7 and int(text) > 0
        else 1
    )


def select_municipalities(atlas, on, choices: dict) -> list[str]:
    """REFNIS codes of the municipalities that match the search and filters, in sort order.

    The search matches the name (without case, accents or hyphens), the French name, the name
    of a former municipality it was merged from, or the start of the REFNIS code."""
    cov = atlas.coverage(on)
    query = normalise(choices["q"])
    out = []
    for code, m in atlas.municipalities.items():
        mc = cov.municipalities[code]
        if query:
            names = [m.name, m.name_fr or "", *(name for _c, name in m.parts)]
            if not (
                code.startswith(choices["q"]) or any(query in normalise(n) for n in names if n)
            ):
                continue
        if choices["igs"] == NOT_COVERED and mc.status != "geen":
            continue
        if choices["igs"] not in ("", NOT_COVERED) and choices["igs"] not in mc.igs:
            continue
        if choices["centrumstad"] and not m.is_centrumstad:
            continue
        if choices["regio"] and m.region_slug != choices["regio"]:
            continue
        out.append(code)

    def by_name(code):
        return (normalise(atlas.municipalities[code].name), code)

    out.sort(key=by_name)
    if choices["sorteer"] == "inwoners":
        out.sort(key=lambda c: -atlas.population(c, on))  # stable: ties stay by name
    elif choices["sorteer"] == "igs":
        names = {
            c: sorted(normalise(atlas.partnerships[s].name) for s in cov.municipalities[c].igs)
            for c in out
        }
        out.sort(key=lambda c: (not names[c], names[c]))
    return out


@atlas_view
def municipality_list(request, atlas, on, error):
    """All municipalities, searchable, filtered and sorted through the query string (so it
    works without JavaScript), a page of 50 at a time. The downloads hold every municipality
    that matches, not only the page shown."""
    choices = municipality_choices(request, atlas, on)
    codes = select_municipalities(atlas, on, choices)
    table = reports.municipalities_table(atlas, on, codes)
    pages = max(1, -(-len(codes) // PAGE_SIZE))
    current = choices["pagina"]
    if current != "alle":
        current = min(current, pages)
        shown = replace(table, rows=table.rows[(current - 1) * PAGE_SIZE : current * PAGE_SIZE])
    else:
        shown = table
    kept = {
        k: v
        for k, v in (
            ("peildatum", request.GET.get("peildatum", "")),
            ("q", choices["q"]),
            ("igs", choices["igs"]),
            ("regio", choices["regio"]),
            ("centrumstad", "1" if choices["centrumstad"] else ""),
            ("sorteer", "" if choices["sorteer"] == "naam" else choices["sorteer"]),
        )
        if v
    }

    def link(number) -> str:
        return "?" + urlencode({**kept, **({"pagina": number} if number != 1 else {})})

    first = 0 if not codes else (1 if current == "alle" else (current - 1) * PAGE_SIZE + 1)
    last = len(codes) if current == "alle" else min(len(codes), current * PAGE_SIZE)
    context = {
        "on": on,
        "date_error": error,
        "c": choices,
        "shown": shown,
        "found": len(codes),
        "total": len(atlas.municipalities),
        "first": first,
        "last": last,
        "filtered": any(kept.get(k) for k in ("q", "igs", "regio", "centrumstad")),
        "pages": [(n, link(n), n == current) for n in range(1, pages + 1)] if pages > 1 else [],
        "all_link": link("alle") if pages > 1 and current != "alle" else "",
        "reset_link": "?" + urlencode({"peildatum": kept["peildatum"]})
        if "peildatum" in kept
        else "?",
    }
    return page(request, "territory/municipality_list.html", context, [table])


region_list = table_view("territory/region_list.html", reports.regions_table)


@atlas_view
def municipality_detail(request, atlas, on, error, refnis):
    m = atlas.municipalities.get(refnis)
    if m is None:
        raise Http404("Onbekende gemeente")
    cov = atlas.coverage(on)
    mc = cov.municipalities[refnis]
    figures = figures_table(m)
    neighbours = sorted(atlas.adjacency.get(refnis, ()), key=lambda c: atlas.municipalities[c].name)
    history = reports.members_history_table(atlas, refnis)
    around = sorted({s for c in neighbours for s in cov.municipalities[c].igs})
    return page(
        request,
        "territory/municipality_detail.html",
        {
            "on": on,
            "date_error": error,
            "m": m,
            "mc": mc,
            "igs": [atlas.partnerships[s] for s in mc.igs],
            "neighbour_igs": [atlas.partnerships[s] for s in around if s not in mc.igs],
            "region": atlas.regions[m.region_code],
            "focus": ",".join([refnis, *neighbours]),
            "buren_key": f"buren-{refnis}",
            "history_key": history.name,
            "figures_key": figures.name,
        },
        [
            reports.municipalities_table(atlas, on, neighbours, name=f"buren-{refnis}"),
            history,
            figures,
        ],
    )


@atlas_view
def region_detail(request, atlas, on, error, slug):
    region = atlas.region_by_slug.get(slug)
    if region is None:
        raise Http404("Onbekende referentieregio")
    cov = atlas.coverage(on)
    rc = cov.regions[region.name]
    codes = sorted(
        (c for c, m in atlas.municipalities.items() if m.region_code == region.code),
        key=lambda c: atlas.municipalities[c].name,
    )
    inside, crossing = [], []
    for s in rc.partnerships:
        regions = {atlas.municipalities[c].region for c in cov.partnerships[s].territory}
        (crossing if len(regions) > 1 else inside).append(
            (atlas.partnerships[s], sorted(regions - {region.name}))
        )
    uncovered = [c for c in codes if cov.municipalities[c].status == "geen"]
    return page(
        request,
        "territory/region_detail.html",
        {
            "on": on,
            "date_error": error,
            "region": region,
            "rc": rc,
            "inside": inside,
            "crossing": crossing,
            "uncovered": [atlas.municipalities[c] for c in uncovered],
            "uncovered_population": sum(atlas.population(c, on) for c in uncovered),
            "centrumsteden": [atlas.municipalities[c] for c in rc.centrumsteden],
            "focus": ",".join(codes),
        },
        [reports.municipalities_table(atlas, on, codes, name=f"gemeenten-{slug}")],
    )
