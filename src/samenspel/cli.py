"""The ``samenspel`` command line.

Tables for people by default, JSON with ``--format json`` for scripts. Exit codes: 0 success,
1 no data loaded yet, 2 bad input (the message says what and where).

    samenspel data load [DIR]
    samenspel atlas coverage [--date YYYY-MM-DD] [--format json]
    samenspel atlas eligibility --rules 2020|2027 [--date YYYY-MM-DD] [--format json]
    samenspel spel shapley|nucleolus|kern --spel FILE.json [--verdeling FILE.json]
    samenspel verdeelsleutel --igs SLUG | --gemeenten REFNIS,... --bedrag EUR --sleutel KEY
    samenspel beheer <django-command> ...     (migrate, runserver, createsuperuser, …)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenspel.config.settings")
    import django

    django.setup()


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is geen datum (JJJJ-MM-DD)") from None


def _amount(value: str):
    from decimal import Decimal, InvalidOperation

    try:
        amount = Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"'{value}' is geen bedrag in euro") from None
    if not amount.is_finite() or amount <= 0:
        raise argparse.ArgumentTypeError(f"het bedrag moet groter zijn dan nul, niet {value}")
    return amount


def _print(data, table, fmt: str, out) -> None:
    if fmt == "json":
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for t in table if isinstance(table, list) else [table]:
            out.write(t.to_text() + "\n")


def cmd_data_load(args, out) -> int:
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from samenspel.atlas.bundle import BundleError
    from samenspel.atlas.loading import load_bundle

    call_command("migrate", verbosity=0)
    path = args.dir or str(settings.DATA_DIR)
    try:
        report = load_bundle(path)
    except BundleError as exc:
        print(
            f"De bundel {path} is niet geladen: {len(exc.problems)} probleem/problemen. "
            "Er is niets gewijzigd.",
            file=sys.stderr,
        )
        for p in exc.problems:
            print(f"  - {p}", file=sys.stderr)
        return 2
    if args.format == "json":
        _print(
            {"source": report.source, "counts": report.counts, "warnings": report.warnings},
            None,
            "json",
            out,
        )
    else:
        out.write(
            f"Bundel {path} geladen: "
            + ", ".join(f"{v} {k}" for k, v in report.counts.items())
            + ".\n"
        )
        for w in report.warnings:
            out.write(f"Let op: {w}\n")
    return 0


def _atlas():
    _setup_django()
    from django.db.utils import OperationalError, ProgrammingError

    from samenspel.atlas.services import NO_DATA, get_atlas

    try:
        atlas = get_atlas()
    except (OperationalError, ProgrammingError):  # database not migrated yet
        atlas = None
    if atlas is None:
        print(NO_DATA, file=sys.stderr)
    return atlas


def cmd_atlas_coverage(args, out) -> int:
    atlas = _atlas()
    if atlas is None:
        return 1
    from samenspel.atlas import reports

    on = args.date or date.today()
    _print(
        reports.coverage_json(atlas, on),
        [
            reports.summary_table(atlas, on),
            reports.partnerships_table(atlas, on),
            reports.regions_table(atlas, on),
        ],
        args.format,
        out,
    )
    return 0


def cmd_atlas_eligibility(args, out) -> int:
    atlas = _atlas()
    if atlas is None:
        return 1
    from samenspel.atlas import reports
    from samenspel.core.tables import Column, Table

    on = args.date or date.today()
    data = reports.eligibility_json(atlas, on, args.rules)
    table = Table(
        "subsidiabiliteit",
        f"Subsidiabiliteit volgens de regels {args.rules} op {on:%d/%m/%Y}",
        [
            Column("name", "IGS"),
            Column("population", "inwoners", "int"),
            Column("verdict", "oordeel"),
            Column("subsidy_eur", "subsidie", "eur"),
            Column("min_cofinancing_eur", "min. gemeentelijk", "eur"),
            Column("reasons", "redenen"),
        ],
        [dict(d, reasons="; ".join(d["reasons"])) for d in data],
    )
    _print(data, table, args.format, out)
    return 0


def cmd_spel(args, out) -> int:
    from samenspel.funding.gamefile import run_spel

    return run_spel(args.methode, args.spel, args.verdeling, args.format, out=out)


def cmd_verdeelsleutel(args, out) -> int:
    _setup_django()
    from samenspel.funding.commands import run_verdeelsleutel

    return run_verdeelsleutel(args, out)


def cmd_beheer(args, out) -> int:
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["samenspel beheer", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="samenspel",
        description="Samenspel: bovenlokale samenwerking rond cultuur in Vlaanderen",
    )
    sub = p.add_subparsers(dest="command", required=True)
    fmt = argparse.ArgumentParser(add_help=False)
    fmt.add_argument(
        "--format",
        choices=["tekst", "text", "json"],
        default="tekst",
        help="tekst (standaard) of json",
    )

    data = sub.add_parser("data", help="gegevens laden").add_subparsers(dest="sub", required=True)
    load = data.add_parser("load", parents=[fmt], help="een databundel laden (alles of niets)")
    load.add_argument(
        "dir",
        nargs="?",
        help="map met flanders/ en cultuur/ (standaard de instelling SAMENSPEL_DATA_DIR)",
    )
    load.set_defaults(func=cmd_data_load)

    atlas = sub.add_parser("atlas", help="dekking en subsidiabiliteit").add_subparsers(
        dest="sub", required=True
    )
    cov = atlas.add_parser("coverage", parents=[fmt], help="dekking op een peildatum")
    cov.add_argument("--date", type=_date, help="peildatum JJJJ-MM-DD (standaard vandaag)")
    cov.set_defaults(func=cmd_atlas_coverage)
    el = atlas.add_parser("eligibility", parents=[fmt], help="subsidiabiliteit per IGS")
    el.add_argument("--rules", choices=["2020", "2027"], required=True)
    el.add_argument("--date", type=_date, help="peildatum JJJJ-MM-DD (standaard vandaag)")
    el.set_defaults(func=cmd_atlas_eligibility)

    spel = sub.add_parser("spel", parents=[fmt], help="coöperatief spel: Shapley, nucleolus, kern")
    spel.add_argument("methode", choices=["shapley", "nucleolus", "kern"])
    spel.add_argument("--spel", required=True, help="JSON-bestand met het spel")
    spel.add_argument("--verdeling", help="JSON-bestand met een verdeling (voor kern)")
    spel.set_defaults(func=cmd_spel)

    vs = sub.add_parser("verdeelsleutel", parents=[fmt], help="bijdragen volgens een sleutel")
    grp = vs.add_mutually_exclusive_group(required=True)
    grp.add_argument("--igs", help="slug van het IGS")
    grp.add_argument("--gemeenten", help="REFNIS-codes, komma-gescheiden")
    vs.add_argument(
        "--bedrag",
        type=_amount,
        help="te verdelen bedrag in euro (standaard: de minimale "
        "gemeentelijke cofinanciering 2027)",
    )
    vs.add_argument("--sleutel", required=True)
    vs.add_argument("--vast", type=float, help="vast bedrag per gemeente (vast-plus-inwoners)")
    vs.add_argument("--per-inwoner", type=float, help="bedrag per inwoner (vast-plus-inwoners)")
    vs.add_argument("--gewichten", help="mix, bv. inwoners=0.5,draagkracht=0.3,profijt=0.2")
    vs.add_argument(
        "--profijt",
        help="profijtcijfers, bv. 44021=1200,44084=300 "
        "(standaard: Huff-model op de afstand tussen gemeenten)",
    )
    vs.add_argument("--max-aandeel", type=float, help="maximaal aandeel per partner (0–1)")
    vs.add_argument("--minimum", type=float, help="minimumbijdrage per partner in euro")
    vs.add_argument("--date", type=_date, help="peildatum JJJJ-MM-DD (standaard vandaag)")
    vs.set_defaults(func=cmd_verdeelsleutel)

    beheer = sub.add_parser("beheer", help="Django-beheercommando's (migrate, runserver, …)")
    beheer.add_argument("rest", nargs=argparse.REMAINDER)
    beheer.set_defaults(func=cmd_beheer)
    return p


def main(argv: list[str] | None = None, out=None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "format", None) == "text":
        args.format = "tekst"
    return args.func(args, out or sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
