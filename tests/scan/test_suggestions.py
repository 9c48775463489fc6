"""Suggestions per dimension: present for every dimension and flag, grounded in the research."""

import pytest

from samenspel.network.themes import THEME_LABELS
from samenspel.scan import stats
from samenspel.scan.items import DIMENSIONS
from samenspel.scan.suggestions import (
    GROUNDS,
    KIND_DECLINED,
    KIND_DIVERGING,
    KIND_LOW,
    KINDS,
    SUGGESTIONS,
    practice_themes,
    suggestions_for,
)


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_every_dimension_has_two_to_four_suggestions_per_kind(dimension):
    for kind in (KIND_LOW, KIND_DIVERGING):
        found = suggestions_for(dimension, kind)
        assert 2 <= len(found) <= 4, (dimension, kind)
        assert all(s.dimension == dimension and s.kind == kind for s in found)


def test_every_suggestion_follows_a_named_recommendation_or_finding():
    for s in SUGGESTIONS:
        assert s.ground in GROUNDS, s.text
        assert s.ground_text.startswith(GROUNDS[s.ground].source)
        assert s.text.endswith((".", "?")) and len(s.text) <= 240
    texts = [s.text for s in SUGGESTIONS]
    assert len(texts) == len(set(texts))
    # The research's recommendations for centrumsteden and neighbours are all used.
    assert {"verdeelsleutel", "impact", "gelijkwaardigheid", "netwerk", "engagement"} <= {
        s.ground for s in SUGGESTIONS
    }


def test_equality_gets_a_rotating_chair_and_a_visible_key():
    texts = " ".join(s.text for s in suggestions_for("gelijkwaardigheid", KIND_LOW))
    assert "roterend voorzitterschap" in texts
    assert "verdeelsleutel" in texts


def test_a_decline_gets_the_suggestions_for_a_low_score():
    assert suggestions_for("werklast", KIND_DECLINED) == suggestions_for("werklast", KIND_LOW)


def test_the_flags_of_stats_are_the_kinds_of_suggestions():
    assert {stats.FLAG_LOW, stats.FLAG_DIVERGING, stats.FLAG_DECLINED} == set(KINDS)


def test_unknown_dimension_or_kind_is_refused():
    with pytest.raises(KeyError):
        suggestions_for("verdeelsleutel", KIND_LOW)
    with pytest.raises(ValueError, match="Onbekende soort"):
        suggestions_for("vertrouwen", "slecht")
    with pytest.raises(KeyError):
        practice_themes("onbekend")


def test_practice_themes_start_with_the_dimension_itself():
    for d in DIMENSIONS:
        themes = practice_themes(d)
        assert themes[0] == d
        assert all(t in THEME_LABELS for t in themes)
    assert practice_themes("gelijkwaardigheid") == ["gelijkwaardigheid", "verdeelsleutel"]
