"""Scenario's built from the Atlas of the synthetic bundle (tests/fixtures/bundle.py).

On 1 June 2026 the bundle has: Cultuur Noord = Eeklo 20.000, Evergem 40.000, Aalter 30.000
(Lochristi only partly, through Wachtebeke: it does not count); Cultuur Zuid = Gent 270.000
(Merelbeke-Melle only partly: Merelbeke left in 2024); Los Verband = Eeklo and Voeren 5.000.
Queen contiguity on the grid; Merelbeke-Melle lies in Vlaamse Ardennen, Voeren in Limburg.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from samenspel.partnerships.rules import RULES_2027
from samenspel.scenarios import services
from samenspel.scenarios.evaluate import CULTURE_TIE, ScenarioError, evaluate
from samenspel.scenarios.plans import PlanError

ON = date(2026, 6, 1)
RATE = RULES_2027.subsidy.per_inhabitant
RATIO = RULES_2027.subsidy.cofinancing_ratio
REAL = Path("/work/shared/data")


@pytest.fixture
def atlas(loaded, bundle_dir, settings):
    from samenspel.atlas.services import get_atlas

    (bundle_dir / "samenwerking").mkdir()
    (bundle_dir / "samenwerking/ioed.csv").write_text(
        "structure_type,structure_name,member_name,refnis_2025,valid_from,valid_to\n"
        "IOED,West,Evergem,44019,2020,\n"
        "IOED,West,Gent,44021,2020,\n"
        "IOED,Oost,Gent,44021,2020,\n"
        "IOED,Oost,Merelbeke-Melle,44088,2020,\n"
        "IOED,Oost,Nazareth-De Pinte,44086,2020,\n",
        encoding="utf-8",
    )
    settings.DATA_DIR = bundle_dir
    return get_atlas()


def test_current_scenario_is_todays_igs(atlas):
    s = services.current_scenario(atlas, ON)
    assert s.kind == "huidig" and s.rules == "2027"
    assert [(g.name, g.members, g.continues) for g in s.groups] == [
        ("Cultuur Noord", ("43005", "44019", "44084"), "noord"),
        ("Cultuur Zuid", ("44021",), "zuid"),
        ("Los Verband", ("73109",), "los"),
    ]
    # Eeklo is in two IGS on the date: it counts once, and the note says where
    assert s.notes == (
        "Eeklo is lid van Cultuur Noord en van Los Verband; in dit scenario telt het alleen "
        "bij Cultuur Noord.",
    )
    ctx = services.context(atlas, ON)
    # ties: Noord's three neighbour pairs; IOED West Evergem–Gent, Oost Gent–MM and MM–ND
    # (Gent and Nazareth-De Pinte do not border each other)
    assert sorted(t for t in ctx.ties if t[2] == "IOED") == [
        ("44019", "44021", "IOED"),
        ("44021", "44088", "IOED"),
        ("44086", "44088", "IOED"),
    ]
    assert len([t for t in ctx.ties if t[2] == CULTURE_TIE]) == 3
    assert any("gedeeltelijk" in n for n in ctx.notes)  # Lochristi, Merelbeke-Melle


def test_merge_of_noord_and_zuid(atlas):
    s = services.merge_scenario(atlas, ON, "noord", "ZUID")
    r = services.evaluate_scenario(atlas, s, win_win=False)
    g = r.groups[0]
    assert g.name == "Cultuur Noord + Cultuur Zuid" and g.continues == "noord"
    # 20.000 + 40.000 + 30.000 + 270.000 = 360.000; subsidy 0,90 × 360.000 = 324.000
    assert g.population == 360_000
    assert g.subsidy_eur == RATE * 360_000
    assert g.contributions["44021"] == RATIO * RATE * 270_000  # 243.000 × 270/360 = 182.250
    # memberships today: noord 3, zuid 1, los 2 (Eeklo, Voeren) = 6; Los Verband lives on in
    # Voeren's group, so Eeklo's membership of it is the one broken
    assert r.memberships_total == 6
    assert r.memberships_broken == (("los", "43005"),)
    # IOED: Evergem–Gent now kept; Gent–MM and MM–ND not (MM in no group): 1 of 3
    assert (r.tie("IOED").kept, r.tie("IOED").total) == (1, 3)
    assert r.tie(CULTURE_TIE).share == 1.0
    # covered: Eeklo, Evergem, Aalter, Gent, Voeren = 365.000 of 460.000
    assert (r.population_covered, r.population_total) == (365_000, 460_000)


def test_join_and_new_igs(atlas):
    s = services.join_scenario(atlas, ON, "44088", "zuid")
    r = services.evaluate_scenario(atlas, s, win_win=False)
    zuid = r.groups[1]
    # Gent + Merelbeke-Melle: 312.000 inhabitants in two referentieregio's: no subsidy
    assert zuid.codes == ("44021", "44088") and zuid.population == 312_000
    assert zuid.crosses_regions and zuid.subsidy_eur == 0 and r.crossings == (1,)
    s = services.new_igs_scenario(atlas, ON, ["44087", "44086"])
    g = s.groups[-1]
    # named after its largest member: Nazareth-De Pinte 28.000 > Lochristi 25.000
    assert g.name == "Nieuwe IGS rond Nazareth-De Pinte"
    r = services.evaluate_scenario(atlas, s, win_win=False)
    # 53.000 inhabitants, 32.000 short of 85.000; two municipalities: no transition either
    assert r.groups[-1].population == 53_000 and not r.groups[-1].qualifies
    assert any("32.000 te weinig" in x for x in r.groups[-1].reasons)


def test_refusals_are_dutch(atlas):
    with pytest.raises(ScenarioError, match="IGS 'nergens' onbekend. Kies uit: noord, zuid, los"):
        services.merge_scenario(atlas, ON, "noord", "nergens")
    with pytest.raises(ScenarioError, match="twee verschillende IGS"):
        services.merge_scenario(atlas, ON, "noord", "noord")
    with pytest.raises(ScenarioError, match="Onbekende gemeente 99999"):
        services.join_scenario(atlas, ON, "99999", "noord")
    with pytest.raises(ScenarioError, match="al lid van Cultuur Zuid"):
        services.join_scenario(atlas, ON, "44021", "zuid")
    with pytest.raises(ScenarioError, match="Onbekende REFNIS-code"):
        services.new_igs_scenario(atlas, ON, ["44021", "00000"])
    with pytest.raises(ScenarioError, match="Referentieregio 'nergens' onbekend"):
        services.maxp_scenario(atlas, ON, "nergens")


def test_plans_of_the_bundle(atlas, bundle_dir):
    (bundle_dir / "cultuur/igs-plannen-2027.csv").write_text(
        "plan_id,plan,kind,igs_id,member_name,refnis_2025,from_date,status,source,note\n"
        "oost,IGS Oost,new_igs,,Lochristi,44087,2027-01-01,plan,,\n"
        "oost,IGS Oost,new_igs,,Nazareth-De Pinte,44086,2027-01-01,plan,,\n"
        "oost,IGS Oost,new_igs,,Merelbeke-Melle,44088,2027-01-01,plan,,\n",
        encoding="utf-8",
    )
    s = services.plan_scenarios(atlas, ON)
    r = evaluate(s, services.context(atlas, ON), win_win=False)
    oost = r.groups[-1]
    # 25.000 + 28.000 + 42.000 = 95.000, but Merelbeke-Melle is in Vlaamse Ardennen
    assert oost.name == "IGS Oost" and oost.population == 95_000
    assert not oost.qualifies and oost.crosses_regions
    (bundle_dir / "cultuur/igs-plannen-2027.csv").write_text(
        "plan_id,plan,kind,igs_id,member_name,refnis_2025,from_date,status,source,note\n"
        "oost,IGS Oost,new_igs,,Lochristi,44087,2027-01-01,plan,,\n"
        "oost,IGS Oost,new_igs,,Nergens,12345,2027-01-01,plan,,\n",
        encoding="utf-8",
    )
    with pytest.raises(PlanError, match="regel 3, veld 'refnis_2025': onbekende gemeente 12345"):
        services.plan_scenarios(atlas, ON)


def test_maxp_scenario_for_regio_gent(atlas):
    s, result, sentences = services.maxp_scenario(atlas, ON, "Regio Gent")
    # Regio Gent: Eeklo, Evergem, Lochristi, Aalter, Gent, Nazareth-De Pinte (413.000);
    # Lochristi + Nazareth-De Pinte (53.000) cannot stand alone, Noord stays together: p = 2
    assert result.p == 2 and result.proven
    codes = [c for g in s.groups for c in g.members]
    assert len(codes) == len(set(codes))
    # Voeren's Los Verband lies outside Regio Gent and is kept
    assert ("73109",) in [g.members for g in s.groups]
    assert "De leden van elke huidige IGS blijven samen (per referentieregio)." in sentences


def test_whatif_options_when_gent_has_left(loaded, bundle_dir, settings):
    from samenspel.atlas.loading import load_bundle
    from samenspel.atlas.services import get_atlas
    from tests.fixtures.bundle import edit_csv

    # Gent's membership (line 6 of the members file) ends on 31/12/2024
    edit_csv(bundle_dir / "cultuur/igs-leden-2020-2025.csv", 6, "valid_to", "2024-12-31")
    load_bundle(bundle_dir)
    settings.DATA_DIR = bundle_dir
    atlas = get_atlas()
    opts = services.whatif_options(atlas, ON, "44021")
    assert [o.kind for o in opts] == ["toetreding", "nieuw", "maxp"]
    results = services.evaluate_options(atlas, opts)
    join = results[0][1].groups[opts[0].group]
    # Gent joins Cultuur Noord: 360.000, Gent's share 270/360 = 75 %
    assert join.population == 360_000 and join.centrumstad_share == pytest.approx(0.75)


@pytest.mark.skipif(not REAL.exists(), reason="geen databundel in /work/shared/data")
def test_the_brugge_plan_on_the_real_bundle(db, settings):
    from samenspel.atlas.loading import load_bundle
    from samenspel.atlas.services import get_atlas

    load_bundle(REAL)
    settings.DATA_DIR = REAL
    atlas = get_atlas()
    on = date(2026, 12, 1)
    s = services.plan_scenarios(atlas, on)
    r = services.evaluate_scenario(atlas, s, win_win=False)
    brugge = r.group_of("31005")
    assert brugge is not None and len(brugge.members) == 10
    # its inhabitants are the sum of its ten members in the bundle
    assert brugge.population == sum(atlas.population(c, on) for c in brugge.codes)
    assert brugge.population == sum(m.population for m in brugge.members)
    assert brugge.subsidy_eur == max(RATE * brugge.population, RULES_2027.subsidy.minimum)
    # Maldegem rejoins COMEET
    assert r.group_of("43010").continues == "comeet"


def test_without_a_plans_file_the_plan_is_today(atlas):
    s = services.plan_scenario(atlas, ON, rules="2020")
    assert s.kind == "plan-2027" and s.rules == "2020"
    assert s.groups == services.current_scenario(atlas, ON).groups
    assert s.notes[-1] == "Er is geen bestand met aangekondigde plannen voor 2027."
