from __future__ import annotations

from django.http import Http404

from samenspel.core.tables import Column, Table
from samenspel.core.web import no_data, page, peildatum
from samenspel.partnerships import reports
from samenspel.partnerships.services import get_atlas

FIGURE_LABELS = [
    ("population", "inwoners (1 januari)", "int"),
    ("area_km2", "oppervlakte (km²)", "decimal"),
    ("income_per_capita_eur", "netto belastbaar inkomen per inwoner", "eur"),
    ("mean_age", "gemiddelde leeftijd (jaar)", "decimal"),
]


def municipality_list(request):
    atlas = get_atlas()
    if atlas is None:
        return no_data(request)
    on, error = peildatum(request)
    return page(
        request,
        "territory/municipality_list.html",
        {"on": on, "date_error": error},
        [reports.municipalities_table(atlas, on)],
    )


def municipality_detail(request, refnis):
    atlas = get_atlas()
    if atlas is None:
        return no_data(request)
    m = atlas.municipalities.get(refnis)
    if m is None:
        raise Http404("Onbekende gemeente")
    on, error = peildatum(request)
    cov = atlas.coverage(on)
    mc = cov.municipalities[refnis]
    figures = Table(
        f"cijfers-{refnis}",
        "Cijfers",
        [
            Column("label", "cijfer"),
            Column("value", "waarde", "decimal"),
            Column("year", "jaar"),
        ],
    )
    for code, label, kind in FIGURE_LABELS:
        for year, value in sorted(m.figures.get(code, {}).items(), reverse=True):
            figures.rows.append({"label": label, "value": value, "year": str(year), "kind": kind})
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
            "figures_rows": figures.rows,
            "focus": ",".join([refnis, *neighbours]),
            "buren_key": f"buren-{refnis}",
            "history_key": history.name,
        },
        [
            reports.municipalities_table(atlas, on, neighbours, name=f"buren-{refnis}"),
            history,
            figures,
        ],
    )


def region_list(request):
    atlas = get_atlas()
    if atlas is None:
        return no_data(request)
    on, error = peildatum(request)
    return page(
        request,
        "territory/region_list.html",
        {"on": on, "date_error": error},
        [reports.regions_table(atlas, on)],
    )


def region_detail(request, slug):
    atlas = get_atlas()
    if atlas is None:
        return no_data(request)
    region = atlas.region_by_slug.get(slug)
    if region is None:
        raise Http404("Onbekende referentieregio")
    on, error = peildatum(request)
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
