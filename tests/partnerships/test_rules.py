"""Eligibility per decree period: hand-computed on the synthetic bundle and on plain facts."""

from collections import Counter
from datetime import date

import pytest

from samenspel.atlas.services import get_atlas
from samenspel.partnerships.rules import RULES_2020, RULES_2027, PartnershipFacts, evaluate

ON = date(2026, 11, 28)


@pytest.fixture
def atlas(loaded):
    return get_atlas()


def test_noord_2027(atlas):
    e = atlas.eligibility("noord", ON, "2027")
    # 20.000 + 40.000 + 30.000 = 90.000 ≥ 85.000 (Lochristi partly: not counted)
    assert e.population == 90_000
    assert e.eligible
    assert e.contiguous
    # 0,90 × 90.000 = 81.000 < minimum 100.000; cofinancing 75 % = 75.000
    assert e.subsidy_eur == 100_000
    assert e.min_cofinancing_eur == 75_000
    assert (
        "telt 90.000 inwoners (minstens 85.000) (zonder Lochristi, dat maar gedeeltelijk "
        "lid is)" in e.reasons
    )


def test_zuid_crosses_a_referentieregio(atlas):
    e = atlas.eligibility("zuid", ON, "2027")
    assert not e.eligible and not e.transition_eligible
    assert "ligt in twee referentieregio's: Regio Gent (1), Vlaamse Ardennen (1)" in e.reasons
    # It does not qualify: no subsidy. If it did: Gent 270.000 × 0,90 = 243.000; 75 % = 182.250
    assert e.subsidy_eur == 0 and e.min_cofinancing_eur == 0
    assert e.potential_subsidy_eur == 243_000
    assert e.potential_cofinancing_eur == 182_250


def test_los_is_not_contiguous_because_of_voeren(atlas):
    e = atlas.eligibility("los", ON, "2020")
    assert not e.eligible and not e.contiguous
    assert "telt 2 gemeenten, 2 te weinig (minstens 4)" in e.reasons
    assert any(
        r.startswith(
            "de gemeenten vormen geen aaneengesloten gebied maar twee losse "
            "delen; Voeren heeft geen Vlaamse buurgemeente"
        )
        for r in e.reasons
    )
    assert e.subsidy_eur == 0  # it does not qualify
    assert e.potential_subsidy_eur == 100_000  # 2020–2026: a ceiling of 100.000 €


def facts(**kw):
    base = dict(
        slug="x",
        name="X",
        member_count=4,
        population=56_081,
        regions=Counter({"Westhoek": 4}),
        components=[["a", "b", "c", "d"]],
    )
    base.update(kw)
    return PartnershipFacts(**base)


def test_viertoren_numbers_from_the_issue():
    e = evaluate(RULES_2027, facts())
    # 85.000 − 56.081 = 28.919
    assert "telt 56.081 inwoners, 28.919 te weinig" in e.reasons
    assert not e.eligible
    assert e.transition_eligible  # 4 neighbouring municipalities, one region
    assert e.subsidy_eur == 100_000


def test_transition_needs_four_municipalities():
    e = evaluate(RULES_2027, facts(member_count=3))
    assert not e.eligible and e.transition_eligible is False


def test_transition_does_not_repair_a_region_border():
    e = evaluate(RULES_2027, facts(regions=Counter({"Westhoek": 3, "Midwest": 1})))
    assert e.transition_eligible is False


def test_cofinancing_with_a_budget():
    # 120.000 inhabitants: 108.000 € subsidy; 75 % = 81.000 €; the municipalities pay 80.000 €
    e = evaluate(RULES_2027, facts(population=120_000, municipal_budget=80_000))
    assert e.potential_subsidy_eur == 108_000
    assert not e.eligible and e.subsidy_eur == 0
    assert "de gemeenten brengen 80.000,00 € in, 1.000,00 € te weinig" in e.reasons
    ok = evaluate(RULES_2027, facts(population=120_000, municipal_budget=81_000))
    assert ok.eligible


def test_2020_needs_matching_at_least_the_subsidy():
    e = evaluate(RULES_2020, facts(municipal_budget=99_999.99))
    assert not e.eligible
    assert "de gemeenten brengen 99.999,99 € in, 0,01 € te weinig" in e.reasons
