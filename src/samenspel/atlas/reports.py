"""What the Atlas shows, as JSON-ready dicts (CLI, API) and as tables (pages, downloads).

Shared by the CLI and the views, so that both say the same thing.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from samenspel.core.tables import Column, Table
from samenspel.partnerships.coverage import FULL, PARTLY

if TYPE_CHECKING:  # the snapshot is read, never built here: this module stays Django-free
    from samenspel.atlas.services import Atlas

STATUS_LABELS = {FULL: "volledig", PARTLY: "gedeeltelijk", "geen": "niet gedekt"}


def coverage_json(atlas: Atlas, on: date) -> dict:
    cov = atlas.coverage(on)
    return {
        "date": on.isoformat(),
        "municipalities_total": cov.municipalities_total,
        "municipalities_covered": cov.municipalities_covered,
        "municipalities_partly_covered": cov.municipalities_partly_covered,
        "municipalities_not_covered": cov.municipalities_not_covered,
        "population_total": cov.population_total,
        "population_covered": cov.population_covered,
        "population_partly_covered": cov.population_partly_covered,
        "population_not_covered": cov.population_not_covered,
        "centrumsteden_in_igs": cov.centrumsteden_in_igs,
        "per_igs": [
            {
                "slug": slug,
                "name": atlas.partnerships[slug].name,
                "members": pc.members,
                "members_partly": pc.members_partly,
                "population": pc.population,
                "population_partly": pc.population_partly,
                "centrumsteden": pc.centrumsteden,
            }
            for slug, pc in cov.partnerships.items()
            if pc.memberships
        ],
        "per_referentieregio": [
            {
                "name": rc.region,
                "municipalities_total": rc.municipalities_total,
                "municipalities_covered": rc.municipalities_covered,
                "municipalities_partly_covered": rc.municipalities_partly_covered,
                "population_total": rc.population_total,
                "population_covered": rc.population_covered,
                "population_partly_covered": rc.population_partly_covered,
                "centrumsteden": rc.centrumsteden,
                "centrumsteden_in_igs": rc.centrumsteden_in_igs,
                "igs": rc.partnerships,
            }
            for rc in cov.regions.values()
        ],
    }


def eligibility_json(atlas: Atlas, on: date, rules: str, *, contiguous: bool = False) -> list[dict]:
    """The verdict of ``rules`` on every IGS active on ``on``. Money as euros with cents; an IGS
    that does not qualify gets ``subsidy_eur`` 0 and, apart, what it would get if it did."""
    out = []
    for slug in atlas.active_partnerships(on):
        e = atlas.eligibility(slug, on, rules, contiguous=contiguous)
        out.append(
            {
                "slug": slug,
                "name": atlas.partnerships[slug].name,
                "population": e.population,
                "referentieregios": e.referentieregios,
                "contiguous": e.contiguous,
                "eligible": e.eligible,
                "transition_eligible": e.transition_eligible,
                "verdict": e.verdict,
                "reading": e.reading,
                "reasons": e.reasons,
                "advice": e.advice,
                "subsidy_eur": float(e.subsidy_eur),
                "min_cofinancing_eur": float(e.min_cofinancing_eur),
                "subsidy_if_eligible_eur": float(e.potential_subsidy_eur),
            }
        )
    return out


def summary_table(atlas: Atlas, on: date) -> Table:
    cov = atlas.coverage(on)
    rows = [
        {
            "what": "gemeenten",
            "total": cov.municipalities_total,
            "full": cov.municipalities_covered,
            "partly": cov.municipalities_partly_covered,
            "none": cov.municipalities_not_covered,
        },
        {
            "what": "inwoners",
            "total": cov.population_total,
            "full": cov.population_covered,
            "partly": cov.population_partly_covered,
            "none": cov.population_not_covered,
        },
    ]
    return Table(
        "dekking",
        f"Dekking op {on:%d/%m/%Y}",
        [
            Column("what", ""),
            Column("total", "totaal", "int"),
            Column("full", "volledig gedekt", "int"),
            Column("partly", "gedeeltelijk gedekt", "int"),
            Column("none", "niet gedekt", "int"),
        ],
        rows,
    )


def partnerships_table(
    atlas: Atlas, on: date, rules: str = "2027", *, contiguous: bool = False
) -> Table:
    """Every IGS active on ``on`` with its verdict under ``rules``, then those that had stopped.

    The estimated subsidy is given only to an IGS that qualifies; what the others would get if
    they met the rules is a column of its own, labelled so."""
    cov = atlas.coverage(on)
    rows = []
    for slug in atlas.listed_partnerships(on):
        pc = cov.partnerships[slug]
        p = atlas.partnerships[slug]
        ended = atlas.ended_on(slug, on)
        row = {
            "name": p.name,
            "url": f"/igs/{slug}/",
            "granted": p.granted_subsidy_eur,
        }
        if ended:
            row["verdict"] = f"opgehouden op {ended:%d/%m/%Y}"
            rows.append(row)
            continue
        e = atlas.eligibility(slug, on, rules, contiguous=contiguous)
        row.update(
            {
                "members": len(pc.members) + len(pc.members_partly),
                "population": pc.population,
                "centrumsteden": [atlas.municipalities[c].name for c in pc.centrumsteden],
                "regions": [f"{r} ({n})" for r, n in e.referentieregios.items()],
                "verdict": e.verdict,
                "subsidy": e.subsidy_eur if e.qualifies else None,
                "if_eligible": None if e.qualifies else e.potential_subsidy_eur,
            }
        )
        rows.append(row)
    return Table(
        "igs",
        f"IGS bovenlokale cultuur op {on:%d/%m/%Y}",
        [
            Column("name", "IGS", "link", "url"),
            Column("members", "gemeenten (2025)", "int"),
            Column("population", "inwoners", "int"),
            Column("centrumsteden", "centrumstad"),
            Column("regions", "referentieregio's"),
            Column("verdict", f"regels {rules}"),
            Column("subsidy", f"subsidie {rules} (geraamd)", "eur"),
            Column("if_eligible", "subsidie als het aan de regels voldeed", "eur"),
            Column("granted", "toegekend per jaar 2020–2026 (bron)", "eur"),
        ],
        rows,
        caption=(
            "Inwoners: enkel de gemeenten die volledig lid zijn. Wie niet in aanmerking komt, "
            "krijgt geen geraamde subsidie; wat het zou krijgen als het aan de regels voldeed, "
            "staat apart."
        ),
    )


def municipalities_table(
    atlas: Atlas, on: date, codes: list[str] | None = None, name: str = "gemeenten"
) -> Table:
    cov = atlas.coverage(on)
    rows = []
    for code in (
        codes
        if codes is not None
        else sorted(atlas.municipalities, key=lambda c: atlas.municipalities[c].name)
    ):
        m = atlas.municipalities[code]
        mc = cov.municipalities[code]
        status = STATUS_LABELS[mc.status]
        if mc.covered_parts:
            status += f" (via {', '.join(mc.covered_parts)})"
        rows.append(
            {
                "refnis": code,
                "name": m.name,
                "url": f"/gemeenten/{code}/",
                "region": m.region,
                "centrumstad": "ja" if m.is_centrumstad else "",
                "population": atlas.population(code, on),
                "igs": [atlas.partnerships[s].name for s in mc.igs],
                "status": status,
            }
        )
    return Table(
        name,
        f"Gemeenten op {on:%d/%m/%Y}",
        [
            Column("refnis", "REFNIS"),
            Column("name", "gemeente", "link", "url"),
            Column("region", "referentieregio"),
            Column("centrumstad", "centrumstad"),
            Column("population", "inwoners", "int"),
            Column("igs", "IGS"),
            Column("status", "dekking"),
        ],
        rows,
    )


def regions_table(atlas: Atlas, on: date) -> Table:
    cov = atlas.coverage(on)
    rows = []
    for r in atlas.regions.values():
        rc = cov.regions[r.name]
        rows.append(
            {
                "name": r.name,
                "url": f"/referentieregios/{r.slug}/",
                "n": rc.municipalities_total,
                "full": rc.municipalities_covered,
                "partly": rc.municipalities_partly_covered,
                "pop": rc.population_total,
                "pop_full": rc.population_covered,
                "share": rc.population_covered / rc.population_total if rc.population_total else 0,
                "centrumsteden": [atlas.municipalities[c].name for c in rc.centrumsteden],
                "igs": len(rc.partnerships),
            }
        )
    return Table(
        "referentieregios",
        f"Referentieregio's op {on:%d/%m/%Y}",
        [
            Column("name", "referentieregio", "link", "url"),
            Column("n", "gemeenten", "int"),
            Column("full", "volledig gedekt", "int"),
            Column("partly", "gedeeltelijk", "int"),
            Column("pop", "inwoners", "int"),
            Column("pop_full", "inwoners gedekt", "int"),
            Column("share", "aandeel gedekt", "percent"),
            Column("centrumsteden", "centrumsteden"),
            Column("igs", "IGS actief", "int"),
        ],
        rows,
    )


def members_table(atlas: Atlas, slug: str) -> Table:
    """Every membership of one IGS over time, as it was when the member joined."""
    rows = []
    for m in sorted(
        (m for m in atlas.members if m.igs == slug), key=lambda m: (m.member_name, m.valid_from)
    ):
        now = atlas.municipalities[m.refnis_2025]
        rows.append(
            {
                "member": m.member_name,
                "refnis": m.member_refnis,
                "today": now.name
                if now.name != m.member_name or m.member_refnis != now.refnis
                else "",
                "url": f"/gemeenten/{m.refnis_2025}/",
                "from": m.valid_from.strftime("%d/%m/%Y"),
                "to": m.valid_to.strftime("%d/%m/%Y") if m.valid_to else "loopt",
                "confidence": {"high": "hoog", "medium": "gemiddeld", "low": "laag"}[m.confidence],
            }
        )
    return Table(
        f"leden-{slug}",
        "Leden door de tijd",
        [
            Column("member", "lid (bij toetreding)", "link", "url"),
            Column("refnis", "REFNIS toen"),
            Column("today", "sinds 2025 deel van"),
            Column("from", "van"),
            Column("to", "tot en met"),
            Column("confidence", "betrouwbaarheid"),
        ],
        rows,
    )


def members_history_table(atlas: Atlas, refnis: str) -> Table:
    """Every IGS membership that concerns the territory of one 2025 municipality."""
    rows = []
    for m in sorted(
        (m for m in atlas.members if m.refnis_2025 == refnis), key=lambda m: (m.valid_from, m.igs)
    ):
        rows.append(
            {
                "igs": atlas.partnerships[m.igs].name,
                "url": f"/igs/{m.igs}/",
                "member": f"{m.member_name} ({m.member_refnis})",
                "from": m.valid_from.strftime("%d/%m/%Y"),
                "to": m.valid_to.strftime("%d/%m/%Y") if m.valid_to else "loopt",
            }
        )
    return Table(
        f"lidmaatschappen-{refnis}",
        "Lidmaatschappen door de tijd",
        [
            Column("igs", "IGS", "link", "url"),
            Column("member", "lid (bij toetreding)"),
            Column("from", "van"),
            Column("to", "tot en met"),
        ],
        rows,
    )
