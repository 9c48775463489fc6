"""What if Gent, in no IGS, joins in? The options on the hand-made territory of test_evaluate.

Today (here): Cultuur Noord = {Eeklo 20.000, Evergem 40.000, Aalter 30.000} and Los Verband =
{Voeren 5.000}; Gent (270.000, centrumstad) borders Eeklo, Evergem, Aalter, Lochristi (25.000)
and Merelbeke-Melle (42.000, Vlaamse Ardennen).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from samenspel.partnerships.rules import RULES_2027
from samenspel.scenarios.evaluate import WIN_WIN_NONE, ScenarioError
from samenspel.scenarios.whatif import (
    evaluate_options,
    new_group_option,
    options,
    region_plan,
)
from tests.scenarios.test_evaluate import CTX, NOORD, RG, TODAY

WITHOUT_GENT = replace(TODAY, groups=(TODAY.groups[0], TODAY.groups[2]))
FLOOR = RULES_2027.min_population  # 85.000


def test_the_three_kinds_of_options_for_gent():
    opts = options(WITHOUT_GENT, CTX, "44021")
    assert [o.kind for o in opts] == ["toetreding", "nieuw", "maxp"]
    join, new, plan = opts
    # join: only Cultuur Noord borders Gent (Los Verband is Voeren, far away)
    assert join.label == "Gent treedt toe tot Cultuur Noord"
    assert join.scenario.groups[join.group].members == tuple(sorted(NOORD + ("44021",)))
    # new: Gent alone has 270.000 ≥ 85.000 but an IGS needs a partner: the largest uncovered
    # neighbour in Regio Gent is Lochristi (Merelbeke-Melle lies in Vlaamse Ardennen)
    assert new.scenario.groups[new.group].members == ("44021", "44087")
    assert new.explanation[1] == "Samen 295.000 inwoners: de drempel is gehaald."
    assert new.explanation[2] == (
        "Niet opgenomen: Eeklo (al in Cultuur Noord); Evergem (al in Cultuur Noord); "
        "Aalter (al in Cultuur Noord); Merelbeke-Melle (andere referentieregio "
        "(Vlaamse Ardennen))."
    )
    # the plan for Regio Gent (Eeklo, Evergem, Lochristi, Aalter, Gent, Nazareth-De Pinte,
    # 413.000): Lochristi + Nazareth-De Pinte have 53.000 and need Gent or Noord, Noord stays
    # together (90.000), so at most 2 groups; the engine proves 2 is the maximum
    inside = [g for g in plan.scenario.groups if set(g.members) - {"73109"}]
    assert len(inside) == 2 and plan.scenario.kind == "maxp"
    assert all(sum(CTX.municipalities[c].population for c in g.members) >= FLOOR for g in inside)
    assert any(set(NOORD) <= set(g.members) for g in inside)
    assert {c for g in inside for c in g.members} == {
        c for c, a in CTX.municipalities.items() if a.region == RG
    }
    # Voeren (Limburg) is outside the plan and keeps its group
    assert ("73109",) in [g.members for g in plan.scenario.groups]
    assert plan.group is not None and "p = 2" in " ".join(plan.explanation)


def test_no_floor_within_reach_is_said():
    # a floor of 400.000: Gent + Lochristi + Nazareth-De Pinte = 323.000, then no uncovered
    # neighbour is left in Regio Gent
    o = new_group_option(WITHOUT_GENT, CTX, "44021", floor=400_000)
    assert o.scenario.groups[o.group].members == ("44021", "44086", "44087")
    assert "Samen maar 323.000 inwoners" in o.explanation[1]


def test_options_are_evaluated_with_the_win_win_check_for_the_centrumstad_only():
    results = evaluate_options(options(WITHOUT_GENT, CTX, "44021", with_plan=False), CTX)
    (join, r1), (new, r2) = results
    g = r1.groups[join.group]
    # 360.000 inhabitants, Gent 270.000: 75 %
    assert g.population == 360_000 and g.centrumstad_share == pytest.approx(0.75)
    assert g.win_win is True
    assert r1.groups[1].win_win_method == WIN_WIN_NONE  # Los Verband: not asked
    g2 = r2.groups[new.group]
    # 295.000 inhabitants: subsidy 0,90 × 295.000 = 265.500
    assert g2.subsidy_eur == RULES_2027.subsidy.per_inhabitant * 295_000
    assert g2.centrumstad_share == pytest.approx(270_000 / 295_000)


def test_refused_options():
    with pytest.raises(ScenarioError, match="Eeklo is geen centrumstad"):
        options(WITHOUT_GENT, CTX, "43005")
    with pytest.raises(ScenarioError, match="Gent zit al in Cultuur Zuid"):
        options(TODAY, CTX, "44021")
    with pytest.raises(ScenarioError, match="Referentieregio 'Atlantis' onbekend"):
        region_plan(TODAY, CTX, "Atlantis")


def test_plan_without_keeping_the_igs_together_is_as_large():
    # without the constraint the maximum is still 2 (see above); the result is valid
    s, result, _ = region_plan(WITHOUT_GENT, CTX, RG, keep_igs=False)
    assert result.p == 2 and result.proven
    codes = [c for g in s.groups for c in g.members]
    assert len(codes) == len(set(codes))


def test_an_area_that_cannot_reach_the_floor_is_reported():
    # Vlaamse Ardennen is Merelbeke-Melle alone here: 42.000 < 85.000, and its neighbours lie
    # in Regio Gent, so the plan leaves it out and says so
    s, result, _ = region_plan(WITHOUT_GENT, CTX, "Vlaamse Ardennen")
    assert result.p == 0 and result.left_out == ("44088",)
    assert "Niet ingedeeld (haalt de drempel met geen enkele buur): Merelbeke-Melle." in s.notes
    assert s.group_of("44088") is None


def test_keeping_an_igs_together_only_when_it_costs_no_group():
    from datetime import date

    from samenspel.scenarios.evaluate import Area, Context, Group, Scenario
    from samenspel.scenarios.whatif import KEEP_IF_NO_LOSS

    # a path a–b–c–d of 10 inhabitants each, floor 20: {a, b} and {c, d} make 2 groups; with
    # today's IGS {b, c} kept, a and d can only join it: 1 group
    areas = {c: Area(c, c.upper(), 10, "R") for c in "abcd"}
    adj = {"a": {"b"}, "b": {"a", "c"}, "c": {"b", "d"}, "d": {"c"}}
    ctx = Context(areas, adj, igs={"bc": ("b", "c")})
    today = Scenario("t", "huidig", date(2026, 6, 1), "2027", (Group("BC", ("b", "c"), "bc"),))
    s, result, sentences = region_plan(today, ctx, "R", floor=20, keep_igs=KEEP_IF_NO_LOSS)
    assert result.p == 2 and sorted(g.members for g in s.groups) == [("a", "b"), ("c", "d")]
    assert "De huidige IGS samenhouden geeft één groep, zonder die voorwaarde 2" in sentences[0]
    s, result, sentences = region_plan(today, ctx, "R", floor=20, keep_igs=True)
    assert result.p == 1 and s.groups[0].members == ("a", "b", "c", "d")
    # the one group carries the IGS on (it holds both its members) and keeps its name
    assert (s.groups[0].name, s.groups[0].continues) == ("BC", "bc")
