"""The game file format and run_spel (what `samenspel spel …` calls)."""

import io
import json
import re

import pytest

from samenspel.funding.gamefile import GameFileError, load_game, run_spel

# Talmud estate 200 with claims 100/200/300 (Aumann & Maschler 1985): v(S) = max(0, 200 − the
# claims outside S). Nucleolus (50, 75, 75).
TALMUD = {
    "spelers": ["A", "B", "C"],
    "soort": "waarde",
    "waarden": {"A": 0, "B": 0, "C": 0, "A,B": 0, "A,C": 0, "C,B": 100, "A,B,C": 200},
}

# Airport cost game with runway costs 1, 2, 3 (Littlechild & Owen 1973): Shapley (1/3, 5/6,
# 11/6), nucleolus (1/2, 3/4, 7/4).
AIRPORT = {
    "spelers": ["A", "B", "C"],
    "soort": "kosten",
    "waarden": {"A": 1, "B": 2, "C": 3, "A,B": 2, "A,C": 3, "B,C": 3, "A,B,C": 3, "": 0},
    "beschrijving": "luchthavenspel",
}


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def run(method, spel, verdeling=None, fmt="json"):
    out, err = io.StringIO(), io.StringIO()
    code = run_spel(method, spel, verdeling, fmt, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_nucleolus_json(tmp_path):
    code, out, err = run("nucleolus", write(tmp_path, "talmud.json", TALMUD))
    assert code == 0, err
    result = json.loads(out)
    assert result["methode"] == "nucleolus"
    assert result["soort"] == "waarde"
    assert result["verdeling"] == {"A": 50.0, "B": 75.0, "C": 75.0}
    assert result["exact"] is True and result["geverifieerd"] is True
    assert result["verificatie"]["criterium"] == "Kohlberg"


def test_shapley_json_for_a_cost_game(tmp_path):
    code, out, _ = run("shapley", write(tmp_path, "airport.json", AIRPORT))
    assert code == 0
    result = json.loads(out)
    assert result["verdeling"] == {"A": 0.333333, "B": 0.833333, "C": 1.833333}
    assert result["alleen"] == {"A": 1.0, "B": 2.0, "C": 3.0}
    # Marginal cost c(N) − c(N∖{i}): 3 − 3, 3 − 3, 3 − 2.
    assert result["marginaal"] == {"A": 0.0, "B": 0.0, "C": 1.0}


def test_kern_with_an_allocation_file(tmp_path):
    spel = write(tmp_path, "airport.json", AIRPORT)
    verdeling = write(tmp_path, "verdeling.json", {"A": 0.9, "B": 1.3, "C": 0.8})
    code, out, _ = run("kern", spel, verdeling)
    assert code == 0
    result = json.loads(out)
    # {A, B} pays 2,2 together but 2 alone.
    assert result["in_kern"] is False
    assert result["meest_ontevreden_coalitie"] == ["A", "B"]
    assert result["overschot"] == pytest.approx(0.2)
    assert result["kern_leeg"] is False
    assert result["verdeling_bron"] == "bestand"


def test_kern_without_allocation_checks_the_nucleolus(tmp_path):
    code, out, _ = run("kern", write(tmp_path, "talmud.json", TALMUD))
    result = json.loads(out)
    assert code == 0
    assert result["verdeling_bron"] == "nucleolus"
    assert result["in_kern"] is True
    assert result["verdeling"] == {"A": 50.0, "B": 75.0, "C": 75.0}


def test_empty_core_is_reported(tmp_path):
    majority = {
        "spelers": ["A", "B", "C"],
        "soort": "waarde",
        "waarden": {"A": 0, "B": 0, "C": 0, "A,B": 1, "A,C": 1, "B,C": 1, "A,B,C": 1},
    }
    code, out, _ = run("kern", write(tmp_path, "m.json", majority))
    result = json.loads(out)
    assert result["kern_leeg"] is True and result["in_kern"] is False
    assert result["overschot"] == pytest.approx(1 / 3, abs=1e-6)


def test_text_output_is_a_dutch_table(tmp_path):
    spel = write(tmp_path, "airport.json", AIRPORT)
    code, out, _ = run("nucleolus", spel, fmt="tekst")
    assert code == 0
    assert out.startswith(f"Nucleolus van het kostenspel {spel} (3 spelers)")
    assert "luchthavenspel" in out
    assert "speler  betaalt  aandeel  alleen  meerkost" in out
    assert "0,50" in out and "1,75" in out and "58,3 %" in out  # 1,75 / 3
    verdeling = write(tmp_path, "v.json", {"A": 0.9, "B": 1.3, "C": 0.8})
    code, out, _ = run("kern", spel, verdeling, fmt="tekst")
    assert (
        "De verdeling ligt niet in de kern: coalitie A,B betaalt samen 0,20 meer dan alleen."
        in (out)
    )
    code, out, _ = run("shapley", spel, verdeling, fmt="tekst")
    assert "Verschil met de verdeling uit" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{niet json", "geen geldige JSON \\(regel 1"),
        ([1, 2], "JSON-object"),
        ({"soort": "kosten", "waarden": {}}, "het veld 'spelers' ontbreekt"),
        ({**AIRPORT, "soort": "winst"}, "'soort' moet 'kosten' of 'waarde' zijn"),
        ({**AIRPORT, "spelers": ["A", "B", "A"]}, "speler 'A' staat meer dan eens"),
        ({**AIRPORT, "spelers": ["A", "B,C"]}, "mag geen komma bevatten"),
        ({**AIRPORT, "extra": 1}, "onbekend veld 'extra'"),
        (
            {**AIRPORT, "waarden": {k: v for k, v in AIRPORT["waarden"].items() if k != "B,C"}},
            "ontbreken 1 coalitie\\(s\\): 'B,C'",
        ),
        ({**AIRPORT, "waarden": {**AIRPORT["waarden"], "A,D": 1}}, "Onbekende speler 'D'"),
        ({**AIRPORT, "waarden": {**AIRPORT["waarden"], "A": "een"}}, "coalitie 'A' is geen getal"),
        ({**AIRPORT, "waarden": {**AIRPORT["waarden"], "A": True}}, "coalitie 'A' is geen getal"),
        ({**AIRPORT, "waarden": {**AIRPORT["waarden"], "B,A": 2}}, "twee keer"),
        (
            {**AIRPORT, "spelers": [f"g{i}" for i in range(26)]},
            "te veel spelers .*26 .*maximaal 25",
        ),
        ('{"spelers": ["A"], "soort": "waarde", "waarden": {"A": NaN}}', "'NaN' is geen geldig"),
        ('{"spelers": ["A"], "spelers": ["B"], "soort": "waarde"}', "'spelers' komt twee keer"),
    ],
)
def test_invalid_game_files(tmp_path, content, message):
    path = write(tmp_path, "fout.json", content)
    code, out, err = run("shapley", path)
    assert code == 2
    assert out == ""
    assert err.startswith(f"Fout: {path}: ")
    assert re.search(message, err), err
    with pytest.raises(GameFileError):
        load_game(path)


def test_missing_file_and_bad_allocation(tmp_path):
    code, _, err = run("shapley", str(tmp_path / "bestaat-niet.json"))
    assert code == 2 and "bestaat niet" in err
    spel = write(tmp_path, "airport.json", AIRPORT)
    for content, message in [
        ({"A": 1, "B": 1}, "mist speler(s): C"),
        ({"A": 1, "B": 1, "C": 1, "D": 0}, "onbekende speler 'D'"),
        ({"A": 1, "B": "twee", "C": 1}, "speler 'B' is geen getal"),
    ]:
        verdeling = write(tmp_path, "v.json", content)
        code, _, err = run("kern", spel, verdeling)
        assert code == 2 and message in err and "v.json" in err


def test_unknown_method_or_format(tmp_path):
    spel = write(tmp_path, "airport.json", AIRPORT)
    assert run("kernel", spel)[0] == 2
    assert run("shapley", spel, fmt="xml")[0] == 2


def test_empty_imputation_set_exit_code(tmp_path):
    game = {
        "spelers": ["A", "B"],
        "soort": "kosten",
        "waarden": {"A": 1, "B": 1, "A,B": 3},
    }
    code, out, err = run("nucleolus", write(tmp_path, "duur.json", game))
    assert code == 1 and out == ""
    assert "imputatieverzameling is leeg" in err
