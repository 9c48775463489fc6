"""``samenspel verdeelsleutel`` on the synthetic bundle (tests/fixtures/bundle.py).

Eeklo (43005) has 20.000 inhabitants, Evergem (44019) 40.000, Aalter (44084) 30.000; the IGS
'los' is Eeklo and Voeren (73109); the IGS slugs are los, noord and zuid.
"""

import io
import json

import pytest

from samenspel.cli import main

DATE = ("--date", "2026-11-28")
THREE = ("--gemeenten", "43005,44019,44084")


def run(*argv):
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


@pytest.fixture
def loaded_cli(bundle_dir, transactional_db):
    code, _ = run("data", "load", str(bundle_dir))
    assert code == 0


def by_refnis(text):
    return {p["refnis"]: p for p in json.loads(text)["partners"]}


def test_unknown_igs_is_exit_2_and_lists_the_valid_slugs(loaded_cli, capsys):
    code, out = run("verdeelsleutel", "--igs", "onbekend", "--sleutel", "gelijk", *DATE)
    assert code == 2
    assert out == ""
    err = capsys.readouterr().err
    assert "Onbekend IGS 'onbekend'. Kies uit: los, noord, zuid." in err
    assert "Traceback" not in err


def test_igs_slug_is_case_insensitive(loaded_cli):
    code, text = run(
        "verdeelsleutel",
        "--igs",
        "LoS",
        "--sleutel",
        "gelijk",
        "--bedrag",
        "100.000",
        *DATE,
        "--format",
        "json",
    )
    assert code == 0
    # 100.000 € over Eeklo and Voeren: 50.000 € each.
    assert {r: p["amount_eur"] for r, p in by_refnis(text).items()} == {
        "43005": 50_000.0,
        "73109": 50_000.0,
    }


def test_bedrag_with_thousands_separator_is_not_read_as_a_decimal(loaded_cli):
    code, text = run(
        "verdeelsleutel",
        *THREE,
        "--sleutel",
        "gelijk",
        "--bedrag",
        "100.000",
        *DATE,
        "--format",
        "json",
    )
    assert code == 0
    assert json.loads(text)["amount_eur"] == 100_000.0


def test_gelijk_text_table_splits_in_thirds_with_the_spare_cent_to_the_lowest_refnis(loaded_cli):
    """100.000 € / 3 = 33.333,333… €: everyone gets 33.333,33 €, which leaves one cent. The three
    remainders are equal (1/3 cent), so the cent goes to the lowest REFNIS code, Eeklo (43005):
    33.333,34 + 33.333,33 + 33.333,33 = 100.000,00. Per inhabitant: Eeklo 33.333,34 / 20.000 =
    1,67 €, Evergem 33.333,33 / 40.000 = 0,83 €, Aalter 33.333,33 / 30.000 = 1,11 €."""
    code, text = run("verdeelsleutel", *THREE, "--sleutel", "gelijk", "--bedrag", "100.000", *DATE)
    assert code == 0
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("gemeente"))
    for title in [
        "gemeente",
        "inwoners",
        "aandeel inwoners",
        "gelijke delen: bedrag",
        "gelijke delen: € per inwoner",
        "gelijke delen: aandeel",
        "Shapley-waarde",
        "nucleolus",
        "alleen",
        "meerkost",
    ]:
        assert title in header
    rows = {
        line.split()[0]: line
        for line in lines
        if line.split()[:1] in (["Eeklo"], ["Evergem"], ["Aalter"])
    }
    assert rows["Eeklo"].split()[1:8] == ["20.000", "22,2", "%", "33.333,34", "€", "1,67", "€"]
    assert rows["Evergem"].split()[1:8] == ["40.000", "44,4", "%", "33.333,33", "€", "0,83", "€"]
    assert rows["Aalter"].split()[1:8] == ["30.000", "33,3", "%", "33.333,33", "€", "1,11", "€"]
    assert "De verdeelsleutel verdeelt 100.000,00 € over 3 partners." in text


def test_profijt_figures_in_belgian_notation(loaded_cli):
    """Benefit figures 1.200,5 : 300 : 0,5 (sum 1.501) for 100.000 €: exact shares
    79.980,0133…, 19.986,6755… and 33,3111…; rounded down 79.980,01 + 19.986,67 + 33,31 =
    99.999,99; the missing cent goes to the largest remainder, Evergem (0,55 cent)."""
    code, text = run(
        "verdeelsleutel",
        *THREE,
        "--sleutel",
        "profijt",
        "--bedrag",
        "100.000",
        *DATE,
        "--profijt",
        "43005=1.200,5,44019=300;44084=0,5",
        "--format",
        "json",
    )
    assert code == 0
    assert {r: p["amount_eur"] for r, p in by_refnis(text).items()} == {
        "43005": 79_980.01,
        "44019": 19_986.68,
        "44084": 33.31,
    }


def test_bad_profijt_figure_names_the_option_and_the_municipality(loaded_cli, capsys):
    code, _ = run(
        "verdeelsleutel",
        *THREE,
        "--sleutel",
        "profijt",
        *DATE,
        "--profijt",
        "43005=veel,44019=300,44084=1",
    )
    assert code == 2
    assert "--profijt: 'veel' is geen getal" in capsys.readouterr().err


def test_negative_nucleolus_is_explained_not_a_traceback(loaded_cli):
    """Eeklo, Evergem, Aalter and Lochristi (115.000 inhabitants, one region, contiguous) get the
    2027 subsidy together; without Evergem (40.000) the other three have 75.000 inhabitants, under
    the 85.000 minimum, and lose it. Evergem brings in more than it costs, so its nucleolus
    amount is negative. The command must explain that in words (the amount comes from numpy and
    once crashed the euro formatting with a traceback)."""
    code, text = run(
        "verdeelsleutel", "--gemeenten", "43005,44019,44084,44087", "--sleutel", "gelijk",
        "--bedrag", "100.000", *DATE, "--format", "json",
    )  # fmt: skip
    assert code == 0
    data = json.loads(text)
    assert [p["name"] for p in data["partners"] if p["nucleolus_eur"] < 0] == ["Evergem"]
    assert any(n.startswith("Evergem heeft een negatieve nucleolus (-") for n in data["notes"])


def test_igs_without_members_at_the_date_says_so(loaded_cli, capsys):
    # 'los' starts on 2021-01-01: on 1 June 2020 it has no members yet.
    code, _ = run("verdeelsleutel", "--igs", "los", "--sleutel", "gelijk", "--date", "2020-06-01")
    assert code == 2
    assert (
        "Fout: Los Verband heeft op 01/06/2020 geen gemeenten die er volledig deel van uitmaken."
        in capsys.readouterr().err
    )
