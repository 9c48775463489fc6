"""Template tags of the Monitor: the small "Monitor" block on the Atlas pages.

The Atlas views sit in a lower layer and cannot import the Monitor; their templates load this
library instead: ``{% load monitor %}{% monitor_gemeente refnis=m.refnis %}`` and
``{% monitor_igs slug=p.slug on=on %}``. Each block shows a few real figures (the Gemeente- en
Stadsmonitor 2023, the latest investment per inhabitant) next to the mean of Flanders, and links
to the Monitor page.
"""

from __future__ import annotations

from datetime import date

from django import template

from samenspel.atlas.services import get_atlas
from samenspel.monitor.models import Indicator, Measurement

register = template.Library()

#: The figures of the block, in this order (those without measurements are left out).
BLOCK_CODES = ("GSM_CU_S_08", "GSM_CU_S_07", "GSM_CU_S_29", "GSM_SA_S_05", "BBC_JR_INV_TOTAAL")


def _latest_year(code: str) -> int | None:
    this = date.today().year
    years = Measurement.objects.filter(indicator__code=code, refnis__gt="", label="")
    return (
        years.filter(year__lte=this).order_by("-year").values_list("year", flat=True).first()
        or years.order_by("year").values_list("year", flat=True).first()
    )


def block_figures(atlas, codes: list[str]) -> list[dict]:
    """Per indicator of :data:`BLOCK_CODES`: the plain mean of ``codes``' measured areas (for
    one municipality: its value, or its values per former municipality) and of Flanders."""
    from samenspel.monitor.comparison import _mean, _vals
    from samenspel.monitor.services import municipality_values

    meta = {
        code: (name, unit)
        for code, name, unit in Indicator.objects.filter(code__in=BLOCK_CODES).values_list(
            "code", "name", "unit"
        )
    }
    out = []
    for code in BLOCK_CODES:
        if code not in meta:
            continue
        year = _latest_year(code)
        if year is None:
            continue
        values = municipality_values(code, year)
        own = values.get(codes[0]) if len(codes) == 1 else None
        mine = [v for c in codes for v in _vals(values.get(c))]
        flanders = [v for r in atlas.municipalities for v in _vals(values.get(r))]
        if not mine:
            continue
        out.append(
            {
                "code": code,
                "name": meta[code][0],
                "unit": meta[code][1],
                "year": year,
                "value": _mean(mine),
                "parts": [(n, float(v)) for _p, n, v in own.parts] if own and own.parts else [],
                "flanders": _mean(flanders),
            }
        )
    return out[:5]


@register.inclusion_tag("monitor/_atlasblok.html")
def monitor_gemeente(refnis):
    atlas = get_atlas()
    if atlas is None or refnis not in atlas.municipalities:
        return {"figures": []}
    return {
        "figures": block_figures(atlas, [refnis]),
        "kind": "gemeente",
        "code": refnis,
        "name": atlas.municipalities[refnis].name,
    }


@register.inclusion_tag("monitor/_atlasblok.html")
def monitor_igs(slug, on):
    from samenspel.funding.services import igs_members

    atlas = get_atlas()
    if atlas is None or slug not in atlas.partnerships:
        return {"figures": []}
    try:
        codes = igs_members(atlas, slug, on)
    except ValueError:
        codes = []
    return {
        "figures": block_figures(atlas, codes) if codes else [],
        "kind": "igs",
        "code": slug,
        "name": atlas.partnerships[slug].name,
    }
