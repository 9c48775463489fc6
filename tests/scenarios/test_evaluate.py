"""Scenario model and evaluation on a hand-made territory, every figure worked out by hand.

The territory mirrors the synthetic bundle (tests/fixtures/bundle.py), queen contiguity::

    Eeklo E1 20.000   | Evergem EV 40.000 | Lochristi LO 25.000
    Aalter AA 30.000  | Gent GE 270.000*  | Merelbeke-Melle MM 42.000 (Vlaamse Ardennen)
                                          | Nazareth-De Pinte ND 28.000 (col 3)
    Voeren VO 5.000 (Limburg, no neighbour)            * centrumstad

All in Regio Gent unless stated. Today: noord = {E1, EV, AA}, zuid = {GE}, los = {VO}.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samenspel.partnerships.rules import RULES_2020, RULES_2027
from samenspel.scenarios.evaluate import (
    CULTURE_TIE,
    WIN_WIN_EXACT,
    WIN_WIN_ORACLE,
    Area,
    Context,
    Group,
    Scenario,
    ScenarioError,
    diff,
    evaluate,
    move,
)

ON = date(2026, 6, 1)
RG, VA, LI = "Regio Gent", "Vlaamse Ardennen", "Limburg"
AREAS = {
    "43005": Area("43005", "Eeklo", 20_000, RG),
    "44019": Area("44019", "Evergem", 40_000, RG),
    "44087": Area("44087", "Lochristi", 25_000, RG),
    "44084": Area("44084", "Aalter", 30_000, RG),
    "44021": Area("44021", "Gent", 270_000, RG, is_centrumstad=True),
    "44088": Area("44088", "Merelbeke-Melle", 42_000, VA),
    "44086": Area("44086", "Nazareth-De Pinte", 28_000, RG),
    "73109": Area("73109", "Voeren", 5_000, LI),
}
PAIRS = [
    ("43005", "44019"),
    ("43005", "44021"),
    ("43005", "44084"),
    ("44019", "44021"),
    ("44019", "44084"),
    ("44019", "44087"),
    ("44019", "44088"),
    ("44021", "44084"),
    ("44021", "44087"),
    ("44021", "44088"),
    ("44087", "44086"),
    ("44087", "44088"),
    ("44088", "44086"),
]
ADJ: dict[str, set[str]] = {c: set() for c in AREAS}
for a, b in PAIRS:
    ADJ[a].add(b)
    ADJ[b].add(a)
NOORD = ("43005", "44019", "44084")
TIES = (
    ("43005", "44019", CULTURE_TIE),
    ("43005", "44084", CULTURE_TIE),
    ("44019", "44084", CULTURE_TIE),
    ("44019", "44021", "IOED"),  # IOED West: Evergem, Gent
    ("44021", "44088", "IOED"),  # IOED Oost: Gent, Merelbeke-Melle, Nazareth-De Pinte
    ("44086", "44088", "IOED"),
)
CTX = Context(
    AREAS,
    ADJ,
    igs={"noord": NOORD, "zuid": ("44021",), "los": ("73109",)},
    igs_names={"noord": "Cultuur Noord", "zuid": "Cultuur Zuid", "los": "Los Verband"},
    ties=TIES,
)
TODAY = Scenario(
    "Vandaag",
    "huidig",
    ON,
    "2027",
    (
        Group("Cultuur Noord", NOORD, "noord"),
        Group("Cultuur Zuid", ("44021",), "zuid"),
        Group("Los Verband", ("73109",), "los"),
    ),
)
RATE = RULES_2027.subsidy.per_inhabitant  # 0,90 € per inhabitant
MINIMUM = RULES_2027.subsidy.minimum
RATIO = RULES_2027.subsidy.cofinancing_ratio


def merged() -> Scenario:
    return Scenario(
        "Fusie",
        "fusie",
        ON,
        "2027",
        (
            Group("Noord + Zuid", NOORD + ("44021",), "noord"),
            Group("Los Verband", ("73109",), "los"),
        ),
    )


def test_merge_of_two_igs_by_hand():
    r = evaluate(merged(), CTX, win_win=False)
    g = r.groups[0]
    # 20.000 + 40.000 + 30.000 + 270.000 = 360.000 inhabitants, all in Regio Gent
    assert g.population == 360_000
    assert g.referentieregios == {RG: 4} and not g.crosses_regions
    assert g.eligible and g.verdict == "komt in aanmerking"
    # subsidy max(0,90 × 360.000, 100.000) = 324.000; cofinancing 75 % of it = 243.000
    assert g.subsidy_eur == RATE * 360_000 == Decimal("324000")
    assert g.min_cofinancing_eur == g.amount_split_eur == RATIO * RATE * 360_000
    # per inhabitant: 243.000 × 270/360 = 182.250 for Gent, × 20/360 = 13.500 for Eeklo, …
    assert g.contributions == {
        "44021": Decimal("182250.00"),
        "43005": Decimal("13500.00"),
        "44019": Decimal("27000.00"),
        "44084": Decimal("20250.00"),
    }
    # Gent has 270.000 of the 360.000 inhabitants: 75 %, and pays 75 %
    assert g.centrumsteden == ("44021",)
    assert g.centrumstad_share == pytest.approx(0.75)
    assert g.centrumstad_contribution_share == pytest.approx(0.75)
    assert g.contiguous and g.advice  # contiguity is advice under the rules as written
    # Los Verband: Voeren, 5.000 inhabitants: no subsidy, and one municipality is too few for
    # the transition rule (at least 4 adjoining)
    assert not r.groups[1].qualifies and r.groups[1].subsidy_eur == 0
    # whole scenario: 5 of 8 municipalities; 365.000 of 460.000 inhabitants
    assert (r.municipalities_covered, r.municipalities_total) == (5, 8)
    assert (r.population_covered, r.population_total) == (365_000, 460_000)
    assert r.uncovered == ("44086", "44087", "44088")
    assert r.subsidy_total_eur == Decimal("324000") and r.qualifying == 1
    # a merger keeps every membership: noord (3) and zuid (1) both live on in group 0
    assert r.memberships_total == 5 and r.memberships_broken == ()
    # ties: the 3 culture ties kept; IOED: Evergem–Gent kept, Gent–MM and MM–ND not: 1 of 3
    assert r.tie(CULTURE_TIE).kept == 3 and r.tie(CULTURE_TIE).share == 1.0
    ioed = r.tie("IOED")
    assert (ioed.kept, ioed.total) == (1, 3) and ioed.share == pytest.approx(1 / 3)


def test_today_under_both_rule_sets():
    r = evaluate(TODAY, CTX, win_win=False)
    noord = r.groups[0]
    # 90.000 inhabitants: 0,90 × 90.000 = 81.000 < 100.000, so the minimum 100.000
    assert noord.population == 90_000
    assert noord.subsidy_eur == MINIMUM == Decimal("100000")
    # 75.000 split per inhabitant: Aalter 30/90 = 25.000; the cents add up exactly
    assert noord.contributions["44084"] == Decimal("25000.00")
    assert sum(noord.contributions.values()) == RATIO * MINIMUM
    assert noord.centrumstad_share is None and noord.centrumsteden == ()
    # the IOED tie Evergem–Gent crosses noord/zuid: 0 of 3 kept today
    assert r.tie("IOED").kept == 0
    old = evaluate(Scenario("Vandaag", "huidig", ON, "2020", TODAY.groups), CTX, win_win=False)
    # under the 2020 rules Gent alone fails the minimum of municipalities (4)
    zuid = old.groups[1]
    assert not zuid.eligible and any("te weinig" in x for x in zuid.reasons)
    assert noord.reading and old.rules_label == RULES_2020.label


def test_a_centrumstad_joining_across_a_referentieregio():
    # Merelbeke-Melle (Vlaamse Ardennen) joins Cultuur Zuid (Gent, Regio Gent)
    s = Scenario(
        "MM naar Zuid",
        "toetreding",
        ON,
        "2027",
        (Group("Cultuur Noord", NOORD, "noord"), Group("Cultuur Zuid", ("44021", "44088"), "zuid")),
    )
    r = evaluate(s, CTX, win_win=False)
    g = r.groups[1]
    assert g.population == 312_000  # 270.000 + 42.000
    assert g.crosses_regions and r.crossings == (1,)
    assert not g.qualifies and g.subsidy_eur == 0
    assert any("twee referentieregio's" in x for x in g.reasons)
    # what it would get in one referentieregio: 0,90 × 312.000 = 280.800; split 75 %: 210.600
    assert g.potential_subsidy_eur == RATE * 312_000
    assert g.amount_split_eur == RATIO * RATE * 312_000 == Decimal("210600")
    # 210.600 × 42/312 = 28.350 for Merelbeke-Melle
    assert g.contributions["44088"] == Decimal("28350.00")
    # Los Verband is gone: the membership of Voeren is broken, the others kept
    assert r.memberships_broken == (("los", "73109"),)


def test_contiguity_is_advice_unless_the_assumption_is_on():
    # Gent + Nazareth-De Pinte do not border each other (Lochristi lies between)
    groups = (Group("Gent en ND", ("44021", "44086")),)
    loose = evaluate(Scenario("t", "nieuw", ON, "2027", groups), CTX, win_win=False)
    strict = evaluate(
        Scenario("t", "nieuw", ON, "2027", groups, contiguous=True), CTX, win_win=False
    )
    assert not loose.groups[0].contiguous and len(loose.groups[0].components) == 2
    assert loose.groups[0].eligible  # 298.000 inhabitants in one referentieregio
    assert not strict.groups[0].eligible
    assert any("losse delen" in x for x in strict.groups[0].reasons)


def test_a_split_igs_breaks_the_memberships_of_its_smaller_part():
    # noord split: Eeklo + Evergem stay with its name (2 members), Aalter goes to Gent
    s = Scenario(
        "Split",
        "aangepast",
        ON,
        "2027",
        (Group("A", ("43005", "44019")), Group("B", ("44084", "44021"))),
    )
    r = evaluate(s, CTX, win_win=False)
    # noord lives on in A (2 of its 3 members); zuid in B; los nowhere
    assert r.memberships_kept == (("noord", "43005"), ("noord", "44019"), ("zuid", "44021"))
    assert set(r.memberships_broken) == {("noord", "44084"), ("los", "73109")}
    # culture ties: E1–EV kept, E1–AA and EV–AA broken: 1 of 3
    assert r.tie(CULTURE_TIE).kept == 1
    aalter = next(m for m in r.groups[1].members if m.refnis == "44084")
    assert aalter.today == ("noord",) and aalter.kept is False


def test_json_round_trip_and_dutch_errors():
    s = merged()
    assert Scenario.from_json(s.to_json(), known=AREAS) == s
    data = s.to_json()
    data["groepen"][1]["leden"] = ["73109", "99999"]
    with pytest.raises(ScenarioError, match="onbekende REFNIS-code 99999"):
        Scenario.from_json(data, known=AREAS)
    data["groepen"][1]["leden"] = ["44021"]
    with pytest.raises(ScenarioError, match="44021 staat in twee groepen"):
        Scenario.from_json(data, known=AREAS)
    data = s.to_json() | {"peildatum": "1 juni"}
    with pytest.raises(ScenarioError, match="'peildatum'"):
        Scenario.from_json(data)
    with pytest.raises(ScenarioError, match="Onbekende regels"):
        Scenario.from_json(s.to_json() | {"regels": "2099"})
    with pytest.raises(ScenarioError, match="soort"):
        Scenario.from_json(s.to_json() | {"soort": "fantasie"})
    with pytest.raises(ScenarioError, match="Groep 1, veld 'leden'"):
        Scenario.from_json(s.to_json() | {"groepen": [{"naam": "x", "leden": []}]})
    with pytest.raises(ScenarioError):
        Scenario.from_json(["geen", "object"])


def test_move_needs_a_neighbour_in_the_target_group():
    # Lochristi borders Evergem (noord): allowed
    s = move(TODAY, "44087", 0, ADJ)
    assert s.kind == "aangepast" and s.groups[0].members == ("43005", "44019", "44084", "44087")
    # Nazareth-De Pinte borders only Lochristi and Merelbeke-Melle: not Cultuur Zuid (Gent)
    with pytest.raises(ScenarioError, match="grenst aan geen enkele gemeente van 'Cultuur Zuid'"):
        move(TODAY, "44086", 1, ADJ)
    # Gent moves to noord: Cultuur Zuid is left empty and disappears
    s2 = move(TODAY, "44021", 0, ADJ)
    assert [g.name for g in s2.groups] == ["Cultuur Noord", "Los Verband"]
    before, after = evaluate(TODAY, CTX, win_win=False), evaluate(s2, CTX, win_win=False)
    d = diff(before, after)
    assert [(c.name, c.before, c.after) for c in d.moved] == [
        ("Gent", "Cultuur Zuid", "Cultuur Noord")
    ]
    # noord: 100.000 → 0,90 × 360.000 = 324.000; zuid (243.000) disappears
    changes = {v.name: v for v in d.verdicts}
    assert changes["Cultuur Noord"].subsidy_after == RATE * 360_000
    assert changes["Cultuur Zuid"].after is None
    assert d.subsidy_before == MINIMUM + RATE * 270_000 and d.subsidy_after == RATE * 360_000
    assert d.sentences[0] == "Gent: van Cultuur Zuid naar Cultuur Noord."


def test_win_win_oracle_agrees_with_the_exact_check(monkeypatch):
    import samenspel.scenarios.evaluate as ev

    groups = (
        Group("N+Z", NOORD + ("44021",)),  # per inhabitant: win-win
        Group("Oost", ("44087", "44086", "44088")),  # crosses into Vlaamse Ardennen
    )
    s = Scenario("t", "nieuw", ON, "2027", groups)
    for key in ("inwoners", "gelijk"):
        exact = evaluate(s, CTX, key)
        monkeypatch.setattr(ev, "EXACT_MAX_MEMBERS", 0)
        oracle = evaluate(s, CTX, key)
        monkeypatch.undo()
        for a, b in zip(exact.groups, oracle.groups, strict=True):
            assert a.win_win_method == WIN_WIN_EXACT and b.win_win_method == WIN_WIN_ORACLE
            assert a.win_win == b.win_win is not None
            assert a.contributions == b.contributions
    # Equal shares of 243.000 € = 60.750 € each. The cost model is calibrated so that
    # K(N) = 243.000 + 324.000 = 567.000 = 25.000 + a · 360.000^0,8 (360.000^0,8 ≈ 27.899), so
    # a ≈ 542.000 / 27.899 ≈ 19,43. Noord alone (90.000 inhabitants, its own subsidy of
    # 100.000) would cost 25.000 + 19,43 · 90.000^0,8 (≈ 9.188) − 100.000 ≈ 103.500, but pays
    # 3 × 60.750 = 182.250 under equal shares: not win-win, and both checks say so.
    assert evaluate(s, CTX, "gelijk").groups[0].win_win is False
    assert evaluate(s, CTX, "inwoners").groups[0].win_win is True


def test_unknown_codes_are_refused_on_evaluation():
    s = Scenario("t", "nieuw", ON, "2027", (Group("x", ("12345",)),))
    with pytest.raises(ScenarioError, match="12345"):
        evaluate(s, CTX)


CODES = sorted(AREAS)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(CODES), min_size=1, max_size=8, unique=True),
    st.lists(st.tuples(st.sampled_from(CODES), st.integers(0, 3)), max_size=6),
)
def test_every_municipality_is_in_at_most_one_group(first, moves):
    # start from today plus a group of ``first`` taken out of their groups, then move around
    groups = [Group(g.name, tuple(c for c in g.members if c not in first)) for g in TODAY.groups]
    groups = [g for g in groups if g.members] + [Group("Nieuw", tuple(first))]
    s = Scenario("p", "nieuw", ON, "2027", tuple(groups))
    for code, k in moves:
        if k < len(s.groups):
            try:
                s = move(s, code, k, ADJ)
            except ScenarioError:
                pass
    r = evaluate(s, CTX, win_win=False)
    seen = [m.refnis for g in r.groups for m in g.members]
    assert len(seen) == len(set(seen))
    assert set(seen) | set(r.uncovered) == set(AREAS)
    assert r.population_covered == sum(g.population for g in r.groups)
    assert Scenario.from_json(s.to_json(), known=AREAS) == s


def test_group_names_are_unique_and_a_single_municipality_pays_all():
    with pytest.raises(ScenarioError, match="Twee groepen heten 'x'"):
        Scenario("t", "nieuw", ON, "2027", (Group("x", ("44021",)), Group("x", ("73109",))))
    r = evaluate(TODAY, CTX)
    zuid = r.groups[1]
    # Gent alone: 0,90 × 270.000 = 243.000 subsidy; it pays the whole 75 %: 182.250
    assert zuid.contributions == {"44021": RATIO * RATE * 270_000}
    assert zuid.centrumstad_share == 1.0 and zuid.win_win is None
    assert zuid.win_win_note.startswith("niet van toepassing: Gent is de enige gemeente")
    assert zuid.notes == (
        "Deze groep is Gent alleen: er is geen samenwerking met andere gemeenten.",
    )


def test_win_win_checks_stop_at_the_shared_deadline():
    from samenspel.funding.games import WEB_LIMITS

    # a deadline that has passed before the first group: no check runs, each group says why;
    # the contributions are still there (the key alone)
    r = evaluate(TODAY, CTX, limits=WEB_LIMITS.within(1e-9))
    noord = r.groups[0]
    assert noord.win_win is None
    assert noord.win_win_note.startswith("niet berekend: de tijd voor alle berekeningen samen")
    assert noord.contributions["44084"] == Decimal("25000.00")
