"""Coverage at a reference date, on the synthetic bundle (tests/fixtures/bundle.py).

Populations (1 January 2026): Eeklo 20.000, Evergem 40.000, Lochristi 25.000, Aalter 30.000,
Gent 270.000, Merelbeke-Melle 42.000, Nazareth-De Pinte 28.000, Voeren 5.000; total 460.000.
The 2020 figures are 1.000 lower each.
"""

from datetime import date

import pytest

from samenspel.atlas.services import get_atlas
from samenspel.partnerships.coverage import Member, Place, compute_coverage


@pytest.fixture
def atlas(loaded):
    return get_atlas()


def test_coverage_late_2026(atlas):
    cov = atlas.coverage(date(2026, 11, 28))
    status = {c: m.status for c, m in cov.municipalities.items()}
    assert status == {
        "43005": "volledig",
        "44019": "volledig",
        "44084": "volledig",
        "44021": "volledig",
        "73109": "volledig",
        "44087": "gedeeltelijk",  # only Wachtebeke was a member, old Lochristi was not
        "44088": "gedeeltelijk",  # Merelbeke left on 2024-12-31, Melle stayed
        "44086": "geen",
    }
    assert cov.municipalities["44087"].covered_parts == ["Wachtebeke"]
    assert cov.municipalities["44088"].covered_parts == ["Melle"]
    assert cov.municipalities_covered == 5
    assert cov.municipalities_partly_covered == 2
    assert cov.municipalities_not_covered == 1
    # 20.000 + 40.000 + 30.000 + 270.000 + 5.000
    assert cov.population_covered == 365_000
    # Lochristi 25.000 + Merelbeke-Melle 42.000: counted apart, never as covered
    assert cov.population_partly_covered == 67_000
    assert cov.population_not_covered == 28_000
    assert cov.population_total == 460_000
    assert cov.centrumsteden_in_igs == ["44021"]
    noord = cov.partnerships["noord"]
    assert noord.members == ["43005", "44019", "44084"]
    assert noord.members_partly == ["44087"]
    assert noord.population == 90_000 and noord.population_partly == 25_000
    gent = cov.regions["Regio Gent"]
    assert (
        gent.municipalities_total,
        gent.municipalities_covered,
        gent.municipalities_partly_covered,
    ) == (6, 4, 1)
    assert gent.population_covered == 360_000  # Eeklo, Evergem, Aalter, Gent


def test_coverage_before_the_mergers(atlas):
    # On 2024-06-01 Merelbeke was still a member: Merelbeke-Melle fully covered.
    # The closest population figure to that date is 1/1/2026 (579 days) not 1/1/2020.
    cov = atlas.coverage(date(2024, 6, 1))
    assert cov.municipalities["44088"].status == "volledig"
    assert cov.municipalities_covered == 6
    assert cov.population_covered == 407_000  # 365.000 + 42.000


def test_coverage_in_2020_uses_2020_population(atlas):
    # 'los' starts in 2021: Voeren not covered. Populations 1/1/2020 (1.000 lower each).
    cov = atlas.coverage(date(2020, 6, 1))
    assert cov.municipalities["73109"].status == "geen"
    # Eeklo 19.000 + Evergem 39.000 + Aalter 29.000 + Gent 269.000 + Merelbeke-Melle 41.000
    assert cov.population_covered == 397_000
    assert cov.population_partly_covered == 24_000
    assert cov.population_total == 452_000


def test_borsbeek_case_makes_antwerpen_no_member():
    """Borsbeek (11007) was in Zuidrand until 2024-12-31 and then became part of Antwerpen."""
    antwerpen = Place(
        "11002",
        "Antwerpen",
        565_615,
        "Regio Antwerpen",
        True,
        (("11002", "Antwerpen"), ("11007", "Borsbeek")),
    )
    borsbeek = Member(
        "zuidrand", "11007", "Borsbeek", "11002", date(2020, 1, 1), date(2024, 12, 31)
    )
    before = compute_coverage({"11002": antwerpen}, [borsbeek], date(2024, 12, 31))
    after = compute_coverage({"11002": antwerpen}, [borsbeek], date(2025, 1, 1))
    assert before.municipalities["11002"].status == "gedeeltelijk"
    assert before.municipalities["11002"].covered_parts == ["Borsbeek"]
    # the city itself never joined: Antwerpen is not a participating centrumstad
    assert before.centrumsteden_in_igs == []
    assert after.municipalities["11002"].status == "geen"
    assert after.population_partly_covered == 0


def test_membership_of_a_merged_municipality_after_2025_covers_it_whole():
    hasselt = Place(
        "71072", "Hasselt", 90_000, "Limburg", True, (("71022", "Hasselt"), ("73040", "Kortessem"))
    )
    joins = Member("x", "71072", "Hasselt", "71072", date(2027, 1, 1))
    cov = compute_coverage({"71072": hasselt}, [joins], date(2027, 6, 1))
    assert cov.municipalities["71072"].status == "volledig"
    assert cov.centrumsteden_in_igs == ["71072"]
    # only the Kortessem part before the merger would not make Hasselt take part
    kortessem = Member("x", "73040", "Kortessem", "71072", date(2020, 1, 1), date(2024, 12, 31))
    cov = compute_coverage({"71072": hasselt}, [kortessem], date(2022, 1, 1))
    assert cov.municipalities["71072"].status == "gedeeltelijk"
    assert cov.centrumsteden_in_igs == []


def test_real_bundle_figures_if_present(db, settings):
    """Against the real bundle: the DESIGN figures (142 municipalities in 2025, 4 centrumsteden).

    Skipped when ../shared/data is not there.
    """
    from samenspel.atlas.loading import load_bundle

    if not (settings.DATA_DIR / "flanders").is_dir():
        pytest.skip("geen echte databundel")
    load_bundle(settings.DATA_DIR)
    cov = get_atlas().coverage(date(2025, 6, 1))
    assert cov.municipalities_covered + cov.municipalities_partly_covered == 142
    assert [get_atlas().municipalities[c].name for c in cov.centrumsteden_in_igs] == [
        "Kortrijk",
        "Roeselare",
        "Sint-Niklaas",
        "Genk",
    ]
    assert {
        c: m.covered_parts for c, m in cov.municipalities.items() if m.status == "gedeeltelijk"
    } == {"44087": ["Wachtebeke"], "71071": ["Tessenderlo"]}
    assert cov.municipalities["11002"].status == "geen"
