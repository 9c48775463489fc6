from __future__ import annotations

from django.http import Http404

from samenspel.atlas import reports
from samenspel.atlas.web import atlas_view, table_view
from samenspel.core.tables import Column, Table
from samenspel.core.web import page

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


municipality_list = table_view("territory/municipality_list.html", reports.municipalities_table)
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
