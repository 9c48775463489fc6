"""Existing cooperation ties: pairs of neighbours in the same structure on a date."""

from __future__ import annotations

from datetime import date

from samenspel.scenarios.maxp import maxp
from samenspel.scenarios.ties import neighbour_ties, read_ties

# a-b-c-d on a path; x is nobody's neighbour
ADJ = {"a": {"b"}, "b": {"a", "c"}, "c": {"b", "d"}, "d": {"c"}, "x": set()}
CODES = set(ADJ)


def test_only_neighbours_in_the_same_structure_are_tied():
    # {a, b, d, x}: only a-b are neighbours (b-d and a-d are not, x has none)
    ties = neighbour_ties([["a", "b", "d", "x"], ["c", "d"]], "IOED", ADJ, CODES)
    assert ties == [("a", "b", "IOED"), ("c", "d", "IOED")]


def test_read_ties_by_date_with_a_warning_for_a_bad_row(tmp_path):
    header = "structure_type,structure_name,member_name,refnis_2025,valid_from,valid_to\n"
    (tmp_path / "ioed.csv").write_text(
        header
        + "IOED,Oost,A,a,2020-01-01,\n"
        + "IOED,Oost,B,b,2020-01-01,2022-12-31\n"  # ended before the date
        + "IOED,Oost,C,c,,\n"
        + "IOED,West,D,d,1 januari,\n"
        + "IOED,Noord,C,c,2021,2021-06\n"  # from 1/1/2021 to 30/6/2021
        + "IOED,Noord,D,d,2021-06,\n",  # from 1/6/2021
        encoding="utf-8",
    )
    ties, warnings = read_ties(tmp_path, date(2024, 1, 1), ADJ, CODES)
    assert ties == []  # a and c are no neighbours; b left in 2022
    assert warnings == ["ioed.csv, regel 5, veld 'valid_from/valid_to': geen datum"]
    ties, _ = read_ties(tmp_path, date(2021, 6, 1), ADJ, CODES)
    assert ties == [("a", "b", "IOED"), ("b", "c", "IOED"), ("c", "d", "IOED")]
    ties, _ = read_ties(tmp_path, date(2021, 7, 1), ADJ, CODES)  # c left Noord end of June
    assert ties == [("a", "b", "IOED"), ("b", "c", "IOED")]


def test_weight_per_kind_zero_only_reports():
    # cycle of equal areas, floor 2: {a,b}{c,d} or {a,d}{b,c}. The IOED tie a-d weighs 1 and
    # decides; the erfgoedcel tie a-b weighs 0, is only reported (and broken).
    areas = {k: {"bevolking": 1} for k in "abcd"}
    pairs = [("a", "b"), ("b", "c"), ("c", "d"), ("d", "a")]
    ties = [("a", "d", "IOED"), ("a", "b", "erfgoedcel")]
    r = maxp(areas, pairs, floor_attribute="bevolking", floor=2, ties=ties,
             tie_weight={"IOED": 1.0, "erfgoedcel": 0.0})  # fmt: skip
    assert {frozenset(x.members) for x in r.regions} == {frozenset("ad"), frozenset("bc")}
    assert r.ties_kept == {"IOED": (1, 1), "erfgoedcel": (0, 1)}
