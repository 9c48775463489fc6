"""The command line speaks Dutch, also in argparse's own messages, and reads Belgian numbers.

No database needed: everything here is decided while parsing the command line.
"""

import argparse
import io
from decimal import Decimal

import pytest

from samenspel.cli import build_parser, main


def fails(capsys, *argv):
    """Run the CLI with bad input: it must stop with exit code 2; returns standard error."""
    with pytest.raises(SystemExit) as stop:
        main(list(argv), out=io.StringIO())
    assert stop.value.code == 2
    return capsys.readouterr().err


def help_text(capsys, *argv):
    with pytest.raises(SystemExit) as stop:
        main([*argv, "--help"], out=io.StringIO())
    assert stop.value.code == 0
    return capsys.readouterr().out


# -- argparse in Dutch --------------------------------------------------------------------------


def test_missing_command_says_gebruik_fout_and_what_is_missing(capsys):
    err = fails(capsys)
    assert err.startswith("gebruik: samenspel ")
    assert "samenspel: fout: deze argumenten ontbreken: commando" in err
    assert "usage:" not in err and "error:" not in err and "required" not in err


def test_missing_required_option(capsys):
    err = fails(capsys, "spel", "shapley")
    assert "samenspel spel: fout: deze argumenten ontbreken: --spel" in err


def test_invalid_choice(capsys):
    err = fails(capsys, "spel", "banzhaf", "--spel", "x.json")
    assert (
        "fout: argument methode: ongeldige keuze: 'banzhaf' "
        "(kies uit 'shapley', 'nucleolus', 'kern')" in err
    )


def test_unrecognized_arguments(capsys):
    err = fails(capsys, "atlas", "coverage", "--kleur", "rood")
    assert "samenspel: fout: onbekende argumenten: --kleur rood" in err


def test_option_without_its_value(capsys):
    err = fails(capsys, "atlas", "coverage", "--date")
    assert "fout: argument --date: verwacht één waarde" in err


def test_help_headings_and_help_option_in_dutch(capsys):
    text = help_text(capsys, "spel")
    assert text.startswith("gebruik: samenspel spel")
    assert "\nargumenten:\n" in text
    assert "\nopties:\n" in text
    assert "-h, --help            toon deze hulp en stop" in text
    assert "positional arguments" not in text and "options:" not in text


def test_other_argparse_users_keep_english(capsys):
    """The Dutch catalogue is only in force inside the samenspel parser (not e.g. Django's)."""
    build_parser().parse_args(["atlas", "coverage"])
    plain = argparse.ArgumentParser(prog="ander")
    assert plain.format_usage().startswith("usage: ander")
    assert "show this help message and exit" in plain.format_help()


# -- --sleutel ----------------------------------------------------------------------------------


def test_sleutel_help_lists_every_key_with_a_description(capsys):
    text = " ".join(help_text(capsys, "verdeelsleutel").split())
    for line in [
        "gelijk: elke gemeente betaalt hetzelfde",
        "inwoners: in verhouding tot het aantal inwoners",
        "vast-plus-inwoners: een vast bedrag per gemeente plus een bedrag per inwoner",
        "draagkracht: in verhouding tot het belastbaar inkomen",
        "profijt: in verhouding tot het profijt",
        "mix: een gewogen mix van andere sleutels",
    ]:
        assert line in text


def test_unknown_sleutel_is_refused_while_parsing(capsys):
    err = fails(capsys, "verdeelsleutel", "--igs", "noord", "--sleutel", "loting")
    assert "argument --sleutel: ongeldige keuze: 'loting' (kies uit 'gelijk', 'inwoners'," in err


# -- amounts in Belgian notation ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("250.000", Decimal("250000")),
        ("250.000,50", Decimal("250000.50")),
        ("250000,50", Decimal("250000.50")),
        ("250000.50", Decimal("250000.50")),
        ("1.234.567", Decimal("1234567")),
    ],
)
def test_bedrag_in_belgian_notation(typed, expected):
    args = build_parser().parse_args(
        ["verdeelsleutel", "--igs", "noord", "--sleutel", "gelijk", "--bedrag", typed]
    )
    assert args.bedrag == expected


def test_other_amounts_in_belgian_notation():
    args = build_parser().parse_args(
        [
            "verdeelsleutel",
            "--igs",
            "noord",
            "--sleutel",
            "vast-plus-inwoners",
            "--vast",
            "4.000",
            "--per-inwoner",
            "0,23",
            "--minimum",
            "1.000,50",
            "--max-aandeel",
            "0,4",
        ]
    )
    assert args.vast == Decimal("4000")
    assert args.per_inwoner == Decimal("0.23")
    assert args.minimum == Decimal("1000.50")
    assert args.max_aandeel == Decimal("0.4")


@pytest.mark.parametrize(
    ("option", "typed", "message"),
    [
        ("--bedrag", "tweehonderd", "argument --bedrag: 'tweehonderd' is geen getal"),
        ("--bedrag", "1,234.5", "argument --bedrag: '1,234.5' is dubbelzinnig"),
        ("--bedrag", "0", "argument --bedrag: moet groter zijn dan 0 €, niet 0 €"),
        ("--bedrag", "100,005", "argument --bedrag: 100,005 € heeft te veel cijfers na de komma"),
        ("--vast", "-4.000", "argument --vast: moet minstens 0 € zijn, niet -4.000 €"),
        ("--max-aandeel", "1,5", "argument --max-aandeel: mag hoogstens 1 zijn, niet 1,50"),
    ],
)
def test_bad_amounts_are_exit_2_with_a_dutch_message(capsys, option, typed, message):
    err = fails(capsys, "verdeelsleutel", "--igs", "noord", "--sleutel", "gelijk", option, typed)
    assert "samenspel verdeelsleutel: fout: " + message in err
