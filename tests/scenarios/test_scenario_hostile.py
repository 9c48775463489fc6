"""Hostile input on the scenario pages (review r3), on the synthetic bundle
(tests/fixtures/bundle.py).

The fuzzing of every route (odd and huge values, repeated parameters, other users' objects)
found no 500 and no slow request; the tests here keep the problems it did find fixed.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from samenspel.scenarios.web import decode

PLAN = {"maak": "maxp", "regio": "regio-gent", "drempel": "53.000"}


@pytest.mark.parametrize(
    "peildatum, message",
    [
        ("2026-13-45", "2026-13-45&#x27; is geen geldige datum"),
        ("99999999999999999999", "is geen geldige datum"),
        # a real date outside the period the data covers: the page clamps it and says so
        ("1800-01-01", "01/01/1800 valt daarbuiten"),
    ],
)
def test_a_plan_is_not_made_silently_for_another_date_than_asked(
    loaded, client, peildatum, message
):
    # Before: the plan was made for today (or the clamped date) and its link carried that
    # date without a word, so the user believed he saw the figures of the date he typed.
    r = client.get("/scenarios/", {**PLAN, "peildatum": peildatum})
    assert r.status_code == 400
    html = r.content.decode()
    assert "Het scenario kan niet gemaakt worden" in html
    assert message in html


def test_a_nul_in_the_date_is_refused_before_the_page_reads_it(loaded, client):
    r = client.get("/scenarios/", {**PLAN, "peildatum": "\x00"})
    assert r.status_code == 400  # config.middleware.NulByteMiddleware (PostgreSQL has no NUL)
    assert "Wat in het veld &#x27;peildatum&#x27; staat, bevat een nul-teken" in r.content.decode()


def test_a_readable_date_inside_the_period_still_makes_the_plan_for_that_date(loaded, client):
    r = client.get("/scenarios/", {**PLAN, "peildatum": "2025-06-30"})
    assert r.status_code == 302
    scenario, _info = decode(parse_qs(urlparse(r["Location"]).query)["s"][0])
    assert scenario.on.isoformat() == "2025-06-30"
