"""The Monitor's front page (pick an IGS or a municipality; the indicator catalogue) and the
import templates."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Max, Min
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from samenspel.atlas.services import get_atlas
from samenspel.core.tables import Column, Table
from samenspel.core.web import CONTENT_TYPES, page
from samenspel.monitor.catalogue import SETS, STARTING_SET, label
from samenspel.monitor.measurements import template
from samenspel.monitor.models import Indicator
from samenspel.monitor.views_eigen import own_indicators_by_igs


def catalogue_table() -> Table:
    """Every indicator with its metadata and how many measurements it has (and of which
    years). Before the first load, the starting set of the catalogue (nothing is written)."""
    stats = {
        row["id"]: row
        for row in Indicator.objects.values("id").annotate(
            n=Count("measurements"), first=Min("measurements__year"), last=Max("measurements__year")
        )
    }
    # an IGS's own indicators are listed under their IGS (views_eigen.own_indicators_by_igs)
    indicators = list(Indicator.objects.filter(igs="")) or list(STARTING_SET)
    table = Table(
        "indicatoren",
        "Indicatoren van de Monitor",
        [
            Column("code", "Code"),
            Column("name", "Naam"),
            Column("unit", "Eenheid"),
            Column("kind", "Soort"),
            Column("level", "Niveau"),
            Column("direction", "Richting"),
            Column("source", "Bron"),
            Column("reference", "Peildatum of periode"),
            Column("frequency", "Frequentie"),
            Column("years", "Jaren met metingen"),
            Column("n", "Metingen", "int"),
            Column("caveat", "Let op"),
        ],
        caption="Soort: register, enquête of eigen registratie. Richting: of een hoger cijfer "
        "beter is. Niveau: per gemeente of per IGS. 'Let op' vat de kanttekeningen van de bron "
        "samen; lees ze voordat je cijfers vergelijkt.",
    )
    for ind in indicators:
        s = stats.get(getattr(ind, "id", None), {})
        first, last = s.get("first"), s.get("last")
        table.rows.append(
            {
                "code": ind.code,
                "name": ind.name,
                "unit": ind.unit,
                "kind": label(ind.kind),
                "level": label(ind.level),
                "direction": label(ind.direction),
                "source": ind.source,
                "reference": ind.reference,
                "frequency": ind.frequency,
                "years": ""
                if first is None
                else (f"{first}" if first == last else f"{first}–{last}"),
                "n": s.get("n", 0),
                "caveat": ind.caveat,
            }
        )
    return table


@require_safe
def indicator_list(request):
    """The Monitor's front page: pick an IGS or a municipality, then the catalogue.

    ``?gemeente=<REFNIS>`` (the municipality picker, which works without JavaScript) sends the
    visitor on to that municipality's page."""
    atlas = get_atlas()
    chosen = request.GET.get("gemeente", "").strip()
    if chosen and atlas is not None and chosen in atlas.municipalities:
        return redirect("monitor_municipality", refnis=chosen)
    table = catalogue_table()
    sets = [(code, title, ", ".join(codes)) for code, (title, codes) in SETS.items()]
    on = date.today()
    igs, municipalities = [], []
    if atlas is not None:
        igs = sorted(
            ((slug, atlas.partnerships[slug].name) for slug in atlas.active_partnerships(on)),
            key=lambda item: item[1].lower(),
        )
        municipalities = sorted(
            ((code, m.name) for code, m in atlas.municipalities.items()),
            key=lambda item: item[1].lower(),
        )
    response = page(
        request,
        "monitor/indicators.html",
        {
            "sets": sets,
            "measured": sum(r["n"] for r in table.rows),
            "own": own_indicators_by_igs(atlas),
            "igs_list": igs,
            "municipalities": municipalities,
            "unknown": chosen[:20] if chosen else "",
            "count": len(table.rows),
        },
        [table],
    )
    if chosen and not request.GET.get("formaat"):
        response.status_code = 400  # a municipality that does not exist
    return response


@require_safe
def import_template(request):
    """``?set=activiteiten&formaat=csv|xlsx``: the empty template of an indicator set."""
    set_code = request.GET.get("set", "")
    fmt = request.GET.get("formaat", "csv")
    if set_code not in SETS or fmt not in CONTENT_TYPES:
        return render(
            request,
            "monitor/fout.html",
            {
                "message": f"Onbekende indicatorset '{set_code[:40]}' of formaat "
                f"'{fmt[:10]}': kies een set uit {', '.join(SETS)} en csv of xlsx."
            },
            status=400,
        )
    response = HttpResponse(template(set_code, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="sjabloon-{set_code}.{fmt}"'
    return response
