"""``samenspel verdeelsleutel``: one key for an IGS or any set of municipalities."""

from __future__ import annotations

import json
import sys
from datetime import date

from samenspel.atlas.services import NO_DATA, get_atlas
from samenspel.funding import services
from samenspel.funding.analysis import KeySpec, compare
from samenspel.funding.forms import parse_pairs
from samenspel.funding.report import comparison_table


def _pairs(text: str | None, what: str) -> dict[str, float] | None:
    if not text:
        return None
    from django import forms

    try:
        return parse_pairs(text, what)
    except forms.ValidationError as exc:
        raise ValueError(" ".join(exc.messages)) from None


def run_verdeelsleutel(args, out) -> int:
    atlas = get_atlas()
    if atlas is None:
        print(NO_DATA, file=sys.stderr)
        return 1
    on = args.date or date.today()
    try:
        if args.igs:
            codes = services.igs_members(atlas, args.igs, on)
        else:
            codes = [c.strip() for c in args.gemeenten.split(",") if c.strip()]
        spec = KeySpec(
            args.sleutel,
            fixed=args.vast,
            per_inhabitant=args.per_inwoner,
            weights=_pairs(args.gewichten, "--gewichten"),
            benefits=_pairs(args.profijt, "--profijt"),
            max_share=args.max_aandeel,
            minimum=args.minimum,
        )
        if spec.name == "vast-plus-inwoners" and spec.fixed is None and spec.per_inhabitant is None:
            spec = KeySpec(spec.name, fixed=4000.0, max_share=spec.max_share, minimum=spec.minimum)
        cmp = compare(
            services.places(atlas, codes, on),
            services.adjacency(atlas, codes),
            [spec],
            args.bedrag,
            flanders=[services.place(atlas, c, on) for c in atlas.municipalities],
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
        "notes": cmp.notes + list(result.allocation.notes),
    }
    if args.format == "json":
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    table = comparison_table(cmp)
    out.write(table.to_text() + "\n")
    out.write(" ".join(result.explanation.overall) + "\n")
    for n in data["notes"]:
        out.write(f"Let op: {n}\n")
    return 0
