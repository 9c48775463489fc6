"""The questionnaire of the Samenwerkingsscan: complete, traceable to factor and finding, stable."""

import re
from collections import Counter
from pathlib import Path

import pytest

from samenspel.network.themes import SCAN_DIMENSIONS, THEME_LABELS
from samenspel.scan import items as q


def test_the_dimensions_are_the_shared_themes_in_order():
    assert q.DIMENSIONS == SCAN_DIMENSIONS
    assert len(q.DIMENSIONS) == 11
    assert q.DIMENSION_LABELS["gelijkwaardigheid"] == THEME_LABELS["gelijkwaardigheid"]


def test_codes_are_unique_stable_and_items_are_grouped_per_dimension():
    codes = [it.code for it in q.ITEMS]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Z]{2}\d", c) for c in codes)
    # One prefix per dimension, so a code says where it belongs.
    prefixes = {it.dimension: set() for it in q.ITEMS}
    for it in q.ITEMS:
        prefixes[it.dimension].add(it.code[:2])
    assert all(len(p) == 1 for p in prefixes.values())
    assert len({next(iter(p)) for p in prefixes.values()}) == 11
    # ITEMS runs through the dimensions in the scan's order.
    order = [it.dimension for it in q.ITEMS]
    assert sorted(order, key=q.DIMENSIONS.index) == order


def test_each_dimension_has_three_or_four_statements():
    counts = Counter(it.dimension for it in q.ITEMS)
    assert set(counts) == set(q.DIMENSIONS)
    assert all(3 <= n <= 4 for n in counts.values()), counts
    assert [it.code for it in q.items_for("vertrouwen")] == ["VT1", "VT2", "VT3", "VT4"]


def test_every_item_names_one_of_the_20_factors_and_a_finding_of_the_research():
    sections = {q.SECTION_ROL, q.SECTION_HEFBOMEN, q.SECTION_UITDAGINGEN, q.SECTION_AANBEVELINGEN}
    for it in q.ITEMS:
        assert it.factor in q.FACTOR_LABELS, it.code
        assert it.section in sections, it.code
        assert len(it.finding) > 20, it.code
        assert it.text.endswith((".", "?")) and len(it.text) <= 200, it.code
    # The instrument covers all 20 factors at least once.
    assert {it.factor for it in q.ITEMS} == {f.code for f in q.FACTORS}


def test_the_factor_list_is_the_2nd_edition_with_its_six_categories():
    assert len(q.FACTORS) == 20
    per_category = Counter(f.category for f in q.FACTORS)
    # Mattessich, Murray-Close & Monsey (2001): 3 environment, 4 membership, 6 process and
    # structure, 2 communication, 3 purpose, 2 resources.
    assert per_category == {
        "Environment": 3,
        "Membership characteristics": 4,
        "Process and structure": 6,
        "Communication": 2,
        "Purpose": 3,
        "Resources": 2,
    }
    assert q.factor("trust").name == "Mutual respect, understanding, and trust"
    assert "22 factors" in q.FACTORS_REFERENCE and "2001" in q.FACTORS_REFERENCE
    assert all(f.label and f.label != f.name for f in q.FACTORS)


def test_reverse_keyed_items_exist_where_agreeing_is_bad_and_score_six_minus_x():
    reverse = {it.code for it in q.ITEMS if it.reverse}
    assert {"WL1", "GW1", "NB1", "PG3"} <= reverse
    assert 6 <= len(reverse) <= len(q.ITEMS) // 2
    assert q.scored(q.item("WL1"), 2) == 4  # 6 - 2
    assert q.scored(q.item("WL1"), 5) == 1
    assert q.scored(q.item("WL2"), 2) == 2
    with pytest.raises(ValueError, match="tussen 1 en 5"):
        q.scored(q.item("WL2"), 0)


def test_lookups_fail_loudly_on_unknown_codes():
    with pytest.raises(KeyError):
        q.item("XX9")
    with pytest.raises(KeyError):
        q.items_for("verdeelsleutel")  # a practice theme, not a scan dimension


def test_open_questions_scale_and_roles():
    assert 3 <= len(q.OPEN_QUESTIONS) <= 4
    codes = [o.code for o in q.OPEN_QUESTIONS]
    assert len(set(codes)) == len(codes) and not set(codes) & set(q.ITEM_CODES)
    assert all(o.max_length <= 2000 and o.text.endswith("?") for o in q.OPEN_QUESTIONS)
    assert [v for v, _ in q.SCALE] == [1, 2, 3, 4, 5]
    assert q.SCALE_LABELS[1] == "helemaal oneens" and q.SCALE_LABELS[5] == "helemaal eens"
    kinds = {code: kind for code, _, kind in q.ROLES_FOR_SCAN}
    assert kinds["schepen"] == "politiek"
    assert kinds["ambtenaar"] == "ambtelijk" and kinds["igs"] == "ambtelijk"
    assert q.role_kind("andere") == "andere"
    assert set(kinds.values()) == {k for k, _ in q.ROLE_KINDS}


def test_the_documentation_lists_every_item_with_its_factor():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "samenwerkingsscan.md").read_text()
    for it in q.ITEMS:
        row = f"| {it.code} | {it.text} |"
        assert row in doc, it.code
        line = doc[doc.index(row) :].splitlines()[0]
        assert q.factor(it.factor).name in line and it.finding in line, it.code
    for o in q.OPEN_QUESTIONS:
        assert o.text in doc
