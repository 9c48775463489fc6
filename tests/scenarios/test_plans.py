"""The announced plans for 2027: reading the file (all or nothing) and applying it to today."""

from __future__ import annotations

from datetime import date

import pytest

from samenspel.scenarios.evaluate import Group, Scenario
from samenspel.scenarios.plans import PlanError, apply_plans, read_plans

HEADER = "plan_id,plan,kind,igs_id,member_name,refnis_2025,from_date,status,source,note\n"
ROWS = (
    "oost,Nieuwe IGS Oost,new_igs,,Lochristi,44087,2027-01-01,plan,https://x,\n"
    "oost,Nieuwe IGS Oost,new_igs,,Nazareth-De Pinte,44086,2027-01-01,plan,https://x,\n"
    'mm,MM joins Zuid,join,zuid,Merelbeke-Melle,44088,2027-01-01,intention,https://y,"""quote"""\n'
    "aalter,Aalter prepares,prepare,,Aalter,44084,2027-01-01,decision,https://z,no partners\n"
    "noord-split,Noord split,split,noord,,,2027-01-01,risk,https://w,\n"
)
KNOWN = {"43005", "44019", "44084", "44087", "44021", "44088", "44086", "73109"}
TODAY = Scenario(
    "Vandaag",
    "huidig",
    date(2026, 6, 1),
    "2027",
    (
        Group("Cultuur Noord", ("43005", "44019", "44084"), "noord"),
        Group("Cultuur Zuid", ("44021",), "zuid"),
        Group("Los Verband", ("73109",), "los"),
    ),
)
NAMES = {"44087": "Lochristi", "44086": "Nazareth-De Pinte", "44088": "Merelbeke-Melle"}


def write(tmp_path, body: str):
    (tmp_path / "igs-plannen-2027.csv").write_text(HEADER + body, encoding="utf-8")
    return tmp_path


def test_plans_are_read_per_plan_in_file_order(tmp_path):
    plans = read_plans(write(tmp_path, ROWS), known=KNOWN)
    assert [(p.plan_id, p.kind, p.igs, p.codes) for p in plans] == [
        ("oost", "new_igs", None, ("44087", "44086")),
        ("mm", "join", "zuid", ("44088",)),
        ("aalter", "prepare", None, ("44084",)),
        ("noord-split", "split", "noord", ()),
    ]
    assert plans[1].notes == ("quote",) and plans[0].line == 2
    assert plans[0].start == date(2027, 1, 1) and plans[1].label == "Toetreding (intentie)"


def test_no_file_no_plans(tmp_path):
    assert read_plans(tmp_path) == []


@pytest.mark.parametrize(
    "row, message",
    [
        (
            "x,X,new_igs,,Gent,4402,2027-01-01,plan,,\n",
            "regel 7, veld 'refnis_2025': '4402' is geen REFNIS-code",
        ),
        (
            "x,X,join,,Gent,44021,2027-01-01,plan,,\n",
            "regel 7, veld 'igs_id': een toetreding noemt de IGS",
        ),
        ("x,X,merge,a,Gent,44021,2027-01-01,plan,,\n", "regel 7, veld 'kind': 'merge' onbekend"),
        (
            "x,X,new_igs,,Gent,44021,1/1/2027,plan,,\n",
            "regel 7, veld 'from_date': '1/1/2027' is geen datum",
        ),
        ("x,X,new_igs,,Gent,44021,2027-01-01,maybe,,\n", "regel 7, veld 'status'"),
        (
            "x,X,new_igs,,Nergens,12345,2027-01-01,plan,,\n",
            "regel 7, veld 'refnis_2025': onbekende gemeente 12345",
        ),
        (
            "oost,Nieuwe IGS Oost,new_igs,,Lochristi,44087,2027-01-01,plan,,\n",
            "regel 7, veld 'refnis_2025': gemeente 44087 staat twee keer in plan 'oost'",
        ),
    ],
)
def test_a_bad_row_names_file_line_and_field(tmp_path, row, message):
    # five good rows on lines 2–6, the bad one on line 7: nothing is returned
    with pytest.raises(PlanError) as exc:
        read_plans(write(tmp_path, ROWS + row), known=KNOWN)
    assert str(exc.value).startswith("igs-plannen-2027.csv, ")
    assert message in str(exc.value)


def test_a_missing_column_is_refused(tmp_path):
    (tmp_path / "igs-plannen-2027.csv").write_text("plan_id,plan\nx,X\n", encoding="utf-8")
    with pytest.raises(PlanError, match="regel 1: kolom"):
        read_plans(tmp_path)


def test_plans_applied_to_today(tmp_path):
    s = apply_plans(TODAY, read_plans(write(tmp_path, ROWS)), NAMES)
    assert s.kind == "plan-2027" and s.rules == "2027" and s.on == TODAY.on
    groups = {g.name: g.members for g in s.groups}
    assert groups == {
        "Cultuur Noord": ("43005", "44019", "44084"),  # prepare (one name) and split: unchanged
        "Cultuur Zuid": ("44021", "44088"),  # Merelbeke-Melle joins
        "Los Verband": ("73109",),
        "Nieuwe IGS Oost": ("44086", "44087"),
    }
    assert len(s.notes) == 4
    assert s.notes[1] == (
        "Toetreding (intentie), 01/01/2027: Merelbeke-Melle treedt toe tot Cultuur Zuid."
    )
    assert "de groepen blijven zoals ze zijn" in s.notes[2]
    assert "zou gesplitst worden" in s.notes[3]


def test_a_join_moves_the_municipality_out_of_its_group(tmp_path):
    # Aalter leaves Cultuur Noord for Cultuur Zuid; a prepare with two names forms a group
    body = (
        "a,Aalter to Zuid,join,zuid,Aalter,44084,2027-01-01,plan,,\n"
        "p,Prepare,prepare,,Lochristi,44087,2027-01-01,decision,,\n"
        "p,Prepare,prepare,,Eeklo,43005,2027-01-01,decision,,\n"
        "j,Join gone,join,ginter,Eeklo,43005,2027-01-01,plan,,\n"
    )
    s = apply_plans(TODAY, read_plans(write(tmp_path, body)))
    groups = {g.name: g.members for g in s.groups}
    assert groups["Cultuur Noord"] == ("44019",)
    assert groups["Cultuur Zuid"] == ("44021", "44084")
    assert groups["Prepare"] == ("43005", "44087")
    assert "(verlaat Cultuur Noord)" in s.notes[0]
    assert "de IGS 'ginter' bestaat niet op deze datum" in s.notes[2]
