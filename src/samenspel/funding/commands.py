"""``samenspel verdeelsleutel``: one key for an IGS or any set of municipalities."""

from __future__ import annotations

import json
import sys
from datetime import date
from decimal import Decimal

from django import forms

from samenspel.atlas.services import NO_DATA, get_atlas
from samenspel.core.numbers import format_eur
from samenspel.funding import services
from samenspel.funding.analysis import KeySpec, compare
from samenspel.funding.forms import parse_pairs as form_pairs
from samenspel.funding.report import comparison_table
from samenspel.partnerships.rules import clamp_to_period, rule_set


def parse_pairs(text: str | None, option: str) -> dict[str, float] | None:
    """``'a=0,5;b=1.200'`` → ``{'a': 0.5, 'b': 1200.0}`` (Belgian notation), as the web form
    reads them (:func:`samenspel.funding.forms.parse_pairs`); a :class:`ValueError` with a Dutch
    message naming ``option`` when something is wrong."""
    if not text or not text.strip():
        return None
    try:
        return form_pairs(text, option, minimum=0)
    except forms.ValidationError as exc:
        raise ValueError(" ".join(exc.messages)) from None


def run_verdeelsleutel(args, out) -> int:
    atlas = get_atlas()
    if atlas is None:
        print(NO_DATA, file=sys.stderr)
        return 1
    on, outside = clamp_to_period(args.date or date.today())
    if outside:
        print(f"Let op: {outside}", file=sys.stderr)
    try:
        if args.igs:
            codes = services.igs_members(atlas, args.igs, on)
            if not codes:
                igs = atlas.partnerships[services.find_igs(atlas, args.igs)]
                raise ValueError(
                    f"{igs.name} heeft op {on:%d/%m/%Y} geen gemeenten die er volledig deel van "
                    "uitmaken. Kies een andere peildatum (--date) of geef de gemeenten op "
                    "(--gemeenten)."
                )
        else:
            codes = [c.strip() for c in args.gemeenten.split(",") if c.strip()]
        spec = KeySpec(
            args.sleutel,
            fixed=args.vast,
            per_inhabitant=args.per_inwoner,
            weights=parse_pairs(args.gewichten, "--gewichten"),
            benefits=parse_pairs(args.profijt, "--profijt"),
            max_share=args.max_aandeel,
            minimum=args.minimum,
        )
        if spec.name == "vast-plus-inwoners" and spec.fixed is None and spec.per_inhabitant is None:
            spec = KeySpec(
                spec.name, fixed=Decimal(4000), max_share=spec.max_share, minimum=spec.minimum
            )
        cmp = compare(
            services.places(atlas, codes, on),
            services.adjacency(atlas, codes),
            [spec],
            args.bedrag,
            flanders=[services.place(atlas, c, on) for c in atlas.municipalities],
            rules=rule_set("2027", contiguous=args.aaneengesloten),
        )
    except ValueError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    result = cmp.results[0]
    phi, nu = cmp.shapley.as_dict(), cmp.nucleolus.as_dict() if cmp.nucleolus else {}
    alone, marginal = cmp.stand_alone, cmp.marginal
    rows = []
    for share in result.allocation.shares:
        code = share.partner.refnis
        rows.append(
            {
                "refnis": code,
                "name": share.partner.name,
                "population": share.partner.population,
                "amount_eur": float(share.amount),
                "per_inhabitant_eur": float(share.per_inhabitant) if share.per_inhabitant else None,
                "share_of_total": share.share_of_total,
                "share_of_population": share.share_of_population,
                "shapley_eur": round(phi[code], 2),
                "nucleolus_eur": round(nu[code], 2) if code in nu else None,
                "stand_alone_eur": round(alone[code], 2),
                "marginal_eur": round(marginal[code], 2),
            }
        )
    core = result.explanation.core
    data = {
        "date": on.isoformat(),
        "key": spec.name,
        "label": spec.label,
        "amount_eur": float(result.allocation.total),
        "partners": rows,
        "win_win": result.explanation.win_win,
        "worst_coalition": list(core.worst_coalition) if core else None,
        "worst_excess_eur": round(core.worst_excess, 2) if core else None,
        "explanation": list(result.explanation.overall),
        "notes": cmp.notes + list(result.allocation.notes) + list(cmp.negatives),
        "rules": cmp.rules.code,
        "assumptions": sorted(cmp.rules.assumptions),
        "reading": cmp.rules.reading(),
    }
    verdict = cmp.verdict
    if verdict is not None:
        data["group"] = {
            "verdict": verdict.verdict,
            "eligible": verdict.eligible,
            "subsidy_eur": float(verdict.subsidy_eur),
            "reasons": list(verdict.reasons),
            "advice": list(verdict.advice),
        }
    if args.format == "json":
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    table = comparison_table(cmp)
    out.write(table.to_text() + "\n")
    out.write(" ".join(result.explanation.overall) + "\n")
    if verdict is not None:
        out.write(
            f"Als één IGS volgens de regels {cmp.rules.code}: {verdict.verdict} "
            f"(subsidie {format_eur(verdict.subsidy_eur)}). {cmp.rules.reading()}".rstrip()
            + "\n"
        )
    for n in data["notes"]:
        out.write(f"Let op: {n}\n")
    return 0
