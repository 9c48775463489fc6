"""The rules follow their sources (issue: field test of the Atlas and the Verdeelsleutel, §1).

Worked by hand on plain facts: a group's population, referentieregio's and connected parts.
"""

import ast
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from samenspel.partnerships.rules import (
    CONTIGUITY_2027,
    RULES_2020,
    RULES_2027,
    PartnershipFacts,
    evaluate,
    rule_set,
)

SRC = Path(__file__).resolve().parents[2] / "src" / "samenspel"


def facts(**kw):
    base = dict(
        slug="x",
        name="X",
        member_count=5,
        population=120_000,
        regions=Counter({"Regio Gent": 5}),
        components=[["a", "b", "c"], ["d", "e"]],  # two separate pieces
    )
    base.update(kw)
    return PartnershipFacts(**base)


def test_a_non_contiguous_area_qualifies_under_the_2027_rules_as_the_sources_state_them():
    e = evaluate(RULES_2027, facts())
    assert e.eligible
    # 0,90 € × 120.000 = 108.000 € (above the minimum of 100.000 €); 75 % = 81.000 €
    assert e.subsidy_eur == Decimal("108000.00")
    assert e.min_cofinancing_eur == Decimal("81000.00")
    advice = [x for x in e.findings if x.rule == "aaneengesloten"]
    assert len(advice) == 1 and advice[0].advisory and advice[0].ok is False
    assert e.advice == [
        "advies: de gemeenten vormen geen aaneengesloten gebied maar twee losse delen "
        "(geen voorwaarde vanaf 2027)"
    ]
    assert "Lezing volgens de bronnen" in e.reading


def test_the_stricter_reading_is_a_named_assumption_the_user_switches_on():
    strict = rule_set("2027", contiguous=True)
    assert strict.requires_contiguity and not RULES_2027.requires_contiguity
    assert CONTIGUITY_2027.code in strict.assumptions
    e = evaluate(strict, facts())
    assert not e.eligible
    assert e.subsidy_eur == 0
    assert e.potential_subsidy_eur == Decimal("108000.00")
    assert "Strengere lezing (aanname, geen bron)" in e.reading
    assert "de gemeenten vormen geen aaneengesloten gebied maar twee losse delen" in e.reasons


def test_the_2020_rules_keep_contiguity_as_a_condition():
    e = evaluate(RULES_2020, facts())
    assert not e.eligible
    assert e.subsidy_eur == 0


def test_the_transition_rule_keeps_its_adjacency_condition():
    # 60.000 inhabitants, 5 municipalities, one region: only the threshold fails.
    together = evaluate(RULES_2027, facts(population=60_000, components=[["a", "b", "c", "d"]]))
    assert not together.eligible and together.transition_eligible
    # 0,90 × 60.000 = 54.000 < 100.000: the minimum applies.
    assert together.subsidy_eur == Decimal("100000.00")
    apart = evaluate(RULES_2027, facts(population=60_000))
    assert not apart.eligible and not apart.transition_eligible
    assert apart.subsidy_eur == 0
    assert apart.potential_subsidy_eur == Decimal("100000.00")
    assert any("grenzen niet allemaal aan elkaar" in r for r in apart.reasons)


def test_an_empty_group_meets_no_rule():
    empty = facts(member_count=0, population=0, regions=Counter(), components=[])
    for rules in (RULES_2020, RULES_2027):
        e = evaluate(rules, empty)
        assert not e.eligible and not e.transition_eligible
        assert e.subsidy_eur == 0 and e.potential_subsidy_eur == 0
        assert all(x.ok is not True for x in e.findings)
        assert e.verdict == "opgeheven"


def test_a_group_that_does_not_qualify_gets_no_subsidy_figure():
    e = evaluate(RULES_2027, facts(regions=Counter({"Regio Gent": 3, "Leiestreek": 2})))
    assert not e.eligible
    assert e.subsidy_eur == 0 and e.min_cofinancing_eur == 0
    assert e.potential_subsidy_eur == Decimal("108000.00")


def test_one_rounding_rule_for_the_subsidy_and_its_reason():
    # ECRU in the field test: 248.921 inhabitants. 0,90 × 248.921 = 224.028,90 €;
    # 75 % = 168.021,675 €, half up to 168.021,68 € (float round gave 168.021,67 €).
    e = evaluate(RULES_2027, facts(population=248_921, components=[["a"]]))
    assert e.min_cofinancing_eur == Decimal("168021.68")
    assert any("168.021,68 €" in r for r in e.reasons)


def test_the_2020_period_was_extended_to_the_end_of_2026():
    from datetime import date

    from samenspel.core.facts import RECOGNITION_2020

    assert RULES_2020.period == (date(2020, 1, 1), date(2026, 12, 31))
    assert RECOGNITION_2020 == (date(2020, 1, 1), date(2026, 12, 31))
    assert RULES_2027.period[0] == date(2027, 1, 1)


def test_unknown_rules_are_refused_in_dutch():
    with pytest.raises(ValueError, match="Onbekende regels '2031'. Kies uit: 2020, 2027"):
        rule_set("2031")


# The inhabitant threshold as a number, and the amounts as strings (Decimal("0.90")); bare
# floats such as 0.9 or a count of 100_000 are too common (a progress fraction, a search limit)
# to be told apart from a rule; page texts and messages ("100.000 €") are checked as text.
RULE_NUMBERS = {85_000, "0.90", "0.9", "0.75", "100000", "85000"}
RULE_TEXTS = re.compile(r"(?<![\d.,])(85\.000|0,90?|100\.000|75 ?%)(?![\d.,])")


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                ids.add(id(body[0].value))
    return ids


def rule_figures_outside_rules() -> list[str]:
    offenders = []
    for path in sorted(SRC.rglob("*")):
        if path.name == "rules.py" or "migrations" in path.parts:
            continue
        where = path.relative_to(SRC)
        if path.suffix == ".html":
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if RULE_TEXTS.search(line):
                    offenders.append(f"{where}:{n}: {line.strip()}")
        elif path.suffix == ".py":
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docs = _docstrings(tree)
            for node in ast.walk(tree):
                if not isinstance(node, ast.Constant) or id(node) in docs:
                    continue
                v = node.value
                if isinstance(v, int) and not isinstance(v, bool) and v in RULE_NUMBERS:
                    offenders.append(f"{where}:{node.lineno}: {v!r}")
                elif isinstance(v, str) and v.strip() in RULE_NUMBERS:
                    offenders.append(f"{where}:{node.lineno}: {v!r}")
                elif isinstance(v, str) and RULE_TEXTS.search(v):
                    offenders.append(f"{where}:{node.lineno}: {v!r}")
    return offenders


def test_every_figure_of_a_rule_is_written_once():
    """The 2027 figures (85.000 inhabitants, 0,90 €, 100.000 €, 75 %) live in rules.py; code
    and page texts derive them from the rule set (docstrings may quote the sources)."""
    assert rule_figures_outside_rules() == []
