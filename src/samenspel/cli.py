"""The ``samenspel`` command line.

Tables for people by default, JSON with ``--format json`` for scripts. Exit codes: 0 success,
1 no data loaded yet, 2 bad input (the message says what and where). Every message is Dutch,
argparse's own included (:class:`DutchArgumentParser`); amounts are read in Belgian notation
(``250.000``, ``250.000,50``, ``250000,50``, ``250000.50``) by
:func:`samenspel.core.numbers.parse_number`.

    samenspel data load [DIR]
    samenspel atlas coverage [--date YYYY-MM-DD] [--format json]
    samenspel atlas eligibility --rules 2020|2027 [--date YYYY-MM-DD] [--aaneengesloten]
    samenspel spel shapley|nucleolus|kern --spel FILE.json [--verdeling FILE.json]
    samenspel verdeelsleutel --igs SLUG | --gemeenten REFNIS,... --sleutel KEY [--bedrag EUR]
                             [--aaneengesloten]
    samenspel regio maxp [--binnen REFERENTIEREGIO] [--drempel N] [--behoud-igs]
                         [--hoogstens-een-centrumstad] [--seed N] | --graaf FILE.json
    samenspel beheer <django-command> ...     (migrate, runserver, createsuperuser, …)
"""

from __future__ import annotations

import argparse
import gettext
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from samenspel.core.numbers import parse_number

# --------------------------------------------------------------------------------------------
# argparse in Dutch
# --------------------------------------------------------------------------------------------

#: argparse's own messages (Python 3.11 msgids) in Dutch. argparse looks them up through the
#: module-level names ``argparse._`` and ``argparse.ngettext`` (``from gettext import gettext as
#: _, ngettext``); :class:`DutchArgumentParser` points those names at this catalogue while it
#: builds, formats or parses, and puts the originals back afterwards. Other argparse users in the
#: same process (Django's management commands, pytest) keep their English messages.
ARGPARSE_DUTCH = {
    "usage: ": "gebruik: ",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "positional arguments": "argumenten",
    "options": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ongeldige keuze: %(value)r (kies uit %(choices)s)"
    ),
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "expected one argument": "verwacht één waarde",
    "expected at most one argument": "verwacht hoogstens één waarde",
    "expected at least one argument": "verwacht minstens één waarde",
    "one of the arguments %s is required": "een van deze argumenten is nodig: %s",
    "not allowed with argument %s": "niet samen met het argument %s",
    "ambiguous option: %(option)s could match %(matches)s": (
        "dubbelzinnige optie: %(option)s kan %(matches)s zijn"
    ),
    "ignored explicit argument %r": "waarde %r genegeerd",
    "invalid %(type)s value: %(value)r": "ongeldige waarde: %(value)r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "onbekend commando %(parser_name)r (kies uit %(choices)s)"
    ),
    "unexpected option string: %s": "onverwachte optie: %s",
    "subcommands": "commando's",
}
#: Plural messages: (singular, plural) msgid → (singular, plural) in Dutch.
ARGPARSE_DUTCH_PLURAL = {
    ("expected %s argument", "expected %s arguments"): (
        "verwacht %s waarde",
        "verwacht %s waarden",
    ),
}


class _ArgparseDutch(gettext.NullTranslations):
    """The gettext catalogue for argparse's messages (untranslated msgids fall through)."""

    def gettext(self, message: str) -> str:
        return ARGPARSE_DUTCH.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        one, many = ARGPARSE_DUTCH_PLURAL.get((msgid1, msgid2), (msgid1, msgid2))
        return one if n == 1 else many


_DUTCH = _ArgparseDutch()


@contextmanager
def argparse_in_dutch() -> Iterator[None]:
    """Let argparse speak Dutch inside the ``with`` block (re-entrant)."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _DUTCH.gettext, _DUTCH.ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, but a help text keeps its line breaks (each line is wrapped)."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        lines: list[str] = []
        for paragraph in text.splitlines():
            lines.extend(super()._split_lines(paragraph, width) or [""])
        return lines


class DutchArgumentParser(argparse.ArgumentParser):
    """An :class:`argparse.ArgumentParser` whose own messages and headings are Dutch.

    Exit code 2 for bad input, as argparse does. Subcommand parsers are of the same class.
    """

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        with argparse_in_dutch():
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs):
        with argparse_in_dutch():
            return super().add_subparsers(**kwargs)

    def parse_args(self, args=None, namespace=None):
        with argparse_in_dutch():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with argparse_in_dutch():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with argparse_in_dutch():
            return super().format_usage()

    def format_help(self) -> str:
        with argparse_in_dutch():
            return super().format_help()

    def error(self, message: str):
        with argparse_in_dutch():
            super().error(message)


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenspel.config.settings")
    import django

    django.setup()


def _on(args) -> date:
    """The reference date asked for, kept inside the period of the data (with a warning)."""
    from samenspel.partnerships.rules import clamp_to_period

    on, outside = clamp_to_period(args.date or date.today())
    if outside:
        print(f"Let op: {outside}", file=sys.stderr)
    return on


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is geen datum (JJJJ-MM-DD)") from None


def _number(what: str, **bounds) -> Callable[[str], Decimal]:
    """An argparse ``type`` reading a number in Belgian notation (``250.000``, ``250.000,50``,
    ``250000,50``, ``250000.50``) with :func:`~samenspel.core.numbers.parse_number`."""

    def convert(value: str) -> Decimal:
        try:
            return parse_number(value, what=what, **bounds)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc).removeprefix(f"{what}: ")) from None

    convert.__name__ = what
    return convert


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
    indicators = None
    folder = os.path.join(path, "indicators")
    if os.path.isdir(folder):  # the Monitor's figures, all or nothing, after the Atlas
        from samenspel.monitor.loading import IndicatorLoadError, load_indicators

        try:
            indicators = load_indicators(folder).counts
        except IndicatorLoadError as exc:
            print(
                f"De indicatoren in {folder} zijn niet geladen: {len(exc.problems)} "
                "probleem/problemen. De Atlas is wel geladen.",
                file=sys.stderr,
            )
            for p in exc.problems:
                print(f"  - {p}", file=sys.stderr)
            return 2
    if args.format == "json":
        data = {"source": report.source, "counts": report.counts, "warnings": report.warnings}
        if indicators is not None:
            data["indicators"] = indicators
        _print(data, None, "json", out)
    else:
        out.write(
            f"Bundel {path} geladen: "
            + ", ".join(f"{v} {k}" for k, v in report.counts.items())
            + ".\n"
        )
        for w in report.warnings:
            out.write(f"Let op: {w}\n")
        if indicators is not None:
            out.write(
                "Indicatoren geladen: "
                + ", ".join(f"{v} {k}" for k, v in indicators.items())
                + ".\n"
            )
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

    on = _on(args)
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

    on = _on(args)
    data = reports.eligibility_json(atlas, on, args.rules, contiguous=args.aaneengesloten)
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
        [dict(d, reasons="; ".join(d["reasons"] + d.get("advice", []))) for d in data],
    )
    _print(data, table, args.format, out)
    if args.format != "json":
        from samenspel.partnerships.rules import rule_set

        reading = rule_set(args.rules, contiguous=args.aaneengesloten).reading()
        if reading:
            out.write(reading + "\n")
    return 0


def cmd_spel(args, out) -> int:
    from samenspel.funding.gamefile import run_spel

    return run_spel(args.methode, args.spel, args.verdeling, args.format, out=out)


def cmd_verdeelsleutel(args, out) -> int:
    if _atlas() is None:
        return 1
    from samenspel.funding.commands import run_verdeelsleutel

    return run_verdeelsleutel(args, out)


def cmd_monitor_import_uit(args, out) -> int:
    from samenspel.monitor.commands_uit import run_import_uit

    return run_import_uit(args, out)


def cmd_monitor_import(args, out) -> int:
    from samenspel.monitor.commands import run_import

    return run_import(args, out)


def cmd_monitor_balans(args, out) -> int:
    from samenspel.monitor.commands import run_balans

    return run_balans(args, out)


def cmd_regio_maxp(args, out) -> int:
    from samenspel.scenarios.commands import run_regio_maxp

    if args.graaf:
        return run_regio_maxp(args, out)
    atlas = _atlas()
    if atlas is None:
        return 1
    from django.conf import settings

    return run_regio_maxp(args, out, atlas, _on(args), settings.DATA_DIR)


def cmd_beheer(args, out) -> int:
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["samenspel beheer", *args.rest])
    return 0


#: Short Dutch descriptions of the keys for ``--help`` (the names come from the key registry).
KEY_HELP = {
    "gelijk": "elke gemeente betaalt hetzelfde",
    "inwoners": "in verhouding tot het aantal inwoners",
    "vast-plus-inwoners": "een vast bedrag per gemeente plus een bedrag per inwoner "
    "(--vast, --per-inwoner)",
    "draagkracht": "in verhouding tot het belastbaar inkomen (inwoners × inkomen per inwoner)",
    "profijt": "in verhouding tot het profijt (--profijt, standaard het Huff-model)",
    "mix": "een gewogen mix van andere sleutels (--gewichten)",
}


CONTIGUITY_HELP = (
    "neem aan dat een IGS vanaf 2027 één aaneengesloten gebied moet zijn "
    "(geen bron stelt dit; standaard uit)"
)


def _key_names() -> list[str]:
    from samenspel.funding.keys import KEYS

    return list(KEYS)


def build_parser() -> argparse.ArgumentParser:
    from samenspel.core.numbers import format_number
    from samenspel.partnerships.rules import RULES_2027

    p = DutchArgumentParser(
        prog="samenspel",
        description="Samenspel: bovenlokale samenwerking rond cultuur in Vlaanderen",
    )
    sub = p.add_subparsers(dest="commando", required=True)
    fmt = DutchArgumentParser(add_help=False)
    fmt.add_argument(
        "--format",
        choices=["tekst", "text", "json"],
        default="tekst",
        help="tekst (standaard) of json",
    )

    data = sub.add_parser("data", help="gegevens laden").add_subparsers(
        dest="commando", required=True
    )
    load = data.add_parser("load", parents=[fmt], help="een databundel laden (alles of niets)")
    load.add_argument(
        "dir",
        nargs="?",
        help="map met flanders/ en cultuur/ (standaard de instelling SAMENSPEL_DATA_DIR)",
    )
    load.set_defaults(func=cmd_data_load)

    atlas = sub.add_parser("atlas", help="dekking en subsidiabiliteit").add_subparsers(
        dest="commando", required=True
    )
    cov = atlas.add_parser("coverage", parents=[fmt], help="dekking op een peildatum")
    cov.add_argument(
        "--date", type=_date, metavar="JJJJ-MM-DD", help="peildatum (standaard vandaag)"
    )
    cov.set_defaults(func=cmd_atlas_coverage)
    el = atlas.add_parser("eligibility", parents=[fmt], help="subsidiabiliteit per IGS")
    el.add_argument("--rules", choices=["2020", "2027"], required=True)
    el.add_argument("--aaneengesloten", action="store_true", help=CONTIGUITY_HELP)
    el.add_argument(
        "--date", type=_date, metavar="JJJJ-MM-DD", help="peildatum (standaard vandaag)"
    )
    el.set_defaults(func=cmd_atlas_eligibility)

    spel = sub.add_parser("spel", parents=[fmt], help="coöperatief spel: Shapley, nucleolus, kern")
    spel.add_argument(
        "methode",
        choices=["shapley", "nucleolus", "kern"],
        help="shapley (Shapley-waarde), nucleolus, of kern (ligt een verdeling in de kern?)",
    )
    spel.add_argument("--spel", required=True, help="JSON-bestand met het spel")
    spel.add_argument("--verdeling", help="JSON-bestand met een verdeling (voor kern)")
    spel.set_defaults(func=cmd_spel)

    vs = sub.add_parser("verdeelsleutel", parents=[fmt], help="bijdragen volgens een sleutel")
    grp = vs.add_mutually_exclusive_group(required=True)
    grp.add_argument("--igs", help="slug van het IGS, bv. zuidwest (hoofdletters maken niet uit)")
    grp.add_argument("--gemeenten", help="REFNIS-codes, komma-gescheiden")
    euro = "in euro, bv. 250.000 of 250.000,50"
    vs.add_argument(
        "--bedrag",
        type=_number("--bedrag", above=0, decimals=2, unit="€"),
        help=f"te verdelen bedrag {euro} (standaard: de minimale gemeentelijke "
        "cofinanciering 2027)",
    )
    keys = _key_names()
    vs.add_argument(
        "--sleutel",
        required=True,
        choices=keys,
        metavar="SLEUTEL",
        help="de verdeelsleutel, een van:\n"
        + "\n".join(f"{name}: {KEY_HELP.get(name, name)}" for name in keys),
    )
    vs.add_argument(
        "--vast",
        type=_number("--vast", minimum=0, decimals=2, unit="€"),
        help=f"vast bedrag per gemeente {euro} (vast-plus-inwoners)",
    )
    vs.add_argument(
        "--per-inwoner",
        type=_number("--per-inwoner", minimum=0, unit="€"),
        help="bedrag per inwoner in euro, bv. 0,23 (vast-plus-inwoners)",
    )
    vs.add_argument("--gewichten", help="mix, bv. inwoners=0,5;draagkracht=0,3;profijt=0,2")
    vs.add_argument(
        "--profijt",
        help="profijtcijfers, bv. 44021=1.200;44084=300,5 "
        "(standaard: Huff-model op de afstand tussen gemeenten)",
    )
    vs.add_argument(
        "--max-aandeel",
        type=_number("--max-aandeel", above=0, maximum=1),
        help="maximaal aandeel per partner, tussen 0 en 1 (bv. 0,4)",
    )
    vs.add_argument(
        "--minimum",
        type=_number("--minimum", minimum=0, decimals=2, unit="€"),
        help=f"minimumbijdrage per partner {euro}",
    )
    vs.add_argument(
        "--date", type=_date, metavar="JJJJ-MM-DD", help="peildatum (standaard vandaag)"
    )
    vs.add_argument("--aaneengesloten", action="store_true", help=CONTIGUITY_HELP)
    vs.set_defaults(func=cmd_verdeelsleutel)

    regio = sub.add_parser("regio", help="regio's indelen (max-p)").add_subparsers(
        dest="commando", required=True
    )
    mp = regio.add_parser(
        "maxp", parents=[fmt], help="zoveel mogelijk aaneengesloten regio's boven een drempel"
    )
    mp.add_argument(
        "--graaf", metavar="BESTAND.json", help="een eigen graaf in plaats van de gemeenten"
    )
    mp.add_argument(
        "--binnen",
        metavar="REFERENTIEREGIO",
        help="alleen deze referentieregio (naam, slug of code, bv. Limburg)",
    )
    floor_2027 = RULES_2027.min_population
    mp.add_argument(
        "--drempel",
        type=_number("--drempel", above=0),
        default=Decimal(floor_2027),
        help="minimum per regio van het attribuut (standaard de drempel van de regels "
        f"vanaf 2027: {format_number(floor_2027)} inwoners)",
    )
    mp.add_argument("--attribuut", default="bevolking", help="het opgetelde attribuut")
    mp.add_argument("--behoud-igs", action="store_true", help="houd de leden van elk IGS samen")
    mp.add_argument(
        "--hoogstens-een-centrumstad",
        action="store_true",
        help="hoogstens één centrumstad per regio",
    )
    mp.add_argument(
        "--padafhankelijk",
        action="store_true",
        help="houd buren die al samenwerken (cultuur-IGS, erfgoedcel, IOED, andere IGS) liefst "
        "samen; zonder deze optie wordt enkel gemeld hoeveel banden behouden blijven",
    )
    mp.add_argument(
        "--eilanden",
        choices=["weglaten", "eigen", "fout"],
        default="weglaten",
        help="gebieden die de drempel niet kunnen halen (Voeren): weglaten, eigen regio of fout",
    )
    mp.add_argument(
        "--doel",
        choices=["heterogeniteit", "compactheid"],
        default="heterogeniteit",
        help="na zoveel mogelijk regio's: zo gelijkaardig mogelijke gemeenten per regio "
        "(heterogeniteit, standaard) of zo weinig mogelijk grens tussen regio's (compactheid)",
    )
    mp.add_argument(
        "--seed", type=int, default=0, help="toevalsgetal (zelfde seed, zelfde indeling)"
    )
    mp.add_argument(
        "--date", type=_date, metavar="JJJJ-MM-DD", help="peildatum (standaard vandaag)"
    )
    mp.set_defaults(func=cmd_regio_maxp)

    monitor = sub.add_parser(
        "monitor", help="impact: activiteiten, indicatoren, balans"
    ).add_subparsers(dest="commando", required=True)
    uit = monitor.add_parser(
        "import-uit", parents=[fmt], help="UiTdatabank-activiteiten (JSON-LD) inlezen en tellen"
    )
    uit.add_argument(
        "bestanden",
        nargs="+",
        metavar="BESTAND",
        help="JSON-LD: één activiteit, een Search API-antwoord (member) of NDJSON (ook .gz)",
    )
    uit.add_argument(
        "--jaar",
        type=int,
        action="append",
        metavar="JJJJ",
        help="tel enkel dit jaar (herhaalbaar; standaard alle jaren)",
    )
    uit.add_argument(
        "--bundel", metavar="MAP", help="databundel met flanders/ (standaard SAMENSPEL_DATA_DIR)"
    )
    uit.add_argument(
        "--ophalen",
        metavar="NIS",
        help="haal eerst alle activiteiten van deze gemeente (REFNIS) op bij de Search API "
        "en bewaar ze in BESTAND (NDJSON)",
    )
    uit.add_argument(
        "--client-id",
        metavar="ID",
        help="x-client-id voor de Search API (standaard UITDATABANK_CLIENT_ID)",
    )
    uit.add_argument(
        "--api-url",
        default="https://search.uitdatabank.be",
        metavar="URL",
        help="adres van de Search API (bv. https://search-test.uitdatabank.be)",
    )
    uit.add_argument("--max", type=int, metavar="N", help="hoogstens N activiteiten ophalen")
    uit.add_argument(
        "--opslaan",
        action="store_true",
        help="bewaar de tellingen als metingen (activiteiten, speeldagen, samen georganiseerd "
        "per gemeente en jaar); dezelfde bestanden opnieuw veranderen niets",
    )
    uit.set_defaults(func=cmd_monitor_import_uit)
    imp = monitor.add_parser(
        "import", parents=[fmt], help="metingen van indicatoren uit een CSV- of XLSX-bestand"
    )
    imp.add_argument("bestand", metavar="BESTAND.xlsx|csv")
    imp.set_defaults(func=cmd_monitor_import)
    bal = monitor.add_parser(
        "balans", parents=[fmt], help="evenwicht tussen de partners van een IGS in een jaar"
    )
    bal.add_argument("--igs", required=True, metavar="SLUG", help="het IGS (slug of naam)")
    bal.add_argument("--jaar", required=True, type=int, metavar="JJJJ", help="het jaar")
    bal.set_defaults(func=cmd_monitor_balans)

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
