"""``samenspel monitor import`` and ``samenspel monitor balans``.

    samenspel monitor import BESTAND.xlsx|csv [--format json]
    samenspel monitor balans --igs SLUG --jaar JJJJ [--format json]

Exit codes as everywhere in the CLI: 0 success, 1 no data loaded yet, 2 bad input (every bad
row of a file is listed: file, row, column, reason; nothing is written).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from samenspel.core.numbers import format_number, format_percent


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenspel.config.settings")
    import django

    django.setup()


def _atlas():
    from django.db.utils import OperationalError, ProgrammingError

    from samenspel.atlas.services import NO_DATA, get_atlas

    try:
        atlas = get_atlas()
    except (OperationalError, ProgrammingError):
        atlas = None
    if atlas is None:
        print(NO_DATA, file=sys.stderr)
    return atlas


def _json(data, out) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def run_import(args, out) -> int:
    _django()
    if _atlas() is None:
        return 1
    from samenspel.monitor.loading import import_measurements

    path = Path(args.bestand)
    if not path.is_file():
        print(f"Fout: het bestand {path} bestaat niet.", file=sys.stderr)
        return 2
    from samenspel.monitor.measurements import MAX_BYTES

    if path.stat().st_size > MAX_BYTES:
        print(
            f"Fout: {path.name} is groter dan {MAX_BYTES // (1024 * 1024)} MB; splits het op.",
            file=sys.stderr,
        )
        return 2
    result = import_measurements(path.name, path.read_bytes())
    if getattr(args, "format", None) == "json":
        b = result.batch
        _json(
            {
                "bestand": path.name,
                "ingelezen": 0 if result.already or b is None else b.row_count,
                "al_ingelezen": result.already,
                "ingelezen_op": b.imported_at.isoformat() if b else None,
                "indicatoren": b.indicator_set.split() if b else [],
                "fouten": result.errors,
            },
            out,
        )
    elif result.ok:
        out.write(result.message() + "\n")
    if not result.ok:
        print(result.message(), file=sys.stderr)
        for e in result.errors:
            print(f"  - {e}", file=sys.stderr)
        return 2
    return 0


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 6)


def balance_json(ib) -> dict:
    """The JSON of ``samenspel monitor balans`` (also for a download later)."""
    from samenspel.monitor.balance import BALANCE_BAND, GINI_SIGNAL

    b = ib.balance
    partners = []
    for p in b.partners:
        partners.append(
            {
                "refnis": p.refnis,
                "naam": p.name,
                "centrumstad": p.centrumstad,
                "inwoners": int(p.values["inwoners"]),
                "activiteiten": p.values["activiteiten"],
                "deelnemers": p.values["deelnemers"],
                "uitgaven_eur": p.values["uitgaven"],
                "bijdrage_eur": p.values["bijdrage"],
                "inwoners_aandeel": _r(p.shares["inwoners"]),
                "activiteiten_aandeel": _r(p.shares["activiteiten"]),
                "bijdrage_aandeel": _r(p.shares["bijdrage"]),
                "deelnemers_aandeel": _r(p.shares["deelnemers"]),
                "uitgaven_aandeel": _r(p.shares["uitgaven"]),
                "activiteiten_per_1000_inwoners": _r(p.activities_per_1000),
                "locatiequotienten": {k: _r(v) for k, v in p.quotients.items()},
                "uitleg": p.sentence,
            }
        )
    return {
        "igs": ib.slug,
        "naam": ib.name,
        "jaar": ib.year,
        "peildatum": ib.on.isoformat(),
        "centrumsteden": b.centrumsteden,
        "partners": partners,
        "dominantie_index": _r(b.dominance_index),
        "dominantie": {k: _r(v) for k, v in b.dominance.items()},
        "ongelijkheid": {
            "gini": _r(b.gini),
            "theil": _r(b.theil),
            "theil_max": _r(b.theil_max),
            "maat": "activiteiten per inwoner",
            "weging": "inwoners",
        },
        "drempels": {"evenwicht": list(BALANCE_BAND), "gini_signaal": GINI_SIGNAL},
        "uitleg": b.sentences,
        "opmerkingen": ib.notes + b.notes,
    }


def _share(x: float | None) -> str:
    return "—" if x is None else format_percent(x)


def _num(x: float | None, decimals: int = 0) -> str:
    return "—" if x is None else format_number(x, decimals)


def run_balans(args, out) -> int:
    _django()
    atlas = _atlas()
    if atlas is None:
        return 1
    from samenspel.core.tables import Column, Table
    from samenspel.monitor.services import igs_balance

    try:
        ib = igs_balance(atlas, args.igs, args.jaar)
    except ValueError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    if getattr(args, "format", None) == "json":
        _json(balance_json(ib), out)
        return 0
    b = ib.balance
    table = Table(
        "balans",
        f"Evenwicht in {ib.name}, {ib.year} (partners op {ib.on:%d/%m/%Y})",
        [
            Column("naam", "Gemeente"),
            Column("inwoners", "Inwoners", "int"),
            Column("inw", "Aandeel inwoners"),
            Column("bijdrage", "Aandeel bijdrage"),
            Column("activiteiten", "Activiteiten"),
            Column("act", "Aandeel activiteiten"),
            Column("lq", "Activiteiten/inwoners"),
        ],
    )
    for p in b.partners:
        table.rows.append(
            {
                "naam": p.name + (" (centrumstad)" if p.centrumstad else ""),
                "inwoners": int(p.values["inwoners"]),
                "inw": _share(p.shares["inwoners"]),
                "bijdrage": _share(p.shares["bijdrage"]),
                "activiteiten": _num(p.values["activiteiten"]),
                "act": _share(p.shares["activiteiten"]),
                "lq": _num(p.quotients["activiteiten_inwoners"], 2),
            }
        )
    out.write(table.to_text() + "\n")
    for key in ("dominantie_index", "dominantie_bijdrage", "ongelijkheid", "locatiequotient"):
        if key in b.sentences:
            out.write(b.sentences[key] + "\n")
    for note in ib.notes + b.notes:
        out.write(f"Let op: {note}\n")
    return 0
