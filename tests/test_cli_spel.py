"""``samenspel spel`` through the real entry point, on a game worked out by hand.

The airport game (Littlechild & Owen 1973): three planes share one runway. A small plane A needs
a runway costing 12, B a longer one costing 30, C the longest, 60. A group pays for the runway
its largest plane needs: c(S) = max over S of c(i). So c(A) = 12, c(B) = 30, c(C) = 60,
c(A,B) = 30, c(A,C) = c(B,C) = c(A,B,C) = 60.

Shapley value by hand (the runway in segments, each shared equally by the planes that use it):
the first segment (12) by A, B and C: 4 each; the second (30 − 12 = 18) by B and C: 9 each; the
third (60 − 30 = 30) by C alone. So A pays 4, B 4 + 9 = 13, C 4 + 9 + 30 = 43; together 60.

Nucleolus by hand: with x_A + x_B + x_C = 60, the savings c(S) − x(S) are 12 − a (A), a (B,C),
30 − b (B), b (A,C), a + b (C) and 30 − a − b (A,B). The smallest of 12 − a and a is largest at
a = 6 (saving 6); then the smallest of b, 24 − b, 30 − b and 6 + b is largest at b = 12 (saving
12). So A pays 6, B 12 and C 60 − 18 = 42.

"meerkost" (marginal cost) c(N) − c(N∖i): A 60 − 60 = 0, B 60 − 60 = 0, C 60 − 30 = 30.
"""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from samenspel.cli import main

AIRPORT = {
    "spelers": ["A", "B", "C"],
    "soort": "kosten",
    "waarden": {"A": 12, "B": 30, "C": 60, "A,B": 30, "A,C": 60, "B,C": 60, "A,B,C": 60},
}


@pytest.fixture
def airport(tmp_path):
    path = tmp_path / "luchthaven.json"
    path.write_text(json.dumps(AIRPORT), encoding="utf-8")
    return path


def run(*argv):
    out = io.StringIO()
    code = main([str(a) for a in argv], out=out)
    return code, out.getvalue()


def rows(text):
    """The table rows of a text output, by first cell: {'A': ['4,00', '6,7', '%', ...]}."""
    return {line.split()[0]: line.split()[1:] for line in text.splitlines() if line.strip()}


def test_shapley_json_is_the_hand_worked_airport_split(airport):
    code, text = run("spel", "shapley", "--spel", airport, "--format", "json")
    assert code == 0
    data = json.loads(text)
    assert data["methode"] == "shapley"
    assert data["verdeling"] == {"A": 4.0, "B": 13.0, "C": 43.0}
    assert data["alleen"] == {"A": 12.0, "B": 30.0, "C": 60.0}
    assert data["marginaal"] == {"A": 0.0, "B": 0.0, "C": 30.0}
    assert data["exact"] is True and data["geverifieerd"] is True


def test_shapley_text_table_in_belgian_notation(airport):
    code, text = run("spel", "shapley", "--spel", airport)
    assert code == 0
    assert "Shapley-waarde van het kostenspel" in text
    table = rows(text)
    assert table["speler"] == ["betaalt", "aandeel", "alleen", "meerkost"]
    # A pays 4 of 60 = 6,67 %, shown with one decimal; C 43/60 = 71,67 %.
    assert table["A"] == ["4,00", "6,7", "%", "12,00", "0,00"]
    assert table["B"] == ["13,00", "21,7", "%", "30,00", "0,00"]
    assert table["C"] == ["43,00", "71,7", "%", "60,00", "30,00"]
    assert table["totaal"] == ["60,00", "100,0", "%"]


def test_nucleolus_json_and_text(airport):
    code, text = run("spel", "nucleolus", "--spel", airport, "--format", "json")
    assert code == 0
    assert json.loads(text)["verdeling"] == {"A": 6.0, "B": 12.0, "C": 42.0}
    code, text = run("spel", "nucleolus", "--spel", airport, "--format", "text")
    assert code == 0
    table = rows(text)
    assert [table[p][0] for p in "ABC"] == ["6,00", "12,00", "42,00"]


def test_kern_of_an_equal_split_names_the_coalition_that_pays_too_much(airport, tmp_path):
    # 20 each: A and B pay 40 together, 10 more than their own runway (30); A alone pays
    # 8 more than 12. The worst coalition is A,B with 10.
    split = tmp_path / "gelijk.json"
    split.write_text('{"A": 20, "B": 20, "C": 20}', encoding="utf-8")
    code, text = run("spel", "kern", "--spel", airport, "--verdeling", split, "--format", "json")
    assert code == 0
    data = json.loads(text)
    assert data["in_kern"] is False
    assert data["meest_ontevreden_coalitie"] == ["A", "B"]
    assert data["kern_leeg"] is False
    code, text = run("spel", "kern", "--spel", airport, "--verdeling", split)
    assert "coalitie A,B betaalt samen 10,00 meer dan alleen" in text


def test_kern_of_the_shapley_split_is_in_the_core(airport, tmp_path):
    # 4, 13, 43: every group pays at most its own runway (A,B 17 ≤ 30; B,C 56 ≤ 60; …).
    split = tmp_path / "shapley.json"
    split.write_text('{"A": 4, "B": 13, "C": 43}', encoding="utf-8")
    code, text = run("spel", "kern", "--spel", airport, "--verdeling", split, "--format", "json")
    assert code == 0
    assert json.loads(text)["in_kern"] is True


def test_missing_game_file_is_exit_2_with_the_file_name(tmp_path, capsys):
    missing = tmp_path / "bestaat-niet.json"
    code, _ = run("spel", "shapley", "--spel", missing)
    assert code == 2
    assert f"{missing}: het spelbestand bestaat niet." in capsys.readouterr().err


def test_installed_script_as_a_subprocess(airport):
    script = Path(sys.executable).with_name("samenspel")
    done = subprocess.run(
        [str(script), "spel", "shapley", "--spel", str(airport), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["verdeling"] == {"A": 4.0, "B": 13.0, "C": 43.0}

    done = subprocess.run(
        [str(script), "spel", "shapley"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert done.stderr.startswith("gebruik: samenspel spel")
    assert "samenspel spel: fout: deze argumenten ontbreken: --spel" in done.stderr
    assert "Traceback" not in done.stderr
