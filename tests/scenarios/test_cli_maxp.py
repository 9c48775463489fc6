"""``samenspel regio maxp --graaf FILE.json`` on a small graph."""

from __future__ import annotations

import io
import json

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
    import pytest

    with pytest.raises(SystemExit) as exc:
        run(tmp_path, GRAPH, "--drempel", "0")
    assert exc.value.code == 2
    assert "argument --drempel: moet groter zijn dan 0" in capsys.readouterr().err
