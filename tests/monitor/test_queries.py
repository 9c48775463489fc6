"""The Monitor pages check who may write per partner (monitor.change_item): the number of
database queries must not grow with the number of partners, nor with the number of people who
entered the values. On the synthetic bundle: Cultuur Noord has three partners on 1 January
2024 (Aalter, Eeklo, Evergem), Cultuur Zuid two (Gent, Merelbeke-Melle). On the real bundle
Zuidwest (13 partners) made 8 queries for the manual entry page and 21 for its Monitor page
(measured by hand with CaptureQueriesContext, 2 December 2026)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samenspel.monitor.loading import ensure_catalogue
from tests.people import user_with

pytestmark = pytest.mark.django_db

PARTNERS = {"noord": ["44084", "43005", "44019"], "zuid": ["44021", "44088"]}


def entered_by_each_partner(client, slug: str) -> None:
    """Every partner's value of ACT_AANTAL 2024 typed in by a medewerker of that partner."""
    for i, refnis in enumerate(PARTNERS[slug]):
        client.force_login(user_with(f"mw{refnis}", ("medewerker", refnis)))
        r = client.post(
            f"/monitor/invoer/?indicator=ACT_AANTAL&igs={slug}&jaar=2024",
            {f"refnis_{refnis}": str(10 + i)},
        )
        assert r.status_code == 302


def queries(client, url: str) -> int:
    client.get(url)  # warm the once-per-process caches (the Atlas, the map's topology)
    with CaptureQueriesContext(connection) as q:
        r = client.get(url)
    assert r.status_code == 200, url
    return len(q)


@pytest.mark.parametrize("role", ["igs_coordinator", "medewerker"])
def test_the_number_of_queries_does_not_grow_with_the_partners(client, loaded, role):
    ensure_catalogue()
    counts = {}
    for slug in PARTNERS:
        entered_by_each_partner(client, slug)
        place = slug if role == "igs_coordinator" else PARTNERS[slug][0]
        client.force_login(user_with(f"{role}-{slug}", (role, place)))
        counts[slug] = (
            queries(client, f"/monitor/invoer/?indicator=ACT_AANTAL&igs={slug}&jaar=2024"),
            queries(client, f"/monitor/igs/{slug}/?jaar=2024&indicator=ACT_AANTAL"),
            queries(client, f"/monitor/igs/{slug}/eigen/"),
        )
    # three partners (three authors) cost what two cost
    assert counts["noord"] == counts["zuid"]
    entry, igs_page, own_page = counts["noord"]
    assert entry <= 10 and igs_page <= 25 and own_page <= 10, counts
