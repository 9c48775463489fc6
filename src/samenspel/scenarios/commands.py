"""``samenspel regio maxp``: the max-p engine on the Atlas or on a graph file.

Exit codes as in the rest of the CLI: 0 success, 1 no data loaded, 2 bad input or no
partition possible (the message says what and where).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from itertools import combinations
from pathlib import Path

from samenspel.core.numbers import format_number
from samenspel.scenarios.maxp import MaxPInputError, MaxPResult, maxp
from samenspel.scenarios.ties import neighbour_ties, read_ties

ISLANDS = {"weglaten": "leave_out", "eigen": "own_region", "fout": "error"}
OBJECTIVES = {"heterogeniteit": "heterogeneity", "compactheid": "compactness"}


def read_graph(path: str) -> tuple[dict[str, dict[str, float]], list[list[str]]]:
    """Read ``{"gebieden": {"id": {"attribuut": waarde}}, "buren": [["a", "b"], ...]}``."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise MaxPInputError(f"{path}: kan het bestand niet lezen ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise MaxPInputError(f"{path}, regel {exc.lineno}: geen geldige JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise MaxPInputError(f"{path}: verwacht een object met 'gebieden' en 'buren'")
    areas = data.get("gebieden")
    pairs = data.get("buren", [])
    if not isinstance(areas, dict) or not areas:
        raise MaxPInputError(f"{path}, veld 'gebieden': verwacht een niet-leeg object")
    for k, v in areas.items():
        if not isinstance(v, dict):
            raise MaxPInputError(f"{path}, veld 'gebieden', gebied '{k}': verwacht een object")
    if not isinstance(pairs, list):
        raise MaxPInputError(f"{path}, veld 'buren': verwacht een lijst van paren")
    for k, pair in enumerate(pairs, start=1):
        if not (isinstance(pair, list) and len(pair) == 2):
            raise MaxPInputError(
                f"{path}, veld 'buren', paar {k}: verwacht twee gebieden, kreeg {pair!r}"
            )
    return {str(k): v for k, v in areas.items()}, [[str(a), str(b)] for a, b in pairs]


def atlas_problem(atlas, args, on: date, data_dir=None) -> dict:
    """The keyword arguments of :func:`maxp` for the municipalities of the Atlas."""
    munis = atlas.municipalities
    codes = sorted(munis)
    if args.binnen:
        wanted = args.binnen.strip().lower()
        codes = [
            c
            for c in codes
            if wanted
            in {munis[c].region.lower(), munis[c].region_slug, munis[c].region_code.lower()}
        ]
        if not codes:
            names = ", ".join(sorted({m.region for m in munis.values()}))
            raise MaxPInputError(
                f"--binnen: referentieregio '{args.binnen}' onbekend (kies uit {names})"
            )
    inside = set(codes)
    areas = {c: {args.attribuut: float(atlas.population(c, on))} for c in codes}
    if args.attribuut != "bevolking":
        for c in codes:
            value, _year = munis[c].figure(args.attribuut, on)
            if value is None:
                raise MaxPInputError(
                    f"--attribuut: gemeente {c} heeft geen waarde voor '{args.attribuut}'"
                )
            areas[c] = {args.attribuut: float(value)}
    pairs = sorted(
        {tuple(sorted((a, b))) for a in codes for b in atlas.adjacency.get(a, ()) if b in inside}
    )
    partition = {c: munis[c].region for c in codes}
    cov = atlas.coverage(on)
    together, warnings = [], []
    igs_members = [[c for c in pc.members if c in inside] for pc in cov.partnerships.values()]
    ties = neighbour_ties(igs_members, "cultuur-IGS", atlas.adjacency, inside)
    if data_dir is not None:
        more, problems = read_ties(Path(data_dir) / "samenwerking", on, atlas.adjacency, inside)
        ties += more
        warnings += problems
    for slug, pc in sorted(cov.partnerships.items()):
        members = [c for c in pc.members if c in inside]
        if args.behoud_igs:
            by_region: dict[str, list[str]] = {}
            for c in members:
                by_region.setdefault(partition[c], []).append(c)
            if len(by_region) > 1:
                warnings.append(
                    f"IGS {slug} ligt in meer dan één referentieregio; elk deel blijft samen"
                )
            together.extend(g for g in by_region.values() if len(g) > 1)
    apart = []
    if args.hoogstens_een_centrumstad:
        steden = [c for c in codes if munis[c].is_centrumstad]
        apart = list(combinations(steden, 2))
    return {
        "areas": areas,
        "neighbours": pairs,
        "partition": partition,
        "together": together,
        "apart": apart,
        "ties": ties,
        "warnings": warnings,
    }


def result_json(r: MaxPResult) -> dict:
    return {
        "status": r.status,
        "message": r.message,
        "p": r.p,
        "objective": r.objective,
        "objective_kind": r.objective_kind,
        "heterogeneity": r.heterogeneity,
        "bound": r.bound,
        "proven": r.proven,
        "regions": [
            {"members": list(reg.members), "totals": reg.totals, "meets_floor": reg.meets_floor}
            for reg in r.regions
        ],
        "left_out": list(r.left_out),
        "islands": list(r.islands),
        "ties_kept": {
            k: {"kept": kept, "total": tot, "share": kept / tot if tot else None}
            for k, (kept, tot) in r.ties_kept.items()
        },
        "warnings": list(r.warnings),
        "seconds": r.seconds,
    }


def result_text(r: MaxPResult, attribute: str) -> str:
    lines = [r.message]
    for k, reg in enumerate(r.regions, start=1):
        mark = "" if reg.meets_floor else " (onder de drempel)"
        total = format_number(reg.totals[attribute])
        lines.append(f"regio {k}: {attribute} {total}{mark}: {', '.join(reg.members)}")
    doel = {v: k for k, v in OBJECTIVES.items()}[r.objective_kind]
    lines.append(f"doel ({doel}): {format_number(r.objective, 3)}")
    if r.bound is not None:
        lines.append(
            f"bewezen maximum: p = {r.p}"
            if r.proven
            else f"bovengrens: p ≤ {r.bound} (de heuristiek vond {r.p})"
        )
    for kind, (kept, tot) in sorted(r.ties_kept.items()):
        lines.append(f"bestaande banden ({kind}) behouden: {kept} van {tot}")
    if r.left_out:
        lines.append(f"weggelaten: {', '.join(r.left_out)}")
    for w in r.warnings:
        lines.append(f"Let op: {w}")
    lines.append(f"tijd: {format_number(r.seconds, 2)} s")
    return "\n".join(lines) + "\n"


def run_regio_maxp(args, out, atlas=None, on: date | None = None, data_dir=None) -> int:
    try:
        if args.graaf:
            areas, pairs = read_graph(args.graaf)
            extra = {"areas": areas, "neighbours": pairs}
            where = f"{args.graaf}: "
        else:
            extra = atlas_problem(atlas, args, on, data_dir)
            where = ""
        warnings = extra.pop("warnings", [])
        try:
            result = maxp(
                floor_attribute=args.attribuut,
                floor=float(args.drempel),
                islands=ISLANDS[args.eilanden],
                objective_kind=OBJECTIVES[args.doel],
                seed=args.seed,
                tie_weight=1.0 if getattr(args, "padafhankelijk", False) else 0.0,
                **extra,
            )
        except MaxPInputError as exc:
            raise MaxPInputError(f"{where}{exc}") from None
    except MaxPInputError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    for w in warnings:
        print(f"Let op: {w}", file=sys.stderr)
    if args.format == "json":
        json.dump(result_json(result), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(result_text(result, args.attribuut))
    if not result.success:
        print(f"Fout: {result.message}", file=sys.stderr)
        return 2
    return 0
