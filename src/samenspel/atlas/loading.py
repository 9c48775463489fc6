"""Write a validated data bundle into the database, all or nothing.

``load_bundle`` reads and checks the whole bundle first (:mod:`samenspel.atlas.bundle`); only a
bundle without problems is written, in one transaction. Loading updates rows in place by their
natural keys (REFNIS, IGS slug, membership start) and removes rows the bundle no longer has,
so loading the same bundle twice leaves the same state.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from samenspel.atlas.bundle import Bundle, read_bundle
from samenspel.core.models import DataLoad, versioning_suspended
from samenspel.partnerships.models import Membership, Partnership, RecognitionPeriod
from samenspel.territory.models import (
    Adjacency,
    Figure,
    FormerMunicipality,
    Indicator,
    Municipality,
    Province,
    ReferenceRegion,
)
from samenspel.territory.reference import flemish_municipalities
from samenspel.territory.topo import build_topology, to_json

INDICATORS = {
    "population": (
        "Inwoners (1 januari)",
        "inwoners",
        "Statbel, bevolking per gemeente (TF_SOC_POP_STRUCT)",
    ),
    "area_km2": ("Oppervlakte", "km²", "Statbel statistische sectoren 1/1/2025, berekend"),
    "income_per_capita_eur": (
        "Netto belastbaar inkomen per inwoner",
        "€",
        "Statbel, fiscale inkomens (TF_PSNL_INC_TAX_MUNTY)",
    ),
    "mean_age": ("Gemiddelde leeftijd", "jaar", "Statbel, bevolking per leeftijd"),
}


@dataclass
class LoadReport:
    source: str
    counts: dict[str, int]
    warnings: list[str]


def load_bundle(path: str | Path) -> LoadReport:
    """Validate and load the bundle at ``path``; raises BundleError and writes nothing if bad."""
    bundle = read_bundle(path, known_flemish=flemish_municipalities())
    with transaction.atomic(), versioning_suspended():
        counts = _write(bundle)
        warnings = [str(w) for w in bundle.warnings]
        DataLoad.objects.create(
            source=str(Path(path).resolve()),
            summary=counts,
            warnings=warnings,
            topology=_topology(bundle),
        )
    return LoadReport(str(path), counts, warnings)


def _topology(b: Bundle) -> str:
    """The compact map topology of the bundle's geometry (see samenspel.territory.topo)."""
    ms = b.municipalities.values()
    topo = build_topology(
        [(m.refnis, m.geometry) for m in ms],
        regions={m.refnis: m.region_code for m in ms},
        names={m.refnis: m.name_nl for m in ms},
        centrumsteden=[m.refnis for m in ms if m.is_centrumstad],
    )
    return to_json(topo)


def _sync(model, rows: dict, fields: list[str]) -> None:
    """Make ``model``'s table hold exactly ``rows`` (primary key -> field values)."""
    existing = model.objects.in_bulk(list(rows))
    new, changed = [], []
    for pk, values in rows.items():
        obj = existing.get(pk)
        if obj is None:
            new.append(model(pk=pk, **values))
        elif any(getattr(obj, f) != values[f] for f in fields):
            for f in fields:
                setattr(obj, f, values[f])
            changed.append(obj)
    model.objects.exclude(pk__in=list(rows)).delete()
    model.objects.bulk_create(new)
    if changed:
        model.objects.bulk_update(changed, fields)


def _write(b: Bundle) -> dict[str, int]:
    provinces = {m.province_refnis: {"name": m.province} for m in b.municipalities.values()}
    regions = {r.code: {"name": r.name, "slug": slugify(r.name)} for r in b.regions.values()}
    municipalities = {}
    for m in b.municipalities.values():
        c = (
            m.geometry.centroid
            if m.geometry.contains(m.geometry.centroid)
            else (m.geometry.representative_point())
        )
        municipalities[m.refnis] = {
            "name_nl": m.name_nl,
            "name_fr": m.name_fr,
            "province_id": m.province_refnis,
            "reference_region_id": m.region_code,
            "is_centrumstad": m.is_centrumstad,
            "centrumstad_kind": m.centrumstad_kind,
            "geometry": json.dumps(m.geometry.__geo_interface__, separators=(",", ":")),
            "centroid_lon": round(c.x, 6),
            "centroid_lat": round(c.y, 6),
        }
    # Memberships protect municipalities and are rewritten below anyway: remove them first.
    Membership.objects.all().delete()
    _sync(Province, provinces, ["name"])
    _sync(ReferenceRegion, regions, ["name", "slug"])
    _sync(Municipality, municipalities, list(next(iter(municipalities.values())).keys()))
    _sync(
        FormerMunicipality,
        {f.old_refnis: {"name_nl": f.old_name, "successor_id": f.new_refnis} for f in b.fusions},
        ["name_nl", "successor_id"],
    )

    Adjacency.objects.all().delete()
    Adjacency.objects.bulk_create(
        Adjacency(a_id=a, b_id=c, shared_border_km=km) for a, c, km in b.adjacency
    )

    _sync(
        Indicator,
        {
            code: {"label": lab, "unit": unit, "source": src}
            for code, (lab, unit, src) in INDICATORS.items()
        },
        ["label", "unit", "source"],
    )
    Figure.objects.all().delete()
    Figure.objects.bulk_create(
        Figure(municipality_id=m.refnis, indicator_id=f.indicator, year=f.year, value=f.value)
        for m in b.municipalities.values()
        for f in m.figures
    )

    # Keep website and any correction made in the admin for IGS the bundle still has.
    existing = Partnership.objects.in_bulk(list(b.partnerships))
    _sync(
        Partnership,
        {
            p.slug: {
                "name": p.name,
                "legal_form": p.legal_form,
                "legal_form_source": p.legal_form_source,
                "granted_subsidy_eur": p.granted_subsidy_eur,
                "granted_subsidy_source": p.granted_subsidy_source,
                "website": existing[p.slug].website if p.slug in existing else "",
                "confidence": p.confidence,
                "note": p.note,
                "source": p.source,
            }
            for p in b.partnerships.values()
        },
        [
            "name",
            "legal_form",
            "legal_form_source",
            "granted_subsidy_eur",
            "granted_subsidy_source",
            "website",
            "confidence",
            "note",
            "source",
        ],
    )
    RecognitionPeriod.objects.all().delete()
    RecognitionPeriod.objects.bulk_create(
        RecognitionPeriod(
            partnership_id=p.slug, valid_from=p.recognised_from, valid_to=p.recognised_to
        )
        for p in b.partnerships.values()
    )
    Membership.objects.bulk_create(
        Membership(
            partnership_id=m.partnership_slug,
            member_refnis=m.member_refnis,
            member_name=m.member_name,
            municipality_id=m.refnis_2025,
            valid_from=m.valid_from,
            valid_to=m.valid_to,
            confidence=m.confidence,
            note=m.note,
            source=m.source,
        )
        for m in b.memberships
    )
    return {
        "gemeenten": len(municipalities),
        "referentieregio's": len(regions),
        "fusies": len(b.fusions),
        "buurparen": len(b.adjacency),
        "IGS": len(b.partnerships),
        "lidmaatschappen": len(b.memberships),
    }
