"""The Netwerk pages: the landing page, Wie is wie and the network view ("kaart")."""

from __future__ import annotations

from dataclasses import replace

from django.shortcuts import render
from django.views.decorators.http import require_safe

from samenspel.accounts import organisations
from samenspel.accounts.models import Role
from samenspel.accounts.permissions import places as user_places
from samenspel.accounts.roles import ROLE_CHOICES, ROLE_LABELS, STEUNPUNT
from samenspel.atlas.services import get_atlas
from samenspel.core import web
from samenspel.core.tables import Column, Table
from samenspel.network import directory, graph, services

#: Longest search text accepted (longer: 400 with a Dutch message).
MAX_QUERY = 100
#: Rows of the bridges table on the overview; the rest is counted.
MAX_BRIDGES = 300
MAX_PEOPLE_LINKS = 100
#: Partners named per cell of a region's table (the download has them all).
MAX_ROW_PARTNERS = 30


def _not_found(request, message: str):
    return render(
        request,
        "network/niet_gevonden.html",
        {"message": message, "heading": "Niet gevonden (fout 404)"},
        status=404,
    )


def _bad(request, message: str):
    return render(
        request,
        "network/niet_gevonden.html",
        {"message": message, "heading": "Ongeldige vraag (fout 400)"},
        status=400,
    )


def _text(request, name: str) -> str:
    return (request.GET.get(name) or "").strip()


@require_safe
def home(request):
    atlas = get_atlas()
    net = services.network(atlas, with_people=False) if atlas else None
    numbers = None
    if net is not None:
        summaries = graph.regions(net)
        numbers = {
            "linked": sum(r.linked for r in summaries),
            "municipalities": len(net.places),
            "edges": net.places_graph.number_of_edges(),
            "bridges": len(graph.bridges(net)),
            "initiatives": sum(1 for g in net.groups.values() if g.kind == graph.INITIATIVE),
        }
    return render(
        request,
        "network/home.html",
        {
            "latest": services.latest(limit=5),
            "urls": services.list_urls(),
            "numbers": numbers,
            "organisations": organisations.ORGANISATIONS[:6],
        },
    )


@require_safe
def who(request):
    q = _text(request, "q")
    if len(q) > MAX_QUERY:
        return _bad(request, f"De zoektekst is te lang: hoogstens {MAX_QUERY} tekens.")
    atlas = get_atlas()
    igs = _text(request, "igs")
    refnis = _text(request, "gemeente")
    if igs and (atlas is None or igs not in atlas.partnerships):
        return _not_found(request, f"Er is geen IGS met de code ‘{igs[:80]}’.")
    if refnis and (atlas is None or refnis not in atlas.municipalities):
        return _not_found(request, f"Er is geen gemeente met REFNIS-code ‘{refnis[:10]}’.")
    signed_in = services.may_see_contact(request.user)
    entries = services.directory_entries(atlas, with_contact=signed_in)
    found = directory.group(entries, q, igs=igs, refnis=refnis)
    shown_codes: set[str] = set()
    if not (igs or refnis):
        # An organisation shows when it matches, or when one of its listed people matched.
        shown_codes = {o.code for o in organisations.search(organisations.ORGANISATIONS, q)}
        shown_codes |= set(found.organisations)
    orgs = [o for o in organisations.ORGANISATIONS if o.code in shown_codes]
    place_name = ""
    if igs:
        place_name = atlas.partnerships[igs].name
    elif refnis:
        place_name = atlas.municipalities[refnis].name
    return render(
        request,
        "network/wie.html",
        {
            "q": q,
            "igs": igs,
            "refnis": refnis,
            "place_name": place_name,
            "found": found,
            "orgs": [(o, found.organisations.get(o.code)) for o in orgs],
            "kind_labels": organisations.KIND_LABELS,
            "max_query": MAX_QUERY,
            "listed_total": len(entries),
            "signed_in": signed_in,
            # the people first when there are any (on a phone the organisations are long)
            "orgs_first": not (q or igs or refnis) and not entries,
        },
    )


def _role_filter(request) -> tuple[list[str], str]:
    """The roles whose counterparts are shown: ``?rol=`` or else the visitor's own roles."""
    rol = _text(request, "rol")
    if rol:
        if rol not in ROLE_LABELS or rol == STEUNPUNT:
            raise ValueError(f"Onbekende rol ‘{rol[:40]}’.")
        return [rol], rol
    user = request.user
    if getattr(user, "is_authenticated", False) and user_places(user).has_role:
        own = sorted(
            set(
                Role.objects.valid_on()
                .filter(person__user=user)
                .exclude(role=STEUNPUNT)
                .values_list("role", flat=True)
            )
        )
        return own, ""
    return [], ""


def _own_place(user, atlas) -> tuple[str, str]:
    """``(refnis, "")`` or ``("", igs)``: the first municipality, else the first IGS of today,
    where the signed-in ``user`` holds a role (not as steunpunt); ``("", "")`` when none."""
    if not getattr(user, "is_authenticated", False):
        return "", ""
    rows = list(
        Role.objects.valid_on()
        .filter(person__user=user)
        .exclude(role=STEUNPUNT)
        .order_by("pk")
        .values_list("refnis", "igs")[:50]
    )
    for refnis, _igs in rows:
        if refnis and refnis in atlas.municipalities:
            return refnis, ""
    today = services.igs_today(atlas)
    for _refnis, igs in rows:
        if igs and igs in atlas.partnerships and igs in today:
            return "", igs
    return "", ""


@require_safe
def network_view(request):
    atlas = get_atlas()
    if atlas is None:
        return render(request, "network/kaart.html", {"no_data": True})
    region_slug = _text(request, "regio")
    refnis = _text(request, "gemeente")
    igs = _text(request, "igs")
    region = None
    if region_slug:
        region = atlas.region_by_slug.get(region_slug)
        if region is None:
            return _not_found(request, f"Er is geen referentieregio ‘{region_slug[:80]}’.")
    if refnis and refnis not in atlas.municipalities:
        return _not_found(request, f"Er is geen gemeente met REFNIS-code ‘{refnis[:10]}’.")
    if igs and igs not in atlas.partnerships:
        return _not_found(request, f"Er is geen IGS met de code ‘{igs[:80]}’.")
    try:
        roles, rol = _role_filter(request)
    except ValueError as exc:
        return _bad(request, str(exc))
    # "Vind tegenhangers" with neither a municipality nor an IGS chosen: the visitor's own
    # place (a municipality before an IGS), or else a request to choose one.
    own_default = choose_first = False
    if not (refnis or igs) and ("gemeente" in request.GET or "igs" in request.GET):
        refnis, igs = _own_place(request.user, atlas)
        own_default = bool(refnis or igs)
        choose_first = not own_default
    net = services.network(atlas)
    context = {
        "regions": sorted(atlas.regions.values(), key=lambda r: r.name),
        "region": region,
        "refnis": refnis,
        "igs": igs,
        "rol": rol,
        "roles": roles,
        "role_labels": ROLE_LABELS,
        "role_choices": [(c, label) for c, label in ROLE_CHOICES if c != STEUNPUNT],
        "partnerships": sorted(
            ((s, p.name) for s, p in atlas.partnerships.items() if s in services.igs_today(atlas)),
            key=lambda x: x[1],
        ),
        "municipalities_by_region": _municipality_options(atlas),
        "kind_labels": graph.KIND_LABELS,
        "igs_names": {s: p.name for s, p in atlas.partnerships.items()},
        "own_default": own_default,
        "choose_first": choose_first,
    }
    if refnis or igs:
        if refnis:
            start_name = atlas.municipalities[refnis].name
        else:
            start_name = atlas.partnerships[igs].name
        try:
            c = graph.counterparts(
                net, refnis=refnis or None, igs=None if refnis else igs, roles=roles
            )
        except KeyError:
            # An IGS that stopped has no members today.
            return _not_found(request, f"{start_name} heeft vandaag geen leden.")
        context.update(
            counterparts=c,
            start_name=start_name,
            start_regions=_regions_by_name(atlas, c.regions),
        )
    elif region is not None:
        rows = [_bounded_row(r) for r in graph.region_rows(net, region.name)]
        region_bridges = graph.bridges(net, region.name)
        summary = next((r for r in graph.regions(net) if r.region == region.name), None)
        context.update(
            rows=rows,
            summary=summary,
            picture=graph.picture(net, region.name),
            bridges=region_bridges[:MAX_BRIDGES],
            bridges_total=len(region_bridges),
        )
    else:
        all_bridges = graph.bridges(net)
        context.update(
            summaries=graph.regions(net),
            region_slugs={r.name: r.slug for r in atlas.regions.values()},
            bridges=all_bridges[:MAX_BRIDGES],
            bridges_total=len(all_bridges),
            picture=graph.picture(net),
            people_links=graph.people_links(net, MAX_PEOPLE_LINKS),
        )
    context["places"] = net.places
    tables = [] if (refnis or igs) else _tables(net, region)
    return web.page(request, "network/kaart.html", context, tables)


def _bounded_row(row) -> tuple:
    """(row with at most MAX_ROW_PARTNERS initiative partners and bridges, how many more of
    each)."""
    n = MAX_ROW_PARTNERS
    more_initiatives = max(0, len(row.initiative_partners) - n)
    more_bridges = max(0, len(row.bridges) - n)
    short = replace(row, initiative_partners=row.initiative_partners[:n], bridges=row.bridges[:n])
    return short, more_initiatives, more_bridges


def _edge_rows(net, edges) -> list[dict]:
    return [
        {
            "a": net.places[e.a].name,
            "region_a": net.places[e.a].region,
            "b": net.places[e.b].name,
            "region_b": net.places[e.b].region,
            "kinds": [graph.KIND_LABELS[k] for k in e.kinds],
            "via": [v.label for v in e.via],
            "bridge": e.bridge,
        }
        for e in edges
    ]


EDGE_COLUMNS = [
    Column("a", "Gemeente"),
    Column("region_a", "Referentieregio"),
    Column("b", "Gemeente"),
    Column("region_b", "Referentieregio"),
    Column("kinds", "Soort band"),
    Column("via", "Via (IGS of initiatief)"),
    Column("bridge", "Brug tussen regio's"),
]


def _tables(net, region_obj) -> list[Table]:
    """The figures of the page as downloads (municipalities only: no person in them)."""
    if region_obj is not None:
        region, slug = region_obj.name, region_obj.slug
        rows = [
            {
                "name": r.place.name,
                "centrumstad": r.place.is_centrumstad,
                "igs": [g.label for g in r.igs],
                "igs_partners": [p.name for p in r.igs_partners],
                "initiatives": [
                    f"{p.name} ({', '.join(labels)})" for p, labels in r.initiative_partners
                ],
                "bridges": [f"{p.name} ({p.region})" for p, _ in r.bridges],
            }
            for r in graph.region_rows(net, region)
        ]
        return [
            Table(
                f"netwerk-{slug}-gemeenten",
                f"Met wie elke gemeente van {region} samenwerkt",
                [
                    Column("name", "Gemeente"),
                    Column("centrumstad", "Centrumstad"),
                    Column("igs", "IGS"),
                    Column("igs_partners", "Zelfde IGS"),
                    Column("initiatives", "Samen in een initiatief"),
                    Column("bridges", "Bruggen naar andere regio's"),
                ],
                rows,
            ),
            Table(
                f"netwerk-{slug}-banden",
                f"Alle banden van {region}",
                EDGE_COLUMNS,
                _edge_rows(net, graph.edges(net, region)),
            ),
        ]
    summaries = [
        {
            "region": r.region,
            "municipalities": r.municipalities,
            "linked": r.linked,
            "internal": r.internal,
            "bridges": r.bridges,
            "partners": [f"{name} ({n})" for name, n in r.partner_regions],
            "centrumsteden": list(r.centrumsteden),
        }
        for r in graph.regions(net)
    ]
    return [
        Table(
            "netwerk-regios",
            "Samenwerking binnen en tussen de referentieregio's",
            [
                Column("region", "Referentieregio"),
                Column("municipalities", "Gemeenten", "int"),
                Column("linked", "Met een partner", "int"),
                Column("internal", "Banden binnen", "int"),
                Column("bridges", "Bruggen", "int"),
                Column("partners", "Bruggen naar"),
                Column("centrumsteden", "Centrumsteden"),
            ],
            summaries,
        ),
        Table(
            "netwerk-bruggen",
            "Bruggen tussen referentieregio's",
            EDGE_COLUMNS,
            _edge_rows(net, graph.bridges(net)),
        ),
        Table(
            "netwerk-banden",
            "Alle banden tussen gemeenten",
            EDGE_COLUMNS,
            _edge_rows(net, graph.edges(net)),
        ),
    ]


def _regions_by_name(atlas, names) -> list:
    by_name = {r.name: r for r in atlas.regions.values()}
    return [by_name[n] for n in names if n in by_name]


def _municipality_options(atlas) -> list[tuple[str, list[tuple[str, str]]]]:
    by_region: dict[str, list[tuple[str, str]]] = {}
    for code, m in atlas.municipalities.items():
        by_region.setdefault(m.region, []).append((code, m.name))
    return [(r, sorted(v, key=lambda x: x[1])) for r, v in sorted(by_region.items())]
