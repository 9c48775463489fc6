"""Downloads of a scenario (pure, no Django): an Excel workbook and GeoJSON of its groups.

* :func:`workbook` — three sheets: ``overzicht`` (the scenario's key figures), ``groepen`` (one
  row per group: members, inhabitants, verdict, subsidy, cofinancing, centrumstad share) and
  ``gemeenten`` (one row per municipality: its group, inhabitants, contribution, today's IGS and
  whether its membership is kept). Real numbers with number formats, as the Atlas's downloads.
* :func:`regions_geojson` — one Feature per group: the union (shapely) of its members'
  geometries, with the group's figures as properties.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from decimal import Decimal

from samenspel.core.tables import no_formulas
from samenspel.scenarios.evaluate import ScenarioResult

FORMATS = {"int": "#,##0", "eur": "#,##0.00 €", "percent": "0.0%"}


def _float(x) -> float | None:
    return None if x is None else float(x)


def group_rows(result: ScenarioResult) -> list[dict]:
    rows = []
    for g in result.groups:
        rows.append(
            {
                "nr": g.index + 1,
                "groep": g.name,
                "gemeenten": ", ".join(m.name for m in g.members),
                "aantal": len(g.members),
                "inwoners": g.population,
                "referentieregios": ", ".join(g.referentieregios),
                "oordeel": g.verdict,
                "subsidie": _float(g.subsidy_eur),
                "cofinanciering": _float(g.min_cofinancing_eur),
                "aandeel_centrumstad": g.centrumstad_share,
                "aaneengesloten": "ja" if g.contiguous else "nee",
                "redenen": " ".join(g.reasons),
            }
        )
    return rows


GROUP_COLUMNS = [
    ("nr", "nr", "int"),
    ("groep", "groep", ""),
    ("gemeenten", "gemeenten", ""),
    ("aantal", "aantal gemeenten", "int"),
    ("inwoners", "inwoners", "int"),
    ("referentieregios", "referentieregio('s)", ""),
    ("oordeel", "oordeel", ""),
    ("subsidie", "subsidie Vlaanderen (€/jaar)", "eur"),
    ("cofinanciering", "minimale cofinanciering (€/jaar)", "eur"),
    ("aandeel_centrumstad", "aandeel centrumstad in de inwoners", "percent"),
    ("aaneengesloten", "aaneengesloten", ""),
    ("redenen", "redenen", ""),
]
MEMBER_COLUMNS = [
    ("groep", "groep", ""),
    ("gemeente", "gemeente", ""),
    ("refnis", "REFNIS", ""),
    ("inwoners", "inwoners", "int"),
    ("aandeel", "aandeel in de inwoners van de groep", "percent"),
    ("bijdrage", "bijdrage (€/jaar)", "eur"),
    ("centrumstad", "centrumstad", ""),
    ("igs_nu", "IGS vandaag", ""),
    ("behouden", "lidmaatschap behouden", ""),
]


def member_rows(result: ScenarioResult, igs_names: Mapping[str, str]) -> list[dict]:
    rows = []
    for g in result.groups:
        for m in g.members:
            rows.append(
                {
                    "groep": g.name,
                    "gemeente": m.name,
                    "refnis": m.refnis,
                    "inwoners": m.population,
                    "aandeel": m.share_of_population,
                    "bijdrage": _float(m.contribution),
                    "centrumstad": "ja" if m.is_centrumstad else "",
                    "igs_nu": ", ".join(igs_names.get(s, s) for s in m.today),
                    "behouden": "" if m.kept is None else ("ja" if m.kept else "nee"),
                }
            )
    return rows


def overview_rows(result: ScenarioResult, bound: str = "") -> list[tuple[str, object]]:
    s = result.scenario
    rows: list[tuple[str, object]] = [
        ("scenario", s.title),
        ("peildatum", s.on.strftime("%d/%m/%Y")),
        ("regels", result.rules_label),
        ("groepen", len(result.groups)),
        ("groepen met subsidie", result.qualifying),
        ("gemeenten in een groep", result.municipalities_covered),
        ("gemeenten in totaal", result.municipalities_total),
        ("inwoners in een groep", result.population_covered),
        ("subsidie Vlaanderen samen (€/jaar)", float(result.subsidy_total_eur)),
        (
            "minimale cofinanciering samen (€/jaar)",
            float(sum((g.min_cofinancing_eur for g in result.groups), Decimal(0))),
        ),
        ("lidmaatschappen van vandaag behouden", len(result.memberships_kept)),
        ("lidmaatschappen van vandaag verbroken", len(result.memberships_broken)),
    ]
    for t in result.ties:
        rows.append((f"bestaande banden behouden ({t.kind})", f"{t.kept} van {t.total}"))
    if bound:
        rows.append(("max-p", bound))
    return rows


def _sheet(ws, columns, rows) -> None:
    from openpyxl.styles import Font

    ws.append([label for _key, label, _kind in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append([r.get(key) for key, _label, _kind in columns])
    for i, (_key, label, kind) in enumerate(columns, start=1):
        letter = ws.cell(row=1, column=i).column_letter
        if kind in FORMATS:
            for cell in ws[letter][1:]:
                cell.number_format = FORMATS[kind]
        ws.column_dimensions[letter].width = max(12, min(60, len(label) + 4))
    ws.freeze_panes = "A2"


def workbook(result: ScenarioResult, igs_names: Mapping[str, str], bound: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "overzicht"
    for label, value in overview_rows(result, bound):
        ws.append([label, value])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        if isinstance(value, float):
            ws.cell(row=ws.max_row, column=2).number_format = FORMATS["eur"]
    ws.column_dimensions["A"].width = 42
    ws.column_dimensions["B"].width = 60
    _sheet(wb.create_sheet("groepen"), GROUP_COLUMNS, group_rows(result))
    _sheet(wb.create_sheet("gemeenten"), MEMBER_COLUMNS, member_rows(result, igs_names))
    no_formulas(wb)  # titles and group names come from the user (a share link)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def regions_geojson(result: ScenarioResult, geometries: Mapping[str, dict]) -> dict:
    """A FeatureCollection with one (Multi)Polygon per group: the union of its members'
    GeoJSON geometries (WGS84), and the group's figures as properties."""
    from shapely import unary_union
    from shapely.geometry import mapping, shape

    features = []
    for g, row in zip(result.groups, group_rows(result), strict=True):
        shapes = [shape(geometries[m.refnis]) for m in g.members if m.refnis in geometries]
        geometry = mapping(unary_union(shapes)) if shapes else None
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "nr": row["nr"],
                    "naam": g.name,
                    "leden": [{"refnis": m.refnis, "naam": m.name} for m in g.members],
                    "inwoners": g.population,
                    "referentieregios": list(g.referentieregios),
                    "oordeel": g.verdict,
                    "subsidie_eur": str(g.subsidy_eur),
                    "minimale_cofinanciering_eur": str(g.min_cofinancing_eur),
                    "aandeel_centrumstad": g.centrumstad_share,
                    "aaneengesloten": g.contiguous,
                },
                "geometry": geometry,
            }
        )
    s = result.scenario
    return {
        "type": "FeatureCollection",
        "name": s.title,
        "peildatum": s.on.isoformat(),
        "regels": s.rules,
        "features": features,
    }


def geojson_bytes(collection: dict) -> bytes:
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
