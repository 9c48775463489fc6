"""The pure computations of the Monitor's IGS and municipality pages, worked by hand.

No database: the Atlas is a small stand-in with the attributes the module reads.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from samenspel.monitor.catalogue import ACTIVITIES, CONTRIBUTION
from samenspel.monitor.comparison import compare, municipality_row, returns


class FakeAtlas:
    def __init__(self, municipalities, adjacency=None, population=None):
        self.municipalities = {
            code: SimpleNamespace(name=name, region_code=region, is_centrumstad=centrum)
            for code, (name, region, centrum) in municipalities.items()
        }
        self.regions = {
            r: SimpleNamespace(name=f"Regio {r}") for _n, r, _c in municipalities.values()
        }
        self.adjacency = adjacency or {}
        self._population = population or {}

    def population(self, refnis: str, on: date) -> int:
        return self._population.get(refnis, 0)


def test_returns_of_two_partners_per_inhabitant_and_per_euro():
    atlas = FakeAtlas(
        {"44021": ("Gent", "R", True), "44088": ("Merelbeke-Melle", "R", False)},
        population={"44021": 270_000, "44088": 42_000},
    )
    figs = {
        CONTRIBUTION: {"44021": Decimal("27000"), "44088": Decimal("3000")},
        ACTIVITIES: {"44021": Decimal("300"), "44088": Decimal("12")},
    }
    rows, whole = returns(atlas, ["44088", "44021"], 2024, figs)
    gent, mm = rows  # sorted by name
    assert (gent.name, mm.name) == ("Gent", "Merelbeke-Melle")
    # per 1.000 inhabitants: 300 × 1.000 / 270.000 = 1,111; 12 × 1.000 / 42.000 = 0,286
    assert gent.per_1000 == pytest.approx(1.1111, abs=1e-4)
    assert mm.per_1000 == pytest.approx(0.2857, abs=1e-4)
    # per euro: 300 / 27.000 = 0,0111; 12 / 3.000 = 0,004 (per 1.000 €: 11,11 and 4)
    assert gent.per_euro == pytest.approx(0.01111, abs=1e-5)
    assert mm.per_euro == pytest.approx(0.004)
    assert mm.per_1000_eur == pytest.approx(4.0)
    # reachable: all 300 + 12 = 312 activities; per euro 312 / 3.000 = 0,104 for Merelbeke-Melle
    assert gent.reachable == mm.reachable == 312
    assert mm.reachable_per_euro == pytest.approx(0.104)
    # no speeldagen figures: not known, never 0
    assert gent.event_days is None and gent.days_per_1000 is None
    # the IGS as a whole: 312 × 1.000 / 312.000 inhabitants = 1,0; 312 / 30.000 € = 0,0104
    assert (whole.inhabitants, whole.contribution, whole.activities) == (312_000, 30_000, 312)
    assert whole.per_1000 == pytest.approx(1.0)
    assert whole.per_euro == pytest.approx(0.0104)


def _two_partners_atlas():
    # Aa and Bb are the partners (region R1), Cc borders Aa (R1), Dd is a centrumstad (R2)
    atlas = FakeAtlas(
        {
            "1": ("Aa", "R1", False),
            "2": ("Bb", "R1", False),
            "3": ("Cc", "R1", False),
            "4": ("Dd", "R2", True),
        },
        adjacency={"1": {"3"}, "3": {"1"}},
    )
    values = {
        "1": SimpleNamespace(value=Decimal("2"), parts=[]),
        # a merged municipality: one value per former municipality, never combined
        "2": SimpleNamespace(
            value=None, parts=[("21", "Oud1", Decimal("4")), ("22", "Oud2", Decimal("6"))]
        ),
        "3": SimpleNamespace(value=Decimal("10"), parts=[]),
        "4": SimpleNamespace(value=Decimal("1"), parts=[]),
    }
    return atlas, values


def test_compare_mean_rows_count_each_former_municipality_once():
    atlas, values = _two_partners_atlas()
    cmp = compare(atlas, ["2", "1"], values, [])
    by_label = {r.label: r for r in cmp.rows}
    # IGS: (2 + 4 + 6) / 3 = 4,0 over 3 areas
    igs = by_label["Gemiddelde van de partners (IGS)"]
    assert (igs.value, igs.areas) == (4.0, 3)
    # referentieregio R1: Aa 2, Oud1 4, Oud2 6, Cc 10 → 22 / 4 = 5,5
    region = by_label["Gemiddelde referentieregio Regio R1"]
    assert (region.value, region.areas) == (5.5, 4)
    # centrumsteden: Dd only → 1,0; Flanders: (2 + 4 + 6 + 10 + 1) / 5 = 4,6
    assert by_label["Gemiddelde centrumsteden"].value == 1.0
    assert by_label["Gemiddelde Vlaanderen"].value == pytest.approx(4.6)
    # the neighbours: Cc (borders Aa, not a partner) → 10,0
    assert cmp.neighbours == ["3"]
    assert by_label["Gemiddelde buurgemeenten"].value == 10.0
    # differences: Aa 2 − 4 = −2 and 2 − 5,5 = −3,5; Oud2 6 − 4 = 2 and 6 − 5,5 = 0,5
    aa = by_label["Aa"]
    assert (aa.kind, aa.diff_igs, aa.diff_region) == ("partner", -2.0, -3.5)
    oud2 = by_label["Bb: deel Oud2 (22, vóór 2025)"]
    assert (oud2.kind, oud2.diff_igs, oud2.diff_region) == ("deel", 2.0, 0.5)


def test_municipality_row_means_beside_one_municipality():
    atlas, values = _two_partners_atlas()
    row = municipality_row(atlas, "3", ["1", "2"], "X", "Iets", "%", 2023, values, "Fam")
    # Cc's own value 10; its region R1: (2 + 4 + 6 + 10) / 4 = 5,5; centrumsteden 1,0;
    # Flanders 23 / 5 = 4,6; its neighbour Aa: 2,0; the partners Aa and Bb: (2 + 4 + 6) / 3 = 4,0
    assert (row.own, row.parts, row.region, row.centra) == (10.0, [], 5.5, 1.0)
    assert row.flanders == pytest.approx(4.6)
    assert (row.neighbours, row.igs) == (2.0, 4.0)
