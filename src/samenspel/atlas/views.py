from __future__ import annotations

from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.http import condition

from samenspel.atlas import reports
from samenspel.atlas.services import get_atlas
from samenspel.atlas.web import atlas_view, reference_date, table_view
from samenspel.core.colours import assign_colours
from samenspel.core.web import page, peildatum
from samenspel.partnerships.coverage import PARTLY


@atlas_view
def home(request, atlas, on, error):
    cov = atlas.coverage(on)
    active = atlas.active_partnerships(on)
    eligible = [atlas.eligibility(s, on, "2027") for s in active]
    figures = {
        "igs": len(active),
        "covered": cov.municipalities_covered,
        "partly": cov.municipalities_partly_covered,
        "total": cov.municipalities_total,
        "population_covered": cov.population_covered,
        "population_partly": cov.population_partly_covered,
        "population_total": cov.population_total,
        "share": cov.population_covered / cov.population_total if cov.population_total else 0,
        "centrumsteden_in": [atlas.municipalities[c].name for c in cov.centrumsteden_in_igs],
        "centrumsteden_out": [
            m.name
            for c, m in sorted(atlas.municipalities.items(), key=lambda kv: kv[1].name)
            if m.is_centrumstad and c not in cov.centrumsteden_in_igs
        ],
        "eligible_2027": sum(e.eligible for e in eligible),
        "subsidy_2027": sum(e.subsidy_eur for e in eligible),
        "transition_2027": sum(bool(e.transition_eligible) for e in eligible),
    }
    return page(
        request,
        "partnerships/home.html",
        {
            "on": on,
            "date_error": error,
            "f": figures,
            "atlas": atlas,
        },
        [
            reports.partnerships_table(atlas, on),
            reports.municipalities_table(atlas, on),
            reports.summary_table(atlas, on),
        ],
    )


partnership_list = table_view("partnerships/list.html", reports.partnerships_table)


@atlas_view
def partnership_detail(request, atlas, on, error, slug):
    if slug not in atlas.partnerships:
        raise Http404("Onbekend IGS")
    ended = atlas.ended_on(slug, on)
    # An IGS that has stopped is shown with its last members, at the last day it was active.
    shown_on = ended or on
    cov = atlas.coverage(shown_on)
    pc = cov.partnerships[slug]
    territory = pc.territory
    context = {
        "on": on,
        "date_error": error,
        "ended": ended,
        "shown_on": shown_on,
        "p": atlas.partnerships[slug],
        "pc": pc,
        "focus": ",".join(territory),
        "centrumsteden": [atlas.municipalities[c].name for c in pc.centrumsteden],
        "partly": [
            (atlas.municipalities[c].name, cov.municipalities[c].covered_parts)
            for c in pc.members_partly
        ],
    }
    if not ended:
        context["e2020"] = atlas.eligibility(slug, on, "2020")
        context["e2027"] = atlas.eligibility(slug, on, "2027")
    title = f"gemeenten-{slug}"
    return page(
        request,
        "partnerships/detail.html",
        context,
        [
            reports.municipalities_table(atlas, shown_on, territory, name=title),
            reports.members_table(atlas, slug),
        ],
    )


def _map_etag(request, *args, **kwargs):
    atlas = get_atlas()
    return f"topo-{atlas.load.id}-{atlas.load.loaded_at.timestamp()}" if atlas else None


@condition(etag_func=_map_etag)
def map_topology(request):
    atlas = get_atlas()
    if atlas is None:
        raise Http404("Geen gegevens geladen")
    plain, compressed = atlas.topology
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        # Already compressed: GZipMiddleware leaves responses with Content-Encoding alone.
        response = HttpResponse(compressed, content_type="application/json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(plain, content_type="application/json")
    response["Vary"] = "Accept-Encoding"
    response["Cache-Control"] = "public, max-age=3600"
    return response


_region_colours: dict[tuple, dict[str, str]] = {}


def region_colours(atlas) -> dict[str, str]:
    """One colour per referentieregio (by code), bordering regions clearly distinct (ΔE00,
    see :func:`samenspel.core.colours.assign_colours`); computed once per data load."""
    key = (atlas.load.id, atlas.load.loaded_at)
    if key not in _region_colours:
        graph: dict[str, set[str]] = {code: set() for code in atlas.regions}
        for a, others in atlas.adjacency.items():
            ra = atlas.municipalities[a].region_code
            for b in others:
                rb = atlas.municipalities[b].region_code
                if ra != rb:
                    graph[ra].add(rb)
        _region_colours.clear()
        _region_colours[key] = assign_colours(graph)
    return _region_colours[key]


def map_status(request):
    atlas = get_atlas()
    if atlas is None:
        raise Http404("Geen gegevens geladen")
    on, error = peildatum(request)
    if error:
        return JsonResponse({"fout": error}, status=400)
    on, outside = reference_date(request, atlas)
    cov = atlas.coverage(on)
    active = atlas.active_partnerships(on)
    data = {
        "peildatum": on.isoformat(),
        **({"melding": outside} if outside else {}),
        "igs": [
            {"slug": s, "naam": atlas.partnerships[s].name, "kleur": atlas.colours[s]}
            for s in active
        ],
        "regios": [
            {"code": code, "slug": r.slug, "naam": r.name, "kleur": region_colours(atlas)[code]}
            for code, r in sorted(atlas.regions.items(), key=lambda kv: kv[1].name)
        ],
        "gemeenten": {
            code: {
                "status": mc.status,
                "igs": mc.igs,
                **({"deel": ", ".join(mc.covered_parts)} if mc.status == PARTLY else {}),
                **({"centrumstad": True} if atlas.municipalities[code].is_centrumstad else {}),
            }
            for code, mc in cov.municipalities.items()
        },
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")})
