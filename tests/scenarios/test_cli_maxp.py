"""``samenspel regio maxp --graaf FILE.json`` on a small graph."""

from __future__ import annotations

import io
import json

import pytest

from samenspel.cli import main

GRAPH = {
    # path a-b-c-d of 1 inhabitant each, and an island e of 5
    "gebieden": {
        "a": {"bevolking": 1},
        "b": {"bevolking": 1},
        "c": {"bevolking": 1},
        "d": {"bevolking": 1},
        "e": {"bevolking": 5},
    },
    "buren": [["a", "b"], ["b", "c"], ["c", "d"]],
}


def run(tmp_path, graph, *extra):
    f = tmp_path / "graaf.json"
    f.write_text(graph if isinstance(graph, str) else json.dumps(graph), encoding="utf-8")
    out = io.StringIO()
    code = main(["regio", "maxp", "--graaf", str(f), *extra], out=out)
    return code, out.getvalue(), f


def test_json_lists_regions_with_members_and_totals(tmp_path):
    code, out, _ = run(tmp_path, GRAPH, "--drempel", "2", "--format", "json")
    data = json.loads(out)
    assert code == 0
    # {a,b} and {c,d} reach 2; the island e (5) is its own region: p = 3 = the bound
    assert data["p"] == 3 and data["bound"] == 3 and data["proven"] is True
    regions = {tuple(r["members"]): r["totals"]["bevolking"] for r in data["regions"]}
    assert regions == {("a", "b"): 2, ("c", "d"): 2, ("e",): 5}
    assert data["islands"] == ["e"]
    assert isinstance(data["seconds"], float) and data["objective"] == 0.0


def test_text_output_in_belgian_notation(tmp_path):
    graph = {
        "gebieden": {"a": {"bevolking": 50000}, "b": {"bevolking": 40000}},
        "buren": [["a", "b"]],
    }
    code, out, _ = run(tmp_path, graph, "--drempel", "85.000")
    assert code == 0
    assert "regio 1: bevolking 90.000: a, b" in out
    assert "p = 1, en 1 is het maximum." in out


def test_island_below_floor_is_an_error_when_asked(tmp_path, capsys):
    code, _, _ = run(tmp_path, GRAPH, "--drempel", "6", "--eilanden", "fout")
    assert code == 2
    assert "eiland e haalt de drempel niet" in capsys.readouterr().err


def test_unknown_neighbour_names_file_and_pair(tmp_path, capsys):
    bad = dict(GRAPH, buren=[["a", "b"], ["a", "x"]])
    code, _, f = run(tmp_path, bad, "--drempel", "2")
    assert code == 2
    assert f"{f}: buren, paar 2: gebied 'x' bestaat niet" in capsys.readouterr().err


def test_broken_json_names_the_line(tmp_path, capsys):
    code, _, f = run(tmp_path, '{"gebieden": {\n"a": }', "--drempel", "2")
    assert code == 2
    assert f"{f}, regel 2: geen geldige JSON" in capsys.readouterr().err


def test_floor_zero_is_refused_by_argparse_in_dutch(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        run(tmp_path, GRAPH, "--drempel", "0")
    assert exc.value.code == 2
    assert "argument --drempel: moet groter zijn dan 0" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
def test_referentieregio_from_the_atlas(bundle_dir, capsys):
    # The synthetic bundle's Regio Gent: Gent 270.000 and five municipalities of 20.000 to
    # 40.000 (143.000 together). With a floor of 85.000 Gent counts once and the others hold
    # ⌊143.000 / 85.000⌋ = 1 region, so p ≤ 2; Eeklo + Evergem + Aalter (90.000) beside Gent
    # reaches it.
    assert main(["data", "load", str(bundle_dir)], out=io.StringIO()) == 0
    out = io.StringIO()
    argv = ["regio", "maxp", "--binnen", "Regio Gent", "--date", "2026-11-28"]
    code = main([*argv, "--format", "json"], out=out)
    data = json.loads(out.getvalue())
    assert code == 0
    assert data["p"] == 2 and data["bound"] == 2 and data["proven"] is True
    members = {m for r in data["regions"] for m in r["members"]} | set(data["left_out"])
    assert members == {"43005", "44019", "44087", "44084", "44021", "44086"}
    assert all(r["totals"]["bevolking"] >= 85_000 for r in data["regions"])
    assert "cultuur-IGS" in data["ties_kept"]
    # keeping today's IGS together (noord: Eeklo, Evergem, Aalter = 90.000) still gives 2
    out = io.StringIO()
    code = main([*argv, "--behoud-igs", "--format", "json"], out=out)
    data = json.loads(out.getvalue())
    assert code == 0 and data["p"] == 2
    noord = [r for r in data["regions"] if "43005" in r["members"]][0]
    assert {"43005", "44019", "44084"} <= set(noord["members"])
    assert data["ties_kept"]["cultuur-IGS"]["kept"] == data["ties_kept"]["cultuur-IGS"]["total"]
    # an unknown referentieregio is refused with the names to choose from
    capsys.readouterr()
    code = main(["regio", "maxp", "--binnen", "Regio Brussel"], out=io.StringIO())
    err = capsys.readouterr().err
    assert code == 2
    assert "--binnen: referentieregio 'Regio Brussel' onbekend" in err and "Regio Gent" in err
