"""Tests for the IGS map colours (pure: runs with ``-p no:django``)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from samenspel.core.colours import (
    PALETTE,
    assign_colours,
    contrast_ratio,
    igs_adjacency,
    relative_luminance,
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


def test_largest_degree_first_gets_the_first_colour():
    colours = assign_colours(wheel(7))
    assert colours["hub"] == PALETTE[0]


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
    colours = assign_colours(adj)
    assert len(colours) == len(members)
    assert_proper(adj, colours)
