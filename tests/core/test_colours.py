"""Tests for the IGS map colours (pure: runs with ``-p no:django``)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from samenspel.core.colours import (
    MIN_DIFFERENCE,
    NOT_COVERED,
    PALETTE,
    assign_colours,
    contrast_ratio,
    delta_e_2000,
    igs_adjacency,
    min_neighbour_difference,
    relative_luminance,
    srgb_to_lab,
)

DATA = Path("/work/shared/data")


def wheel(n: int) -> dict[str, set[str]]:
    """A hub bordering a ring of n IGS (an odd ring plus hub needs 4 colours)."""
    rim = [f"r{i}" for i in range(n)]
    adj = {r: {rim[(i - 1) % n], rim[(i + 1) % n], "hub"} for i, r in enumerate(rim)}
    adj["hub"] = set(rim)
    return adj


def assert_proper(adj, colours):
    for a, others in adj.items():
        for b in others:
            assert colours[a] != colours[b], (a, b)


def test_bordering_igs_get_different_colours():
    adj = wheel(5)
    colours = assign_colours(adj)
    assert set(colours) == set(adj)
    assert_proper(adj, colours)


# Sharma, Wu & Dalal (2005), "The CIEDE2000 color-difference formula: implementation notes,
# supplementary test data, and mathematical observations", Color Res. Appl. 30(1), table 1:
# (L1, a1, b1), (L2, a2, b2), ΔE00 as published (four decimals). The pairs cover the mean hue
# across 0°/360°, a zero chroma, the arctangent near a = 0 and large differences.
SHARMA_PAIRS = [
    ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
    ((50, 3.1571, -77.2803), (50, 0, -82.7485), 2.8615),
    ((50, 2.8361, -74.0200), (50, 0, -82.7485), 3.4412),
    ((50, -1.3802, -84.2814), (50, 0, -82.7485), 1.0000),
    ((50, -1.1848, -84.8006), (50, 0, -82.7485), 1.0000),
    ((50, -0.9009, -85.5211), (50, 0, -82.7485), 1.0000),
    ((50, 0, 0), (50, -1, 2), 2.3669),
    ((50, -1, 2), (50, 0, 0), 2.3669),
    ((50, 2.49, -0.001), (50, -2.49, 0.0009), 7.1792),
    ((50, 2.49, -0.001), (50, -2.49, 0.0010), 7.1792),
    ((50, 2.49, -0.001), (50, -2.49, 0.0011), 7.2195),
    ((50, 2.49, -0.001), (50, -2.49, 0.0012), 7.2195),
    ((50, -0.001, 2.49), (50, 0.0009, -2.49), 4.8045),
    ((50, -0.001, 2.49), (50, 0.0010, -2.49), 4.8045),
    ((50, -0.001, 2.49), (50, 0.0011, -2.49), 4.7461),
    ((50, 2.5, 0), (50, 0, -2.5), 4.3065),
    ((50, 2.5, 0), (73, 25, -18), 27.1492),
    ((50, 2.5, 0), (61, -5, 29), 22.8977),
    ((50, 2.5, 0), (56, -27, -3), 31.9030),
    ((50, 2.5, 0), (58, 24, 15), 19.4535),
    ((50, 2.5, 0), (50, 3.1736, 0.5854), 1.0000),
    ((50, 2.5, 0), (50, 3.2972, 0), 1.0000),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((63.0109, -31.0961, -5.8663), (62.8187, -29.7946, -4.0864), 1.2630),
    ((61.2901, 3.7196, -5.3901), (61.4292, 2.2480, -4.9620), 1.8731),
    ((35.0831, -44.1164, 3.7933), (35.0232, -40.0716, 1.5901), 1.8645),
    ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
    ((36.4612, 47.8580, 18.3852), (36.2715, 50.5065, 21.2231), 1.4146),
    ((90.8027, -2.0831, 1.4410), (91.1528, -1.6435, 0.0447), 1.4441),
    ((90.9257, -0.5406, -0.9208), (88.6381, -0.8985, -0.7239), 1.5381),
    ((6.7747, -0.2908, -2.4247), (5.8714, -0.0985, -2.2286), 0.6377),
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
]


@pytest.mark.parametrize(("lab1", "lab2", "expected"), SHARMA_PAIRS)
def test_ciede2000_matches_the_published_test_pairs(lab1, lab2, expected):
    assert delta_e_2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)
    # the formula is symmetric
    assert delta_e_2000(lab2, lab1) == pytest.approx(expected, abs=1e-4)


def test_srgb_to_lab_reference_values():
    # D65 white is L* 100, a* = b* = 0; pure sRGB red is (53.24, 80.09, 67.20) (CIE 15:2004
    # with the sRGB matrix of IEC 61966-2-1); a grey has a* = b* = 0.
    assert srgb_to_lab("#FFFFFF") == pytest.approx((100, 0, 0), abs=1e-3)
    assert srgb_to_lab("#000000") == pytest.approx((0, 0, 0), abs=1e-9)
    assert srgb_to_lab("#FF0000") == pytest.approx((53.24, 80.09, 67.20), abs=0.01)
    l_grey, a_grey, b_grey = srgb_to_lab("#808080")
    assert (a_grey, b_grey) == pytest.approx((0, 0), abs=1e-3)
    with pytest.raises(ValueError, match="Ongeldige kleur"):
        srgb_to_lab("blue")


def test_two_blues_that_differ_never_border_each_other():
    # Palette: light blue #77AADD, sky blue #56B4E9, orange #EE8866. ΔE00 by the formula:
    # light blue–sky blue 6.62 (the de Merode/Stuifzand pair), light blue–orange 41.41,
    # sky blue–orange 46.96. Path a – b – c: b borders both. "Different colours" alone
    # would allow a = light blue, b = sky blue (ΔE00 6.62). Here every bordering pair must
    # pair a blue with orange (a and c may share a colour: they do not border each other),
    # so the smallest difference is at least 41.41.
    light, sky, orange = "#77AADD", "#56B4E9", "#EE8866"
    path = {"a": {"b"}, "b": {"c"}}
    colours = assign_colours(path, palette=[light, sky, orange])
    assert {colours["a"], colours["b"]} != {light, sky}
    assert {colours["b"], colours["c"]} != {light, sky}
    assert orange in (colours["b"], colours["a"])
    assert min_neighbour_difference(path, colours) >= 41.41


def test_synthetic_wheel_reaches_the_threshold_with_the_default_palette():
    # a hub bordering a ring of 7: the hub and an odd ring need 4 colours; the 12 colours of
    # the palette leave room for every bordering pair to differ by ΔE00 ≥ 20
    adj = wheel(7)
    colours = assign_colours(adj)
    assert_proper(adj, colours)
    assert min_neighbour_difference(adj, colours) >= MIN_DIFFERENCE


def test_colours_spread_over_the_palette():
    # 12 IGS that border nobody: each gets its own colour before any repeats
    adj = {f"igs{i:02d}": set() for i in range(12)}
    assert sorted(assign_colours(adj).values()) == sorted(PALETTE)


def test_deterministic_regardless_of_dict_order():
    adj = wheel(6)
    shuffled = {k: set(sorted(adj[k], reverse=True)) for k in sorted(adj, reverse=True)}
    assert assign_colours(adj) == assign_colours(shuffled)


def test_adjacency_is_made_symmetric():
    colours = assign_colours({"a": {"b"}}, palette=["#111111", "#222222"])
    assert colours == {"a": "#111111", "b": "#222222"}


def test_too_small_palette_shares_as_little_as_possible():
    triangle = {"a": {"b", "c"}, "b": {"a", "c"}, "c": {"a", "b"}}
    colours = assign_colours(triangle, palette=["#aaaaaa", "#bbbbbb"])
    clashes = [(a, b) for a in triangle for b in triangle[a] if a < b and colours[a] == colours[b]]
    assert len(clashes) == 1
    assert set(colours.values()) == {"#AAAAAA", "#BBBBBB"}


def test_a_large_grid_reaches_the_cap_and_spreads_over_the_palette():
    # 100 IGS in a 10 × 10 grid, each bordering the ones left, right, above and below. A grid
    # is bipartite: two colours far apart would do, so the search reaches its cap: the largest
    # ΔE00 between two palette colours that is not above ENOUGH (35) is 34.86 (the pairwise
    # differences around it are 33.21, 34.69, 34.86 | 35.08, 35.35). Within that bound the IGS
    # still spread over all 12 colours. (Before forward checking this took minutes.)
    def key(r, c):
        return f"{r:02d}{c:02d}"

    grid = {
        key(r, c): {
            key(r + dr, c + dc)
            for dr, dc in ((0, 1), (1, 0), (0, -1), (-1, 0))
            if 0 <= r + dr < 10 and 0 <= c + dc < 10
        }
        for r in range(10)
        for c in range(10)
    }
    colours = assign_colours(grid)
    assert_proper(grid, colours)
    assert min_neighbour_difference(grid, colours) >= 34.86
    assert len(set(colours.values())) == 12


def test_bad_palette_is_refused_in_dutch():
    with pytest.raises(ValueError, match="leeg"):
        assign_colours({"a": set()}, palette=[])
    with pytest.raises(ValueError, match="Ongeldige kleur"):
        assign_colours({"a": set()}, palette=["red"])
    with pytest.raises(ValueError, match="twee keer"):
        assign_colours({"a": set()}, palette=["#FFFFFF", "#ffffff"])


def test_palette_is_large_distinct_and_readable_with_dark_text():
    assert len(PALETTE) >= 10
    assert len({c.upper() for c in PALETTE}) == len(PALETTE)
    for c in PALETTE:
        # dark labels on a fill: WCAG AA for normal text
        assert contrast_ratio(c, "#1A1A1A") >= 4.5, c
        # the dark municipality border (#333333) stands out as a graphical object
        assert contrast_ratio(c, "#333333") >= 3, c
        # not so pale that it vanishes against the white page or the grey "niet gedekt"
        assert contrast_ratio(c, "#FFFFFF") >= 1.3, c
        # and clearly another colour than the grey "niet gedekt" (the closest, pale cyan
        # #99DDFF, is ΔE00 18.6 from #EBEBEB)
        assert delta_e_2000(srgb_to_lab(c), srgb_to_lab(NOT_COVERED)) >= 15, c


def test_wcag_contrast_reference_values():
    assert relative_luminance("#000000") == 0
    assert relative_luminance("#FFFFFF") == pytest.approx(1)
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21)
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)


def test_igs_adjacency_from_members_and_neighbours():
    members = {"x": ["1", "2"], "y": ["3"], "z": ["5"], "w": ["2", "6"]}
    neighbours = {"1": ["2"], "2": ["1", "3"], "3": ["2", "4"], "4": ["3"], "5": [], "6": []}
    adj = igs_adjacency(members, neighbours)
    assert adj == {"x": {"y", "w"}, "y": {"x", "w"}, "z": set(), "w": {"x", "y"}}


def test_igs_adjacency_with_one_municipality_between():
    members = {"x": ["1"], "y": ["3"]}
    neighbours = {"1": ["2"], "2": ["1", "3"], "3": ["2"]}
    assert igs_adjacency(members, neighbours) == {"x": set(), "y": set()}
    assert igs_adjacency(members, neighbours, steps=2) == {"x": {"y"}, "y": {"x"}}
    with pytest.raises(ValueError):
        igs_adjacency(members, neighbours, steps=0)


@pytest.mark.skipif(
    not (DATA / "cultuur/igs-leden-2020-2025.csv").exists()
    or not (DATA / "flanders/adjacency-2025.csv").exists(),
    reason="data bundle not available",
)
def test_real_igs_get_a_proper_colouring():
    members: dict[str, set[str]] = {}
    with (DATA / "cultuur/igs-leden-2020-2025.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            members.setdefault(row["igs_id"], set()).add(row["refnis_2025"])
    neighbours: dict[str, set[str]] = {}
    with (DATA / "flanders/adjacency-2025.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            neighbours.setdefault(row["refnis_a"], set()).add(row["refnis_b"])
            neighbours.setdefault(row["refnis_b"], set()).add(row["refnis_a"])
    adj = igs_adjacency(members, neighbours, steps=2)
    colours = assign_colours(adj)  # as the Atlas does (services.Atlas.colours)
    assert len(colours) == len(members)
    assert_proper(adj, colours)
    # IGS that share a border differ by ΔE00 ≥ 20, and so do IGS with one municipality between
    bordering = igs_adjacency(members, neighbours, steps=1)
    assert min_neighbour_difference(bordering, colours) >= MIN_DIFFERENCE
    assert min_neighbour_difference(adj, colours) >= MIN_DIFFERENCE
    # the field test's pair: de Merode and Stuifzand were light blue and sky blue (ΔE00 6.6)
    merode, stuifzand = colours["cultuurregio-de-merode"], colours["stuifzand"]
    assert delta_e_2000(srgb_to_lab(merode), srgb_to_lab(stuifzand)) >= MIN_DIFFERENCE


@pytest.mark.skipif(
    not (DATA / "cultuur/referentieregios-2025.csv").exists()
    or not (DATA / "flanders/adjacency-2025.csv").exists(),
    reason="data bundle not available",
)
def test_real_referentieregios_are_clearly_distinct_and_spread():
    region: dict[str, str] = {}
    with (DATA / "cultuur/referentieregios-2025.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            region[row["refnis"]] = row["referentieregio"]
    graph: dict[str, set[str]] = {r: set() for r in region.values()}
    with (DATA / "flanders/adjacency-2025.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            a, b = region[row["refnis_a"]], region[row["refnis_b"]]
            if a != b:
                graph[a].add(b)
    colours = assign_colours(graph)  # as the map of the referentieregio list does
    assert len(colours) == 15
    assert min_neighbour_difference(graph, colours) >= MIN_DIFFERENCE
    # capped at ΔE00 35 the 15 regions use most of the palette (11 of 12), not the 6 colours
    # that pushing the difference to its maximum (45) would leave
    assert len(set(colours.values())) >= 10
